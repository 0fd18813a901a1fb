"""Fixtures of the target, plan and test event tests: an LSP with a scheme, its numbering patterns and
SOP in force, a Disnaker that owns a TUK Mandiri and facilitates, the LSP's Direktur and Ketua LSP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.registry.models import FundingSource, Scheme, TestSite
from ujikom.scheduling.models import TestEvent
from ujikom.scheduling.services_events import LineInput, create_event, create_plan, create_target
from ujikom.sop.library import load_seed_sops

PATTERNS = {
    "memo": "{seq:03}/ND/LSP-STMI/{year}",
    "terms_of_reference": "{seq:03}/TOR/LSP-STMI/{year}",
    "budget_plan": "{seq:03}/RAB/LSP-STMI/{year}",
    "schedule_decree": "{seq:03}/SK-JADWAL/LSP-STMI/{month_roman}/{year}",
}


@pytest.fixture
def year() -> int:
    return timezone.localdate().year + 1


@pytest.fixture
def numbering(lsp) -> None:
    for code, pattern in PATTERNS.items():
        NumberingPattern.objects.create(
            organization=lsp, document_type=DocumentType.objects.get(code=code), pattern=pattern
        )


@pytest.fixture
def scheme(lsp) -> Scheme:
    return Scheme.objects.create(organization=lsp, code="SKM-OKM", name="Operator Komputer Muda", kind="kkni")


@pytest.fixture
def funding() -> FundingSource:
    return FundingSource.objects.create(code="APBD-T", name="APBD Kota Tangerang", kind="apbd")


@pytest.fixture
def site(disnaker, lsp) -> TestSite:
    return TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-DSN",
        name="TUK Mandiri Disnaker",
        kind=TestSite.Kind.INDEPENDENT,
        address="Jl. Satria Sudirman No. 1, Tangerang",
        capacity=20,
        verified_until=timezone.localdate() + dt.timedelta(days=365),
    )


@pytest.fixture
def director(make_user, lsp) -> User:
    return make_user("direktur", roles=[(lsp, "director")], full_name="Dr. Direktur STMI")


@pytest.fixture
def chair(make_user, lsp) -> User:
    return make_user("ketua", roles=[(lsp, "lsp_chair")], full_name="Ketua LSP STMI")


@pytest.fixture
def no_role(make_user, lsp) -> User:
    """A member of the LSP without any scheduling permission."""
    return make_user("asesi", roles=[(lsp, "candidate")])


@pytest.fixture
def outsider(make_user, make_organization) -> User:
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    return make_user("orang_lain", roles=[(other, "lsp_chair")])


@pytest.fixture
def seed_sops(system_admin, lsp, disnaker) -> None:
    load_seed_sops(
        system_admin,
        organizations={
            "1.3.3/BPSDMI/STMI/SOP/VI/2020": lsp,
            "PSM/DISNAKER-10": disnaker,
            "PSM/DISNAKER-08": disnaker,
        },
    )


@pytest.fixture
def event_values(scheme, site, disnaker, funding, year) -> dict:
    return {
        "title": "Uji Kompetensi Operator Komputer Muda",
        "scheme": scheme,
        "site": site,
        "facilitator": disnaker,
        "funding": funding,
        "registration_opens_on": dt.date(year, 3, 2),
        "registration_closes_on": dt.date(year, 3, 20),
        "starts_on": dt.date(year, 3, 23),
        "ends_on": dt.date(year, 3, 24),
        "quota": 20,
        "bnsp_schedule_code": "JDW-2027-0001",
    }


@pytest.fixture
def event(lsp, chair, event_values) -> TestEvent:
    return create_event(lsp=lsp, actor=chair, **event_values)


@pytest.fixture
def target(lsp, chair, scheme, funding, year):
    return create_target(
        organization=lsp, year=year, scheme=scheme, funding=funding, quantity=40, actor=chair
    )


@pytest.fixture
def plan(lsp, chair, target, year):
    return create_plan(
        organization=lsp,
        year=year,
        title="Rencana Uji Kompetensi 2027",
        background="Target lulusan bersertifikat.",
        targets=[target],
        budget_lines=[
            LineInput("Honor asesor", Decimal("4"), "OH", Decimal("250000")),
            LineInput("Konsumsi peserta", Decimal("20"), "paket", Decimal("37500")),
        ],
        actor=chair,
    )
