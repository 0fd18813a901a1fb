"""W3C Bitstring Status List v1.0: one list per LSP and purpose (revocation, suspension).

The list holds 131,072 bits (16 KiB); bit 0 is the most significant bit of the first byte. A
certificate's bit is its `status_index`; a set bit means revoked (or suspended) for that purpose.
`encodedList` is "u" + base64url without padding of the GZIP-compressed bits (multibase).

Every change re-signs the list as a small credential, published at `/status/<lsp code>/<purpose>`:

    {"@context": ["https://www.w3.org/ns/credentials/v2"],
     "id": "<address of the list>",
     "type": ["VerifiableCredential", "BitstringStatusListCredential"],
     "issuer": "<address of the LSP's keys>#<lsp code>",
     "validFrom": "<ISO time of the change>",
     "credentialSubject": {"id": "<address>#list", "type": "BitstringStatusList",
                           "statusPurpose": "revocation", "encodedList": "u…"},
     "proof": {"type": "ujikom-jws", "verificationMethod": "<kid>", "created": "…", "jws": "…"}}

The proof is a compact JWS with a detached payload (RFC 7515, appendix F): header
`{"alg": "EdDSA", "kid": "<kid>", "typ": "ujikom-statuslist+jws", "b64": true}`, the payload being the
canonical JSON of the credential without `proof` (keys sorted, no spaces, UTF-8), and the `jws` value
`<header>..<signature>`. To verify: drop `proof`, serialize canonically, put its base64url between the
two dots, check the Ed25519 signature with the key `kid` from `/.well-known/jwks.json`.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import Organization

from .keys import Signer, b64url, b64url_decode, public_key_of, signer_for
from .models import SigningKey, StatusList

LIST_SIZE = 131_072  # bits: 16 KiB, the specification's minimum for group privacy
PROOF_TYPE = "ujikom-jws"
JWS_TYPE = "ujikom-statuslist+jws"
SITE_URL_SETTING = "SITE_URL"


# ---- the bitstring -----------------------------------------------------------------------------


def empty(size: int = LIST_SIZE) -> bytearray:
    return bytearray(size // 8)


def encode(bits: bytes | bytearray) -> str:
    """The `encodedList` of raw bits: "u" + base64url-no-pad(GZIP(bits))."""
    return "u" + b64url(gzip.compress(bytes(bits), mtime=0))


def decode(encoded: str) -> bytearray:
    """The raw bits of an `encodedList` (ValueError when it is not one)."""
    if not encoded or encoded[0] != "u":
        raise ValueError("encodedList must start with the multibase prefix 'u'")
    text = encoded[1:]
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
        bits = bytearray(gzip.decompress(raw))
    except (OSError, EOFError, binascii.Error) as error:
        raise ValueError("encodedList is not base64url GZIP data") from error
    if not bits:
        raise ValueError("encodedList is empty")
    return bits


def _check_index(bits: bytes | bytearray, index: int) -> None:
    if index < 0 or index >= len(bits) * 8:
        raise IndexError(f"status index {index} outside the list of {len(bits) * 8} bits")


def bit_of(bits: bytes | bytearray, index: int) -> bool:
    _check_index(bits, index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_bit(bits: bytearray, index: int, value: bool = True) -> bytearray:
    """Set (or clear) bit `index` in place; bit 0 is the most significant bit of byte 0."""
    _check_index(bits, index)
    mask = 0x80 >> (index % 8)
    if value:
        bits[index // 8] |= mask
    else:
        bits[index // 8] &= ~mask & 0xFF
    return bits


def bit_is_set(encoded: str, index: int) -> bool:
    """Whether bit `index` of an `encodedList` is set."""
    return bit_of(decode(encoded), index)


# ---- the signed credential ---------------------------------------------------------------------


def canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode("utf-8")


def _address(path: str) -> str:
    from django.conf import settings

    base = str(getattr(settings, SITE_URL_SETTING, "") or "").rstrip("/")
    return f"{base}{path}"


def list_path(lsp: Organization, purpose: str) -> str:
    return reverse("public:status_list", args=[lsp.code, purpose])


def credential_for(*, lsp: Organization, purpose: str, encoded: str, signer: Signer) -> dict[str, Any]:
    """The status list credential, signed now with the LSP's key."""
    address = _address(list_path(lsp, purpose))
    now = timezone.now().replace(microsecond=0)
    credential: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": address,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": f"{_address(reverse('public:jwks'))}#{lsp.code}",
        "validFrom": now.isoformat(),
        "credentialSubject": {
            "id": f"{address}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
        },
    }
    header = b64url(canonical({"alg": "EdDSA", "kid": signer.kid, "typ": JWS_TYPE, "b64": True}))
    signing_input = f"{header}.{b64url(canonical(credential))}".encode("ascii")
    credential["proof"] = {
        "type": PROOF_TYPE,
        "verificationMethod": signer.kid,
        "created": now.isoformat(),
        "proofPurpose": "assertionMethod",
        "jws": f"{header}..{b64url(signer.sign(signing_input))}",
    }
    return credential


