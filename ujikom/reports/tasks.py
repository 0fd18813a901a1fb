"""Background jobs of the reports (Huey; discovered by huey.contrib.djhuey): report exports, and the
dashboards' 12-month series counted ahead of the requests."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from ujikom.core.jobs import once_per_period, period_key

from .models import ReportExport


@db_task()
def run_report_export(export_id: int) -> str:
    """Make the file of a requested report export; returns the status it ends in."""
    from .exports_period import run_export

    export = ReportExport.objects.select_related("organization", "requested_by").filter(pk=export_id).first()
    if export is None:
        return ""
    return run_export(export).status


@db_periodic_task(crontab(minute="*/10"))
def refresh_dashboard_series() -> int:
    """Every ten minutes: count the 12-month series of every active organization ahead of the
    dashboards that show it (a dashboard finding none counts it itself). Returns how many."""
    from django.utils import timezone

    from ujikom.core.models import Organization

    from .selectors_dashboard import store_monthly_results

    if not once_per_period("reports.dashboard_series", period_key(every="minute")):
        return 0
    now = timezone.now()
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
    for organization in organizations:
        store_monthly_results(organization, now=now)
    return len(organizations)
