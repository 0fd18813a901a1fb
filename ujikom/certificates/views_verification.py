"""The public verification page `/v/<public id>`, the published status lists, and the staff page of
a certificate's status (suspend, lift, revoke).

The public page is lean on purpose (benchmarked): no session or login work, one query for the
certificate and one for its key, drawn by `verification_html` (shared with the WSGI fast path in
`fastpath.py`, which answers most of these requests before they reach Django), cached 60 seconds.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization

from . import selectors_verification as selectors
from . import services_status as services
from . import statuslist
from .forms_status import LiftForm, RevokeForm, SuspendForm
from .models import Certificate, StatusList
from .throttle import verification_wait
from .verification_html import message_page, verification_page


def too_many(request: HttpRequest) -> HttpResponse | None:
    wait = verification_wait(request)
    if not wait:
        return None
    message = _("Terlalu banyak permintaan verifikasi. Coba lagi dalam %(seconds)s detik.") % {
        "seconds": wait
    }
    response = HttpResponse(message_page(message), status=429)
    response["Retry-After"] = str(wait)
    return response


@require_GET
def verify_page(request: HttpRequest, public_id: str) -> HttpResponse:
    refused = too_many(request)
    if refused is not None:
        return refused
    certificate = selectors.certificate_by_public_id(public_id)
    if certificate is None:
        response = HttpResponse(message_page(_("Sertifikat tidak ditemukan.")), status=404)
    else:
        verification = selectors.verify(certificate)
        response = HttpResponse(verification_page(verification, url=request.build_absolute_uri()))
    patch_cache_control(response, public=True, max_age=60)
    return response


@require_GET
def status_list_view(request: HttpRequest, lsp_code: str, purpose: str) -> HttpResponse:
    if purpose not in StatusList.Purpose.values or len(lsp_code) > 60:
        raise Http404(_("Daftar status tidak ditemukan."))
    lsp = Organization.objects.filter(code=lsp_code, kind=Organization.Kind.LSP).first()
    if lsp is None:
        raise Http404(_("Daftar status tidak ditemukan."))
    status_list = StatusList.objects.filter(lsp=lsp, purpose=purpose).first()
    if status_list is None or not status_list.credential:
        status_list = statuslist.published(lsp, purpose)
    response = JsonResponse(status_list.credential, content_type="application/vc+json")
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=60)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificate_status(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    certificate = selectors.certificate_for(request.user, public_id, selectors.VIEW)
    may_manage = has_permission(request.user, selectors.MANAGE, certificate.lsp)
    forms = {
        "suspend": SuspendForm(prefix="s"),
        "lift": LiftForm(prefix="l"),
        "revoke": RevokeForm(prefix="r"),
    }
    errors: list[str] = []
    if request.method == "POST":
        certificate = selectors.certificate_for(request.user, public_id, selectors.MANAGE)
        action = request.POST.get("action", "")
        if action not in forms:
            raise Http404
        form_class = {"suspend": SuspendForm, "lift": LiftForm, "revoke": RevokeForm}[action]
        form = form_class(request.POST, prefix=action[0])
        forms[action] = form
        if form.is_valid():
            try:
                _apply(action, certificate, form.cleaned_data, request)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                return redirect("certificates:status", certificate.public_id)
    return render(
        request,
        "certificates/status_certificate.html",
        {
            "certificate": certificate,
            "v": selectors.verify(certificate),
            "events": selectors.events_of(certificate),
            "forms": forms,
            "errors": errors,
            "may_manage": may_manage,
            "nik": selectors.mask_nik(certificate.holder_nik),
            "Status": Certificate.Status,
        },
        status=422 if request.method == "POST" else 200,
    )


def _apply(action: str, certificate: Certificate, data: dict, request: AuthenticatedHttpRequest) -> None:
    if action == "suspend":
        services.suspend(
            certificate=certificate, reason=data["reason"], note=data["note"], actor=request.user
        )
        messages.success(request, _("Sertifikat dibekukan."))
    elif action == "lift":
        services.lift_suspension(certificate=certificate, note=data["note"], actor=request.user)
        messages.success(request, _("Pembekuan sertifikat dicabut."))
    else:
        services.revoke(certificate=certificate, reason=data["reason"], note=data["note"], actor=request.user)
        messages.success(request, _("Sertifikat dicabut."))
