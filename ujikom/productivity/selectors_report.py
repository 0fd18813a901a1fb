"""Reads of the productivity report and the home page panel: guided companies and their indicators
over time, from the same rows and the same indicator formulas as the case pages and the PDFs.

A case belongs to a year when it was opened (requested) or closed in that year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.models import Organization
from ujikom.sop.models import StepRun, Task

from . import indicators
from .models import Company, GuidanceCase, Measurement, Sector
from .selectors_closing import change_sentence, format_number, format_percent
from .sop_binding import STAGE_BY_ACTION, STAGES

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
INDICATOR_BY_KEY = {indicator.key: indicator for indicator in indicators.INDICATORS}
DEFAULT_INDICATOR = "per_hour"


def case_page_url(case: GuidanceCase) -> str:
    """The case page; the closing report while the case pages are not installed."""
    try:
        return reverse("productivity:case_detail", args=[case.public_id])
    except NoReverseMatch:
        return reverse("productivity:case_close", args=[case.public_id])


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def cases_of_year(organization: Organization, year: int) -> Q:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(organization=organization) & (
        Q(requested_on__range=(first, last)) | Q(closed_on__range=(first, last))
    )


def case_headline(case: GuidanceCase) -> indicators.Change | None:
    """The headline change of a case's evaluation (needs `evaluation` with before/after loaded)."""
    evaluation = getattr(case, "evaluation", None)
    if evaluation is None:
        return None
    return indicators.headline(indicators.compare(evaluation.before, evaluation.after, case.output_unit))


def _evaluation_of(case: GuidanceCase) -> Any:
    """The loaded evaluation, or None (the reverse one-to-one raises an AttributeError subclass)."""
    return getattr(case, "evaluation", None)


@dataclass
class CompanyRow:
    company: Company
    cases: list[GuidanceCase] = field(default_factory=list)
    headline: str = ""
    headline_percent: Decimal | None = None

    @property
    def latest(self) -> GuidanceCase | None:
        return self.cases[0] if self.cases else None


@dataclass
class GroupRow:
    label: str
    registered: int = 0
    guided: int = 0
    cases: int = 0


@dataclass
class ProductivityReport:
    organization: Organization
    year: int
    indicator: indicators.Indicator
    company: Company | None
    figures: list[tuple[str, str]]
    by_sector: list[GroupRow]
    by_size: list[GroupRow]
    rows: list[CompanyRow]
    chart: dict[str, Any]
    series_rows: list[list[str]]
    series_headings: list[str]
    average_improvement: Decimal | None
    is_empty: bool


def _case_set(organization: Organization, year: int) -> list[GuidanceCase]:
    return list(
        GuidanceCase.objects.filter(cases_of_year(organization, year))
        .select_related("company", "evaluation__before", "evaluation__after")
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("period_start", "id"))
        )
        .order_by("-requested_on", "-id")
    )


def _groups(
    companies: list[Company], cases: list[GuidanceCase], attribute: str, choices: list[tuple[str, Any]]
) -> list[GroupRow]:
    registered = Counter(getattr(company, attribute) for company in companies)
    guided_ids: dict[str, set[int]] = defaultdict(set)
    case_count: Counter[str] = Counter()
    for case in cases:
        key = getattr(case.company, attribute)
        guided_ids[key].add(case.company_id)
        case_count[key] += 1
    rows = []
    for key, label in choices:
        if registered[key] or case_count[key]:
            rows.append(
                GroupRow(
                    str(label), registered=registered[key], guided=len(guided_ids[key]), cases=case_count[key]
                )
            )
    return rows


def _series(
    cases: list[GuidanceCase], indicator: indicators.Indicator
) -> tuple[dict[str, Any], list[list[str]]]:
    """The chart (one line per case over the months of its periods) and the accessible table."""
    months: set[dt.date] = set()
    datasets: list[tuple[str, dict[dt.date, float | None]]] = []
    table = []
    for case in cases:
        points: dict[dt.date, float | None] = {}
        for measurement in case.measurements.all():
            values = indicators.values_of(measurement)
            month = measurement.period_start.replace(day=1)
            months.add(month)
            value = values[indicator.key]
            points[month] = None if value is None else float(value)
            table.append(
                [
                    case.company.name,
                    case.number or case.title,
                    measurement.label,
                    month_label(measurement.period_start),
                    *[format_number(values[item.key]) for item in indicators.INDICATORS],
                ]
            )
        if points:
            datasets.append((f"{case.number} · {case.company.name}".strip(" ·"), points))
    ordered = sorted(months)
    chart = {
        "type": "line",
        "labels": [month_label(month) for month in ordered],
        "title": str(indicator.label),
        "series": [
            {"label": label, "data": [points.get(month) for month in ordered]} for label, points in datasets
        ],
        "zero": False,
    }
    return chart, table


