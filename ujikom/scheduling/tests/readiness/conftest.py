"""Fixtures of the readiness tests (PSM/DISNAKER-10 steps 1–4): an LSP's event at Disnaker's TUK,
facilitated by Disnaker with its SOP in force, accepted candidates, and the people of each step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.registry.models import Scheme, TestSite
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.scheduling.sop_binding import start_event_runs
from ujikom.sop.library import load_seed_sops


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def numbering(disnaker) -> None:
    for code, pattern in [
        ("report", "560/{seq:03}/LAP-Disnaker/{year}"),
        ("letter", "560/{seq:03}-Disnaker/{year}"),
    ]:
        NumberingPattern.objects.create(
            organization=disnaker, document_type=DocumentType.objects.get(code=code), pattern=pattern
        )


@pytest.fixture
def scheme(lsp) -> Scheme:
    return Scheme.objects.create(organization=lsp, code="SKM-OKM", name="Operator Komputer Muda", kind="kkni")


@pytest.fixture
def site(disnaker, lsp, today) -> TestSite:
    return TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-DSN",
        name="TUK Mandiri Disnaker",
        kind=TestSite.Kind.INDEPENDENT,
        address="Jl. Satria Sudirman No. 1, Tangerang",
        capacity=20,
        verified_until=today + dt.timedelta(days=365),
    )


@pytest.fixture
def event(lsp, disnaker, scheme, site, today) -> TestEvent:
    starts = today + dt.timedelta(days=10)
    return TestEvent.objects.create(
        lsp=lsp,
        facilitator=disnaker,
        scheme=scheme,
        site=site,
        title="Uji Kompetensi Operator Komputer Muda Angkatan I",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=1),
        registration_opens_on=today - dt.timedelta(days=10),
        registration_closes_on=today,
        quota=20,
        bnsp_schedule_code="JDW-0001",
    )


@pytest.fixture
def make_registration(event) -> Callable[..., Registration]:
    counter = iter(range(1, 1000))

    def make(candidate: User | None = None, **fields: object) -> Registration:
        number = next(counter)
        values: dict[str, object] = {
            "event": event,
            "nik": f"36710{number:011d}",
            "full_name": f"Peserta Nomor {number}",
            "phone": f"0812-3456-{number:04d}",
            "email": f"peserta{number}@example.id",
            "status": Registration.Status.ACCEPTED,
            "candidate": candidate,
        }
        values.update(fields)
        return Registration.objects.create(**values)

    return make


@pytest.fixture
def candidate_user(make_user, disnaker) -> User:
    return make_user("budi", roles=[(disnaker, "candidate")], full_name="Budi Santoso")


@pytest.fixture
def registrations(make_registration, candidate_user) -> list[Registration]:
    return [
        make_registration(candidate=candidate_user, full_name="Budi Santoso"),
        make_registration(full_name="Siti Aminah"),
    ]


@pytest.fixture
def admin_staff(make_user, disnaker) -> User:
    return make_user("adm", roles=[(disnaker, "admin_staff")], full_name="Rina Administrasi")


@pytest.fixture
def tekops(make_user, disnaker) -> User:
    return make_user("tekops", roles=[(disnaker, "technical_ops")], full_name="Agus Teknis")


@pytest.fixture
def site_head(make_user, disnaker) -> User:
    return make_user("kepala.tuk", roles=[(disnaker, "site_head")], full_name="Hendra Kepala TUK")


@pytest.fixture
def no_role(make_user, disnaker) -> User:
    """A member of Disnaker without any scheduling permission."""
    return make_user("anggota", roles=[(disnaker, "candidate")], full_name="Anggota Biasa")


@pytest.fixture
def outsider(make_user, make_organization) -> User:
    other = make_organization("Dinas Lain", Organization.Kind.AGENCY, code="dinas-lain")
    return make_user("orang.lain", roles=[(other, "admin_staff")])


@pytest.fixture
def runs(system_admin, lsp, disnaker, event):
    load_seed_sops(
        system_admin,
        organizations={"1.3.3/BPSDMI/STMI/SOP/VI/2020": lsp, "PSM/DISNAKER-10": disnaker},
    )
    return start_event_runs(event=event, actor=system_admin)


@pytest.fixture
def disnaker_run(runs, disnaker):
    return next(run for run in runs if run.organization_id == disnaker.pk)
