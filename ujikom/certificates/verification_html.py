"""The public verification page `/v/<id>` as HTML, shared by the Django view and the WSGI fast path
(`fastpath.py`), so both give the same bytes.

The page is drawn in Python: the Django template took about 550 µs a page, more than everything
else the fast path does together. The frame (head, navigation, footer) still comes from the
template `certificates/verification_base.html`, rendered once per language and process; what is
drawn here is the content of the blocks. The texts are the same translatable strings the templates
used, in the active language.
"""

from __future__ import annotations

import datetime as dt
import html
from functools import lru_cache

from django.template import Context, Engine, Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import Certificate
from .selectors_verification import Verification

TITLE, HEAD, CONTENT = "\x01title\x01", "\x01head\x01", "\x01content\x01"
FRAME = (
    '{% extends "certificates/verification_base.html" %}'
    f"{{% block title %}}{TITLE}{{% endblock %}}"
    f"{{% block head %}}{HEAD}{{% endblock %}}"
    f"{{% block content %}}{CONTENT}{{% endblock %}}"
)


@lru_cache(maxsize=8)
def frame(language: str) -> tuple[str, str, str, str]:
    """The page around its three blocks, in `language`: (start, after title, after head, end)."""
    get_template("certificates/verification_base.html")  # the frame changes only with a deploy
    with translation.override(language):
        rendered = Template(FRAME, engine=Engine.get_default()).render(Context({"LANGUAGE_CODE": language}))
    start, rest = rendered.split(TITLE)
    after_title, rest = rest.split(HEAD)
    after_head, end = rest.split(CONTENT)
    return start, after_title, after_head, end


def page(language: str, title: str, head: str, content: str) -> str:
    start, after_title, after_head, end = frame(language)
    return f"{start}{title}{after_title}{head}{after_head}{content}{end}"


TEXTS = {
    "valid": gettext_noop("Sertifikat BERLAKU"),
    "revoked": gettext_noop("Sertifikat DICABUT"),
    "suspended": gettext_noop("Sertifikat DIBEKUKAN"),
    "expired": gettext_noop("Sertifikat KEDALUWARSA"),
    "superseded": gettext_noop("Sertifikat DIGANTIKAN"),
    "until": gettext_noop("berlaku sampai %(date)s"),
    "og_title": gettext_noop("Sertifikat kompetensi"),
    "lsp": gettext_noop("Lembaga Sertifikasi Profesi"),
    "number": gettext_noop("Nomor sertifikat"),
    "registration": gettext_noop("Nomor registrasi"),
    "issued": gettext_noop("Tanggal terbit"),
    "valid_until": gettext_noop("Berlaku sampai"),
    "units": gettext_noop("Unit kompetensi"),
    "unit_code": gettext_noop("Kode unit"),
    "unit_title": gettext_noop("Judul unit"),
    "checks": gettext_noop("Pemeriksaan yang dilakukan"),
    "checked": gettext_noop("Diperiksa %(at)s."),
    "title": gettext_noop("Verifikasi sertifikat"),
}


@lru_cache(maxsize=8)
def _texts(language: str) -> dict[str, str]:
    """The page's fixed texts in `language`, translated once (gettext costs ~5 µs a call)."""
    with translation.override(language):
        return {key: _(text) for key, text in TEXTS.items()}


def _e(value: object) -> str:
    """As Django's `escape`, without its lazy-string wrapper."""
    return html.escape(str(value))


@lru_cache(maxsize=8192)
def _formatted(value: dt.date, pattern: str, language: str) -> str:
    with translation.override(language):
        return format_date(value, pattern)


def _day(value: dt.date, language: str) -> str:
    return _formatted(value, "j F Y", language)


def banner(v: Verification, language: str | None = None) -> str:
    """The status banner (also on the staff's status page)."""
    language = language or translation.get_language() or "id"
    t = _texts(language)
    certificate = v.certificate
    status = v.status
    if status == Certificate.Status.VALID:
        return (
            '<div class="alert alert-success fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-check-circle-fill"></i> {_e(t["valid"])}</div>'
        )
    if status == Certificate.Status.REVOKED:
        reason = f" — {_e(v.reason_label)}" if v.reason_label else ""
        changed = certificate.status_changed_at
        when = (
            f' <span class="small">({_day(timezone.localtime(changed), language)})</span>' if changed else ""
        )
        return (
            '<div class="alert alert-danger fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-x-octagon-fill"></i> {_e(t["revoked"])}{reason}{when}</div>'
        )
    if status == Certificate.Status.SUSPENDED:
        reason = f" — {_e(v.reason_label)}" if v.reason_label else ""
        return (
            '<div class="alert alert-warning fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-pause-circle-fill"></i> {_e(t["suspended"])}{reason}</div>'
        )
    if status == Certificate.Status.EXPIRED:
        until = t["until"] % {"date": _e(_day(certificate.valid_until, language))}
        return (
            '<div class="alert alert-secondary fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-hourglass-bottom"></i> {_e(t["expired"])} — {until}</div>'
        )
    if status == Certificate.Status.SUPERSEDED:
        newer = ""
        if v.newer is not None:
            link = _(
                'digantikan oleh sertifikat <a href="%(newer_url)s" data-testid="newer-certificate">%(number)s</a>'
            ) % {
                "newer_url": _e(reverse("public:verify", args=[v.newer.public_id])),
                "number": _e(v.newer.certificate_number),
            }
            newer = f" — {link}"
        return (
            '<div class="alert alert-info fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-arrow-repeat"></i> {_e(t["superseded"])}{newer}</div>'
        )
    return ""


