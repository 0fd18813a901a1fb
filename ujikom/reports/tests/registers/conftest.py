"""Fixtures of the register tests: Disnaker facilitating the LSP's events at its TUK, another LSP
with its own event, people of each kind (viewer, complaint recorder, outsider), and factories that
write straight to the tables for the registers to read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from ujikom.assessment.models import (
    Appeal,
    Archive,
    Assessment,
    BlankMovement,
    Decision,
    DecisionEntry,
)
from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.registry.models import Scheme, TestSite
from ujikom.scheduling.models import Registration, TestEvent

YEAR = 2025


@pytest.fixture
def other_lsp(make_organization) -> Organization:
    return make_organization("LSP Lain Sejahtera", Organization.Kind.LSP, code="lsp-lain")


@pytest.fixture
def scheme(lsp) -> Scheme:
    return Scheme.objects.create(
        organization=lsp, code="SKM-OKM-01", name="Operator Komputer Muda", kind="kkni", validity_years=3
    )


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
    )


@pytest.fixture
def other_scheme(other_lsp) -> Scheme:
    return Scheme.objects.create(
        organization=other_lsp, code="SKM-LAIN", name="Juru Las", kind="kkni", validity_years=3
    )


@pytest.fixture
def other_site(other_lsp) -> TestSite:
    return TestSite.objects.create(
        owner=other_lsp,
        lsp=other_lsp,
        code="TUK-LAIN",
        name="TUK Sewaktu Lain",
        kind=TestSite.Kind.INDEPENDENT,
        address="Jl. Lain No. 2",
        capacity=20,
    )


@pytest.fixture
def make_event(lsp, disnaker, scheme, site) -> Callable[..., TestEvent]:
    counter = iter(range(1, 10_000))

    def make(starts_on: dt.date, status: str = TestEvent.Status.DONE, **fields: Any) -> TestEvent:
        number = next(counter)
        values: dict[str, Any] = {
            "lsp": lsp,
            "facilitator": disnaker,
            "scheme": scheme,
            "site": site,
            "title": f"Uji Kompetensi Angkatan {number}",
            "starts_on": starts_on,
            "ends_on": starts_on,
            "registration_opens_on": starts_on - dt.timedelta(days=30),
            "registration_closes_on": starts_on - dt.timedelta(days=5),
            "quota": 20,
            "status": status,
        }
        values.update(fields)
        return TestEvent.objects.create(**values)

    return make


@pytest.fixture
def other_event(make_event, other_lsp, other_scheme, other_site) -> TestEvent:
    """An event of the other LSP, at its own site, with no part for Disnaker or our LSP."""
    return make_event(
        dt.date(YEAR, 3, 10),
        lsp=other_lsp,
        facilitator=None,
        scheme=other_scheme,
        site=other_site,
        title="Uji Kompetensi Juru Las LSP Lain",
    )


@pytest.fixture
def make_registration() -> Callable[..., Registration]:
    counter = iter(range(1, 100_000))

    def make(event: TestEvent, **fields: Any) -> Registration:
        number = next(counter)
        values: dict[str, Any] = {
            "event": event,
            "nik": f"36710{number:011d}",
            "full_name": f"Peserta Nomor {number}",
            "birth_place": "Tangerang",
            "birth_date": dt.date(2000, 1, number % 28 + 1),
            "sex": "L",
            "phone": f"0812-3456-{number:04d}",
            "email": f"peserta{number}@example.id",
            "status": Registration.Status.ACCEPTED,
        }
        values.update(fields)
        return Registration.objects.create(**values)

    return make


@pytest.fixture
def candidate(make_user, disnaker) -> User:
    return make_user("budi", roles=[(disnaker, "candidate")], full_name="Budi Santoso")


@pytest.fixture
def decider(make_user, lsp) -> User:
    return make_user("kabid.sert", roles=[(lsp, "head_certification")], full_name="Dewi Kabid Sertifikasi")


def local(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def make_appeal(make_registration, candidate, decider) -> Callable[..., Appeal]:
    """An appeal on a new candidate of `event`, submitted on `submitted_on`; decided `days` later
    when `status` is not submitted."""

    def make(
        event: TestEvent, submitted_on: dt.date, status: str = Appeal.Status.SUBMITTED, days: int = 0
    ) -> Appeal:
        registration = make_registration(event)
        assessment = Assessment.objects.create(
            registration=registration, recommendation="BK", day=event.starts_on
        )
        decided = status != Appeal.Status.SUBMITTED
        appeal = Appeal.objects.create(
            assessment=assessment,
            grounds="Asesor tidak memberi kesempatan menjelaskan bukti portofolio unit ketiga.",
            submitted_by=candidate,
            status=status,
            decision="Diterima; asesmen ulang unit ketiga." if decided else "",
            decided_by=decider if decided else None,
            decided_at=local(submitted_on + dt.timedelta(days=days), 15) if decided else None,
        )
        Appeal.objects.filter(pk=appeal.pk).update(created_at=local(submitted_on))
        appeal.refresh_from_db()
        return appeal

    return make


@pytest.fixture
def make_movement(system_admin) -> Callable[..., BlankMovement]:
    def make(
        lsp: Organization, kind: str, quantity: int, occurred_on: dt.date, **fields: Any
    ) -> BlankMovement:
        return BlankMovement.objects.create(
            lsp=lsp, kind=kind, quantity=quantity, occurred_on=occurred_on, recorded_by=system_admin, **fields
        )

    return make


@pytest.fixture
def make_decision(make_registration, system_admin) -> Callable[..., Decision]:
    """A decree of `event` with `numbered` entries with certificate numbers and `pending` without."""
    counter = iter(range(1, 100_000))

    def make(
        event: TestEvent, *, numbered: int = 0, pending: int = 0, status: str = Decision.Status.APPROVED
    ) -> Decision:
        decision = Decision.objects.create(
            lsp=event.lsp,
            event=event,
            status=status,
            meeting_held_on=event.ends_on,
            meeting_place="Ruang rapat LSP",
            attendees="Ketua LSP; Kabid Sertifikasi",
            prepared_by=system_admin,
        )
        for position in range(1, numbered + pending + 1):
            number = next(counter)
            DecisionEntry.objects.create(
                decision=decision,
                registration=make_registration(event),
                position=position,
                certificate_number=f"62090 2512 {number:07d} {YEAR}" if position <= numbered else "",
            )
        return decision

    return make


@pytest.fixture
def make_archive(system_admin) -> Callable[..., Archive]:
    def make(
        event: TestEvent, *, missing: tuple[str, ...] = (), location: str = "Lemari A, rak 2"
    ) -> Archive:
        keys = ["attendance_candidates", "minutes", "photos", "recommendation"]
        checklist = [
            {"key": key, "label": key.replace("_", " ").title(), "present": key not in missing, "files": []}
            for key in keys
        ]
        return Archive.objects.create(
            event=event,
            organization=event.facilitator or event.lsp,
            checklist=checklist,
            is_complete=not missing,
            location=location,
            retain_until=event.ends_on.replace(year=event.ends_on.year + 5),
            archived_by=system_admin,
        )

    return make


@pytest.fixture
def complaint_numbering(disnaker, lsp, other_lsp) -> None:
    kind = DocumentType.objects.get(code="complaint")
    for organization, pattern in (
        (disnaker, "560/{seq:03}/ADU-Disnaker/{year}"),
        (lsp, "{seq:03}/ADU/LSP-STMI/{year}"),
        (other_lsp, "{seq:03}/ADU/LAIN/{year}"),
    ):
        NumberingPattern.objects.create(organization=organization, document_type=kind, pattern=pattern)


# ---- people ------------------------------------------------------------------------------------


@pytest.fixture
def viewer(make_user, disnaker) -> User:
    """Reads Disnaker's reports (technical operations), cannot record complaints."""
    return make_user("tekops", roles=[(disnaker, "technical_ops")], full_name="Agus Teknis")


