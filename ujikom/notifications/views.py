"""Pages of the outbox and the message templates (permission notifications.manage)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ujikom.core.access import permission_required
from ujikom.core.http import OrganizationHttpRequest
from ujikom.core.models import Organization

from . import selectors, services
from .forms import OutboxFilterForm, TemplateForm

PERMISSION = "notifications.manage"
PAGE_SIZE = 25
FOR_ORGANIZATION = "organisasi"


def _back_to_outbox(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("notifications:outbox")


@login_required
@permission_required(PERMISSION)
def outbox(request: OrganizationHttpRequest) -> HttpResponse:
    filters = OutboxFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    found = selectors.outbox_for(user=request.user, organization=request.organization, status=status)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "filters": filters, "status": status, "show_organization": request.user.is_superuser},
    )


@login_required
@permission_required(PERMISSION)
@require_POST
def message_retry(request: OrganizationHttpRequest, public_id: UUID) -> HttpResponse:
    visible = selectors.outbox_for(user=request.user, organization=request.organization)
    message = get_object_or_404(visible, public_id=public_id)
    try:
        services.retry_message(message=message, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Pesan ke %(recipient)s dimasukkan kembali ke antrean pengiriman.")
            % {"recipient": message.recipient},
        )
    return redirect(_back_to_outbox(request))


@login_required
@permission_required(PERMISSION)
@require_POST
def message_cancel(request: OrganizationHttpRequest, public_id: UUID) -> HttpResponse:
    visible = selectors.outbox_for(user=request.user, organization=request.organization)
    message = get_object_or_404(visible, public_id=public_id)
    try:
        services.cancel_message(message=message, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pesan ke %(recipient)s dibatalkan.") % {"recipient": message.recipient})
    return redirect(_back_to_outbox(request))


@login_required
@permission_required(PERMISSION)
def template_list(request: OrganizationHttpRequest) -> HttpResponse:
    rows = selectors.templates_for(organization=request.organization)
    return render(
        request, "notifications/template_list.html", {"rows": rows, "for_organization": FOR_ORGANIZATION}
    )


@login_required
@permission_required(PERMISSION)
def template_edit(request: OrganizationHttpRequest, pk: int) -> HttpResponse:
    organization = request.organization
    visible = selectors.editable_templates(user=request.user, organization=organization)
    template = get_object_or_404(visible, pk=pk)
    # A default is edited as the acting organization's own version, except by a system
    # administrator who did not ask for that (?untuk=organisasi): they edit the default itself.
    edits_default = (
        template.is_default and request.user.is_superuser and request.GET.get("untuk") != FOR_ORGANIZATION
    )
    target_organization: Organization | None
    if template.is_default and not edits_default:
        override = selectors.override_of(template=template, organization=organization)
        if override is not None:
            return redirect("notifications:template_edit", pk=override.pk)
        target_organization = organization
    else:
        target_organization = template.organization
    form = TemplateForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_template(
                template=template,
                actor=request.user,
                organization=target_organization,
                **form.changes(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _('Templat "%(name)s" disimpan.') % {"name": saved.name})
            return redirect("notifications:template_list")
    context = {
        "template": template,
        "form": form,
        "edits_default": edits_default,
        "target_organization": target_organization,
    }
    return render(request, "notifications/template_edit.html", context)


@login_required
@permission_required(PERMISSION)
@require_POST
def template_reset(request: OrganizationHttpRequest, pk: int) -> HttpResponse:
    visible = selectors.editable_templates(user=request.user, organization=request.organization)
    template = get_object_or_404(visible, pk=pk, organization__isnull=False)
    services.reset_template(template=template, actor=request.user)
    messages.success(request, _('Templat "%(name)s" dikembalikan ke versi bawaan.') % {"name": template.name})
    return redirect("notifications:template_list")
