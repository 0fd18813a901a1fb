"""The offline verifier `/verifikasi/`: a public page that checks a certificate's QR token in the
browser, with the published keys embedded in the page, so that it keeps working with the network off
once loaded; and its service worker `/verifikasi/sw.js`, which keeps the page and its files.

The browser applies the same rules as `tokens.verify_token`: a compact JWS with the header
`tokens.py` signs, a known key id, a valid Ed25519 signature, and a key valid (not yet compromised)
on the issue date, by the time-of-day rule or the same-day rule of `tokens._same_day_window`. Status
(suspended or revoked) cannot be known offline; the page says so and links to `/v/<id>`.

The page shows no certificate data of its own: only the public keys, the LSPs' names and the date
it was loaded. No session or login work, so it is cached like the published keys.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ujikom.core.models import Organization

from .keys import jwks
from .tokens import MAX_TOKEN_LENGTH, TOKEN_TYPE

PAGE_MAX_AGE = 300  # seconds; as long as the published keys are cached

# Everything the page loads, kept by the service worker so that a reload without network works.
ASSETS = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/ujikom.css",
    "img/favicon.svg",
    "vendor/jsqr/jsQR.js",
    "vendor/noble-ed25519/index.js",
    "certificates/offline-verifier.js",
]
WORKER_BODY = "certificates/offline-verifier-sw.js"


def _messages() -> dict[str, str]:
    """What the page's script says, translated here so that the catalogues hold every string."""
    return {
        "empty": _("Tempel token atau alamat hasil pindai kode QR terlebih dahulu."),
        "unreadable": _("Token tidak terbaca (bukan token sertifikat yang utuh)."),
        "unknown_type": _("Jenis token tidak dikenal."),
        "unknown_key": _("Ditandatangani kunci yang tidak dikenal."),
        "refresh_keys": _(
            "Bila kunci LSP baru saja diganti, muat ulang halaman ini saat daring untuk memperbarui kunci publik."
        ),
        "bad_signature": _("Tanda tangan tidak cocok: isi token telah diubah atau bukan dari LSP ini."),
        "bad_issue_date": _("Tanggal terbit dalam token tidak sah."),
        "key_not_valid": _("Kunci %(kid)s tidak berlaku pada tanggal terbit sertifikat."),
        "genuine": _("Token ASLI"),
        "genuine_detail": _("Ditandatangani %(lsp)s dengan kunci %(kid)s."),
        "not_genuine": _("Token TIDAK ASLI"),
        "check_format": _("Bentuk token"),
        "check_format_ok": _("Token JWS utuh dengan jenis %(typ)s dan algoritme EdDSA."),
        "check_key": _("Kunci penanda tangan"),
        "check_key_ok": _("Kunci %(kid)s milik %(lsp)s, terdaftar di kunci publik."),
        "check_signature": _("Tanda tangan digital"),
        "check_signature_ok": _("Tanda tangan Ed25519 cocok dengan isi token."),
        "check_window": _("Kunci berlaku saat terbit"),
        "check_window_ok": _("Kunci berlaku %(start)s sampai %(end)s; sertifikat terbit %(issued)s."),
        "check_window_open": _("sekarang"),
        "check_compromise": _("Kunci tidak bocor sebelum terbit"),
        "check_compromise_ok": _("Kunci tidak pernah dinyatakan bocor."),
        "check_compromise_later": _("Kunci dinyatakan bocor %(date)s, setelah sertifikat terbit."),
        "check_compromise_bad": _("Kunci dinyatakan bocor %(date)s, sebelum sertifikat terbit."),
        "check_expiry": _("Masa berlaku"),
        "check_expiry_ok": _("Berlaku sampai %(date)s."),
        "check_expiry_bad": _("Sudah kedaluwarsa sejak %(date)s."),
        "check_expiry_unknown": _("Tanggal berlaku sampai dalam token tidak sah."),
        "status_online": _(
            "Status pembekuan atau pencabutan hanya dapat diperiksa secara daring. Buka halaman "
            "verifikasi daring untuk memastikan sertifikat tidak dibekukan atau dicabut:"
        ),
        "url_mismatch": _(
            "Perhatian: alamat pada kode QR menunjuk ke sertifikat lain (%(id)s) daripada isi token."
        ),
        "camera_unavailable": _(
            "Kamera tidak tersedia di peramban ini. Kamera hanya dapat dibuka melalui HTTPS (atau "
            "localhost) dan dengan izin kamera; tempel token atau pilih foto kode QR sebagai gantinya."
        ),
        "camera_denied": _("Kamera tidak dapat dibuka: %(error)s"),
        "camera_looking": _("Arahkan kamera ke kode QR pada sertifikat…"),
        "image_no_qr": _("Tidak ada kode QR yang terbaca pada gambar %(name)s."),
        "image_unreadable": _("Berkas %(name)s bukan gambar yang dapat dibuka."),
        "crypto_unavailable": _(
            "Peramban ini tidak menyediakan fungsi kriptografi yang dibutuhkan (halaman harus dibuka "
            "melalui HTTPS atau localhost)."
        ),
        "offline_ready": _("Halaman ini tersimpan di perangkat dan dapat dibuka tanpa jaringan."),
        "keys_old": _("Kunci publik dimuat lebih dari 30 hari yang lalu; muat ulang saat daring."),
    }


