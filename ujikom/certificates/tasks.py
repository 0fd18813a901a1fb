"""Background jobs of the certificates (Huey; discovered by huey.contrib.djhuey)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.db import connection, transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ujikom.core.jobs import once_per_period, period_key

from .models import Certificate, IssuanceJob

STORE_CHUNK = 500


@db_task()
def run_bulk_issuance(job_id: int) -> int:
    """Issue every certificate of the job's decree not issued yet; returns how many the decree has."""
    from .services_issuance import run_issuance_job

    job = IssuanceJob.objects.filter(pk=job_id).first()
    if job is None:
        return 0
    return run_issuance_job(job).issued


@db_task()
def store_verifications(public_ids: list[str]) -> int:
    """Store the public verification of newly issued or changed certificates (PostgreSQL), after
    the work that made them, so their first scan is answered as fast as any later one."""
    from . import fastpath

    return fastpath.store_verifications(public_ids)


def store_verifications_later(certificates: Sequence[Certificate]) -> None:
    """Once the certificates are committed, have the job worker store their public verification
    (PostgreSQL only), off the path of the request or bulk job that made or changed them."""
    if connection.vendor != "postgresql" or not certificates:
        return
    ids = [certificate.public_id for certificate in certificates]
    for start in range(0, len(ids), STORE_CHUNK):
        transaction.on_commit(partial(store_verifications, ids[start : start + STORE_CHUNK]))


@db_periodic_task(crontab(minute="0"))
def certificates_nightly() -> dict[str, object]:
    """Every night from 01:00 Asia/Jakarta: expire certificates past their date, then send the expiry
    reminders. Checked hourly, so a worker that was down at one o'clock catches up later that day."""
    from .services_lifecycle import NIGHTLY_HOUR, run_nightly

    if timezone.localtime().hour < NIGHTLY_HOUR:
        return {}
    if not once_per_period("certificates.nightly", period_key(every="day")):
        return {}
    return run_nightly().as_dict()
