"""Signing keys are encrypted at rest, rotate with their windows published; tokens verify offline and
fail, with a reason and never an exception, when tampered, malformed or signed by a key not valid then."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from ujikom.certificates.keys import active_key, decrypt_private_key, rotate_key, signer_for
from ujikom.certificates.models import SigningKey, new_public_id
from ujikom.certificates.tokens import claims_of, sign_token, verify_token

pytestmark = pytest.mark.django_db


def claims(issued: dt.date | None = None) -> dict:
    issued = issued or timezone.localdate()
    return claims_of(
        public_id=new_public_id(),
        number="62090 2512 0001001 2026",
        holder="Siti Nur'aini Ṣāliḥ",
        scheme="SKM-OKM-01",
        issued_on=issued,
        valid_until=issued + dt.timedelta(days=3 * 365),
    )


def test_the_private_key_is_not_stored_in_plain_text(lsp):
    record = active_key(lsp)
    raw = decrypt_private_key(record).private_bytes_raw()
    assert raw.hex() not in record.private_key_encrypted and record.private_key_encrypted.startswith("v1.")
    assert lsp.code == "lsp-stmi" and record.kid.startswith(
        "lsp-stmi-20"
    )  # the code's own prefix, not doubled


def test_a_token_verifies_and_any_change_breaks_it(lsp):
    token = sign_token(signer_for(lsp), claims())
    check = verify_token(token)
    assert check.genuine and check.claims["name"] == "Siti Nur'aini Ṣāliḥ"

    head, body, signature = token.split(".")
    tampered_body = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    assert not verify_token(f"{head}.{tampered_body}.{signature}").genuine
    assert verify_token(f"https://contoh.id/v/abc#{token}").genuine  # the whole scanned URL


@pytest.mark.parametrize("bad", ["", "abc", "a.b.c", "x" * 5000, "e30.e30.", "....", None])
def test_malformed_tokens_are_not_genuine_and_never_raise(bad):
    check = verify_token(bad)
    assert not check.genuine and check.reason


def test_an_unknown_key_is_not_genuine(lsp, make_organization):
    other = make_organization("LSP Palsu", "lsp", code="lsp-palsu")
    token = sign_token(signer_for(other), claims())
    SigningKey.objects.filter(lsp=other).delete()
    assert "tidak dikenal" in verify_token(token).reason


def test_rotation_keeps_old_keys_published_and_valid_for_what_they_signed(lsp):
    first = signer_for(lsp)
    old_token = sign_token(first, claims())
    second = rotate_key(lsp=lsp, actor=None)

    assert second.kid != first.kid and active_key(lsp) == second
    assert verify_token(old_token).genuine  # signed inside the old key's window
    keys = Client().get("/.well-known/jwks.json").json()["keys"]
    assert {key["kid"] for key in keys} == {first.kid, second.kid}
    assert [key for key in keys if key["kid"] == first.kid][0]["exp"]


def test_a_retired_key_cannot_vouch_for_a_later_issue_date(lsp):
    first = signer_for(lsp)
    rotate_key(lsp=lsp, actor=None)
    later = sign_token(first, claims(timezone.localdate() + dt.timedelta(days=10)))
    check = verify_token(later)
    assert not check.genuine and "tidak berlaku" in check.reason


def test_a_compromised_key_is_refused_for_tokens_dated_after_the_leak(lsp):
    leaked = signer_for(lsp)
    rotate_key(lsp=lsp, actor=None, compromised=True)
    check = verify_token(sign_token(leaked, claims(timezone.localdate() + dt.timedelta(days=1))))
    assert not check.genuine


def test_a_key_id_names_the_lsp_once_whatever_its_code(make_organization):
    from ujikom.core.models import Organization

    plain = make_organization("LSP Teknik", Organization.Kind.LSP, code="teknik")
    prefixed = make_organization("LSP Tekstil", Organization.Kind.LSP, code="lsp-tekstil")
    year = timezone.now().year
    assert active_key(plain).kid == f"lsp-teknik-{year}-1"
    assert active_key(prefixed).kid == f"lsp-tekstil-{year}-1"
