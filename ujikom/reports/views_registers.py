"""The register pages under /laporan/register/: appeals, complaints (with recording and follow-up),
blank stock and archive completeness. Each takes the organization and period from the query string,
shows the totals and a page of rows, and gives the same filter as xlsx with `?format=xlsx`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ujikom.assessment.access import DECIDE
from ujikom.assessment.access import VIEW as ASSESSMENT_VIEW
from ujikom.assessment.models import Appeal
from ujikom.core.access import active_assignments
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import User

from . import selectors_registers as selectors
from . import services_complaints as services
from . import spreadsheets_registers as sheets
from .forms_registers import ComplaintForm, FollowUpForm
from .models import Complaint
from .scope import report_organizations

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period_kinds() -> list[tuple[str, str]]:
    return [("year", _("Tahun")), ("quarter", _("Triwulan")), ("month", _("Bulan"))]


def _filters(
    request: AuthenticatedHttpRequest, register: str, statuses: Iterable[str] = ()
) -> tuple[selectors.RegisterFilter | None, dict[str, str]]:
    """The filter of the query string, or the Indonesian message of each wrong parameter (an
    organization the user may not see under "organization")."""
    try:
        return (
            selectors.filters_from(
                request.user, request.GET, default=request.organization, statuses=statuses, register=register
            ),
            {},
        )
    except PermissionDenied as error:
        return None, {"organization": str(error)}
    except ValidationError as error:
        return None, {name: messages_[0] for name, messages_ in error.message_dict.items()}


def _filter_context(
    request: AuthenticatedHttpRequest,
    filters: selectors.RegisterFilter | None,
    errors: dict[str, str],
    *,
    organizations: Sequence[Any],
    statuses: Sequence[tuple[str, Any]] = (),
    all_organizations: bool = False,
) -> dict[str, Any]:
    today = timezone.localdate()
    chosen = filters.organization if filters is not None else None
    period = filters.period if filters is not None else None
    return {
        "filters": filters,
        "filter_errors": errors,
        "organizations": organizations,
        "all_organizations": all_organizations,
        "chosen": str(chosen.public_id) if chosen is not None else request.GET.get("organization", ""),
        "period_kinds": _period_kinds(),
        "period_kind": period.kind if period is not None else request.GET.get("period", "year"),
        "year": str(period.year) if period is not None else request.GET.get("year", str(today.year)),
        "number": str(period.number or "") if period is not None else request.GET.get("number", ""),
        "statuses": statuses,
        "status": filters.status if filters is not None else request.GET.get("status", ""),
        "empty_message": selectors.empty_message(),
        "xlsx_query": urlencode({**(filters.as_params() if filters is not None else {}), "format": "xlsx"}),
    }


def _page(request: AuthenticatedHttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _wants_xlsx(request: AuthenticatedHttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def _download(content: bytes, name: str, filters: selectors.RegisterFilter) -> HttpResponse:
    owner = filters.organization.code if filters.organization is not None else "lsp"
    period = filters.period
    stem = f"{name}-{owner}-{period.year}" + (f"-{period.number}" if period.number else "")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def _render(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any], errors: dict[str, str]
) -> HttpResponse:
    """The page; 403 when the organization asked for is not the user's, 400 for other bad filters."""
    status = 200
    if errors:
        status = 403 if "organization" in errors else 400
    return render(request, template, context, status=status)


# ---- appeals ------------------------------------------------------------------------------------


def _appeal_links(user: User, appeals: Iterable[Appeal]) -> dict[int, tuple[str, str]]:
    """Where each appeal opens for this user: the decision form of an undecided appeal for those who
    decide in its LSP, else the event's results for those who read them; no link otherwise."""
    decide: set[int] | None = None
    read: set[int] | None = None
    if not user.is_superuser:
        assignments = active_assignments(user)
        decide = {a.organization_id for a in assignments if DECIDE in (a.role.permissions or [])}
        read = {a.organization_id for a in assignments if ASSESSMENT_VIEW in (a.role.permissions or [])}
    links: dict[int, tuple[str, str]] = {}
    for appeal in appeals:
        event = appeal.assessment.registration.event
        if appeal.status == Appeal.Status.SUBMITTED and (decide is None or event.lsp_id in decide):
            links[appeal.pk] = (reverse("assessment:appeal_decide", args=[appeal.public_id]), _("Putuskan"))
        elif read is None or {event.lsp_id, event.facilitator_id, event.site.owner_id} & read:
            links[appeal.pk] = (reverse("assessment:results", args=[event.public_id]), _("Hasil uji"))
    return links


@login_required
@require_GET
def appeals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Appeals of the organization's events submitted in the period, by status."""
    filters, errors = _filters(request, "appeals", Appeal.Status.values)
    context = _filter_context(
        request,
        filters,
        errors,
        organizations=report_organizations(request.user),
        statuses=Appeal.Status.choices,
    )
    if filters is not None:
        totals = selectors.appeal_totals(filters)
        rows = selectors.appeal_rows(filters)
        if _wants_xlsx(request):
            content = sheets.workbook(
                title=_("Register banding"),
                filters=filters,
                summary=sheets.status_summary(totals),
                sheets=[
                    (
                        _("Banding"),
                        sheets.appeal_headers(),
                        (sheets.appeal_values(selectors.appeal_record(a)) for a in rows.iterator(2000)),
                    )
                ],
            )
            return _download(content, "register-banding", filters)
        page = _page(request, rows)
        listed = list(page.object_list)
        links = _appeal_links(request.user, listed)
        context.update(
            {
                "totals": totals,
                "page": page,
                "rows": [(links.get(a.pk), selectors.appeal_record(a)) for a in listed],
            }
        )
    return _render(request, "reports/register_appeals.html", context, errors)


