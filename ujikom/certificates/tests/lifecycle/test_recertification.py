"""Re-certification: a new certificate of the same holder (NIK) and scheme supersedes the earlier
one, in the same transaction; the old verification page points at the new certificate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate, CertificateEvent
from ujikom.certificates.services_lifecycle import supersede_previous
from ujikom.core.models import AuditEvent
from ujikom.registry.models import Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_certificate(make_certificate, budi):
    """Budi's certificate in the same scheme, from three years ago."""
    certificate = make_certificate(
        issued_on=dt.date(2023, 5, 2), valid_until=dt.date(2026, 5, 2), holder=budi.registration.full_name
    )
    Certificate.objects.filter(pk=certificate.pk).update(holder_nik=budi.registration.nik)
    certificate.refresh_from_db()
    return certificate


def test_the_new_certificate_supersedes_the_old_one(old_certificate, budi, issuer, client):
    new = issuance.issue_certificate(entry=budi, actor=issuer)

    old_certificate.refresh_from_db()
    assert old_certificate.status == Certificate.Status.SUPERSEDED
    assert new.supersedes == old_certificate and new.status == Certificate.Status.VALID
    event = CertificateEvent.objects.get(certificate=old_certificate, kind=CertificateEvent.Kind.SUPERSEDED)
    assert new.certificate_number in event.note and event.actor == issuer
    audit = AuditEvent.objects.get(event_type="certificates.superseded")
    assert audit.data["by"] == new.certificate_number and audit.data["previous_status"] == "valid"

    page = client.get(f"/v/{old_certificate.public_id}").content.decode()
    assert "Sertifikat DIGANTIKAN" in page
    assert f'digantikan oleh sertifikat <a href="/v/{new.public_id}"' in page
    assert new.certificate_number in page

    data = client.get(f"/api/v1/verify/{old_certificate.public_id}").json()
    assert data["status"] == "superseded" and data["superseded_by"] == new.public_id
    assert client.get(f"/api/v1/verify/{new.public_id}").json()["superseded_by"] is None


def test_an_expired_or_suspended_certificate_is_superseded_too(old_certificate, budi, issuer):
    Certificate.objects.filter(pk=old_certificate.pk).update(status=Certificate.Status.EXPIRED)

    issuance.issue_certificate(entry=budi, actor=issuer)

    old_certificate.refresh_from_db()
    assert old_certificate.status == Certificate.Status.SUPERSEDED


def test_a_revoked_certificate_stays_revoked(old_certificate, budi, issuer):
    Certificate.objects.filter(pk=old_certificate.pk).update(status=Certificate.Status.REVOKED)

    new = issuance.issue_certificate(entry=budi, actor=issuer)

    old_certificate.refresh_from_db()
    assert old_certificate.status == Certificate.Status.REVOKED and new.supersedes is None


def test_another_scheme_or_another_person_is_not_superseded(make_certificate, budi, issuer, lsp, scheme):
    other_scheme = Scheme.objects.create(
        organization=lsp, code="SKM-JWD-01", name="Junior Web Developer", kind="kkni", validity_years=3
    )
    elsewhere = make_certificate(issued_on=dt.date(2024, 1, 3))
    Certificate.objects.filter(pk=elsewhere.pk).update(holder_nik=budi.registration.nik, scheme=other_scheme)
    someone_else = make_certificate(issued_on=dt.date(2024, 1, 3))  # same scheme, another NIK

    new = issuance.issue_certificate(entry=budi, actor=issuer)

    assert set(Certificate.objects.exclude(pk=new.pk).values_list("status", flat=True)) == {"valid"}
    assert new.supersedes is None and someone_else.status == "valid"


def test_a_failed_issue_supersedes_nothing(old_certificate, budi, issuer):
    issuance.issue_certificate(entry=budi, actor=issuer)
    Certificate.objects.filter(pk=old_certificate.pk).update(status=Certificate.Status.VALID)
    with pytest.raises(ValidationError):
        issuance.issue_certificate(entry=budi, actor=issuer)  # issued already: refused
    old_certificate.refresh_from_db()
    assert old_certificate.status == Certificate.Status.VALID


def test_the_older_certificate_never_supersedes_the_newer(old_certificate, make_certificate, budi):
    newer = make_certificate(issued_on=dt.date(2026, 4, 20))
    Certificate.objects.filter(pk=newer.pk).update(holder_nik=budi.registration.nik)

    assert supersede_previous(certificate=old_certificate, actor=None) is None
    newer.refresh_from_db()
    assert newer.status == Certificate.Status.VALID


def test_the_staff_page_links_both_certificates(old_certificate, budi, issuer, client_for):
    new = issuance.issue_certificate(entry=budi, actor=issuer)
    client = client_for(issuer)

    old_page = client.get(f"/sertifikat/{old_certificate.public_id}/").content.decode()
    new_page = client.get(f"/sertifikat/{new.public_id}/").content.decode()

    assert f'Digantikan oleh <a href="/sertifikat/{new.public_id}/">{new.certificate_number}</a>' in old_page
    assert f'Menggantikan <a href="/sertifikat/{old_certificate.public_id}/">' in new_page


def test_the_superseded_note_is_recorded_in_indonesian_whatever_the_issuers_language(
    old_certificate, budi, issuer
):
    from django.utils import translation

    with translation.override("en"):
        new = issuance.issue_certificate(entry=budi, actor=issuer)

    old_certificate.refresh_from_db()
    assert old_certificate.status_note == f"Digantikan oleh sertifikat {new.certificate_number}."
