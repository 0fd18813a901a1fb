from django.urls import path
from django.views.generic import RedirectView

from .urls_engine import urlpatterns as engine_urlpatterns
from .urls_library import urlpatterns as library_urlpatterns

app_name = "sop"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="sop:library", permanent=False)),
    *library_urlpatterns,
    *engine_urlpatterns,
]
