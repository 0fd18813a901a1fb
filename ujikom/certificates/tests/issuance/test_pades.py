"""An issued certificate's PDF carries a PAdES signature by its LSP's identity, chaining to the LSP's
CA; a PDF altered in any way after signing, unsigned, or signed by someone else is not genuine."""

from __future__ import annotations

import io
import pickle

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText

from ujikom.certificates import pades, services_status
from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate, PdfSigner
from ujikom.core.models import Organization
from ujikom.documents.services import open_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(numbered, issuer) -> Certificate:
    return issuance.issue_certificate(entry=numbered[0], actor=issuer)


def pdf_of(certificate: Certificate) -> bytes:
    with open_file(certificate.pdf) as handle:
        return handle.read()


def upload(data: bytes, name: str = "sertifikat.pdf") -> dict:
    response = Client().post("/api/v1/verify", {"file": SimpleUploadedFile(name, data, "application/pdf")})
    return {"http": response.status_code, **response.json()}


def unsigned(pdf: bytes) -> bytes:
    """The same pages rewritten without the signature (and without its form field)."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
        writer.pages[-1].pop("/Annots", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def unsigned_blank() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(842, 595)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def foreign_material(name: str = "Penerbit Palsu") -> pades.Material:
    """An identity from a CA no LSP in the system has (not stored)."""
    stranger = Organization(name=name, code="palsu", city="Depok")
    made = pades.make_own_ca(stranger)

    def der(cert: x509.Certificate) -> bytes:
        return cert.public_bytes(serialization.Encoding.DER)

    return pades.Material(
        "palsu",
        "Depok",
        made["key"].private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        der(made["certificate"]),
        (der(made["ca_certificate"]),),
    )


def test_the_issued_pdf_is_signed_by_the_lsp_identity_chaining_to_its_own_ca(certificate, lsp):
    pdf = pdf_of(certificate)
    identity = PdfSigner.objects.get(lsp=lsp, is_active=True)
    root = asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(identity.ca_certificate_pem.encode()).public_bytes(
            serialization.Encoding.DER
        )
    )

    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root], allow_fetching=False))

    assert status.bottom_line and status.trusted and status.intact
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature.field_name == f"Sertifikat_{certificate.public_id}"
    assert signature.sig_object["/Reason"] == "Sertifikat kompetensi"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert lsp.name in signature.signer_cert.subject.human_friendly
    assert signature.sig_object["/Location"] == (lsp.city or "Indonesia")
    assert set(signature.signer_cert.key_usage_value.native) == {"digital_signature", "non_repudiation"}
    assert "1.3.6.1.5.5.7.3.36" in signature.signer_cert.extended_key_usage_value.native
    assert identity.source == PdfSigner.Source.OWN_CA and identity.ca_private_key_encrypted
    assert "BEGIN" not in identity.private_key_encrypted

    check = pades.verify_pdf(pdf)
    assert check["genuine"], check
    assert check["record_found"] and check["matches_record"] and check["status"] == "valid"
    assert check["public_id"] == certificate.public_id
    assert check["certificate"]["holder"] == certificate.holder_name
    assert check["signer"]["lsp"]["code"] == lsp.code


def test_the_pdf_upload_to_the_verify_api_says_genuine_and_shows_the_certificate(certificate):
    answer = upload(pdf_of(certificate))

    assert answer["http"] == 200 and answer["genuine"] is True
    assert answer["status_label"] == Certificate.Status.VALID.label
    assert answer["certificate"]["certificate_number"] == certificate.certificate_number
    assert [check["ok"] for check in answer["checks"]] == [True, True, True, True]


def test_a_revoked_certificate_pdf_is_genuine_but_says_revoked(certificate, lsp_chair):
    services_status.revoke(certificate=certificate, reason="fraud", note="", actor=lsp_chair)

    answer = upload(pdf_of(certificate))

    assert answer["genuine"] is True and answer["http"] == 200
    assert pades.verify_pdf(pdf_of(certificate))["status"] == "revoked"


def test_a_byte_changed_inside_the_signed_range_is_not_genuine(certificate):
    pdf = bytearray(pdf_of(certificate))
    at = pdf.index(b"/Producer")
    pdf[at + 1 : at + 9] = b"Producex"  # same length: the file still reads, the digest no longer fits

    answer = upload(bytes(pdf))

    assert answer["http"] == 200 and answer["genuine"] is False
    assert "isi yang ditandatangani telah diubah" in answer["reason"]


def test_a_change_appended_after_signing_is_not_genuine(certificate):
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_of(certificate)))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(value) for value in (50, 50, 300, 80)]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("Kompeten: SEMUA SKEMA"),
                generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
            }
        )
    )
    annotations = page.get("/Annots")
    if annotations is None:
        page[generic.NameObject("/Annots")] = generic.ArrayObject([note])
    else:
        annotations.append(note)
        raw = page.raw_get("/Annots")
        if isinstance(raw, generic.IndirectObject):
            writer.mark_update(raw)
    writer.update_container(page)
    buffer = io.BytesIO()
    writer.write(buffer)

    answer = upload(buffer.getvalue())

    assert answer["genuine"] is False
    assert "setelah ditandatangani" in answer["reason"]


def test_a_pypdf_incremental_edit_is_not_genuine(certificate):
    writer = PdfWriter(io.BytesIO(pdf_of(certificate)), incremental=True)
    writer.add_annotation(0, FreeText(text="Nama: Orang Lain", rect=(50, 50, 300, 80)))
    buffer = io.BytesIO()
    writer.write(buffer)

    answer = pades.verify_pdf(buffer.getvalue())

    assert answer["genuine"] is False and "setelah ditandatangani" in answer["reason"]


def test_the_pdf_with_its_signature_stripped_is_not_genuine(certificate):
    answer = upload(unsigned(pdf_of(certificate)))

    assert answer["http"] == 200 and answer["genuine"] is False
    assert answer["reason"] == "PDF tidak memiliki tanda tangan digital LSP."


def test_a_pdf_signed_by_another_ca_is_not_genuine(certificate):
    forged = pades.sign_pdf(
        unsigned(pdf_of(certificate)), foreign_material(), public_id=certificate.public_id
    )

    answer = upload(forged)

    assert answer["genuine"] is False and answer["record_found"] is False
    assert "tidak ditandatangani oleh identitas LSP" in answer["reason"]


def test_a_pdf_signed_by_another_registered_lsp_is_not_genuine_for_this_certificate(
    certificate, make_organization
):
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    forged = pades.sign_pdf(
        unsigned(pdf_of(certificate)), pades.material_for(other), public_id=certificate.public_id
    )

    answer = pades.verify_pdf(forged)

    assert answer["genuine"] is False and "LSP lain" in answer["reason"]


def test_a_second_signature_added_later_is_not_genuine(certificate, make_organization):
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    twice = pades.sign_pdf(pdf_of(certificate), pades.material_for(other), public_id="")

    answer = pades.verify_pdf(twice)

    assert answer["genuine"] is False and "2 tanda tangan" in answer["reason"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "kosong.pdf", "kosong"),
        (b"PK\x03\x04 bukan pdf" * 10, "sertifikat.pdf", "bukan PDF"),
        (b"%PDF-1.7\n" + b"\x00" * (10 * 1024 * 1024), "besar.pdf", "terlalu besar"),
    ],
)
def test_an_empty_foreign_or_oversized_upload_is_refused_with_a_message(data, name, message):
    response = Client().post("/api/v1/verify", {"file": SimpleUploadedFile(name, data, "application/pdf")})

    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_broken_pdf_is_not_genuine_and_never_a_server_error(certificate):
    pdf = pdf_of(certificate)

    truncated = upload(pdf[: len(pdf) // 2])
    garbage = upload(b"%PDF-1.7\n" + bytes(range(256)) * 40)

    assert truncated["http"] == 200 and truncated["genuine"] is False
    assert garbage["http"] == 200 and garbage["genuine"] is False and garbage["reason"]


def test_the_token_check_through_json_is_unchanged(certificate):
    response = Client().post("/api/v1/verify", {"token": certificate.token}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["genuine"] is True and response.json()["kid"] == certificate.kid


def test_the_public_page_checks_an_uploaded_pdf_without_login(certificate):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/verifikasi/pdf")
    token = page.cookies["csrftoken"].value

    genuine = client.post(
        "/verifikasi/pdf",
        {"file": SimpleUploadedFile("s.pdf", pdf_of(certificate)), "csrfmiddlewaretoken": token},
    )
    stripped = client.post(
        "/verifikasi/pdf",
        {"file": SimpleUploadedFile("s.pdf", unsigned(pdf_of(certificate))), "csrfmiddlewaretoken": token},
    )
    foreign = client.post(
        "/verifikasi/pdf",
        {"file": SimpleUploadedFile("s.pdf", b"GIF89a gambar"), "csrfmiddlewaretoken": token},
    )

    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    text = genuine.content.decode()
    assert genuine.status_code == 200 and "alert-success" in text and certificate.holder_name in text
    assert f"/v/{certificate.public_id}" in text and certificate.holder_nik not in text
    assert "Tidak asli" in stripped.content.decode()
    assert foreign.status_code == 400 and "bukan PDF" in foreign.content.decode()


def test_the_signing_material_travels_to_worker_processes(lsp):
    material = pades.material_for(lsp)

    copy = pickle.loads(pickle.dumps(material))  # noqa: S301  (our own bytes)

    assert copy == material and "key_der" not in repr(copy)
    assert pades.verify_pdf(pades.sign_pdf(unsigned_blank(), copy))["genuine"]


def test_the_openapi_document_describes_both_bodies_of_verify():
    schema = Client().get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/verify"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert (
        operation["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]["file"]["format"]
        == "binary"
    )
    assert "400" in operation["responses"]
