"""Background jobs of the reports (Huey; discovered by huey.contrib.djhuey): report exports."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from .models import ReportExport


@db_task()
def run_report_export(export_id: int) -> str:
    """Make the file of a requested report export; returns the status it ends in."""
    from .exports_period import run_export

    export = ReportExport.objects.select_related("organization", "requested_by").filter(pk=export_id).first()
    if export is None:
        return ""
    return run_export(export).status
