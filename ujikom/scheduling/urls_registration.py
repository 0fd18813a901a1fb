from django.urls import path

from . import views_registration as views

urlpatterns = [
    path("pendaftaran/uji/<uuid:public_id>/", views.registration_list, name="registration_list"),
    path("pendaftaran/uji/<uuid:public_id>/kolektif/", views.registration_batch, name="registration_batch"),
    path("pendaftaran/<uuid:public_id>/", views.registration_detail, name="registration_detail"),
    path(
        "pendaftaran/<uuid:public_id>/berkas/<slug:what>/", views.registration_file, name="registration_file"
    ),
    path("portal-peserta/", views.candidate_portal, name="candidate_portal"),
    path("portal-peserta/daftar/<uuid:public_id>/", views.candidate_apply, name="candidate_apply"),
    path(
        "portal-peserta/pendaftaran/<uuid:public_id>/",
        views.candidate_registration,
        name="candidate_registration",
    ),
    path(
        "portal-peserta/pendaftaran/<uuid:public_id>/perbaiki/",
        views.candidate_correct,
        name="candidate_correct",
    ),
    path(
        "portal-peserta/pendaftaran/<uuid:public_id>/asesmen-mandiri/",
        views.candidate_self_assessment,
        name="candidate_self_assessment",
    ),
]
