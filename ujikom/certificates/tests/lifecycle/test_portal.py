"""The holder's portal: their certificates with status, validity, PDF, LinkedIn and Open Badges
links — shown to the holder only; the LinkedIn link carries every field."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate
from ujikom.certificates.selectors_lifecycle import linkedin_add_url

pytestmark = pytest.mark.django_db


def test_the_linkedin_link_fills_every_field(make_certificate, settings):
    settings.SITE_URL = "https://ujikom.example.id"
    certificate = make_certificate(issued_on=dt.date(2026, 11, 3), valid_until=dt.date(2029, 11, 3))

    url = linkedin_add_url(certificate)

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    assert parse_qs(parts.query) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Sertifikat Kompetensi Operator Komputer Muda"],
        "organizationName": ["LSP Politeknik STMI Jakarta"],
        "issueYear": ["2026"],
        "issueMonth": ["11"],
        "expirationYear": ["2029"],
        "expirationMonth": ["11"],
        "certUrl": [f"https://ujikom.example.id/v/{certificate.public_id}"],
        "certId": [certificate.certificate_number],
    }


@pytest.fixture
def budi_certificate(budi, issuer) -> Certificate:
    return issuance.issue_certificate(entry=budi, actor=issuer)


def test_the_holder_sees_status_validity_and_every_link(budi_certificate, candidate_user, client_for):
    page = client_for(candidate_user).get(reverse("assessment:my_results")).content.decode()

    assert 'data-testid="my-certificates"' in page and "Sertifikat saya" in page
    assert budi_certificate.certificate_number in page and "Berlaku" in page
    assert f"berlaku sampai {budi_certificate.valid_until.day}" in page
    assert f'href="/sertifikat/{budi_certificate.public_id}/pdf/"' in page
    assert "Tambahkan ke LinkedIn" in page
    assert linkedin_add_url(budi_certificate).replace("&", "&amp;") in page
    try:
        badge = reverse("certificates:badge_export", kwargs={"public_id": budi_certificate.public_id})
    except Exception:  # the Open Badges part not installed: no link rather than a broken page
        assert "Unduh Open Badges" not in page
    else:
        assert f'href="{badge}"' in page and "Unduh Open Badges" in page


def test_another_candidate_sees_none_of_it(budi_certificate, make_user, lsp, client_for):
    other = make_user("siti", roles=[(lsp, "candidate")], full_name="Siti Aminah")

    response = client_for(other).get(reverse("assessment:my_results"))

    page = response.content.decode()
    assert response.status_code == 200
    assert budi_certificate.certificate_number not in page and "Tambahkan ke LinkedIn" not in page
    assert client_for(other).get(f"/sertifikat/{budi_certificate.public_id}/pdf/").status_code == 403


def test_a_superseded_certificate_names_its_successor_and_offers_no_linkedin(
    budi_certificate, make_certificate, candidate_user, client_for
):
    newer = make_certificate(issued_on=dt.date.today())
    Certificate.objects.filter(pk=budi_certificate.pk).update(status=Certificate.Status.SUPERSEDED)
    Certificate.objects.filter(pk=newer.pk).update(supersedes=budi_certificate)

    page = client_for(candidate_user).get(reverse("assessment:my_results")).content.decode()

    assert "Digantikan" in page and f"digantikan oleh sertifikat {newer.certificate_number}" in page
    assert "Tambahkan ke LinkedIn" not in page
