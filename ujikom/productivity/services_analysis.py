"""Writing a case's analysis: indicator measurements per period, the cause tree with its 5-why
chains, the improvement plan and the evaluation, and finishing each of those stages on the case's
SOP run (PSM/DISNAKER-08 steps 3, 4, 5 and 7). The only writers of `Measurement`, `Cause`,
`WhyStep`, `PlanAction` and `Evaluation`.

Every function refuses bad input with a ValidationError naming each field and the values at fault,
and then changes nothing; only people holding `productivity.record` in the case's office write, and
nothing of a closed or cancelled case changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import User
from ujikom.sop import engine
from ujikom.sop.models import Task

from . import documents, sop_binding
from .access import RECORD, require
from .models import Cause, Evaluation, GuidanceCase, Measurement, PlanAction, WhyStep
from .selectors_analysis import format_date, format_number
from .services_cases import refuse_if_closed

MAX_CAUSE_DEPTH = 3
MAX_WHYS = 5
MAX_TEXT = 5000
HOURS_PER_DAY = 24

EVENT_LABELS = {
    "productivity.measurement.added": gettext_lazy("Pengukuran indikator produktivitas dicatat"),
    "productivity.measurement.updated": gettext_lazy("Pengukuran indikator produktivitas diubah"),
    "productivity.measurement.deleted": gettext_lazy("Pengukuran indikator produktivitas dihapus"),
    "productivity.indicators.finished": gettext_lazy("Pengukuran indikator diselesaikan"),
    "productivity.cause.added": gettext_lazy("Sebab masalah dicatat"),
    "productivity.cause.updated": gettext_lazy("Sebab masalah diubah"),
    "productivity.cause.deleted": gettext_lazy("Sebab masalah dihapus"),
    "productivity.whys.set": gettext_lazy("Analisis 5 mengapa dicatat"),
    "productivity.causes.finished": gettext_lazy("Analisis akar masalah diselesaikan"),
    "productivity.action.added": gettext_lazy("Tindakan perbaikan dicatat"),
    "productivity.action.updated": gettext_lazy("Tindakan perbaikan diubah"),
    "productivity.action.deleted": gettext_lazy("Tindakan perbaikan dihapus"),
    "productivity.plan.finished": gettext_lazy("Rencana perbaikan diselesaikan"),
    "productivity.evaluation.recorded": gettext_lazy("Evaluasi sebelum dan sesudah dicatat"),
    "productivity.evaluation.finished": gettext_lazy("Evaluasi sebelum dan sesudah diselesaikan"),
}

MEASUREMENT_FIELDS = (
    "label",
    "period_start",
    "period_end",
    "output_quantity",
    "defect_quantity",
    "workers",
    "hours_worked",
    "total_cost",
    "notes",
)
ACTION_FIELDS = ("description", "owner", "due_on", "cause", "status", "done_on", "progress_note")


# ---- shared ---------------------------------------------------------------------------------------


def _writable(case: GuidanceCase, actor: User) -> GuidanceCase:
    """The case locked for the change, after checking the actor may record there and it is open."""
    require(actor, RECORD, case.organization)
    locked = (
        GuidanceCase.objects.select_for_update(of=("self",)).select_related("organization").get(pk=case.pk)
    )
    refuse_if_closed(locked)
    return locked


def _text(errors: dict[str, str], name: str, value: Any, limit: int, required: str | None) -> str:
    value = str(value or "").strip()
    if not value and required:
        errors[name] = required
    elif len(value) > limit:
        errors[name] = _("Paling panjang %(n)s karakter.") % {"n": format_number(limit)}
    return value


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _finish(*, case: GuidanceCase, action: str, actor: User, event: str) -> list[Task]:
    """Store the stage's worksheet and sign off the tasks of the stage's step `actor` plays; none (and
    no worksheet) when the step is not active or is offered to others."""
    if not any(engine.can_act_on(actor, task) for task in sop_binding.open_stage_tasks(case, action)):
        return []
    sheet = documents.stage_worksheet(case=case, action=action, actor=actor)
    done = sop_binding.finish_stage(case=case, action=action, actor=actor, file=sheet)
    record_event(
        case,
        event,
        actor=actor,
        organization=case.organization,
        data={"worksheet": str(sheet.public_id), "tasks": [task.pk for task in done]},
    )
    return done


# ---- measurements ---------------------------------------------------------------------------------


def _measurement_values(case: GuidanceCase, values: dict[str, Any], exclude: int | None) -> dict[str, Any]:
    """The checked values of a measurement; ValidationError naming each wrong field."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    clean["label"] = _text(errors, "label", values.get("label"), 100, _("Tuliskan nama periode."))
    clean["notes"] = _text(errors, "notes", values.get("notes"), MAX_TEXT, None)
    start, end = values.get("period_start"), values.get("period_end")
    if not isinstance(start, dt.date):
        errors["period_start"] = _("Isi awal periode.")
    if not isinstance(end, dt.date):
        errors["period_end"] = _("Isi akhir periode.")
    today = timezone.localdate()
    days = 0
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        if end < start:
            errors["period_end"] = _("Akhir periode (%(end)s) lebih awal dari awal periode (%(start)s).") % {
                "end": format_date(end),
                "start": format_date(start),
            }
        elif end > today:
            errors["period_end"] = _(
                "Periode belum berakhir: akhir periode %(end)s masih di masa depan (hari ini %(today)s)."
            ) % {"end": format_date(end), "today": format_date(today)}
        else:
            days = (end - start).days + 1
            overlapping = (
                Measurement.objects.filter(case=case, period_start__lte=end, period_end__gte=start)
                .exclude(pk=exclude or 0)
                .first()
            )
            if overlapping is not None:
                errors["period_start"] = _(
                    "Periode %(start)s–%(end)s bertumpang tindih dengan pengukuran “%(other)s” "
                    "(%(other_start)s–%(other_end)s)."
                ) % {
                    "start": format_date(start),
                    "end": format_date(end),
                    "other": overlapping.label,
                    "other_start": format_date(overlapping.period_start),
                    "other_end": format_date(overlapping.period_end),
                }
    clean["period_start"], clean["period_end"] = start, end

    amounts = {
        "output_quantity": (_("Jumlah output"), True),
        "defect_quantity": (_("Output cacat"), False),
        "hours_worked": (_("Jam kerja"), True),
        "total_cost": (_("Biaya"), False),
    }
    for name, (label, required) in amounts.items():
        raw = values.get(name)
        number = _decimal(raw)
        if raw is None or raw == "":
            if required:
                errors[name] = _("Isi %(field)s.") % {"field": label.lower()}
            clean[name] = Decimal(0) if name == "defect_quantity" else None
            continue
        if number is None:
            errors[name] = _("%(field)s bukan angka.") % {"field": label}
        elif number < 0:
            errors[name] = _("%(field)s tidak boleh negatif (%(value)s).") % {
                "field": label,
                "value": format_number(number),
            }
        elif number >= Decimal(10) ** 16:
            errors[name] = _("%(field)s terlalu besar (%(value)s).") % {
                "field": label,
                "value": format_number(number),
            }
        clean[name] = number

    workers = values.get("workers")
    try:
        workers = int(workers) if workers not in (None, "") else None
    except (TypeError, ValueError):
        errors["workers"] = _("Jumlah pekerja bukan bilangan bulat.")
        workers = None
    if workers is None and "workers" not in errors:
        errors["workers"] = _("Isi jumlah pekerja.")
    elif workers is not None and workers < 1:
        errors["workers"] = _("Jumlah pekerja sekurang-kurangnya 1 (tertulis %(value)s).") % {
            "value": format_number(workers)
        }
    clean["workers"] = workers

    output, defects = clean.get("output_quantity"), clean.get("defect_quantity")
    if (
        "output_quantity" not in errors
        and "defect_quantity" not in errors
        and output is not None
        and defects is not None
        and defects > output
    ):
        errors["defect_quantity"] = _("Output cacat (%(defects)s) melebihi jumlah output (%(output)s).") % {
            "defects": format_number(defects),
            "output": format_number(output),
        }
    hours = clean.get("hours_worked")
    if "hours_worked" not in errors and hours is not None and workers and workers >= 1 and days:
        limit = workers * days * HOURS_PER_DAY
        if hours > limit:
            errors["hours_worked"] = _(
                "Jam kerja %(hours)s melebihi kemungkinan: %(workers)s pekerja × %(days)s hari × 24 jam "
                "= %(limit)s jam."
            ) % {
                "hours": format_number(hours),
                "workers": format_number(workers),
                "days": format_number(days),
                "limit": format_number(limit),
            }
    if errors:
        raise ValidationError(errors)
    return clean


