"""The nightly expiry: only certificates past their date become expired, once, and the public page
says so."""

from __future__ import annotations

import datetime as dt

import pytest

from ujikom.certificates import services_status
from ujikom.certificates.models import Certificate, CertificateEvent
from ujikom.certificates.services_lifecycle import expire_due
from ujikom.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2029, 6, 10)


def test_only_certificates_past_their_date_expire_and_only_once(make_certificate, client):
    past = make_certificate(issued_on=dt.date(2026, 6, 9), valid_until=dt.date(2029, 6, 9))
    last_day = make_certificate(issued_on=dt.date(2026, 6, 10), valid_until=TODAY)
    later = make_certificate(issued_on=dt.date(2026, 7, 1), valid_until=dt.date(2029, 7, 1))
    revoked = make_certificate(issued_on=dt.date(2026, 1, 5), valid_until=dt.date(2029, 1, 5))
    Certificate.objects.filter(pk=revoked.pk).update(status=Certificate.Status.REVOKED)

    assert expire_due(TODAY) == 1
    assert expire_due(TODAY) == 0  # a second run changes nothing

    statuses = dict(Certificate.objects.values_list("pk", "status"))
    assert statuses == {
        past.pk: "expired",
        last_day.pk: "valid",
        later.pk: "valid",
        revoked.pk: "revoked",
    }
    event = CertificateEvent.objects.get(certificate=past, kind=CertificateEvent.Kind.EXPIRED)
    assert event.actor is None and event.note == "otomatis"
    assert CertificateEvent.objects.filter(kind=CertificateEvent.Kind.EXPIRED).count() == 1
    audit = AuditEvent.objects.get(event_type="certificates.expired")
    assert audit.data["certificates"][0]["number"] == past.certificate_number

    page = client.get(f"/v/{past.public_id}").content.decode()
    assert "Sertifikat KEDALUWARSA" in page and "9 Juni 2029" in page


def test_a_suspended_certificate_stays_suspended_and_expires_when_lifted(make_certificate, lsp_chair):
    certificate = make_certificate(issued_on=dt.date(2023, 1, 2), valid_until=dt.date(2026, 1, 2))
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=dt.date(2030, 1, 1))
    services_status.suspend(certificate=certificate, reason="misuse", actor=lsp_chair)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=dt.date(2026, 1, 2))

    expire_due(TODAY)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUSPENDED

    services_status.lift_suspension(certificate=certificate, actor=lsp_chair)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED


def test_thousands_expire_in_batches(make_certificate, django_assert_max_num_queries):
    first = make_certificate(issued_on=dt.date(2026, 1, 1), valid_until=dt.date(2029, 1, 1))
    copies = []
    for number in range(1, 1200):
        first.pk = None
        first.public_id = f"{number:022d}".replace("0", "A")
        first.certificate_number = f"COPY-{number}"
        first.registration_number = f"COPY-REG-{number}"
        first.status_index = number + 10
        copies.append(
            Certificate(**{f.attname: getattr(first, f.attname) for f in Certificate._meta.concrete_fields})
        )
    Certificate.objects.bulk_create(copies)

    with django_assert_max_num_queries(40):
        assert expire_due(TODAY) == 1200

    assert not Certificate.objects.filter(status=Certificate.Status.VALID).exists()
    assert CertificateEvent.objects.filter(kind=CertificateEvent.Kind.EXPIRED).count() == 1200
