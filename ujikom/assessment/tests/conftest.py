"""Fixtures shared by the assessment tests: an LSP's event at Disnaker's TUK Mandiri, facilitated by
Disnaker, with three units, two confirmed assessors, accepted candidates, the people of each step,
the numbering patterns, and (on request) the SOP runs and recorded results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from ujikom.assessment.models import Assessment, UnitResult, Verdict
from ujikom.assessment.results import refresh_recommendation
from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.registry.models import Assessor, CompetencyUnit, FundingSource, Region, Scheme, TestSite
from ujikom.scheduling.models import AssessorAssignment, Registration, TestEvent
from ujikom.scheduling.sop_binding import start_event_runs
from ujikom.sop.library import load_seed_sops

STMI = "1.3.3/BPSDMI/STMI/SOP/VI/2020"
DISNAKER_10 = "PSM/DISNAKER-10"

PATTERNS = [
    ("lsp", "decree", "{seq:03}/SK/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "minutes", "{seq:03}/BA/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "blank_request", "{seq:03}/BLK/LSP-STMI/{month_roman}/{year}"),
    ("lsp", "letter", "{seq:03}/S/LSP-STMI/{month_roman}/{year}"),
    ("disnaker", "minutes", "{seq:03}/BA/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "meeting_notes", "{seq:03}/MoM/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "attendance_list", "{seq:03}/DH/TUK-DISNAKER/{month_roman}/{year}"),
    ("disnaker", "recommendation", "560/{seq:03}/REK-Disnaker/{year}"),
    ("disnaker", "archive_index", "{seq:03}/ARS/TUK-DISNAKER/{year}"),
    ("disnaker", "report", "560/{seq:03}/LAP-Disnaker/{year}"),
    ("disnaker", "letter", "560/{seq:03}-Disnaker/{year}"),
]


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def numbering(lsp, disnaker) -> None:
    organizations = {"lsp": lsp, "disnaker": disnaker}
    for owner, code, pattern in PATTERNS:
        NumberingPattern.objects.create(
            organization=organizations[owner],
            document_type=DocumentType.objects.get(code=code),
            pattern=pattern,
        )


@pytest.fixture
def scheme(lsp) -> Scheme:
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-OKM-01", name="Operator Komputer Muda", kind="kkni", validity_years=3
    )
    for position, (code, title) in enumerate(
        [
            ("J.63OPR00.001.2", "Mengoperasikan Perangkat Komputer"),
            ("J.63OPR00.002.2", "Mengoperasikan Perangkat Lunak Pengolah Kata"),
            ("J.63OPR00.003.2", "Mengoperasikan Perangkat Lunak Lembar Kerja"),
        ],
        start=1,
    ):
        CompetencyUnit.objects.create(scheme=scheme, position=position, code=code, title=title)
    return scheme


@pytest.fixture
def units(scheme) -> list[CompetencyUnit]:
    return list(scheme.units.order_by("position"))


@pytest.fixture
def site_head(make_user, disnaker) -> User:
    return make_user("kepala.tuk", roles=[(disnaker, "site_head")], full_name="Hendra Kepala TUK")


@pytest.fixture
def site(disnaker, lsp, today, site_head) -> TestSite:
    return TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-DSN",
        name="TUK Mandiri Disnaker",
        kind=TestSite.Kind.INDEPENDENT,
        address="Jl. Satria Sudirman No. 1, Tangerang",
        city=Region.objects.get(code="36.71"),
        capacity=20,
        head=site_head,
        verified_until=today + dt.timedelta(days=365),
    )


@pytest.fixture
def funding(db) -> FundingSource:
    return FundingSource.objects.create(
        code="APBD", name="APBD Kota Tangerang", kind="apbd", ministry_code=""
    )


@pytest.fixture
def event(lsp, disnaker, scheme, site, today, funding) -> TestEvent:
    """An event whose test day is today (the registration window is long closed)."""
    return TestEvent.objects.create(
        lsp=lsp,
        facilitator=disnaker,
        scheme=scheme,
        site=site,
        funding=funding,
        title="Uji Kompetensi Operator Komputer Muda Angkatan I",
        starts_on=today,
        ends_on=today,
        registration_opens_on=today - dt.timedelta(days=30),
        registration_closes_on=today - dt.timedelta(days=5),
        quota=20,
        bnsp_schedule_code="JDW-2026-0001",
        status=TestEvent.Status.ONGOING,
    )


def _assessor(make_user, lsp, disnaker, scheme, today, username: str, name: str, number: str) -> Assessor:
    user = make_user(username, roles=[(lsp, "assessor"), (disnaker, "assessor")], full_name=name)
    assessor = Assessor.objects.create(
        user=user, lsp=lsp, registration_number=number, registration_expires_on=today + dt.timedelta(days=700)
    )
    assessor.schemes.add(scheme)
    return assessor


@pytest.fixture
def assessors(make_user, lsp, disnaker, scheme, today, event) -> list[Assessor]:
    """Two assessors of the scheme, each confirmed for the event's day."""
    made = [
        _assessor(make_user, lsp, disnaker, scheme, today, "asesor1", "Rudi Hartono", "MET.000.002286.2018"),
        _assessor(make_user, lsp, disnaker, scheme, today, "asesor2", "Wati Susanti", "MET.000.004512.2019"),
    ]
    for assessor in made:
        AssessorAssignment.objects.create(
            event=event,
            assessor=assessor,
            day=event.starts_on,
            candidate_count=5,
            status=AssessorAssignment.Status.CONFIRMED,
            letter_number="001/ST/LSP-STMI/XI/2026",
        )
    return made


