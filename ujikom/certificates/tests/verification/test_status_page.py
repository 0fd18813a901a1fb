"""The staff page of a certificate's status: actions by who may, refusals for others."""

from __future__ import annotations

import pytest
from django.test import Client

from ujikom.certificates.models import Certificate, CertificateEvent
from ujikom.core.models import AuditEvent

from .conftest import NIK

pytestmark = pytest.mark.django_db


def url(certificate) -> str:
    return f"/sertifikat/{certificate.public_id}/status/"


def test_the_manager_suspends_lifts_and_revokes_from_the_page(make_certificate, manager, client_for):
    certificate = make_certificate()
    client = client_for(manager)
    page = client.get(url(certificate)).content.decode()
    assert "Bekukan sertifikat" in page and "Cabut sertifikat (final)" in page and NIK not in page

    response = client.post(
        url(certificate), {"action": "suspend", "s-reason": "criminal_suspect", "s-note": "Surat polisi"}
    )
    assert response.status_code == 302
    assert "DIBEKUKAN" in Client().get(f"/v/{certificate.public_id}").content.decode()
    history = client.get(url(certificate)).content.decode()
    assert "Pemegang berstatus tersangka tindak pidana" in history and "Surat polisi" in history
    assert "Cabut pembekuan" in history and "Bekukan sertifikat" not in history
    response = client.post(url(certificate), {"action": "lift", "l-note": "Dihentikan penyidikannya"})
    assert response.status_code == 302

    unconfirmed = client.post(url(certificate), {"action": "revoke", "r-reason": "ethics", "r-note": ""})
    assert unconfirmed.status_code == 422
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    response = client.post(url(certificate), {"action": "revoke", "r-reason": "ethics", "r-confirm": "on"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED and certificate.status_reason == "ethics"
    assert list(certificate.events.values_list("kind", flat=True)) == [
        CertificateEvent.Kind.SUSPENDED,
        CertificateEvent.Kind.REINSTATED,
        CertificateEvent.Kind.REVOKED,
    ]
    assert (
        AuditEvent.objects.filter(event_type="certificate.revoked", organization=certificate.lsp).count() == 1
    )
    page = client.get(url(certificate)).content.decode()
    assert "DICABUT" in page and "Bekukan sertifikat" not in page and "Cabut sertifikat (final)" not in page

    again = client.post(url(certificate), {"action": "suspend", "s-reason": "misuse"})
    assert again.status_code == 422 and "Hanya sertifikat yang berlaku" in again.content.decode()


def test_outsiders_get_404_and_viewers_cannot_act(make_certificate, viewer, outsider, client_for):
    certificate = make_certificate()
    assert client_for(outsider).get(url(certificate)).status_code == 404
    viewer_client = client_for(viewer)
    page = viewer_client.get(url(certificate))
    assert page.status_code == 200 and "Bekukan sertifikat" not in page.content.decode()
    refused = viewer_client.post(
        url(certificate), {"action": "revoke", "r-reason": "fraud", "r-confirm": "on"}
    )
    assert refused.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert Client().get(url(certificate)).status_code == 302  # to the login page
