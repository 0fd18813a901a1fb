from django.urls import path

from . import views_events as views

urlpatterns = [
    path("target/", views.target_list, name="target_list"),
    path("target/baru/", views.target_create, name="target_create"),
    path("target/nota-dinas/", views.target_memo, name="target_memo"),
    path("target/<uuid:public_id>/ubah/", views.target_edit, name="target_edit"),
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/baru/", views.plan_create, name="plan_create"),
    path("rencana/<uuid:public_id>/", views.plan_detail, name="plan_detail"),
    path("rencana/<uuid:public_id>/ubah/", views.plan_edit, name="plan_edit"),
    path("rencana/<uuid:public_id>/terbitkan/", views.plan_approve, name="plan_approve"),
    path("", views.event_list, name="event_list"),
    path("baru/", views.event_create, name="event_create"),
    path("<uuid:public_id>/", views.event_detail, name="event_detail"),
    path("<uuid:public_id>/ubah/", views.event_edit, name="event_edit"),
    path("<uuid:public_id>/status/", views.event_transition, name="event_transition"),
]