def _measurement_data(measurement: Measurement) -> dict[str, Any]:
    return {name: getattr(measurement, name) for name in MEASUREMENT_FIELDS if name != "notes"}


@transaction.atomic
def add_measurement(
    *,
    case: GuidanceCase,
    actor: User,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    output_quantity: Decimal,
    defect_quantity: Decimal,
    workers: int,
    hours_worked: Decimal,
    total_cost: Decimal | None = None,
    notes: str = "",
) -> Measurement:
    """Record the indicators of one period from the company's records."""
    case = _writable(case, actor)
    values = _measurement_values(
        case,
        {
            "label": label,
            "period_start": period_start,
            "period_end": period_end,
            "output_quantity": output_quantity,
            "defect_quantity": defect_quantity,
            "workers": workers,
            "hours_worked": hours_worked,
            "total_cost": total_cost,
            "notes": notes,
        },
        exclude=None,
    )
    measurement = Measurement.objects.create(case=case, recorded_by=actor, **values)
    record_event(
        measurement,
        "productivity.measurement.added",
        actor=actor,
        organization=case.organization,
        data={"case": str(case.public_id), **_measurement_data(measurement)},
    )
    return measurement


@transaction.atomic
def update_measurement(*, measurement: Measurement, actor: User, **fields: Any) -> Measurement:
    """Change any of a measurement's values (the others stay)."""
    unknown = set(fields) - set(MEASUREMENT_FIELDS)
    if unknown:
        raise TypeError(f"update_measurement() got unexpected fields: {', '.join(sorted(unknown))}")
    case = _writable(measurement.case, actor)
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    before = _measurement_data(measurement)
    current = {name: getattr(measurement, name) for name in MEASUREMENT_FIELDS}
    values = _measurement_values(case, {**current, **fields}, exclude=measurement.pk)
    for name, value in values.items():
        setattr(measurement, name, value)
    measurement.save()
    after = _measurement_data(measurement)
    record_event(
        measurement,
        "productivity.measurement.updated",
        actor=actor,
        organization=case.organization,
        data={
            "case": str(case.public_id),
            "changes": {name: [before[name], after[name]] for name in after if before[name] != after[name]},
        },
    )
    return measurement


