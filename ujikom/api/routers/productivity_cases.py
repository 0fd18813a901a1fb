"""/api/v1/productivity/cases: guidance cases from opening to the closing report, with the same
permissions as the case pages.

A case is named by its public_id; one of another office is "not found". Reading needs
`productivity.view`; recording the identification, visits and finishing a stage `productivity.record`;
opening, closing and cancelling a case `productivity.lead`. Each case is a run of SOP
PSM/DISNAKER-08: finishing a stage signs off the tasks of its step that the caller plays.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from ujikom.core.models import User
from ujikom.documents.responses import file_response
from ujikom.productivity import access
from ujikom.productivity import services_analysis as analysis_services
from ujikom.productivity import services_cases as services
from ujikom.productivity import services_closing as closing_services
from ujikom.productivity.indicators import INDICATORS
from ujikom.productivity.models import Company, FollowUpVisit, GuidanceCase
from ujikom.productivity.selectors_report import productivity_report
from ujikom.productivity.services_cases import FigureInput
from ujikom.productivity.sop_binding import STAGE_BY_ACTION, active_stage, stage_actor_names
from ujikom.sop import engine
from ujikom.sop.models import Run, Task
from ujikom.sop.templatetags.sop_runs import working_time

from ..auth import caller
from ..errors import input_error, service_errors
from ..lookups import changes_of
from ..schemas import Input
from .productivity_analysis import (
    ActionOut,
    CauseOut,
    EvaluationOut,
    MeasurementOut,
    cause_tree,
    evaluation_out,
    measurement_out,
    plan_of,
)
from .productivity_companies import (
    ERRORS,
    MAX_LIMIT,
    CaseSummaryOut,
    OfficeOut,
    PersonName,
    case_summary,
    office_filter,
    office_out,
    person_out,
    stage_key,
    with_active_steps,
)

router = Router(tags=["Produktivitas: kasus bimbingan"])

NO_CONTENT: dict[int, type[Schema] | None] = {204: None, **ERRORS}


# ---- the whole case --------------------------------------------------------------------------------


class FigureOut(Schema):
    label: str
    value: Decimal
    unit: str
    source: str


class IdentificationOut(Schema):
    identified_on: dt.date | None
    problem_statement: str
    identification_notes: str
    figures: list[FigureOut]


class VisitOut(Schema):
    id: int
    visited_on: dt.date
    officer: PersonName
    met_with: str
    findings: str
    next_steps: str


class TaskOut(Schema):
    public_id: uuid.UUID
    activity: str
    offered_to: str
    status: str
    status_label: str
    completed_by: PersonName | None
    completed_at: dt.datetime | None


class StepOut(Schema):
    number: int
    stage: str | None = Field(description="tahap kasus yang terikat pada langkah ini")
    stage_label: str | None
    status: str
    status_label: str
    started_at: dt.datetime
    due_at: dt.datetime | None
    completed_at: dt.datetime | None
    working_seconds: int | None
    working_time: str = Field(description='mis. "1 hari kerja 2 jam"')
    standard_seconds: int | None
    standard_time: str
    late: bool | None
    tasks: list[TaskOut]


class RunOut(Schema):
    public_id: uuid.UUID
    sop: str
    version: int
    status: str
    status_label: str
    started_at: dt.datetime
    completed_at: dt.datetime | None
    active_stage: str | None
    active_stage_label: str | None
    steps: list[StepOut]


class ClosingOut(Schema):
    closed_on: dt.date | None
    closing_summary: str
    closing_report: str | None = Field(
        description="alamat API unduhan laporan penutup (PDF); null bila belum"
    )
    cancel_reason: str


class CaseOut(Schema):
    public_id: uuid.UUID
    number: str
    title: str
    organization: OfficeOut
    company: uuid.UUID
    company_name: str
    origin: str
    origin_label: str
    requested_on: dt.date
    request_summary: str
    output_unit: str
    officer: PersonName | None
    opened_by: PersonName | None
    status: str
    status_label: str
    identification: IdentificationOut
    measurements: list[MeasurementOut]
    causes: list[CauseOut]
    plan: list[ActionOut]
    visits: list[VisitOut]
    evaluation: EvaluationOut | None
    run: RunOut | None
    closing: ClosingOut


def visit_out(visit: FollowUpVisit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "visited_on": visit.visited_on,
        "officer": person_out(visit.officer),
        "met_with": visit.met_with,
        "findings": visit.findings,
        "next_steps": visit.next_steps,
    }


def _task_out(task: Task) -> dict[str, Any]:
    return {
        "public_id": task.public_id,
        "activity": task.activity.text,
        "offered_to": task.activity.actor.name,
        "status": task.status,
        "status_label": task.get_status_display(),
        "completed_by": person_out(task.completed_by),
        "completed_at": task.completed_at,
    }


def run_out(case: GuidanceCase) -> dict[str, Any] | None:
    run = case.run
    if run is None:
        return None
    stage = active_stage(case)
    steps = []
    for step_run in engine.step_runs_of(run):
        bound = STAGE_BY_ACTION.get(step_run.step.action)
        steps.append(
            {
                "number": step_run.step.number,
                "stage": stage_key(bound.action) if bound else None,
                "stage_label": str(bound.label) if bound else None,
                "status": step_run.status,
                "status_label": step_run.get_status_display(),
                "started_at": step_run.started_at,
                "due_at": step_run.due_at,
                "completed_at": step_run.completed_at,
                "working_seconds": step_run.working_seconds,
                "working_time": working_time(step_run.working_seconds),
                "standard_seconds": step_run.standard_seconds,
                "standard_time": working_time(step_run.standard_seconds),
                "late": step_run.late,
                "tasks": [_task_out(task) for task in step_run.tasks.all()],
            }
        )
    return {
        "public_id": run.public_id,
        "sop": run.version.sop.code,
        "version": run.version.number,
        "status": run.status,
        "status_label": run.get_status_display(),
        "started_at": run.started_at,
        "completed_at": run.completed_at,
        "active_stage": stage_key(stage.action) if stage else None,
        "active_stage_label": str(stage.label) if stage else None,
        "steps": steps,
    }


def report_path(case: GuidanceCase) -> str | None:
    if case.closing_report_id is None:
        return None
    return f"/api/v1/productivity/cases/{case.public_id}/closing-report"


def case_record(case: GuidanceCase) -> dict[str, Any]:
    """All of the case, as the case page shows it."""
    return {
        **{
            key: value
            for key, value in case_summary(case).items()
            if key in {"public_id", "number", "title", "organization", "company", "company_name"}
        },
        "origin": case.origin,
        "origin_label": case.get_origin_display(),
        "requested_on": case.requested_on,
        "request_summary": case.request_summary,
        "output_unit": case.output_unit,
        "officer": person_out(case.officer),
        "opened_by": person_out(case.opened_by),
        "status": case.status,
        "status_label": case.get_status_display(),
        "identification": {
            "identified_on": case.identified_on,
            "problem_statement": case.problem_statement,
            "identification_notes": case.identification_notes,
            "figures": [
                {"label": f.label, "value": f.value, "unit": f.unit, "source": f.source}
                for f in case.figures.all()
            ],
        },
        "measurements": [measurement_out(m) for m in case.measurements.all()],
        "causes": cause_tree(case),
        "plan": plan_of(case),
        "visits": [visit_out(v) for v in case.visits.select_related("officer")],
        "evaluation": evaluation_out(case),
        "run": run_out(case),
        "closing": {
            "closed_on": case.closed_on,
            "closing_summary": case.closing_summary,
            "closing_report": report_path(case),
            "cancel_reason": case.cancel_reason,
        },
    }


def _case(user: User, public_id: uuid.UUID) -> GuidanceCase:
    """The case as read back after a change (VIEW)."""
    case = access.case_for(user, public_id)
    if case.run is not None:
        case.run = Run.objects.select_related("version__sop").get(pk=case.run.pk)
    return case


@router.get(
    "/productivity/cases/{public_id}", response={200: CaseOut, **ERRORS}, summary="Rincian kasus bimbingan"
)
def case_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """Identifikasi dan data perusahaan, pengukuran dengan indikator turunannya, pohon sebab dengan
    5 mengapa, rencana perbaikan, kunjungan, evaluasi dengan perbandingannya, pelaksanaan SOP
    beserta waktu kerja tiap langkah, dan tautan laporan penutup."""
    return case_record(_case(caller(request), public_id))


# ---- list and opening ------------------------------------------------------------------------------


class CasePage(Schema):
    count: int = Field(description="kasus yang cocok dengan filter (sebelum limit/offset)")
    items: list[CaseSummaryOut]


class CaseQuery(Schema):
    status: str = Field("", description="open, closed atau cancelled; kosong: semua")
    company: uuid.UUID | None = Field(None, description="public_id perusahaan/instansi")
    year: int | None = Field(None, ge=2000, le=2100, description="tahun permohonan/penjangkauan")
    organization: str = Field("", description="public_id atau kode dinas; kosong: semua yang boleh dilihat")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class CaseOpen(Input):
    company: uuid.UUID = Field(description="public_id perusahaan/instansi di register dinas")
    title: str = Field(min_length=1, max_length=255)
    origin: GuidanceCase.Origin
    requested_on: dt.date
    request_summary: str = Field(min_length=1)
    output_unit: str = Field(min_length=1, max_length=50, examples=["potong"])
    officer: uuid.UUID | None = Field(None, description="public_id petugas pembimbing")


@router.get("/productivity/cases", response={200: CasePage, **ERRORS}, summary="Daftar kasus bimbingan")
def case_list(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    """Kasus dinas yang boleh dilihat pemanggil, terbaru dahulu, dengan tahap yang sedang berjalan."""
    user = caller(request)
    cases = access.visible_cases(user)
    office = office_filter(user, query.organization)
    if office is not None:
        cases = cases.filter(organization=office)
    if query.status:
        cases = cases.filter(status=query.status)
    if query.company is not None:
        cases = cases.filter(company__public_id=query.company)
    if query.year is not None:
        cases = cases.filter(requested_on__year=query.year)
    count = cases.count()
    rows = with_active_steps(cases)[query.offset : query.offset + query.limit]
    return {"count": count, "items": [case_summary(case) for case in rows]}


@router.post(
    "/productivity/cases",
    response={201: CaseOut, **ERRORS},
    summary="Buka kasus bimbingan",
)
def case_open(request: HttpRequest, payload: CaseOpen) -> Status[dict[str, Any]]:
    """Membuka kasus untuk perusahaan/instansi di register dinas dan memulai pelaksanaan SOP
    PSM/DISNAKER-08 versi yang berlaku; langkah 1 ditandatangani pembukanya."""
    user = caller(request)
    company = access.visible_companies(user).filter(public_id=payload.company).first()
    if company is None:
        raise input_error("body.company", _("Perusahaan/instansi tidak ditemukan."))
    access.require(user, access.LEAD, company.organization)
    officer = None
    if payload.officer is not None:
        officer = User.objects.filter(public_id=payload.officer, is_active=True).first()
        if officer is None:
            raise input_error("body.officer", _("Petugas tidak ditemukan."))
    with service_errors():
        case = services.open_case(
            organization=company.organization,
            company=company,
            actor=user,
            officer=officer,
            **payload.model_dump(exclude={"company", "officer"}),
        )
    return Status(201, case_record(access.case_for(user, case.public_id)))


# ---- identification, cancel, close ------------------------------------------------------------------


class FigureIn(Input):
    label: str = Field(min_length=1, max_length=200, examples=["Produksi per bulan"])
    value: Decimal
    unit: str = Field("", max_length=50)
    source: str = Field("", max_length=200)


class IdentificationIn(Input):
    identified_on: dt.date
    problem_statement: str = Field(description="masalah utama: kepala diagram tulang ikan")
    identification_notes: str = ""
    figures: list[FigureIn] = Field(
        default_factory=list, description="menggantikan data perusahaan sebelumnya"
    )


class CancelIn(Input):
    reason: str = Field(description="alasan pembatalan (wajib)")


class CloseIn(Input):
    closing_summary: str = Field(description="kesimpulan penutup (wajib)")


@router.post(
    "/productivity/cases/{public_id}/identification",
    response={200: CaseOut, **ERRORS},
    summary="Catat hasil identifikasi permasalahan",
)
def case_identification(
    request: HttpRequest, public_id: uuid.UUID, payload: IdentificationIn
) -> dict[str, Any]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    figures = [FigureInput(**figure.model_dump()) for figure in payload.figures]
    with service_errors():
        services.record_identification(
            case=case,
            actor=user,
            identified_on=payload.identified_on,
            problem_statement=payload.problem_statement,
            identification_notes=payload.identification_notes,
            figures=figures,
        )
    return case_record(_case(user, public_id))


@router.post(
    "/productivity/cases/{public_id}/cancel",
    response={200: CaseOut, **ERRORS},
    summary="Batalkan kasus bimbingan",
)
def case_cancel(request: HttpRequest, public_id: uuid.UUID, payload: CancelIn) -> dict[str, Any]:
    """Pelaksanaan SOP-nya ikut dibatalkan; alasannya disimpan."""
    user = caller(request)
    case = access.case_for(user, public_id, access.LEAD)
    with service_errors():
        services.cancel_case(case=case, actor=user, reason=payload.reason)
    return case_record(_case(user, public_id))


@router.post(
    "/productivity/cases/{public_id}/close",
    response={200: CaseOut, **ERRORS},
    summary="Tutup kasus dan terbitkan laporan penutup",
)
def case_close(request: HttpRequest, public_id: uuid.UUID, payload: CloseIn) -> dict[str, Any]:
    """Perlu evaluasi sebelum dan sesudah perbaikan; langkah terakhir SOP ditandatangani dan
    pelaksanaannya selesai."""
    user = caller(request)
    case = access.case_for(user, public_id, access.LEAD)
    with service_errors():
        closing_services.close_case(case=case, actor=user, closing_summary=payload.closing_summary)
    return case_record(_case(user, public_id))


@router.get(
    "/productivity/cases/{public_id}/closing-report",
    response={200: None, **ERRORS},
    summary="Unduh laporan penutup (PDF)",
)
def case_closing_report(request: HttpRequest, public_id: uuid.UUID) -> FileResponse:
    case = access.case_for(caller(request), public_id)
    if case.closing_report is None:
        raise Http404(_("Laporan penutup belum ada: kasus belum ditutup."))
    return file_response(case.closing_report)


# ---- finishing a stage -----------------------------------------------------------------------------


class StageKey(StrEnum):
    IDENTIFICATION = "identification"
    INDICATORS = "indicators"
    CAUSES = "causes"
    PLAN = "plan"
    FOLLOW_UP = "follow_up"
    EVALUATION = "evaluation"


FINISH = {
    StageKey.IDENTIFICATION: services.finish_identification,
    StageKey.INDICATORS: analysis_services.finish_indicators,
    StageKey.CAUSES: analysis_services.finish_causes,
    StageKey.PLAN: analysis_services.finish_plan,
    StageKey.FOLLOW_UP: services.finish_follow_up,
    StageKey.EVALUATION: analysis_services.finish_evaluation,
}


class SignedOffOut(Schema):
    public_id: uuid.UUID
    step: int
    activity: str
    completed_by: PersonName | None
    completed_at: dt.datetime | None


class StageFinishOut(Schema):
    stage: str
    stage_label: str
    signed_off: list[SignedOffOut] = Field(description="tugas langkah SOP yang ditandatangani pemanggil")
    message: str = Field(description="apa yang terjadi, atau mengapa tidak ada tugas yang ditandatangani")
    active_stage: str | None = Field(description="tahap yang berjalan sesudahnya")
    run_status: str | None


def _not_signed_off(case: GuidanceCase, action: str) -> str:
    """Why finishing a stage signed off nothing: its step is offered to others, or not active."""
    label = STAGE_BY_ACTION[action].label
    players = stage_actor_names(case, action)
    if players:
        return _(
            "Data tahap %(stage)s tersimpan, tetapi langkah SOP-nya ditawarkan kepada %(players)s; "
            "Anda tidak termasuk pelaksananya, jadi belum ada tugas yang ditandatangani."
        ) % {"stage": label, "players": ", ".join(dict.fromkeys(players))}
    current = active_stage(case)
    if current is not None:
        return _(
            "Langkah SOP tahap %(stage)s sedang tidak berjalan (yang berjalan: %(current)s), jadi belum "
            "ada tugas yang ditandatangani; data tahapnya tetap tersimpan."
        ) % {"stage": label, "current": current.label}
    return _(
        "Pelaksanaan SOP kasus ini tidak mempunyai langkah tahap %(stage)s yang sedang berjalan, "
        "jadi belum ada tugas yang ditandatangani."
    ) % {"stage": label}


@router.post(
    "/productivity/cases/{public_id}/stages/{stage}/finish",
    response={200: StageFinishOut, **ERRORS},
    summary="Selesaikan satu tahap kasus",
)
def stage_finish(request: HttpRequest, public_id: uuid.UUID, stage: StageKey) -> dict[str, Any]:
    """Menyimpan lembar kerja tahap sebagai output langkah SOP-nya dan menandatangani tugas langkah
    itu yang dimainkan pemanggil. Bila tidak ada yang ditandatangani, `message` menjelaskan sebabnya."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    action = f"productivity.{stage.value}"
    with service_errors():
        tasks = FINISH[stage](case=case, actor=user)
    case = _case(user, public_id)
    current = active_stage(case)
    label = STAGE_BY_ACTION[action].label
    return {
        "stage": stage.value,
        "stage_label": str(label),
        "signed_off": [
            {
                "public_id": task.public_id,
                "step": task.step_run.step.number,
                "activity": task.activity.text,
                "completed_by": person_out(task.completed_by),
                "completed_at": task.completed_at,
            }
            for task in tasks
        ],
        "message": (
            _("Tahap %(stage)s selesai; %(n)s tugas SOP ditandatangani.") % {"stage": label, "n": len(tasks)}
            if tasks
            else _not_signed_off(case, action)
        ),
        "active_stage": stage_key(current.action) if current else None,
        "run_status": case.run.status if case.run is not None else None,
    }


