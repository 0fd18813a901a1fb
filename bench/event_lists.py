"""Time the test event list and an event's registration list: 10,000 events, 1,000,000 registrations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ujikom_bench_events .venv/bin/python bench/event_lists.py
    .venv/bin/python bench/event_lists.py                 # a temporary SQLite file instead

The data is built with bulk inserts in a throwaway database: on PostgreSQL the test database of the
one named (`test_<name>`, dropped at the end unless --keep), otherwise a SQLite file in a temporary
folder. All events belong to one LSP, whose Ketua LSP sees every one of them. The script requests the
pages through Django's test client and prints the query count and p50/p95 of each: the event list
(first page, a filter by status, by month, a search, a late page) and an event's registration list
(`scheduling:registration_list` when that page exists, else the registration count and first page
by query). Target: a fixed query count and p95 < 200 ms. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("HUEY_IMMEDIATE", "true")
_TMP = tempfile.TemporaryDirectory(prefix="ujikom-bench-")
os.environ.setdefault("DATA_DIR", _TMP.name)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

EVENTS = 10_000
REGISTRATIONS = 1_000_000
SCHEMES = 20
SITES = 20
STATUSES = ["planned", "registration", "ready", "ongoing", "done", "cancelled"]


def build(events: int, registrations: int) -> tuple[object, object, dict[str, int]]:
    """The data set; returns the Ketua LSP, the event whose registrations are listed, and row counts."""
    from ujikom.core.models import Organization, Role, RoleAssignment, User
    from ujikom.registry.models import Scheme, TestSite
    from ujikom.scheduling.models import Registration, TestEvent

    lsp = Organization.objects.create(name="LSP Bench", kind="lsp", code="lsp-bench")
    agency = Organization.objects.create(name="Dinas Bench", kind="agency", code="dinas-bench")
    chair = User.objects.create_user(
        username="ketua", email="ketua@bench.id", password="rahasia-sekali-123", full_name="Ketua Bench"
    )
    for key in ("lsp_chair", "org_admin"):
        RoleAssignment.objects.create(user=chair, organization=lsp, role=Role.objects.get(key=key))
    schemes = Scheme.objects.bulk_create(
        Scheme(organization=lsp, code=f"SKM-{n:02d}", name=f"Skema Bench {n}", kind="kkni")
        for n in range(SCHEMES)
    )
    sites = TestSite.objects.bulk_create(
        TestSite(
            owner=agency if n % 2 else lsp,
            lsp=lsp,
            code=f"TUK-{n:02d}",
            name=f"TUK Bench {n:02d}",
            kind="sewaktu",
            address="Jl. Bench",
            capacity=40,
        )
        for n in range(SITES)
    )
    first = dt.date(2024, 1, 8)
    rows = []
    for index in range(events):
        starts = first + dt.timedelta(days=index % 1000)
        rows.append(
            TestEvent(
                lsp=lsp,
                scheme=schemes[index % SCHEMES],
                site=sites[(index // 3) % SITES],
                facilitator=agency if index % 4 == 0 else None,
                title=f"Uji kompetensi bench {index + 1}",
                starts_on=starts,
                ends_on=starts + dt.timedelta(days=1),
                registration_opens_on=starts - dt.timedelta(days=30),
                registration_closes_on=starts - dt.timedelta(days=2),
                quota=200,
                bnsp_schedule_code=f"JDW-{index:05d}",
                status=STATUSES[index % len(STATUSES)],
            )
        )
    TestEvent.objects.bulk_create(rows, batch_size=5000)
    event_ids = list(TestEvent.objects.order_by("pk").values_list("pk", flat=True))
    per_event = max(1, registrations // len(event_ids))
    batch: list[Registration] = []
    made = 0
    for event_id in event_ids:
        for n in range(per_event):
            batch.append(
                Registration(
                    event_id=event_id,
                    nik=f"3671{made:012d}",
                    full_name=f"Peserta {made}",
                    status="accepted" if n % 3 else "submitted",
                    confirmation_token=f"t{made}",
                )
            )
            made += 1
        if len(batch) >= 20_000:
            Registration.objects.bulk_create(batch, batch_size=20_000)
            batch = []
    if batch:
        Registration.objects.bulk_create(batch, batch_size=20_000)
    listed = TestEvent.objects.get(pk=event_ids[len(event_ids) // 2])
    counts = {"events": TestEvent.objects.count(), "registrations": Registration.objects.count()}
    return chair, listed, counts


def timed(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label: str, times: list[float], queries: int | None = None) -> None:
    extra = f"  queries={queries}" if queries is not None else ""
    print(
        f"{label:<58} p50={statistics.median(times):7.1f} ms  p95={percentile(times, 0.95):7.1f} ms"
        f"  max={max(times):7.1f} ms{extra}"
    )


def page(client: Client, label: str, url: str, params: dict[str, str], repeat: int, row_marker: str) -> None:
    for _ in range(3):
        warm = client.get(url, params, secure=True)
        assert warm.status_code == 200, (url, warm.status_code, warm.content[:2000])
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params, secure=True)
    queries = len(captured.captured_queries)
    rows = response.content.decode().count(row_marker)
    report(f"GET {label} ({rows} rows)", timed(lambda: client.get(url, params, secure=True), repeat), queries)


def measure(chair, event, repeat: int) -> None:
    from ujikom.scheduling.models import Registration
    from ujikom.scheduling.selectors_events import registration_count

    client = Client()
    client.force_login(chair)
    events_url = reverse("scheduling:event_list")
    marker = 'data-testid="event-row"'
    page(client, "event list, page 1", events_url, {}, repeat, marker)
    page(client, "event list, status=ready", events_url, {"status": "ready"}, repeat, marker)
    page(client, "event list, month=2025-06", events_url, {"month": "2025-06"}, repeat, marker)
    page(client, "event list, search 'bench 77'", events_url, {"q": "bench 77"}, repeat, marker)
    page(client, "event list, page 300", events_url, {"page": "300"}, repeat, marker)
    page(client, "event hub", reverse("scheduling:event_detail", args=[event.public_id]), {}, repeat, "<dt")
    try:
        url = reverse("scheduling:registration_list", args=[event.public_id])
    except NoReverseMatch:
        url = ""
    if url:
        page(client, "registration list of one event", url, {}, repeat, "<tr")
    else:

        def registrations() -> None:
            registration_count(event)
            list(Registration.objects.filter(event=event).order_by("full_name", "pk")[:25])

        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            registrations()
        report(
            "registrations of one event (count + first 25)",
            timed(registrations, repeat),
            len(captured.captured_queries),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--registrations", type=int, default=REGISTRATIONS)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL test database")
    args = parser.parse_args()

    setup_test_environment()
    settings.DEBUG = False
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(_TMP.name) / "bench.sqlite3")
    creation = connection.creation
    name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} {name}")
    try:
        started = time.perf_counter()
        with transaction.atomic():
            chair, event, counts = build(args.events, args.registrations)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"built in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{value:,} {key}" for key, value in counts.items())
        )
        measure(chair, event, args.repeat)
    finally:
        if not (args.keep and connection.vendor == "postgresql"):
            creation.destroy_test_db(name, verbosity=0)
        _TMP.cleanup()


if __name__ == "__main__":
    main()
