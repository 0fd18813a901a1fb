"""Due times of SOP tasks: a warning shortly before, an escalation once overdue.

`sweep_deadlines` runs every five minutes (one worker per period, see ujikom.core.jobs):

- A task due within one working hour, or within a fifth of its step's time standard when
  that is shorter, is announced once (`warned_at`) to whoever claimed it, else to everyone
  it is offered to (email template `task_due_soon`).
- An overdue task is escalated once (`escalated_at`) to the holders of the SOP version's
  escalation role in the run's organization (e.g. the Kabid), or to its organization
  administrators when the version names none (email template `task_overdue`).

Tasks of a step waiting for a related SOP are left alone: that SOP's own tasks are timed.
Each task is handled in its own transaction, with the run and the task locked and the flag
checked again, so two sweeps never announce the same thing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ujikom.core.audit import record_event
from ujikom.core.calendar import WorkingCalendar
from ujikom.core.jobs import once_per_period, period_key
from ujikom.core.models import Organization, User
from ujikom.notifications.models import Channel

from . import engine
from .models import StepRun, Task

logger = logging.getLogger(__name__)

WARN_WITHIN = dt.timedelta(hours=1)
WARN_SHARE = 0.2
# Working time can hide behind long holidays (Lebaran): look this far ahead in calendar time.
LOOKAHEAD = dt.timedelta(days=21)


def warning_threshold(standard_seconds: int | None) -> dt.timedelta:
    """How much working time before the due time a task is announced: one hour, or a fifth of the standard."""
    if not standard_seconds:
        return WARN_WITHIN
    return min(WARN_WITHIN, dt.timedelta(seconds=standard_seconds * WARN_SHARE))


def _open_tasks() -> Any:
    return Task.objects.filter(
        status__in=engine.OPEN_STATUSES,
        due_at__isnull=False,
        step_run__status=StepRun.Status.ACTIVE,
    )


def _link(task: Task) -> str:
    return settings.SITE_URL + reverse("sop:task_detail", args=[task.public_id])


def _context(task: Task, due: dt.datetime) -> dict[str, Any]:
    run = task.step_run.run
    return {
        "task": f"{run.version.code} langkah {task.step_run.step.number}: {task.activity.text[:150]}",
        "run": run.title,
        "due": date_format(timezone.localtime(due), "DATETIME_FORMAT"),
        "link": _link(task),
    }


def _notify(
    users: list[User], template_code: str, context: dict[str, Any], organization: Organization, task: Task
) -> list[str]:
    """Email each person; those without an email address are skipped (and named in the audit log)."""
    from ujikom.notifications.services import notify_user

    reached = []
    for user in users:
        try:
            notify_user(
                user=user,
                template_code=template_code,
                context=context,
                channels=(Channel.EMAIL,),
                organization=organization,
                subject=task,
            )
        except ValidationError:
            logger.warning("Tugas %s: %s tidak dapat dihubungi lewat email", task.public_id, user)
            continue
        reached.append(user.get_full_name())
    return reached


@transaction.atomic
def _warn(task_id: int, now: dt.datetime) -> bool:
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        return False
    run, task = engine._lock_task(task)
    if task.status not in engine.OPEN_STATUSES or task.warned_at is not None or task.due_at is None:
        return False
    recipients = [task.claimed_by] if task.claimed_by is not None else engine.candidates_of(task)
    reached = _notify(recipients, "task_due_soon", _context(task, task.due_at), run.organization, task)
    task.warned_at = now
    task.save(update_fields=["warned_at"])
    record_event(
        task,
        "sop_task.warned",
        actor=None,
        organization=run.organization,
        data={"run": run.public_id, "step": task.step_run.step.number, "due_at": task.due_at, "to": reached},
    )
    return True


@transaction.atomic
def _escalate(task_id: int, now: dt.datetime) -> bool:
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        return False
    run, task = engine._lock_task(task)
    if task.status not in engine.OPEN_STATUSES or task.escalated_at is not None or task.due_at is None:
        return False
    if task.due_at >= now:
        return False
    recipients = engine.escalation_recipients(run)
    reached = _notify(recipients, "task_overdue", _context(task, task.due_at), run.organization, task)
    task.escalated_at = now
    task.save(update_fields=["escalated_at"])
    record_event(
        task,
        "sop_task.escalated",
        actor=None,
        organization=run.organization,
        data={
            "run": run.public_id,
            "step": task.step_run.step.number,
            "due_at": task.due_at,
            "role": run.version.escalation_role.key if run.version.escalation_role else "org_admin",
            "to": reached,
            "claimed_by": str(task.claimed_by) if task.claimed_by else "",
        },
    )
    return True


def sweep_deadlines(now: dt.datetime | None = None) -> Counter[str]:
    """Warn of tasks about to be due and escalate overdue ones, each once; returns what was done."""
    moment = now or timezone.now()
    outcome: Counter[str] = Counter()
    overdue = _open_tasks().filter(due_at__lt=moment, escalated_at__isnull=True).order_by("due_at", "pk")
    for task_id in overdue.values_list("pk", flat=True).iterator():
        if _escalate(task_id, moment):
            outcome["escalated"] += 1
    upcoming = (
        _open_tasks()
        .filter(due_at__gte=moment, due_at__lte=moment + LOOKAHEAD, warned_at__isnull=True)
        .values_list("pk", "due_at", "step_run__standard_seconds", "step_run__run__organization_id")
        .order_by("due_at", "pk")
    )
    calendars: dict[int, WorkingCalendar] = {}
    for task_id, due_at, standard, organization_id in upcoming.iterator():
        if organization_id not in calendars:
            calendars[organization_id] = WorkingCalendar(Organization.objects.get(pk=organization_id))
        remaining = calendars[organization_id].working_time_between(moment, due_at)
        if remaining <= warning_threshold(standard) and _warn(task_id, moment):
            outcome["warned"] += 1
    return outcome


@db_periodic_task(crontab(minute="*/5"))
def sweep_sop_deadlines() -> dict[str, int]:
    """Every five minutes, one worker warns of and escalates SOP task deadlines."""
    if not once_per_period("sop.sweep_deadlines", period_key(every="minute")):
        return {}
    outcome = sweep_deadlines()
    if outcome:
        logger.info("sweep_sop_deadlines: %s", dict(outcome))
    return dict(outcome)
