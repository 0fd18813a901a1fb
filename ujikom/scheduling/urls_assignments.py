from django.urls import path

from . import views_assignments as views

urlpatterns = [
    path("<uuid:public_id>/verifikasi-tuk/", views.site_verification, name="site_verification"),
    path(
        "<uuid:public_id>/verifikasi-tuk/mandiri/",
        views.independent_site_record,
        name="independent_site_record",
    ),
    path(
        "<uuid:public_id>/verifikasi-tuk/mandiri/<uuid:file_id>/",
        views.independent_site_record_file,
        name="independent_site_record_file",
    ),
    path(
        "verifikasi-tuk/<uuid:public_id>/",
        views.site_verification_detail,
        name="site_verification_detail",
    ),
    path("verifikasi-tuk/<uuid:public_id>/isi/", views.site_verification_fill, name="site_verification_fill"),
    path(
        "verifikasi-tuk/<uuid:public_id>/<slug:kind>/",
        views.site_verification_file,
        name="site_verification_file",
    ),
    path("<uuid:public_id>/asesor/", views.assessor_assignment, name="assessor_assignment"),
    path("penugasan-asesor/<uuid:public_id>/surat-tugas/", views.assignment_letter, name="assignment_letter"),
    path("portal-asesor/", views.assessor_portal, name="assessor_portal"),
    path("portal-asesor/<uuid:public_id>/konfirmasi/", views.assignment_confirm, name="assignment_confirm"),
    path("portal-asesor/<uuid:public_id>/tolak/", views.assignment_decline, name="assignment_decline"),
]
