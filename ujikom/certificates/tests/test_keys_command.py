"""`ujikom keys`: init is idempotent, rotate closes the old key, a PSrE certificate can replace the
own CA for PDFs, and every mistake is a clear Indonesian error with a non-zero exit."""

from __future__ import annotations

import io

import pytest
from cryptography import x509
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfWriter

from ujikom.certificates import keys, pades
from ujikom.certificates.models import PdfSigner, SigningKey
from ujikom.certificates.tests.provider_pki import provider_p12

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("keys", *args, stdout=out)
    return out.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(842, 595)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_init_makes_the_ca_identity_and_token_key_once(lsp):
    first = run("init", "--lsp", "lsp-stmi", "--years", "5")
    second = run("init", "--lsp", "lsp-stmi")

    assert "Kunci Ed25519 dibuat: lsp-stmi-20" in first
    assert "CA LSP dan identitas tanda tangan PDF dibuat" in first
    assert "sudah ada" in second and "dibuat" not in second
    assert SigningKey.objects.filter(lsp=lsp).count() == 1
    identity = PdfSigner.objects.get(lsp=lsp)
    assert identity.is_active and identity.source == PdfSigner.Source.OWN_CA
    assert 4 <= (identity.not_after - identity.not_before).days / 365 <= 5.1
    ca = x509.load_pem_x509_certificate(identity.ca_certificate_pem.encode())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    assert ca.not_valid_after_utc > identity.not_after
    fingerprint = first.split("sidik jari SHA-256 CA akar: ")[1].split()[0]
    assert fingerprint in second and len(fingerprint) == 95


def test_ca_prints_the_root_for_relying_parties(lsp, tmp_path):
    run("init", "--lsp", "lsp-stmi")

    printed = run("ca", "--lsp", "lsp-stmi")
    run("ca", "--lsp", "lsp-stmi", "-o", str(tmp_path / "ca.pem"))

    root = x509.load_pem_x509_certificate(printed.encode())
    assert root.subject == root.issuer and "LSP Politeknik STMI Jakarta CA" in root.subject.rfc4514_string()
    assert (tmp_path / "ca.pem").read_text() == printed


def test_rotate_closes_the_key_and_marks_it_compromised_when_asked(lsp):
    run("init", "--lsp", "lsp-stmi")
    old = SigningKey.objects.get(lsp=lsp)

    said = run("rotate", "--lsp", "lsp-stmi", "--compromised")

    old.refresh_from_db()
    assert old.not_after is not None and old.compromised_at is not None
    new = SigningKey.objects.get(lsp=lsp, not_after__isnull=True)
    assert f"Kunci {old.kid} ditutup dan ditandai bocor; kunci baru: {new.kid}" in said


def test_list_and_secret(lsp):
    assert "Belum ada kunci" in run("list")
    run("init", "--lsp", "lsp-stmi")

    listed = run("list")
    secret = run("secret").strip()

    assert "lsp-stmi\ted25519\t" in listed and "lsp-stmi\tpdf-own_ca\t" in listed and "aktif" in listed
    assert len(keys.b64url_decode(secret)) == 32


@pytest.mark.parametrize(
    "args",
    [
        ("init", "--lsp", "tidak-ada"),
        ("rotate", "--lsp", "tidak-ada"),
        ("ca", "--lsp", "tidak-ada"),
        ("import-provider", "--lsp", "tidak-ada", "--p12", "x.p12"),
    ],
)
def test_an_unknown_lsp_code_is_an_error_naming_the_known_ones(lsp, args):
    with pytest.raises(CommandError, match="LSP dengan kode 'tidak-ada' tidak ditemukan.*lsp-stmi"):
        run(*args)


def test_years_out_of_range_is_an_error(lsp):
    with pytest.raises(CommandError, match="--years harus antara 1 dan 30"):
        run("init", "--lsp", "lsp-stmi", "--years", "0")
    assert not PdfSigner.objects.exists()


