"""The QR code printed on an issued certificate, read back by a real decoder: the PDF is rasterized
with `pdftoppm` (poppler-utils) and the QR decoded with `zbarimg` (zbar-tools), as a phone would see
it. Without those tools the tests are skipped, except under CI, where that is a failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate
from ujikom.certificates.tokens import verify_token
from ujikom.documents.services import open_file

pytestmark = pytest.mark.django_db

SITE_URL = "https://sertifikat.lsp-stmi.example.id"


def require_qr_tools() -> None:
    """Skip without pdftoppm and zbarimg; fail instead under CI (CI=true), which must have them."""
    missing = [tool for tool in ("pdftoppm", "zbarimg") if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not found; install them with `apt-get install poppler-utils zbar-tools`."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def qr_codes_in_pdf(pdf: bytes) -> list[str]:
    """Every QR code zbarimg reads on the PDF's pages, rasterized at 200 dpi."""
    require_qr_tools()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sertifikat.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-r", "200", "-png", str(source), str(Path(folder) / "page")],  # noqa: S607
            check=True,
            timeout=60,
        )
        pages = sorted(Path(folder).glob("page*.png"))
        assert pages, "pdftoppm drew no page"
        found: list[str] = []
        for image in pages:
            result = subprocess.run(  # noqa: S603
                ["zbarimg", "--raw", "-q", str(image)],  # noqa: S607
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode in (0, 4), result.stderr  # 4: no code on this page
            found += [line for line in result.stdout.splitlines() if line]
        return found


def pdf_of(certificate: Certificate) -> bytes:
    with open_file(certificate.pdf) as handle:
        return handle.read()


def test_the_qr_on_the_pdf_reads_as_the_verification_url_with_the_signed_token(numbered, issuer, settings):  # noqa: F811
    settings.SITE_URL = SITE_URL
    certificate = issuance.issue_certificate(entry=numbered[0], actor=issuer)

    codes = qr_codes_in_pdf(pdf_of(certificate))

    assert codes == [f"{SITE_URL}/v/{certificate.public_id}#{certificate.token}"]
    address, token = codes[0].rsplit("#", 1)
    check = verify_token(token)
    assert check.genuine, check.reason
    assert check.claims["id"] == certificate.public_id
    assert check.claims["no"] == numbered[0].certificate_number
    assert check.claims["name"] == numbered[0].registration.full_name
    assert verify_token(codes[0]).genuine  # the whole scanned text works too

    response = Client().get(urlsplit(address).path)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sertifikat BERLAKU" in text and numbered[0].registration.full_name in text


def test_a_token_read_from_the_qr_and_altered_is_not_genuine(numbered, issuer):  # noqa: F811
    certificate = issuance.issue_certificate(entry=numbered[1], actor=issuer)
    [code] = qr_codes_in_pdf(pdf_of(certificate))
    head, body, signature = code.rsplit("#", 1)[1].split(".")
    altered_body = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]

    check = verify_token(f"{head}.{altered_body}.{signature}")

    assert not check.genuine