def verification_page(v: Verification, *, url: str) -> str:
    """The whole page of a certificate found, in the active language."""
    language = translation.get_language() or "id"
    return page(language, *verification_blocks(v, url=_e(url), checked=checked_text(v.checked_at, language)))


def checked_text(at: dt.datetime, language: str) -> str:
    """The moment of the checks as the page shows it (to the minute), escaped."""
    return _e(_formatted(timezone.localtime(at).replace(second=0, microsecond=0), "j F Y H:i", language))


def verification_blocks(v: Verification, *, url: str, checked: str) -> tuple[str, str, str]:
    """The page's title, head and content blocks in the active language, with `url` (escaped) as
    the og:url and `checked` (escaped) as the moment of the checks."""
    language = translation.get_language() or "id"
    t = _texts(language)
    certificate = v.certificate
    scheme_name = _e(certificate.scheme_name)
    status_label = _e(v.status_label)
    title = f"{scheme_name} · {status_label}"
    head = (
        '\n  <meta property="og:type" content="website">\n'
        f'  <meta property="og:title" content="{_e(t["og_title"])}: {scheme_name}">\n'
        f'  <meta property="og:description" content="{status_label} · {_e(certificate.scheme_code)}'
        f' · {_e(certificate.lsp.name)}">\n'
        f'  <meta property="og:url" content="{url}">\n'
        '  <meta property="og:site_name" content="Ujikom">\n'
    )
    rows = [
        (t["lsp"], certificate.lsp.name),
        (t["number"], certificate.certificate_number),
        (t["registration"], certificate.registration_number),
        (t["issued"], _day(certificate.issued_on, language)),
        (t["valid_until"], _day(certificate.valid_until, language)),
    ]
    facts = "\n".join(
        f'      <dt class="col-sm-4">{_e(label)}</dt><dd class="col-sm-8">{_e(value)}</dd>'
        for label, value in rows
    )
    parts = [
        "\n",
        banner(v, language),
        '\n<div class="card shadow-sm mb-3">\n  <div class="card-body">\n'
        f'    <h1 class="h4 mb-1" data-testid="holder">{_e(certificate.holder_name)}</h1>\n'
        f'    <p class="text-secondary mb-3">{_e(certificate.scheme_code)} · {scheme_name}</p>\n'
        f'    <dl class="row mb-0">\n{facts}\n    </dl>\n  </div>\n</div>\n',
    ]
    if certificate.units:
        units = "".join(
            f'<tr><td class="text-nowrap">{_e(unit.get("code", ""))}</td><td>{_e(unit.get("title", ""))}</td></tr>'
            for unit in certificate.units
        )
        parts.append(
            '<div class="card shadow-sm mb-3">\n'
            f'  <div class="card-header">{_e(t["units"])}</div>\n'
            '  <div class="table-responsive">\n    <table class="table table-sm mb-0">\n'
            f"      <thead><tr><th>{_e(t['unit_code'])}</th><th>{_e(t['unit_title'])}</th></tr></thead>\n"
            f"      <tbody>{units}</tbody>\n    </table>\n  </div>\n</div>\n"
        )
    checks = "".join(
        '\n    <li class="list-group-item">\n      '
        + (
            '<i class="bi bi-check-circle-fill text-success"></i>'
            if check.ok
            else '<i class="bi bi-x-circle-fill text-danger"></i>'
        )
        + f"\n      <strong>{_e(check.label)}</strong>: {_e(check.detail)}\n    </li>\n    "
        for check in v.checks
    )
    checked = t["checked"] % {"at": checked}
    parts.append(
        '<div class="card shadow-sm mb-3">\n'
        f'  <div class="card-header">{_e(t["checks"])}</div>\n'
        f'  <ul class="list-group list-group-flush" data-testid="checks">\n    {checks}\n  </ul>\n'
        f'  <div class="card-footer small text-secondary">{checked}</div>\n</div>\n'
    )
    return title, head, "".join(parts)


def message_page(message: str) -> str:
    """A page with only a message (not found, too many requests), in the active language."""
    language = translation.get_language() or "id"
    t = _texts(language)
    content = f'\n<div class="alert alert-secondary" role="alert" data-testid="verification-message">{_e(message)}</div>\n'
    return page(language, _e(t["title"]), "", content)


__all__ = ["banner", "checked_text", "frame", "message_page", "verification_blocks", "verification_page"]
