"""Pages of the period report and its exports (included by urls.py under /laporan/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_period as views

urlpatterns: list[URLPattern] = [
    path("periode/", views.period, name="period"),
    path("periode/ekspor/", views.period_export, name="period_export"),
    path("ekspor/<uuid:public_id>/", views.export_page, name="export"),
    path("ekspor/<uuid:public_id>/unduh/", views.export_download, name="export_download"),
]
