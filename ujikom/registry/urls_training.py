from django.urls import path

from . import views_training as views

urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path(
        "programs/participant-template.xlsx",
        views.participant_import_template,
        name="participant_import_template",
    ),
    path("programs/<uuid:public_id>/", views.program_detail, name="program_detail"),
    path("programs/<uuid:public_id>/edit/", views.program_edit, name="program_edit"),
    path("programs/<uuid:public_id>/participants/new/", views.participant_create, name="participant_create"),
    path("programs/<uuid:public_id>/import/", views.participant_import, name="participant_import"),
    path("programs/<uuid:public_id>/participants.xlsx", views.participant_export, name="participant_export"),
    path("participants/<uuid:public_id>/edit/", views.participant_edit, name="participant_edit"),
    path("imports/<uuid:public_id>/", views.import_job, name="import_job"),
]
