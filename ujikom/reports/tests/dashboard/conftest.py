"""Fixtures of the dashboard tests: Disnaker facilitating an LSP's events at its TUK, another agency
with its own LSP, TUK and event (never to be shown), upcoming events in every state of readiness,
results and certificates over the last months, SOP runs with open and overdue tasks, and the people
of each panel: a Kadis, a Ketua LSP, an assessor, a candidate."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from ujikom.assessment.models import Assessment
from ujikom.certificates.models import Certificate
from ujikom.core.models import Organization, User
from ujikom.registry.models import Assessor, Scheme, TestSite
from ujikom.scheduling.models import (
    AssessorAssignment,
    ReadinessForm,
    Registration,
    SiteVerification,
    TestEvent,
)
from ujikom.scheduling.sop_binding import start_event_runs
from ujikom.sop.library import load_seed_sops
from ujikom.sop.models import Task

NUMBERS = itertools.count(1)


def month_start(today: dt.date, back: int) -> dt.date:
    """The first day of the month `back` months before today's."""
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


@dataclass
class World:
    """What the tests created, to count from independently."""

    today: dt.date
    disnaker: Organization
    lsp: Organization
    other: Organization
    other_lsp: Organization
    scheme: Scheme
    site: TestSite  # Disnaker's TUK Mandiri, verified for a year
    temporary_site: TestSite  # Disnaker's TUK Sewaktu: verified per event
    other_site: TestSite
    events: dict[str, TestEvent] = field(default_factory=dict)
    assessors: list[Assessor] = field(default_factory=list)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def other_agency(make_organization) -> Organization:
    return make_organization("Dinas Ketenagakerjaan Kota Lain", Organization.Kind.AGENCY, code="dinas-lain")


@pytest.fixture
def other_lsp(make_organization) -> Organization:
    return make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")


@pytest.fixture
def kadis(make_user, disnaker) -> User:
    return make_user("kadis", roles=[(disnaker, "kadis")], full_name="Kepala Dinas")


@pytest.fixture
def ketua(make_user, lsp) -> User:
    return make_user("ketua.lsp", roles=[(lsp, "lsp_chair")], full_name="Ketua LSP")


@pytest.fixture
def assessor_user(make_user, lsp) -> User:
    return make_user("asesor", roles=[(lsp, "assessor")], full_name="Asesor Satu")


@pytest.fixture
def candidate(make_user, disnaker) -> User:
    return make_user("peserta", roles=[(disnaker, "candidate")], full_name="Putri Peserta")


def make_event(world: World, key: str, starts_in: int, **fields: object) -> TestEvent:
    starts = world.today + dt.timedelta(days=starts_in)
    values: dict[str, object] = {
        "lsp": world.lsp,
        "facilitator": world.disnaker,
        "scheme": world.scheme,
        "site": world.site,
        "title": f"Uji Kompetensi {key}",
        "starts_on": starts,
        "ends_on": starts + dt.timedelta(days=1),
        "registration_opens_on": starts - dt.timedelta(days=30),
        "registration_closes_on": starts - dt.timedelta(days=1),
        "quota": 20,
        "status": TestEvent.Status.REGISTRATION,
    }
    values.update(fields)
    event = TestEvent.objects.create(**values)
    world.events[key] = event
    return event


def register(event: TestEvent, count: int, **fields: object) -> list[Registration]:
    made = []
    for _index in range(count):
        number = next(NUMBERS)
        values: dict[str, object] = {
            "event": event,
            "nik": f"36710{number:011d}",
            "full_name": f"Peserta {number}",
            "status": Registration.Status.ACCEPTED,
        }
        values.update(fields)
        made.append(Registration.objects.create(**values))
    return made


def assess(registrations: list[Registration], recommendation: str) -> None:
    for registration in registrations:
        Assessment.objects.create(registration=registration, recommendation=recommendation)


def certify(
    lsp: Organization,
    scheme: Scheme,
    issued_by: User,
    *,
    issued_on: dt.date,
    valid_until: dt.date,
    registration: Registration | None = None,
    status: str = Certificate.Status.VALID,
) -> Certificate:
    number = next(NUMBERS)
    return Certificate.objects.create(
        lsp=lsp,
        registration=registration,
        holder_name=f"Pemegang {number}",
        holder_nik=f"36710{number:011d}",
        scheme=scheme,
        scheme_code=scheme.code,
        scheme_name=scheme.name,
        certificate_number=f"CERT-{number:06d}",
        registration_number=f"REG-{number:06d}",
        issued_on=issued_on,
        valid_until=valid_until,
        status=status,
        kid="kid-test",
        token="token",
        status_index=number,
        issued_by=issued_by,
    )


