"""Time the dashboards, reports and registers on the scale data set, and check their figures.

    .venv/bin/python bench/reports_dashboards.py --keep                 # build or reuse ujikom_bench_reports
    .venv/bin/python bench/reports_dashboards.py --keep --requests 50
    .venv/bin/python bench/reports_dashboards.py --scale 0.02           # a small data set, dropped after

Data: `bench/reports_dataset.py` (1,000,000 certificates, 1,000,000 registrations, 50,000 SOP runs
over five years), built here when `ujikom_bench_reports` does not hold a data set of that scale;
dropped at the end unless --keep.

Settings are production-like: DEBUG off, persistent database connections (DATABASE_URL), the Redis
cache (a database of its own, emptied first), static files collected. Django's test client signs in
(force_login) as the data set's people — `kadis` (Disnaker Kota Tangerang), `ketua.lsp` (LSP
STMI, the biggest organization), `asesor`, and `kadis.2` / `ketua.lsp.2` of a second office and
LSP — and asks for every page and API call of the reports: the home page `/`, `/laporan/dasbor/`,
`/api/v1/reports/dashboard`, `/laporan/periode/` and `/api/v1/reports/period` for the busiest year
of LSP STMI, `/laporan/kepatuhan-waktu/`, `/api/v1/reports/sop-compliance`, and every register
page and API path without parameters it finds under `/laporan/register/` and
`/api/v1/reports/registers`. A page that does not exist yet prints "not built".
Printed for each: the first (cold) request, p50 and p95 over --requests requests after it, the
number of queries of one request for two organizations and years (equal: fixed), the verdict
against the target, and the load average at that moment (two shared cores: other work slows
everything). Then the yearly period xlsx of LSP STMI's busiest year is made by the real job
function of `ujikom/reports/tasks.py` (a ReportExport of kind "period"), timed, and opened with
openpyxl. Finally the totals of that year (registered, tested, competent, certified, target) are
counted with this file's own SQL, written from the definitions in the issue, and compared with the
API's JSON and the xlsx: "sama" or "BERBEDA" with both numbers.
Targets: each dashboard p95 < 500 ms with a fixed number of queries; the yearly xlsx < 30 s.
It prints figures; it is not a test.

Measured on 2 shared cores (load 2.2–3.3, PostgreSQL 15 with its default settings: work_mem 4MB,
jit on, random_page_cost 4), 30 requests: home, /laporan/dasbor/ and the dashboard API p95
79–185 ms once the 12-month series is cached (it is kept 10 minutes per organization; the request
that counts it took 1.0–4.5 s cold); compliance 157–181 ms; registers 40–151 ms; the period page and
API 1.1–1.6 s (too slow: two grouped queries over the ~72,000 registrations of LSP STMI's year, 0.4
and 0.7 s); the yearly xlsx 1.2–1.7 s (18 KiB). Every figure compared was "sama".
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reports_dataset as dataset  # noqa: E402

TARGET_MS = 500
EXPORT_TARGET_S = 30
REDIS_URL = "redis://127.0.0.1:6379/9"
FIGURES = ("registered", "tested", "competent", "certified")
PLANS = 0  # lines of EXPLAIN ANALYZE printed for the slowest queries (--plans)
ONLY = ""  # measure only the pages whose label contains this (--only)


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ---- independent counts ---------------------------------------------------------------------------

TOTALS_SQL = """
WITH events AS (
    SELECT e.id
    FROM scheduling_testevent e
    JOIN registry_testsite s ON s.id = e.site_id
    WHERE (e.lsp_id = %(organization)s OR e.facilitator_id = %(organization)s OR s.owner_id = %(organization)s)
      AND e.status <> 'cancelled'
      AND e.starts_on BETWEEN %(start)s AND %(end)s
)
SELECT count(*),
       count(*) FILTER (WHERE a.recommendation IN ('K', 'BK')),
       count(*) FILTER (WHERE a.recommendation = 'K'),
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM certificates_certificate c WHERE c.registration_id = r.id))
FROM scheduling_registration r
JOIN events ON events.id = r.event_id
LEFT JOIN assessment_assessment a ON a.registration_id = r.id
WHERE r.status NOT IN ('draft', 'withdrawn')
"""


def independent_totals(organization_id: int, year: int) -> dict[str, int]:
    """The period totals of one organization and year, from the definitions, in this file's own SQL."""
    import datetime as dt

    from django.db import connection

    params = {"organization": organization_id, "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
    with connection.cursor() as cursor:
        cursor.execute(TOTALS_SQL, params)
        row = cursor.fetchone()
        cursor.execute(
            "SELECT coalesce(sum(quantity), 0) FROM scheduling_target WHERE organization_id = %s AND year = %s",
            [organization_id, year],
        )
        target = cursor.fetchone()[0]
    return {**dict(zip(FIGURES, row, strict=True)), "target": int(target)}


SERIES_SQL = """
WITH visible AS (
    SELECT e.id, e.starts_on, e.status
    FROM scheduling_testevent e
    JOIN registry_testsite s ON s.id = e.site_id
    WHERE e.lsp_id = %(organization)s OR e.facilitator_id = %(organization)s OR s.owner_id = %(organization)s
)
SELECT to_char(v.starts_on, 'YYYY-MM'), 'tested', count(*) FILTER (WHERE a.recommendation IN ('K', 'BK'))
FROM scheduling_registration r
JOIN visible v ON v.id = r.event_id
JOIN assessment_assessment a ON a.registration_id = r.id
WHERE v.status <> 'cancelled' AND v.starts_on BETWEEN %(start)s AND %(end)s
  AND r.status NOT IN ('draft', 'withdrawn')
GROUP BY 1
UNION ALL
SELECT to_char(v.starts_on, 'YYYY-MM'), 'competent', count(*) FILTER (WHERE a.recommendation = 'K')
FROM scheduling_registration r
JOIN visible v ON v.id = r.event_id
JOIN assessment_assessment a ON a.registration_id = r.id
WHERE v.status <> 'cancelled' AND v.starts_on BETWEEN %(start)s AND %(end)s
  AND r.status NOT IN ('draft', 'withdrawn')
GROUP BY 1
UNION ALL
SELECT to_char(c.issued_on, 'YYYY-MM'), 'certificates', count(*)
FROM certificates_certificate c
LEFT JOIN scheduling_registration r ON r.id = c.registration_id
LEFT JOIN visible v ON v.id = r.event_id
WHERE c.issued_on BETWEEN %(start)s AND %(end)s AND (c.lsp_id = %(organization)s OR v.id IS NOT NULL)
GROUP BY 1
"""

COMPLIANCE_SQL = """
SELECT count(*), count(*) FILTER (WHERE sr.late), count(*) FILTER (WHERE sr.standard_seconds IS NOT NULL)
FROM sop_steprun sr
JOIN sop_run run ON run.id = sr.run_id
WHERE run.organization_id = %(organization)s AND sr.status = 'done' AND sr.working_seconds IS NOT NULL
  AND sr.completed_at >= %(start)s AND sr.completed_at < %(end)s
"""


def independent_series(organization_id: int, months: list[str]) -> dict[str, dict[str, int]]:
    """Tested, competent (by month of the event's start) and certificates issued (by month of issue,
    of the organization or of its events) for the months given (YYYY-MM), in this file's own SQL."""
    import calendar
    import datetime as dt

    from django.db import connection

    first, last = months[0], months[-1]
    start = dt.date(int(first[:4]), int(first[5:]), 1)
    year, month = int(last[:4]), int(last[5:])
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    found: dict[str, dict[str, int]] = {
        name: dict.fromkeys(("tested", "competent", "certificates"), 0) for name in months
    }
    with connection.cursor() as cursor:
        cursor.execute(SERIES_SQL, {"organization": organization_id, "start": start, "end": end})
        for month, figure, value in cursor.fetchall():
            if month in found:
                found[month][figure] = value
    return found


def independent_compliance(organization_id: int, year: int) -> dict[str, int]:
    """Step runs done within the year (Asia/Jakarta), late ones and those with a standard."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    params = {
        "organization": organization_id,
        "start": dt.datetime(year, 1, 1, tzinfo=zone),
        "end": dt.datetime(year + 1, 1, 1, tzinfo=zone),
    }
    with connection.cursor() as cursor:
        cursor.execute(COMPLIANCE_SQL, params)
        done, late, with_standard = cursor.fetchone()
    return {"step_runs": done, "late": late, "with_standard": with_standard}


def say(label: str, app: Any, independent: int) -> None:
    verdict = "sama" if app == independent else "BERBEDA"
    print(f"  {label:<34} {verdict:<8} app {app!s:>9}  independent {independent:>9,}")


def busiest_years(organization_id: int) -> list[int]:
    """The years of the organization's events as LSP, the most registrations first."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT extract(year FROM e.starts_on)::int AS year, count(*)
               FROM scheduling_registration r JOIN scheduling_testevent e ON e.id = r.event_id
               WHERE e.lsp_id = %s AND e.starts_on <= current_date
               GROUP BY 1 ORDER BY 2 DESC""",
            [organization_id],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def find_totals(data: Any) -> dict[str, Any] | None:
    """The first object (breadth first) of a JSON answer that holds every period total."""
    queue = [data]
    while queue:
        item = queue.pop(0)
        if isinstance(item, dict):
            if all(name in item for name in FIGURES):
                return item
            queue.extend(item.values())
        elif isinstance(item, list):
            queue.extend(item)
    return None


def compare(label: str, expected: dict[str, int], found: dict[str, Any] | None) -> None:
    if found is None:
        print(f"  {label}: no object with {', '.join(FIGURES)} found")
        return
    for name, value in expected.items():
        if name not in found:
            continue
        shown = found[name]
        verdict = "sama" if shown == value else "BERBEDA"
        print(f"  {label} {name:<11} {verdict:<8} app {shown!s:>9}  independent {value:>9,}")


# ---- requests ---------------------------------------------------------------------------------------


def request(client: Any, url: str, params: dict[str, str]) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    response = client.get(url, params, secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    return response.status_code, response.content, elapsed


def queries_of(client: Any, url: str, params: dict[str, str]) -> list[dict[str, str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, params, secure=True)
    return captured.captured_queries


def explain(queries: list[dict[str, str]], show: int) -> None:
    """The slowest queries of a request, each with its plan (EXPLAIN ANALYZE) when `show` asks."""
    from django.db import connection

    slowest = sorted(queries, key=lambda query: float(query["time"]), reverse=True)[:2]
    for query in slowest:
        print(f"    {float(query['time']) * 1000:7.0f} ms  {' '.join(query['sql'].split())[:400]}")
        if show and query["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                for (line,) in cursor.fetchall()[:show]:
                    print(f"        {line}")


def measure(
    label: str,
    url: str,
    first: tuple[Any, dict[str, str]],
    second: tuple[Any, dict[str, str]],
    repeat: int,
    plans: int | None = None,
) -> dict[str, Any] | None:
    """Time `url` as the first (client, params) and count queries for both; None when not built."""
    if ONLY and ONLY not in label:
        return None
    client, params = first
    try:
        status, content, cold = request(client, url, params)
    except Exception as error:  # noqa: BLE001  (a page under construction may fail in any way)
        print(f"{label:<52} error: {type(error).__name__}: {str(error)[:200]}  ({load()})")
        return None
    if status == 404:
        print(f"{label:<52} not built (404)")
        return None
    if status != 200:
        print(f"{label:<52} HTTP {status}: {content[:200]!r}  ({load()})")
        return None
    times = [request(client, url, params)[2] for _ in range(repeat)]
    captured = queries_of(client, url, params)
    queries = (len(captured), len(queries_of(second[0], url, second[1])))
    p95 = percentile(times, 0.95)
    fixed = "fixed" if queries[0] == queries[1] else "NOT FIXED"
    verdict = "ok" if p95 < TARGET_MS else "TOO SLOW"
    print(
        f"{label:<52} cold {cold:7.0f}  p50 {statistics.median(times):6.0f}  p95 {p95:6.0f} ms  "
        f"queries {queries[0]}/{queries[1]} {fixed:<9} {verdict:<8} ({load()})",
        flush=True,
    )
    plans = PLANS if plans is None else plans
    if p95 >= TARGET_MS or plans:
        explain(captured, plans)
    return {"content": content, "p95": p95}


def register_paths() -> tuple[list[str], list[str]]:
    """Register pages (`/laporan/…`) and API paths (`/api/v1/reports/…`) that take no parameter."""
    from django.urls import URLPattern

    from ujikom.api.routers import reports_registers
    from ujikom.reports import urls_registers

    pages = [
        "/laporan/" + str(pattern.pattern)
        for pattern in urls_registers.urlpatterns
        if isinstance(pattern, URLPattern) and "<" not in str(pattern.pattern)
    ]
    api = [
        "/api/v1" + path
        for path, view in reports_registers.router.path_operations.items()
        if "{" not in path and any("GET" in operation.methods for operation in view.operations)
    ]
    return pages, api


def run_export(organization: Any, user: Any, year: int) -> tuple[Any, float] | None:
    """Make the yearly period xlsx with the job's own function; (export, seconds) or None."""
    import inspect

    from ujikom.reports.models import ReportExport
    from ujikom.reports.scope import Period

    try:
        from ujikom.reports import tasks
    except ImportError:
        print("export: ujikom/reports/tasks.py not built")
        return None
    jobs = [
        getattr(tasks, name)
        for name in dir(tasks)
        if "export" in name.lower() and hasattr(getattr(tasks, name), "call_local")
    ]
    if not jobs:
        print("export: no export job in ujikom/reports/tasks.py yet (not built)")
        return None
    job = jobs[0]
    export = ReportExport.objects.create(
        organization=organization,
        kind="period",
        params=Period("year", year).as_params(),
        format="xlsx",
        requested_by=user,
    )
    parameter = next(iter(inspect.signature(job.func).parameters), "")
    argument = str(export.public_id) if "public" in parameter else export.pk
    started = time.perf_counter()
    job.call_local(argument)
    seconds = time.perf_counter() - started
    export.refresh_from_db()
    return export, seconds


XLSX_LABELS = {
    "target": ("Target", "Target tahunan"),
    "registered": ("Terdaftar",),
    "tested": ("Teruji",),
    "competent": ("Kompeten (K)",),
    "certified": ("Bersertifikat",),
}


def xlsx_totals(content: bytes) -> tuple[str, dict[str, Any]]:
    """The totals on the workbook's summary sheet (label in column A, figure in column B)."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = next(
        (sheet for sheet in workbook.worksheets if sheet.title == "Ringkasan"), workbook.worksheets[0]
    )
    found: dict[str, Any] = {}
    for row in sheet.iter_rows(values_only=True):
        if len(row) < 2 or not isinstance(row[0], str):
            continue
        for name, labels in XLSX_LABELS.items():
            if row[0].strip() in labels:
                found[name] = row[1]
    return sheet.title, found


def main() -> None:  # noqa: PLR0915
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page, after one warm-up")
    parser.add_argument("--scale", type=float, default=1.0, help="of the data set (bench/reports_dataset.py)")
    parser.add_argument(
        "--keep", action="store_true", help=f"keep the database {dataset.DATABASE} (and reuse it)"
    )
    parser.add_argument("--no-export", action="store_true", help="skip the xlsx export")
    parser.add_argument(
        "--plans",
        type=int,
        default=0,
        help="print this many lines of the plan of each page's slowest queries",
    )
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this text")
    args = parser.parse_args()
    global PLANS, ONLY  # noqa: PLW0603
    PLANS, ONLY = args.plans, args.only
    folder = tempfile.mkdtemp(prefix="ujikom-bench-reports-")
    dataset.configure(folder)
    os.environ["REDIS_URL"] = REDIS_URL
    try:
        dataset.ensure(args.scale)
        from django.core.cache import cache
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        cache.clear()
        from django.test import Client

        from ujikom.core.models import Organization, User

        def client_of(username: str) -> Any:
            client = Client()
            client.force_login(User.objects.get(username=username))
            return client

        kadis, kadis2 = client_of("kadis"), client_of("kadis.2")
        chair, chair2 = client_of("ketua.lsp"), client_of("ketua.lsp.2")
        lsp = Organization.objects.get(code="lsp-stmi")
        year, other = busiest_years(lsp.pk)[:2]
        mine = {"period": "year", "year": str(year)}
        theirs = {"period": "year", "year": str(other)}
        print(
            f"\n{args.requests} requests after one warm-up; queries of one request as the first / the "
            f"second organization (year {year} / {other}); target p95 < {TARGET_MS} ms\n"
        )
        measure("/ as kadis", "/", (kadis, {}), (kadis2, {}), args.requests)
        measure("/ as ketua LSP", "/", (chair, {}), (chair2, {}), args.requests)
        measure("/laporan/dasbor/ as kadis", "/laporan/dasbor/", (kadis, {}), (kadis2, {}), args.requests)
        measure("/laporan/dasbor/ as ketua LSP", "/laporan/dasbor/", (chair, {}), (chair2, {}), args.requests)
        board = measure(
            "/api/v1/reports/dashboard as ketua LSP",
            "/api/v1/reports/dashboard",
            (chair, {}),
            (chair2, {}),
            args.requests,
        )
        measure(
            f"/laporan/periode/ {year}", "/laporan/periode/", (chair, mine), (chair2, theirs), args.requests
        )
        period = measure(
            f"/api/v1/reports/period {year}",
            "/api/v1/reports/period",
            (chair, mine),
            (chair2, theirs),
            args.requests,
        )
        measure(
            f"/laporan/periode/ {year} as kadis",
            "/laporan/periode/",
            (kadis, mine),
            (kadis2, theirs),
            args.requests,
        )
        measure(
            "/laporan/kepatuhan-waktu/",
            "/laporan/kepatuhan-waktu/",
            (chair, mine),
            (kadis, theirs),
            args.requests,
        )
        compliance = measure(
            "/api/v1/reports/sop-compliance",
            "/api/v1/reports/sop-compliance",
            (chair, mine),
            (kadis, theirs),
            args.requests,
        )
        pages, api = register_paths()
        if not pages and not api:
            print(f"{'registers (/laporan/register/…)':<52} not built")
        for url in [*pages, *api]:
            measure(url, url, (chair, mine), (chair2, theirs), args.requests)

        workbook = None
        if not args.no_export:
            made = run_export(lsp, User.objects.get(username="ketua.lsp"), year)
            if made is not None:
                export, seconds = made
                verdict = "ok" if seconds < EXPORT_TARGET_S else "TOO SLOW"
                if export.file_id:
                    with export.file.file.open("rb") as handle:
                        workbook = handle.read()
                    size = f"{len(workbook) / 1024:,.0f} KiB"
                else:
                    size = f"no file (status {export.status}: {export.message[:200]})"
                print(
                    f"\nyearly period xlsx of {lsp.short_name} {year}: {seconds:.1f} s "
                    f"(target < {EXPORT_TARGET_S} s: {verdict}), {size}  ({load()})"
                )

        expected = independent_totals(lsp.pk, year)
        print(
            f"\nindependent counts, {lsp.short_name} {year}: "
            + ", ".join(f"{name} {value:,}" for name, value in expected.items())
        )
        if period is not None:
            compare("API period", expected, find_totals(json.loads(period["content"])))
        if workbook is not None:
            title, found = xlsx_totals(workbook)
            if not found:
                print(f"  xlsx: no totals found on sheet {title!r}")
            for name, value in expected.items():
                if name in found:
                    say(f"xlsx {title} {name}", found[name], value)
        if board is not None:
            series = json.loads(board["content"]).get("series") or []
            if series:
                counted = independent_series(lsp.pk, [month["month"] for month in series])
                print(
                    f"\nindependent counts, {lsp.short_name}, dashboard series {series[0]['month']}…{series[-1]['month']}:"
                )
                for name in ("tested", "competent", "certificates"):
                    differing = [m["month"] for m in series if m[name] != counted[m["month"]][name]]
                    say(
                        f"{name} per month (12 months)",
                        sum(m[name] for m in series),
                        sum(c[name] for c in counted.values()),
                    )
                    if differing:
                        print(f"    months that differ: {', '.join(differing)}")
        if compliance is not None:
            data = json.loads(compliance["content"])
            steps = [step for sop in data.get("sops", []) for step in sop.get("steps", [])]
            counted_steps = independent_compliance(lsp.pk, year)
            print(f"\nindependent counts, {lsp.short_name} {year}, SOP compliance (all steps):")
            for name, value in counted_steps.items():
                say(name, sum(step.get(name) or 0 for step in steps), value)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            dataset.drop()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