@pytest.fixture
def recorder(make_user, disnaker) -> User:
    """Quality management at Disnaker: reads reports and records complaints."""
    return make_user("mutu", roles=[(disnaker, "quality")], full_name="Sri Mutu")


@pytest.fixture
def clerk(make_user, disnaker) -> User:
    """Administration at Disnaker: records complaints, does not read the other reports."""
    return make_user("adm", roles=[(disnaker, "admin_staff")], full_name="Rina Administrasi")


@pytest.fixture
def lsp_head(make_user, lsp) -> User:
    return make_user("ketua.lsp", roles=[(lsp, "lsp_chair")], full_name="Sutrisno Ketua LSP")


@pytest.fixture
def outsider(make_user, other_lsp) -> User:
    """Quality and chair at the other LSP: reads and records there only."""
    return make_user(
        "orang.lain", roles=[(other_lsp, "quality"), (other_lsp, "lsp_chair")], full_name="Orang Lain"
    )


@pytest.fixture
def candidate_only(make_user, disnaker) -> User:
    return make_user("asesi", roles=[(disnaker, "candidate")], full_name="Asesi Saja")


# ---- reading pages and the API -----------------------------------------------------------------


@pytest.fixture
def api_for() -> Callable[[User], Any]:
    from ujikom.api.tests.conftest import ApiClient
    from ujikom.core.tokens import create_token

    def make(user: User) -> ApiClient:
        _token, secret = create_token(user=user, name="tes")
        return ApiClient(secret)

    return make
