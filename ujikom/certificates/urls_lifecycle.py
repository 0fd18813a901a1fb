from django.urls import URLPattern, path

from . import views_lifecycle as views

urlpatterns: list[URLPattern] = [
    path("segera-kedaluwarsa/", views.expiring_list, name="expiring"),
]
