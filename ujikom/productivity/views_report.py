"""The productivity report `/produktivitas/laporan/` (guided companies and their indicators over
time), its xlsx download, and the home page panel of open and recently closed cases."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization

from . import indicators
from .access import VIEW, chosen_office, offices
from .selectors_report import ProductivityReport, home_panel, productivity_report, report_companies

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(value: str) -> int:
    today = timezone.localdate()
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


def _report(request: AuthenticatedHttpRequest, query: QueryDict) -> tuple[ProductivityReport, dict[str, Any]]:
    office = chosen_office(
        request.user, query.get("organization", "").strip() or None, getattr(request, "organization", None)
    )
    year = _year(query.get("year", ""))
    companies = report_companies(office)
    wanted = query.get("perusahaan", "").strip()
    company = next((item for item in companies if str(item.public_id) == wanted), None)
    report = productivity_report(office, year, company=company, indicator_key=query.get("indikator", ""))
    filters = {
        "offices": offices(request.user),
        "office": office,
        "year": year,
        "years": list(range(timezone.localdate().year, 2019, -1)),
        "companies": companies,
        "company": company,
        "indicators": indicators.INDICATORS,
    }
    return report, filters


@login_required
@require_GET
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office's guidance in a year: counts, by sector and size, the companies with their cases and
    headline improvement, and the indicators over time as a chart and a table."""
    result, filters = _report(request, request.GET)
    context = {"report": result, **filters, "query": request.GET.urlencode()}
    return render(request, "productivity/report.html", context)


@login_required
@require_GET
def report_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The companies table and the indicators over time as a workbook (numbers as text as shown)."""
    result, _filters = _report(request, request.GET)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Perusahaan dibimbing"))
    sheet.append([_("Bimbingan produktivitas"), result.organization.name, str(result.year)])
    sheet.append([])
    for label, value in result.figures:
        sheet.append([label, value])
    sheet.append([])
    sheet.append(
        [
            _("Perusahaan/instansi"),
            _("Sektor"),
            _("Skala"),
            _("Jumlah kasus"),
            _("Kasus terakhir"),
            _("Status"),
            _("Perubahan utama"),
        ]
    )
    for row in result.rows:
        latest = row.latest
        sheet.append(
            [
                row.company.name,
                row.company.get_sector_display(),
                row.company.get_size_display(),
                len(row.cases),
                latest.number if latest else "",
                latest.get_status_display() if latest else "",
                row.headline,
            ]
        )
    series = workbook.create_sheet(_("Indikator per periode"))
    series.append(result.series_headings)
    for line in result.series_rows:
        series.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bimbingan-produktivitas-{result.year}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def home_section(request: AuthenticatedHttpRequest) -> str:
    """The home page panel for holders of productivity.view in the office they act for ("" otherwise)."""
    organization = getattr(request, "organization", None)
    if (
        organization is None
        or organization.kind != Organization.Kind.AGENCY
        or not has_permission(request.user, VIEW, organization)
    ):
        return ""
    panel = home_panel(organization)
    return render_to_string("productivity/dashboard_panel.html", {"panel": panel}, request)
