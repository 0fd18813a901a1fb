"""/api/v1/productivity/cases/{id}/…: a case's indicator measurements (with the derived indicators),
its cause tree with the 5-why chains and the fishbone drawing, its improvement plan and its
evaluation (a period before against a period after).

Rows are named by their `id` under the case's path and must belong to that case (404 otherwise).
Reading needs `productivity.view`; recording `productivity.record` in the case's office.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ujikom.productivity import access
from ujikom.productivity import services_analysis as services
from ujikom.productivity.drawing import fishbone_svg
from ujikom.productivity.indicators import compare, headline, values_of
from ujikom.productivity.models import Cause, Evaluation, GuidanceCase, Measurement, PlanAction

from ..auth import caller
from ..errors import input_error, service_errors
from ..lookups import changes_of
from ..schemas import Input
from .productivity_companies import ERRORS, PersonName, person_out

router = Router(tags=["Produktivitas: indikator, sebab, rencana, evaluasi"])

NO_CONTENT: dict[int, type[Schema] | None] = {204: None, **ERRORS}
WHY_FIELDS = {f"why_{level}": f"answers.{level - 1}" for level in range(1, 6)}  # the services' form names


def case_for(request: HttpRequest, public_id: uuid.UUID, permission: str = access.VIEW) -> GuidanceCase:
    return access.case_for(caller(request), public_id, permission)


# ---- measurements ----------------------------------------------------------------------------------


class IndicatorsOut(Schema):
    per_worker: Decimal | None = Field(description="output per pekerja")
    per_hour: Decimal | None = Field(description="output per orang-jam")
    per_million: Decimal | None = Field(description="output per Rp 1 juta biaya; null tanpa biaya")
    quality_rate: Decimal | None = Field(description="persen output baik")


class MeasurementOut(Schema):
    id: int
    label: str
    period_start: dt.date
    period_end: dt.date
    output_quantity: Decimal
    defect_quantity: Decimal
    workers: int
    hours_worked: Decimal
    total_cost: Decimal | None
    notes: str
    indicators: IndicatorsOut


class MeasurementIn(Input):
    label: str = Field(min_length=1, max_length=100, examples=["Sebelum: Januari 2026"])
    period_start: dt.date
    period_end: dt.date
    output_quantity: Decimal = Field(description="jumlah output pada satuan output kasus")
    defect_quantity: Decimal = Decimal("0")
    workers: int
    hours_worked: Decimal = Field(description="orang-jam kerja periode ini")
    total_cost: Decimal | None = Field(None, description="biaya input (Rp); kosong bila tidak ada")
    notes: str = ""


class MeasurementPatch(Input):
    label: str | None = Field(None, min_length=1, max_length=100)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    output_quantity: Decimal | None = None
    defect_quantity: Decimal | None = None
    workers: int | None = None
    hours_worked: Decimal | None = None
    total_cost: Decimal | None = None
    notes: str | None = None


def measurement_out(measurement: Measurement) -> dict[str, Any]:
    return {
        "id": measurement.pk,
        "label": measurement.label,
        "period_start": measurement.period_start,
        "period_end": measurement.period_end,
        "output_quantity": measurement.output_quantity,
        "defect_quantity": measurement.defect_quantity,
        "workers": measurement.workers,
        "hours_worked": measurement.hours_worked,
        "total_cost": measurement.total_cost,
        "notes": measurement.notes,
        "indicators": values_of(measurement),
    }


def _measurement(case: GuidanceCase, pk: int, location: str | None = None) -> Measurement:
    measurement = Measurement.objects.filter(case=case, pk=pk).first()
    if measurement is None:
        message = _("Pengukuran %(id)s tidak ada pada kasus ini.") % {"id": pk}
        if location:
            raise input_error(location, message)
        raise Http404(message)
    return measurement


@router.get(
    "/productivity/cases/{public_id}/measurements",
    response={200: list[MeasurementOut], **ERRORS},
    summary="Pengukuran indikator kasus",
)
def measurement_list(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    """Per periode, urut awal periode, dengan indikator turunannya (null bila tidak dapat dihitung)."""
    case = case_for(request, public_id)
    return [measurement_out(m) for m in case.measurements.all()]


@router.post(
    "/productivity/cases/{public_id}/measurements",
    response={201: MeasurementOut, **ERRORS},
    summary="Catat pengukuran indikator",
)
def measurement_create(
    request: HttpRequest, public_id: uuid.UUID, payload: MeasurementIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    with service_errors():
        measurement = services.add_measurement(case=case, actor=user, **payload.model_dump())
    return Status(201, measurement_out(measurement))


@router.patch(
    "/productivity/cases/{public_id}/measurements/{measurement_id}",
    response={200: MeasurementOut, **ERRORS},
    summary="Ubah pengukuran indikator",
)
def measurement_update(
    request: HttpRequest, public_id: uuid.UUID, measurement_id: int, payload: MeasurementPatch
) -> dict[str, Any]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    measurement = _measurement(case, measurement_id)
    changes = changes_of(payload, nullable={"total_cost"})
    with service_errors():
        measurement = services.update_measurement(measurement=measurement, actor=user, **changes)
    return measurement_out(_measurement(case, measurement_id))


@router.delete(
    "/productivity/cases/{public_id}/measurements/{measurement_id}",
    response=NO_CONTENT,
    summary="Hapus pengukuran indikator",
)
def measurement_delete(request: HttpRequest, public_id: uuid.UUID, measurement_id: int) -> Status[None]:
    """Ditolak selama evaluasi memakai pengukuran ini."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    measurement = _measurement(case, measurement_id)
    with service_errors():
        services.delete_measurement(measurement=measurement, actor=user)
    return Status(204, None)


