"""Pages of the registers part (included by urls.py under /laporan/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_registers as views

urlpatterns: list[URLPattern] = [
    path("register/banding/", views.appeals, name="register_appeals"),
    path("register/pengaduan/", views.complaints, name="register_complaints"),
    path("register/pengaduan/catat/", views.complaint_new, name="complaint_new"),
    path("register/pengaduan/<uuid:public_id>/", views.complaint_detail, name="complaint_detail"),
    path("register/blangko/", views.blanks, name="register_blanks"),
    path("register/arsip/", views.archives, name="register_archives"),
]
