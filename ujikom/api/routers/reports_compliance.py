"""/api/v1/reports/… of the compliance part: SOP time compliance per SOP and step, and the late
runs of one step, with the same figures as the page /laporan/kepatuhan-waktu/ (`reports.view`)."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ujikom.core.models import Organization
from ujikom.reports import selectors_compliance as selectors
from ujikom.reports.scope import Period, chosen_organization
from ujikom.sop.models import StepRun

from ..auth import caller
from ..errors import InputError
from ..schemas import Message, ValidationErrors

router = Router(tags=["Laporan: kepatuhan waktu SOP"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}
MAX_LIMIT = 200


class PeriodFilters(Schema):
    organization: str = Field("", description="public_id organisasi; kosong: organisasi aktif Anda")
    period: str = Field("", description="month, quarter atau year (bawaan: year)")
    year: str = Field("", description="tahun, mis. 2026 (bawaan: tahun ini)")
    number: str = Field("", description="bulan 1–12 atau triwulan 1–4")


class ComplianceFilters(PeriodFilters):
    sop: str = Field("", description="public_id atau nomor SOP organisasi; kosong: semua SOP")


class LateFilters(PeriodFilters):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class OrganizationOut(Schema):
    public_id: uuid.UUID
    code: str
    name: str


class PeriodOut(Schema):
    period: str
    year: int
    number: int
    label: str
    start: dt.date
    end: dt.date


class StepOut(Schema):
    step_id: int
    sop_code: str
    number: int
    name: str
    time_text: str
    step_runs: int
    runs: int
    median_seconds: float | None
    p90_seconds: float | None
    standard_seconds: int | None
    median_over_standard: float | None
    late: int
    with_standard: int = Field(description="langkah selesai yang mempunyai standar waktu")
    late_share: float | None = Field(description="0–1; null bila tidak ada yang mempunyai standar")
    bottleneck_rank: int | None
    is_bottleneck: bool
    late_runs_url: str


class SopOut(Schema):
    public_id: uuid.UUID
    code: str
    name: str
    steps: list[StepOut]


class ComplianceOut(Schema):
    organization: OrganizationOut
    period: PeriodOut
    sop: str | None
    ranking_rule: str
    empty: bool
    message: str
    slowest: StepOut | None
    sops: list[SopOut]


class HolderOut(Schema):
    activity: str
    actor: str
    claimed_by: str
    completed_by: str
    offered_to: str


class LateRunOut(Schema):
    run_public_id: uuid.UUID
    run_title: str
    subject: str
    iteration: int
    started_at: dt.datetime
    completed_at: dt.datetime | None
    working_seconds: int | None
    standard_seconds: int | None
    overdue_seconds: int
    holders: list[HolderOut]


class LateRunsOut(Schema):
    organization: OrganizationOut
    period: PeriodOut
    sop_code: str
    step_number: int
    step_name: str
    total: int
    message: str
    late_runs: list[LateRunOut]


def _organization(organization: Organization) -> dict[str, object]:
    return {"public_id": organization.public_id, "code": organization.code, "name": organization.name}


def _period(period: Period) -> dict[str, object]:
    return {
        "period": period.kind,
        "year": period.year,
        "number": period.number,
        "label": period.label,
        "start": period.start,
        "end": period.end,
    }


def _parse_period(filters: PeriodFilters) -> Period:
    try:
        return Period.parse(filters.period or None, filters.year or None, filters.number or None)
    except ValidationError as error:
        raise InputError(
            (f"query.{name}", message)
            for name, messages in error.message_dict.items()
            for message in messages
        ) from error


def _step(step: selectors.StepFigures, query: str) -> dict[str, object]:
    return {
        "step_id": step.step_id,
        "sop_code": step.sop_code,
        "number": step.number,
        "name": step.name,
        "time_text": step.time_text,
        "step_runs": step.step_runs,
        "runs": step.runs,
        "median_seconds": step.median,
        "p90_seconds": step.p90,
        "standard_seconds": step.standard,
        "median_over_standard": step.ratio,
        "late": step.late,
        "with_standard": step.judged,
        "late_share": step.late_share,
        "bottleneck_rank": step.rank,
        "is_bottleneck": step.is_bottleneck,
        "late_runs_url": reverse("api:sop_compliance_late", args=[step.step_id]) + "?" + query,
    }


@router.get(
    "/reports/sop-compliance",
    response={200: ComplianceOut, **ERRORS},
    summary="Kepatuhan waktu SOP: per SOP dan langkah, median dan persentil 90 terhadap standar",
)
def sop_compliance(request: HttpRequest, filters: Query[ComplianceFilters]) -> dict[str, object]:
    user = caller(request)
    organization = chosen_organization(
        user, filters.organization or None, getattr(request, "organization", None)
    )
    period = _parse_period(filters)
    try:
        sop = selectors.sop_of(organization, filters.sop)
    except ValidationError as error:
        raise InputError([("query.sop", message) for message in error.message_dict["sop"]]) from error
    report = selectors.compliance(organization, period, sop)
    query = urlencode({**period.as_params(), "organization": str(organization.public_id)})
    return {
        "organization": _organization(organization),
        "period": _period(period),
        "sop": sop.code if sop else None,
        "ranking_rule": selectors.ranking_rule(),
        "empty": report.is_empty,
        "message": _("Tidak ada data untuk filter ini.") if report.is_empty else "",
        "slowest": _step(report.slowest, query) if report.slowest else None,
        "sops": [
            {
                "public_id": sop_figures.public_id,
                "code": sop_figures.code,
                "name": sop_figures.name,
                "steps": [_step(step, query) for step in sop_figures.steps],
            }
            for sop_figures in report.sops
        ],
    }


def _late_run(step_run: StepRun) -> dict[str, object]:
    run = step_run.run
    return {
        "run_public_id": run.public_id,
        "run_title": run.title,
        "subject": run.subject_label,
        "iteration": step_run.iteration,
        "started_at": step_run.started_at,
        "completed_at": step_run.completed_at,
        "working_seconds": step_run.working_seconds,
        "standard_seconds": step_run.standard_seconds,
        "overdue_seconds": (step_run.working_seconds or 0) - (step_run.standard_seconds or 0),
        "holders": [holder.__dict__ for holder in selectors.holders_of(step_run)],
    }


@router.get(
    "/reports/sop-compliance/steps/{step_id}/late",
    response={200: LateRunsOut, **ERRORS},
    url_name="sop_compliance_late",
    summary="Pelaksanaan yang terlambat pada satu langkah SOP, dengan pemegang tugasnya",
)
def sop_compliance_late(request: HttpRequest, step_id: int, filters: Query[LateFilters]) -> dict[str, object]:
    user = caller(request)
    step = selectors.step_of(step_id)
    if step is None:
        raise Http404(_("Langkah SOP tidak ditemukan."))
    organization = chosen_organization(user, str(step.version.sop.organization.public_id), None)
    if filters.organization and filters.organization != str(organization.public_id):
        raise InputError([("query.organization", _("Langkah ini bukan milik organisasi tersebut."))])
    period = _parse_period(filters)
    found = selectors.late_step_runs(organization, period, step)
    total = found.count()
    rows = list(found[filters.offset : filters.offset + filters.limit])
    return {
        "organization": _organization(organization),
        "period": _period(period),
        "sop_code": step.version.sop.code,
        "step_number": step.number,
        "step_name": selectors.step_name(step),
        "total": total,
        "message": "" if total else _("Tidak ada data untuk filter ini."),
        "late_runs": [_late_run(step_run) for step_run in rows],
    }
