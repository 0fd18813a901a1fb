"""The archive's completeness check, filing it, and the archive search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ujikom.assessment.models import Archive
from ujikom.assessment.selectors_archive import archive_checklist, archive_search
from ujikom.assessment.services_archive import default_retention, file_archive, update_archive

from .flow import review_all
from .helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(event, locked_minutes, tekops, site_head, quality):
    review_all(event, tekops, site_head, quality)
    return locked_minutes


@pytest.fixture
def complete(reviewed, assignment_letters, independent_site_record):
    return reviewed


def present(event) -> dict[str, bool]:
    return {item.key: item.present for item in archive_checklist(event).items}


def test_the_checklist_shows_what_is_there_and_what_is_missing(event, reviewed):
    checklist = archive_checklist(event)

    assert present(event) == {
        "attendance_candidates": True,
        "attendance_assessors": True,
        "minutes": True,
        "meeting_notes": True,
        "results": True,
        "photos": True,
        "assignment_letters": False,
        "site_verification": False,
        "recommendation": True,
    }
    letters = next(item for item in checklist.items if item.key == "assignment_letters")
    assert "Rudi Hartono" in letters.missing[0] and "Wati Susanti" in letters.missing[0]


def test_a_fresh_event_misses_everything(event, assessors):
    checklist = archive_checklist(event)

    assert not checklist.complete
    assert "belum dibuat" in checklist.missing_text()


def test_a_passed_site_verification_counts_for_a_site_verified_per_use(
    event, reviewed, assignment_letters, head_certification, lsp
):
    from ujikom.scheduling.models import SiteVerification

    from .helpers import stored_pdf

    SiteVerification.objects.create(
        event=event,
        site=event.site,
        verifier=head_certification,
        result=SiteVerification.Result.DOES_NOT_MEET,
        result_file=stored_pdf(lsp, "gagal.pdf"),
    )
    assert not present(event)["site_verification"]
    SiteVerification.objects.create(
        event=event,
        site=event.site,
        verifier=head_certification,
        result=SiteVerification.Result.MEETS,
        result_file=stored_pdf(lsp, "lulus.pdf"),
    )
    assert present(event)["site_verification"]


def test_filing_is_refused_while_incomplete_listing_what_is_missing(event, reviewed, admin_staff):
    with pytest.raises(ValidationError) as error:
        file_archive(event=event, actor=admin_staff, location="Lemari A")

    message = " ".join(error.value.messages)
    assert "Arsip belum lengkap" in message
    assert "Surat tugas asesor" in message and "Hasil verifikasi TUK" in message
    assert "Berita acara" not in message
    assert not Archive.objects.exists()


def test_filing_records_location_retention_and_prints_the_index(event, complete, admin_staff, today):
    archive = file_archive(event=event, actor=admin_staff, location="Lemari A, rak 2, map 14")

    assert archive.is_complete and archive.location == "Lemari A, rak 2, map 14"
    assert (
        archive.retain_until == default_retention(event) == event.ends_on.replace(year=event.ends_on.year + 5)
    )
    assert archive.number.startswith("001/ARS/TUK-DISNAKER/")
    assert [item["key"] for item in archive.checklist if item["present"]] == [
        "attendance_candidates",
        "attendance_assessors",
        "minutes",
        "meeting_notes",
        "results",
        "photos",
        "assignment_letters",
        "site_verification",
        "recommendation",
    ]
    text = pdf_text(archive.index_file)
    assert archive.number in text and "DAFTAR ISI ARSIP" in text
    assert "No. Berkas Status Berkas elektronik" in text
    assert "Lemari A, rak 2, map 14" in text and "Berita acara (ditandatangani)" in text
    with pytest.raises(ValidationError, match="sudah diarsipkan"):
        file_archive(event=event, actor=admin_staff, location="Lemari B")


def test_filing_refuses_no_location_and_a_past_retention_date(event, complete, admin_staff, today):
    with pytest.raises(ValidationError) as error:
        file_archive(event=event, actor=admin_staff, location=" ", retain_until=today - dt.timedelta(days=1))

    assert set(error.value.message_dict) == {"location", "retain_until"}


def test_location_and_retention_can_be_changed(event, complete, admin_staff, today):
    archive = file_archive(event=event, actor=admin_staff, location="Lemari A")
    later = today + dt.timedelta(days=3650)

    changed = update_archive(archive=archive, actor=admin_staff, location="Gudang arsip", retain_until=later)

    assert changed.retain_until == later and changed.number == archive.number
    assert "Gudang arsip" in pdf_text(changed.index_file)
    with pytest.raises(ValidationError):
        update_archive(
            archive=archive, actor=admin_staff, location="X", retain_until=today - dt.timedelta(days=1)
        )


def test_a_29_february_is_kept_until_28_february(event, today):
    event.ends_on = dt.date(2024, 2, 29)
    assert default_retention(event) == dt.date(2029, 2, 28)


# ---- search ------------------------------------------------------------------------------------


def test_search_finds_by_title_scheme_candidate_and_nik(event, registrations, admin_staff):
    def titles(**criteria):
        _page, rows = archive_search(admin_staff, **criteria)
        return [row.event.title for row in rows]

    assert titles(query="angkatan i") == [event.title]
    assert titles(query="SKM-OKM") == [event.title]
    assert titles(query="siti amin") == [event.title]
    assert titles(query=registrations[2].nik) == [event.title]
    assert titles(query="tidak ada yang seperti ini") == []
    assert titles(date_from=event.ends_on + dt.timedelta(days=1)) == []
    assert titles(date_to=event.starts_on) == [event.title]
    assert titles(state="archived") == []
    assert titles(state="not_archived") == [event.title]


def test_search_shows_completeness_and_retention(event, complete, admin_staff):
    _page, before = archive_search(admin_staff)
    file_archive(event=event, actor=admin_staff, location="Lemari A")
    _page, after = archive_search(admin_staff, state="archived")

    assert before[0].archive is None and before[0].checklist.complete
    assert after[0].archive.retain_until == default_retention(event)


def test_search_shows_only_events_of_the_users_organizations(event, outsider, admin_staff):
    _page, rows = archive_search(outsider)

    assert rows == []
    assert len(archive_search(admin_staff)[1]) == 1
