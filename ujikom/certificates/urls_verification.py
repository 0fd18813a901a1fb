from django.urls import URLPattern, path

from .views_verification import certificate_status

urlpatterns: list[URLPattern] = [
    path("<str:public_id>/status/", certificate_status, name="status"),
]