@pytest.fixture
def unassigned_assessor(make_user, lsp, disnaker, scheme, today) -> Assessor:
    return _assessor(make_user, lsp, disnaker, scheme, today, "asesor3", "Joko Lain", "MET.000.009999.2020")


@pytest.fixture
def make_registration(event, disnaker) -> Callable[..., Registration]:
    counter = iter(range(1, 1000))

    def make(candidate: User | None = None, **fields: Any) -> Registration:
        number = next(counter)
        values: dict[str, Any] = {
            "event": event,
            "nik": f"36710{number:011d}",
            "full_name": f"Peserta Nomor {number}",
            "birth_place": "Tangerang",
            "birth_date": dt.date(2000, 1, number % 28 + 1),
            "sex": "L" if number % 2 else "P",
            "phone": f"0812-3456-{number:04d}",
            "email": f"peserta{number}@example.id",
            "status": Registration.Status.ACCEPTED,
            "candidate": candidate,
        }
        values.update(fields)
        return Registration.objects.create(**values)

    return make


@pytest.fixture
def candidate_user(make_user, disnaker, lsp) -> User:
    return make_user("budi", roles=[(disnaker, "candidate"), (lsp, "candidate")], full_name="Budi Santoso")


@pytest.fixture
def registrations(make_registration, candidate_user) -> list[Registration]:
    """Three accepted candidates; Budi has an account."""
    return [
        make_registration(candidate=candidate_user, full_name="Budi Santoso"),
        make_registration(full_name="Siti Aminah"),
        make_registration(full_name="Agus Salim"),
    ]


@pytest.fixture
def admin_staff(make_user, disnaker) -> User:
    return make_user("adm", roles=[(disnaker, "admin_staff")], full_name="Rina Administrasi")


@pytest.fixture
def tekops(make_user, disnaker) -> User:
    return make_user("tekops", roles=[(disnaker, "technical_ops")], full_name="Agus Teknis")


@pytest.fixture
def quality(make_user, disnaker) -> User:
    return make_user("mutu", roles=[(disnaker, "quality")], full_name="Sri Mutu")


@pytest.fixture
def head_certification(make_user, lsp) -> User:
    return make_user("kabid.sert", roles=[(lsp, "head_certification")], full_name="Dewi Kabid Sertifikasi")


@pytest.fixture
def head_admin(make_user, lsp) -> User:
    return make_user("kabid.adm", roles=[(lsp, "head_admin")], full_name="Bambang Kabid Administrasi")


@pytest.fixture
def lsp_chair(make_user, lsp) -> User:
    return make_user("ketua.lsp", roles=[(lsp, "lsp_chair")], full_name="Dr. Ir. Sutrisno, M.T.")


@pytest.fixture
def director(make_user, lsp) -> User:
    return make_user(
        "direktur", roles=[(lsp, "director")], full_name="Dr. Hana Direktur", nip="197001011995031001"
    )


@pytest.fixture
def outsider(make_user, make_organization) -> User:
    other = make_organization("Dinas Lain", Organization.Kind.AGENCY, code="dinas-lain")
    return make_user("orang.lain", roles=[(other, "technical_ops"), (other, "assessor")])


@pytest.fixture
def runs(system_admin, lsp, disnaker, event):
    """The SOP runs of the event (both seeds in force), fresh at step 1."""
    load_seed_sops(system_admin, organizations={STMI: lsp, DISNAKER_10: disnaker})
    return start_event_runs(event=event, actor=system_admin)


@pytest.fixture
def record_results(assessors) -> Callable[..., None]:
    """Write results straight to the tables (for the parts that only read them):
    record_results({registration: ["K", "K", "BK"]}) in unit order; the first assessor."""

    def record(verdicts: dict[Registration, list[str]], assessor: Assessor | None = None) -> None:
        assessor = assessor or assessors[0]
        for registration, values in verdicts.items():
            assessment, _ = Assessment.objects.get_or_create(
                registration=registration,
                defaults={"assessor": assessor, "day": registration.event.starts_on},
            )
            units = list(registration.event.scheme.units.order_by("position"))
            for unit, verdict in zip(units, values, strict=True):
                UnitResult.objects.create(
                    assessment=assessment,
                    unit=unit,
                    verdict=verdict,
                    methods=["observation", "oral"],
                    assessor=assessor,
                    recorded_by=assessor.user,
                    recorded_at=timezone.now(),
                )
            assessment.completed_at = timezone.now()
            assessment.save()
            refresh_recommendation(assessment)

    return record


@pytest.fixture
def one_bk(registrations, record_results) -> list[Registration]:
    """Budi and Siti K in every unit; Agus BK in the third."""
    budi, siti, agus = registrations
    record_results({budi: ["K", "K", "K"], siti: ["K", "K", "K"], agus: ["K", "K", "BK"]})
    return registrations


__all__ = ["Verdict"]
