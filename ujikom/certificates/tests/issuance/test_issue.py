"""Issuing one certificate from an approved decree: what it says, what is refused."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from ujikom.assessment.models import Decision, DecisionEntry
from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate, CertificateEvent
from ujikom.certificates.tokens import verify_token
from ujikom.core.models import AuditEvent
from ujikom.documents.services import open_file

pytestmark = pytest.mark.django_db


def pdf_text(certificate: Certificate) -> str:
    with open_file(certificate.pdf) as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_certificate_says_what_the_decree_and_bnsp_say(numbered, issuer, director):
    budi = numbered[0]
    budi.registration.full_name = "Budi Ṣāliḥ Nuñez"
    budi.registration.save()

    certificate = issuance.issue_certificate(entry=budi, actor=issuer)

    assert certificate.status == Certificate.Status.VALID
    assert certificate.holder == budi.registration.candidate
    assert certificate.holder_name == "Budi Ṣāliḥ Nuñez" and certificate.holder_nik == budi.registration.nik
    assert certificate.certificate_number == budi.certificate_number
    assert certificate.registration_number == budi.registration_number
    assert [unit["code"] for unit in certificate.units] == [
        "J.63OPR00.001.2",
        "J.63OPR00.002.2",
        "J.63OPR00.003.2",
    ]
    assert certificate.signer_name == "Dr. Hana Direktur" and certificate.signer_title.startswith("Direktur")
    assert certificate.valid_until == issuance.add_years(certificate.issued_on, 3)
    assert 0 <= certificate.status_index < 131_072
    assert CertificateEvent.objects.filter(certificate=certificate, kind="issued").count() == 1
    assert AuditEvent.objects.filter(event_type="certificates.issued").count() == 1

    check = verify_token(certificate.token)
    assert check.genuine and check.claims["id"] == certificate.public_id
    assert check.claims["no"] == budi.certificate_number and check.claims["name"] == "Budi Ṣāliḥ Nuñez"

    text = pdf_text(certificate)
    assert "SERTIFIKAT KOMPETENSI" in text
    assert "Budi Ṣāliḥ Nuñez" in text
    assert budi.certificate_number in text and budi.registration_number in text
    assert "J.63OPR00.003.2" in text and "Mengoperasikan Perangkat Lunak Lembar Kerja" in text
    assert "Operator Komputer Muda" in text and "Dr. Hana Direktur" in text


def test_valid_until_on_29_february():
    assert issuance.add_years(dt.date(2028, 2, 29), 3) == dt.date(2031, 2, 28)
    assert issuance.add_years(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 29)
    assert issuance.add_years(dt.date(2026, 5, 31), 3) == dt.date(2029, 5, 31)


def test_issuing_twice_is_refused(numbered, issuer):
    issuance.issue_certificate(entry=numbered[0], actor=issuer)
    with pytest.raises(ValidationError, match="sudah diterbitkan"):
        issuance.issue_certificate(entry=numbered[0], actor=issuer)
    assert Certificate.objects.count() == 1


def test_an_entry_without_bnsp_numbers_is_refused(approved, issuer):
    entry = approved.entries.first()
    with pytest.raises(ValidationError, match="belum memiliki nomor sertifikat"):
        issuance.issue_certificate(entry=entry, actor=issuer)
    assert not Certificate.objects.exists()


def test_an_unapproved_decree_is_refused(numbered, issuer):
    Decision.objects.filter(pk=numbered[0].decision_id).update(status=Decision.Status.ENDORSED)
    with pytest.raises(ValidationError, match="belum ditetapkan"):
        issuance.issue_certificate(entry=numbered[0], actor=issuer)
    assert not Certificate.objects.exists()


def test_a_bk_candidate_is_refused(numbered, one_bk, issuer):
    agus = one_bk[2]
    entry = DecisionEntry.objects.create(
        decision=numbered[0].decision,
        registration=agus,
        position=3,
        certificate_number="62090 2512 0000099 2026",
        registration_number="OKM.0099 01020 2026",
    )
    with pytest.raises(ValidationError, match="tidak direkomendasikan kompeten"):
        issuance.issue_certificate(entry=entry, actor=issuer)
    assert not Certificate.objects.exists()


def test_only_an_issuer_of_the_lsp_may_issue(numbered, lsp_chair, outsider):
    for person in (lsp_chair, outsider):
        with pytest.raises(PermissionDenied):
            issuance.issue_certificate(entry=numbered[0], actor=person)
    assert not Certificate.objects.exists()
