"""The decision screens (STMI 1.3.3 step 6), under /asesmen/."""

from django.urls import URLPattern, path

from . import views_decision as views

urlpatterns: list[URLPattern] = [
    path("keputusan/", views.decision_list, name="decision_list"),
    path("blangko/", views.blank_log, name="blanks"),
    path("blangko/berkas/<uuid:movement_id>/", views.blank_file, name="blank_file"),
    path("<uuid:public_id>/keputusan/", views.decision, name="decision"),
    path("<uuid:public_id>/keputusan/berkas/<uuid:file_id>/", views.decision_file, name="decision_file"),
    path("<uuid:public_id>/keputusan/blangko/", views.blank_request, name="blank_request"),
    path(
        "<uuid:public_id>/keputusan/nomor-sertifikat/", views.certificate_numbers, name="certificate_numbers"
    ),
    path(
        "<uuid:public_id>/keputusan/nomor-sertifikat/templat/",
        views.certificate_numbers_template,
        name="certificate_numbers_template",
    ),
    path(
        "<uuid:public_id>/keputusan/nomor-sertifikat/<int:position>/koreksi/",
        views.certificate_number_correct,
        name="certificate_number_correct",
    ),
    path(
        "<uuid:public_id>/keputusan/data-asesi/<uuid:registration_id>/",
        views.candidate_data,
        name="candidate_data",
    ),
]
