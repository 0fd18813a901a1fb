"""Reading an event's results: the current unit results, the overall recommendation, the lock.

The rule of the overall recommendation lives here only: a candidate is recommended K when every
unit of the event's scheme has a current K; BK as soon as every unit has a result and one is BK;
nothing while a unit has none. Every part that shows or uses results reads them through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from ujikom.registry.models import CompetencyUnit
from ujikom.scheduling.models import Registration, TestEvent

from .models import Assessment, Minutes, UnitResult, Verdict


def scheme_units(event: TestEvent) -> list[CompetencyUnit]:
    return list(CompetencyUnit.objects.filter(scheme_id=event.scheme_id).order_by("position", "code"))


def overall(units: list[CompetencyUnit], verdicts: dict[int, str]) -> str:
    """K, BK or "" from the verdicts by unit id of the units of the scheme."""
    if not units or any(unit.pk not in verdicts for unit in units):
        return ""
    if all(verdicts[unit.pk] == Verdict.COMPETENT for unit in units):
        return Verdict.COMPETENT.value
    return Verdict.NOT_YET_COMPETENT.value


def current_verdicts(assessment: Assessment) -> dict[int, str]:
    return dict(
        UnitResult.objects.filter(assessment=assessment, is_current=True).values_list("unit_id", "verdict")
    )


def refresh_recommendation(assessment: Assessment) -> str:
    """Set the assessment's recommendation to what its current unit results give; returns it."""
    event = assessment.registration.event
    value = overall(scheme_units(event), current_verdicts(assessment))
    if value != assessment.recommendation:
        assessment.recommendation = value
        assessment.save(update_fields=["recommendation", "updated_at"])
    return value


def results_locked(event: TestEvent) -> bool:
    return Minutes.objects.filter(event=event, locked_at__isnull=False).exists()


def tested_registrations(event: TestEvent) -> list[Registration]:
    """Accepted candidates of the event, in name order (the rows of every results document)."""
    return list(
        Registration.objects.filter(event=event, status=Registration.Status.ACCEPTED).order_by(
            "full_name", "id"
        )
    )


@dataclass
class ResultRow:
    registration: Registration
    assessment: Assessment | None
    verdicts: dict[int, UnitResult] = field(default_factory=dict)  # unit id -> current result

    @property
    def recommendation(self) -> str:
        return self.assessment.recommendation if self.assessment is not None else ""


def result_rows(event: TestEvent) -> list[ResultRow]:
    """One row per accepted candidate with the current result of each unit; a fixed number of queries."""
    current = Prefetch(
        "assessment__unit_results",
        queryset=UnitResult.objects.filter(is_current=True).select_related("unit", "assessor__user"),
        to_attr="current_results",
    )
    registrations = (
        Registration.objects.filter(event=event, status=Registration.Status.ACCEPTED)
        .select_related("assessment__assessor__user")
        .prefetch_related(current)
        .order_by("full_name", "id")
    )
    rows = []
    for registration in registrations:
        assessment = getattr(registration, "assessment", None)
        results = getattr(assessment, "current_results", []) if assessment is not None else []
        rows.append(ResultRow(registration, assessment, {result.unit_id: result for result in results}))
    return rows


def competent_registrations(event: TestEvent) -> list[Registration]:
    """Candidates recommended K (every unit K), in name order."""
    return [row.registration for row in result_rows(event) if row.recommendation == Verdict.COMPETENT]
