"""Fixtures of the period report tests: an LSP whose events Disnaker facilitates or hosts at its TUK,
another agency with its own LSP, TUK and event (never counted), registrations in every status,
assessments K/BK, certificates (one registration with two), targets, training programs, assessors
and funding sources — and `expected`, which counts the figures in Python from what was created."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pytest

from ujikom.assessment.models import Assessment
from ujikom.certificates.models import Certificate
from ujikom.core.models import Organization, User
from ujikom.core.numbering import create_pattern
from ujikom.registry.models import Assessor, FundingSource, Scheme, TestSite, TrainingProgram
from ujikom.scheduling.models import Registration, Target, TestEvent

YEAR = 2025
NUMBERS = itertools.count(1)
S = Registration.Status


@dataclass
class Made:
    """One registration as created, with what the figures need, kept in Python."""

    registration: Registration
    event: TestEvent
    recommendation: str  # "", "K" or "BK"
    certificates: int
    assessor: Assessor | None


@dataclass
class World:
    lsp: Organization
    disnaker: Organization
    other_agency: Organization
    other_lsp: Organization
    schemes: dict[str, Scheme]
    sites: dict[str, TestSite]
    funding: dict[str, FundingSource]
    programs: dict[str, TrainingProgram]
    assessors: list[Assessor]
    issuer: User
    events: dict[str, TestEvent] = field(default_factory=dict)
    made: list[Made] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def make_event(world: World, key: str, starts_on: dt.date, **fields: object) -> TestEvent:
    values: dict[str, object] = {
        "lsp": world.lsp,
        "scheme": world.schemes["okm"],
        "site": world.sites["dsn"],
        "facilitator": None,
        "funding": None,
        "title": f"Uji Kompetensi {key}",
        "starts_on": starts_on,
        "ends_on": starts_on + dt.timedelta(days=1),
        "registration_opens_on": starts_on - dt.timedelta(days=30),
        "registration_closes_on": starts_on - dt.timedelta(days=1),
        "quota": 50,
        "status": TestEvent.Status.DONE,
    }
    values.update(fields)
    event = TestEvent.objects.create(**values)
    world.events[key] = event
    return event


def certify(world: World, registration: Registration, event: TestEvent, status: str = "valid") -> Certificate:
    number = next(NUMBERS)
    return Certificate.objects.create(
        lsp=event.lsp,
        registration=registration,
        holder_name=registration.full_name,
        holder_nik=registration.nik,
        scheme=event.scheme,
        scheme_code=event.scheme.code,
        scheme_name=event.scheme.name,
        certificate_number=f"CERT-P-{number:06d}",
        registration_number=f"REG-P-{number:06d}",
        issued_on=event.ends_on,
        valid_until=event.ends_on + dt.timedelta(days=3 * 365),
        status=status,
        kid="kid-test",
        token="token",
        status_index=number,
        issued_by=world.issuer,
    )


# (status, recommendation, certificates, program key, assessor index) of each registration of an event
Spec = tuple[str, str, int, str | None, int | None]

MIXED: list[Spec] = [
    (S.DRAFT, "", 0, None, None),  # not counted
    (S.WITHDRAWN, "", 0, "plt1", None),  # not counted
    (S.SUBMITTED, "", 0, "plt1", None),
    (S.RETURNED, "", 0, None, None),
    (S.REJECTED, "", 0, None, None),
    (S.ACCEPTED, "", 0, "plt1", 0),  # assessed, no result yet
    (S.ACCEPTED, "K", 1, "plt1", 0),
    (S.ACCEPTED, "K", 2, "plt2", 1),  # re-issued: two certificates, counted once
    (S.ACCEPTED, "K", 0, None, 1),  # competent, certificate not issued yet
    (S.ACCEPTED, "BK", 0, "plt2", 0),
    (S.ACCEPTED, "BK", 0, None, None),  # result without an assessor recorded
    (S.ACCEPTED, "K", 1, None, 0),
]


def register(world: World, event: TestEvent, specs: Iterable[Spec]) -> list[Made]:
    made = []
    for status, recommendation, certificates, program, assessor_index in specs:
        number = next(NUMBERS)
        registration = Registration.objects.create(
            event=event,
            nik=f"36710{number:011d}",
            full_name=f"Peserta {number}",
            status=status,
            program=world.programs[program] if program else None,
        )
        assessor = world.assessors[assessor_index] if assessor_index is not None else None
        if recommendation or assessor is not None:
            Assessment.objects.create(
                registration=registration, recommendation=recommendation, assessor=assessor
            )
        for index in range(certificates):
            certify(
                world,
                registration,
                event,
                status="superseded" if index == 0 and certificates > 1 else "valid",
            )
        item = Made(registration, event, recommendation, certificates, assessor)
        made.append(item)
        world.made.append(item)
    return made


def add_target(
    world: World, organization: Organization, year: int, scheme: str, funding: str | None, quantity: int
) -> None:
    world.targets.append(
        Target.objects.create(
            organization=organization,
            year=year,
            scheme=world.schemes[scheme],
            funding=world.funding[funding] if funding else None,
            quantity=quantity,
        )
    )


@pytest.fixture
def other_agency(make_organization) -> Organization:
    return make_organization("Dinas Ketenagakerjaan Kota Lain", Organization.Kind.AGENCY, code="dinas-lain")


@pytest.fixture
def other_lsp(make_organization) -> Organization:
    return make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")


@pytest.fixture
def ketua(make_user, lsp) -> User:
    return make_user("ketua.lsp", roles=[(lsp, "lsp_chair")], full_name="Dr. Wahyu Hidayat", nip="1970")


@pytest.fixture
def kadis(make_user, disnaker) -> User:
    return make_user("kadis", roles=[(disnaker, "kadis")], full_name="Kepala Dinas")


@pytest.fixture
def candidate(make_user, lsp) -> User:
    """A member of the LSP without `reports.view`."""
    return make_user("peserta", roles=[(lsp, "candidate")], full_name="Putri Peserta")


@pytest.fixture
def outsider(make_user, other_lsp) -> User:
    """Sees the reports of another LSP only."""
    return make_user("ketua.lain", roles=[(other_lsp, "lsp_chair")], full_name="Ketua LSP Lain")


@pytest.fixture
def world(db, lsp, disnaker, other_agency, other_lsp, make_organization, make_user, system_admin) -> World:
    blk = make_organization("BLK Kota Tangerang", Organization.Kind.TRAINING_PROVIDER, code="blk")
    schemes = {
        "okm": Scheme.objects.create(
            organization=lsp, code="SKM-OKM", name="Operator Komputer Muda", kind="kkni"
        ),
        "jwd": Scheme.objects.create(
            organization=lsp, code="SKM-JWD", name="Junior Web Developer", kind="kkni"
        ),
        "lain": Scheme.objects.create(
            organization=other_lsp, code="SKM-LAIN", name="Skema Lain", kind="kkni"
        ),
    }
    site = {"address": "Jl. Satria Sudirman No. 1", "capacity": 30}
    sites = {
        "dsn": TestSite.objects.create(
            owner=disnaker, lsp=lsp, code="TUK-DSN", name="TUK Mandiri Disnaker", kind="mandiri", **site
        ),
        "lsp": TestSite.objects.create(
            owner=lsp, lsp=lsp, code="TUK-STMI", name="TUK Kampus STMI", kind="mandiri", **site
        ),
        "lain": TestSite.objects.create(
            owner=other_agency, lsp=other_lsp, code="TUK-LAIN", name="TUK Lain", kind="sewaktu", **site
        ),
    }
    funding = {
        "apbd": FundingSource.objects.create(code="APBD", name="APBD Kota", kind="apbd"),
        "apbn": FundingSource.objects.create(code="APBN", name="APBN", kind="apbn"),
    }
    programs = {
        "plt1": TrainingProgram.objects.create(
            provider=blk,
            code="PLT-01",
            name="Pelatihan Operator Komputer",
            starts_on=dt.date(YEAR, 1, 2),
            ends_on=dt.date(YEAR, 1, 30),
        ),
        "plt2": TrainingProgram.objects.create(
            provider=blk,
            code="PLT-02",
            name="Pelatihan Pemrograman Web",
            starts_on=dt.date(YEAR, 3, 2),
            ends_on=dt.date(YEAR, 4, 30),
        ),
    }
    assessors = [
        Assessor.objects.create(
            user=make_user(f"asesor{index}", full_name=f"Asesor {name}"),
            lsp=lsp,
            registration_number=f"MET.000.00{index}.2024",
            registration_expires_on=dt.date(YEAR + 2, 1, 1),
        )
        for index, name in ((1, "Satu"), (2, "Dua"))
    ]
    world = World(
        lsp, disnaker, other_agency, other_lsp, schemes, sites, funding, programs, assessors, system_admin
    )
    # February (Q1): LSP's event at Disnaker's TUK, facilitated by Disnaker, APBD.
    e1 = make_event(world, "feb", dt.date(YEAR, 2, 10), facilitator=disnaker, funding=funding["apbd"])
    register(world, e1, MIXED)
    # August (Q3): at the LSP's own TUK, no facilitator, no funding source; Disnaker takes no part.
    e2 = make_event(world, "aug", dt.date(YEAR, 8, 5), scheme=schemes["jwd"], site=sites["lsp"])
    register(world, e2, MIXED[:9])
    # November (Q4): facilitated by Disnaker at the LSP's TUK, APBN, still going on.
    e3 = make_event(
        world,
        "nov",
        dt.date(YEAR, 11, 3),
        site=sites["lsp"],
        facilitator=disnaker,
        funding=funding["apbn"],
        status=TestEvent.Status.ONGOING,
    )
    register(
        world,
        e3,
        [(S.ACCEPTED, "K", 1, "plt1", 1), (S.ACCEPTED, "", 0, None, None), (S.SUBMITTED, "", 0, None, None)],
    )
    # Cancelled, a year earlier, and another LSP's: never counted for the LSP or Disnaker.
    cancelled = make_event(world, "cancelled", dt.date(YEAR, 3, 1), status=TestEvent.Status.CANCELLED)
    register(world, cancelled, [(S.ACCEPTED, "K", 1, None, 0)])
    earlier = make_event(world, "earlier", dt.date(YEAR - 1, 12, 20))
    register(world, earlier, [(S.ACCEPTED, "K", 1, None, 0), (S.ACCEPTED, "BK", 0, None, 0)])
    other = make_event(
        world,
        "other",
        dt.date(YEAR, 5, 5),
        lsp=other_lsp,
        scheme=schemes["lain"],
        site=sites["lain"],
        facilitator=other_agency,
    )
    register(world, other, MIXED)
    add_target(world, lsp, YEAR, "okm", "apbd", 30)
    add_target(world, lsp, YEAR, "okm", "apbn", 10)
    add_target(world, lsp, YEAR, "jwd", None, 20)
    add_target(world, lsp, YEAR - 1, "okm", None, 50)
    add_target(world, other_lsp, YEAR, "lain", None, 99)
    return world


@dataclass
class Counts:
    registered: int = 0
    tested: int = 0
    competent: int = 0
    certified: int = 0
    target: int = 0

    @property
    def pass_rate(self) -> float | None:
        return round(100 * self.competent / self.tested, 1) if self.tested else None


def takes_part(event: TestEvent, organization: Organization) -> bool:
    return organization.pk in (event.lsp_id, event.facilitator_id, event.site.owner_id)


def counted(
    world: World, organization: Organization, start: dt.date, end: dt.date, scheme: str = ""
) -> list[Made]:
    return [
        item
        for item in world.made
        if takes_part(item.event, organization)
        and item.event.status != TestEvent.Status.CANCELLED
        and start <= item.event.starts_on <= end
        and (not scheme or item.event.scheme.code == scheme)
        and item.registration.status not in (S.DRAFT, S.WITHDRAWN)
    ]


def tally(items: Iterable[Made]) -> Counts:
    counts = Counts()
    for item in items:
        counts.registered += 1
        counts.tested += item.recommendation in ("K", "BK")
        counts.competent += item.recommendation == "K"
        counts.certified += item.certificates > 0
    return counts


@pytest.fixture
def expected() -> Callable[..., Counts]:
    """The figures of a report counted in Python from the created objects (not by any query)."""

    def count(
        world: World, organization: Organization, start: dt.date, end: dt.date, scheme: str = ""
    ) -> Counts:
        counts = tally(counted(world, organization, start, end, scheme))
        counts.target = sum(
            target.quantity
            for target in world.targets
            if target.organization_id == organization.pk
            and target.year == start.year
            and (not scheme or target.scheme.code == scheme)
        )
        return counts

    return count


@pytest.fixture
def numbered(lsp, disnaker, system_admin) -> None:
    """Period reports are numbered in both organizations."""
    create_pattern(
        organization=lsp,
        document_type="period_report",
        pattern="{seq:03}/LAP/LSP-STMI/{year}",
        actor=system_admin,
    )
    create_pattern(
        organization=disnaker,
        document_type="period_report",
        pattern="560/{seq:03}/LAP/{year}",
        actor=system_admin,
    )
