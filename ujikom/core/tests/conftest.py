"""Fixtures of the core app's tests: the Disnaker administrator, officials, a stranger."""

from __future__ import annotations

import pytest

from ujikom.core.models import Organization, User


@pytest.fixture
def org_admin(make_user, disnaker: Organization) -> User:
    return make_user("admin.disnaker", roles=[(disnaker, "org_admin")], full_name="Dewi Admin Disnaker")


@pytest.fixture
def official(make_user, disnaker: Organization) -> User:
    """A member who may view the organization but not manage it or its people (Kepala Seksi)."""
    return make_user("kasi", roles=[(disnaker, "kasi")], full_name="Kasi Sertifikasi")


@pytest.fixture
def candidate(make_user, disnaker: Organization) -> User:
    """A member with no permission at all."""
    return make_user("peserta", roles=[(disnaker, "candidate")], full_name="Putri Peserta")


@pytest.fixture
def stranger(make_user, lsp: Organization) -> User:
    """The administrator of another organization."""
    return make_user("admin.lsp", roles=[(lsp, "org_admin")], full_name="Admin LSP")
