from django.urls import URLPattern, path

from . import views_analysis as views

CASE = "kasus/<uuid:public_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{CASE}indikator/baru/", views.measurement_form, name="case_measurement_create"),
    path(f"{CASE}indikator/<int:measurement_id>/ubah/", views.measurement_form, name="case_measurement_edit"),
    path(
        f"{CASE}indikator/<int:measurement_id>/hapus/",
        views.measurement_delete,
        name="case_measurement_delete",
    ),
    path(f"{CASE}indikator/selesai/", views.indicators_finish, name="case_indicators_finish"),
    path(f"{CASE}sebab/baru/", views.cause_form, name="case_cause_create"),
    path(f"{CASE}sebab/<int:cause_id>/ubah/", views.cause_form, name="case_cause_edit"),
    path(f"{CASE}sebab/<int:cause_id>/hapus/", views.cause_delete, name="case_cause_delete"),
    path(f"{CASE}sebab/<int:cause_id>/mengapa/", views.whys_form, name="case_cause_whys"),
    path(f"{CASE}sebab/diagram.svg", views.fishbone, name="case_fishbone"),
    path(f"{CASE}sebab/selesai/", views.causes_finish, name="case_causes_finish"),
    path(f"{CASE}rencana/baru/", views.action_form, name="case_action_create"),
    path(f"{CASE}rencana/<int:action_id>/ubah/", views.action_form, name="case_action_edit"),
    path(f"{CASE}rencana/<int:action_id>/hapus/", views.action_delete, name="case_action_delete"),
    path(f"{CASE}rencana/selesai/", views.plan_finish, name="case_plan_finish"),
    path(f"{CASE}evaluasi/", views.evaluation_form, name="case_evaluation"),
    path(f"{CASE}evaluasi/selesai/", views.evaluation_finish, name="case_evaluation_finish"),
]
