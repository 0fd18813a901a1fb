"""Preparing, signing and locking the minutes (berita acara) of an event."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ujikom.assessment.models import Minutes, MinutesSignature, SignMethod
from ujikom.assessment.results import results_locked
from ujikom.assessment.services_minutes import prepare_minutes, sign_minutes
from ujikom.core.models import RoleAssignment

from .helpers import pdf_text, png, zip_member, zip_names

pytestmark = pytest.mark.django_db


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_minutes_list_candidates_with_their_recommendation_and_the_assessors(
    event, tested, tekops, numbering
):
    minutes = prepare_minutes(event=event, actor=tekops, notes="Uji berjalan lancar.")

    text = pdf_text(minutes.file)
    assert minutes.number.startswith("001/BA/TUK-DISNAKER/")
    assert minutes.number in text
    assert "BERITA ACARA UJI KOMPETENSI" in text
    for name in ("Budi Santoso", "Siti Aminah", "Agus Salim", "Rudi Hartono", "Wati Susanti"):
        assert name in text
    assert "MET.000.002286.2018" in text and "001/ST/LSP-STMI/XI/2026" in text
    assert text.count("Kompeten (K)") >= 2 and "Belum Kompeten (BK)" in text
    assert "Direkomendasikan Kompeten (K)" in text
    assert "Uji berjalan lancar." in text
    assert "Hendra Kepala TUK" in text and "(belum ditandatangani)" in text
    assert {(s.role, s.signer.username) for s in minutes.signatures.all()} == {
        ("assessor", "asesor1"),
        ("assessor", "asesor2"),
        ("site_head", "kepala.tuk"),
    }


def test_minutes_are_refused_while_an_attendance_list_is_open_listing_it(
    event, one_bk, close_attendance, tekops, numbering
):
    close_attendance(present=one_bk, closed=False)

    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "Absensi peserta tanggal" in messages_of(error) and "belum ditutup" in messages_of(error)
    assert "Absensi asesor tanggal" in messages_of(error)
    assert not Minutes.objects.exists()


def test_minutes_are_refused_without_attendance_lists(event, one_bk, tekops, numbering):
    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "Absensi peserta tanggal" in messages_of(error) and "belum dibuat" in messages_of(error)


def test_minutes_are_refused_while_a_present_candidate_has_no_recommendation(
    event, registrations, record_results, close_attendance, tekops, numbering
):
    budi, siti, agus = registrations
    record_results({budi: ["K", "K", "K"]})
    close_attendance(present=[budi, siti], absent=[agus])

    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "Hasil asesmen belum lengkap" in messages_of(error)
    assert "Siti Aminah" in messages_of(error) and "Agus Salim" not in messages_of(error)


def test_an_absent_candidate_is_listed_as_absent_without_a_recommendation(
    event, registrations, record_results, close_attendance, tekops, numbering
):
    budi, siti, agus = registrations
    record_results({budi: ["K", "K", "K"], siti: ["K", "BK", "K"]})
    close_attendance(present=[budi, siti], absent=[agus])

    text = pdf_text(prepare_minutes(event=event, actor=tekops).file)

    assert "Tidak hadir" in text
    assert "Belum Kompeten (BK)" in text


def test_minutes_are_refused_when_the_site_has_no_head(event, tested, tekops, numbering, site_head):
    event.site.head = None
    event.site.save()
    RoleAssignment.objects.filter(user=site_head).delete()

    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "belum mempunyai Kepala TUK" in messages_of(error)


def test_a_site_without_a_named_head_is_signed_by_the_holder_of_the_site_head_role(
    event, tested, tekops, numbering, site_head
):
    event.site.head = None
    event.site.save()

    minutes = prepare_minutes(event=event, actor=tekops)

    assert minutes.signatures.get(role="site_head").signer == site_head


def test_minutes_are_refused_without_a_numbering_pattern(event, tested, tekops):
    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "Belum ada pola penomoran Berita Acara" in messages_of(error)


def test_minutes_are_refused_before_the_test_day(event, tested, tekops, numbering, today):
    import datetime as dt

    event.starts_on = event.ends_on = today + dt.timedelta(days=3)
    event.save()

    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "belum dilaksanakan" in messages_of(error)


def test_unsigned_minutes_are_prepared_again_under_the_same_number(
    event, tested, tekops, numbering, record_results, assessors
):
    first = prepare_minutes(event=event, actor=tekops)
    first_file = first.file

    again = prepare_minutes(event=event, actor=tekops, notes="Dicetak ulang.")

    assert again.pk == first.pk and again.number == first.number
    assert again.file != first_file
    assert "Dicetak ulang." in pdf_text(again.file)
    assert again.signatures.count() == 3


def test_signed_minutes_are_not_prepared_again_unless_results_changed(
    event, tested, tekops, numbering, assessors
):
    minutes = prepare_minutes(event=event, actor=tekops)
    sign_minutes(minutes=minutes, actor=assessors[0].user, method=SignMethod.ACCOUNT)

    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "sudah ditandatangani oleh Rudi Hartono" in messages_of(error)


def test_a_change_of_results_after_signing_asks_for_new_minutes_and_new_signatures(
    event, tested, tekops, numbering, assessors
):
    from django.utils import timezone

    from ujikom.assessment.models import UnitResult

    minutes = prepare_minutes(event=event, actor=tekops)
    sign_minutes(minutes=minutes, actor=assessors[0].user, method=SignMethod.ACCOUNT)
    agus = tested[2]
    current = UnitResult.objects.get(assessment__registration=agus, is_current=True, verdict="BK")
    current.is_current = False
    current.save()
    UnitResult.objects.create(
        assessment=current.assessment,
        unit=current.unit,
        verdict="K",
        assessor=assessors[0],
        recorded_by=assessors[0].user,
        recorded_at=timezone.now(),
        supersedes=current,
    )

    with pytest.raises(ValidationError) as refused:
        sign_minutes(minutes=minutes, actor=assessors[1].user, method=SignMethod.ACCOUNT)
    again = prepare_minutes(event=event, actor=tekops)

    assert "berubah setelah berita acara dicetak" in messages_of(refused)
    assert again.number == minutes.number
    assert not again.signatures.filter(signed_at__isnull=False).exists()


def test_only_a_signer_signs_and_only_once(event, tested, tekops, numbering, assessors, unassigned_assessor):
    minutes = prepare_minutes(event=event, actor=tekops)

    with pytest.raises(PermissionDenied):
        sign_minutes(minutes=minutes, actor=tekops, method=SignMethod.ACCOUNT)
    with pytest.raises(PermissionDenied):
        sign_minutes(minutes=minutes, actor=unassigned_assessor.user, method=SignMethod.ACCOUNT)
    sign_minutes(minutes=minutes, actor=assessors[0].user, method=SignMethod.ACCOUNT)
    with pytest.raises(ValidationError, match="sudah menandatangani"):
        sign_minutes(minutes=minutes, actor=assessors[0].user, method=SignMethod.ACCOUNT)
    with pytest.raises(ValidationError, match="Pilih cara tanda tangan"):
        sign_minutes(minutes=minutes, actor=assessors[1].user, method="faks")

    assert MinutesSignature.objects.filter(signed_at__isnull=False).count() == 1
    assert not results_locked(event)


def test_the_last_signature_locks_the_results_and_prints_every_signature(
    event, tested, tekops, numbering, assessors, site_head, add_photo, add_instrument, units
):
    import base64

    add_photo("Pembukaan uji")
    add_photo("Praktik")
    add_instrument(tested[0], "FR.AK.01")
    add_instrument(tested[0], "FR.IA.01", units[0])
    add_instrument(tested[2], "FR.AK.02")
    minutes = prepare_minutes(event=event, actor=tekops)
    drawing = "data:image/png;base64," + base64.b64encode(png(120, 40)).decode()

    sign_minutes(minutes=minutes, actor=assessors[0].user, method=SignMethod.DRAWN, drawing=drawing)
    sign_minutes(minutes=minutes, actor=assessors[1].user, method=SignMethod.ACCOUNT)
    assert not results_locked(event)
    sign_minutes(minutes=minutes, actor=site_head, method=SignMethod.ACCOUNT)

    minutes.refresh_from_db()
    assert results_locked(event) and minutes.locked_at is not None
    text = pdf_text(minutes.file)
    assert minutes.number in text
    assert "tanda tangan digambar di layar" in text
    assert text.count("ditandatangani secara elektronik melalui akun") == 2
    assert "(belum ditandatangani)" not in text

    names = zip_names(minutes.results_bundle)
    assert "rekap-hasil-uji-kompetensi.pdf" in names
    assert any(name.startswith("01-agus-salim/") and "FR.AK.02" in name for name in names)
    assert any(name.startswith("02-budi-santoso/") and "FR.IA.01-J.63OPR00.001.2" in name for name in names)
    recap = pdf_text(zip_member(minutes.results_bundle, "rekap-hasil-uji-kompetensi.pdf"))
    assert "REKAP HASIL UJI KOMPETENSI" in recap and "No. Nama NIK" in recap
    assert "J.63OPR00.003.2" in recap and "Agus Salim" in recap and "BK" in recap

    photos = zip_names(minutes.photos_bundle)
    assert "daftar-foto.pdf" in photos
    assert len([name for name in photos if name.startswith("foto/")]) == 2
    assert "Pembukaan uji" in pdf_text(zip_member(minutes.photos_bundle, "daftar-foto.pdf"))


def test_locked_minutes_cannot_be_prepared_again_nor_signed(event, locked_minutes, tekops, site_head):
    with pytest.raises(ValidationError, match="sudah dikunci"):
        prepare_minutes(event=event, actor=tekops)
    with pytest.raises(ValidationError, match="sudah dikunci"):
        sign_minutes(minutes=locked_minutes, actor=site_head, method=SignMethod.ACCOUNT)


def test_minutes_are_refused_without_a_confirmed_assessor(
    event, registrations, close_attendance, tekops, numbering
):
    close_attendance(present=[])
    event.assessor_assignments.update(status="declined")

    with pytest.raises(ValidationError) as error:
        prepare_minutes(event=event, actor=tekops)

    assert "Belum ada asesor yang dikonfirmasi" in messages_of(error)
