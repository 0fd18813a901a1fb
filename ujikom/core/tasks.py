"""Background jobs of the core app (Huey; discovered by huey.contrib.djhuey)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .jobs import once_per_period, period_key, prune_periodic_runs


@db_periodic_task(crontab(minute="17", hour="3"))
def prune_job_claims() -> int:
    """Every night, forget once-per-period claims older than a week."""
    if not once_per_period("core.prune_job_claims", period_key(every="day")):
        return 0
    return prune_periodic_runs()
