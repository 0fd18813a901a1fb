"""Assessor assignment (PSM/DISNAKER-10 step 1): who may be proposed, letters, answers."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from ujikom.notifications.models import OutboxMessage
from ujikom.scheduling.models import AssessorAssignment
from ujikom.scheduling.selectors_assignments import (
    assessors_confirmed,
    assignments_for_assessor,
    assignments_of,
)
from ujikom.scheduling.services_assignments import confirm_assignment, decline_assignment, propose_assessor

pytestmark = pytest.mark.django_db


def test_a_competent_assessor_gets_a_numbered_letter_and_a_message(event, lsp_head, assessor, numbering):
    assignment = propose_assessor(
        event=event, assessor=assessor, day=event.starts_on, candidate_count=8, actor=lsp_head
    )

    assert assignment.status == AssessorAssignment.Status.PROPOSED
    assert assignment.letter_number.startswith("001/ST/LSP-STMI/")
    with assignment.letter.file.open("rb") as handle:
        text = PdfReader(BytesIO(handle.read())).pages[0].extract_text()
    assert assignment.letter_number in text and assessor.registration_number in text
    message = OutboxMessage.objects.get(template_code="assessor_assignment")
    assert assessor.user.full_name in message.body and event.site.name in message.body


def test_letters_are_numbered_one_after_another(event, lsp_head, make_assessor, numbering):
    first = propose_assessor(
        event=event, assessor=make_assessor(), day=event.starts_on, candidate_count=8, actor=lsp_head
    )
    second = propose_assessor(
        event=event, assessor=make_assessor(), day=event.starts_on, candidate_count=8, actor=lsp_head
    )

    assert first.letter_number.split("/")[0] == "001"
    assert second.letter_number.split("/")[0] == "002"


def test_an_assessor_whose_registration_expired_is_refused_with_the_reason(
    event, lsp_head, make_assessor, today, numbering
):
    budi = make_assessor(registration_expires_on=today - dt.timedelta(days=40))

    with pytest.raises(ValidationError) as refused:
        propose_assessor(event=event, assessor=budi, day=event.starts_on, candidate_count=5, actor=lsp_head)

    assert "registrasi kedaluwarsa" in refused.value.message_dict["assessor"][0]
    assert not AssessorAssignment.objects.exists()


def test_an_assessor_not_competent_for_the_scheme_is_refused(
    event, lsp_head, make_assessor, other_scheme, numbering
):
    welder = make_assessor(schemes=(other_scheme,))

    with pytest.raises(ValidationError) as refused:
        propose_assessor(event=event, assessor=welder, day=event.starts_on, candidate_count=5, actor=lsp_head)

    assert (
        "tidak berwenang mengases skema Operator Komputer Muda" in refused.value.message_dict["assessor"][0]
    )


def test_an_assessor_busy_elsewhere_that_day_is_refused(make_event, make_site, lsp_head, assessor, numbering):
    first = make_event()
    other = make_event(site=make_site(name="TUK Tempat Kerja PT Sinar"), title="Uji di PT Sinar")
    propose_assessor(event=first, assessor=assessor, day=first.starts_on, candidate_count=5, actor=lsp_head)

    with pytest.raises(ValidationError) as refused:
        propose_assessor(
            event=other, assessor=assessor, day=other.starts_on, candidate_count=5, actor=lsp_head
        )

    message = refused.value.message_dict["assessor"][0]
    assert "dua tempat sekaligus" in message and first.site.name in message


def test_a_declined_assignment_frees_the_day(make_event, make_site, lsp_head, assessor, numbering):
    first = make_event()
    other = make_event(site=make_site(), title="Uji lain")
    assignment = propose_assessor(
        event=first, assessor=assessor, day=first.starts_on, candidate_count=5, actor=lsp_head
    )
    decline_assignment(assignment=assignment, reason="Sakit", actor=assessor.user)

    again = propose_assessor(
        event=other, assessor=assessor, day=other.starts_on, candidate_count=5, actor=lsp_head
    )

    assert again.status == AssessorAssignment.Status.PROPOSED


def test_more_candidates_than_the_daily_cap_are_refused(make_event, lsp_head, assessor, numbering):
    event = make_event(max_candidates_per_assessor_per_day=6)

    with pytest.raises(ValidationError) as refused:
        propose_assessor(
            event=event, assessor=assessor, day=event.starts_on, candidate_count=7, actor=lsp_head
        )

    assert "paling banyak mengases 6 asesi per hari" in refused.value.message_dict["candidate_count"][0]


def test_a_day_outside_the_event_is_refused(event, lsp_head, assessor, numbering):
    with pytest.raises(ValidationError) as refused:
        propose_assessor(
            event=event,
            assessor=assessor,
            day=event.starts_on + dt.timedelta(days=1),
            candidate_count=5,
            actor=lsp_head,
        )

    assert "di luar tanggal uji" in refused.value.message_dict["day"][0]


def test_declining_needs_a_reason_and_confirmation_completes_the_day(
    event, lsp_head, make_assessor, numbering
):
    first = propose_assessor(
        event=event, assessor=make_assessor(), day=event.starts_on, candidate_count=8, actor=lsp_head
    )
    second = propose_assessor(
        event=event, assessor=make_assessor(), day=event.starts_on, candidate_count=8, actor=lsp_head
    )

    with pytest.raises(ValidationError) as refused:
        decline_assignment(assignment=second, reason="  ", actor=second.assessor.user)
    assert "alasan" in refused.value.message_dict["reason"][0]

    confirm_assignment(assignment=first, actor=first.assessor.user)
    assert not assessors_confirmed(event)  # the second one has not answered yet
    decline_assignment(assignment=second, reason="Bertugas di luar kota", actor=second.assessor.user)

    assert assessors_confirmed(event)
    assert [a.status for a in assignments_of(event)] == ["confirmed", "declined"]
    second.refresh_from_db()
    assert second.reason == "Bertugas di luar kota" and second.responded_at is not None


def test_a_declined_assignment_cannot_be_confirmed(event, lsp_head, assessor, numbering):
    assignment = propose_assessor(
        event=event, assessor=assessor, day=event.starts_on, candidate_count=8, actor=lsp_head
    )
    decline_assignment(assignment=assignment, reason="Berhalangan", actor=assessor.user)

    with pytest.raises(ValidationError):
        confirm_assignment(assignment=assignment, actor=assessor.user)


def test_every_test_day_needs_a_confirmed_assessor(make_event, lsp_head, assessor, numbering, today):
    starts = today + dt.timedelta(days=20)
    event = make_event(starts_on=starts, ends_on=starts + dt.timedelta(days=1))
    first_day = propose_assessor(
        event=event, assessor=assessor, day=starts, candidate_count=8, actor=lsp_head
    )
    confirm_assignment(assignment=first_day, actor=assessor.user)

    assert not assessors_confirmed(event)

    second_day = propose_assessor(
        event=event, assessor=assessor, day=starts + dt.timedelta(days=1), candidate_count=8, actor=lsp_head
    )
    confirm_assignment(assignment=second_day, actor=assessor.user)
    assert assessors_confirmed(event)


def test_my_assignments_list_upcoming_first(make_event, lsp_head, assessor, numbering, today):
    later = make_event(starts_on=today + dt.timedelta(days=30), title="Nanti")
    sooner = make_event(starts_on=today + dt.timedelta(days=10), title="Segera")
    for event in (later, sooner):
        propose_assessor(
            event=event, assessor=assessor, day=event.starts_on, candidate_count=5, actor=lsp_head
        )

    assert [a.event.title for a in assignments_for_assessor(assessor.user)] == ["Segera", "Nanti"]


def test_a_confirmed_assessor_plays_the_assessor_in_the_facilitators_sop(
    event, lsp_head, assessor, numbering
):
    from ujikom.core.access import role_keys

    assignment = propose_assessor(
        event=event, assessor=assessor, day=event.starts_on, candidate_count=8, actor=lsp_head
    )
    assert "assessor" not in role_keys(assessor.user, event.facilitator)

    confirm_assignment(assignment=assignment, actor=assessor.user)

    fresh = type(assessor.user).objects.get(pk=assessor.user.pk)  # role lookups are cached per user object
    assert "assessor" in role_keys(fresh, event.facilitator)