@transaction.atomic
def delete_measurement(*, measurement: Measurement, actor: User) -> None:
    """Remove a measurement; refused while the evaluation compares it."""
    case = _writable(measurement.case, actor)
    evaluation = Evaluation.objects.filter(case=case).filter(Q(before=measurement) | Q(after=measurement))
    if evaluation.exists():
        raise ValidationError(
            _(
                "Pengukuran “%(label)s” dipakai dalam evaluasi; pilih periode lain di evaluasi dulu "
                "sebelum menghapusnya."
            )
            % {"label": measurement.label}
        )
    data = {"case": str(case.public_id), **_measurement_data(measurement)}
    record_event(
        measurement,
        "productivity.measurement.deleted",
        actor=actor,
        organization=case.organization,
        data=data,
    )
    measurement.delete()


@transaction.atomic
def finish_indicators(*, case: GuidanceCase, actor: User) -> list[Task]:
    """Finish step 3 (indicators): needs at least one measurement."""
    case = _writable(case, actor)
    if not case.measurements.exists():
        raise ValidationError(
            _("Catat sekurang-kurangnya satu pengukuran indikator sebelum menyelesaikan langkah ini.")
        )
    return _finish(
        case=case, action="productivity.indicators", actor=actor, event="productivity.indicators.finished"
    )


# ---- causes ---------------------------------------------------------------------------------------