def make_assessor(lsp: Organization, user: User, expires_on: dt.date, **fields: object) -> Assessor:
    number = next(NUMBERS)
    return Assessor.objects.create(
        user=user,
        lsp=lsp,
        registration_number=f"MET.000.{number:06d}.2024",
        registration_expires_on=expires_on,
        **fields,
    )


@pytest.fixture
def world(db, today, disnaker, lsp, other_agency, other_lsp, make_user, system_admin, assessor_user) -> World:
    """The data every figure is counted from (see the module docstring)."""
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-OKM", name="Operator Komputer Muda", kind="kkni"
    )
    other_scheme = Scheme.objects.create(
        organization=other_lsp, code="SKM-LAIN", name="Skema Lain", kind="kkni"
    )
    site_fields = {"address": "Jl. Satria Sudirman No. 1, Tangerang", "capacity": 20}
    site = TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-DSN",
        name="TUK Mandiri Disnaker",
        kind=TestSite.Kind.INDEPENDENT,
        verified_until=today + dt.timedelta(days=365),
        **site_fields,
    )
    temporary_site = TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-SWK",
        name="TUK Sewaktu Balai",
        kind=TestSite.Kind.TEMPORARY,
        **site_fields,
    )
    other_site = TestSite.objects.create(
        owner=other_agency,
        lsp=other_lsp,
        code="TUK-LAIN",
        name="TUK Kota Lain",
        kind=TestSite.Kind.INDEPENDENT,
        verified_until=today + dt.timedelta(days=365),
        **site_fields,
    )
    world = World(
        today=today,
        disnaker=disnaker,
        lsp=lsp,
        other=other_agency,
        other_lsp=other_lsp,
        scheme=scheme,
        site=site,
        temporary_site=temporary_site,
        other_site=other_site,
    )

    # Upcoming: ready-ish at the TUK Mandiri; at the TUK Sewaktu, verified for this event only; one
    # at the TUK Sewaktu not verified; later than 30 days; cancelled; another agency's.
    soon = make_event(world, "Segera", 5)
    verified = make_event(world, "Sewaktu Terverifikasi", 12, site=temporary_site, facilitator=None)
    unverified = make_event(world, "Sewaktu Belum", 20, site=temporary_site, quota=10)
    make_event(world, "Nanti", 45)
    cancelled = make_event(world, "Batal", 8, status=TestEvent.Status.CANCELLED)
    other = make_event(
        world, "Kota Lain", 6, lsp=other_lsp, facilitator=other_agency, site=other_site, scheme=other_scheme
    )

    confirmed_at = timezone.now()
    register(soon, 2, attendance_confirmed_at=confirmed_at)
    register(soon, 3)
    register(soon, 1, status=Registration.Status.SUBMITTED)
    register(verified, 4)
    register(unverified, 1, attendance_confirmed_at=confirmed_at)
    register(cancelled, 2)
    register(other, 7)

    SiteVerification.objects.create(
        event=verified, site=temporary_site, verifier=system_admin, result=SiteVerification.Result.MEETS
    )
    SiteVerification.objects.create(
        event=unverified,
        site=temporary_site,
        verifier=system_admin,
        result=SiteVerification.Result.DOES_NOT_MEET,
    )
    ReadinessForm.objects.create(
        event=soon,
        filled_by=system_admin,
        filled_at=confirmed_at,
        confirmed_by=system_admin,
        confirmed_at=confirmed_at,
    )
    ReadinessForm.objects.create(event=verified, filled_by=system_admin, filled_at=confirmed_at)

    # Assessors: mine (the assessor user) and two more of the LSP; another LSP's.
    mine = make_assessor(lsp, assessor_user, today + dt.timedelta(days=20))
    second = make_assessor(lsp, make_user("asesor.dua"), today + dt.timedelta(days=60))
    third = make_assessor(lsp, make_user("asesor.tiga"), today + dt.timedelta(days=400))
    make_assessor(lsp, make_user("asesor.nonaktif"), today + dt.timedelta(days=10), is_active=False)
    foreign = make_assessor(other_lsp, make_user("asesor.lain"), today + dt.timedelta(days=15))
    world.assessors = [mine, second, third]
    Status = AssessorAssignment.Status
    for event, assessor, status in [
        (soon, mine, Status.CONFIRMED),
        (soon, second, Status.PROPOSED),
        (soon, third, Status.DECLINED),
        (verified, mine, Status.PROPOSED),
        (verified, third, Status.CONFIRMED),
        (unverified, second, Status.CONFIRMED),
        (cancelled, mine, Status.PROPOSED),
        (other, foreign, Status.PROPOSED),
    ]:
        AssessorAssignment.objects.create(
            event=event, assessor=assessor, day=event.starts_on, candidate_count=5, status=status
        )

    # Results over time: events that started 1, 3 and 13 months ago (the last outside the series).
    for back, competent, not_competent in [(1, 3, 1), (3, 2, 2), (13, 5, 0)]:
        start = month_start(today, back) + dt.timedelta(days=2)
        past = make_event(world, f"Lalu {back}", (start - today).days, status=TestEvent.Status.DONE)
        passed = register(past, competent)
        assess(passed, "K")
        assess(register(past, not_competent), "BK")
        assess(register(past, 1, status=Registration.Status.WITHDRAWN), "K")  # not registered
        register(past, 1)  # registered, not yet assessed
        for registration in passed:
            certify(
                lsp,
                scheme,
                system_admin,
                registration=registration,
                issued_on=start + dt.timedelta(days=7),
                valid_until=start + dt.timedelta(days=1100),
            )
    past_other = make_event(
        world,
        "Lalu Kota Lain",
        -40,
        lsp=other_lsp,
        facilitator=other_agency,
        site=other_site,
        scheme=other_scheme,
        status=TestEvent.Status.DONE,
    )
    assess(register(past_other, 6), "K")

    # Expiring: of the LSP within 30, 90 and later; revoked; another LSP's.
    for days, status in [
        (3, "valid"),
        (25, "valid"),
        (70, "valid"),
        (120, "valid"),
        (10, "revoked"),
        (-5, "valid"),
    ]:
        certify(
            lsp,
            scheme,
            system_admin,
            issued_on=today - dt.timedelta(days=1000),
            valid_until=today + dt.timedelta(days=days),
            status=status,
        )
    certify(
        other_lsp,
        other_scheme,
        system_admin,
        issued_on=today - dt.timedelta(days=1000),
        valid_until=today + dt.timedelta(days=20),
    )
    # The other LSP tested at Disnaker's TUK last month and certified this month: Disnaker's figures
    # count it (its site), the LSP's do not.
    guest = make_event(
        world,
        "LSP Lain di TUK Disnaker",
        (month_start(today, 1) - today).days + 4,
        lsp=other_lsp,
        facilitator=None,
        scheme=other_scheme,
        status=TestEvent.Status.DONE,
    )
    guest_registrations = register(guest, 1)
    assess(guest_registrations, "K")
    certify(
        other_lsp,
        other_scheme,
        system_admin,
        registration=guest_registrations[0],
        issued_on=month_start(today, 0),
        valid_until=today + dt.timedelta(days=50),
    )
    return world


