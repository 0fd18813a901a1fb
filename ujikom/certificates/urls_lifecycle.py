from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []  # the lifecycle screens (expiring soon, re-certification)
