"""The audit log page: an organization's events, and (system administrators) the chain check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors
from ..audit import event_label, verify_chain
from ..forms import AuditFilterForm
from ..http import AuthenticatedHttpRequest
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
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    # The page holds AuditEvents, then the rows shown for them.
    page: Page[Any] = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_present(event) for event in page.object_list]
    context = {
        "organization": organization,
        "filters": filters,
        "page_obj": page,
        "pickable_organizations": request.organizations if user.is_superuser else [],
    }
    return render_list(request, "core/audit_log.html", context)


@dataclass(frozen=True)
class ShownEvent:
    """An event as a row of the log: its type also in words, its data as rows."""

    sequence: int
    occurred_at: dt.datetime
    actor_label: str
    event_type: str
    label: str
    subject_label: str
    rows: list[dict[str, Any]]


def _present(event: AuditEvent) -> ShownEvent:
    return ShownEvent(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_label=event.actor_label,
        event_type=event.event_type,
        label=event_label(event.event_type),
        subject_label=event.subject_label,
        rows=_data_rows(event.data),
    )


def _verify(request: AuthenticatedHttpRequest) -> HttpResponse:
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
