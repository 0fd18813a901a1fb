"""Pages of site verification, assessor assignment and the assessor portal, as each person sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ujikom.scheduling import services_assignments
from ujikom.scheduling.models import AssessorAssignment, SiteVerification
from ujikom.scheduling.services_assignments import assign_site_verifier, propose_assessor

pytestmark = pytest.mark.django_db


def test_the_lsp_assigns_a_verifier_who_fills_in_the_checklist(
    client_for, event, lsp_head, assessor, numbering, monkeypatch
):
    recorded = []
    monkeypatch.setattr(
        services_assignments, "record_step_output", lambda **kwargs: recorded.append(kwargs["action"]) or []
    )
    page = reverse("scheduling:site_verification", args=[event.public_id])

    response = client_for(lsp_head).post(page, {"verifier": str(assessor.user.public_id)})

    assert response.status_code == 302
    verification = SiteVerification.objects.get()
    assert recorded == ["scheduling.registration"]
    fill = reverse("scheduling:site_verification_fill", args=[verification.public_id])
    verifier = client_for(assessor.user)
    answers = {f"{key}_ok": "1" for key in services_assignments.CHECKLIST_KEYS}
    refused = verifier.post(fill, {**answers, "equipment_ok": "0", "result": "memenuhi"})
    assert refused.status_code == 422
    assert "Tulis catatan mengapa butir Peralatan uji sesuai skema tidak sesuai." in refused.content.decode()

    done = verifier.post(fill, {**answers, "result": "memenuhi", "notes": "Lengkap"})

    assert done.status_code == 302
    assert recorded == ["scheduling.registration", "scheduling.site_verification"]
    shown = client_for(lsp_head).get(page).content.decode()
    assert "TUK terverifikasi untuk uji ini" in shown and "Memenuhi" in shown
    result = verifier.get(
        reverse("scheduling:site_verification_file", args=[verification.public_id, "hasil"])
    )
    assert result.status_code == 200 and result["Content-Type"] == "application/pdf"


def test_the_facilitator_sees_the_verification_but_cannot_assign(
    client_for, event, disnaker_admin_staff, assessor, numbering
):
    page = reverse("scheduling:site_verification", args=[event.public_id])
    client = client_for(disnaker_admin_staff)

    shown = client.get(page)
    refused = client.post(page, {"verifier": str(assessor.user.public_id)})

    assert shown.status_code == 200 and "Tugaskan verifikator" not in shown.content.decode()
    assert refused.status_code == 403
    assert not SiteVerification.objects.exists()


@pytest.mark.parametrize("name", ["site_verification", "assessor_assignment"])
def test_event_pages_refuse_outsiders_with_404_and_members_without_the_role_with_403(
    client_for, event, outsider, disnaker_candidate, name
):
    page = reverse(f"scheduling:{name}", args=[event.public_id])

    assert client_for(outsider).get(page).status_code == 404
    assert client_for(disnaker_candidate).get(page).status_code == 403


def test_another_person_cannot_fill_a_verification(
    client_for, event, lsp_head, assessor, disnaker_admin_staff, numbering
):
    verification = assign_site_verifier(event=event, verifier=assessor.user, actor=lsp_head)
    fill = reverse("scheduling:site_verification_fill", args=[verification.public_id])

    assert client_for(disnaker_admin_staff).get(fill).status_code == 403


def test_proposing_an_expired_assessor_shows_the_reason_on_the_form(
    client_for, event, lsp_head, make_assessor, today, numbering
):
    budi = make_assessor(registration_expires_on=today - dt.timedelta(days=10))
    page = reverse("scheduling:assessor_assignment", args=[event.public_id])

    response = client_for(lsp_head).post(
        page, {"assessor": str(budi.public_id), "day": event.starts_on.isoformat(), "candidate_count": "8"}
    )

    assert response.status_code == 422
    assert "registrasi kedaluwarsa" in response.content.decode()
    assert not AssessorAssignment.objects.exists()


def test_a_proposal_appears_with_its_letter_and_the_assessor_confirms_in_the_portal(
    client_for, event, lsp_head, assessor, numbering
):
    page = reverse("scheduling:assessor_assignment", args=[event.public_id])
    proposed = client_for(lsp_head).post(
        page,
        {"assessor": str(assessor.public_id), "day": event.starts_on.isoformat(), "candidate_count": "8"},
    )
    assert proposed.status_code == 302
    assignment = AssessorAssignment.objects.get()
    assert assignment.letter_number in client_for(lsp_head).get(page).content.decode()

    portal = client_for(assessor.user)
    listed = portal.get(reverse("scheduling:assessor_portal")).content.decode()
    assert event.title in listed and assignment.letter_number in listed
    letter = portal.get(reverse("scheduling:assignment_letter", args=[assignment.public_id]))
    assert letter.status_code == 200

    portal.post(reverse("scheduling:assignment_confirm", args=[assignment.public_id]))

    assignment.refresh_from_db()
    assert assignment.status == AssessorAssignment.Status.CONFIRMED
    assert "Semua hari uji memiliki asesor" in client_for(lsp_head).get(page).content.decode()


def test_declining_in_the_portal_requires_a_reason(client_for, event, lsp_head, assessor, numbering):
    assignment = propose_assessor(
        event=event, assessor=assessor, day=event.starts_on, candidate_count=5, actor=lsp_head
    )
    decline = reverse("scheduling:assignment_decline", args=[assignment.public_id])
    portal = client_for(assessor.user)

    refused = portal.post(decline, {"reason": ""})
    assert refused.status_code == 422 and "Tulis alasan menolak penugasan ini." in refused.content.decode()

    portal.post(decline, {"reason": "Bertugas di Surabaya"})
    assignment.refresh_from_db()
    assert (
        assignment.status == AssessorAssignment.Status.DECLINED
        and assignment.reason == "Bertugas di Surabaya"
    )


def test_the_portal_shows_only_ones_own_assignments(
    client_for, make_event, lsp_head, make_assessor, numbering
):
    mine, theirs = make_assessor(), make_assessor()
    event = make_event(title="Uji milik saya")
    other = make_event(title="Uji asesor lain")
    propose_assessor(event=event, assessor=mine, day=event.starts_on, candidate_count=5, actor=lsp_head)
    their_assignment = propose_assessor(
        event=other, assessor=theirs, day=other.starts_on, candidate_count=5, actor=lsp_head
    )
    portal = client_for(mine.user)

    listed = portal.get(reverse("scheduling:assessor_portal")).content.decode()

    assert "Uji milik saya" in listed and "Uji asesor lain" not in listed
    assert (
        portal.post(reverse("scheduling:assignment_confirm", args=[their_assignment.public_id])).status_code
        == 404
    )
    # a fellow assessor of the LSP is a member there, without the right to see its events
    assert (
        portal.get(reverse("scheduling:assignment_letter", args=[their_assignment.public_id])).status_code
        == 403
    )


def test_the_portal_is_refused_to_someone_who_is_not_an_assessor(client_for, disnaker_admin_staff):
    assert client_for(disnaker_admin_staff).get(reverse("scheduling:assessor_portal")).status_code == 403


def test_the_assignment_page_keeps_its_query_count_with_more_assessors(
    client_for, make_event, lsp_head, make_assessor, numbering, today, django_assert_max_num_queries
):
    starts = today + dt.timedelta(days=20)
    event = make_event(starts_on=starts, ends_on=starts + dt.timedelta(days=2))
    for offset in range(3):
        for _ in range(3):
            propose_assessor(
                event=event,
                assessor=make_assessor(),
                day=starts + dt.timedelta(days=offset),
                candidate_count=5,
                actor=lsp_head,
            )
    client = client_for(lsp_head)
    page = reverse("scheduling:assessor_assignment", args=[event.public_id])

    with django_assert_max_num_queries(20):
        assert client.get(page).status_code == 200


def test_the_portal_keeps_its_query_count(
    client_for, make_event, lsp_head, assessor, numbering, today, django_assert_max_num_queries
):
    for offset in range(5):
        event = make_event(starts_on=today + dt.timedelta(days=10 + offset), title=f"Uji {offset}")
        propose_assessor(
            event=event, assessor=assessor, day=event.starts_on, candidate_count=5, actor=lsp_head
        )
    client = client_for(assessor.user)

    with django_assert_max_num_queries(15):
        assert client.get(reverse("scheduling:assessor_portal")).status_code == 200
