from django.urls import path

from . import views_schemes as views

urlpatterns = [
    path("sumber-anggaran/", views.funding_list, name="funding_list"),
    path("sumber-anggaran/baru/", views.funding_create, name="funding_create"),
    path("sumber-anggaran/ekspor.xlsx", views.funding_export, name="funding_export"),
    path("sumber-anggaran/impor/", views.funding_import, name="funding_import"),
    path("sumber-anggaran/impor/templat.xlsx", views.funding_import_template, name="funding_import_template"),
    path("sumber-anggaran/<int:pk>/", views.funding_detail, name="funding_detail"),
    path("sumber-anggaran/<int:pk>/ubah/", views.funding_edit, name="funding_edit"),
    path("skema/", views.scheme_list, name="scheme_list"),
    path("skema/baru/", views.scheme_create, name="scheme_create"),
    path("skema/ekspor.xlsx", views.scheme_export, name="scheme_export"),
    path("skema/impor/", views.scheme_import, name="scheme_import"),
    path("skema/impor/templat.xlsx", views.scheme_import_template, name="scheme_import_template"),
    path("skema/<uuid:public_id>/", views.scheme_detail, name="scheme_detail"),
    path("skema/<uuid:public_id>/ubah/", views.scheme_edit, name="scheme_edit"),
]
