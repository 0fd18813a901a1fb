"""Public addresses outside `/sertifikat/`: the verification page `/v/<public id>` (the QR code opens
it) and the published keys `/.well-known/jwks.json`. Filled by the verification part; the JWKS is here."""

from django.urls import URLPattern, path

from .views_keys import jwks_view

urlpatterns: list[URLPattern] = [
    path(".well-known/jwks.json", jwks_view, name="jwks"),
]
