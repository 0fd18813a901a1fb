"""The audit log page: an organization's events, and (system administrators) the chain check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors
from ..audit import event_label, verify_chain
from ..forms import AuditFilterForm
from ..models import AuditEvent, Organization
from .scope import acting_organization, render_list

PAGE_SIZE = 50


def _data_rows(data: Any) -> list[dict[str, Any]]:
    """The event's data as rows a reader can follow: `field: old → new` for changes, `key: value` otherwise."""
    if not isinstance(data, dict):
        return [{"key": "", "value": data}]
    rows: list[dict[str, Any]] = []
    for key, value in data.items():
        if key == "changes" and isinstance(value, dict):
            for field, change in value.items():
                if isinstance(change, list) and len(change) == 2:
                    rows.append({"key": field, "old": change[0], "new": change[1], "changed": True})
                else:
                    rows.append({"key": field, "value": change})
        else:
            rows.append({"key": key, "value": value})
    return rows


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        return _verify(request)
    organization: Organization | None
    if user.is_superuser:
        wanted = request.GET.get("organization", "")
        organization = acting_organization(request, "core.view_audit") if wanted else None
    else:
        organization = acting_organization(request, "core.view_audit")
    types = selectors.audit_event_types(organization=organization)
    filters = AuditFilterForm(request.GET, event_types=[(code, event_label(code)) for code in types])
    filters.is_valid()  # a malformed filter is left out, the rest still applies
    events = selectors.audit_events(
        organization=organization,
        event_type=filters.cleaned_data.get("event_type", ""),
        date_from=filters.cleaned_data.get("date_from"),
        date_to=filters.cleaned_data.get("date_to"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_present(event) for event in page.object_list]
    context = {
        "organization": organization,
        "filters": filters,
        "page_obj": page,
        "pickable_organizations": request.organizations if user.is_superuser else [],  # type: ignore[attr-defined]
    }
    return render_list(request, "core/audit_log.html", context)


def _present(event: AuditEvent) -> AuditEvent:
    event.label = event_label(event.event_type)  # type: ignore[attr-defined]
    event.rows = _data_rows(event.data)  # type: ignore[attr-defined]
    return event


def _verify(request: HttpRequest) -> HttpResponse:
    """Re-compute the whole hash chain (system administrators only) and say where it breaks."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Hanya administrator sistem yang dapat memeriksa keutuhan log audit."))
    if request.POST.get("action") != "verify":
        raise Http404
    report = verify_chain()
    if report.ok:
        messages.success(
            request,
            _("Log audit utuh: %(count)s catatan diperiksa, tidak ada yang diubah atau dihapus.")
            % {"count": report.checked},
        )
    else:
        assert report.problem is not None
        messages.error(
            request,
            _("Log audit TIDAK utuh. %(problem)s (%(count)s catatan sebelumnya utuh.)")
            % {"problem": report.problem.message, "count": report.checked},
        )
    return redirect(reverse("core:audit_log") + ("?" + request.GET.urlencode() if request.GET else ""))
