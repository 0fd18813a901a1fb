"""SOP time compliance: how long each SOP step took against its time standard, which steps hold
the work up, and the late runs of a step with the people who held them.

Figures of a step cover its step runs that are done and were completed within the period, in the
runs of the organization. Steps are grouped by SOP and step number, so the versions of an SOP add
up; a step is named after its latest version. Per step: step runs, distinct runs, median and 90th
percentile of working time (continuous percentiles, as PostgreSQL's `percentile_cont`), the
standard (the median of the standard recorded on each step run: a standard in days is counted on
the working calendar of the day it started), median over standard, and the share late (late
among the step runs that have a standard).

Bottleneck ranking, within each SOP: median over standard, largest first; ties by share late, then
by median. Steps without a standard are not ranked. A step is a bottleneck when its median exceeds
its standard. The slowest step is the one with the highest median working time.

On PostgreSQL everything is computed in one grouped query; elsewhere (SQLite, in tests) the counts
come from the same grouped query and the percentiles from the grouped working times in Python.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.models import Organization
from ujikom.sop.models import Sop, SopActivity, SopStep, StepRun, Task

from .scope import Period

NAME_LENGTH = 120


class _Percentile(Aggregate):
    """`percentile_cont(f) WITHIN GROUP (ORDER BY x)` (or `percentile_disc`), PostgreSQL only."""

    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: str, *, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must lie between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


class PercentileCont(_Percentile):
    function = "percentile_cont"
    output_field = FloatField()


class PercentileDisc(_Percentile):
    function = "percentile_disc"
    output_field = IntegerField()


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The continuous percentile of sorted `values`, interpolated as PostgreSQL's percentile_cont."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    lower = math.floor(position)
    upper = math.ceil(position)
    if lower == upper:
        return float(values[lower])
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def percentile_disc(values: Sequence[int], fraction: float) -> int | None:
    """The first of sorted `values` whose cumulative share reaches `fraction` (percentile_disc)."""
    if not values:
        return None
    index = max(math.ceil(fraction * len(values)) - 1, 0)
    return values[index]


@dataclass
class StepFigures:
    """One step (SOP and step number) of the compliance table."""

    sop_id: int
    number: int
    step_id: int = 0
    position: int = 0
    name: str = ""
    time_text: str = ""
    step_runs: int = 0
    runs: int = 0
    median: float | None = None
    p90: float | None = None
    standard: int | None = None
    late: int = 0
    judged: int = 0
    rank: int | None = None
    sop_code: str = ""
    sop_name: str = ""

    @property
    def ratio(self) -> float | None:
        """Median working time over the standard (None without a standard)."""
        if self.median is None or not self.standard:
            return None
        return self.median / self.standard

    @property
    def late_share(self) -> float | None:
        """Late step runs among those with a standard, 0–1 (None when none has a standard)."""
        return self.late / self.judged if self.judged else None

    @property
    def late_percent(self) -> float | None:
        share = self.late_share
        return None if share is None else round(share * 100, 1)

    @property
    def late_bar(self) -> int:
        """The share late as a whole percentage, for the bar."""
        share = self.late_share
        return 0 if share is None else round(share * 100)

    @property
    def is_bottleneck(self) -> bool:
        ratio = self.ratio
        return ratio is not None and ratio > 1


@dataclass
class SopFigures:
    """One SOP's table: its steps in step order."""

    sop_id: int
    public_id: uuid.UUID
    code: str
    name: str
    steps: list[StepFigures] = field(default_factory=list)

    @property
    def bottlenecks(self) -> list[StepFigures]:
        """Its bottleneck steps, in ranking order."""
        ranked = sorted((step for step in self.steps if step.rank is not None), key=lambda s: s.rank or 0)
        return [step for step in ranked if step.is_bottleneck]


@dataclass
class ComplianceReport:
    organization: Organization
    period: Period
    sop: Sop | None
    sops: list[SopFigures]
    slowest: StepFigures | None

    @property
    def is_empty(self) -> bool:
        return not self.sops


def ranking_rule() -> str:
    """How the steps are ranked, as the page says it."""
    return _(
        "Peringkat hambatan dalam tiap SOP: median waktu kerja dibagi standar, terbesar dahulu; bila sama, "
        "porsi terlambat terbesar, lalu median terbesar. Langkah bertanda «Hambatan» mediannya melebihi "
        "standar. Langkah tanpa standar waktu tidak diberi peringkat."
    )