def cause_depth(cause: Cause) -> int:
    """1 for a first-level cause, 2 for its sub-cause, …"""
    depth, current = 1, cause
    while current.parent_id is not None:
        depth += 1
        current = current.parent  # type: ignore[assignment]
    return depth


def _cause_data(cause: Cause) -> dict[str, Any]:
    return {
        "case": str(cause.case.public_id),
        "category": cause.category,
        "text": cause.text,
        "is_root": cause.is_root,
        "parent": cause.parent_id,
    }


@transaction.atomic
def add_cause(
    *,
    case: GuidanceCase,
    actor: User,
    category: str,
    text: str,
    parent: Cause | None = None,
    is_root: bool = False,
) -> Cause:
    """Add a cause on a bone of the fishbone, or a sub-cause under `parent` (which gives its category)."""
    case = _writable(case, actor)
    errors: dict[str, str] = {}
    text = _text(errors, "text", text, 300, _("Tuliskan uraian sebab."))
    if parent is not None:
        if parent.case_id != case.pk:
            errors["parent"] = _("Sebab induk itu bukan bagian dari kasus ini.")
        elif cause_depth(parent) >= MAX_CAUSE_DEPTH:
            errors["parent"] = _(
                "“%(parent)s” sudah di tingkat %(depth)s; sebab turunan paling dalam %(max)s tingkat."
            ) % {"parent": parent.text, "depth": cause_depth(parent), "max": MAX_CAUSE_DEPTH}
        else:
            category = parent.category
    elif category not in Cause.Category.values:
        errors["category"] = _("Pilih kategori sebab: %(choices)s.") % {
            "choices": ", ".join(str(label) for label in Cause.Category.labels)
        }
    if errors:
        raise ValidationError(errors)
    siblings = Cause.objects.filter(case=case, parent=parent, category=category)
    position = (max(siblings.values_list("position", flat=True), default=0) or 0) + 1
    cause = Cause.objects.create(
        case=case, parent=parent, category=category, text=text, is_root=bool(is_root), position=position
    )
    record_event(
        cause,
        "productivity.cause.added",
        actor=actor,
        organization=case.organization,
        data=_cause_data(cause),
    )
    return cause


def _descendants(cause: Cause) -> list[Cause]:
    found: list[Cause] = []
    level = [cause.pk]
    while level:
        children = list(Cause.objects.filter(parent_id__in=level))
        found.extend(children)
        level = [child.pk for child in children]
    return found


@transaction.atomic
def update_cause(
    *, cause: Cause, actor: User, text: str, is_root: bool, category: str | None = None
) -> Cause:
    """Change a cause's text and whether it is a root cause; a first-level cause may move to another
    bone (its sub-causes move with it)."""
    case = _writable(cause.case, actor)
    cause = Cause.objects.select_for_update().get(pk=cause.pk)
    errors: dict[str, str] = {}
    text = _text(errors, "text", text, 300, _("Tuliskan uraian sebab."))
    if category is not None and category != cause.category:
        if cause.parent_id is not None:
            errors["category"] = _("Sebab turunan mengikuti kategori induknya; pindahkan induknya.")
        elif category not in Cause.Category.values:
            errors["category"] = _("Pilih kategori sebab: %(choices)s.") % {
                "choices": ", ".join(str(label) for label in Cause.Category.labels)
            }
    if not is_root and cause.is_root and cause.actions.exists():
        errors["is_root"] = _(
            "“%(cause)s” ditangani tindakan perbaikan; lepaskan dulu tindakannya dari sebab ini."
        ) % {"cause": cause.text}
    if errors:
        raise ValidationError(errors)
    before = _cause_data(cause)
    cause.text, cause.is_root = text, bool(is_root)
    if category is not None and category != cause.category:
        cause.category = category
        Cause.objects.filter(pk__in=[child.pk for child in _descendants(cause)]).update(category=category)
    cause.save()
    after = _cause_data(cause)
    record_event(
        cause,
        "productivity.cause.updated",
        actor=actor,
        organization=case.organization,
        data={
            "case": after["case"],
            "changes": {k: [before[k], after[k]] for k in after if before[k] != after[k]},
        },
    )
    return cause


