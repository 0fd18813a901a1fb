from django.urls import path

from . import views_readiness as views

urlpatterns = [
    path("<uuid:public_id>/distribusi-jadwal/", views.schedule_distribution, name="schedule_distribution"),
    path("<uuid:public_id>/kesiapan/", views.readiness, name="readiness"),
    path("<uuid:public_id>/pengingat/", views.reminders, name="reminders"),
    path("<uuid:public_id>/belum-konfirmasi/", views.unconfirmed, name="unconfirmed"),
    path("konfirmasi/<str:token>/", views.confirm_by_link, name="confirm_by_link"),
    path(
        "pendaftaran/<uuid:public_id>/konfirmasi-kehadiran/",
        views.confirm_attendance,
        name="confirm_attendance",
    ),
]
