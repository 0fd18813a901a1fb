"""Time the nightly certificate job and the expiring-soon page on many certificates.

    .venv/bin/python bench/certificates_lifecycle.py                       # a temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ujikom_bench_lifecycle .venv/bin/python bench/certificates_lifecycle.py
    .venv/bin/python bench/certificates_lifecycle.py --count 50000 --due 10000 --reminders 2000

In a throwaway database (on PostgreSQL the test database of the one named, dropped at the end;
otherwise a SQLite file in a temporary folder) `--count` certificates are bulk-inserted: `--due`
of them ended yesterday, `--reminders` end within 30 to 180 days and have a holder with an email
address, the rest end years ahead. Building is not timed. Printed: the seconds and queries of
`expire_due` (and of a second run, which must change nothing), of `send_expiry_reminders` (one
outbox message per reminder) and of the expiring-soon page for the LSP's staff (first page and a
later page: the query count must not grow with the rows). It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def configure() -> tempfile.TemporaryDirectory[str]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    folder = tempfile.TemporaryDirectory(prefix="ujikom-bench-")
    os.environ.setdefault("DATA_DIR", folder.name)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("HUEY_IMMEDIATE", "false")

    import django

    django.setup()
    return folder


def build(count: int, due: int, reminders: int) -> Any:
    """The LSP, its staff member and `count` certificates; returns the staff member."""
    import datetime as dt
    import random

    from django.utils import timezone

    from ujikom.certificates.models import Certificate
    from ujikom.core.models import Organization, Role, RoleAssignment, User
    from ujikom.registry.models import Scheme

    today = timezone.localdate()
    lsp = Organization.objects.create(name="LSP Bench", kind="lsp", code="lsp-bench")
    scheme = Scheme.objects.create(organization=lsp, code="SKM-B", name="Skema Bench", kind="kkni")
    staff = User.objects.create_user(
        username="staf", email="staf@bench.id", password="rahasia-sekali-123", full_name="Staf LSP"
    )
    RoleAssignment.objects.create(user=staff, organization=lsp, role=Role.objects.get(key="head_admin"))
    holders = User.objects.bulk_create(
        User(username=f"pemegang{n}", email=f"pemegang{n}@bench.id", full_name=f"Pemegang {n}")
        for n in range(reminders)
    )
    indexes = random.sample(range(131_072), count)
    rows = []
    for n in range(count):
        if n < due:
            until = today - dt.timedelta(days=1)
            holder = None
        elif n < due + reminders:
            until = today + dt.timedelta(days=30 + (n - due) % 150)
            holder = holders[n - due]
        else:
            until = today + dt.timedelta(days=400 + n % 600)
            holder = None
        rows.append(
            Certificate(
                public_id=f"B{n:021d}".replace("0", "z"),  # base58 has no 0
                lsp=lsp,
                holder=holder,
                holder_name=f"Pemegang {n}",
                holder_nik=f"3671{n:012d}",
                scheme=scheme,
                scheme_code=scheme.code,
                scheme_name=scheme.name,
                certificate_number=f"BENCH {n:08d}",
                registration_number=f"REG {n:08d}",
                issued_on=until - dt.timedelta(days=3 * 365),
                valid_until=until,
                kid="bench",
                token="-",
                status_index=indexes[n],
                issued_by=staff,
            )
        )
    Certificate.objects.bulk_create(rows, batch_size=2000)
    return staff


def timed(label: str, call: Any) -> Any:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s, {len(queries.captured_queries)} queries")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--due", type=int, default=5_000)
    parser.add_argument("--reminders", type=int, default=1_000)
    args = parser.parse_args()
    folder = configure()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ujikom.certificates.services_lifecycle import expire_due, send_expiry_reminders
    from ujikom.notifications.models import OutboxMessage

    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(folder.name) / "bench.sqlite3")
    creation = connection.creation
    name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} {name}")
    try:
        staff = build(args.count, args.due, args.reminders)
        print(
            f"{args.count} certificates: {args.due} past their date, {args.reminders} ending within 180 days"
        )

        expired = timed("expire_due", expire_due)
        print(f"  expired {expired} ({expired / max(args.due, 1):.0%} of those due)")
        timed("expire_due again", expire_due)
        run = timed("send_expiry_reminders", send_expiry_reminders)
        print(f"  reminders {run.sent}; outbox messages {OutboxMessage.objects.count()}")
        timed("send_expiry_reminders again", send_expiry_reminders)

        client = Client()
        client.force_login(staff)
        for page in ("1", "10"):
            client.get("/sertifikat/segera-kedaluwarsa/", {"days": "180", "page": page})
            times, counts = [], []
            for _round in range(20):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get("/sertifikat/segera-kedaluwarsa/", {"days": "180", "page": page})
                    times.append((time.perf_counter() - started) * 1000)
                counts.append(len(queries.captured_queries))
            assert response.status_code == 200
            times.sort()
            print(
                f"expiring-soon page {page}: median {statistics.median(times):.0f} ms, "
                f"p95 {times[int(len(times) * 0.95) - 1]:.0f} ms, {max(counts)} queries"
            )
    finally:
        creation.destroy_test_db(name, verbosity=0)
        folder.cleanup()


if __name__ == "__main__":
    main()
