"""The minutes, review and archive pages: who sees and does what, and what they show."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ujikom.assessment.models import Archive, MeetingNotes, Minutes, Review
from ujikom.assessment.services_minutes import prepare_minutes

from .flow import review_all
from .helpers import png

pytestmark = pytest.mark.django_db


def url(name: str, event, *args) -> str:
    return reverse(f"assessment:{name}", args=[event.public_id, *args])


# ---- minutes -----------------------------------------------------------------------------------


def test_the_minutes_page_lists_what_stops_the_minutes(client_for, event, one_bk, tekops, numbering):
    response = client_for(tekops).get(url("minutes", event))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Berita acara belum dapat dibuat" in body and "belum dibuat" in body
    assert "Budi Santoso" in body and "Kompeten (K)" in body


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("candidate_user", 403)])
def test_the_minutes_page_refuses_outsiders_and_members_without_permission(
    client_for, event, request, who, status
):
    person = request.getfixturevalue(who)
    assert client_for(person).get(url("minutes", event)).status_code == status


def test_teknis_operasional_prepares_the_minutes_and_an_assessor_may_not(
    client_for, event, tested, tekops, assessors, numbering
):
    refused = client_for(assessors[0].user).post(url("minutes", event), {"action": "prepare", "notes": ""})
    made = client_for(tekops).post(url("minutes", event), {"action": "prepare", "notes": "Lancar."})

    assert refused.status_code == 403
    assert made.status_code == 302
    assert Minutes.objects.get(event=event).notes == "Lancar."


def test_a_refused_preparation_shows_the_reasons_on_the_form(client_for, event, one_bk, tekops, numbering):
    response = client_for(tekops).post(url("minutes", event), {"action": "prepare", "notes": ""})

    assert response.status_code == 200
    assert "belum dibuat" in response.content.decode()
    assert not Minutes.objects.exists()


def test_each_signer_signs_on_the_page_and_only_the_signer(
    client_for, event, tested, tekops, assessors, site_head, numbering
):
    prepare_minutes(event=event, actor=tekops)
    first = client_for(assessors[0].user)

    page = first.get(url("minutes", event)).content.decode()
    tekops_page = client_for(tekops).get(url("minutes", event)).content.decode()
    wrong = client_for(tekops).post(url("minutes_sign", event), {"sign_method": "account"})
    signed = first.post(url("minutes_sign", event), {"sign_method": "account"})
    drawing = "data:image/png;base64," + base64.b64encode(png(120, 40)).decode()
    drawn = client_for(assessors[1].user).post(
        url("minutes_sign", event), {"sign_method": "drawn", "signature": drawing}, follow=True
    )
    last = client_for(site_head).post(url("minutes_sign", event), {"sign_method": "account"}, follow=True)

    assert 'data-testid="sign-form"' in page and 'data-testid="sign-form"' not in tekops_page
    assert wrong.status_code == 403
    assert signed.status_code == 302
    assert "Tanda tangan Anda pada berita acara tersimpan" in drawn.content.decode()
    assert "hasil uji dikunci" in last.content.decode()
    assert Minutes.objects.get(event=event).is_locked


def test_a_bad_drawing_is_refused_with_its_reason(client_for, event, tested, tekops, assessors, numbering):
    prepare_minutes(event=event, actor=tekops)

    response = client_for(assessors[0].user).post(
        url("minutes_sign", event), {"sign_method": "drawn", "signature": ""}, follow=True
    )

    assert "Tanda tangan belum digambar" in response.content.decode()
    assert not Minutes.objects.get(event=event).signatures.filter(signed_at__isnull=False).exists()


def test_the_event_documents_download_for_viewers_of_any_of_its_organizations(
    client_for, event, locked_minutes, head_certification, outsider, tekops
):
    lsp_side = client_for(head_certification).get(url("minutes_file", event, locked_minutes.file.public_id))
    bundle = client_for(tekops).get(url("minutes_file", event, locked_minutes.results_bundle.public_id))
    stranger = client_for(outsider).get(url("minutes_file", event, locked_minutes.file.public_id))
    unknown = client_for(tekops).get(url("minutes_file", event, "00000000-0000-0000-0000-000000000000"))

    assert lsp_side.status_code == 200 and b"".join(lsp_side.streaming_content).startswith(b"%PDF")
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/zip"
    assert stranger.status_code == 404 and unknown.status_code == 404


# ---- review ------------------------------------------------------------------------------------


def test_the_review_page_shows_the_chain_and_offers_the_next_stage_to_its_role(
    client_for, event, locked_minutes, tekops, quality
):
    mine = client_for(tekops).get(url("review", event)).content.decode()
    others = client_for(quality).get(url("review", event)).content.decode()

    assert 'data-testid="review-form"' in mine and 'data-testid="review-form"' not in others
    assert "Teknis Operasional" in mine and "Giliran berikutnya" in mine


def test_reviews_are_recorded_in_order_and_refused_to_others(
    client_for, event, locked_minutes, tekops, quality, admin_staff
):
    body = {"stage": "technical", "outcome": "approved", "notes": "Sesuai."}
    no_permission = client_for(admin_staff).post(url("review", event), body)
    wrong_role = client_for(quality).post(url("review", event), body)
    out_of_order = client_for(quality).post(url("review", event), {**body, "stage": "quality"})
    recorded = client_for(tekops).post(url("review", event), body)

    assert no_permission.status_code == 403 and wrong_role.status_code == 403
    assert out_of_order.status_code == 200
    assert "menunggu kaji ulang Teknis Operasional" in out_of_order.content.decode()
    assert recorded.status_code == 302
    assert Review.objects.filter(event=event, is_current=True).get().stage == "technical"


def test_a_returned_review_stays_in_the_history(client_for, event, locked_minutes, tekops, site_head):
    client_for(tekops).post(
        url("review", event), {"stage": "technical", "outcome": "approved", "notes": "Ok."}
    )
    client_for(site_head).post(
        url("review", event), {"stage": "site_head", "outcome": "returned", "notes": "Foto kurang jelas."}
    )

    page = client_for(tekops).get(url("review", event)).content.decode()
    assert "Foto kurang jelas." in page and "tidak berlaku lagi" in page


def test_the_minutes_of_meeting_form(client_for, event, locked_minutes, quality, admin_staff):
    held = (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    body = {
        "held_at": held,
        "place": "Ruang rapat",
        "attendees": "Sri Mutu",
        "agenda": "Kaji ulang",
        "discussion": "Lengkap",
        "conclusions": "Rekomendasikan",
    }

    refused = client_for(admin_staff).get(url("meeting_notes", event))
    empty = client_for(quality).post(url("meeting_notes", event), {**body, "agenda": ""})
    saved = client_for(quality).post(url("meeting_notes", event), body)

    assert refused.status_code == 403
    assert empty.status_code == 200 and "Isi agenda." in empty.content.decode()
    assert saved.status_code == 302
    assert MeetingNotes.objects.get(event=event).number.startswith("001/MoM/")


# ---- archive -----------------------------------------------------------------------------------


def test_the_archive_page_shows_the_checklist_with_links(client_for, event, locked_minutes, admin_staff):
    page = client_for(admin_staff).get(url("archive", event)).content.decode()

    assert 'data-key="minutes"' in page
    assert url("minutes_file", event, locked_minutes.file.public_id) in page
    assert "Surat tugas asesor" in page and "belum ada surat tugas" in page


def test_filing_on_the_page_is_refused_while_incomplete_and_to_others(
    client_for, event, locked_minutes, admin_staff, tekops
):
    refused = client_for(tekops).post(url("archive", event), {"location": "Lemari A"})
    incomplete = client_for(admin_staff).post(url("archive", event), {"location": "Lemari A"})

    assert refused.status_code == 403
    assert incomplete.status_code == 200 and "Arsip belum lengkap" in incomplete.content.decode()
    assert not Archive.objects.exists()


def test_filing_a_complete_archive_on_the_page(
    client_for,
    event,
    locked_minutes,
    admin_staff,
    tekops,
    site_head,
    quality,
    assignment_letters,
    independent_site_record,
):
    review_all(event, tekops, site_head, quality)

    filed = client_for(admin_staff).post(
        url("archive", event), {"location": "Lemari A, rak 2", "retain_until": ""}
    )
    page = client_for(admin_staff).get(url("archive", event)).content.decode()

    assert filed.status_code == 302
    assert "Lemari A, rak 2" in page and Archive.objects.get(event=event).number in page


# ---- archive search ----------------------------------------------------------------------------


def test_the_archive_search_finds_by_candidate_and_says_when_nothing_matches(
    client_for, event, registrations, tekops
):
    search = reverse("assessment:archive_search")
    found = client_for(tekops).get(search, {"q": "Siti"}).content.decode()
    nothing = client_for(tekops).get(search, {"q": "zzz"}).content.decode()

    assert event.title in found and "Belum lengkap" in found
    assert "Tidak ada arsip yang cocok" in nothing


def test_the_archive_search_is_refused_without_permission_and_empty_for_outsiders(
    client_for, event, registrations, candidate_user, outsider
):
    search = reverse("assessment:archive_search")

    assert client_for(candidate_user).get(search).status_code == 403
    response = client_for(outsider).get(search)
    assert response.status_code == 200 and event.title not in response.content.decode()


def test_the_archive_search_costs_a_fixed_number_of_queries(
    client_for, event, registrations, tekops, django_assert_max_num_queries
):
    from ujikom.scheduling.models import TestEvent

    search = reverse("assessment:archive_search")
    client = client_for(tekops)
    with django_assert_max_num_queries(30) as few:
        client.get(search)
    for number in range(6):
        TestEvent.objects.create(
            lsp=event.lsp,
            facilitator=event.facilitator,
            scheme=event.scheme,
            site=event.site,
            title=f"Uji lain {number}",
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            registration_opens_on=event.registration_opens_on,
            registration_closes_on=event.registration_closes_on,
            quota=10,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(search)
    assert response.content.decode().count('data-testid="archive-row"') == 7
