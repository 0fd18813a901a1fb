"""Reads of the verification part: a certificate by its public id (one query), what its verification
shows with each check performed, a scanned token checked against the live record, and the staff's
access to a certificate (other LSP → 404, no permission → 403)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, is_member
from ujikom.core.models import User

from .keys import key_was_valid
from .models import Certificate, CertificateEvent, SigningKey
from .services_status import reason_label
from .tokens import TokenCheck, _same_day_window, verify_token

PUBLIC_ID = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{16,32}$")
MANAGE = "certificates.manage"
VIEW = "certificates.view"


def _certificates() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("lsp", "superseded_by")


def certificate_by_public_id(public_id: str) -> Certificate | None:
    """The certificate with this public id, or None (malformed ids are not looked up at all)."""
    if not isinstance(public_id, str) or not PUBLIC_ID.match(public_id):
        return None
    return _certificates().filter(public_id=public_id).first()


def certificate_for(user: User, public_id: str, code: str = VIEW) -> Certificate:
    """A certificate the staff member may see (`code` in its LSP): 404 outside it, 403 without `code`."""
    certificate = certificate_by_public_id(public_id)
    if certificate is None or not (is_member(user, certificate.lsp) or user.is_superuser):
        raise Http404(_("Sertifikat tidak ditemukan."))
    if not has_permission(user, code, certificate.lsp):
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini."))
    return certificate


def events_of(certificate: Certificate) -> list[CertificateEvent]:
    """The certificate's status history, newest first, each with `reason_label` (Indonesian)."""
    events = list(certificate.events.select_related("actor").order_by("-at", "-id"))
    for event in events:
        status = Certificate.Status.REVOKED if event.kind == CertificateEvent.Kind.REVOKED else ""
        event.reason_label = reason_label(status, event.reason) if event.reason else ""  # type: ignore[attr-defined]
    return events


def mask_nik(nik: str) -> str:
    """`3671**********01`: the first four and last two digits only."""
    if len(nik) < 8:
        return "*" * len(nik)
    return f"{nik[:4]}{'*' * (len(nik) - 6)}{nik[-2:]}"


@dataclass
class Check:
    name: str
    label: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "ok": self.ok, "detail": self.detail}


@dataclass
class Verification:
    certificate: Certificate
    status: str
    status_label: str
    reason: str
    reason_label: str
    checks: list[Check] = field(default_factory=list)
    checked_at: dt.datetime = field(default_factory=timezone.now)
    newer: Certificate | None = None

    @property
    def all_ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def as_dict(self) -> dict[str, Any]:
        certificate = self.certificate
        return {
            "public_id": certificate.public_id,
            "status": self.status,
            "status_label": self.status_label,
            "reason": self.reason,
            "reason_label": self.reason_label,
            "status_changed_at": certificate.status_changed_at,
            "holder": certificate.holder_name,
            "scheme": {"code": certificate.scheme_code, "name": certificate.scheme_name},
            "units": [
                {"code": unit.get("code", ""), "title": unit.get("title", "")} for unit in certificate.units
            ],
            "lsp": {"code": certificate.lsp.code, "name": certificate.lsp.name},
            "certificate_number": certificate.certificate_number,
            "registration_number": certificate.registration_number,
            "issued_on": certificate.issued_on,
            "valid_until": certificate.valid_until,
            "superseded_by": self.newer.public_id if self.newer else None,
            "checks": [check.as_dict() for check in self.checks],
            "checked_at": self.checked_at,
        }


def effective_status(certificate: Certificate, today: dt.date) -> str:
    """The stored status, except that a valid certificate past its date is expired already."""
    if certificate.status == Certificate.Status.VALID and certificate.valid_until < today:
        return Certificate.Status.EXPIRED
    return certificate.status


def claims_match(certificate: Certificate, claims: dict[str, Any]) -> bool:
    return (
        claims.get("id") == certificate.public_id
        and claims.get("no") == certificate.certificate_number
        and claims.get("name") == certificate.holder_name
        and claims.get("scheme") == certificate.scheme_code
        and claims.get("iss") == certificate.issued_on.isoformat()
        and claims.get("exp") == certificate.valid_until.isoformat()
    )


def _key_valid_on(key: SigningKey, issued: dt.date) -> bool:
    noon = timezone.make_aware(dt.datetime.combine(issued, dt.time(12, 0)))
    return key_was_valid(key, noon) or _same_day_window(key, issued)


def _status_check(status: str, certificate: Certificate, label: str, reason: str) -> Check:
    if status == Certificate.Status.VALID:
        return Check("status", _("Status"), True, _("Tidak dibekukan maupun dicabut."))
    if status == Certificate.Status.REVOKED:
        detail = _("Dicabut: %(reason)s.") % {"reason": reason or "-"}
    elif status == Certificate.Status.SUSPENDED:
        detail = _("Dibekukan: %(reason)s.") % {"reason": reason or "-"}
    else:
        detail = label
    return Check("status", _("Status"), False, detail)