@transaction.atomic
def delete_cause(*, cause: Cause, actor: User) -> None:
    """Remove a cause with its sub-causes and whys; refused while a plan action addresses any of them."""
    case = _writable(cause.case, actor)
    tree = [cause, *_descendants(cause)]
    addressed = PlanAction.objects.filter(cause__in=tree).select_related("cause").first()
    if addressed is not None and addressed.cause is not None:
        raise ValidationError(
            _("“%(cause)s” ditangani tindakan perbaikan “%(action)s”; hapus atau ubah dulu tindakannya.")
            % {"cause": addressed.cause.text, "action": str(addressed)}
        )
    record_event(
        cause,
        "productivity.cause.deleted",
        actor=actor,
        organization=case.organization,
        data={**_cause_data(cause), "sub_causes": [child.text for child in tree[1:]]},
    )
    cause.delete()


@transaction.atomic
def set_whys(*, cause: Cause, actor: User, answers: list[str]) -> list[WhyStep]:
    """Replace the cause's 5-why chain with 1–5 answers, in order (empty answers at the end are left out)."""
    case = _writable(cause.case, actor)
    cleaned = [str(answer or "").strip() for answer in answers]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    errors: dict[str, str] = {}
    if not cleaned:
        errors["answers"] = _("Isi sekurang-kurangnya jawaban “mengapa” yang pertama.")
    elif len(cleaned) > MAX_WHYS:
        errors["answers"] = _("Paling banyak %(n)s jawaban “mengapa” (tertulis %(given)s).") % {
            "n": MAX_WHYS,
            "given": len(cleaned),
        }
    else:
        for level, answer in enumerate(cleaned, start=1):
            if not answer:
                errors[f"why_{level}"] = _(
                    "Jawaban mengapa ke-%(level)s kosong; isi jawaban berurutan dari yang pertama."
                ) % {"level": level}
            elif len(answer) > 300:
                errors[f"why_{level}"] = _("Paling panjang %(n)s karakter.") % {"n": 300}
    if errors:
        raise ValidationError(errors)
    before = list(cause.whys.values_list("answer", flat=True))
    cause.whys.all().delete()
    steps = WhyStep.objects.bulk_create(
        [WhyStep(cause=cause, level=level, answer=answer) for level, answer in enumerate(cleaned, start=1)]
    )
    record_event(
        cause,
        "productivity.whys.set",
        actor=actor,
        organization=case.organization,
        data={"case": str(case.public_id), "cause": cause.text, "before": before, "answers": cleaned},
    )
    return steps


@transaction.atomic
def finish_causes(*, case: GuidanceCase, actor: User) -> list[Task]:
    """Finish step 4 (root-cause analysis): needs the problem statement and at least one root cause."""
    case = _writable(case, actor)
    problems = []
    if not case.problem_statement.strip():
        problems.append(_("Masalah utama (kepala diagram tulang ikan) belum dirumuskan di identifikasi."))
    if not case.causes.filter(is_root=True).exists():
        problems.append(_("Tandai sekurang-kurangnya satu sebab sebagai akar masalah."))
    if problems:
        raise ValidationError(problems)
    return _finish(case=case, action="productivity.causes", actor=actor, event="productivity.causes.finished")


# ---- plan -----------------------------------------------------------------------------------------


