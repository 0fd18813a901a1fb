"""Bitstring Status List v1.0: known vectors, bits flipping on revoke and suspend, a signature that
verifies with the key published in the JWKS."""

from __future__ import annotations

import gzip
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.test import Client

from ujikom.certificates import services_status, statuslist
from ujikom.certificates.keys import b64url, b64url_decode


def test_index_0_is_the_top_bit_of_byte_0_and_the_list_is_16_kib():
    bits = statuslist.empty()
    assert len(bits) == 16_384
    statuslist.set_bit(bits, 0)
    statuslist.set_bit(bits, 9)
    statuslist.set_bit(bits, 131_071)
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01 and sum(bits) == 0x80 + 0x40 + 0x01
    encoded = statuslist.encode(bits)
    assert encoded.startswith("u") and "=" not in encoded
    assert gzip.decompress(b64url_decode(encoded[1:])) == bytes(bits)
    assert statuslist.bit_is_set(encoded, 0) and statuslist.bit_is_set(encoded, 9)
    assert not statuslist.bit_is_set(encoded, 1) and not statuslist.bit_is_set(encoded, 8)
    statuslist.set_bit(bits, 0, False)
    assert bits[0] == 0 and statuslist.decode(statuslist.encode(bits)) == bits


def test_a_list_from_another_implementation_decodes():
    raw = bytearray(16_384)
    raw[2] = 0b0010_0000  # index 18
    encoded = "u" + b64url(gzip.compress(bytes(raw)))
    assert statuslist.bit_is_set(encoded, 18) and not statuslist.bit_is_set(encoded, 17)


@pytest.mark.parametrize("bad", ["", "zabc", "u!!!", "uAAAA"])
def test_not_an_encoded_list_is_an_error(bad):
    with pytest.raises(ValueError):
        statuslist.decode(bad)


def test_index_outside_the_list_is_refused():
    with pytest.raises(IndexError):
        statuslist.set_bit(statuslist.empty(), 131_072)


def published(lsp, purpose) -> dict:
    response = Client().get(f"/status/{lsp.code}/{purpose}")
    assert response.status_code == 200 and "max-age=60" in response["Cache-Control"]
    return response.json()


def verifies_with_the_jwks(credential: dict) -> bool:
    header_part, payload, signature = credential["proof"]["jws"].split(".")
    header = json.loads(b64url_decode(header_part))
    jwk = next(k for k in Client().get("/.well-known/jwks.json").json()["keys"] if k["kid"] == header["kid"])
    body = {key: value for key, value in credential.items() if key != "proof"}
    canonical = json.dumps(body, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()
    try:
        Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"])).verify(
            b64url_decode(signature), f"{header_part}.{b64url(canonical)}".encode()
        )
    except Exception:
        return False
    return payload == ""


@pytest.mark.django_db
def test_bits_flip_on_suspend_lift_and_revoke_and_the_list_is_re_signed(make_certificate, manager, lsp):
    certificate = make_certificate()
    index = certificate.status_index
    empty_list = published(lsp, "revocation")
    assert empty_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert empty_list["credentialSubject"]["statusPurpose"] == "revocation"
    assert not statuslist.bit_is_set(empty_list["credentialSubject"]["encodedList"], index)
    assert verifies_with_the_jwks(empty_list)

    services_status.suspend(certificate=certificate, reason="misuse", note="", actor=manager)
    suspension = published(lsp, "suspension")
    assert statuslist.bit_is_set(suspension["credentialSubject"]["encodedList"], index)
    assert verifies_with_the_jwks(suspension)

    services_status.lift_suspension(certificate=certificate, note="", actor=manager)
    assert not statuslist.bit_is_set(published(lsp, "suspension")["credentialSubject"]["encodedList"], index)

    services_status.revoke(certificate=certificate, reason="fraud", note="", actor=manager)
    revocation = published(lsp, "revocation")
    assert statuslist.bit_is_set(revocation["credentialSubject"]["encodedList"], index)
    assert verifies_with_the_jwks(revocation) and statuslist.verify_credential(revocation)

    tampered = json.loads(json.dumps(revocation))
    tampered["credentialSubject"]["encodedList"] = empty_list["credentialSubject"]["encodedList"]
    assert not verifies_with_the_jwks(tampered) and not statuslist.verify_credential(tampered)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/status/lsp-stmi/other", "/status/tidak-ada/revocation", "/status/disnaker/revocation"]
)
def test_unknown_lists_are_404(path, lsp, disnaker):
    assert Client().get(path).status_code == 404


@pytest.mark.django_db
def test_a_certificate_points_at_its_bit_in_each_list(make_certificate, manager, lsp):
    certificate = make_certificate()
    services_status.revoke(certificate=certificate, reason="admin_error", note="", actor=manager)
    entries = statuslist.status_entries(lsp=lsp, index=certificate.status_index)
    assert [entry["statusPurpose"] for entry in entries] == ["revocation", "suspension"]
    revocation = entries[0]
    assert revocation["type"] == "BitstringStatusListEntry"
    assert revocation["statusListIndex"] == str(certificate.status_index)
    path = revocation["statusListCredential"].split("://", 1)[-1].split("/", 1)[1]
    listed = Client().get(f"/{path}").json()
    assert listed["id"] == revocation["statusListCredential"]
    assert statuslist.bit_is_set(
        listed["credentialSubject"]["encodedList"], int(revocation["statusListIndex"])
    )
