"""API fixtures: clients that call with a personal token, and officials of two organizations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from ujikom.core.models import AuditEvent, Organization, RoleAssignment, Unit, User
from ujikom.core.services import create_unit
from ujikom.core.tokens import create_token


class ApiClient:
    """A JSON client for /api/v1/ that sends `Authorization: Bearer <token>`."""

    prefix = "/api/v1"

    def __init__(self, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = Client(headers=headers)

    def _send(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        call = getattr(self.client, method)
        if body is None:
            return call(self.prefix + path, **extra)
        return call(self.prefix + path, body, content_type="application/json", **extra)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.prefix + path, params)

    def post(self, path: str, body: Any = None) -> Any:
        return self._send("post", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Any:
        return self._send("patch", path, body)

    def delete(self, path: str) -> Any:
        return self._send("delete", path)


@pytest.fixture
def api_for() -> Callable[[User], ApiClient]:
    def make(user: User) -> ApiClient:
        _token, secret = create_token(user=user, name="tes")
        return ApiClient(secret)

    return make


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient(None)


@pytest.fixture
def disnaker_admin(make_user, disnaker) -> User:
    return make_user("admin_disnaker", roles=[(disnaker, "org_admin")], full_name="Admin Disnaker")


@pytest.fixture
def lsp_admin(make_user, lsp) -> User:
    return make_user("admin_lsp", roles=[(lsp, "org_admin")], full_name="Admin LSP")


@pytest.fixture
def disnaker_kasi(make_user, disnaker) -> User:
    """Sees the organization and its people (core.view_organization) but manages nothing."""
    return make_user("kasi_disnaker", roles=[(disnaker, "kasi")], full_name="Kasi Sertifikasi")


@pytest.fixture
def disnaker_candidate(make_user, disnaker) -> User:
    """A member of the organization without any core permission."""
    return make_user("peserta_disnaker", roles=[(disnaker, "candidate")], full_name="Calon Peserta")


@pytest.fixture
def disnaker_unit(disnaker, system_admin) -> Unit:
    return create_unit(organization=disnaker, actor=system_admin, name="Bidang Pelatihan Kerja")


@pytest.fixture
def lsp_unit(lsp, system_admin) -> Unit:
    return create_unit(organization=lsp, actor=system_admin, name="Bidang Sertifikasi")


@pytest.fixture
def written() -> Callable[[], dict[str, int]]:
    """Row counts of what the API writes, to show a refused call left nothing behind."""

    def counts() -> dict[str, int]:
        return {
            "organizations": Organization.objects.count(),
            "units": Unit.objects.count(),
            "people": User.objects.count(),
            "assignments": RoleAssignment.objects.count(),
            "audit_events": AuditEvent.objects.count(),
        }

    return counts
