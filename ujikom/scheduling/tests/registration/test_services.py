"""Registration rules: batches all or nothing with every refused row, the candidate's own application
with checked uploads, the review transitions with their reasons, the participant card."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ujikom.core.models import RoleAssignment, User
from ujikom.documents.models import StoredFile
from ujikom.notifications.models import OutboxMessage
from ujikom.scheduling import selectors_registration as selectors
from ujikom.scheduling.models import ApplicationDocument, Registration, SelfAssessment, TestEvent
from ujikom.scheduling.services_registration import (
    BatchRefused,
    accept_registration,
    mask_nik,
    register_batch,
    reject_registration,
    resubmit_registration,
    return_registration,
    save_self_assessment,
    self_register,
)

pytestmark = pytest.mark.django_db


# --- batch --------------------------------------------------------------------------------------


def test_batch_registers_every_participant_with_a_candidate_account(event, participants, facilitator, lsp):
    registrations = register_batch(event=event, participants=participants, actor=facilitator)

    assert [r.status for r in registrations] == [Registration.Status.SUBMITTED] * 3
    ahmad = Registration.objects.get(event=event, full_name="Ahmad Fauzi")
    assert ahmad.nik == participants[0].nik and ahmad.birth_place == "Tangerang"
    assert ahmad.program_id == participants[0].program_id
    assert ahmad.candidate.nik == ahmad.nik
    assert RoleAssignment.objects.filter(
        user=ahmad.candidate, organization=lsp, role__key="candidate"
    ).exists()


def test_batch_links_an_existing_account_by_email(event, participants, facilitator, make_user):
    existing = make_user("ahmad", email="AHMAD@example.id", full_name="Ahmad F")

    register_batch(event=event, participants=participants[:1], actor=facilitator)

    registration = Registration.objects.get(event=event)
    assert registration.candidate == existing
    existing.refresh_from_db()
    assert existing.nik == participants[0].nik


def test_batch_with_a_nik_already_in_the_event_registers_nobody(event, participants, facilitator):
    register_batch(event=event, participants=participants[:1], actor=facilitator)

    with pytest.raises(BatchRefused) as refused:
        register_batch(event=event, participants=participants, actor=facilitator)

    assert [(p.row, p.full_name) for p in refused.value.problems] == [(1, "Ahmad Fauzi")]
    assert "sudah terdaftar" in refused.value.problems[0].message
    assert Registration.objects.filter(event=event).count() == 1


def test_batch_over_the_quota_reports_the_rows_that_do_not_fit(
    make_event, card_numbering, participants, facilitator
):
    event = make_event(quota=2)

    with pytest.raises(BatchRefused) as refused:
        register_batch(event=event, participants=participants, actor=facilitator)

    assert [p.row for p in refused.value.problems] == [3]
    assert "Kuota" in refused.value.problems[0].message
    assert not Registration.objects.filter(event=event).exists()
    assert not User.objects.filter(nik__in=[p.nik for p in participants]).exists()


def test_facilitator_may_register_before_the_window_opens_but_not_after_it_closes(
    make_event, participants, facilitator
):
    today = timezone.localdate()
    early = make_event(
        registration_opens_on=today + dt.timedelta(days=2),
        registration_closes_on=today + dt.timedelta(days=5),
    )
    closed = make_event(
        title="Uji lalu",
        registration_opens_on=today - dt.timedelta(days=10),
        registration_closes_on=today - dt.timedelta(days=1),
        starts_on=today + dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=3),
    )

    assert len(register_batch(event=early, participants=participants, actor=facilitator)) == 3
    with pytest.raises(BatchRefused) as refused:
        register_batch(event=closed, participants=participants, actor=facilitator)
    assert refused.value.problems[0].row == 0
    assert "ditutup" in refused.value.problems[0].message
    assert not Registration.objects.filter(event=closed).exists()


def test_rejected_registrations_free_their_place(
    make_event, card_numbering, participants, facilitator, administrasi
):
    event = make_event(quota=1)
    [first] = register_batch(event=event, participants=participants[:1], actor=facilitator)
    reject_registration(registration=first, reason="Berkas palsu", actor=administrasi)

    register_batch(event=event, participants=participants[1:2], actor=facilitator)

    assert Registration.objects.filter(event=event, status=Registration.Status.SUBMITTED).count() == 1


# --- self registration -------------------------------------------------------------------------


def test_candidate_applies_with_the_uploads(event, applicant, applicant_fields, uploads, lsp):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )

    assert registration.status == Registration.Status.SUBMITTED
    assert registration.candidate == applicant
    assert set(registration.documents.values_list("kind", flat=True)) == {"ktp", "photo", "diploma"}
    applicant.refresh_from_db()
    assert applicant.nik == applicant_fields["nik"]
    assert RoleAssignment.objects.filter(user=applicant, organization=lsp, role__key="candidate").exists()


def test_a_bad_file_type_saves_nothing(event, applicant, applicant_fields, uploads, settings):
    fake_photo = SimpleUploadedFile("foto.png", b"%PDF-1.4 not a picture", content_type="image/png")

    with pytest.raises(ValidationError) as error:
        self_register(
            event=event, candidate=applicant, fields=applicant_fields, documents=uploads(photo=fake_photo)
        )

    assert "photo" in error.value.message_dict
    assert not Registration.objects.exists()
    assert not StoredFile.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_missing_required_uploads_and_a_bad_nik_are_reported_at_their_fields(
    event, applicant, applicant_fields
):
    fields = {**applicant_fields, "nik": "3671041705990007"}  # the birth date of a man

    with pytest.raises(ValidationError) as error:
        self_register(event=event, candidate=applicant, fields=fields, documents={})

    assert set(error.value.message_dict) >= {"nik", "ktp", "photo", "diploma"}
    assert "jenis kelamin" in error.value.message_dict["nik"][0]


def test_self_registration_outside_the_window_is_refused(make_event, applicant, applicant_fields, uploads):
    today = timezone.localdate()
    event = make_event(
        registration_opens_on=today + dt.timedelta(days=2),
        registration_closes_on=today + dt.timedelta(days=5),
    )

    with pytest.raises(ValidationError, match="tidak dibuka"):
        self_register(event=event, candidate=applicant, fields=applicant_fields, documents=uploads())


def test_same_nik_twice_in_an_event_is_refused(event, applicant, applicant_fields, uploads):
    self_register(event=event, candidate=applicant, fields=applicant_fields, documents=uploads())

    with pytest.raises(ValidationError) as error:
        self_register(event=event, candidate=applicant, fields=applicant_fields, documents=uploads())

    assert "sudah terdaftar" in error.value.message_dict["nik"][0]


def test_self_assessment_needs_every_unit_and_evidence_for_competent(
    event, applicant, applicant_fields, uploads, scheme
):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )
    first, second = scheme.units.order_by("position")

    with pytest.raises(ValidationError) as error:
        save_self_assessment(registration=registration, answers={first.pk: (True, "")}, actor=applicant)
    assert set(error.value.message_dict) == {f"unit_{first.pk}", f"unit_{second.pk}"}

    save_self_assessment(
        registration=registration,
        answers={first.pk: (True, "Sertifikat pelatihan BLK"), second.pk: (False, "")},
        actor=applicant,
    )
    assert list(SelfAssessment.objects.order_by("unit__position").values_list("competent", flat=True)) == [
        True,
        False,
    ]


# --- review ------------------------------------------------------------------------------------


def test_return_needs_a_reason_and_the_candidate_is_told(
    event, applicant, applicant_fields, uploads, administrasi
):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )

    with pytest.raises(ValidationError) as error:
        return_registration(registration=registration, reason="  ", actor=administrasi)
    assert "reason" in error.value.message_dict

    return_registration(registration=registration, reason="Foto KTP buram", actor=administrasi)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.RETURNED
    assert registration.status_reason == "Foto KTP buram"
    message = OutboxMessage.objects.get(template_code="registration_returned", channel="email")
    assert "Foto KTP buram" in message.body


def test_returned_application_corrected_and_resubmitted(
    event, applicant, applicant_fields, uploads, administrasi
):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )
    return_registration(registration=registration, reason="Foto KTP buram", actor=administrasi)
    old_ktp = registration.documents.get(kind="ktp").file_id

    resubmit_registration(
        registration=registration,
        candidate=applicant,
        fields={**applicant_fields, "birth_place": "Kota Tangerang"},
        documents={"ktp": uploads()["ktp"]},
    )

    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    assert registration.status_reason == ""
    assert registration.birth_place == "Kota Tangerang"
    assert registration.documents.get(kind="ktp").file_id != old_ktp


def test_only_a_returned_application_can_be_resubmitted(event, applicant, applicant_fields, uploads):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )

    with pytest.raises(ValidationError, match="dikembalikan"):
        resubmit_registration(registration=registration, candidate=applicant, fields={}, documents={})


def test_accept_issues_a_numbered_card_and_tells_the_candidate(
    event, applicant, applicant_fields, uploads, administrasi
):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )

    accept_registration(registration=registration, actor=administrasi)

    registration.refresh_from_db()
    year = timezone.localdate().year
    assert registration.status == Registration.Status.ACCEPTED
    assert registration.card_number == f"KP/TUK-DISNAKER/{year}/0001"
    assert registration.card.content_type == "application/pdf"
    assert registration.card.document_type.code == "participant_card"
    assert registration.reviewed_by == administrasi
    assert OutboxMessage.objects.filter(template_code="registration_accepted").count() == 2  # email, WhatsApp


def test_an_accepted_registration_cannot_be_returned(event, participants, facilitator, administrasi):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)
    accept_registration(registration=registration, actor=administrasi)

    with pytest.raises(ValidationError, match="Diterima"):
        return_registration(registration=registration, reason="Salah", actor=administrasi)


def test_accept_without_a_card_numbering_pattern_changes_nothing(
    make_event, participants, facilitator, administrasi
):
    event = make_event()
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)

    with pytest.raises(ValidationError, match="pola penomoran"):
        accept_registration(registration=registration, actor=administrasi)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    assert registration.card is None


def test_nik_is_masked_on_the_card():
    assert mask_nik("3671015703020001") == "367101******0001"


# --- already certified ---------------------------------------------------------------------------


def test_earlier_accepted_registration_in_a_done_event_flags_the_new_one(
    make_event, card_numbering, participants, facilitator, administrasi
):
    today = timezone.localdate()
    earlier = make_event(
        title="Uji lalu",
        registration_opens_on=today - dt.timedelta(days=60),
        registration_closes_on=today - dt.timedelta(days=50),
        starts_on=today - dt.timedelta(days=45),
        ends_on=today - dt.timedelta(days=45),
    )
    Registration.objects.create(
        event=earlier, nik=participants[0].nik, full_name="Ahmad Fauzi", status=Registration.Status.ACCEPTED
    )
    TestEvent.objects.filter(pk=earlier.pk).update(status=TestEvent.Status.DONE)
    event = make_event()

    register_batch(event=event, participants=participants[:2], actor=facilitator)

    flags = dict(Registration.objects.filter(event=event).values_list("full_name", "already_certified"))
    assert flags == {"Ahmad Fauzi": True, "Budi Setiawan": False}


def test_a_registered_checker_flags_the_candidate(event, participants, facilitator, monkeypatch):
    certified = participants[1].nik
    monkeypatch.setattr(
        selectors,
        "CERTIFICATION_CHECKERS",
        [*selectors.CERTIFICATION_CHECKERS, lambda nik, scheme: nik == certified],
    )

    register_batch(event=event, participants=participants, actor=facilitator)

    assert list(Registration.objects.filter(already_certified=True).values_list("nik", flat=True)) == [
        certified
    ]


def test_application_documents_are_kept_per_kind(event, applicant, applicant_fields, uploads):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )

    assert ApplicationDocument.objects.filter(registration=registration).count() == 3
