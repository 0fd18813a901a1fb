"""The issuance screens: who sees and does what, the list's search and fixed queries, the PDF."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate, new_public_id

pytestmark = pytest.mark.django_db


def issuance_url(decision) -> str:
    return reverse("certificates:issuance", args=[decision.public_id])


def test_an_issuer_issues_one_entry_from_the_page(numbered, issuer, client_for):
    decision = numbered[0].decision
    client = client_for(issuer)
    page = client.get(issuance_url(decision)).content.decode()
    assert "Budi Santoso" in page and numbered[0].certificate_number in page and "Terbitkan" in page

    response = client.post(issuance_url(decision), {"action": "issue", "entry": numbered[0].pk}, follow=True)
    assert response.status_code == 200
    assert "diterbitkan" in response.content.decode()
    certificate = Certificate.objects.get(entry=numbered[0])
    assert reverse("certificates:pdf", args=[certificate.public_id]) in response.content.decode()

    again = client.post(issuance_url(decision), {"action": "issue", "entry": numbered[0].pk}, follow=True)
    assert "sudah diterbitkan" in again.content.decode() and Certificate.objects.count() == 1


def test_the_bulk_button_issues_all_and_shows_progress(
    numbered, issuer, client_for, django_capture_on_commit_callbacks
):
    decision = numbered[0].decision
    client = client_for(issuer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(issuance_url(decision), {"action": "bulk"})
    page = client.get(issuance_url(decision)).content.decode()
    assert "2 dari 2 sertifikat diterbitkan" in page and "Selesai" in page
    assert Certificate.objects.count() == 2
    partial = client.get(issuance_url(decision), headers={"HX-Request": "true"}).content.decode()
    assert 'id="issuance-status"' in partial and "<html" not in partial


def test_decision_page_links_to_issuance(numbered, issuer, client_for):
    event = numbered[0].decision.event
    page = client_for(issuer).get(reverse("assessment:decision", args=[event.public_id])).content.decode()
    assert issuance_url(numbered[0].decision) in page


def test_who_may_see_and_issue(numbered, lsp_chair, admin_staff, outsider, client_for):
    decision = numbered[0].decision
    url = issuance_url(decision)
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(admin_staff).get(url).status_code == 403  # Disnaker sees the event, not the LSP's work
    chair = client_for(lsp_chair)
    assert chair.get(url).status_code == 200  # may view, not issue
    assert "Terbitkan semua" not in chair.get(url).content.decode()
    assert chair.post(url, {"action": "bulk"}).status_code == 403
    assert not Certificate.objects.exists()


def test_list_searches_filters_in_a_fixed_number_of_queries(numbered, issuer, client_for):
    client = client_for(issuer)
    url = reverse("certificates:list")
    first = issuance.issue_certificate(entry=numbered[0], actor=issuer)
    with CaptureQueriesContext(connection) as with_one:
        client.get(url)
    issuance.issue_certificate(entry=numbered[1], actor=issuer)
    with CaptureQueriesContext(connection) as with_two:
        page = client.get(url).content.decode()
    assert "Budi Santoso" in page and "Siti Aminah" in page
    assert len(with_two) == len(with_one)

    Certificate.objects.filter(pk=first.pk).update(status=Certificate.Status.REVOKED)
    found = client.get(url, {"q": "siti"}).content.decode()
    assert "Siti Aminah" in found and "Budi Santoso" not in found
    by_number = client.get(url, {"q": numbered[0].certificate_number}).content.decode()
    assert "Budi Santoso" in by_number and "Siti Aminah" not in by_number
    revoked = client.get(url, {"status": "revoked"}).content.decode()
    assert "Budi Santoso" in revoked and "Siti Aminah" not in revoked


def test_detail_and_pdf_for_staff_and_the_holder(numbered, issuer, candidate_user, outsider, client_for):
    certificate = issuance.issue_certificate(entry=numbered[0], actor=issuer)
    detail = reverse("certificates:detail", args=[certificate.public_id])
    pdf = reverse("certificates:pdf", args=[certificate.public_id])
    page = client_for(issuer).get(detail).content.decode()
    assert certificate.certificate_number in page and "J.63OPR00.001.2" in page and "Diterbitkan" in page
    response = client_for(issuer).get(pdf)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(candidate_user).get(pdf).status_code == 200  # Budi holds it
    assert client_for(outsider).get(detail).status_code == 404
    assert client_for(outsider).get(pdf).status_code == 404
    other = issuance.issue_certificate(entry=numbered[1], actor=issuer)  # Siti's
    assert client_for(candidate_user).get(
        reverse("certificates:pdf", args=[other.public_id])
    ).status_code in (
        403,
        404,
    )


def test_the_candidate_downloads_the_certificate_from_my_results(
    numbered, issuer, candidate_user, client_for
):
    client = client_for(candidate_user)
    url = reverse("assessment:my_results")
    assert "Sertifikat akan tersedia setelah diterbitkan LSP" in client.get(url).content.decode()
    certificate = issuance.issue_certificate(entry=numbered[0], actor=issuer)
    page = client.get(url).content.decode()
    assert reverse("certificates:pdf", args=[certificate.public_id]) in page
    assert "Sertifikat akan tersedia setelah diterbitkan LSP" not in page


def test_a_superseded_certificate_stays_on_my_results_with_its_successor(
    numbered, issuer, candidate_user, client_for
):
    certificate = issuance.issue_certificate(entry=numbered[0], actor=issuer)
    successor = Certificate.objects.get(pk=certificate.pk)
    successor.pk = None
    successor.public_id = new_public_id()
    successor.entry = successor.registration = None
    successor.certificate_number, successor.registration_number = "62090 2512 0009999 2029", "OKM.9999 2029"
    successor.status_index += 1
    successor.supersedes = certificate
    successor.save()
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.SUPERSEDED)

    page = client_for(candidate_user).get(reverse("assessment:my_results")).content.decode()
    assert "Sertifikat akan tersedia setelah diterbitkan LSP" not in page
    assert certificate.certificate_number in page and "Digantikan" in page
    assert "Digantikan oleh sertifikat 62090 2512 0009999 2029" in page