def _lsp_names() -> dict[str, str]:
    return dict(
        Organization.objects.filter(kind=Organization.Kind.LSP, signing_keys__isnull=False)
        .distinct()
        .values_list("code", "name")
    )


def _utc_offset_minutes() -> int:
    """The site's offset from UTC now: the fallback when the browser knows no time zones."""
    offset = timezone.localtime().utcoffset()
    return int(offset.total_seconds()) // 60 if offset is not None else 0


def _verify_prefix() -> str:
    return f"{settings.SITE_URL}{reverse('public:verify', args=['x'])[:-1]}"


@require_GET
def offline_verifier(request: HttpRequest) -> HttpResponse:
    """The page: the keys, the LSPs' names and the time they were loaded, and the checking script."""
    now = timezone.now()
    published, lsps = jwks()["keys"], _lsp_names()
    data = {
        "keys": published,
        "lsps": lsps,
        "loaded_at": now.isoformat(timespec="seconds"),
        "time_zone": settings.TIME_ZONE,
        "utc_offset_minutes": _utc_offset_minutes(),
        "token_type": TOKEN_TYPE,
        "max_token_length": MAX_TOKEN_LENGTH,
        "verify_prefix": _verify_prefix(),
        "ed25519": static("vendor/noble-ed25519/index.js"),
        "worker": reverse("public:offline_verifier_worker"),
        "scope": reverse("public:offline_verifier"),
    }
    response = render(
        request,
        "certificates/offline_verifier.html",
        {
            "data": data,
            "messages_js": _messages(),
            "loaded_at": now,
            "key_count": len(published),
            "lsp_count": len(lsps),
        },
    )
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


@require_GET
def offline_verifier_worker(request: HttpRequest) -> HttpResponse:
    """The service worker: the files to keep (with their current addresses) and its script."""
    config = {
        "page": reverse("public:offline_verifier"),
        "assets": [static(path) for path in ASSETS] + [reverse("public:offline_verifier_manifest")],
    }
    config["version"] = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]
    body = f"self.UJIKOM_OFFLINE = {json.dumps(config)};\nimportScripts({json.dumps(static(WORKER_BODY))});\n"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_GET
def offline_verifier_manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the page can be added to a phone's home screen and opened offline."""
    page = reverse("public:offline_verifier")
    response = JsonResponse(
        {
            "name": _("Ujikom · Verifikasi sertifikat tanpa jaringan"),
            "short_name": _("Verifikasi"),
            "description": _("Periksa keaslian token kode QR sertifikat kompetensi, juga tanpa jaringan."),
            "lang": translation.get_language() or settings.LANGUAGE_CODE,
            "start_url": page,
            "scope": page,
            "display": "standalone",
            "background_color": "#f8f9fa",
            "theme_color": "#0b4f8a",
            "icons": [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response