def _action_values(
    case: GuidanceCase, values: dict[str, Any], *, is_new: bool, previous: PlanAction | None = None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    clean["description"] = _text(
        errors, "description", values.get("description"), MAX_TEXT, _("Tuliskan tindakan perbaikan.")
    )
    clean["owner"] = _text(
        errors, "owner", values.get("owner"), 200, _("Tuliskan penanggung jawab tindakan.")
    )
    clean["progress_note"] = _text(errors, "progress_note", values.get("progress_note"), MAX_TEXT, None)
    today = timezone.localdate()
    due_on = values.get("due_on")
    if not isinstance(due_on, dt.date):
        errors["due_on"] = _("Isi batas waktu tindakan.")
    elif (is_new or (previous is not None and previous.due_on != due_on)) and due_on < today:
        errors["due_on"] = _("Batas waktu (%(due)s) sudah lewat; hari ini %(today)s.") % {
            "due": format_date(due_on),
            "today": format_date(today),
        }
    clean["due_on"] = due_on
    cause = values.get("cause")
    if cause is not None:
        if cause.case_id != case.pk:
            errors["cause"] = _("Sebab itu bukan bagian dari kasus ini.")
        elif not cause.is_root:
            errors["cause"] = _("“%(cause)s” bukan akar masalah; pilih salah satu akar masalah.") % {
                "cause": cause.text
            }
    clean["cause"] = cause
    status = values.get("status") or PlanAction.Status.PLANNED
    done_on = values.get("done_on")
    if status not in PlanAction.Status.values:
        errors["status"] = _("Pilih status: %(choices)s.") % {
            "choices": ", ".join(str(label) for label in PlanAction.Status.labels)
        }
    elif status == PlanAction.Status.DONE:
        if not isinstance(done_on, dt.date):
            errors["done_on"] = _("Isi tanggal tindakan selesai.")
        elif done_on > today:
            errors["done_on"] = _("Tanggal selesai (%(day)s) tidak boleh di masa depan.") % {
                "day": format_date(done_on)
            }
    elif done_on is not None:
        errors["done_on"] = _("Tanggal selesai hanya diisi bila tindakan berstatus Selesai.")
    if status == PlanAction.Status.DROPPED and not clean["progress_note"] and "progress_note" not in errors:
        errors["progress_note"] = _("Tuliskan alasan tindakan tidak dilanjutkan.")
    clean["status"], clean["done_on"] = status, done_on if status == PlanAction.Status.DONE else None
    if errors:
        raise ValidationError(errors)
    return clean


def _action_data(action: PlanAction) -> dict[str, Any]:
    return {
        "description": action.description,
        "owner": action.owner,
        "due_on": action.due_on,
        "cause": action.cause.text if action.cause is not None else None,
        "status": action.status,
        "done_on": action.done_on,
        "progress_note": action.progress_note,
    }


@transaction.atomic
def add_action(
    *,
    case: GuidanceCase,
    actor: User,
    description: str,
    owner: str,
    due_on: dt.date,
    cause: Cause | None = None,
) -> PlanAction:
    """Add an action to the improvement plan, optionally naming the root cause it addresses."""
    case = _writable(case, actor)
    values = _action_values(
        case, {"description": description, "owner": owner, "due_on": due_on, "cause": cause}, is_new=True
    )
    position = (max(case.actions.values_list("position", flat=True), default=0) or 0) + 1
    action = PlanAction.objects.create(case=case, position=position, **values)
    record_event(
        action,
        "productivity.action.added",
        actor=actor,
        organization=case.organization,
        data={"case": str(case.public_id), **_action_data(action)},
    )
    return action


@transaction.atomic
def update_action(*, action: PlanAction, actor: User, **fields: Any) -> PlanAction:
    """Change an action or record how it went: done needs the day it was done; dropped needs a note."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"update_action() got unexpected fields: {', '.join(sorted(unknown))}")
    case = _writable(action.case, actor)
    action = PlanAction.objects.select_for_update(of=("self",)).select_related("cause").get(pk=action.pk)
    current = {name: getattr(action, name) for name in ACTION_FIELDS}
    values = _action_values(case, {**current, **fields}, is_new=False, previous=action)
    before = _action_data(action)
    for name, value in values.items():
        setattr(action, name, value)
    action.save()
    after = _action_data(action)
    record_event(
        action,
        "productivity.action.updated",
        actor=actor,
        organization=case.organization,
        data={
            "case": str(case.public_id),
            "changes": {name: [before[name], after[name]] for name in after if before[name] != after[name]},
        },
    )
    return action


@transaction.atomic
def delete_action(*, action: PlanAction, actor: User) -> None:
    case = _writable(action.case, actor)
    record_event(
        action,
        "productivity.action.deleted",
        actor=actor,
        organization=case.organization,
        data={"case": str(case.public_id), **_action_data(action)},
    )
    action.delete()


@transaction.atomic
def finish_plan(*, case: GuidanceCase, actor: User) -> list[Task]:
    """Finish step 5 (plan): needs an action, and every root cause addressed by at least one."""
    case = _writable(case, actor)
    if not case.actions.exists():
        raise ValidationError(
            _("Catat sekurang-kurangnya satu tindakan perbaikan sebelum menyelesaikan rencana.")
        )
    left = list(case.causes.filter(is_root=True, actions__isnull=True).order_by("category", "position", "id"))
    if left:
        raise ValidationError(
            _("Akar masalah berikut belum ditangani tindakan perbaikan: %(causes)s.")
            % {"causes": "; ".join(f"“{cause.text}”" for cause in left)}
        )
    return _finish(case=case, action="productivity.plan", actor=actor, event="productivity.plan.finished")


# ---- evaluation -----------------------------------------------------------------------------------


@transaction.atomic
def record_evaluation(
    *,
    case: GuidanceCase,
    actor: User,
    before: Measurement | None,
    after: Measurement | None,
    evaluated_on: dt.date | None,
    conclusion: str,
    recommendations: str = "",
) -> Evaluation:
    """Record (or replace) the evaluation: a period before the plan against a later one after it."""
    case = _writable(case, actor)
    errors: dict[str, str] = {}
    if before is None:
        errors["before"] = _("Pilih periode sebelum perbaikan.")
    elif before.case_id != case.pk:
        errors["before"] = _("Pengukuran itu bukan bagian dari kasus ini.")
    if after is None:
        errors["after"] = _("Pilih periode sesudah perbaikan.")
    elif after.case_id != case.pk:
        errors["after"] = _("Pengukuran itu bukan bagian dari kasus ini.")
    if not errors and before is not None and after is not None:
        if before.pk == after.pk:
            errors["after"] = _("Periode sesudah harus periode lain dari periode sebelum.")
        elif after.period_start <= before.period_end:
            errors["after"] = _(
                "Periode sesudah “%(after)s” mulai %(start)s, tidak sesudah periode sebelum “%(before)s” "
                "berakhir (%(end)s)."
            ) % {
                "after": after.label,
                "start": format_date(after.period_start),
                "before": before.label,
                "end": format_date(before.period_end),
            }
    today = timezone.localdate()
    if not isinstance(evaluated_on, dt.date):
        errors["evaluated_on"] = _("Isi tanggal evaluasi.")
    elif evaluated_on > today:
        errors["evaluated_on"] = _("Tanggal evaluasi (%(day)s) tidak boleh di masa depan.") % {
            "day": format_date(evaluated_on)
        }
    elif after is not None and "after" not in errors and evaluated_on < after.period_end:
        errors["evaluated_on"] = _(
            "Tanggal evaluasi (%(day)s) sebelum periode sesudah berakhir (%(end)s)."
        ) % {"day": format_date(evaluated_on), "end": format_date(after.period_end)}
    conclusion = _text(errors, "conclusion", conclusion, MAX_TEXT, _("Tuliskan kesimpulan evaluasi."))
    recommendations = _text(errors, "recommendations", recommendations, MAX_TEXT, None)
    if errors:
        raise ValidationError(errors)
    assert before is not None and after is not None and evaluated_on is not None
    evaluation, created = Evaluation.objects.update_or_create(
        case=case,
        defaults={
            "before": before,
            "after": after,
            "evaluated_on": evaluated_on,
            "conclusion": conclusion,
            "recommendations": recommendations,
            "evaluated_by": actor,
        },
    )
    record_event(
        evaluation,
        "productivity.evaluation.recorded",
        actor=actor,
        organization=case.organization,
        data={
            "case": str(case.public_id),
            "replaced": not created,
            "before": before.label,
            "after": after.label,
            "evaluated_on": evaluated_on,
            "conclusion": conclusion,
        },
    )
    return evaluation


@transaction.atomic
def finish_evaluation(*, case: GuidanceCase, actor: User) -> list[Task]:
    """Finish step 7 (evaluation): needs the evaluation."""
    case = _writable(case, actor)
    if not Evaluation.objects.filter(case=case).exists():
        raise ValidationError(
            _("Catat evaluasi sebelum dan sesudah perbaikan sebelum menyelesaikan langkah ini.")
        )
    return _finish(
        case=case, action="productivity.evaluation", actor=actor, event="productivity.evaluation.finished"
    )
