"""The period report: target against registered, tested, competent and certified candidates of an
organization's test events in a month, quarter or year, in total and broken down by scheme, test
site, assessor, funding source, facilitating agency and training program.

Figures follow the shared definitions: the events of O are `events_visible_to(O)`, not cancelled,
starting within the period; a registration counts unless it is a draft or withdrawn; tested means
the assessment has a recommendation (K or BK); certified means at least one certificate was issued
from the registration, whatever its status now. Everything is counted in the database with two
grouped queries over the registrations (figures, then certificates), one over the targets, and one
label query per breakdown: the number of queries is fixed whatever the number of registrations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.assessment.models import Verdict
from ujikom.certificates.models import Certificate
from ujikom.core.access import active_assignments, has_permission
from ujikom.core.models import Organization, RoleAssignment, User
from ujikom.registry.models import Assessor, FundingSource, Scheme, TestSite, TrainingProgram
from ujikom.scheduling.models import Registration, Target, TestEvent
from ujikom.scheduling.selectors_events import events_visible_to

from .models import ReportExport
from .scope import VIEW, Period

# The figures of the chart by scheme, on the page and in the PDF: the row's field, label and colour.
CHART_SERIES = (
    ("target", gettext_lazy("Target"), "#9e9e9e"),
    ("registered", gettext_lazy("Terdaftar"), "#1f77b4"),
    ("tested", gettext_lazy("Teruji"), "#ff7f0e"),
    ("competent", gettext_lazy("Kompeten"), "#2ca02c"),
    ("certified", gettext_lazy("Bersertifikat"), "#9467bd"),
)

# The grouping columns of the registrations query: one per breakdown.
DIMENSIONS = {
    "scheme": "event__scheme",
    "site": "event__site",
    "funding": "event__funding",
    "facilitator": "event__facilitator",
    "program": "program",
    "assessor": "assessment__assessor",
}
BREAKDOWN_ORDER = ("scheme", "site", "assessor", "funding", "facilitator", "program")
NOT_COUNTED = (Registration.Status.DRAFT, Registration.Status.WITHDRAWN)
TESTED = (Verdict.COMPETENT, Verdict.NOT_YET_COMPETENT)
# Whose name signs the report, first found: head of office, LSP chair, director.
HEAD_ROLES = ("kadis", "lsp_chair", "director")


def percent(part: int, whole: int | None) -> float | None:
    """part/whole as a percentage with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def percent_label(value: float | None) -> str:
    """'87,5%' as Indonesians write it; '–' when there is no value."""
    if value is None:
        return "–"
    return f"{value:.1f}%".replace(".", ",")


@dataclass
class Row:
    """The figures of one group (or of the whole report). `registered` is None where it is not
    defined (per assessor); `target` is None where targets are not set (site, assessor, …)."""

    key: str
    label: str
    registered: int | None = 0
    tested: int = 0
    competent: int = 0
    certified: int = 0
    target: int | None = None

    @property
    def not_competent(self) -> int:
        return self.tested - self.competent

    @property
    def pass_rate(self) -> float | None:
        return percent(self.competent, self.tested)

    @property
    def pass_rate_label(self) -> str:
        return percent_label(self.pass_rate)

    @property
    def realisation(self) -> float | None:
        """Tested against the target (a target is the number of candidates to be tested)."""
        return percent(self.tested, self.target)

    @property
    def realisation_label(self) -> str:
        return percent_label(self.realisation)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "target": self.target,
            "registered": self.registered,
            "tested": self.tested,
            "competent": self.competent,
            "not_competent": self.not_competent,
            "certified": self.certified,
            "pass_rate": self.pass_rate,
            "realisation": self.realisation,
        }


@dataclass(frozen=True)
class Breakdown:
    """One table of the report: its rows, and which columns it has."""

    key: str
    title: str
    rows: list[Row]
    has_registered: bool = True
    has_target: bool = False