@lru_cache(maxsize=20_000)
def _token_check(
    token: str,
    kid: str,
    public_key: str,
    not_before: dt.datetime,
    not_after: dt.datetime | None,
    compromised_at: dt.datetime | None,
    language: str | None,
) -> TokenCheck:
    """The token checked against the key as it is now: the same answer for the same token, key
    window and language, so kept (Ed25519 verification costs about 0.1 ms a request)."""
    key = SigningKey(
        kid=kid,
        public_key=public_key,
        not_before=not_before,
        not_after=not_after,
        compromised_at=compromised_at,
    )
    return verify_token(token, keys={kid: key})


def _checked_token(token: str, key: SigningKey | None) -> TokenCheck:
    if key is None:
        return verify_token(token, keys={})
    return _token_check(
        token,
        key.kid,
        key.public_key,
        key.not_before,
        key.not_after,
        key.compromised_at,
        translation.get_language(),
    )


def verify(certificate: Certificate, *, key: SigningKey | None | Literal[False] = False) -> Verification:
    """What anyone may learn about the certificate, with each check performed. Its signing key is
    read with one more query unless given (`key`; None when it has none)."""
    today = timezone.localdate()
    status = effective_status(certificate, today)
    if key is False:
        key = SigningKey.objects.filter(kid=certificate.kid).first()
    token = _checked_token(certificate.token, key)
    signature_ok = token.genuine or bool(token.claims)  # claims come back once the signature held
    checks = [
        Check(
            "signature",
            _("Tanda tangan digital"),
            signature_ok and claims_match(certificate, token.claims),
            _("Tanda tangan LSP sah dan isi token sama dengan data sertifikat.")
            if signature_ok and claims_match(certificate, token.claims)
            else (token.reason if not signature_ok else _("Isi token berbeda dengan data sertifikat.")),
        ),
        Check(
            "key",
            _("Kunci berlaku saat terbit"),
            key is not None and _key_valid_on(key, certificate.issued_on),
            (
                _("Kunci %(kid)s berlaku pada tanggal terbit.")
                if key and _key_valid_on(key, certificate.issued_on)
                else _("Kunci %(kid)s tidak dikenal atau tidak berlaku pada tanggal terbit.")
            )
            % {"kid": certificate.kid},
        ),
    ]
    label = str(Certificate.Status(status).label)
    reason = reason_label(status, certificate.status_reason) if certificate.status_reason else ""
    checks.append(_status_check(status, certificate, label, reason))
    in_dates = certificate.issued_on <= today <= certificate.valid_until
    checks.append(
        Check(
            "dates",
            _("Masa berlaku"),
            in_dates,
            _("Berlaku %(start)s s.d. %(end)s.")
            % {"start": certificate.issued_on.isoformat(), "end": certificate.valid_until.isoformat()}
            if in_dates
            else _("Di luar masa berlaku (%(start)s s.d. %(end)s).")
            % {"start": certificate.issued_on.isoformat(), "end": certificate.valid_until.isoformat()},
        )
    )
    newer = getattr(certificate, "superseded_by", None) if status == Certificate.Status.SUPERSEDED else None
    if newer is not None:
        checks[2].detail = _("Digantikan oleh sertifikat %(number)s.") % {"number": newer.certificate_number}
    return Verification(certificate, status, label, certificate.status_reason, reason, checks, newer=newer)


def check_token(token: str) -> dict[str, Any]:
    """A scanned token (or the whole scanned URL): genuine and unaltered? and what the record says now."""
    check = verify_token(token if isinstance(token, str) else "")
    answer: dict[str, Any] = {
        "genuine": check.genuine,
        "reason": check.reason,
        "kid": check.kid,
        "claims": check.claims if check.genuine else {},
        "record_found": False,
        "matches_record": False,
        "status": None,
        "status_label": None,
        "status_reason": None,
        "public_id": None,
        "checked_at": timezone.now(),
    }
    if not check.genuine:
        return answer
    certificate = certificate_by_public_id(str(check.claims.get("id") or ""))
    if certificate is None:
        answer["reason"] = _("Token asli, tetapi sertifikatnya tidak ditemukan di LSP.")
        return answer
    status = effective_status(certificate, timezone.localdate())
    answer.update(
        record_found=True,
        matches_record=claims_match(certificate, check.claims),
        status=status,
        status_label=str(Certificate.Status(status).label),
        status_reason=reason_label(status, certificate.status_reason) if certificate.status_reason else "",
        public_id=certificate.public_id,
    )
    if not answer["matches_record"]:
        answer["reason"] = _("Token asli, tetapi isinya tidak sama dengan data sertifikat yang tercatat.")
    return answer
