from django.urls import path

from . import views_schemes as views

urlpatterns = [
    path("funding/", views.funding_list, name="funding_list"),
    path("funding/new/", views.funding_create, name="funding_create"),
    path("funding/export.xlsx", views.funding_export, name="funding_export"),
    path("funding/import/", views.funding_import, name="funding_import"),
    path("funding/import/template.xlsx", views.funding_import_template, name="funding_import_template"),
    path("funding/<int:pk>/", views.funding_detail, name="funding_detail"),
    path("funding/<int:pk>/edit/", views.funding_edit, name="funding_edit"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/export.xlsx", views.scheme_export, name="scheme_export"),
    path("schemes/import/", views.scheme_import, name="scheme_import"),
    path("schemes/import/template.xlsx", views.scheme_import_template, name="scheme_import_template"),
    path("schemes/<uuid:public_id>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<uuid:public_id>/edit/", views.scheme_edit, name="scheme_edit"),
]
