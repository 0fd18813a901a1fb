"""Attendance lists of a test day: a line per accepted candidate or confirmed assessor, signed by
account or drawn, absent with a note, closed into the numbered PDF with the signatures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ujikom.assessment import services_testday as services
from ujikom.assessment.models import AttendanceSheet, SignMethod
from ujikom.core.models import AuditEvent
from ujikom.scheduling.models import Registration, TestEvent

from .helpers import assessors_present, attend, candidates_sheet, drawing, line_of, pdf_image_count, pdf_text

pytestmark = pytest.mark.django_db


def test_opening_lists_every_accepted_candidate_and_every_confirmed_assessor(
    event, tekops, registrations, assessors, make_registration
):
    make_registration(full_name="Dodi Ditolak", status=Registration.Status.REJECTED)

    candidates = candidates_sheet(event, tekops)
    assessor_sheet = services.open_attendance(
        event=event, day=event.starts_on, kind=AttendanceSheet.Kind.ASSESSORS, actor=tekops
    )

    assert sorted(e.registration.full_name for e in candidates.entries.all()) == [
        "Agus Salim",
        "Budi Santoso",
        "Siti Aminah",
    ]
    assert sorted(e.assessor.user.full_name for e in assessor_sheet.entries.all()) == [
        "Rudi Hartono",
        "Wati Susanti",
    ]


def test_opening_the_first_list_starts_a_ready_event(event, tekops, registrations):
    TestEvent.objects.filter(pk=event.pk).update(status=TestEvent.Status.READY)
    event.refresh_from_db()

    candidates_sheet(event, tekops)

    event.refresh_from_db()
    assert event.status == TestEvent.Status.ONGOING


def test_a_list_opens_only_on_a_day_of_the_event_and_not_before_it(event, tekops, registrations):
    with pytest.raises(ValidationError) as other_day:
        services.open_attendance(
            event=event, day=event.starts_on - dt.timedelta(days=3), kind="candidates", actor=tekops
        )
    TestEvent.objects.filter(pk=event.pk).update(
        starts_on=event.starts_on + dt.timedelta(days=2), ends_on=event.ends_on + dt.timedelta(days=2)
    )
    event.refresh_from_db()
    with pytest.raises(ValidationError) as early:
        services.open_attendance(event=event, day=event.starts_on, kind="candidates", actor=tekops)

    assert "bukan hari uji" in other_day.value.message_dict["day"][0]
    assert "baru dapat dibuka pada hari uji" in early.value.message_dict["day"][0]
    assert not AttendanceSheet.objects.exists()


def test_only_the_officer_opens_a_list(event, quality, registrations):
    with pytest.raises(PermissionDenied):
        candidates_sheet(event, quality)


def test_a_candidate_signs_their_own_line_by_account_and_the_officer_cannot_for_them(
    event, tekops, registrations, candidate_user
):
    budi, siti, _agus = registrations
    sheet = candidates_sheet(event, tekops)

    with pytest.raises(PermissionDenied):
        services.sign_attendance(entry=line_of(sheet, budi), actor=tekops, method=SignMethod.ACCOUNT)
    with pytest.raises(PermissionDenied):
        services.sign_attendance(
            entry=line_of(sheet, siti), actor=candidate_user, method=SignMethod.DRAWN, drawing=drawing()
        )
    signed = services.sign_attendance(
        entry=line_of(sheet, budi), actor=candidate_user, method=SignMethod.ACCOUNT
    )

    assert signed.present and signed.sign_method == SignMethod.ACCOUNT and signed.signed_by == candidate_user
    with pytest.raises(ValidationError, match="sudah menandatangani"):
        services.sign_attendance(entry=line_of(sheet, budi), actor=candidate_user, method=SignMethod.ACCOUNT)


def test_absence_needs_a_note_and_a_signed_line_cannot_be_made_absent(event, tekops, registrations):
    budi, siti, _agus = registrations
    sheet = attend(event, tekops, present=[budi])

    with pytest.raises(ValidationError) as no_note:
        services.mark_absent(entry=line_of(sheet, siti), actor=tekops, note="  ")
    with pytest.raises(ValidationError, match="sudah menandatangani"):
        services.mark_absent(entry=line_of(sheet, budi), actor=tekops, note="Pulang")

    assert "note" in no_note.value.message_dict
    assert line_of(sheet, siti).recorded_at is None


def test_closing_waits_for_every_line_then_prints_the_numbered_list_with_the_signatures(
    event, tekops, registrations, candidate_user, numbering
):
    budi, siti, agus = registrations
    sheet = candidates_sheet(event, tekops)
    services.sign_attendance(entry=line_of(sheet, budi), actor=candidate_user, method=SignMethod.ACCOUNT)
    services.sign_attendance(
        entry=line_of(sheet, siti), actor=tekops, method=SignMethod.DRAWN, drawing=drawing()
    )

    with pytest.raises(ValidationError, match="Agus Salim"):
        services.close_attendance(sheet=sheet, actor=tekops)
    services.mark_absent(entry=line_of(sheet, agus), actor=tekops, note="Sakit, surat dokter")
    closed = services.close_attendance(sheet=sheet, actor=tekops)

    text = pdf_text(closed.file)
    assert closed.number.startswith("001/DH/TUK-DISNAKER/")
    assert closed.number in text
    assert "DAFTAR HADIR PESERTA UJI KOMPETENSI" in text
    for name in ("Budi Santoso", "Siti Aminah", "Agus Salim"):
        assert name in text
    assert "Tidak hadir" in text and "Sakit, surat dokter" in text
    assert "melalui akun" in text and "digambar di layar" in text
    assert "Hadir: 2 orang; tidak hadir: 1 orang." in text
    assert pdf_image_count(closed.file) == 1  # Siti's drawn signature
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.sign_attendance(entry=line_of(closed, agus), actor=tekops, method="drawn", drawing=drawing())
    assert AuditEvent.objects.filter(event_type="attendance_sheet.closed").count() == 1


def test_assessors_sign_their_own_line_and_the_list_prints_their_registration_numbers(
    event, tekops, assessors, numbering
):
    sheet = assessors_present(event, tekops)

    text = pdf_text(sheet.file)
    assert "DAFTAR HADIR ASESOR KOMPETENSI" in text
    assert "MET.000.002286.2018" in text and "Wati Susanti" in text


def test_photos_are_jpg_or_png_within_the_size_limit(event, tekops, monkeypatch):
    from .helpers import JPEG, PDF

    with pytest.raises(ValidationError) as wrong_type:
        services.add_photo(event=event, day=event.starts_on, content=PDF, name="foto.pdf", actor=tekops)
    monkeypatch.setattr(services, "PHOTO_MAX_BYTES", 100)
    with pytest.raises(ValidationError) as too_big:
        services.add_photo(event=event, day=event.starts_on, content=JPEG, name="foto.jpg", actor=tekops)
    with pytest.raises(ValidationError) as long_caption:
        services.add_photo(
            event=event, day=event.starts_on, content=JPEG, name="foto.jpg", caption="x" * 256, actor=tekops
        )

    assert "jenis berkas tidak diizinkan" in wrong_type.value.message_dict["file"][0]
    assert "file" in too_big.value.message_dict
    assert "caption" in long_caption.value.message_dict
    assert not event.photos.exists()
