"""Background jobs of the certificates (Huey; discovered by huey.contrib.djhuey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from .models import IssuanceJob


@db_task()
def run_bulk_issuance(job_id: int) -> int:
    """Issue every certificate of the job's decree not issued yet; returns how many the decree has."""
    from .services_issuance import run_issuance_job

    job = IssuanceJob.objects.filter(pk=job_id).first()
    if job is None:
        return 0
    return run_issuance_job(job).issued