def verify_credential(credential: dict[str, Any], key: SigningKey | None = None) -> bool:
    """Whether the credential's detached JWS verifies with its key (looked up by kid unless given)."""
    try:
        proof = credential["proof"]
        header_part, empty_payload, signature = str(proof["jws"]).split(".")
        header = json.loads(b64url_decode(header_part))
        if empty_payload or header.get("alg") != "EdDSA":
            return False
        record = key or SigningKey.objects.filter(kid=str(header.get("kid"))).first()
        if record is None or record.kid != header.get("kid"):
            return False
        body = {name: value for name, value in credential.items() if name != "proof"}
        signing_input = f"{header_part}.{b64url(canonical(body))}".encode("ascii")
        public_key_of(record).verify(b64url_decode(signature), signing_input)
    except (InvalidSignature, KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


def status_entries(*, lsp: Organization, index: int) -> list[dict[str, Any]]:
    """The `credentialStatus` entries (BitstringStatusListEntry) of a certificate with bit `index`,
    one per purpose, for credentials that embed it (Open Badges). They point at the lists as VC 2.0
    credentials with an eddsa-rdfc-2022 proof (`/status/<lsp>/<purpose>/vc`, see badges.py), which
    any Data Integrity verifier can check."""
    entries = []
    for purpose in StatusList.Purpose.values:
        address = _address(reverse("public:status_list_vc", args=[lsp.code, purpose]))
        entries.append(
            {
                "id": f"{address}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": address,
            }
        )
    return entries


# ---- the stored lists --------------------------------------------------------------------------


def _locked_list(lsp: Organization, purpose: str) -> StatusList:
    StatusList.objects.get_or_create(
        lsp=lsp, purpose=purpose, defaults={"encoded_list": encode(empty()), "size": LIST_SIZE}
    )
    return StatusList.objects.select_for_update().get(lsp=lsp, purpose=purpose)


@transaction.atomic
def mark(
    *, lsp: Organization, purpose: str, index: int, value: bool, signer: Signer | None = None
) -> StatusList:
    """Set or clear one certificate's bit in the LSP's list for `purpose` and re-sign the list."""
    if purpose not in StatusList.Purpose.values:
        raise ValueError(f"unknown status purpose {purpose!r}")
    status_list = _locked_list(lsp, purpose)
    bits = decode(status_list.encoded_list)
    set_bit(bits, index, value)
    status_list.encoded_list = encode(bits)
    status_list.credential = credential_for(
        lsp=lsp, purpose=purpose, encoded=status_list.encoded_list, signer=signer or signer_for(lsp)
    )
    status_list.version += 1
    status_list.save(update_fields=["encoded_list", "credential", "version", "updated_at"])
    return status_list


@transaction.atomic
def published(lsp: Organization, purpose: str) -> StatusList:
    """The LSP's list for `purpose`, made (empty and signed) on first request."""
    status_list = _locked_list(lsp, purpose)
    if not status_list.credential:
        status_list.credential = credential_for(
            lsp=lsp, purpose=purpose, encoded=status_list.encoded_list, signer=signer_for(lsp)
        )
        status_list.save(update_fields=["credential", "updated_at"])
    return status_list
