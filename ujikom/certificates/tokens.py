"""The compact signed token printed in the QR code after `#`: a JWS (EdDSA, Ed25519) over what the
certificate says, so a phone with the published keys can tell it is genuine without the network.

Header: {"alg": "EdDSA", "kid": "<key id>", "typ": "ujikom-cert+jwt"}.
Payload (short keys keep the QR small): {"v": 1, "id": public id, "no": certificate number,
"name": holder, "scheme": scheme code, "iss": issue date, "exp": valid-until date} (dates ISO).

`verify_token` never raises on bad input: a malformed, tampered, unknown-key, retired-key or
compromised-key token comes back as not genuine with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.utils import timezone
from django.utils.translation import gettext as _

from .keys import Signer, b64url, b64url_decode, key_was_valid, public_key_of
from .models import SigningKey

TOKEN_TYPE = "ujikom-cert+jwt"
MAX_TOKEN_LENGTH = 2000


def claims_of(
    *, public_id: str, number: str, holder: str, scheme: str, issued_on: dt.date, valid_until: dt.date
) -> dict[str, Any]:
    return {
        "v": 1,
        "id": public_id,
        "no": number,
        "name": holder,
        "scheme": scheme,
        "iss": issued_on.isoformat(),
        "exp": valid_until.isoformat(),
    }


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode("utf-8")


def sign_token(signer: Signer, claims: dict[str, Any]) -> str:
    header = {"alg": "EdDSA", "kid": signer.kid, "typ": TOKEN_TYPE}
    signing_input = f"{b64url(_json(header))}.{b64url(_json(claims))}"
    return f"{signing_input}.{b64url(signer.sign(signing_input.encode('ascii')))}"


@dataclass
class TokenCheck:
    genuine: bool
    reason: str = ""
    kid: str = ""
    claims: dict[str, Any] = field(default_factory=dict)


def _parts(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes] | None:
    token = (token or "").strip()
    if "#" in token:  # the whole scanned URL was given
        token = token.rsplit("#", 1)[1]
    if not token or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
        return None
    head, body, signature = token.split(".")
    try:
        header = json.loads(b64url_decode(head))
        claims = json.loads(b64url_decode(body))
        raw_signature = b64url_decode(signature)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    return header, claims, raw_signature, f"{head}.{body}".encode("ascii")


def verify_token(token: str, keys: dict[str, SigningKey] | None = None) -> TokenCheck:
    """Whether the token was signed by a published key valid on the certificate's issue date."""
    parts = _parts(token)
    if parts is None:
        return TokenCheck(False, _("Token tidak terbaca (bukan token sertifikat yang utuh)."))
    header, claims, signature, signing_input = parts
    if header.get("alg") != "EdDSA" or header.get("typ") != TOKEN_TYPE:
        return TokenCheck(False, _("Jenis token tidak dikenal."))
    kid = str(header.get("kid") or "")
    record = (keys or {}).get(kid) if keys is not None else SigningKey.objects.filter(kid=kid).first()
    if record is None:
        return TokenCheck(False, _("Ditandatangani kunci yang tidak dikenal."), kid)
    try:
        public_key_of(record).verify(signature, signing_input)
    except (InvalidSignature, ValueError):
        return TokenCheck(
            False, _("Tanda tangan tidak cocok: isi token telah diubah atau bukan dari LSP ini."), kid
        )
    try:
        issued = dt.date.fromisoformat(str(claims.get("iss")))
    except ValueError:
        return TokenCheck(False, _("Tanggal terbit dalam token tidak sah."), kid, claims)
    issued_at = timezone.make_aware(dt.datetime.combine(issued, dt.time(12, 0)))
    if not key_was_valid(record, issued_at) and not _same_day_window(record, issued):
        return TokenCheck(
            False,
            _("Kunci %(kid)s tidak berlaku pada tanggal terbit sertifikat.") % {"kid": kid},
            kid,
            claims,
        )
    return TokenCheck(True, "", kid, claims)


def _same_day_window(record: SigningKey, issued: dt.date) -> bool:
    """A key made or closed on the issue day itself was valid that day (dates carry no time)."""
    start = timezone.localtime(record.not_before).date()
    end = timezone.localtime(record.not_after).date() if record.not_after else None
    compromised = timezone.localtime(record.compromised_at).date() if record.compromised_at else None
    inside = start <= issued and (end is None or issued <= end)
    return inside and (compromised is None or issued < compromised)
