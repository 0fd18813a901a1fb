"""The once-per-period guard that keeps periodic jobs from running twice."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from ujikom.core.jobs import once_per_period, period_key, prune_periodic_runs
from ujikom.core.models import PeriodicRun

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_period_key_names_the_local_minute_hour_or_day():
    moment = dt.datetime(2026, 3, 1, 23, 30, 15, tzinfo=dt.UTC)  # 06.30 on 2 March in Jakarta

    assert period_key(moment, "minute") == "2026-03-02T06:30"
    assert period_key(moment, "hour") == "2026-03-02T06"
    assert period_key(moment, "day") == "2026-03-02"


def test_period_key_refuses_an_unknown_period():
    with pytest.raises(ValueError, match="unknown period"):
        period_key(every="week")  # type: ignore[arg-type]


def test_second_claim_for_the_same_period_is_refused_and_the_next_period_is_free(db):
    assert once_per_period("reports.refresh", "2026-03-02T06:30") is True
    assert once_per_period("reports.refresh", "2026-03-02T06:30") is False
    assert once_per_period("reports.refresh", "2026-03-02T06:31") is True
    assert once_per_period("outbox.flush", "2026-03-02T06:30") is True
    assert PeriodicRun.objects.filter(job="reports.refresh").count() == 2


def test_old_claims_are_pruned(db):
    once_per_period("reports.refresh", "2026-03-02T06:30")
    PeriodicRun.objects.update(started_at=dt.datetime(2026, 1, 1, tzinfo=JAKARTA))
    once_per_period("reports.refresh", "2026-03-02T06:31")

    deleted = prune_periodic_runs(now=dt.datetime(2026, 3, 2, 7, tzinfo=JAKARTA))

    assert deleted == 1
    assert list(PeriodicRun.objects.values_list("period", flat=True)) == ["2026-03-02T06:31"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_in_threads_run_the_job_body_once():
    callers = 4
    start = threading.Barrier(callers)
    ran: list[int] = []
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            start.wait()
            if once_per_period("outbox.flush", "2026-03-02T06:30", worker=f"thread-{number}"):
                ran.append(number)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(ran) == 1
    assert list(PeriodicRun.objects.values_list("worker", flat=True)) == [f"thread-{ran[0]}"]


def _claim_in_child(start, results) -> None:  # type: ignore[no-untyped-def]
    connections.close_all()  # the parent's socket must not be shared
    start.wait()
    results.put(once_per_period("outbox.flush", "2026-03-02T06:30"))
    connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_worker_processes_on_postgresql_run_the_job_body_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    callers = 4
    context = multiprocessing.get_context("fork")
    start = context.Barrier(callers)
    results = context.Queue()
    connections.close_all()
    processes = [context.Process(target=_claim_in_child, args=(start, results)) for _ in range(callers)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in range(callers)]
    for process in processes:
        process.join(timeout=60)

    assert sorted(outcomes) == [False, False, False, True]
    assert all(process.exitcode == 0 for process in processes)
    assert PeriodicRun.objects.filter(job="outbox.flush").count() == 1


def test_nightly_job_fills_this_and_next_years_holidays_once_per_day(db, settings):
    from django.utils import timezone

    from ujikom.core.models import Holiday
    from ujikom.core.tasks import seed_upcoming_holidays

    added = seed_upcoming_holidays.call_local()
    again = seed_upcoming_holidays.call_local()

    this_year = timezone.localdate().year
    years = {day.year for day in Holiday.objects.values_list("date", flat=True)}
    assert added > 20
    assert again == 0
    assert years == {this_year, this_year + 1}
    assert Holiday.objects.filter(confirmed_at__isnull=True).count() == added
