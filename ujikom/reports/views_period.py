"""Screens of the period report: the report page with its filters, chart and tables; asking for an
xlsx or PDF export; the export's page (progress while the job runs, then the download link)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization
from ujikom.documents.responses import file_response

from .exports_period import columns_of, start_period_export, summary_lines
from .forms_period import PeriodFilterForm
from .models import ReportExport
from .scope import chosen_organization, report_organizations
from .selectors_period import export_for, period_report, report_schemes


def _filter_form(
    request: AuthenticatedHttpRequest, source: QueryDict
) -> tuple[PeriodFilterForm, Organization]:
    """The bound filter form (defaults filled in) and the organization it is about; 403 when the user
    may see no organization's reports."""
    organizations = report_organizations(request.user)
    default = chosen_organization(request.user, None, request.organization)
    wanted = source.get("organization", "")
    organization = next((org for org in organizations if str(org.public_id) == wanted), default)
    data = {
        "organization": str(organization.public_id),
        "period": "year",
        "year": str(timezone.localdate().year),
        "number": "",
        "scheme": "",
    }
    data.update({key: source.get(key, "") for key in data if key in source})
    form = PeriodFilterForm(data, organizations=organizations, schemes=report_schemes(organization))
    return form, organization


@login_required
@require_GET
def period(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The period report of an organization the user may see."""
    form, organization = _filter_form(request, request.GET)
    context: dict[str, Any] = {"form": form, "organization": organization, "report": None}
    if form.is_valid():
        assert form.period_value is not None
        report = period_report(organization, form.period_value, form.cleaned_data["scheme"] or None)
        context.update(
            report=report,
            summary=summary_lines(report),
            tables=[(breakdown, columns_of(breakdown)) for breakdown in report.breakdowns],
            chart=report.chart_spec(),
            export_params=[
                ("organization", str(organization.public_id)),
                *form.period_value.as_params().items(),
                ("scheme", report.scheme_code),
            ],
        )
    template = "reports/period_report.html"
    if getattr(request, "htmx", None) and not request.htmx.history_restore_request:
        template += "#report"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def period_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for the report as xlsx or PDF; the job makes it and the export page follows it."""
    form, organization = _filter_form(request, request.POST)
    back = reverse("reports:period")
    query = {key: request.POST.get(key, "") for key in ("organization", "period", "year", "number", "scheme")}
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(f"{back}?{urlencode(query)}")
    assert form.period_value is not None
    try:
        export = start_period_export(
            organization=organization,
            period=form.period_value,
            scheme_code=form.cleaned_data["scheme"] or "",
            format=request.POST.get("format", ""),
            actor=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{back}?{urlencode(query)}")
    return redirect("reports:export", export.public_id)


def _export(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> ReportExport:
    export = export_for(request.user, public_id)
    if export is None:
        raise Http404(_("Ekspor laporan tidak ditemukan."))
    return export


@login_required
@require_GET
def export_page(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An export's progress (the page polls while the job runs) and then its download link."""
    export = _export(request, public_id)
    template = "reports/export_page.html"
    if getattr(request, "htmx", None) and not request.htmx.history_restore_request:
        template += "#status"
    query = {"organization": str(export.organization.public_id), **export.params}
    back = f"{reverse('reports:period')}?{urlencode({key: value for key, value in query.items() if value})}"
    response = render(request, template, {"export": export, "Status": ReportExport.Status, "back": back})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def export_download(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> FileResponse:
    export = _export(request, public_id)
    if export.status != ReportExport.Status.DONE or export.file is None:
        raise Http404(_("Berkas ekspor belum tersedia."))
    return file_response(export.file)
