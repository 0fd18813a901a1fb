"""Time "Tugas saya" on the scale data set: 10,000 runs with 100,000 open tasks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ujikom_bench .venv/bin/python bench/my_tasks.py
    .venv/bin/python bench/my_tasks.py                    # a temporary SQLite file instead

The data is built with bulk_create in a throwaway database: on PostgreSQL the test database of
the one named (`test_<name>`, dropped at the end unless --keep), otherwise a SQLite file in a
temporary folder. One official holds roles in three organizations (one as Plt) and is named in
some runs, so they see a large share of the tasks. The script then requests the page through
Django's test client (first page, a filtered page, a later page) and calls the selector alone,
and prints the query count and p50/p95 of each. Target: a fixed query count and p95 < 200 ms.
It prints figures; it is not a test.
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
os.environ.setdefault("DATA_DIR", _TMP.name)  # SQLite file, media and job queue in a throwaway folder

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 10_000
TASKS_PER_RUN = 10  # steps 1, 2, 5 and 7 open at once: 1 + 2 + 3 + 4 activities
ORGANIZATIONS = 10


def build(runs: int) -> tuple[object, dict[str, int]]:
    """The data set; returns the official who sees many tasks, and row counts."""
    from ujikom.core.models import Organization, Role, RoleAssignment, User
    from ujikom.sop.fileformat import load_definition
    from ujikom.sop.library import import_definition
    from ujikom.sop.models import Run, RunActor, SopActivity, StepRun, Task

    definition = load_definition((ROOT / "ujikom" / "sop" / "seeds" / "psm-disnaker-10.yaml").read_text())

    admin = User.objects.create_superuser(
        username="bench-admin", email="admin@bench.id", password="x", full_name="A"
    )
    organizations = [
        Organization.objects.create(name=f"Dinas Bench {n}", kind="agency", code=f"bench-{n}")
        for n in range(ORGANIZATIONS)
    ]
    versions = [
        import_definition(organization=org, definition=definition, actor=admin) for org in organizations
    ]
    roles = {role.key: role for role in Role.objects.all()}
    official = User.objects.create_user(
        username="pejabat", email="pejabat@bench.id", password="rahasia-sekali-123", full_name="Pejabat Bench"
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=official, organization=organizations[0], role=roles["admin_staff"]),
            RoleAssignment(user=official, organization=organizations[0], role=roles["technical_ops"]),
            RoleAssignment(
                user=official, organization=organizations[1], role=roles["site_head"], capacity="plt"
            ),
            RoleAssignment(user=official, organization=organizations[2], role=roles["quality"]),
        ]
    )
    now = timezone.now()
    by_version = {}
    for version in versions:
        actors = list(version.actors.all())
        steps = {s.number: s for s in version.steps.all()}
        activities = {
            number: list(SopActivity.objects.filter(step=steps[number]).order_by("position"))
            for number in (1, 2, 5, 7)
        }
        by_version[version.pk] = (actors, steps, activities)

    per_org = runs // ORGANIZATIONS
    run_rows = []
    for index in range(runs):
        version = versions[index % ORGANIZATIONS]
        run_rows.append(
            Run(
                version=version,
                organization_id=version.sop.organization_id,
                title=f"Uji kompetensi batch {index + 1}",
                started_at=now - dt.timedelta(days=index % 60, minutes=index),
                started_by=admin,
            )
        )
    Run.objects.bulk_create(run_rows, batch_size=2000)
    created_runs = list(Run.objects.order_by("pk"))

    run_actors = []
    for run in created_runs:
        actors, _steps, _activities = by_version[run.version_id]
        for actor in actors:
            named = actor.key == "asesor"
            run_actors.append(
                RunActor(
                    run=run,
                    actor=actor,
                    organization_id=run.organization_id,
                    role=None if named else actor.default_role,
                )
            )
    RunActor.objects.bulk_create(run_actors, batch_size=5000)
    actors_of: dict[int, dict[int, RunActor]] = {}
    for run_actor in RunActor.objects.all().iterator(chunk_size=5000):
        actors_of.setdefault(run_actor.run_id, {})[run_actor.actor_id] = run_actor
    # The official is one of the named assessors in half of one organization's runs.
    through = RunActor.users.through
    named_rows = []
    for run in created_runs[: per_org * ORGANIZATIONS : ORGANIZATIONS * 2]:
        for run_actor in actors_of[run.pk].values():
            if run_actor.role_id is None:
                named_rows.append(through(runactor_id=run_actor.pk, user_id=official.pk))
    through.objects.bulk_create(named_rows, batch_size=5000)

    step_runs = []
    for position, run in enumerate(created_runs):
        _actors, steps, _activities = by_version[run.version_id]
        for number in (1, 2, 5, 7):
            started = run.started_at + dt.timedelta(hours=number)
            step_runs.append(
                StepRun(
                    run=run,
                    step=steps[number],
                    started_at=started,
                    due_at=now + dt.timedelta(hours=(position % 200) - 50, minutes=number),
                    standard_seconds=8 * 3600,
                )
            )
    StepRun.objects.bulk_create(step_runs, batch_size=5000)

    tasks = []
    for step_run in StepRun.objects.select_related("step").iterator(chunk_size=5000):
        run_version = step_run.step.version_id
        _actors, _steps, activities = by_version[run_version]
        for activity in activities[step_run.step.number]:
            run_actor = actors_of[step_run.run_id][activity.actor_id]
            tasks.append(
                Task(
                    step_run_id=step_run.pk,
                    activity=activity,
                    run_actor=run_actor,
                    candidate_organization_id=run_actor.organization_id,
                    candidate_role_id=run_actor.role_id,
                    due_at=step_run.due_at,
                    created_at=step_run.started_at,
                )
            )
    Task.objects.bulk_create(tasks, batch_size=5000)
    counts = {
        "runs": Run.objects.count(),
        "run_actors": RunActor.objects.count(),
        "step_runs": StepRun.objects.count(),
        "open_tasks": Task.objects.filter(status="open").count(),
    }
    return official, counts


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
        f"{label:<38} p50={statistics.median(times):7.1f} ms  p95={percentile(times, 0.95):7.1f} ms"
        f"  max={max(times):7.1f} ms{extra}"
    )


def measure(official, repeat: int, explain: bool, verbose: bool = False) -> None:
    from ujikom.sop import engine

    client = Client()
    client.force_login(official)
    url = reverse("sop:my_tasks")
    code = engine.tasks_for(official).values_list("step_run__run__version__code", flat=True).first()
    pages: dict[str, dict[str, str]] = {
        "page 1": {},
        "page 40": {"page": "40"},
        "filtered by SOP": {"sop": code or ""},
    }
    for label, params in pages.items():
        for _ in range(3):  # warm up connections, caches, templates
            warm = client.get(url, params, secure=True)
            assert warm.status_code == 200, (warm.status_code, warm.content[:2000])
        reset_queries()  # each request clears the log as it starts; count from an empty one
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params, secure=True)
        assert response.status_code == 200, response.status_code
        queries = len(captured.captured_queries)  # read now: the next request clears the log
        if verbose:
            for query in captured.captured_queries:
                print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")
        rows = response.content.decode().count('data-testid="task-row"')
        times = timed(lambda p=params: client.get(url, p, secure=True), repeat)
        report(f"GET {url} ({label}, {rows} rows)", times, queries)

    def selector() -> None:
        tasks = engine.tasks_for(official)
        tasks.count()
        engine.task_rows(tasks[:25])

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        selector()
    queries = len(captured.captured_queries)
    report("tasks_for(): count + task_rows(25)", timed(selector, repeat), queries)
    print(f"tasks visible to the official: {engine.tasks_for(official).count():,}")
    if explain and connection.vendor == "postgresql":
        sql, params = engine.tasks_for(official)[:25].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL test database")
    parser.add_argument("--explain", action="store_true", help="print the PostgreSQL plan of the page query")
    parser.add_argument(
        "--queries", action="store_true", help="print each query of a page request with its time"
    )
    args = parser.parse_args()

    setup_test_environment()
    settings.DEBUG = False
    # Pages render as in production, except that static files need no collected manifest here.
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
            official, counts = build(args.runs)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"built in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in counts.items())
        )
        measure(official, args.repeat, args.explain, args.queries)
    finally:
        if not (args.keep and connection.vendor == "postgresql"):
            creation.destroy_test_db(name, verbosity=0)
        _TMP.cleanup()


if __name__ == "__main__":
    main()
