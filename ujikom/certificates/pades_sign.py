"""Signing certificate PDFs (PAdES B-B) with an LSP's loaded identity, importing nothing of Django.

The PDF worker processes of a bulk issuance sign here without setting Django up (that would cost
each of them about 80 MB); `pades` re-exports `Material` and `sign_pdf`, and loads the identity
from the database (`pades.material_for`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

FIELD_PREFIX = "Sertifikat_"
REASON = "Sertifikat kompetensi"


@dataclass(frozen=True)
class Material:
    """An identity loaded for signing: plain bytes, so it can be sent to worker processes."""

    lsp_code: str
    location: str
    key_der: bytes
    certificate_der: bytes
    chain_der: tuple[bytes, ...]

    def __repr__(self) -> str:  # never print the key
        return f"Material(lsp={self.lsp_code!r}, certificate={hashlib.sha256(self.certificate_der).hexdigest()[:12]})"


_SIGNERS: dict[bytes, Any] = {}


def _signer(material: Material) -> Any:
    """pyHanko's signer for the material, built once per process. pyHanko's SimpleSigner parses the
    private key again for every signature, which for RSA costs far more than the signature itself,
    so the parsed key is kept (RSA PKCS#1 v1.5 and ECDSA; anything else goes through pyHanko)."""
    from cryptography.hazmat.primitives.asymmetric import padding
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class LoadedKeySigner(signers.SimpleSigner):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.loaded_key = serialization.load_der_private_key(material.key_der, password=None)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)["algorithm"].native
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            if isinstance(self.loaded_key, ec.EllipticCurvePrivateKey) and mechanism.endswith("ecdsa"):
                return self.loaded_key.sign(data, ec.ECDSA(hash_algorithm))
            if isinstance(self.loaded_key, rsa.RSAPrivateKey) and mechanism.endswith("rsa"):
                return self.loaded_key.sign(data, padding.PKCS1v15(), hash_algorithm)
            return bytes(super().sign_raw(data, digest_algorithm))

    cache_key = hashlib.sha256(material.certificate_der + material.key_der).digest()
    signer = _SIGNERS.get(cache_key)
    if signer is None:
        signer = LoadedKeySigner(
            signing_cert=asn1_x509.Certificate.load(material.certificate_der),
            signing_key=asn1_keys.PrivateKeyInfo.load(material.key_der),
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(item) for item in material.chain_der]
            ),
        )
        _SIGNERS[cache_key] = signer
    return signer


def field_name(public_id: str) -> str:
    return f"{FIELD_PREFIX}{public_id}" if public_id else FIELD_PREFIX.rstrip("_")


def sign_pdf(pdf: bytes, material: Material, *, public_id: str = "") -> bytes:
    """The PDF with a PAdES B-B signature by the material's identity (reason "Sertifikat kompetensi",
    location the LSP's city) in the field `Sertifikat_<public id>`; the public id is also put in the
    document's keywords."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if public_id:
        writer.document_meta.keywords = [f"sertifikat:{public_id}"]
    meta = signers.PdfSignatureMetadata(
        field_name=field_name(public_id),
        md_algorithm="sha256",
        reason=REASON,
        location=material.location,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    output = io.BytesIO()
    reserved = 2 * (1536 + len(material.certificate_der) + sum(len(item) for item in material.chain_der))
    signers.PdfSigner(meta, signer=_signer(material)).sign_pdf(writer, bytes_reserved=reserved, output=output)
    return output.getvalue()
