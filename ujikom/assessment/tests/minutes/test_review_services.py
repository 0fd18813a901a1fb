"""The review chain (kaji ulang), its minutes of meeting and the recommendation to the LSP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ujikom.assessment.models import Recommendation, Review
from ujikom.assessment.services_minutes import prepare_minutes
from ujikom.assessment.services_review import record_meeting_notes, record_review

from .helpers import pdf_text, zip_member, zip_names

pytestmark = pytest.mark.django_db

Stage, Outcome = Review.Stage, Review.Outcome


def meeting(event, actor, **fields):
    values = {
        "held_at": timezone.now() - dt.timedelta(hours=1),
        "place": "Ruang rapat TUK Disnaker",
        "attendees": "Agus Teknis\nHendra Kepala TUK\nSri Mutu",
        "agenda": "Kaji ulang pelaksanaan uji kompetensi",
        "discussion": "Pelaksanaan sesuai jadwal; berkas lengkap.",
        "conclusions": "Berkas direkomendasikan ke LSP.",
    }
    values.update(fields)
    return record_meeting_notes(event=event, actor=actor, **values)


def approve(event, stage, actor, notes="Sesuai."):
    return record_review(event=event, stage=stage, outcome=Outcome.APPROVED, notes=notes, actor=actor)


def test_review_waits_for_signed_minutes(event, tested, tekops, numbering):
    prepare_minutes(event=event, actor=tekops)

    with pytest.raises(ValidationError, match="setelah berita acara uji kompetensi ditandatangani lengkap"):
        approve(event, Stage.TECHNICAL, tekops)


def test_the_chain_goes_in_order_with_clear_messages(event, locked_minutes, tekops, site_head, quality):
    with pytest.raises(ValidationError) as early:
        approve(event, Stage.QUALITY, quality)
    approve(event, Stage.TECHNICAL, tekops)
    with pytest.raises(ValidationError) as again:
        approve(event, Stage.TECHNICAL, tekops)
    with pytest.raises(ValidationError) as skipped:
        approve(event, Stage.FINAL, site_head)

    assert "Kaji ulang Manajemen Mutu menunggu kaji ulang Teknis Operasional" in " ".join(
        early.value.messages
    )
    assert "sudah dicatat oleh Agus Teknis" in " ".join(again.value.messages)
    assert "menunggu kaji ulang Kepala TUK" in " ".join(skipped.value.messages)


def test_each_stage_is_reviewed_by_its_role(event, locked_minutes, tekops, site_head, quality, admin_staff):
    with pytest.raises(PermissionDenied, match="Bidang Teknis Operasional"):
        approve(event, Stage.TECHNICAL, site_head)
    with pytest.raises(PermissionDenied):
        approve(event, Stage.TECHNICAL, admin_staff)
    approve(event, Stage.TECHNICAL, tekops)
    with pytest.raises(PermissionDenied, match="Kepala TUK"):
        approve(event, Stage.SITE_HEAD, quality)


def test_notes_are_required(event, locked_minutes, tekops):
    with pytest.raises(ValidationError) as error:
        record_review(event=event, stage=Stage.TECHNICAL, outcome=Outcome.APPROVED, notes="  ", actor=tekops)

    assert "notes" in error.value.message_dict


def test_quality_review_needs_the_minutes_of_meeting(event, locked_minutes, tekops, site_head, quality):
    approve(event, Stage.TECHNICAL, tekops)
    approve(event, Stage.SITE_HEAD, site_head)

    with pytest.raises(ValidationError, match="Minutes of meeting kaji ulang belum dibuat"):
        approve(event, Stage.QUALITY, quality)


def test_the_minutes_of_meeting_is_numbered_and_printed(event, locked_minutes, quality):
    notes = meeting(event, quality)

    text = pdf_text(notes.file)
    assert notes.number.startswith("001/MoM/TUK-DISNAKER/")
    assert notes.number in text and "MINUTES OF MEETING" in text
    assert "Hendra Kepala TUK" in text and "Berkas direkomendasikan ke LSP." in text

    corrected = meeting(event, quality, conclusions="Direkomendasikan dengan catatan.")
    assert corrected.pk == notes.pk and corrected.number == notes.number
    assert "Direkomendasikan dengan catatan." in pdf_text(corrected.file)


def test_the_minutes_of_meeting_refuses_empty_fields_and_future_times(event, locked_minutes, quality):
    with pytest.raises(ValidationError) as error:
        meeting(event, quality, place="", held_at=timezone.now() + dt.timedelta(days=1))

    assert set(error.value.message_dict) == {"place", "held_at"}
    assert "belum terjadi" in error.value.message_dict["held_at"][0]


def test_quality_approval_makes_the_recommendation_with_the_whole_package(
    event, locked_minutes, tekops, site_head, quality
):
    approve(event, Stage.TECHNICAL, tekops)
    approve(event, Stage.SITE_HEAD, site_head)
    meeting(event, quality)

    approve(event, Stage.QUALITY, quality, notes="Berkas hasil lengkap; direkomendasikan.")

    recommendation = Recommendation.objects.get(event=event)
    assert recommendation.number.startswith("560/001/REK-Disnaker/")
    letter = pdf_text(recommendation.letter)
    assert recommendation.number in letter
    assert "Kompeten (K): 2 orang" in letter and "Belum Kompeten (BK): 1 orang" in letter
    k_part, bk_part = letter.split("Belum Kompeten (BK)")[0], letter.split("Belum Kompeten (BK)")[1]
    assert "Budi Santoso" in k_part and "Siti Aminah" in k_part and "Agus Salim" in bk_part
    names = zip_names(recommendation.package)
    assert names[:5] == [
        "01-surat-rekomendasi.pdf",
        "02-berita-acara.pdf",
        "03-berkas-hasil-uji-kompetensi.zip",
        "04-dokumentasi.zip",
        "05-minutes-of-meeting.pdf",
    ]
    assert len([n for n in names if n.startswith("06-daftar-hadir/")]) == 2
    assert zip_member(recommendation.package, "02-berita-acara.pdf").startswith(b"%PDF")


def test_a_return_restarts_the_chain_and_keeps_the_history(event, locked_minutes, tekops, site_head, quality):
    approve(event, Stage.TECHNICAL, tekops)
    returned = record_review(
        event=event, stage=Stage.SITE_HEAD, outcome=Outcome.RETURNED, notes="Foto kurang.", actor=site_head
    )

    assert not returned.is_current
    assert Review.objects.filter(event=event).count() == 2
    assert not Review.objects.filter(event=event, is_current=True).exists()
    with pytest.raises(ValidationError, match="menunggu kaji ulang Teknis Operasional"):
        approve(event, Stage.SITE_HEAD, site_head)
    approve(event, Stage.TECHNICAL, tekops, notes="Foto sudah dilengkapi.")
    approve(event, Stage.SITE_HEAD, site_head)
    assert Review.objects.filter(event=event, is_current=True).count() == 2


def test_a_return_after_the_recommendation_makes_it_again_under_the_same_number(
    event, locked_minutes, tekops, site_head, quality
):
    approve(event, Stage.TECHNICAL, tekops)
    approve(event, Stage.SITE_HEAD, site_head)
    meeting(event, quality)
    approve(event, Stage.QUALITY, quality)
    first = Recommendation.objects.get(event=event)
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        meeting(event, quality, conclusions="Perubahan.")
    record_review(
        event=event, stage=Stage.FINAL, outcome=Outcome.RETURNED, notes="Periksa ulang.", actor=site_head
    )
    approve(event, Stage.TECHNICAL, tekops)
    approve(event, Stage.SITE_HEAD, site_head)
    meeting(event, quality, conclusions="Perubahan.")
    approve(event, Stage.QUALITY, quality)

    again = Recommendation.objects.get(event=event)
    assert again.number == first.number and again.package_id != first.package_id


def test_the_minutes_of_meeting_waits_for_signed_minutes(event, tested, tekops, quality, numbering):
    prepare_minutes(event=event, actor=tekops)

    with pytest.raises(ValidationError, match="setelah berita acara uji kompetensi ditandatangani lengkap"):
        meeting(event, quality)


def test_no_return_once_the_lsp_has_received_the_recommendation(
    event, locked_minutes, tekops, site_head, quality, head_certification
):
    approve(event, Stage.TECHNICAL, tekops)
    approve(event, Stage.SITE_HEAD, site_head)
    meeting(event, quality)
    approve(event, Stage.QUALITY, quality)
    Recommendation.objects.filter(event=event).update(
        received_at=timezone.now(), received_by=head_certification
    )

    with pytest.raises(ValidationError, match="sudah diterima LSP"):
        record_review(
            event=event, stage=Stage.FINAL, outcome=Outcome.RETURNED, notes="Ulang.", actor=site_head
        )
    approve(event, Stage.FINAL, site_head)
    assert Review.objects.filter(event=event, is_current=True).count() == 4
