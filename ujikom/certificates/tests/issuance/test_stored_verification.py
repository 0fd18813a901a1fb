"""On PostgreSQL a certificate's public verification is stored as soon as it is issued (singly or in
bulk), in every language, so its first scan is answered like any later one."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate, CertificateRendering

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_data")]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the verification is stored on PostgreSQL only")


def stamps(certificate: Certificate) -> dict[str, str]:
    return dict(CertificateRendering.objects.filter(certificate=certificate).values_list("language", "stamp"))


def test_an_issued_certificate_is_stored_in_every_language_and_its_first_scan_uses_it(numbered, issuer):
    from ujikom.certificates.tests.verification.test_fastpath import fast

    certificate = issuance.issue_certificate(entry=numbered[0], actor=issuer)  # the job runs at once in tests

    before = stamps(certificate)
    assert set(before) == {code for code, _name in settings.LANGUAGES}
    answer = fast(f"/v/{certificate.public_id}")
    assert answer.status_code == 200 and certificate.certificate_number in answer.content.decode()
    assert stamps(certificate) == before  # answered from what issuing stored, not drawn again


def test_a_bulk_issuance_stores_each_certificate(numbered, issuer, django_capture_on_commit_callbacks):
    decision = numbered[0].decision
    with django_capture_on_commit_callbacks(execute=True):
        issuance.start_bulk_issuance(decision=decision, actor=issuer)

    certificates = list(Certificate.objects.filter(entry__decision=decision))
    assert len(certificates) == len(numbered)
    for certificate in certificates:
        assert set(stamps(certificate)) == {code for code, _name in settings.LANGUAGES}


def test_a_revocation_stores_the_new_verification(numbered, issuer):
    from ujikom.certificates import services_status
    from ujikom.certificates.tests.verification.test_fastpath import fast

    certificate = issuance.issue_certificate(entry=numbered[0], actor=issuer)
    before = stamps(certificate)
    services_status.revoke(certificate=certificate, reason="fraud", note="Dokumen palsu", actor=issuer)

    after = stamps(certificate)
    assert set(after) == set(before) and all(after[code] != before[code] for code in before)
    assert "DICABUT" in fast(f"/v/{certificate.public_id}").content.decode()
    assert stamps(certificate) == after
