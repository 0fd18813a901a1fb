"""Certificates in a real browser: issued from the decree, read from the QR on the PDF by a real
decoder, verified live, revoked, and checked by the offline verifier with the network off.

The decree (Budi and Siti K, signed by the Direktur, BNSP numbers recorded) is built by the services
through the issuance tests' fixtures; everything after it happens in Chromium. The offline verifier
is also held to the verdicts of `tokens.verify_token`, fed a QR code through Chromium's fake camera,
and tried without any camera.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_scheduling_flow import open_page, sign_in
from ujikom.certificates import keys, tokens
from ujikom.certificates.models import Certificate, SigningKey
from ujikom.certificates.tests.conftest import (  # noqa: F401  (fixtures)
    admin_staff,
    approved,
    assessors,
    bnsp_data,
    candidate_user,
    director,
    event,
    funding,
    handed_over,
    head_admin,
    head_certification,
    issuer,
    lsp_chair,
    make_registration,
    minutes,
    numbered,
    numbering,
    one_bk,
    recommendation,
    record_results,
    registrations,
    scheme,
    site,
    site_head,
    tekops,
    today,
    units,
)
from ujikom.certificates.tests.test_qr_decode import qr_codes_in_pdf, require_qr_tools
from ujikom.certificates.tests.verification.conftest import make_certificate  # noqa: F401  (fixture)
from ujikom.core.models import Organization

pytestmark = pytest.mark.browser

OFFLINE = "/verifikasi/"


def altered(token: str) -> str:
    """The token with one character of its payload changed so that the payload still reads as JSON:
    only the signature can tell."""
    head, body, signature = token.split(".")
    for position in range(len(body) // 2, len(body)):
        for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_":
            if char == body[position]:
                continue
            candidate = body[:position] + char + body[position + 1 :]
            try:
                claims = json.loads(keys.b64url_decode(candidate))
            except ValueError:
                continue
            if isinstance(claims, dict):
                return f"{head}.{candidate}.{signature}"
    raise AssertionError("no one-character change keeps the payload readable")


def signed(signer: keys.Signer, claims: dict, header: dict | None = None) -> str:
    """A token signed like `tokens.sign_token`, with another header if given."""
    head = keys.b64url(tokens._json(header or {"alg": "EdDSA", "kid": signer.kid, "typ": tokens.TOKEN_TYPE}))
    body = keys.b64url(tokens._json(claims))
    signature = signer.sign(f"{head}.{body}".encode("ascii"))
    return f"{head}.{body}.{keys.b64url(signature)}"


def check_offline(page: Page, token: str) -> str:
    """Paste the token into the offline verifier, check it, and return the verdict shown."""
    page.evaluate("document.getElementById('offline-result').hidden = true")
    page.get_by_label("Token atau alamat hasil pindai kode QR").fill(token)
    page.get_by_test_id("offline-check").click()
    verdict = page.get_by_test_id("offline-verdict")
    expect(verdict).to_be_visible()
    return verdict.inner_text()


def claims(public_id: str, issued: dt.date, valid_until: dt.date, name: str = "Rina Puspita") -> dict:
    return tokens.claims_of(
        public_id=public_id,
        number="62090 2512 0000999 2026",
        holder=name,
        scheme="SKM-OKM-01",
        issued_on=issued,
        valid_until=valid_until,
    )


def test_the_offline_verifier_gives_the_verdict_of_verify_token(
    page,
    live_server,
    settings,
    lsp,
    make_certificate,  # noqa: F811
    make_organization,
    screenshot,
):
    settings.SITE_URL = live_server.url
    day = timezone.localdate()
    # The LSP's key has been in use for five years; one certificate is four years old and expired.
    signer = keys.signer_for(lsp)
    SigningKey.objects.filter(pk=signer.record.pk).update(
        not_before=timezone.now() - dt.timedelta(days=5 * 365)
    )
    signer = keys.signer_for(lsp)
    current = make_certificate(holder="Siti Nur'aini Ṣāliḥ")
    expired = make_certificate(
        issued_on=day - dt.timedelta(days=4 * 365), valid_until=day - dt.timedelta(days=365)
    )
    # Another LSP's key leaked today: what it signed before stays genuine, what it signs after is not.
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    leaked = keys.signer_for(other)
    SigningKey.objects.filter(pk=leaked.record.pk).update(not_before=timezone.now() - dt.timedelta(days=800))
    leaked = keys.signer_for(other)
    public_id = Certificate._meta.get_field("public_id").get_default()
    before_leak = signed(
        leaked, claims(public_id, day - dt.timedelta(days=365), day + dt.timedelta(days=700))
    )
    after_leak = signed(leaked, claims(public_id, day + dt.timedelta(days=1), day + dt.timedelta(days=900)))
    keys.rotate_key(lsp=other, actor=None, compromised=True)
    stranger = keys.Signer(signer.record, Ed25519PrivateKey.generate())

    cases = {
        "valid": current.token,
        "scanned address": f"{live_server.url}/v/{current.public_id}#{current.token}",
        "payload changed": altered(current.token),
        "not a token": "bukan.token",
        "another type": signed(
            signer, claims(public_id, day, day), {"alg": "EdDSA", "kid": signer.kid, "typ": "JWT"}
        ),
        "unknown key": signed(
            keys.Signer(SigningKey(kid="lsp-palsu-2026-1"), Ed25519PrivateKey.generate()),
            claims(public_id, day, day),
        ),
        "other private key": signed(stranger, claims(public_id, day, day)),
        "before the key": signed(signer, claims(public_id, day - dt.timedelta(days=6 * 365), day)),
        "impossible date": signed(signer, {**claims(public_id, day, day), "iss": "2026-02-30"}),
        "expired": expired.token,
        "signed before the leak": before_leak,
        "signed after the leak": after_leak,
    }
    expected = {name: tokens.verify_token(token) for name, token in cases.items()}
    assert {name for name, check in expected.items() if check.genuine} == {
        "valid",
        "scanned address",
        "expired",
        "signed before the leak",
    }

    page.goto(live_server.url + OFFLINE)
    expect(page.get_by_test_id("offline-keys")).to_contain_text("3 kunci dari 2 LSP")
    for name, token in cases.items():
        verdict = check_offline(page, token)
        check = expected[name]
        if check.genuine:
            assert verdict.startswith("✓ Token ASLI"), (name, verdict)
        else:
            assert verdict.startswith("✗ Token TIDAK ASLI"), (name, verdict)
            assert check.reason.split(":")[0] in verdict, (name, verdict, check.reason)

    # What a genuine token says, each check, and where its status is found.
    check_offline(page, f"{live_server.url}/v/{current.public_id}#{current.token}")
    expect(page.get_by_test_id("offline-holder")).to_have_text("Siti Nur'aini Ṣāliḥ")
    expect(page.locator("#offline-number")).to_have_text(current.certificate_number)
    checks = page.get_by_test_id("offline-checks").locator("li")
    expect(checks).to_have_count(6)
    expect(checks.locator("i.bi-x-circle-fill")).to_have_count(0)
    expect(page.get_by_test_id("offline-status")).to_contain_text("hanya dapat diperiksa secara daring")
    link = page.get_by_test_id("offline-status").get_by_role("link")
    expect(link).to_have_attribute("href", f"{live_server.url}/v/{current.public_id}")
    screenshot("certificate-offline-valid")

    check_offline(page, expired.token)
    expect(
        page.get_by_test_id("offline-checks").locator("li").filter(has_text="Masa berlaku")
    ).to_contain_text("Sudah kedaluwarsa")
    check_offline(page, before_leak)
    expect(page.get_by_test_id("offline-checks")).to_contain_text("setelah sertifikat terbit")
    check_offline(page, after_leak)
    expect(page.get_by_test_id("offline-checks").locator("li[data-ok=false]").first).to_be_visible()


def rasterized(pdf: bytes, folder: Path) -> Path:
    """The PDF's first page as a PNG photo of the certificate (150 dpi)."""
    require_qr_tools()
    source = folder / "sertifikat.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(source), str(folder / "foto")],  # noqa: S607
        check=True,
        timeout=60,
    )
    return folder / "foto.png"