# ---- complaints ---------------------------------------------------------------------------------


@login_required
@require_GET
def complaints(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The complaints register of the period: totals by status, the list, "Catat pengaduan"."""
    filters, errors = _filters(request, "complaints", Complaint.Status.values)
    context = _filter_context(
        request,
        filters,
        errors,
        organizations=selectors.complaint_organizations(request.user),
        statuses=Complaint.Status.choices,
    )
    if filters is not None:
        totals = selectors.complaint_totals(filters)
        rows = selectors.complaint_rows(filters)
        if _wants_xlsx(request):
            content = sheets.workbook(
                title=_("Register pengaduan"),
                filters=filters,
                summary=sheets.status_summary(totals),
                sheets=[
                    (
                        _("Pengaduan"),
                        sheets.complaint_headers(),
                        (sheets.complaint_values(selectors.complaint_record(c)) for c in rows.iterator(2000)),
                    )
                ],
            )
            return _download(content, "register-pengaduan", filters)
        page = _page(request, rows)
        context.update(
            {
                "totals": totals,
                "page": page,
                "rows": list(page.object_list),
                "may_record": selectors.may_record_complaints(request.user, filters.organization),
            }
        )
    return _render(request, "reports/register_complaints.html", context, errors)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Catat pengaduan": for people holding `reports.complaints` in the organization."""
    organization = selectors.choose_organization(
        selectors.complaint_organizations(request.user),
        (request.GET.get("organization") or "").strip() or None,
        request.organization,
    )
    if not selectors.may_record_complaints(request.user, organization):
        raise PermissionDenied(_("Anda tidak berhak mencatat pengaduan di organisasi ini."))
    form = ComplaintForm(request.POST or None, events=selectors.complaint_events(organization))
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.record_complaint(
                organization=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Pengaduan dicatat dengan nomor %(number)s.") % {"number": complaint.number}
            )
            return redirect("reports:complaint_detail", complaint.public_id)
    context = {"form": form, "organization": organization}
    return render(request, "reports/complaint_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One complaint and its follow-up form (for `reports.complaints`)."""
    complaint = selectors.complaint_for(request.user, public_id)
    may_change = selectors.may_record_complaints(request.user, complaint.organization)
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("Anda tidak berhak menindaklanjuti pengaduan di organisasi ini."))
    form = None
    if may_change:
        initial = {
            "status": complaint.status
            if complaint.status != Complaint.Status.RECEIVED
            else Complaint.Status.IN_PROGRESS,
            "response": complaint.response,
            "resolved_on": complaint.resolved_on,
            "handled_by": str(complaint.handled_by.public_id) if complaint.handled_by is not None else "",
        }
        form = FollowUpForm(
            request.POST or None, initial=initial, handlers=selectors.handlers_of(complaint.organization)
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.follow_up_complaint(complaint=complaint, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Tindak lanjut pengaduan disimpan."))
                return redirect("reports:complaint_detail", complaint.public_id)
    context = {"complaint": complaint, "record": selectors.complaint_record(complaint), "form": form}
    return render(
        request, "reports/complaint_detail.html", context, status=400 if form and form.errors else 200
    )


# ---- blank stock --------------------------------------------------------------------------------


@login_required
@require_GET
def blanks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Blank certificate stock per LSP over the period, and the movements in it."""
    filters, errors = _filters(request, "blanks")
    context = _filter_context(
        request,
        filters,
        errors,
        organizations=report_organizations(request.user),
        all_organizations=True,
    )
    if filters is not None:
        lines = selectors.blank_lines(filters)
        movements = selectors.blank_movements(filters)
        if _wants_xlsx(request):
            content = sheets.workbook(
                title=_("Stok blangko sertifikat"),
                filters=filters,
                summary=[],
                sheets=[
                    (
                        _("Stok per LSP"),
                        sheets.blank_headers(),
                        [sheets.blank_values(line) for line in lines],
                    ),
                    (
                        _("Mutasi"),
                        sheets.movement_headers(),
                        (
                            sheets.movement_values(selectors.movement_record(m))
                            for m in movements.iterator(2000)
                        ),
                    ),
                ],
            )
            return _download(content, "stok-blangko", filters)
        page = _page(request, movements)
        context.update(
            {
                "lines": lines,
                "totals": selectors.blank_totals(lines),
                "page": page,
                "movements": [selectors.movement_record(m) for m in page.object_list],
            }
        )
    return _render(request, "reports/register_blanks.html", context, errors)


# ---- archive completeness -----------------------------------------------------------------------


@login_required
@require_GET
def archives(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organization's done events of the period: archived, complete, what is missing."""
    filters, errors = _filters(request, "archives")
    context = _filter_context(request, filters, errors, organizations=report_organizations(request.user))
    if filters is not None:
        totals = selectors.archive_totals(filters)
        events = selectors.archive_events(filters)
        if _wants_xlsx(request):
            content = sheets.workbook(
                title=_("Kelengkapan arsip"),
                filters=filters,
                summary=sheets.archive_summary(totals),
                sheets=[
                    (
                        _("Arsip"),
                        sheets.archive_headers(),
                        [sheets.archive_values(line) for line in selectors.archive_lines(list(events))],
                    )
                ],
            )
            return _download(content, "kelengkapan-arsip", filters)
        page = _page(request, events)
        context.update(
            {
                "totals": totals,
                "share": selectors.percent_text(totals["share_complete"]),
                "page": page,
                "lines": selectors.archive_lines(list(page.object_list)),
            }
        )
    return _render(request, "reports/register_archives.html", context, errors)