@dataclass(frozen=True)
class PeriodReport:
    organization: Organization
    period: Period
    scheme_code: str
    totals: Row
    breakdowns: list[Breakdown] = field(default_factory=list)

    @property
    def target(self) -> int:
        return self.totals.target or 0

    @property
    def is_empty(self) -> bool:
        """Nothing matches the filters: no registration counted and, for a year, no target set (the
        yearly target alone is no data for a month or a quarter)."""
        no_target = self.target_is_yearly or not self.target
        return not self.totals.registered and not self.totals.certified and no_target

    @property
    def target_is_yearly(self) -> bool:
        """For a month or a quarter the target shown is the year's."""
        return self.period.kind != "year"

    def breakdown(self, key: str) -> Breakdown:
        return next(item for item in self.breakdowns if item.key == key)

    def chart_spec(self) -> dict[str, Any]:
        """The main figures by scheme, for the page's bar chart (static/js/charts.js)."""
        rows = self.breakdown("scheme").rows
        return {
            "type": "bar",
            "labels": [row.key for row in rows],
            "series": [
                {"label": str(label), "data": [int(getattr(row, name) or 0) for row in rows], "color": color}
                for name, label, color in CHART_SERIES
            ],
            "integer": True,
        }


def breakdown_titles() -> dict[str, str]:
    return {
        "scheme": _("Per skema sertifikasi"),
        "site": _("Per TUK"),
        "assessor": _("Per asesor"),
        "funding": _("Per sumber anggaran"),
        "facilitator": _("Per instansi fasilitator"),
        "program": _("Peserta program pelatihan"),
    }


def report_events(organization: Organization, period: Period, scheme_code: str = "") -> QuerySet[TestEvent]:
    """The events whose candidates the report counts."""
    events = (
        events_visible_to(organization)
        .exclude(status=TestEvent.Status.CANCELLED)
        .filter(starts_on__gte=period.start, starts_on__lte=period.end)
    )
    if scheme_code:
        events = events.filter(scheme__code=scheme_code)
    return events


def counted_registrations(
    organization: Organization, period: Period, scheme_code: str = ""
) -> QuerySet[Registration]:
    return Registration.objects.filter(event__in=report_events(organization, period, scheme_code)).exclude(
        status__in=NOT_COUNTED
    )


