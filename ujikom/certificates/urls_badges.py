from django.urls import URLPattern, re_path

from .urls_issuance import CERTIFICATE_ID
from .views_badges import badge_export

urlpatterns: list[URLPattern] = [
    re_path(rf"^{CERTIFICATE_ID}/open-badges\.json$", badge_export, name="badge_export"),
]
