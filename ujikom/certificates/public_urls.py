"""Public addresses outside `/sertifikat/`: the verification page `/v/<public id>` (the QR code opens
it), the status lists `/status/<lsp code>/<purpose>`, the published keys `/.well-known/jwks.json` and
the offline verifier `/verifikasi/`."""

from django.urls import URLPattern, path

from .views_badges import issuer_view, status_list_vc_view
from .views_keys import jwks_view
from .views_offline import offline_verifier, offline_verifier_manifest, offline_verifier_worker
from .views_verification import status_list_view, verify_page
from .views_verify_pdf import verify_pdf_page

urlpatterns: list[URLPattern] = [
    path(".well-known/jwks.json", jwks_view, name="jwks"),
    path("v/<path:public_id>", verify_page, name="verify"),
    path("status/<str:lsp_code>/<str:purpose>", status_list_view, name="status_list"),
    path("status/<str:lsp_code>/<str:purpose>/vc", status_list_vc_view, name="status_list_vc"),
    path("lsp/<str:lsp_code>/issuer", issuer_view, name="issuer"),
    path("verifikasi/", offline_verifier, name="offline_verifier"),
    path("verifikasi/pdf", verify_pdf_page, name="verify_pdf"),
    path("verifikasi/sw.js", offline_verifier_worker, name="offline_verifier_worker"),
    path("verifikasi/manifest.webmanifest", offline_verifier_manifest, name="offline_verifier_manifest"),
]
