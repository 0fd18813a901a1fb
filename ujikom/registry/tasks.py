"""Background jobs of the registry (Huey; discovered by huey.contrib.djhuey)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from .models import ImportJob


@db_task()
def run_participant_import(job_id: int) -> int:
    """Check and save one uploaded participant file; returns the number of participants saved."""
    from .services_training import process_import_job

    job = (
        ImportJob.objects.select_related("program__provider", "file", "created_by").filter(pk=job_id).first()
    )
    if job is None:
        return 0
    return process_import_job(job=job).imported
