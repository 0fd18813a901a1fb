"""Pages of closing a case, the productivity report (included by urls.py under /produktivitas/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_closing, views_report

urlpatterns: list[URLPattern] = [
    path("kasus/<uuid:public_id>/tutup/", views_closing.case_close, name="case_close"),
    path(
        "kasus/<uuid:public_id>/laporan-penutup/",
        views_closing.case_closing_report,
        name="case_closing_report",
    ),
    path("laporan/", views_report.report, name="report"),
    path("laporan/unduh.xlsx", views_report.report_xlsx, name="report_xlsx"),
]
