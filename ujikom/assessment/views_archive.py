"""The archive screens (SOP PSM/DISNAKER-10 step 8): an event's archive with its live completeness
check and filing, and the archive search."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ujikom.core.http import AuthenticatedHttpRequest

from . import selectors_archive as selectors
from . import services_archive as services
from .access import ARCHIVE, VIEW, event_for, may
from .forms_archive import ArchiveForm, ArchiveSearchForm


@login_required
@require_http_methods(["GET", "POST"])
def archive(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = event_for(request.user, public_id, ARCHIVE if request.method == "POST" else VIEW)
    filed = selectors.archive_of(event)
    initial = (
        {"location": filed.location, "retain_until": filed.retain_until}
        if filed is not None
        else {"retain_until": services.default_retention(event)}
    )
    form = ArchiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if filed is None:
                made = services.file_archive(event=event, actor=request.user, **form.cleaned_data)
                messages.success(
                    request, _("Berkas uji kompetensi diarsipkan (%(number)s).") % {"number": made.number}
                )
            else:
                services.update_archive(archive=filed, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Lokasi dan masa simpan arsip diperbarui."))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("assessment:archive", event.public_id)
    checklist = selectors.archive_checklist(event)
    context = {
        "event": event,
        "tab": "archive",
        "archive": filed,
        "checklist": checklist,
        "form": form if may(request.user, ARCHIVE, event) else None,
    }
    return render(request, "assessment/archive_page.html", context)


@login_required
def archive_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Archives of the events of the user's organizations, by title, scheme, candidate, NIK and dates."""
    if selectors.searchable_organizations(request.user) == []:
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk melihat arsip uji kompetensi."))
    form = ArchiveSearchForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    page, rows = selectors.archive_search(
        request.user,
        query=criteria.get("q", ""),
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
        state=criteria.get("state", ""),
        page=request.GET.get("page"),
    )
    template = "assessment/archive_search.html"
    if request.htmx:
        template += "#rows"
    return render(request, template, {"form": form, "page_obj": page, "rows": rows})
