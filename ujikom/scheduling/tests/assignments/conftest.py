"""Fixtures of site verification and assessor assignment: an LSP with a scheme and numbering
patterns, a Disnaker that owns the sites and facilitates the event, assessors, officials, outsiders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.registry.models import Assessor, Scheme, TestSite
from ujikom.scheduling.models import TestEvent


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def numbering(lsp) -> None:
    for code, pattern in [
        ("assignment_letter", "{seq:03}/ST/LSP-STMI/{month_roman}/{year}"),
        ("site_verification", "{seq:02}/VTUK/LSP-STMI/{month}/{year}"),
    ]:
        NumberingPattern.objects.create(
            organization=lsp, document_type=DocumentType.objects.get(code=code), pattern=pattern
        )


@pytest.fixture
def scheme(lsp) -> Scheme:
    return Scheme.objects.create(
        organization=lsp, code="SKM-OK-01", name="Operator Komputer Muda", kind="kkni"
    )


@pytest.fixture
def other_scheme(lsp) -> Scheme:
    return Scheme.objects.create(organization=lsp, code="SKM-LAS-02", name="Juru Las SMAW", kind="occupation")


@pytest.fixture
def other_lsp(make_organization) -> Organization:
    return make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")


@pytest.fixture
def make_site(disnaker, lsp) -> Callable[..., TestSite]:
    counter = iter(range(1, 1000))

    def make(**fields: Any) -> TestSite:
        number = next(counter)
        owner = fields.pop("owner", disnaker)
        values: dict[str, Any] = {
            "code": f"TUK-{number:02d}",
            "name": f"TUK Nomor {number}",
            "kind": TestSite.Kind.TEMPORARY,
            "address": "Jl. Perintis Kemerdekaan No. 1, Kota Tangerang",
            "capacity": 20,
            "lsp": lsp,
        }
        values.update(fields)
        return TestSite.objects.create(owner=owner, **values)

    return make


@pytest.fixture
def temporary_site(make_site) -> TestSite:
    return make_site(name="TUK Sewaktu BLK", kind=TestSite.Kind.TEMPORARY)


@pytest.fixture
def make_event(lsp, disnaker, scheme, temporary_site, today) -> Callable[..., TestEvent]:
    def make(**fields: Any) -> TestEvent:
        starts = fields.pop("starts_on", today + dt.timedelta(days=14))
        values: dict[str, Any] = {
            "lsp": lsp,
            "facilitator": disnaker,
            "scheme": scheme,
            "site": temporary_site,
            "title": "Uji Kompetensi Operator Komputer Muda Angkatan I",
            "starts_on": starts,
            "ends_on": starts,
            "registration_opens_on": today,
            "registration_closes_on": starts - dt.timedelta(days=3),
            "quota": 16,
            "max_candidates_per_assessor_per_day": 10,
        }
        values.update(fields)
        return TestEvent.objects.create(**values)

    return make


@pytest.fixture
def event(make_event) -> TestEvent:
    return make_event()


@pytest.fixture
def lsp_head(make_user, lsp) -> User:
    """Kabid Sertifikasi: manages scheduling in the LSP."""
    return make_user("kabid_sert", roles=[(lsp, "head_certification")], full_name="Dewi Kabid Sertifikasi")


@pytest.fixture
def disnaker_admin_staff(make_user, disnaker) -> User:
    """Sees the event (scheduling.view) as facilitator, manages nothing of the LSP's."""
    return make_user("adm_disnaker", roles=[(disnaker, "admin_staff")], full_name="Rina Administrasi")


@pytest.fixture
def disnaker_candidate(make_user, disnaker) -> User:
    """A member of the facilitator without any scheduling permission."""
    return make_user("peserta", roles=[(disnaker, "candidate")], full_name="Putri Peserta")


@pytest.fixture
def outsider(make_user, other_lsp) -> User:
    return make_user("orang_lain", roles=[(other_lsp, "org_admin")], full_name="Orang Lain")


@pytest.fixture
def make_assessor(lsp, make_user, today, scheme) -> Callable[..., Assessor]:
    counter = iter(range(1, 1000))

    def make(
        person: User | None = None, schemes: tuple[Scheme, ...] | None = None, **fields: Any
    ) -> Assessor:
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
        user = person or make_user(
            f"asesor{number}",
            roles=[(values["lsp"], "assessor")],
            full_name=f"Asesor Nomor {number}",
            phone="",
        )
        assessor = Assessor.objects.create(user=user, **values)
        assessor.schemes.set((scheme,) if schemes is None else schemes)
        return assessor

    return make


@pytest.fixture
def assessor(make_assessor) -> Assessor:
    return make_assessor()
