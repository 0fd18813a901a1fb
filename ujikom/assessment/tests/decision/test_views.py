"""The decision screens: who sees and who acts, the plenary form, the chain's buttons, the numbers
form and upload, the candidate data page, the blank register and the list of decisions."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from ujikom.assessment import services_blanks as blanks
from ujikom.assessment import services_decision as decisions
from ujikom.assessment.models import BlankMovement, BlankRequest, Decision

from .helpers import prepared_decision

pytestmark = pytest.mark.django_db


def _page(event) -> str:
    return reverse("assessment:decision", args=[event.public_id])


def test_an_outsider_gets_404_and_disnaker_staff_may_look_but_not_decide(
    client_for, handed_over, event, outsider, admin_staff
):
    url = _page(event)

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, {"action": "prepare"}).status_code == 404
    assert client_for(admin_staff).get(url).status_code == 200
    refused = client_for(admin_staff).post(
        url, {"action": "prepare", "meeting_place": "X", "attendees": "Y", "meeting_held_on": "2026-01-01"}
    )
    assert refused.status_code == 403
    assert not Decision.objects.exists()


def test_the_decision_documents_are_for_the_lsp_only(client_for, approved, event, admin_staff, director):
    url = reverse("assessment:decision_file", args=[event.public_id, approved.decree_file.public_id])

    assert client_for(admin_staff).get(url).status_code == 403
    assert client_for(director).get(url).status_code == 200
    page = client_for(admin_staff).get(_page(event)).content.decode()
    assert approved.decree_number in page and "Berkas lengkap (ZIP)" not in page


def test_kabid_sertifikasi_records_the_plenary_from_the_page(
    client_for, handed_over, event, head_certification, one_bk
):
    client = client_for(head_certification)
    form_page = client.get(_page(event)).content.decode()

    response = client.post(
        _page(event),
        {
            "action": "prepare",
            "meeting_held_on": event.starts_on.isoformat(),
            "meeting_place": "Ruang Rapat LSP",
            "attendees": "Ketua LSP\nKabid Sertifikasi",
            "registrations": [str(one_bk[0].public_id), str(one_bk[1].public_id)],
        },
    )

    assert 'data-testid="decision-form"' in form_page
    assert "Agus Salim — " not in form_page  # a BK candidate is not offered
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.entries.count() == 2 and decision.meeting_place == "Ruang Rapat LSP"


def test_posting_a_bk_candidate_shows_the_refusal(client_for, handed_over, event, head_certification, one_bk):
    response = client_for(head_certification).post(
        _page(event),
        {
            "action": "prepare",
            "meeting_held_on": event.starts_on.isoformat(),
            "meeting_place": "Ruang Rapat LSP",
            "attendees": "Ketua LSP",
            "registrations": [str(one_bk[2].public_id)],
        },
    )

    assert response.status_code == 200
    assert "Asesi yang dipilih tidak direkomendasikan Kompeten." in response.content.decode()
    assert not Decision.objects.exists()


def test_each_official_sees_their_own_button_and_others_are_refused(
    client_for, handed_over, event, head_certification, lsp_chair, director
):
    decision = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=decision, actor=head_certification)
    chair, boss = client_for(lsp_chair), client_for(director)

    chair_page = chair.get(_page(event)).content.decode()
    director_page = boss.get(_page(event)).content.decode()
    signed_too_early = boss.post(_page(event), {"action": "sign"}, follow=True)
    director_endorses = boss.post(_page(event), {"action": "endorse"})
    endorsed = chair.post(_page(event), {"action": "endorse", "note": "Setuju"})
    chair_signs = chair.post(_page(event), {"action": "sign"})
    signed = boss.post(_page(event), {"action": "sign"})

    assert 'value="endorse"' in chair_page and 'value="sign"' not in chair_page
    assert 'value="endorse"' not in director_page
    assert "tidak dapat ditandatangani Direktur" in signed_too_early.content.decode()  # not endorsed yet
    assert director_endorses.status_code == 403  # a Direktur cannot endorse
    assert endorsed.status_code == 302
    assert chair_signs.status_code == 403
    assert signed.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    page = boss.get(_page(event)).content.decode()
    assert decision.decree_number in page and "Ditetapkan" in page


def test_a_return_without_a_reason_is_refused_on_the_page(
    client_for, handed_over, event, head_certification, lsp_chair
):
    decision = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=decision, actor=head_certification)

    refused = client_for(lsp_chair).post(_page(event), {"action": "return", "note": ""}, follow=True)
    returned = client_for(lsp_chair).post(
        _page(event), {"action": "return", "note": "Perbaiki peserta rapat"}
    )

    assert "Tuliskan alasan pengembalian" in refused.content.decode()
    assert returned.status_code == 302
    page = client_for(head_certification).get(_page(event)).content.decode()
    assert "Perbaiki peserta rapat" in page and 'data-testid="decision-form"' in page


def test_the_blank_request_is_prepared_downloaded_and_marked_submitted(
    client_for, approved, event, head_certification
):
    client = client_for(head_certification)
    url = reverse("assessment:blank_request", args=[event.public_id])

    client.post(url, {"action": "prepare"})
    request = BlankRequest.objects.get()
    download = client.get(
        reverse("assessment:decision_file", args=[event.public_id, request.bundle.public_id])
    )
    client.post(url, {"action": "submit", "request": str(request.public_id)})

    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    request.refresh_from_db()
    assert request.status == BlankRequest.Status.SUBMITTED
    assert "Tandai sudah diajukan ke BNSP" not in client.get(_page(event)).content.decode()


def test_missing_data_is_listed_on_the_page_and_completed_on_the_candidate_page(
    client_for, approved, event, head_certification, one_bk
):
    siti = one_bk[1]
    siti.address = ""
    siti.save()
    client = client_for(head_certification)

    page = client.get(_page(event)).content.decode()
    saved = client.post(
        reverse("assessment:candidate_data", args=[event.public_id, siti.public_id]),
        {"address": "Jl. Melati 3", "province": "36", "city": "36.71", "education": "SMA"},
    )

    assert 'data-testid="missing-data"' in page and "Siti Aminah" in page and "TEMPAT TINGGAL" in page
    assert saved.status_code == 302
    siti.refresh_from_db()
    assert siti.address == "Jl. Melati 3"
    assert 'data-testid="missing-data"' not in client.get(_page(event)).content.decode()


def test_numbers_are_recorded_on_the_form_and_refused_with_a_report(
    client_for, approved, event, head_certification, lsp
):
    blanks.record_blank_movement(lsp=lsp, kind="received", quantity=2, actor=head_certification)
    budi, siti = approved.entries.order_by("position")
    client = client_for(head_certification)
    url = reverse("assessment:certificate_numbers", args=[event.public_id])

    bad = client.post(
        url, {f"certificate_{budi.pk}": "12345", f"registration_{budi.pk}": "Reg. TIK 1 00010 2026"}
    )
    good = client.post(
        url,
        {
            f"certificate_{budi.pk}": "62090 2432 0001234 2026",
            f"registration_{budi.pk}": "Reg. TIK 1166 00010 2026",
        },
    )

    assert bad.status_code == 200 and 'data-testid="number-errors"' in bad.content.decode()
    assert good.status_code == 302
    budi.refresh_from_db()
    assert budi.certificate_number == "62090 2432 0001234 2026"
    page = client.get(url).content.decode()
    assert "Koreksi" in page and "62090 2432 0001234 2026" in page


def test_the_upload_page_takes_an_xlsx(client_for, approved, event, head_certification, lsp, one_bk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    blanks.record_blank_movement(lsp=lsp, kind="received", quantity=2, actor=head_certification)
    book = Workbook()
    book.active.append(["NIK", "NOMOR SERTIFIKAT", "NOMOR REGISTRASI"])
    book.active.append([one_bk[0].nik, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("nomor.xlsx", buffer.getvalue())

    response = client_for(head_certification).post(
        reverse("assessment:certificate_numbers", args=[event.public_id]),
        {"action": "upload", "file": upload},
    )
    template = client_for(head_certification).get(
        reverse("assessment:certificate_numbers_template", args=[event.public_id])
    )

    assert response.status_code == 302
    assert approved.entries.exclude(certificate_number="").count() == 1
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_the_blank_register_shows_stock_and_records_movements(
    client_for, head_certification, admin_staff, lsp
):
    client = client_for(head_certification)
    url = reverse("assessment:blanks")

    received = client.post(url, {"kind": "received", "quantity": "10", "occurred_on": "2026-01-05"})
    too_many = client.post(
        url,
        {
            "kind": "damaged",
            "quantity": "11",
            "occurred_on": "2026-01-05",
            "reference": "BA-1",
            "note": "Sobek",
        },
    )
    page = client.get(url).content.decode()

    assert received.status_code == 302
    assert "Stok blangko tidak cukup: tersisa 10" in too_many.content.decode()
    assert BlankMovement.objects.count() == 1
    assert 'data-testid="stock">10<' in page
    assert client_for(admin_staff).get(url).status_code == 403


def test_the_list_of_decisions_takes_a_fixed_number_of_queries(
    client_for, approved, event, director, django_assert_max_num_queries
):
    client = client_for(director)
    client.get(reverse("assessment:decision_list"))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessment:decision_list"))

    body = response.content.decode()
    assert approved.decree_number in body and event.title in body


def test_the_list_is_refused_to_people_of_no_lsp(client_for, admin_staff):
    assert client_for(admin_staff).get(reverse("assessment:decision_list")).status_code == 403
