"""Reads of the register and the case list, and what the case page shows of the case and its SOP run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ujikom.core.access import has_permission
from ujikom.core.models import Organization, RoleAssignment, User
from ujikom.sop import engine
from ujikom.sop.models import StepRun

from . import sop_binding
from .access import LEAD, RECORD
from .models import Company, FollowUpVisit, GuidanceCase


@dataclass(frozen=True)
class CompanyFilter:
    query: str = ""
    sector: str = ""
    size: str = ""
    active: str = ""  # "1" active only, "0" inactive only, "" all


@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    company: str = ""  # public id
    officer: str = ""  # public id
    year: int | None = None


def company_rows(organization: Organization, filters: CompanyFilter) -> QuerySet[Company]:
    """The office's register, filtered, each with its number of cases and its latest case's status."""
    latest = GuidanceCase.objects.filter(company=OuterRef("pk")).order_by("-requested_on", "-id")
    companies = Company.objects.filter(organization=organization)
    if filters.query:
        companies = companies.filter(name__icontains=filters.query)
    if filters.sector:
        companies = companies.filter(sector=filters.sector)
    if filters.size:
        companies = companies.filter(size=filters.size)
    if filters.active in ("0", "1"):
        companies = companies.filter(is_active=filters.active == "1")
    return companies.annotate(
        case_count=Count("cases"),
        latest_status=Subquery(latest.values("status")[:1]),
    ).order_by("name", "id")


def company_cases(company: Company) -> list[GuidanceCase]:
    return list(company.cases.select_related("officer").order_by("-requested_on", "-id"))


def case_rows(organization: Organization, filters: CaseFilter) -> QuerySet[GuidanceCase]:
    """The office's cases, filtered, each with the step its run is at and when that step is due."""
    active = StepRun.objects.filter(run=OuterRef("run"), status=StepRun.Status.ACTIVE).order_by("started_at")
    cases = GuidanceCase.objects.filter(organization=organization).select_related("company", "officer")
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.company:
        cases = cases.filter(company__public_id=filters.company)
    if filters.officer:
        cases = cases.filter(officer__public_id=filters.officer)
    if filters.year:
        cases = cases.annotate(year=ExtractYear("requested_on")).filter(year=filters.year)
    return cases.annotate(
        active_step_number=Subquery(active.values("step__number")[:1]),
        active_step_action=Subquery(active.values("step__action")[:1]),
        active_due_at=Subquery(active.values("due_at")[:1]),
    ).order_by("-requested_on", "-id")


def stage_label(action: str | None) -> str:
    stage = sop_binding.STAGE_BY_ACTION.get(action or "")
    return str(stage.label) if stage is not None else ""


def case_years(organization: Organization) -> list[int]:
    return sorted(
        {
            day.year
            for day in GuidanceCase.objects.filter(organization=organization).dates("requested_on", "year")
        },
        reverse=True,
    )


def officers_of(organization: Organization) -> list[User]:
    """The people who may record the work of a case in the office: who a case can be assigned to."""
    assignments = (
        RoleAssignment.objects.active()
        .filter(organization=organization)
        .select_related("user", "role")
        .order_by("user__full_name", "user__pk")
    )
    people: dict[int, User] = {}
    for assignment in assignments:
        if RECORD in (assignment.role.permissions or []):
            people.setdefault(assignment.user.pk, assignment.user)
    return list(people.values())


def active_companies(organization: Organization) -> list[Company]:
    return list(Company.objects.filter(organization=organization, is_active=True).order_by("name", "id"))


def visits_of(case: GuidanceCase) -> list[FollowUpVisit]:
    return list(case.visits.select_related("officer").order_by("visited_on", "id"))


@dataclass(frozen=True)
class StageState:
    stage: sop_binding.Stage
    state: str  # "done" | "active" | "waiting"


def stage_states(step_runs: list[StepRun]) -> list[StageState]:
    """Each stage of the case page, done or active as the run's step runs bound to it say."""
    done: set[str] = set()
    active: set[str] = set()
    for step_run in step_runs:
        action = step_run.step.action
        if step_run.status == StepRun.Status.DONE:
            done.add(action)
        elif step_run.status in (StepRun.Status.ACTIVE, StepRun.Status.WAITING):
            active.add(action)
    states = []
    for stage in sop_binding.STAGES:
        if stage.action in active:
            state = "active"
        elif stage.action in done:
            state = "done"
        else:
            state = "waiting"
        states.append(StageState(stage, state))
    return states


def case_page(case: GuidanceCase, user: User) -> dict[str, Any]:
    """What the case page shows of the case itself and of its SOP run."""
    step_runs = engine.step_runs_of(case.run) if case.run is not None else []
    stage = next(
        (
            sop_binding.STAGE_BY_ACTION.get(step_run.step.action)
            for step_run in step_runs
            if step_run.status == StepRun.Status.ACTIVE
        ),
        None,
    )
    return {
        "case": case,
        "company": case.company,
        "run": case.run,
        "step_runs": step_runs,
        "stages": stage_states(step_runs),
        "active_stage": stage,
        "can_record": has_permission(user, RECORD, case.organization),
        "can_lead": has_permission(user, LEAD, case.organization),
        "is_open": case.status == GuidanceCase.Status.OPEN,
        "figures": list(case.figures.all()),
        "visits": visits_of(case),
        "done_actions": {
            step_run.step.action for step_run in step_runs if step_run.status == StepRun.Status.DONE
        },
        "now": timezone.now(),
        "bound_run": any(step_run.step.action.startswith("productivity.") for step_run in step_runs),
    }
