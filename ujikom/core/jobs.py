"""Run each periodic job once per period, however many job workers are running.

Huey's scheduler fires a periodic task in every consumer that runs it, so with two
machines (or a restarted consumer) the same minute's job could run twice. Every periodic
task therefore starts with

    if not once_per_period("notifications.flush_outbox", period_key(every="minute")):
        return

`once_per_period` inserts a `PeriodicRun(job, period)` row in its own transaction; the
unique constraint on (job, period) lets exactly one inserter win, on SQLite and on
PostgreSQL alike. The losers get False and do nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from typing import Literal

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from .models import PeriodicRun

Every = Literal["minute", "hour", "day"]

_LOCKED_RETRIES = 20
_FORMATS: dict[str, str] = {"minute": "%Y-%m-%dT%H:%M", "hour": "%Y-%m-%dT%H", "day": "%Y-%m-%d"}


def period_key(now: dt.datetime | None = None, every: Every = "minute") -> str:
    """The period `now` falls in, as text in local time: "2026-03-02T09:15", "2026-03-02T09", "2026-03-02"."""
    if every not in _FORMATS:
        raise ValueError(f"unknown period {every!r}; use one of {', '.join(_FORMATS)}")
    moment = timezone.localtime(now or timezone.now())
    return moment.strftime(_FORMATS[every])


def worker_name() -> str:
    """Which process and thread claimed a run, for whoever reads the PeriodicRun table."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def once_per_period(job_name: str, period: str, *, worker: str | None = None) -> bool:
    """Claim `job_name` for `period`; True for the one caller that should run it, False for the rest.

    The claim commits at once (a savepoint when called inside a transaction, which then
    only protects as long as that transaction commits), so call it outside transactions,
    as Huey tasks are.
    """
    for attempt in range(_LOCKED_RETRIES):
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job_name, period=period, worker=worker or worker_name())
        except IntegrityError:
            return False
        except OperationalError as error:
            # SQLite says "database is locked" when another writer held it past the busy
            # timeout (at once for a shared in-memory database): wait a little, try again.
            if "locked" not in str(error) or attempt == _LOCKED_RETRIES - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
        else:
            return True
    return False  # pragma: no cover - the loop returns or raises


def prune_periodic_runs(
    *, older_than: dt.timedelta = dt.timedelta(days=7), now: dt.datetime | None = None
) -> int:
    """Forget claims older than `older_than`; they only matter while their period is current."""
    cutoff = (now or timezone.now()) - older_than
    deleted, _details = PeriodicRun.objects.filter(started_at__lt=cutoff).delete()
    return deleted