def test_a_provider_certificate_replaces_the_own_ca_and_signs_verifiable_pdfs(lsp, tmp_path, monkeypatch):
    run("init", "--lsp", "lsp-stmi")
    own = PdfSigner.objects.get(lsp=lsp)
    own_signed = pades.sign_pdf(blank_pdf(), pades.material_of(own))
    data, provider_root = provider_p12()
    (tmp_path / "lsp.p12").write_bytes(data)
    monkeypatch.setenv("UJIKOM_P12_PASSWORD", "rahasia-psre")

    said = run("import-provider", "--lsp", "lsp-stmi", "--p12", str(tmp_path / "lsp.p12"))

    own.refresh_from_db()
    provider = PdfSigner.objects.get(lsp=lsp, is_active=True)
    assert "Sertifikat PSrE dipasang" in said and not own.is_active
    assert provider.source == PdfSigner.Source.PROVIDER and not provider.ca_private_key_encrypted
    assert x509.load_pem_x509_certificate(provider.ca_certificate_pem.encode()) == provider_root
    assert len(x509.load_pem_x509_certificates(provider.chain_pem.encode())) == 2

    check = pades.verify_pdf(pades.sign_pdf(blank_pdf(), pades.material_for(lsp)))
    assert check["genuine"], check
    assert (
        check["signer"]["source"] == "provider"
        and "CN=LSP Politeknik STMI Jakarta" in check["signer"]["subject"]
    )
    assert pades.verify_pdf(own_signed)["genuine"], "PDFs signed before the switch still verify"


@pytest.mark.parametrize(
    ("content", "password", "message"),
    [
        (b"bukan berkas pkcs12" * 20, "", "bukan PKCS#12"),
        (None, "salah", "Kata sandi berkas PKCS#12 salah"),
        (None, "", "dilindungi kata sandi"),
        ("no-nr", "rahasia-psre", "digitalSignature dan nonRepudiation"),
    ],
)
def test_a_bad_provider_file_is_refused_and_nothing_changes(
    lsp, tmp_path, monkeypatch, content, password, message
):
    run("init", "--lsp", "lsp-stmi")
    if content is None:
        content = provider_p12()[0]
    elif content == "no-nr":
        content = provider_p12(non_repudiation=False)[0]
    (tmp_path / "lsp.p12").write_bytes(content)
    monkeypatch.setenv("UJIKOM_P12_PASSWORD", password)

    with pytest.raises(CommandError, match=message):
        run("import-provider", "--lsp", "lsp-stmi", "--p12", str(tmp_path / "lsp.p12"))

    assert PdfSigner.objects.get(lsp=lsp, is_active=True).source == PdfSigner.Source.OWN_CA
    assert PdfSigner.objects.count() == 1


def test_a_missing_provider_file_is_an_error(lsp, tmp_path):
    with pytest.raises(CommandError, match="berkas tidak ditemukan"):
        run("import-provider", "--lsp", "lsp-stmi", "--p12", str(tmp_path / "tidak-ada.p12"))


def test_a_pkcs12_without_private_key_is_refused(lsp, tmp_path, monkeypatch):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    _data, root = provider_p12()
    only_certs = pkcs12.serialize_key_and_certificates(
        b"ca", None, None, [root], serialization.NoEncryption()
    )
    (tmp_path / "ca.p12").write_bytes(only_certs)
    monkeypatch.setenv("UJIKOM_P12_PASSWORD", "")

    with pytest.raises(CommandError, match="tidak berisi kunci privat"):
        run("import-provider", "--lsp", "lsp-stmi", "--p12", str(tmp_path / "ca.p12"))


def test_production_without_an_identity_refuses_to_sign(lsp, settings):
    settings.DEBUG = False
    settings.TESTING = False
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ujikom keys init --lsp lsp-stmi"):
        pades.material_for(lsp)


def test_renew_issues_a_new_signing_certificate_under_the_same_root(lsp):
    run("init", "--lsp", "lsp-stmi")
    old = PdfSigner.objects.get(lsp=lsp)
    old_signed = pades.sign_pdf(blank_pdf(), pades.material_of(old))

    said = run("init", "--lsp", "lsp-stmi", "--renew", "--years", "3")

    old.refresh_from_db()
    new = PdfSigner.objects.get(lsp=lsp, is_active=True)
    assert "Sertifikat penanda tangan PDF baru dibuat" in said and not old.is_active
    assert new.serial_number != old.serial_number and new.ca_certificate_pem == old.ca_certificate_pem
    assert pades.verify_pdf(pades.sign_pdf(blank_pdf(), pades.material_for(lsp)))["genuine"]
    assert pades.verify_pdf(old_signed)["genuine"]
