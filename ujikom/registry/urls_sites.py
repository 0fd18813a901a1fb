"""Test sites (TUK) and assessors under /data/."""

from django.urls import path

from . import views_sites as views

urlpatterns = [
    path("tuk/", views.site_list, name="site_list"),
    path("tuk/baru/", views.site_create, name="site_create"),
    path("tuk/impor/", views.site_import, name="site_import"),
    path("tuk/ekspor/", views.site_export, name="site_export"),
    path("tuk/<uuid:public_id>/", views.site_detail, name="site_detail"),
    path("tuk/<uuid:public_id>/ubah/", views.site_edit, name="site_edit"),
    path("asesor/", views.assessor_list, name="assessor_list"),
    path("asesor/baru/", views.assessor_create, name="assessor_create"),
    path("asesor/impor/", views.assessor_import, name="assessor_import"),
    path("asesor/ekspor/", views.assessor_export, name="assessor_export"),
    path("asesor/saya/", views.my_assessor_records, name="my_assessor_records"),
    path("asesor/<uuid:public_id>/", views.assessor_detail, name="assessor_detail"),
    path("asesor/<uuid:public_id>/ubah/", views.assessor_edit, name="assessor_edit"),
]