def period_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) moments in the current time zone (Asia/Jakarta)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def sops_of(organization: Organization) -> list[Sop]:
    """The organization's SOPs, by code (the SOP filter)."""
    return list(Sop.objects.filter(organization=organization).order_by("code"))


def sop_of(organization: Organization, wanted: str | None) -> Sop | None:
    """The organization's SOP named by public id or code; None when none is asked for.
    ValidationError (field `sop`) when it names no SOP of the organization."""
    wanted = (wanted or "").strip()
    if not wanted:
        return None
    sops = Sop.objects.filter(organization=organization)
    try:
        found = sops.filter(public_id=uuid.UUID(wanted)).first()
    except ValueError:
        found = sops.filter(code=wanted).first()
    if found is None:
        raise ValidationError(
            {
                "sop": _("SOP %(value)s tidak ada di %(organization)s.")
                % {"value": wanted, "organization": organization.name}
            }
        )
    return found


def done_step_runs(organization: Organization, period: Period, sop: Sop | None = None) -> QuerySet[StepRun]:
    """The step runs counted: done, completed within the period, in runs of the organization."""
    start, end = period_bounds(period)
    step_runs = StepRun.objects.filter(
        run__organization=organization,
        status=StepRun.Status.DONE,
        completed_at__gte=start,
        completed_at__lt=end,
        working_seconds__isnull=False,
    )
    if sop is not None:
        step_runs = step_runs.filter(step__version__sop=sop)
    return step_runs


def _grouped(step_runs: QuerySet[StepRun], with_percentiles: bool) -> list[dict[str, Any]]:
    aggregates: dict[str, Any] = {
        "n_step_runs": Count("pk"),
        "n_runs": Count("run_id", distinct=True),
        "n_late": Count("pk", filter=Q(late=True)),
        "n_judged": Count("pk", filter=Q(late__isnull=False)),
        "latest_step": Max("step_id"),
    }
    if with_percentiles:
        aggregates["median"] = PercentileCont("working_seconds", fraction=0.5)
        aggregates["p90"] = PercentileCont("working_seconds", fraction=0.9)
        aggregates["standard"] = PercentileDisc("standard_seconds", fraction=0.5)
    rows = (
        step_runs.values(group_sop=F("step__version__sop_id"), group_number=F("step__number"))
        .annotate(**aggregates)
        .order_by()
    )
    return [dict(row) for row in rows]


def _percentiles_in_python(step_runs: QuerySet[StepRun], groups: dict[tuple[int, int], StepFigures]) -> None:
    """Median, 90th percentile and standard of each group, from one ordered read of its times."""
    worked: dict[tuple[int, int], list[int]] = defaultdict(list)
    standards: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = step_runs.values_list(
        "step__version__sop_id", "step__number", "working_seconds", "standard_seconds"
    ).order_by()
    for sop_id, number, working, standard in rows:
        worked[(sop_id, number)].append(working or 0)
        if standard is not None:
            standards[(sop_id, number)].append(standard)
    for key, figures in groups.items():
        times = sorted(worked[key])
        figures.median = percentile_cont(times, 0.5)
        figures.p90 = percentile_cont(times, 0.9)
        figures.standard = percentile_disc(sorted(standards[key]), 0.5)


def _describe(groups: dict[tuple[int, int], StepFigures]) -> dict[int, SopFigures]:
    """Name each step after its latest version's step (its first activity), and gather the SOPs."""
    first_text = SopActivity.objects.filter(step=OuterRef("pk")).order_by("position").values("text")[:1]
    steps = (
        SopStep.objects.filter(pk__in=[figures.step_id for figures in groups.values()])
        .select_related("version__sop")
        .annotate(first_text=Subquery(first_text))
    )
    sops: dict[int, SopFigures] = {}
    by_id = {figures.step_id: figures for figures in groups.values()}
    for step in steps:
        figures = by_id[step.pk]
        sop = step.version.sop
        figures.position = step.position
        figures.name = _short((getattr(step, "first_text", None) or "").strip()) or str(step)
        figures.time_text = step.time_text
        figures.sop_code = sop.code
        figures.sop_name = sop.name
        sops.setdefault(sop.pk, SopFigures(sop.pk, sop.public_id, sop.code, sop.name))
    return sops


