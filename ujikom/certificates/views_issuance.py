"""Screens of certificate issuance: a decree's issuance page (one by one or in bulk, with the job's
progress), the LSP's certificate list and a certificate's detail and PDF."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.views.scope import acting_organization, render_list
from ujikom.documents.responses import file_response

from . import selectors_issuance as selectors
from . import services_issuance as services
from .forms_issuance import CertificateFilterForm
from .models import Certificate, IssuanceJob


def _may_issue(request: AuthenticatedHttpRequest, decision_lsp: object) -> bool:
    from ujikom.core.access import has_permission

    return request.user.is_superuser or has_permission(request.user, selectors.ISSUE, decision_lsp)  # type: ignore[arg-type]


@login_required
@require_http_methods(["GET", "POST"])
def issuance(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The certificates of a decree: issue one entry or all at once; the bulk job's progress."""
    decision = selectors.decision_for(request.user, public_id)
    may_issue = _may_issue(request, decision.lsp)
    if request.method == "POST":
        selectors.decision_for(request.user, public_id, selectors.ISSUE)
        action = request.POST.get("action", "")
        try:
            if action == "bulk":
                services.start_bulk_issuance(decision=decision, actor=request.user)
                messages.success(request, _("Penerbitan sertifikat massal dimulai."))
            elif action == "issue":
                entry = next(
                    (
                        item
                        for item in decision.entries.all()
                        if str(item.pk) == request.POST.get("entry", "")
                    ),
                    None,
                )
                if entry is None:
                    messages.error(request, _("Asesi tidak ditemukan dalam SK ini."))
                else:
                    certificate = services.issue_certificate(entry=entry, actor=request.user)
                    messages.success(
                        request,
                        _("Sertifikat %(number)s untuk %(name)s diterbitkan.")
                        % {"number": certificate.certificate_number, "name": certificate.holder_name},
                    )
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("certificates:issuance", decision.public_id)
    job = selectors.latest_job(decision)
    template = "certificates/issuance_page.html"
    if getattr(request, "htmx", None):
        template += "#status"
    context = {
        "decision": decision,
        "event": decision.event,
        "entries": selectors.entries_of(decision),
        "job": job,
        "Status": IssuanceJob.Status,
        "may_issue": may_issue and decision.status == decision.Status.APPROVED,
    }
    return render(request, template, context)


@login_required
def certificate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    lsp = acting_organization(request, selectors.VIEW)
    form = CertificateFilterForm(request.GET or None)
    q, status = "", ""
    if form.is_valid():
        q, status = form.cleaned_data["q"], form.cleaned_data["status"]
    page = Paginator(selectors.certificates_of(lsp, q=q, status=status), 50).get_page(request.GET.get("page"))
    context = {"lsp": lsp, "form": form, "page": page, "certificates": page.object_list}
    return render_list(request, "certificates/issuance_list.html", context)


@login_required
def certificate_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    certificate = selectors.certificate_for(request.user, public_id)
    events = certificate.events.select_related("actor").order_by("at", "id")
    return render(
        request, "certificates/issuance_detail.html", {"certificate": certificate, "events": events}
    )


@login_required
def certificate_pdf(request: AuthenticatedHttpRequest, public_id: str) -> FileResponse:
    """The certificate's PDF, for the LSP's staff or the holder."""
    certificate: Certificate = selectors.certificate_pdf_for(request.user, public_id)
    stored = certificate.pdf
    assert stored is not None
    return file_response(stored)
