"""Site verification (STMI step 4): the verifier's letter, the checklist, the result form."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from ujikom.registry.models import TestSite
from ujikom.scheduling.models import SiteVerification
from ujikom.scheduling.services_assignments import (
    assign_site_verifier,
    record_site_verification,
    site_verified,
)

pytestmark = pytest.mark.django_db

ALL_OK = {key: {"ok": True, "note": ""} for key in ("facilities", "equipment", "materials", "k3", "capacity")}


def pdf_text(stored) -> str:
    with stored.file.open("rb") as handle:
        return "".join(page.extract_text() for page in PdfReader(BytesIO(handle.read())).pages)


def test_assigning_a_verifier_issues_a_numbered_letter_naming_the_site(event, lsp_head, assessor, numbering):
    verification = assign_site_verifier(event=event, verifier=assessor.user, actor=lsp_head)

    assert verification.letter_number.startswith("001/ST/LSP-STMI/")
    text = pdf_text(verification.letter)
    assert verification.letter_number in text
    assert assessor.user.full_name in text and event.site.name in text
    assert verification.letter.document_type.code == "assignment_letter"
    assert not site_verified(event)


def test_the_verifier_fills_the_checklist_and_the_result_form_is_stored(event, lsp_head, assessor, numbering):
    verification = assign_site_verifier(event=event, verifier=assessor.user, actor=lsp_head)
    checklist = {**ALL_OK, "k3": {"ok": True, "note": "APAR tersedia dan masih berlaku"}}

    record_site_verification(
        verification=verification, checklist=checklist, result="memenuhi", notes="Siap", actor=assessor.user
    )

    verification.refresh_from_db()
    assert verification.passed and verification.verified_at is not None
    assert verification.checklist["k3"] == {"ok": True, "note": "APAR tersedia dan masih berlaku"}
    assert verification.result_file.document_type.code == "site_verification"
    assert verification.result_number.startswith("01/VTUK/LSP-STMI/")
    text = pdf_text(verification.result_file)
    assert "APAR tersedia" in text and "MEMENUHI" in text and verification.letter_number in text
    assert site_verified(event)


def test_a_failing_item_needs_a_note_and_forbids_a_passing_result(event, lsp_head, assessor, numbering):
    verification = assign_site_verifier(event=event, verifier=assessor.user, actor=lsp_head)
    checklist = {**ALL_OK, "equipment": {"ok": False, "note": ""}}

    with pytest.raises(ValidationError) as refused:
        record_site_verification(
            verification=verification, checklist=checklist, result="memenuhi", actor=lsp_head
        )

    errors = refused.value.message_dict
    assert "Tulis catatan" in errors["equipment_note"][0]
    assert "tidak dapat dinyatakan memenuhi" in errors["result"][0]
    verification.refresh_from_db()
    assert verification.result == "" and verification.result_file is None


def test_capacity_below_the_quota_cannot_be_ticked_as_fitting(
    make_event, make_site, lsp_head, assessor, numbering
):
    event = make_event(site=make_site(capacity=10), quota=16)
    verification = assign_site_verifier(event=event, verifier=assessor.user, actor=lsp_head)

    with pytest.raises(ValidationError) as refused:
        record_site_verification(
            verification=verification, checklist=ALL_OK, result="memenuhi", actor=lsp_head
        )

    assert "lebih kecil dari kuota 16" in refused.value.message_dict["capacity_ok"][0]


def test_a_site_that_does_not_meet_the_requirements_stays_unverified(event, lsp_head, assessor, numbering):
    verification = assign_site_verifier(event=event, verifier=assessor.user, actor=lsp_head)
    checklist = {**ALL_OK, "k3": {"ok": False, "note": "Jalur evakuasi tertutup"}}

    with pytest.raises(ValidationError) as refused:
        record_site_verification(
            verification=verification, checklist=checklist, result="tidak_memenuhi", actor=lsp_head
        )
    assert "notes" in refused.value.message_dict

    record_site_verification(
        verification=verification,
        checklist=checklist,
        result="tidak_memenuhi",
        notes="Perbaiki K3",
        actor=lsp_head,
    )
    assert not site_verified(event)


def test_only_staff_or_assessors_of_the_lsp_may_verify(event, lsp_head, outsider, numbering):
    with pytest.raises(ValidationError) as refused:
        assign_site_verifier(event=event, verifier=outsider, actor=lsp_head)

    assert "staf atau asesor aktif" in refused.value.message_dict["verifier"][0]
    assert not SiteVerification.objects.exists()


def test_without_a_numbering_pattern_the_letter_is_refused_with_a_clear_message(event, lsp_head, assessor):
    with pytest.raises(ValidationError) as refused:
        assign_site_verifier(event=event, verifier=assessor.user, actor=lsp_head)

    assert "Belum ada pola penomoran Surat Tugas" in refused.value.message_dict["verifier"][0]
    assert not SiteVerification.objects.exists()


def test_a_valid_tuk_mandiri_counts_as_verified_through_the_last_test_day(make_event, make_site, today):
    valid = make_site(kind=TestSite.Kind.INDEPENDENT, verified_until=today + dt.timedelta(days=100))
    lapses = make_site(kind=TestSite.Kind.INDEPENDENT, verified_until=today + dt.timedelta(days=15))
    starts = today + dt.timedelta(days=14)

    assert site_verified(make_event(site=valid))
    assert not site_verified(make_event(site=lapses, starts_on=starts, ends_on=starts + dt.timedelta(days=2)))


def test_a_temporary_site_needs_a_passing_verification_for_this_very_event(
    make_event, temporary_site, lsp_head, assessor, numbering
):
    first = make_event(site=temporary_site)
    second = make_event(site=temporary_site, title="Angkatan II")
    verification = assign_site_verifier(event=first, verifier=assessor.user, actor=lsp_head)
    record_site_verification(verification=verification, checklist=ALL_OK, result="memenuhi", actor=lsp_head)

    assert site_verified(first)
    assert not site_verified(second)