def _grouped(registrations: QuerySet[Registration]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    columns = list(DIMENSIONS.values())
    figures = list(
        registrations.values(*columns)
        .annotate(
            registered=Count("pk"),
            tested=Count("pk", filter=Q(assessment__recommendation__in=TESTED)),
            competent=Count("pk", filter=Q(assessment__recommendation=Verdict.COMPETENT)),
        )
        .order_by()
    )
    certified = list(
        registrations.filter(Exists(Certificate.objects.filter(registration=OuterRef("pk"))))
        .values(*columns)
        .annotate(certified=Count("pk"))
        .order_by()
    )
    return figures, certified


def _targets(organization: Organization, period: Period, scheme_code: str) -> list[dict[str, Any]]:
    targets = Target.objects.filter(organization=organization, year=period.year)
    if scheme_code:
        targets = targets.filter(scheme__code=scheme_code)
    grouped = targets.values("scheme_id", "funding_id").annotate(quantity=Sum("quantity")).order_by()
    return [dict(row) for row in grouped]


def _group_labels(key: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    """(key, label) of each group of a breakdown, in one query."""
    if not ids:
        return {}
    if key == "scheme":
        return {s.pk: (s.code, f"{s.code} — {s.name}") for s in Scheme.objects.filter(pk__in=ids)}
    if key == "site":
        return {s.pk: (s.code, s.name) for s in TestSite.objects.filter(pk__in=ids)}
    if key == "funding":
        return {f.pk: (f.code, f.name) for f in FundingSource.objects.filter(pk__in=ids)}
    if key == "facilitator":
        return {o.pk: (str(o.public_id), o.name) for o in Organization.objects.filter(pk__in=ids)}
    if key == "program":
        return {p.pk: (p.code, f"{p.code} — {p.name}") for p in TrainingProgram.objects.filter(pk__in=ids)}
    assessors = Assessor.objects.filter(pk__in=ids).select_related("user")
    return {a.pk: (a.registration_number, f"{a.user.full_name} ({a.registration_number})") for a in assessors}


def _empty_labels() -> dict[str, str]:
    return {
        "funding": _("Tanpa sumber anggaran"),
        "facilitator": _("Tanpa instansi fasilitator"),
        "assessor": _("Tanpa asesor"),
        "site": _("Tanpa TUK"),
        "scheme": _("Tanpa skema"),
    }


def period_report(organization: Organization, period: Period, scheme: str | None = None) -> PeriodReport:
    """The report of `organization` for `period`, optionally of one scheme (by code)."""
    scheme_code = (scheme or "").strip()
    figures, certified = _grouped(counted_registrations(organization, period, scheme_code))
    targets = _targets(organization, period, scheme_code)

    sums: dict[str, dict[int | None, list[int]]] = {
        key: defaultdict(lambda: [0, 0, 0, 0]) for key in DIMENSIONS
    }
    totals = [0, 0, 0, 0]
    for row in figures:
        values = (row["registered"], row["tested"], row["competent"])
        for index, value in enumerate(values):
            totals[index] += value
        for key, column in DIMENSIONS.items():
            bucket = sums[key][row[column]]
            for index, value in enumerate(values):
                bucket[index] += value
    for row in certified:
        totals[3] += row["certified"]
        for key, column in DIMENSIONS.items():
            sums[key][row[column]][3] += row["certified"]
    target_by: dict[str, dict[int | None, int]] = {"scheme": defaultdict(int), "funding": defaultdict(int)}
    for row in targets:
        target_by["scheme"][row["scheme_id"]] += row["quantity"]
        target_by["funding"][row["funding_id"]] += row["quantity"]
    for key, by in target_by.items():
        for pk in by:
            sums[key].setdefault(pk, [0, 0, 0, 0])
    sums["program"].pop(None, None)
    assessor_none = sums["assessor"].get(None)
    if assessor_none is not None and not assessor_none[1] and not assessor_none[3]:
        del sums["assessor"][None]

    titles = breakdown_titles()
    empty = _empty_labels()
    breakdowns = []
    for key in BREAKDOWN_ORDER:
        labels = _group_labels(key, [pk for pk in sums[key] if pk is not None])
        rows = []
        for pk, (registered, tested, competent, certified_count) in sums[key].items():
            code, label = labels.get(pk, ("", "–")) if pk is not None else ("", empty.get(key, "–"))
            rows.append(
                Row(
                    key=code,
                    label=label,
                    registered=None if key == "assessor" else registered,
                    tested=tested,
                    competent=competent,
                    certified=certified_count,
                    target=target_by[key].get(pk, 0) if key in target_by else None,
                )
            )
        rows.sort(key=lambda item: (item.key == "", item.label.casefold()))
        breakdowns.append(
            Breakdown(
                key=key,
                title=titles[key],
                rows=rows,
                has_registered=key != "assessor",
                has_target=key in target_by,
            )
        )
    total = Row(
        key="",
        label=_("Jumlah"),
        registered=totals[0],
        tested=totals[1],
        competent=totals[2],
        certified=totals[3],
        target=sum(row["quantity"] for row in targets),
    )
    return PeriodReport(
        organization=organization, period=period, scheme_code=scheme_code, totals=total, breakdowns=breakdowns
    )


def report_schemes(organization: Organization) -> list[tuple[str, str]]:
    """(code, label) of the schemes of the organization's events and targets, for the scheme filter."""
    schemes = (
        Scheme.objects.filter(
            Q(events__in=events_visible_to(organization)) | Q(targets__organization=organization)
        )
        .values_list("code", "name")
        .distinct()
        .order_by("code")
    )
    seen: dict[str, str] = {}
    for code, name in schemes:
        seen.setdefault(code, f"{code} — {name}")
    return list(seen.items())


def head_of(organization: Organization) -> User | None:
    """The head of the organization who signs its reports, if one holds the role today."""
    assignments = (
        RoleAssignment.objects.active()
        .filter(organization=organization, role__key__in=HEAD_ROLES)
        .select_related("user", "role")
    )
    found = sorted(
        assignments, key=lambda item: (HEAD_ROLES.index(item.role.key), item.capacity != "definitive")
    )
    return found[0].user if found else None


def head_title(organization: Organization, head: User | None) -> str:
    if head is None:
        return ""
    for assignment in active_assignments(head):
        if assignment.organization_id == organization.pk and assignment.role.key in HEAD_ROLES:
            return assignment.role.name
    return ""


def may_see_export(user: User, export: ReportExport) -> bool:
    """The requester, or anyone who may see the reports of the export's organization."""
    if not user.is_authenticated:
        return False
    return export.requested_by_id == user.pk or has_permission(user, VIEW, export.organization)


def export_for(user: User, public_id: Any) -> ReportExport | None:
    export = (
        ReportExport.objects.select_related("organization", "file", "requested_by")
        .filter(public_id=public_id)
        .first()
    )
    if export is None or not may_see_export(user, export):
        return None
    return export