def test_a_certificate_issued_in_the_browser_is_verified_from_its_qr_revoked_and_checked_offline(
    page,
    live_server,
    settings,
    numbered,  # noqa: F811
    issuer,  # noqa: F811
    lsp_chair,  # noqa: F811
    screenshot,
    tmp_path,
):
    require_qr_tools()
    settings.SITE_URL = live_server.url
    url = live_server.url
    budi = numbered[0].registration.full_name
    decision = numbered[0].decision

    # Kabid Sertifikasi opens the decree and issues every certificate in one go.
    sign_in(page, url, issuer.username)
    open_page(page, url, "assessment:decision", decision.event.public_id)
    page.get_by_role("link", name="Penerbitan sertifikat kompetensi").click()
    expect(page.get_by_role("heading", name="Penerbitan sertifikat kompetensi")).to_be_visible()
    page.get_by_role("button", name="Terbitkan semua sertifikat yang belum terbit").click()
    page.wait_for_load_state()
    job = page.get_by_test_id("job")
    expect(job).to_contain_text("Selesai")
    expect(job).to_contain_text("2 dari 2 sertifikat diterbitkan")
    rows = page.get_by_test_id("entry-row")
    expect(rows).to_have_count(2)
    expect(rows.get_by_role("link", name="PDF")).to_have_count(2)
    screenshot("certificate-01-issued")

    # The PDF downloaded through the page; its QR code read by zbarimg.
    with page.expect_download() as download:
        rows.filter(has_text=budi).get_by_role("link", name="PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    [code] = qr_codes_in_pdf(pdf)
    certificate = Certificate.objects.get(entry=numbered[0])
    assert code == f"{url}/v/{certificate.public_id}#{certificate.token}"

    # The decoded address opens the live page: valid, every check passed.
    page.goto(code)
    expect(page.get_by_test_id("status-banner")).to_have_text(re.compile("Sertifikat BERLAKU"))
    expect(page.get_by_test_id("holder")).to_have_text(budi)
    expect(page.get_by_test_id("checks").locator("li")).not_to_have_count(0)
    expect(page.get_by_test_id("checks").locator(".bi-x-circle-fill")).to_have_count(0)
    screenshot("certificate-02-verified")

    # The Ketua LSP revokes it on its status page with a reason from the list and a note.
    sign_in(page, url, lsp_chair.username)
    open_page(page, url, "certificates:status", certificate.public_id)
    form = page.locator("form").filter(has=page.locator("input[name=action][value=revoke]"))
    form.get_by_label("Alasan pencabutan").select_option(label="Kecurangan atau penyalahgunaan sertifikat")
    form.get_by_label("Catatan").fill("Dokumen portofolio terbukti dipalsukan.")
    form.get_by_label("Saya mengerti pencabutan bersifat final").check()
    form.get_by_role("button", name="Cabut sertifikat").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success").filter(has_text="Sertifikat dicabut.")).to_be_visible()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED

    # The same address scanned again (a phone without this browser's cache) says revoked and why.
    phone = page.context.browser.new_context(locale="id-ID")
    try:
        scanned = phone.new_page()
        scanned.goto(code)
        banner = scanned.get_by_test_id("status-banner")
        expect(banner).to_contain_text("Sertifikat DICABUT")
        expect(banner).to_contain_text("Kecurangan atau penyalahgunaan sertifikat")
        expect(scanned.get_by_text("Dokumen portofolio terbukti dipalsukan.")).to_have_count(0)
        expect(scanned.get_by_test_id("checks").locator("li").filter(has_text="Status")).to_contain_text(
            "Dicabut"
        )
    finally:
        phone.close()

    # The offline verifier, loaded once, then the network off.
    page.goto(url + OFFLINE)
    expect(page.get_by_test_id("offline-ready")).to_be_visible()  # kept by its service worker
    page.context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    assert check_offline(page, code).startswith("✓ Token ASLI")
    checks = page.get_by_test_id("offline-checks")
    expect(
        checks.locator("li").filter(has_text="Tanda tangan digital").locator(".bi-check-circle-fill")
    ).to_be_visible()
    expect(page.get_by_test_id("offline-holder")).to_have_text(budi)
    expect(page.get_by_test_id("offline-status")).to_contain_text("hanya dapat diperiksa secara daring")
    screenshot("certificate-03-offline-genuine")
    token = code.rsplit("#", 1)[1]
    verdict = check_offline(page, altered(token))
    assert verdict.startswith("✗ Token TIDAK ASLI") and "Tanda tangan tidak cocok" in verdict
    expect(
        checks.locator("li").filter(has_text="Tanda tangan digital").locator(".bi-x-circle-fill")
    ).to_be_visible()
    screenshot("certificate-04-offline-altered")

    # Reloaded without network, the kept page still checks; a photo of the QR is read too.
    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker
    expect(page.get_by_role("heading", name="Verifikasi sertifikat tanpa jaringan")).to_be_visible()
    page.evaluate("document.getElementById('offline-result').hidden = true")
    page.locator("#offline-image").set_input_files(rasterized(pdf, tmp_path))
    expect(page.get_by_label("Token atau alamat hasil pindai kode QR")).to_have_value(code)
    expect(page.get_by_test_id("offline-verdict")).to_contain_text("Token ASLI")
    page.context.set_offline(False)


def fake_camera_video(text: str, folder: Path, width: int = 640, height: int = 480) -> Path:
    """A Y4M video (what Chromium's fake camera plays) of a QR code of `text`, black on white."""
    import segno

    matrix = segno.make(text, error="m").matrix
    scale = min(width, height) * 9 // 10 // len(matrix)
    side = scale * len(matrix)
    left, top = (width - side) // 2, (height - side) // 2
    luma = bytearray([235]) * (width * height)
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            if dark:
                for y in range(top + row_index * scale, top + (row_index + 1) * scale):
                    start = y * width + left + column_index * scale
                    luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (width * height // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    video = folder / "kamera.y4m"
    video.write_bytes(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * 10)
    return video


def test_the_camera_reads_the_qr_code_and_the_page_checks_it(
    browser,
    live_server,
    settings,
    make_certificate,  # noqa: F811
    tmp_path,
):
    settings.SITE_URL = live_server.url
    certificate = make_certificate()
    scanned_text = f"{live_server.url}/v/{certificate.public_id}#{certificate.token}"
    video = fake_camera_video(scanned_text, tmp_path)
    camera_browser = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(locale="id-ID")
        context.grant_permissions(["camera"], origin=live_server.url)
        phone = context.new_page()
        errors: list[str] = []
        phone.on("pageerror", lambda error: errors.append(str(error)))
        phone.goto(live_server.url + OFFLINE)
        phone.get_by_role("button", name="Pindai dengan kamera").click()
        expect(phone.get_by_label("Token atau alamat hasil pindai kode QR")).to_have_value(
            scanned_text, timeout=30_000
        )
        expect(phone.get_by_test_id("offline-verdict")).to_contain_text("Token ASLI")
        expect(phone.locator("#offline-camera-box")).to_be_hidden()  # the camera stops once read
        assert errors == []
    finally:
        camera_browser.close()


def test_without_a_camera_the_page_says_so_and_pasting_still_works(
    page,
    live_server,
    make_certificate,  # noqa: F811
):
    certificate = make_certificate()
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'mediaDevices', {get: () => undefined})")
    page.goto(live_server.url + OFFLINE)

    expect(page.get_by_test_id("offline-notice")).to_contain_text("Kamera tidak tersedia")
    expect(page.get_by_test_id("offline-notice")).to_contain_text("HTTPS")
    expect(page.get_by_role("button", name="Pindai dengan kamera")).to_be_disabled()
    assert check_offline(page, certificate.token).startswith("✓ Token ASLI")