# ---- causes ----------------------------------------------------------------------------------------


class WhyOut(Schema):
    level: int
    answer: str


class CauseOut(Schema):
    id: int
    parent: int | None
    category: str
    category_label: str
    text: str
    is_root: bool
    position: int
    whys: list[WhyOut]
    children: list[CauseOut]


class CauseTreeOut(Schema):
    problem_statement: str = Field(description="kepala diagram tulang ikan")
    causes: list[CauseOut] = Field(description="sebab tingkat pertama, masing-masing dengan sub-sebabnya")
    root_causes: list[int] = Field(description="id sebab yang ditandai akar masalah")
    fishbone_svg: str = Field(description="diagram tulang ikan (SVG)")


class CauseIn(Input):
    category: Cause.Category | None = Field(
        None, description="wajib untuk sebab tingkat pertama; sub-sebab mengikuti induknya"
    )
    text: str = Field(min_length=1, max_length=300)
    parent: int | None = Field(None, description="id sebab induk pada kasus ini")
    is_root: bool = False


class CausePatch(Input):
    category: Cause.Category | None = None
    text: str | None = Field(None, min_length=1, max_length=300)
    is_root: bool | None = None


class WhysIn(Input):
    answers: list[str] = Field(description="jawaban 5 mengapa berurutan (1–5), menggantikan rantai lama")


def cause_tree(case: GuidanceCase) -> list[dict[str, Any]]:
    """The case's causes as a tree (two queries)."""
    causes = list(Cause.objects.filter(case=case).prefetch_related("whys"))
    nodes: dict[int, dict[str, Any]] = {}
    for cause in causes:
        nodes[cause.pk] = {
            "id": cause.pk,
            "parent": cause.parent_id,
            "category": cause.category,
            "category_label": cause.get_category_display(),
            "text": cause.text,
            "is_root": cause.is_root,
            "position": cause.position,
            "whys": [{"level": why.level, "answer": why.answer} for why in cause.whys.all()],
            "children": [],
        }
    top = []
    for cause in causes:
        node = nodes[cause.pk]
        if cause.parent_id in nodes:
            nodes[cause.parent_id]["children"].append(node)
        else:
            top.append(node)
    return top


