"""Pages of the compliance part (included by urls.py under /laporan/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_compliance

urlpatterns: list[URLPattern] = [
    path("kepatuhan-waktu/", views_compliance.compliance, name="compliance"),
    path(
        "kepatuhan-waktu/langkah/<int:step_id>/terlambat/",
        views_compliance.late_runs,
        name="compliance_late",
    ),
]
