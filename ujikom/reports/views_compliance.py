"""Pages of SOP time compliance: the table per SOP and step, and the late runs of one step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization
from ujikom.core.views.scope import render_list
from ujikom.sop.models import Sop

from . import selectors_compliance as selectors
from .scope import Period, chosen_organization, report_organizations

PAGE_SIZE = 25


@dataclass
class Filters:
    """What the filter form asked for, and what was wrong with it (field → messages)."""

    organization: Organization
    period: Period | None
    sop: Sop | None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def messages(self) -> list[str]:
        return [message for messages in self.errors.values() for message in messages]


def parse_filters(request: AuthenticatedHttpRequest) -> Filters:
    """Organization (403 when not allowed), period and SOP from the query string."""
    params = request.GET
    organization = chosen_organization(request.user, params.get("organization"), request.organization)
    errors: dict[str, list[str]] = {}
    period = None
    try:
        period = Period.parse(params.get("period"), params.get("year"), params.get("number"))
    except ValidationError as error:
        errors.update(error.message_dict)
    sop = None
    try:
        sop = selectors.sop_of(organization, params.get("sop"))
    except ValidationError as error:
        errors.update(error.message_dict)
    return Filters(organization, period, sop, errors)


def _form_context(request: AuthenticatedHttpRequest, filters: Filters) -> dict[str, Any]:
    params = request.GET
    period = filters.period or Period.current()
    return {
        "filters": filters,
        "organizations": report_organizations(request.user),
        "sops": selectors.sops_of(filters.organization),
        "period_kinds": [("year", _("Tahun")), ("quarter", _("Triwulan")), ("month", _("Bulan"))],
        "chosen": {
            "organization": str(filters.organization.public_id),
            "period": params.get("period") or period.kind,
            "year": params.get("year") or str(period.year),
            "number": params.get("number") or (str(period.number) if period.number else ""),
            "sop": str(filters.sop.public_id) if filters.sop else params.get("sop", ""),
        },
    }


@login_required
def compliance(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per SOP and step: runs, median and 90th percentile of working time against the standard,
    share late, the bottlenecks, and the slowest step; each step links to its late runs."""
    filters = parse_filters(request)
    context = _form_context(request, filters)
    report = None
    if not filters.errors and filters.period is not None:
        report = selectors.compliance(filters.organization, filters.period, filters.sop)
    context["report"] = report
    context["ranking_rule"] = selectors.ranking_rule()
    if filters.period is not None:
        context["period_query"] = urlencode(
            {**filters.period.as_params(), "organization": str(filters.organization.public_id)}
        )
    return render_list(request, "reports/compliance.html", context)


@login_required
def late_runs(request: AuthenticatedHttpRequest, step_id: int) -> HttpResponse:
    """The late runs of one step in the period: run, subject, times, overdue by, who held it."""
    step = selectors.step_of(step_id)
    if step is None:
        raise Http404(_("Langkah SOP tidak ditemukan."))
    sop = step.version.sop
    organization = chosen_organization(request.user, str(sop.organization.public_id), None)
    filters = Filters(organization, None, sop)
    try:
        filters.period = Period.parse(
            request.GET.get("period"), request.GET.get("year"), request.GET.get("number")
        )
    except ValidationError as error:
        filters.errors.update(error.message_dict)
    context: dict[str, Any] = {
        "filters": filters,
        "step": step,
        "sop": sop,
        "step_name": selectors.step_name(step),
        "page_obj": None,
        "rows": [],
    }
    if filters.period is not None and not filters.errors:
        page = Paginator(selectors.late_step_runs(organization, filters.period, step), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["page_obj"] = page
        context["rows"] = [
            {
                "step_run": step_run,
                "overdue": (step_run.working_seconds or 0) - (step_run.standard_seconds or 0),
                "holders": selectors.holders_of(step_run),
            }
            for step_run in page.object_list
        ]
        context["back_query"] = urlencode(
            {
                **filters.period.as_params(),
                "organization": str(organization.public_id),
                "sop": str(sop.public_id),
            }
        )
    return render_list(request, "reports/compliance_late.html", context)