# ---- visits ----------------------------------------------------------------------------------------


class VisitIn(Input):
    visited_on: dt.date
    met_with: str = Field("", max_length=300)
    findings: str = Field(min_length=1)
    next_steps: str = ""


class VisitPatch(Input):
    visited_on: dt.date | None = None
    met_with: str | None = Field(None, max_length=300)
    findings: str | None = Field(None, min_length=1)
    next_steps: str | None = None


def _visit(case: GuidanceCase, pk: int) -> FollowUpVisit:
    visit = FollowUpVisit.objects.select_related("officer").filter(case=case, pk=pk).first()
    if visit is None:
        raise Http404(_("Kunjungan %(id)s tidak ada pada kasus ini.") % {"id": pk})
    return visit


@router.get(
    "/productivity/cases/{public_id}/visits",
    response={200: list[VisitOut], **ERRORS},
    summary="Kunjungan tindak lanjut kasus",
)
def visit_list(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    case = access.case_for(caller(request), public_id)
    return [visit_out(v) for v in case.visits.select_related("officer")]


@router.post(
    "/productivity/cases/{public_id}/visits",
    response={201: VisitOut, **ERRORS},
    summary="Catat kunjungan tindak lanjut",
)
def visit_create(request: HttpRequest, public_id: uuid.UUID, payload: VisitIn) -> Status[dict[str, Any]]:
    """Petugas kunjungan adalah pemanggil."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    with service_errors():
        visit = services.add_visit(case=case, actor=user, **payload.model_dump())
    return Status(201, visit_out(_visit(case, visit.pk)))


@router.patch(
    "/productivity/cases/{public_id}/visits/{visit_id}",
    response={200: VisitOut, **ERRORS},
    summary="Ubah kunjungan tindak lanjut",
)
def visit_update(
    request: HttpRequest, public_id: uuid.UUID, visit_id: int, payload: VisitPatch
) -> dict[str, Any]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    visit = _visit(case, visit_id)
    with service_errors():
        services.update_visit(visit=visit, actor=user, **changes_of(payload))
    return visit_out(_visit(case, visit_id))


@router.delete(
    "/productivity/cases/{public_id}/visits/{visit_id}",
    response=NO_CONTENT,
    summary="Hapus kunjungan tindak lanjut",
)
def visit_delete(request: HttpRequest, public_id: uuid.UUID, visit_id: int) -> Status[None]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    visit = _visit(case, visit_id)
    with service_errors():
        services.delete_visit(visit=visit, actor=user)
    return Status(204, None)


# ---- the report ------------------------------------------------------------------------------------


class ReportQuery(Schema):
    organization: str = Field("", description="public_id atau kode dinas; kosong: dinas pertama pemanggil")
    year: int | None = Field(None, ge=2000, le=2100, description="tahun; kosong: tahun ini")
    company: uuid.UUID | None = Field(
        None, description="public_id perusahaan/instansi untuk deret indikatornya; kosong: kasus selesai"
    )
    indicator: str = Field("per_hour", description="per_worker, per_hour, per_million atau quality_rate")


class FigureLine(Schema):
    label: str
    value: str


class GroupOut(Schema):
    label: str
    registered: int = Field(description="perusahaan/instansi terdaftar")
    guided: int = Field(description="yang dibimbing pada tahun itu")
    cases: int


class ReportCaseOut(Schema):
    public_id: uuid.UUID
    number: str
    title: str
    status: str
    status_label: str


class ReportCompanyOut(Schema):
    public_id: uuid.UUID
    name: str
    sector: str
    size: str
    cases: list[ReportCaseOut]
    headline: str = Field(description="kalimat perubahan indikator utama evaluasi terakhir")
    headline_percent: Decimal | None


class SeriesLine(Schema):
    label: str
    data: list[float | None]


class SeriesOut(Schema):
    indicator: str
    label: str
    months: list[str]
    lines: list[SeriesLine]


class ReportOut(Schema):
    organization: OfficeOut
    year: int
    figures: list[FigureLine]
    by_sector: list[GroupOut]
    by_size: list[GroupOut]
    companies: list[ReportCompanyOut]
    series: SeriesOut = Field(description="indikator per bulan periode, satu garis per kasus")
    average_improvement: Decimal | None = Field(
        description="rata-rata perubahan (%) indikator utama kasus selesai"
    )
    message: str = Field("", description="terisi bila tidak ada data untuk filter")


@router.get(
    "/productivity/report",
    response={200: ReportOut, **ERRORS},
    summary="Laporan bimbingan produktivitas setahun",
)
def report(request: HttpRequest, query: Query[ReportQuery]) -> dict[str, Any]:
    """Perusahaan/instansi yang dibimbing dan indikatornya dari waktu ke waktu: angka setahun, per
    sektor dan skala, tiap perusahaan dengan kasusnya dan perubahan indikator utamanya."""
    user = caller(request)
    office = office_filter(user, query.organization) or access.chosen_office(user, None, None)
    if query.indicator not in {indicator.key for indicator in INDICATORS}:
        raise input_error(
            "query.indicator",
            _("harus salah satu dari: %(choices)s")
            % {"choices": ", ".join(indicator.key for indicator in INDICATORS)},
        )
    company = None
    if query.company is not None:
        company = Company.objects.filter(organization=office, public_id=query.company).first()
        if company is None:
            raise input_error("query.company", _("Perusahaan/instansi tidak ditemukan di dinas ini."))
    year = query.year or timezone.localdate().year
    result = productivity_report(office, year, company=company, indicator_key=query.indicator)
    return {
        "organization": office_out(office),
        "year": year,
        "figures": [{"label": str(label), "value": value} for label, value in result.figures],
        "by_sector": [vars(row) for row in result.by_sector],
        "by_size": [vars(row) for row in result.by_size],
        "companies": [
            {
                "public_id": row.company.public_id,
                "name": row.company.name,
                "sector": row.company.sector,
                "size": row.company.size,
                "cases": [
                    {
                        "public_id": case.public_id,
                        "number": case.number,
                        "title": case.title,
                        "status": case.status,
                        "status_label": case.get_status_display(),
                    }
                    for case in row.cases
                ],
                "headline": row.headline,
                "headline_percent": row.headline_percent,
            }
            for row in result.rows
        ],
        "series": {
            "indicator": result.indicator.key,
            "label": str(result.indicator.label),
            "months": result.chart["labels"],
            "lines": [{"label": line["label"], "data": line["data"]} for line in result.chart["series"]],
        },
        "average_improvement": result.average_improvement,
        "message": _("Tidak ada data untuk filter ini.") if result.is_empty else "",
    }
