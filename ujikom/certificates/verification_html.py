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
from functools import lru_cache

from django.template import Context, Engine, Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
        html = Template(FRAME, engine=Engine.get_default()).render(Context({"LANGUAGE_CODE": language}))
    start, rest = html.split(TITLE)
    after_title, rest = rest.split(HEAD)
    after_head, end = rest.split(CONTENT)
    return start, after_title, after_head, end


def _page(language: str, title: str, head: str, content: str) -> str:
    start, after_title, after_head, end = frame(language)
    return f"{start}{title}{after_title}{head}{after_head}{content}{end}"


def _day(value: dt.date) -> str:
    return format_date(value, "j F Y")


def banner(v: Verification) -> str:
    """The status banner (also on the staff's status page)."""
    certificate = v.certificate
    status = v.status
    if status == Certificate.Status.VALID:
        return (
            '<div class="alert alert-success fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-check-circle-fill"></i> {escape(_("Sertifikat BERLAKU"))}</div>'
        )
    if status == Certificate.Status.REVOKED:
        reason = f" — {escape(v.reason_label)}" if v.reason_label else ""
        changed = certificate.status_changed_at
        when = f' <span class="small">({_day(timezone.localtime(changed))})</span>' if changed else ""
        return (
            '<div class="alert alert-danger fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-x-octagon-fill"></i> {escape(_("Sertifikat DICABUT"))}{reason}{when}</div>'
        )
    if status == Certificate.Status.SUSPENDED:
        reason = f" — {escape(v.reason_label)}" if v.reason_label else ""
        return (
            '<div class="alert alert-warning fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-pause-circle-fill"></i> {escape(_("Sertifikat DIBEKUKAN"))}{reason}</div>'
        )
    if status == Certificate.Status.EXPIRED:
        until = _("berlaku sampai %(date)s") % {"date": escape(_day(certificate.valid_until))}
        return (
            '<div class="alert alert-secondary fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-hourglass-bottom"></i> {escape(_("Sertifikat KEDALUWARSA"))} — {until}</div>'
        )
    if status == Certificate.Status.SUPERSEDED:
        newer = ""
        if v.newer is not None:
            link = _(
                'digantikan oleh sertifikat <a href="%(newer_url)s" data-testid="newer-certificate">%(number)s</a>'
            ) % {
                "newer_url": escape(reverse("public:verify", args=[v.newer.public_id])),
                "number": escape(v.newer.certificate_number),
            }
            newer = f" — {link}"
        return (
            '<div class="alert alert-info fs-5" role="status" data-testid="status-banner">'
            f'<i class="bi bi-arrow-repeat"></i> {escape(_("Sertifikat DIGANTIKAN"))}{newer}</div>'
        )
    return ""


def verification_page(v: Verification, *, url: str) -> str:
    """The whole page of a certificate found, in the active language."""
    language = translation.get_language() or "id"
    certificate = v.certificate
    scheme_name = escape(certificate.scheme_name)
    status_label = escape(v.status_label)
    title = f"{scheme_name} · {status_label}"
    head = (
        '\n  <meta property="og:type" content="website">\n'
        f'  <meta property="og:title" content="{escape(_("Sertifikat kompetensi"))}: {scheme_name}">\n'
        f'  <meta property="og:description" content="{status_label} · {escape(certificate.scheme_code)}'
        f' · {escape(certificate.lsp.name)}">\n'
        f'  <meta property="og:url" content="{escape(url)}">\n'
        '  <meta property="og:site_name" content="Ujikom">\n'
    )
    rows = [
        (_("Lembaga Sertifikasi Profesi"), certificate.lsp.name),
        (_("Nomor sertifikat"), certificate.certificate_number),
        (_("Nomor registrasi"), certificate.registration_number),
        (_("Tanggal terbit"), _day(certificate.issued_on)),
        (_("Berlaku sampai"), _day(certificate.valid_until)),
    ]
    facts = "\n".join(
        f'      <dt class="col-sm-4">{escape(label)}</dt><dd class="col-sm-8">{escape(value)}</dd>'
        for label, value in rows
    )
    parts = [
        "\n",
        banner(v),
        '\n<div class="card shadow-sm mb-3">\n  <div class="card-body">\n'
        f'    <h1 class="h4 mb-1" data-testid="holder">{escape(certificate.holder_name)}</h1>\n'
        f'    <p class="text-secondary mb-3">{escape(certificate.scheme_code)} · {scheme_name}</p>\n'
        f'    <dl class="row mb-0">\n{facts}\n    </dl>\n  </div>\n</div>\n',
    ]
    if certificate.units:
        units = "".join(
            f'<tr><td class="text-nowrap">{escape(unit.get("code", ""))}</td><td>{escape(unit.get("title", ""))}</td></tr>'
            for unit in certificate.units
        )
        parts.append(
            '<div class="card shadow-sm mb-3">\n'
            f'  <div class="card-header">{escape(_("Unit kompetensi"))}</div>\n'
            '  <div class="table-responsive">\n    <table class="table table-sm mb-0">\n'
            f"      <thead><tr><th>{escape(_('Kode unit'))}</th><th>{escape(_('Judul unit'))}</th></tr></thead>\n"
            f"      <tbody>{units}</tbody>\n    </table>\n  </div>\n</div>\n"
        )
    checks = "".join(
        '\n    <li class="list-group-item">\n      '
        + (
            '<i class="bi bi-check-circle-fill text-success"></i>'
            if check.ok
            else '<i class="bi bi-x-circle-fill text-danger"></i>'
        )
        + f"\n      <strong>{escape(check.label)}</strong>: {escape(check.detail)}\n    </li>\n    "
        for check in v.checks
    )
    checked = _("Diperiksa %(at)s.") % {
        "at": escape(format_date(timezone.localtime(v.checked_at), "j F Y H:i"))
    }
    parts.append(
        '<div class="card shadow-sm mb-3">\n'
        f'  <div class="card-header">{escape(_("Pemeriksaan yang dilakukan"))}</div>\n'
        f'  <ul class="list-group list-group-flush" data-testid="checks">\n    {checks}\n  </ul>\n'
        f'  <div class="card-footer small text-secondary">{checked}</div>\n</div>\n'
    )
    return _page(language, title, head, "".join(parts))


def message_page(message: str) -> str:
    """A page with only a message (not found, too many requests), in the active language."""
    language = translation.get_language() or "id"
    content = f'\n<div class="alert alert-secondary" role="alert" data-testid="verification-message">{escape(message)}</div>\n'
    return _page(language, escape(_("Verifikasi sertifikat")), "", content)


__all__ = ["banner", "frame", "message_page", "pgettext", "verification_page"]