@pytest.fixture
def runs(world, system_admin) -> None:
    """The SOP runs of four events (STMI for the LSP, PSM/DISNAKER-10 for Disnaker when it
    facilitates); every other open task of each organization is overdue."""
    load_seed_sops(
        system_admin,
        organizations={"1.3.3/BPSDMI/STMI/SOP/VI/2020": world.lsp, "PSM/DISNAKER-10": world.disnaker},
    )
    for key in ("Segera", "Sewaktu Terverifikasi", "Sewaktu Belum", "Nanti"):
        start_event_runs(event=world.events[key], actor=system_admin)
    overdue_at = timezone.now() - dt.timedelta(hours=3)
    for organization in (world.disnaker, world.lsp):
        tasks = Task.objects.filter(step_run__run__organization=organization).order_by("pk")
        Task.objects.filter(pk__in=[task.pk for task in tasks][::2]).update(due_at=overdue_at)


@pytest.fixture
def grow(world, system_admin) -> Callable[[int], None]:
    """Add `n` more of everything the dashboard counts (for the query-count tests)."""

    def add(n: int) -> None:
        for index in range(n):
            event = make_event(world, f"Tambahan {index}", 3 + index % 20)
            register(event, 3)
            register(event, 2, attendance_confirmed_at=timezone.now())
            AssessorAssignment.objects.create(
                event=event, assessor=world.assessors[index % 3], day=event.starts_on, candidate_count=3
            )
            past = make_event(world, f"Tambahan lalu {index}", -30 - index, status=TestEvent.Status.DONE)
            registrations = register(past, 2)
            assess(registrations, "K")
            for registration in registrations:
                certify(
                    world.lsp,
                    world.scheme,
                    system_admin,
                    registration=registration,
                    issued_on=past.starts_on,
                    valid_until=world.today + dt.timedelta(days=index + 1),
                )
            start_event_runs(event=event, actor=system_admin)

    return add
