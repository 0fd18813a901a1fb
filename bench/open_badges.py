"""Time the Open Badges 3.0 export: building a certificate's credential, canonicalizing it (RDFC-1.0
with pyld and the pinned contexts) and signing it (eddsa-rdfc-2022), and checking such a proof.

    .venv/bin/python bench/open_badges.py                 # 200 credentials of 5 and of 20 units
    .venv/bin/python bench/open_badges.py --count 50

No database: the LSP, the certificate and the key are made in memory. Printed per unit count: the
first credential (loads and processes the contexts), then the median and 95th percentile of the
rest for signing and for verifying, in milliseconds. Exports are cached while the certificate, its
LSP and the key stay the same, so this is the cost of a first export. It prints figures; it is not
a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.urls import reverse
    from django.utils import timezone

    from ujikom.certificates import badges
    from ujikom.certificates.keys import Signer, b64url
    from ujikom.certificates.models import Certificate, SigningKey
    from ujikom.core.models import Organization

    reverse("public:jwks")  # loads the URL configuration (the API's schemas) before any timing
    lsp = Organization(kind="lsp", name="LSP Politeknik STMI Jakarta", code="lsp-stmi", city="Jakarta Pusat")
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    record = SigningKey(lsp=lsp, kid="lsp-stmi-2026-1", public_key=b64url(raw), not_before=timezone.now())
    signer = Signer(record, private)

    print(
        f"{'units':>5} {'first ms':>9} {'sign median':>12} {'sign p95':>9} {'verify median':>14} {'nquads':>7}"
    )
    for units in (5, 20):
        sign_times, verify_times = [], []
        first = 0.0
        for number in range(args.count + 1):
            certificate = Certificate(
                lsp=lsp,
                holder_name=f"Peserta Nomor {number} Ṣāliḥ",
                holder_nik=f"3671{number:012d}",
                scheme_code="SKM-OKM-01",
                scheme_name="Operator Komputer Muda",
                units=[
                    {"code": f"J.63OPR00.{u:03d}.2", "title": f"Unit kompetensi nomor {u}"}
                    for u in range(1, units + 1)
                ],
                certificate_number=f"62090 2512 {number:07d} 2026",
                registration_number=f"OKM.{number:04d} 01020 2026",
                issued_on=dt.date(2026, 11, 2),
                valid_until=dt.date(2029, 11, 1),
                status_index=number * 7,
            )
            start = time.perf_counter()
            signed = badges.sign(badges.unsigned_credential(certificate), signer=signer)
            took = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            proof = signed["proof"]
            signature = badges.base58btc_decode(proof["proofValue"][1:])
            private.public_key().verify(signature, badges._hash_data(signed, proof))
            verified = (time.perf_counter() - start) * 1000
            if number == 0:
                first = took
                quads = len(badges.canonical({k: v for k, v in signed.items() if k != "proof"}).splitlines())
                continue
            sign_times.append(took)
            verify_times.append(verified)
        sign_times.sort()
        print(
            f"{units:>5} {first:>9.1f} {statistics.median(sign_times):>12.1f} "
            f"{sign_times[int(len(sign_times) * 0.95) - 1]:>9.1f} {statistics.median(verify_times):>14.1f} "
            f"{quads:>7}"
        )


if __name__ == "__main__":
    main()
