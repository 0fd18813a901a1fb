"""A stand-in for a licensed e-signature provider (PSrE) in tests: a root, an issuing CA under it and
a document signing certificate for an LSP, packed as the PKCS#12 file the provider hands out."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PSrE Contoh"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signing: bool, non_repudiation: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: rsa.RSAPublicKey,
    signing_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
    usage: x509.KeyUsage,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(signing_key, hashes.SHA256())
    )


def provider_p12(
    *,
    holder: str = "LSP Politeknik STMI Jakarta",
    password: bytes | None = b"rahasia-psre",
    non_repudiation: bool = True,
) -> tuple[bytes, x509.Certificate]:
    """(PKCS#12 bytes with key, certificate and the provider's chain; the provider's root)."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate(
        _name("PSrE Contoh Root CA"),
        _name("PSrE Contoh Root CA"),
        root_key.public_key(),
        root_key,
        ca=True,
        usage=_usage(signing=False, non_repudiation=False, ca=True),
    )
    issuing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuing = _certificate(
        _name("PSrE Contoh Issuing CA"),
        root.subject,
        issuing_key.public_key(),
        root_key,
        ca=True,
        usage=_usage(signing=False, non_repudiation=False, ca=True),
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = _certificate(
        _name(holder),
        issuing.subject,
        key.public_key(),
        issuing_key,
        ca=False,
        usage=_usage(signing=True, non_repudiation=non_repudiation, ca=False),
    )
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(b"lsp", key, leaf, [issuing, root], encryption), root
