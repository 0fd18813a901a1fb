"""Background jobs of the core app (Huey; discovered by huey.contrib.djhuey)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .calendar_services import seed_holidays
from .jobs import once_per_period, period_key, prune_periodic_runs


@db_periodic_task(crontab(minute="17", hour="3"))
def prune_job_claims() -> int:
    """Every night, forget once-per-period claims older than a week."""
    if not once_per_period("core.prune_job_claims", period_key(every="day")):
        return 0
    return prune_periodic_runs()


@db_periodic_task(crontab(minute="43", hour="2"))
def seed_upcoming_holidays() -> int:
    """Every night, make sure this year's and next year's national holidays are in the table
    (for an administrator to confirm); adds nothing when they already are."""
    if not once_per_period("core.seed_upcoming_holidays", period_key(every="day")):
        return 0
    this_year = timezone.localdate().year
    return seed_holidays(years=[this_year, this_year + 1])
