"""Fixtures for the scheme and funding-source tests: two LSPs, their officials, a scheme."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ujikom.core.models import Organization, User
from ujikom.core.tokens import create_token
from ujikom.registry.models import Scheme
from ujikom.registry.services_schemes import create_scheme

JWD_UNITS = [
    {"code": "J.620100.004.02", "title": "Menggunakan Struktur Data", "elements": []},
    {"code": "J.620100.017.02", "title": "Mengimplementasikan Pemrograman Terstruktur", "elements": []},
]


@pytest.fixture
def other_lsp(make_organization) -> Organization:
    return make_organization("LSP Teknologi Digital", Organization.Kind.LSP, code="lsp-tekdig")


@pytest.fixture
def lsp_chair(make_user, lsp) -> User:
    return make_user("ketua_lsp", roles=[(lsp, "lsp_chair")], full_name="Ketua LSP")


@pytest.fixture
def lsp_assessor(make_user, lsp) -> User:
    """A member of the LSP without registry permissions."""
    return make_user("asesor_lsp", roles=[(lsp, "assessor")], full_name="Asesor LSP")


@pytest.fixture
def other_chair(make_user, other_lsp) -> User:
    return make_user("ketua_lain", roles=[(other_lsp, "lsp_chair")], full_name="Ketua LSP Lain")


@pytest.fixture
def disnaker_kasi(make_user, disnaker) -> User:
    return make_user("kasi_disnaker", roles=[(disnaker, "kasi")], full_name="Kasi Disnaker")


@pytest.fixture
def make_scheme(lsp, lsp_chair):
    def make(code: str = "SKM-JWD-01", organization: Organization | None = None, **fields: Any) -> Scheme:
        values: dict[str, Any] = {
            "name": "Junior Web Developer",
            "kind": Scheme.Kind.OCCUPATION,
            "units": JWD_UNITS,
        }
        values.update(fields)
        return create_scheme(organization=organization or lsp, actor=lsp_chair, code=code, **values)

    return make


@pytest.fixture
def scheme(make_scheme) -> Scheme:
    return make_scheme()


class ApiClient:
    """A JSON client for /api/v1/ calling with a personal token."""

    prefix = "/api/v1"

    def __init__(self, secret: str | None) -> None:
        self.client = Client(headers={"Authorization": f"Bearer {secret}"} if secret else {})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.prefix + path, params)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(self.prefix + path, body, content_type="application/json")

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(self.prefix + path, body, content_type="application/json")


@pytest.fixture
def api_for():
    def make(user: User) -> ApiClient:
        _token, secret = create_token(user=user, name="tes")
        return ApiClient(secret)

    return make


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient(None)
