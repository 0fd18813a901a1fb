"""Fixtures of the productivity API tests: those of the productivity app (Disnaker with the
PSM/DISNAKER-08 revision in force, its Kasi, field officer, Kadis, a Kasi of another office, a company
and an opened case), the numbering of cases and closing reports, and token clients that also PUT."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ujikom.core.models import User
from ujikom.core.numbering import create_pattern
from ujikom.core.tokens import create_token
from ujikom.productivity.tests.conftest import *  # noqa: F403

from ..conftest import ApiClient


class Api(ApiClient):
    def put(self, path: str, body: Any) -> Any:
        return self._send("put", path, body)


@pytest.fixture
def api_as() -> Callable[[User], Api]:
    def make(user: User) -> Api:
        _token, secret = create_token(user=user, name="tes")
        return Api(secret)

    return make


@pytest.fixture
def nobody() -> Api:
    """A call without a token."""
    return Api(None)


@pytest.fixture
def numbering(disnaker, system_admin) -> None:
    """Disnaker numbers its cases and closing reports."""
    create_pattern(
        organization=disnaker,
        document_type="guidance_case",
        pattern="{seq:03}/BTP/{year}",
        actor=system_admin,
    )
    create_pattern(
        organization=disnaker,
        document_type="productivity_report",
        pattern="560/{seq:03}/LAP-BTP/{year}",
        actor=system_admin,
    )