def _cause(case: GuidanceCase, pk: int, location: str | None = None) -> Cause:
    cause = Cause.objects.filter(case=case, pk=pk).first()
    if cause is None:
        message = _("Sebab %(id)s tidak ada pada kasus ini.") % {"id": pk}
        if location:
            raise input_error(location, message)
        raise Http404(message)
    return cause


def _tree_out(case: GuidanceCase) -> dict[str, Any]:
    tree = cause_tree(case)
    roots: list[int] = []

    def collect(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            if node["is_root"]:
                roots.append(node["id"])
            collect(node["children"])

    collect(tree)
    return {
        "problem_statement": case.problem_statement,
        "causes": tree,
        "root_causes": roots,
        "fishbone_svg": fishbone_svg(case),
    }


@router.get(
    "/productivity/cases/{public_id}/causes",
    response={200: CauseTreeOut, **ERRORS},
    summary="Pohon sebab, 5 mengapa dan diagram tulang ikan",
)
def cause_list(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return _tree_out(case_for(request, public_id))


@router.post(
    "/productivity/cases/{public_id}/causes",
    response={201: CauseOut, **ERRORS},
    summary="Tambah sebab",
)
def cause_create(request: HttpRequest, public_id: uuid.UUID, payload: CauseIn) -> Status[dict[str, Any]]:
    """Sub-sebab (`parent`) mengikuti kategori induknya; kedalaman paling banyak 3 tingkat."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    parent = _cause(case, payload.parent, "body.parent") if payload.parent is not None else None
    category = payload.category or (parent.category if parent is not None else "")
    with service_errors():
        cause = services.add_cause(
            case=case,
            actor=user,
            category=category,
            text=payload.text,
            parent=parent,
            is_root=payload.is_root,
        )
    return Status(201, _node(case, cause.pk))


def _node(case: GuidanceCase, pk: int) -> dict[str, Any]:
    def find(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
        for node in nodes:
            if node["id"] == pk:
                return node
            found = find(node["children"])
            if found is not None:
                return found
        return None

    node = find(cause_tree(case))
    if node is None:
        raise Http404(_("Sebab %(id)s tidak ada pada kasus ini.") % {"id": pk})
    return node


@router.patch(
    "/productivity/cases/{public_id}/causes/{cause_id}",
    response={200: CauseOut, **ERRORS},
    summary="Ubah sebab",
)
def cause_update(
    request: HttpRequest, public_id: uuid.UUID, cause_id: int, payload: CausePatch
) -> dict[str, Any]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    cause = _cause(case, cause_id)
    changes = changes_of(payload)
    with service_errors():
        services.update_cause(
            cause=cause,
            actor=user,
            text=changes.get("text", cause.text),
            is_root=changes.get("is_root", cause.is_root),
            category=changes.get("category"),
        )
    return _node(case, cause_id)


@router.delete(
    "/productivity/cases/{public_id}/causes/{cause_id}",
    response=NO_CONTENT,
    summary="Hapus sebab beserta sub-sebabnya",
)
def cause_delete(request: HttpRequest, public_id: uuid.UUID, cause_id: int) -> Status[None]:
    """Ditolak selama tindakan rencana perbaikan menangani sebab ini."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    cause = _cause(case, cause_id)
    with service_errors():
        services.delete_cause(cause=cause, actor=user)
    return Status(204, None)


@router.put(
    "/productivity/cases/{public_id}/causes/{cause_id}/whys",
    response={200: CauseOut, **ERRORS},
    summary="Tetapkan rantai 5 mengapa sebab",
)
def cause_whys(request: HttpRequest, public_id: uuid.UUID, cause_id: int, payload: WhysIn) -> dict[str, Any]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    cause = _cause(case, cause_id)
    with service_errors(renames=WHY_FIELDS):
        services.set_whys(cause=cause, actor=user, answers=payload.answers)
    return _node(case, cause_id)


# ---- plan ------------------------------------------------------------------------------------------


class ActionOut(Schema):
    id: int
    description: str
    owner: str
    due_on: dt.date
    status: str
    status_label: str
    done_on: dt.date | None
    progress_note: str
    position: int
    cause: int | None = Field(description="id akar masalah yang ditangani")
    cause_text: str | None
    overdue: bool = Field(description="lewat batas waktu dan belum selesai/dihentikan")


class ActionIn(Input):
    description: str = Field(min_length=1)
    owner: str = Field(min_length=1, max_length=200)
    due_on: dt.date
    cause: int | None = Field(None, description="id akar masalah kasus ini yang ditangani")


class ActionPatch(Input):
    description: str | None = Field(None, min_length=1)
    owner: str | None = Field(None, min_length=1, max_length=200)
    due_on: dt.date | None = None
    cause: int | None = None
    status: PlanAction.Status | None = None
    done_on: dt.date | None = Field(None, description="wajib bila status done")
    progress_note: str | None = Field(None, description="wajib bila status dropped")


def action_out(action: PlanAction, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    finished = action.status in (PlanAction.Status.DONE, PlanAction.Status.DROPPED)
    return {
        "id": action.pk,
        "description": action.description,
        "owner": action.owner,
        "due_on": action.due_on,
        "status": action.status,
        "status_label": action.get_status_display(),
        "done_on": action.done_on,
        "progress_note": action.progress_note,
        "position": action.position,
        "cause": action.cause_id,
        "cause_text": action.cause.text if action.cause is not None else None,
        "overdue": not finished and action.due_on < today,
    }


def _action(case: GuidanceCase, pk: int) -> PlanAction:
    action = PlanAction.objects.select_related("cause").filter(case=case, pk=pk).first()
    if action is None:
        raise Http404(_("Tindakan %(id)s tidak ada pada rencana kasus ini.") % {"id": pk})
    return action


def plan_of(case: GuidanceCase) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [action_out(a, today) for a in PlanAction.objects.filter(case=case).select_related("cause")]


@router.get(
    "/productivity/cases/{public_id}/actions",
    response={200: list[ActionOut], **ERRORS},
    summary="Rencana perbaikan kasus",
)
def action_list(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    return plan_of(case_for(request, public_id))


@router.post(
    "/productivity/cases/{public_id}/actions",
    response={201: ActionOut, **ERRORS},
    summary="Tambah tindakan perbaikan",
)
def action_create(request: HttpRequest, public_id: uuid.UUID, payload: ActionIn) -> Status[dict[str, Any]]:
    """`cause` harus akar masalah kasus ini; batas waktu tidak sebelum hari ini."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    fields = payload.model_dump()
    fields["cause"] = _cause(case, fields["cause"], "body.cause") if fields["cause"] is not None else None
    with service_errors():
        action = services.add_action(case=case, actor=user, **fields)
    return Status(201, action_out(_action(case, action.pk)))


@router.patch(
    "/productivity/cases/{public_id}/actions/{action_id}",
    response={200: ActionOut, **ERRORS},
    summary="Ubah tindakan perbaikan atau catat kemajuannya",
)
def action_update(
    request: HttpRequest, public_id: uuid.UUID, action_id: int, payload: ActionPatch
) -> dict[str, Any]:
    """Status done perlu `done_on`; dropped perlu `progress_note` berisi alasannya."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    action = _action(case, action_id)
    changes = changes_of(payload, nullable={"cause", "done_on"})
    if changes.get("cause") is not None:
        changes["cause"] = _cause(case, changes["cause"], "body.cause")
    with service_errors():
        services.update_action(action=action, actor=user, **changes)
    return action_out(_action(case, action_id))


@router.delete(
    "/productivity/cases/{public_id}/actions/{action_id}",
    response=NO_CONTENT,
    summary="Hapus tindakan perbaikan",
)
def action_delete(request: HttpRequest, public_id: uuid.UUID, action_id: int) -> Status[None]:
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    action = _action(case, action_id)
    with service_errors():
        services.delete_action(action=action, actor=user)
    return Status(204, None)


# ---- evaluation ------------------------------------------------------------------------------------


class ChangeOut(Schema):
    indicator: str = Field(description="per_worker, per_hour, per_million atau quality_rate")
    label: str
    unit: str
    before: Decimal | None
    after: Decimal | None
    difference: Decimal | None
    change_percent: Decimal | None
    improved: bool | None = Field(description="null bila tidak dapat dibandingkan")


class EvaluationOut(Schema):
    before: MeasurementOut
    after: MeasurementOut
    evaluated_on: dt.date
    conclusion: str
    recommendations: str
    evaluated_by: PersonName | None
    comparison: list[ChangeOut]
    headline: ChangeOut | None = Field(description="indikator yang diutamakan dalam ringkasan")


class EvaluationIn(Input):
    before: int = Field(description="id pengukuran periode sebelum perbaikan")
    after: int = Field(description="id pengukuran periode sesudah perbaikan")
    evaluated_on: dt.date
    conclusion: str = Field(min_length=1)
    recommendations: str = ""


def _change_out(change: Any) -> dict[str, Any]:
    return {
        "indicator": change.indicator.key,
        "label": str(change.indicator.label),
        "unit": change.unit,
        "before": change.before,
        "after": change.after,
        "difference": change.difference,
        "change_percent": change.change_percent,
        "improved": change.improved,
    }


def evaluation_out(case: GuidanceCase) -> dict[str, Any] | None:
    evaluation = (
        Evaluation.objects.select_related("before", "after", "evaluated_by").filter(case=case).first()
    )
    if evaluation is None:
        return None
    changes = compare(evaluation.before, evaluation.after, case.output_unit)
    lead = headline(changes)
    return {
        "before": measurement_out(evaluation.before),
        "after": measurement_out(evaluation.after),
        "evaluated_on": evaluation.evaluated_on,
        "conclusion": evaluation.conclusion,
        "recommendations": evaluation.recommendations,
        "evaluated_by": person_out(evaluation.evaluated_by),
        "comparison": [_change_out(change) for change in changes],
        "headline": _change_out(lead) if lead is not None else None,
    }


@router.get(
    "/productivity/cases/{public_id}/evaluation",
    response={200: EvaluationOut, **ERRORS},
    summary="Evaluasi sebelum dan sesudah perbaikan",
)
def evaluation_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    case = case_for(request, public_id)
    found = evaluation_out(case)
    if found is None:
        raise Http404(_("Evaluasi kasus ini belum dicatat."))
    return found


@router.put(
    "/productivity/cases/{public_id}/evaluation",
    response={200: EvaluationOut, **ERRORS},
    summary="Catat evaluasi sebelum dan sesudah perbaikan",
)
def evaluation_record(request: HttpRequest, public_id: uuid.UUID, payload: EvaluationIn) -> dict[str, Any]:
    """Kedua pengukuran milik kasus ini; periode sesudah dimulai setelah periode sebelum berakhir.
    Menggantikan evaluasi sebelumnya selama kasus berjalan."""
    user = caller(request)
    case = access.case_for(user, public_id, access.RECORD)
    before = _measurement(case, payload.before, "body.before")
    after = _measurement(case, payload.after, "body.after")
    with service_errors():
        services.record_evaluation(
            case=case,
            actor=user,
            before=before,
            after=after,
            evaluated_on=payload.evaluated_on,
            conclusion=payload.conclusion,
            recommendations=payload.recommendations,
        )
    return evaluation_out(case) or {}
