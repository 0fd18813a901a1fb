"""Pages of the dashboard part (included by urls.py under /laporan/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_dashboard as views

urlpatterns: list[URLPattern] = [
    path("dasbor/", views.dashboard, name="dashboard"),
]