def productivity_report(
    organization: Organization, year: int, *, company: Company | None = None, indicator_key: str = ""
) -> ProductivityReport:
    """The year's figures of the office; the indicators over time of `company`'s cases, or of all
    the cases closed with an evaluation when no company is chosen."""
    indicator = INDICATOR_BY_KEY.get(indicator_key) or INDICATOR_BY_KEY[DEFAULT_INDICATOR]
    cases = _case_set(organization, year)
    companies = list(Company.objects.filter(organization=organization).order_by("name", "id"))
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    opened = [case for case in cases if first <= case.requested_on <= last]
    closed_in_year = [
        case
        for case in cases
        if case.status == GuidanceCase.Status.CLOSED and case.closed_on and first <= case.closed_on <= last
    ]
    guided = {case.company_id for case in cases}

    by_company: dict[int, CompanyRow] = {}
    for company_row in companies:
        if company_row.is_active or company_row.pk in guided:
            by_company[company_row.pk] = CompanyRow(company_row)
    for case in cases:
        by_company.setdefault(case.company_id, CompanyRow(case.company)).cases.append(case)
    improvements = []
    for row in by_company.values():
        for case in row.cases:
            headline = case_headline(case) if _evaluation_of(case) else None
            if headline is not None:
                row.headline, row.headline_percent = change_sentence(headline), headline.change_percent
                break
    for case in closed_in_year:
        headline = case_headline(case) if _evaluation_of(case) else None
        if headline is not None and headline.change_percent is not None:
            improvements.append(headline.change_percent)
    average = (sum(improvements, Decimal(0)) / len(improvements)) if improvements else None

    if company is not None:
        chart_cases = list(
            GuidanceCase.objects.filter(organization=organization, company=company)
            .select_related("company")
            .prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.order_by("period_start", "id"))
            )
            .order_by("requested_on", "id")
        )
    else:
        chart_cases = sorted(
            (case for case in cases if case.status == GuidanceCase.Status.CLOSED and _evaluation_of(case)),
            key=lambda case: (case.requested_on, case.pk),
        )
    chart, table = _series(chart_cases, indicator)

    figures = [
        (_("Perusahaan/instansi dibimbing"), str(len(guided))),
        (_("Kasus dibuka"), str(len(opened))),
        (_("Kasus selesai"), str(len(closed_in_year))),
        (_("Kasus berjalan"), str(sum(1 for case in opened if case.status == GuidanceCase.Status.OPEN))),
        (
            _("Kasus dibatalkan"),
            str(sum(1 for case in opened if case.status == GuidanceCase.Status.CANCELLED)),
        ),
        (_("Rata-rata perubahan indikator utama kasus selesai"), format_percent(average, signed=True)),
    ]
    rows = sorted(by_company.values(), key=lambda row: (not row.cases, row.company.name.lower()))
    return ProductivityReport(
        organization=organization,
        year=year,
        indicator=indicator,
        company=company,
        figures=figures,
        by_sector=_groups(companies, cases, "sector", list(Sector.choices)),
        by_size=_groups(companies, cases, "size", list(Company.Size.choices)),
        rows=rows,
        chart=chart,
        series_rows=table,
        series_headings=[
            _("Perusahaan/instansi"),
            _("Kasus"),
            _("Periode"),
            _("Bulan"),
            *[str(item.label) for item in indicators.INDICATORS],
        ],
        average_improvement=average,
        is_empty=not cases and not companies,
    )


def report_companies(organization: Organization) -> list[Company]:
    return list(Company.objects.filter(organization=organization).order_by("name", "id"))


# ---- the home page panel ------------------------------------------------------------------------------


@dataclass
class Panel:
    organization: Organization
    by_stage: list[tuple[str, int]]
    open_total: int
    overdue: list[dict[str, Any]]
    recent: list[dict[str, Any]]


def home_panel(organization: Organization, *, now: dt.datetime | None = None, recent: int = 5) -> Panel:
    """Open cases by stage, the cases whose open task is overdue, and the last closed cases with
    their headline improvement."""
    now = now or timezone.now()
    open_cases = GuidanceCase.objects.filter(organization=organization, status=GuidanceCase.Status.OPEN)
    counts = dict(
        StepRun.objects.filter(run__guidance_case__in=open_cases, status=StepRun.Status.ACTIVE)
        .values_list("step__action")
        .annotate(total=Count("run_id", distinct=True))
        .values_list("step__action", "total")
    )
    open_total = open_cases.count()
    by_stage = [(str(stage.label), counts[stage.action]) for stage in STAGES if counts.get(stage.action)]
    elsewhere = open_total - sum(count for _label, count in by_stage)
    if elsewhere > 0:
        by_stage.append((_("Langkah lain SOP"), elsewhere))
    late_tasks = (
        Task.objects.filter(
            step_run__run__guidance_case__in=open_cases,
            status__in=[Task.Status.OPEN, Task.Status.CLAIMED],
            due_at__lt=now,
        )
        .select_related("step_run__step", "step_run__run__guidance_case__company")
        .order_by("due_at")
    )
    overdue: list[dict[str, Any]] = []
    seen: set[int] = set()
    for task in late_tasks[:50]:
        case = task.step_run.run.guidance_case
        if case.pk in seen:
            continue
        seen.add(case.pk)
        stage = STAGE_BY_ACTION.get(task.step_run.step.action)
        overdue.append(
            {
                "case": case,
                "url": case_page_url(case),
                "stage": str(stage.label) if stage else _("langkah %(n)s") % {"n": task.step_run.step.number},
                "due_at": task.due_at,
            }
        )
    closed = (
        GuidanceCase.objects.filter(organization=organization, status=GuidanceCase.Status.CLOSED)
        .select_related("company", "evaluation__before", "evaluation__after")
        .order_by("-closed_on", "-id")[:recent]
    )
    return Panel(
        organization=organization,
        by_stage=by_stage,
        open_total=open_total,
        overdue=overdue,
        recent=[
            {
                "case": case,
                "url": case_page_url(case),
                "headline": change_sentence(case_headline(case)) if _evaluation_of(case) else "",
            }
            for case in closed
        ],
    )
