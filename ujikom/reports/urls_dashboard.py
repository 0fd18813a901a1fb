"""Pages of the dashboard part (included by urls.py under /laporan/)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
