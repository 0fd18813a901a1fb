from django.urls import URLPattern, path

from . import views_archive, views_minutes, views_review

urlpatterns: list[URLPattern] = [
    path("<uuid:public_id>/berita-acara/", views_minutes.minutes, name="minutes"),
    path("<uuid:public_id>/berita-acara/tanda-tangan/", views_minutes.minutes_sign, name="minutes_sign"),
    path(
        "<uuid:public_id>/berita-acara/berkas/<uuid:file_id>/", views_minutes.event_file, name="minutes_file"
    ),
    path("<uuid:public_id>/kaji-ulang/", views_review.review, name="review"),
    path("<uuid:public_id>/kaji-ulang/minutes-of-meeting/", views_review.meeting_notes, name="meeting_notes"),
    path("<uuid:public_id>/arsip/", views_archive.archive, name="archive"),
    path("arsip/", views_archive.archive_search, name="archive_search"),
]
