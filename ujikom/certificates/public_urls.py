"""Public addresses outside `/sertifikat/`: the verification page `/v/<public id>` (the QR code opens
it), the status lists `/status/<lsp code>/<purpose>` and the published keys `/.well-known/jwks.json`."""

from django.urls import URLPattern, path

from .views_keys import jwks_view
from .views_verification import status_list_view, verify_page

urlpatterns: list[URLPattern] = [
    path(".well-known/jwks.json", jwks_view, name="jwks"),
    path("v/<path:public_id>", verify_page, name="verify"),
    path("status/<str:lsp_code>/<str:purpose>", status_list_view, name="status_list"),
]
