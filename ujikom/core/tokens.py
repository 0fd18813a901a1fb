"""Personal API tokens: create, revoke, and authenticate a request's bearer token.

A token reads `ujk_<prefix>_<secret>`. The prefix finds the row; only the SHA-256 of the
whole token is stored, so a leaked database does not leak usable tokens, and the token
is shown to its owner once, when it is created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record_event
from .models import ApiToken, User

TOKEN_SCHEME = "ujk"
PREFIX_BYTES = 5  # 10 hex characters; ApiToken.prefix holds 12
SECRET_BYTES = 32
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(PREFIX_BYTES)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


@transaction.atomic
def create_token(*, user: User, name: str, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the secret, which is never stored or shown again."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Nama token wajib diisi.")
    elif NAME_MAX_LENGTH and len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("Nama token terlalu panjang (maks. %(max)s karakter).") % {"max": NAME_MAX_LENGTH}
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("Tanggal kedaluwarsa harus di masa depan.")
    if errors:
        raise ValidationError(errors)
    prefix = _new_prefix()
    raw = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, secret_hash=hash_token(raw), expires_at=expires_at
    )
    record_event(
        token,
        "api_token.created",
        actor=user,
        data={"name": name, "prefix": prefix, "expires_at": expires_at},
    )
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke for good: requests carrying the token are refused from now on. Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(token, "api_token.revoked", actor=actor, data={"name": token.name, "prefix": token.prefix})
    return token


def _prefix_of(raw: str) -> str | None:
    scheme, _sep, rest = raw.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or len(prefix) != PREFIX_BYTES * 2 or not secret:
        return None
    return prefix


def authenticate_token(raw: str) -> User | None:
    """The active user a usable token belongs to, or None. Notes when it was used, at most once a minute."""
    raw = (raw or "").strip()
    prefix = _prefix_of(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_token(raw)):
        return None
    if not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
