"""Fixtures of the minutes, review and archive tests: the test day's rows made directly (closed
attendance lists of both kinds with their PDF, documentation photos, filled instruments), a valid
TUK Mandiri verification record, and signed minutes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from ujikom.assessment.models import (
    AttendanceEntry,
    AttendanceSheet,
    InstrumentFile,
    Minutes,
    SignMethod,
    TestPhoto,
)
from ujikom.core.models import Organization, User
from ujikom.scheduling.models import Registration, TestEvent

from .helpers import png, stored_pdf, stored_png


@pytest.fixture
def close_attendance(event, assessors, tekops) -> Callable[..., list[AttendanceSheet]]:
    """close_attendance(present=[registrations], absent=[...]): both lists of the test day, closed,
    with their PDF; every confirmed assessor present."""

    def close(
        present: list[Registration],
        absent: list[Registration] = (),
        closed: bool = True,  # type: ignore[assignment]
    ) -> list[AttendanceSheet]:
        organization = event.facilitator
        now = timezone.now()
        sheets = []
        for kind in (AttendanceSheet.Kind.CANDIDATES, AttendanceSheet.Kind.ASSESSORS):
            sheet, _created = AttendanceSheet.objects.get_or_create(
                event=event, day=event.starts_on, kind=kind
            )
            if kind == AttendanceSheet.Kind.CANDIDATES:
                for registration in present:
                    AttendanceEntry.objects.update_or_create(
                        sheet=sheet, registration=registration, defaults={"present": True, "recorded_at": now}
                    )
                for registration in absent:
                    AttendanceEntry.objects.update_or_create(
                        sheet=sheet,
                        registration=registration,
                        defaults={"present": False, "recorded_at": now},
                    )
            else:
                for assessor in assessors:
                    AttendanceEntry.objects.update_or_create(
                        sheet=sheet, assessor=assessor, defaults={"present": True, "recorded_at": now}
                    )
            if closed:
                sheet.closed_at = now
                sheet.closed_by = tekops
                sheet.number = f"00{len(sheets) + 1}/DH/TUK-DISNAKER/2026"
                sheet.file = stored_pdf(organization, f"daftar-hadir-{kind}.pdf", f"Daftar hadir {kind}")
                sheet.save()
            sheets.append(sheet)
        return sheets

    return close


@pytest.fixture
def tested(one_bk, close_attendance) -> list[Registration]:
    """Budi and Siti K, Agus BK, all three present; both attendance lists closed."""
    close_attendance(present=one_bk)
    return one_bk


@pytest.fixture
def add_photo(event, tekops) -> Callable[..., TestPhoto]:
    def add(caption: str = "Peserta praktik di lab komputer") -> TestPhoto:
        return TestPhoto.objects.create(
            event=event,
            day=event.starts_on,
            file=stored_png(event.facilitator, "foto.png", png(40, 30)),
            caption=caption,
            uploaded_by=tekops,
        )

    return add


@pytest.fixture
def add_instrument(tekops) -> Callable[..., InstrumentFile]:
    def add(registration: Registration, kind: str = "FR.AK.01", unit: Any = None) -> InstrumentFile:
        return InstrumentFile.objects.create(
            assessment=registration.assessment,
            kind=kind,
            unit=unit,
            file=stored_pdf(
                registration.event.facilitator, f"{kind}.pdf", f"{kind} {registration.full_name}"
            ),
            uploaded_by=tekops,
        )

    return add


@pytest.fixture
def sign_all(assessors, site_head) -> Callable[[Minutes], Minutes]:
    """Every signer signs by account (the last one locks the minutes)."""
    from ujikom.assessment.services_minutes import sign_minutes

    def sign(minutes: Minutes) -> Minutes:
        for signer in [assessor.user for assessor in assessors] + [site_head]:
            sign_minutes(minutes=minutes, actor=signer, method=SignMethod.ACCOUNT)
        minutes.refresh_from_db()
        return minutes

    return sign


@pytest.fixture
def locked_minutes(event, tested, tekops, numbering, sign_all, add_photo, add_instrument) -> Minutes:
    """Minutes prepared by Teknis Operasional and signed by everyone: results locked, bundles made."""
    from ujikom.assessment.services_minutes import prepare_minutes

    add_photo()
    add_instrument(tested[0])
    return sign_all(prepare_minutes(event=event, actor=tekops))


@pytest.fixture
def independent_site_record(event, lsp, head_certification) -> Any:
    """The LSP's record that the TUK Mandiri's periodic verification is valid for the event."""
    from ujikom.scheduling.services_assignments import record_independent_site_verification

    stored, _number = record_independent_site_verification(event=event, actor=head_certification)
    return stored


@pytest.fixture
def assignment_letters(event, assessors, lsp) -> None:
    for assignment in event.assessor_assignments.all():
        assignment.letter = stored_pdf(lsp, "surat-tugas.pdf", "Surat tugas asesor")
        assignment.save()


@pytest.fixture
def no_role(make_user, disnaker) -> User:
    """A member of Disnaker whose role holds only assessment.view (a candidate holds nothing)."""
    return make_user("anggota", roles=[(disnaker, "kadis")], full_name="Anggota Dinas")


__all__ = ["Organization", "SignMethod", "TestEvent"]
