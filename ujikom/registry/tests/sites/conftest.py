"""Fixtures of the test site (TUK) and assessor tests: an LSP with schemes, a Disnaker that owns a
TUK, officials of both and outsiders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ujikom.core.models import Organization, User
from ujikom.core.tokens import create_token
from ujikom.registry.models import Assessor, Scheme, TestSite


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def company(make_organization) -> Organization:
    return make_organization("PT Sinar Logam Presisi", Organization.Kind.COMPANY, code="pt-slp")


@pytest.fixture
def other_lsp(make_organization) -> Organization:
    return make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")


@pytest.fixture
def scheme(lsp) -> Scheme:
    return Scheme.objects.create(
        organization=lsp, code="SKM-PROG-01", name="Junior Web Programmer", kind="kkni"
    )


@pytest.fixture
def other_scheme(lsp) -> Scheme:
    return Scheme.objects.create(organization=lsp, code="SKM-LAS-02", name="Juru Las SMAW", kind="occupation")


@pytest.fixture
def foreign_scheme(other_lsp) -> Scheme:
    return Scheme.objects.create(organization=other_lsp, code="SKM-X", name="Skema LSP lain", kind="kkni")


@pytest.fixture
def disnaker_admin(make_user, disnaker) -> User:
    return make_user("admin_disnaker", roles=[(disnaker, "org_admin")], full_name="Admin Disnaker")


@pytest.fixture
def disnaker_tekops(make_user, disnaker) -> User:
    """Sees master data (registry.view) but changes nothing."""
    return make_user("tekops", roles=[(disnaker, "technical_ops")], full_name="Agus Tekops")


@pytest.fixture
def disnaker_candidate(make_user, disnaker) -> User:
    return make_user("peserta", roles=[(disnaker, "candidate")], full_name="Putri Peserta")


@pytest.fixture
def lsp_admin(make_user, lsp) -> User:
    return make_user("admin_lsp", roles=[(lsp, "org_admin")], full_name="Admin LSP")


@pytest.fixture
def company_admin(make_user, company) -> User:
    return make_user("hrd", roles=[(company, "org_admin")], full_name="Lina HRD")


@pytest.fixture
def site_head(make_user, disnaker) -> User:
    return make_user("kepala_tuk", roles=[(disnaker, "site_head")], full_name="Hendra Kepala TUK")


@pytest.fixture
def make_site(disnaker) -> Callable[..., TestSite]:
    counter = iter(range(1, 1000))

    def make(owner: Organization | None = None, **fields: Any) -> TestSite:
        number = next(counter)
        values: dict[str, Any] = {
            "code": f"TUK-{number:02d}",
            "name": f"TUK Nomor {number}",
            "kind": TestSite.Kind.TEMPORARY,
            "address": "Jl. Perintis Kemerdekaan No. 1",
            "capacity": 20,
        }
        values.update(fields)
        return TestSite.objects.create(owner=owner or disnaker, **values)

    return make


@pytest.fixture
def make_assessor(lsp, make_user, today) -> Callable[..., Assessor]:
    counter = iter(range(1, 1000))

    def make(person: User | None = None, schemes: tuple[Scheme, ...] = (), **fields: Any) -> Assessor:
        number = next(counter)
        values: dict[str, Any] = {
            "lsp": lsp,
            "registration_number": f"MET.000.{number:06d}.2018",
            "registration_expires_on": today + dt.timedelta(days=365),
            "appointment_number": "KEP.01/LSP/2026",
            "appointment_starts_on": today - dt.timedelta(days=30),
            "appointment_ends_on": today + dt.timedelta(days=700),
        }
        values.update(fields)
        user = person or make_user(f"asesor{number}", full_name=f"Asesor Nomor {number}")
        assessor = Assessor.objects.create(user=user, **values)
        assessor.schemes.set(schemes)
        return assessor

    return make


class ApiClient:
    def __init__(self, token: str) -> None:
        self.client = Client(headers={"Authorization": f"Bearer {token}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post("/api/v1" + path, body, content_type="application/json")

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch("/api/v1" + path, body, content_type="application/json")


@pytest.fixture
def api_for() -> Callable[[User], ApiClient]:
    def make(user: User) -> ApiClient:
        _token, secret = create_token(user=user, name="tes")
        return ApiClient(secret)

    return make
