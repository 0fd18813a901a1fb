"""Time the PAdES signature of a certificate PDF, for an ECDSA P-256 and an RSA-3072 identity, and
its verification.

    DEBUG=true .venv/bin/python bench/pades_sign.py [--repeat 200]

Draws one certificate page with Typst (the issuance template), then signs it `--repeat` times with
each key type (pyHanko, PAdES B-B, the signer built once as in a worker process) and verifies the
signature's integrity and chain the same number of times (pyHanko validation against the CA, as
`pades.verify_pdf` does without its database lookups), the key types taking turns. Prints the median
and p95 in milliseconds and the size the signature adds. No database is needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from asn1crypto import x509 as asn1_x509  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, rsa  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: E402
from pyhanko.sign.validation import validate_pdf_signature  # noqa: E402
from pyhanko_certvalidator import ValidationContext  # noqa: E402

from ujikom.certificates import pades  # noqa: E402
from ujikom.certificates.services_issuance import qr_svg, render_pdf  # noqa: E402

PUBLIC_ID = "7Hk2bq9XwPzLmN3vRtYa5c"


def sample_pdf() -> bytes:
    url = "https://ujikom.example.id/v/7Hk2bq9XwPzLmN3vRtYa5c"
    return render_pdf(
        {
            "org": {"name": "LSP Politeknik STMI Jakarta", "address": "Jl. Letjen Suprapto No. 26, Jakarta"},
            "certificate_number": "62090 2512 0000001 2026",
            "registration_number": "OKM.0001 01020 2026",
            "holder": "Siti Nur'aini Ṣāliḥ",
            "scheme": {"code": "SKM-OKM-01", "name": "Operator Komputer Muda"},
            "units": [{"code": f"J.63OPR00.00{i}.2", "title": f"Unit kompetensi {i}"} for i in range(1, 6)],
            "issued_on": "22 November 2026",
            "valid_until": "22 November 2029",
            "signer": {"title": "Direktur", "name": "Dr. Hana Direktur"},
            "place": "Jakarta",
            "qr_svg": qr_svg(f"{url}#eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl"),
            "url": url,
            "public_id": "7Hk2bq9XwPzLmN3vRtYa5c",
        }
    )


def identity(kind: str) -> tuple[pades.Material, asn1_x509.Certificate]:
    def make_key() -> ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey:
        if kind == "ecdsa-p256":
            return ec.generate_private_key(ec.SECP256R1())
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)

    now = dt.datetime.now(dt.UTC)
    ca_key, key = make_key(), make_key()
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Bench CA {kind}")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Bench signer {kind}")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    material = pades.Material(
        "bench",
        "Jakarta",
        key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
        leaf.public_bytes(der),
        (ca.public_bytes(der),),
    )
    return material, asn1_x509.Certificate.load(ca.public_bytes(der))


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    return (
        f"median {statistics.median(ordered):6.2f} ms   p95 {ordered[int(len(ordered) * 0.95) - 1]:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    options = parser.parse_args()
    pdf = sample_pdf()
    kinds = ("ecdsa-p256", "rsa-3072")
    identities = {kind: identity(kind) for kind in kinds}
    signed = {
        kind: pades.sign_pdf(pdf, material, public_id=PUBLIC_ID)
        for kind, (material, _root) in identities.items()
    }
    sign_times: dict[str, list[float]] = {kind: [] for kind in kinds}
    verify_times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(options.repeat):  # the key types take turns, so a busy machine slows both alike
        for kind in kinds:
            material, root = identities[kind]
            start = time.perf_counter()
            pades.sign_pdf(pdf, material, public_id=PUBLIC_ID)
            sign_times[kind].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            signature = PdfFileReader(io.BytesIO(signed[kind])).embedded_signatures[0]
            assert validate_pdf_signature(signature, ValidationContext(trust_roots=[root])).bottom_line
            verify_times[kind].append((time.perf_counter() - start) * 1000)
    print(f"certificate page: {len(pdf):,} bytes unsigned; {options.repeat} runs each")
    for kind in kinds:
        print(f"{kind:11}  sign   {summary(sign_times[kind])}   (+{len(signed[kind]) - len(pdf):,} bytes)")
        print(f"{'':11}  verify {summary(verify_times[kind])}")


if __name__ == "__main__":
    main()