def _short(text: str) -> str:
    """The text on one line, cut at a word boundary when longer than NAME_LENGTH."""
    text = " ".join(text.split())
    if len(text) <= NAME_LENGTH:
        return text
    cut = text[: NAME_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _rank(steps: Iterable[StepFigures]) -> None:
    ranked = sorted(
        (step for step in steps if step.ratio is not None),
        key=lambda s: (-(s.ratio or 0), -(s.late_share or 0), -(s.median or 0), s.position),
    )
    for rank, step in enumerate(ranked, start=1):
        step.rank = rank


def compliance(organization: Organization, period: Period, sop: Sop | None = None) -> ComplianceReport:
    """The time compliance of the organization's SOP steps in the period (optionally one SOP).

    Two queries on PostgreSQL (grouped figures, step names) and three elsewhere (and the grouped
    working times), whatever the number of runs.
    """
    step_runs = done_step_runs(organization, period, sop)
    in_database = connection.vendor == "postgresql"
    groups: dict[tuple[int, int], StepFigures] = {}
    for row in _grouped(step_runs, with_percentiles=in_database):
        figures = StepFigures(
            sop_id=row["group_sop"],
            number=row["group_number"],
            step_id=row["latest_step"],
            step_runs=row["n_step_runs"],
            runs=row["n_runs"],
            late=row["n_late"],
            judged=row["n_judged"],
        )
        if in_database:
            figures.median = row["median"]
            figures.p90 = row["p90"]
            figures.standard = row["standard"]
        groups[(figures.sop_id, figures.number)] = figures
    if not groups:
        return ComplianceReport(organization, period, sop, [], None)
    if not in_database:
        _percentiles_in_python(step_runs, groups)
    sops = _describe(groups)
    for figures in sorted(groups.values(), key=lambda s: (s.position, s.number)):
        sops[figures.sop_id].steps.append(figures)
    ordered = sorted(sops.values(), key=lambda s: (s.code, s.sop_id))
    for sop_figures in ordered:
        _rank(sop_figures.steps)
    every_step = [step for sop_figures in ordered for step in sop_figures.steps]
    slowest = max(every_step, key=lambda s: (s.median or 0, s.p90 or 0), default=None)
    return ComplianceReport(organization, period, sop, ordered, slowest)


# ---- Drill-down: the late runs of one step ------------------------------------------------------


def step_of(step_id: int) -> SopStep | None:
    """The step a drill-down names, with its SOP and first activity."""
    first_text = SopActivity.objects.filter(step=OuterRef("pk")).order_by("position").values("text")[:1]
    return (
        SopStep.objects.filter(pk=step_id)
        .select_related("version__sop__organization")
        .annotate(first_text=Subquery(first_text))
        .first()
    )


def step_name(step: SopStep) -> str:
    return _short((getattr(step, "first_text", None) or "").strip()) or str(step)


def late_step_runs(organization: Organization, period: Period, step: SopStep) -> QuerySet[StepRun]:
    """The late step runs of `step` (any version of its SOP, same step number) completed in the
    period in runs of the organization, latest first, with their run and tasks' holders."""
    tasks = Task.objects.select_related(
        "activity__actor",
        "claimed_by",
        "completed_by",
        "candidate_role",
        "candidate_organization",
        "run_actor",
    ).prefetch_related("run_actor__users")
    return (
        done_step_runs(organization, period)
        .filter(step__version__sop_id=step.version.sop_id, step__number=step.number, late=True)
        .select_related("run__version", "step")
        .prefetch_related(Prefetch("tasks", queryset=tasks.order_by("activity__position", "pk")))
        .order_by("-completed_at", "-pk")
    )


@dataclass(frozen=True)
class Holder:
    """Who held one task of a late step: the people who claimed and completed it, and to whom it
    was offered."""

    activity: str
    actor: str
    claimed_by: str
    completed_by: str
    offered_to: str


def holders_of(step_run: StepRun) -> list[Holder]:
    """The holders of a late step run's tasks (from the prefetched tasks: no query)."""
    holders = []
    for task in step_run.tasks.all():
        if task.candidate_role_id is not None:
            offered = _("%(role)s di %(organization)s") % {
                "role": task.candidate_role.name if task.candidate_role else "",
                "organization": task.candidate_organization.display_name,
            }
        else:
            offered = ", ".join(str(person) for person in task.run_actor.users.all()) or _(
                "(belum ditentukan)"
            )
        holders.append(
            Holder(
                activity=_short(task.activity.text),
                actor=task.activity.actor.name,
                claimed_by=str(task.claimed_by) if task.claimed_by else "",
                completed_by=str(task.completed_by) if task.completed_by else "",
                offered_to=offered,
            )
        )
    return holders
