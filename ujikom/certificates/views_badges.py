"""Open Badges 3.0 export of a certificate (holder or LSP staff), and the public documents a verifier
needs: the LSP's issuer profile / controller document and its status lists as VC 2.0 credentials."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization

from . import badges, statuslist
from .models import StatusList


def _public_json(document: dict, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(document, content_type=content_type, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=60)
    return response


def _lsp(lsp_code: str) -> Organization:
    lsp = (
        Organization.objects.filter(code=lsp_code, kind=Organization.Kind.LSP).first()
        if len(lsp_code) <= 60
        else None
    )
    if lsp is None:
        raise Http404(_("LSP tidak ditemukan."))
    return lsp


@login_required
@require_GET
def badge_export(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The certificate as a signed Open Badges 3.0 credential, downloaded as `<number>.json`."""
    certificate = badges.certificate_for_export(request.user, public_id)
    credential = badges.credential_for(certificate)
    response = HttpResponse(
        json.dumps(credential, ensure_ascii=False, indent=2).encode("utf-8"),
        content_type=f"{badges.MEDIA_TYPE}; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, badges.download_name(certificate))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def issuer_view(request: HttpRequest, lsp_code: str) -> JsonResponse:
    """The LSP's issuer profile and controller document: every key it ever had, as Multikeys."""
    return _public_json(badges.controller_document(_lsp(lsp_code)), "application/ld+json")


@require_GET
def status_list_vc_view(request: HttpRequest, lsp_code: str, purpose: str) -> JsonResponse:
    """The LSP's status list for `purpose` as a BitstringStatusListCredential (eddsa-rdfc-2022)."""
    if purpose not in StatusList.Purpose.values:
        raise Http404(_("Daftar status tidak ditemukan."))
    lsp = _lsp(lsp_code)
    status_list = StatusList.objects.select_related("lsp").filter(lsp=lsp, purpose=purpose).first()
    if status_list is None:
        status_list = statuslist.published(lsp, purpose)
    return _public_json(badges.status_list_credential(status_list), "application/vc+ld+json")
