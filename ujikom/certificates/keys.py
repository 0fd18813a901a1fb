"""The LSPs' Ed25519 signing keys: made, encrypted at rest, rotated, published, used.

Private keys are stored encrypted with AES-256-GCM under KEY_ENCRYPTION_KEY (32 bytes, base64url,
from the environment; in development and tests derived from SECRET_KEY). The key id names the LSP,
the year and a counter: `lsp-stmi-2026-1`. Rotating closes the active key's window (`not_after`)
and opens a new one; every public key stays published at `/.well-known/jwks.json` with its window,
so certificates signed years ago still verify, and a signature is accepted only from a key that
was valid (and not yet compromised) when the certificate was issued.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User

from .models import SigningKey

NONCE_SIZE = 12


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _encryption_key() -> bytes:
    configured = settings.KEY_ENCRYPTION_KEY
    if configured:
        key = b64url_decode(configured)
        if len(key) != 32:
            raise ImproperlyConfigured(
                "KEY_ENCRYPTION_KEY harus 32 bita dalam base64url (mis. hasil `ujikom keys secret`)."
            )
        return key
    if settings.DEBUG or settings.TESTING:
        return hashlib.sha256(b"ujikom-key-encryption|" + settings.SECRET_KEY.encode()).digest()
    raise ImproperlyConfigured(
        "KEY_ENCRYPTION_KEY wajib diisi di produksi untuk menyimpan kunci tanda tangan LSP."
    )


def new_encryption_secret() -> str:
    """A fresh value for KEY_ENCRYPTION_KEY."""
    return b64url(os.urandom(32))


def seal(raw: bytes, label: str) -> str:
    """Encrypt secret bytes (a raw or DER private key) under KEY_ENCRYPTION_KEY, bound to `label`."""
    nonce = os.urandom(NONCE_SIZE)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, raw, label.encode())
    return "v1." + b64url(nonce + sealed)


def unseal(text: str, label: str) -> bytes:
    """The bytes `seal` encrypted with the same label (fails on another label or a wrong key)."""
    version, _, payload = text.partition(".")
    if version != "v1":
        raise ValueError("unknown private key format")
    data = b64url_decode(payload)
    return AESGCM(_encryption_key()).decrypt(data[:NONCE_SIZE], data[NONCE_SIZE:], label.encode())


def encrypt_private_key(private_key: Ed25519PrivateKey, kid: str) -> str:
    raw = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return seal(raw, kid)


def decrypt_private_key(record: SigningKey) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(unseal(record.private_key_encrypted, record.kid))


def public_key_of(record: SigningKey) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64url_decode(record.public_key))


def _next_kid(lsp: Organization, now: dt.datetime) -> str:
    name = lsp.code if lsp.code.lower().startswith("lsp-") else f"lsp-{lsp.code}"
    prefix = f"{name}-{now.year}-"
    taken = SigningKey.objects.filter(kid__startswith=prefix).count()
    return f"{prefix}{taken + 1}"


@transaction.atomic
def rotate_key(*, lsp: Organization, actor: User | None, compromised: bool = False) -> SigningKey:
    """Close the LSP's active key (now; marked compromised when it leaked) and make a new one."""
    now = timezone.now()
    current = SigningKey.objects.select_for_update().filter(lsp=lsp, not_after__isnull=True).first()
    if current is not None:
        current.not_after = now
        if compromised:
            current.compromised_at = now
        current.save(update_fields=["not_after", "compromised_at", "updated_at"])
    private = Ed25519PrivateKey.generate()
    kid = _next_kid(lsp, now)
    record = SigningKey.objects.create(
        lsp=lsp,
        kid=kid,
        public_key=b64url(
            private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        ),
        private_key_encrypted=encrypt_private_key(private, kid),
        not_before=now,
        created_by=actor,
    )
    record_event(
        record,
        "certificates.key_rotated" if current is not None else "certificates.key_created",
        actor=actor,
        organization=lsp,
        data={"kid": kid, "previous": current.kid if current else "", "compromised": compromised},
    )
    return record


def active_key(lsp: Organization, *, actor: User | None = None) -> SigningKey:
    """The LSP's key in use, made on first use."""
    record = SigningKey.objects.filter(lsp=lsp, not_after__isnull=True).first()
    return record if record is not None else rotate_key(lsp=lsp, actor=actor)


@dataclass(frozen=True)
class Signer:
    """A loaded key, to sign many things without decrypting it each time (bulk issuance)."""

    record: SigningKey
    private_key: Ed25519PrivateKey

    @property
    def kid(self) -> str:
        return self.record.kid

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def signer_for(lsp: Organization, *, actor: User | None = None) -> Signer:
    record = active_key(lsp, actor=actor)
    return Signer(record, decrypt_private_key(record))


def key_was_valid(record: SigningKey, at: dt.datetime) -> bool:
    """Whether the key could sign at `at`: inside its window and before any compromise."""
    if at < record.not_before:
        return False
    if record.not_after is not None and at > record.not_after:
        return False
    return record.compromised_at is None or at < record.compromised_at


def jwk(record: SigningKey) -> dict[str, object]:
    """The public key as a JWK (RFC 8037 OKP), with its validity window (seconds since the epoch)."""
    item: dict[str, object] = {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": record.public_key,
        "kid": record.kid,
        "alg": "EdDSA",
        "use": "sig",
        "nbf": int(record.not_before.timestamp()),
    }
    if record.not_after is not None:
        item["exp"] = int(record.not_after.timestamp())
    if record.compromised_at is not None:
        item["compromised"] = int(record.compromised_at.timestamp())
    item["lsp"] = record.lsp.code
    return item


def jwks() -> dict[str, list[dict[str, object]]]:
    """Every LSP's public keys, current and retired, as a JWK Set."""
    records = SigningKey.objects.select_related("lsp").order_by("lsp__code", "not_before", "id")
    return {"keys": [jwk(record) for record in records]}
