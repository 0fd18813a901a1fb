from django.urls import path

from . import views_training as views

urlpatterns = [
    path("pelatihan/", views.program_list, name="program_list"),
    path("pelatihan/baru/", views.program_create, name="program_create"),
    path(
        "pelatihan/participant-templat.xlsx",
        views.participant_import_template,
        name="participant_import_template",
    ),
    path("pelatihan/<uuid:public_id>/", views.program_detail, name="program_detail"),
    path("pelatihan/<uuid:public_id>/ubah/", views.program_edit, name="program_edit"),
    path("pelatihan/<uuid:public_id>/peserta/baru/", views.participant_create, name="participant_create"),
    path("pelatihan/<uuid:public_id>/impor/", views.participant_import, name="participant_import"),
    path("pelatihan/<uuid:public_id>/peserta.xlsx", views.participant_export, name="participant_export"),
    path("peserta/<uuid:public_id>/ubah/", views.participant_edit, name="participant_edit"),
    path("impor/<uuid:public_id>/", views.import_job, name="import_job"),
]
