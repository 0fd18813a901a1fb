"""Reads of the closing part: what the case page's closing section shows, the sentence of a case's
improvement, and the content of the closing report (one place, so the page, the PDF, the report and
the dashboard say the same thing in the same words)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ujikom.core.access import active_assignments, has_permission
from ujikom.core.models import Organization, User
from ujikom.documents.typst import indonesian_date, indonesian_number
from ujikom.sop import engine
from ujikom.sop.templatetags.sop_runs import working_time

from . import indicators
from .access import LEAD
from .models import Cause, Evaluation, GuidanceCase, Measurement
from .sop_binding import STAGE_BY_ACTION

DASH = "—"


def format_number(value: Decimal | int | float | None, places: int = 2) -> str:
    """A number as Indonesians write it: "12.500,25" ("—" when there is none)."""
    return DASH if value is None else indonesian_number(value, places)


def format_percent(value: Decimal | None, places: int = 1, *, signed: bool = False) -> str:
    if value is None:
        return DASH
    text = format_number(abs(value) if not signed else value, places)
    if signed and value > 0:
        text = "+" + text
    return f"{text} %"


def change_sentence(change: indicators.Change | None) -> str:
    """ "Output per jam kerja naik 18,4 % dari 0,88 menjadi 1,04 potong/orang-jam." """
    if change is None or change.before is None or change.after is None:
        return ""
    values = {
        "indicator": str(change.indicator.label),
        "before": format_number(change.before),
        "after": format_number(change.after),
        "unit": change.unit,
        "percent": format_percent(change.change_percent),
    }
    if not change.difference:
        return _("%(indicator)s tetap %(after)s %(unit)s.") % values
    if change.change_percent is None:
        if change.difference > 0:
            return _("%(indicator)s naik dari %(before)s menjadi %(after)s %(unit)s.") % values
        return _("%(indicator)s turun dari %(before)s menjadi %(after)s %(unit)s.") % values
    if change.difference > 0:
        return _("%(indicator)s naik %(percent)s dari %(before)s menjadi %(after)s %(unit)s.") % values
    return _("%(indicator)s turun %(percent)s dari %(before)s menjadi %(after)s %(unit)s.") % values


def evaluation_of(case: GuidanceCase) -> Evaluation | None:
    return Evaluation.objects.filter(case=case).select_related("before", "after", "evaluated_by").first()


def changes_of(evaluation: Evaluation, output_unit: str) -> list[indicators.Change]:
    return indicators.compare(evaluation.before, evaluation.after, output_unit)


def closing_context(*, case: GuidanceCase, user: User) -> dict[str, Any]:
    """What the case page's closing section shows: whether the case may be closed, the headline of
    its evaluation, and the report once it is closed."""
    evaluation = evaluation_of(case)
    headline = None
    if evaluation is not None:
        headline = indicators.headline(changes_of(evaluation, case.output_unit))
    return {
        "closing_evaluation": evaluation,
        "closing_headline": change_sentence(headline),
        "closing_can_close": (
            case.status == GuidanceCase.Status.OPEN and has_permission(user, LEAD, case.organization)
        ),
    }


# ---- the closing report's content -----------------------------------------------------------------


def signer_of(actor: User, organization: Organization) -> dict[str, str]:
    """Who signs: the person's own title, else the name of their role in the office."""
    role_name = next(
        (
            assignment.role.name
            for assignment in active_assignments(actor)
            if assignment.organization_id == organization.pk
        ),
        "",
    )
    return {
        "title": actor.title or role_name,
        "name": str(actor.full_name or actor.get_username()),
        "nip": actor.nip or "",
    }


def indicator_headings(output_unit: str) -> list[str]:
    return [
        f"{indicator.label} ({indicators.unit_of(indicator, output_unit)})"
        for indicator in indicators.INDICATORS
    ]


def measurement_row(measurement: Measurement) -> list[str]:
    values = indicators.values_of(measurement)
    period = f"{indonesian_date(measurement.period_start)} – {indonesian_date(measurement.period_end)}"
    return [
        measurement.label,
        period,
        format_number(measurement.output_quantity),
        format_number(measurement.hours_worked),
        *[format_number(values[indicator.key]) for indicator in indicators.INDICATORS],
    ]


def measurement_headings(output_unit: str) -> list[str]:
    return [
        _("Periode"),
        _("Tanggal"),
        _("Output (%(unit)s)") % {"unit": output_unit},
        _("Jam kerja (orang-jam)"),
        *indicator_headings(output_unit),
    ]


def comparison_rows(changes: list[indicators.Change]) -> list[list[str]]:
    return [
        [
            str(change.indicator.label),
            change.unit,
            format_number(change.before),
            format_number(change.after),
            format_percent(change.change_percent, signed=True),
        ]
        for change in changes
    ]


def comparison_bars(changes: list[indicators.Change]) -> list[dict[str, Any]]:
    """Before and after of each indicator as shares of the larger of the two (units differ)."""
    bars = []
    for change in changes:
        if change.before is None or change.after is None:
            continue
        top = max(change.before, change.after)
        if top <= 0:
            continue
        bars.append(
            {
                "label": str(change.indicator.label),
                "before": float(change.before / top),
                "after": float(change.after / top),
                "before_text": format_number(change.before),
                "after_text": format_number(change.after),
                "change": format_percent(change.change_percent, signed=True),
            }
        )
    return bars


def step_rows(case: GuidanceCase) -> list[list[str]]:
    """The run's steps as they happened: number, stage, who signed off, when, working time and standard."""
    if case.run_id is None:
        return []
    assert case.run is not None
    rows = []
    for step_run in engine.step_runs_of(case.run):
        stage = STAGE_BY_ACTION.get(step_run.step.action)
        tasks = list(step_run.tasks.all())
        label = str(stage.label) if stage else (tasks[0].activity.text[:80] if tasks else "")
        by = ", ".join(
            str(task.completed_by.full_name or task.completed_by) for task in tasks if task.completed_by
        )
        if step_run.completed_at:
            late = _("terlambat") if step_run.late else _("tepat waktu")
            done = indonesian_date(step_run.completed_at.date())
        else:
            late = _("berjalan")
            done = DASH
        rows.append(
            [
                str(step_run.step.number),
                label,
                by or DASH,
                done,
                working_time(step_run.working_seconds) if step_run.completed_at else DASH,
                step_run.step.time_text or working_time(step_run.standard_seconds),
                late,
            ]
        )
    return rows


def fishbone_or_empty(case: GuidanceCase) -> str:
    try:
        from .drawing import fishbone_svg  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return ""
    return str(fishbone_svg(case))


def closing_report_data(*, case: GuidanceCase, actor: User) -> dict[str, Any]:
    """The closing report's content (see typst/closing_report.typ)."""
    company = case.company
    evaluation = evaluation_of(case)
    measurements = list(case.measurements.all())
    changes = changes_of(evaluation, case.output_unit) if evaluation else []
    headline = indicators.headline(changes)
    causes = list(case.causes.prefetch_related("whys").order_by("category", "parent_id", "position", "id"))
    actions = list(case.actions.select_related("cause"))
    visits = list(case.visits.select_related("officer"))
    category_labels = dict(Cause.Category.choices)
    return {
        "org": {
            "name": case.organization.name,
            "address": case.organization.address or case.organization.city,
            "phone": case.organization.phone,
            "email": case.organization.email,
        },
        "title": _("Laporan Penutup Bimbingan Teknis Peningkatan Produktivitas"),
        "case": [
            [_("Nomor kasus"), case.number or DASH],
            [_("Judul"), case.title],
            [_("Asal"), case.get_origin_display()],
            [_("Tanggal permohonan/penjangkauan"), indonesian_date(case.requested_on)],
            [_("Petugas pembimbing"), str(case.officer.full_name or case.officer) if case.officer else DASH],
            [_("Tanggal ditutup"), indonesian_date(case.closed_on) if case.closed_on else DASH],
        ],
        "company": [
            [_("Nama"), company.name],
            [_("Jenis"), company.get_kind_display()],
            [_("Sektor (KBLI)"), company.get_sector_display()],
            [_("Skala"), company.get_size_display()],
            [_("Jumlah pekerja"), str(company.workers) if company.workers else DASH],
            [_("Alamat"), company.address],
            [_("Narahubung"), ", ".join(x for x in (company.contact_name, company.contact_position) if x)],
        ],
        "request": case.request_summary,
        "identification": {
            "date": indonesian_date(case.identified_on) if case.identified_on else DASH,
            "problem": case.problem_statement,
            "notes": case.identification_notes,
            "figures": [
                [figure.label, f"{format_number(figure.value)} {figure.unit}".strip(), figure.source or DASH]
                for figure in case.figures.all()
            ],
        },
        "measurements": {
            "headings": measurement_headings(case.output_unit),
            "rows": [measurement_row(measurement) for measurement in measurements],
        },
        "evaluation": {
            "before": evaluation.before.label if evaluation else "",
            "after": evaluation.after.label if evaluation else "",
            "date": indonesian_date(evaluation.evaluated_on) if evaluation else DASH,
            "rows": comparison_rows(changes),
            "sentence": change_sentence(headline),
            "sentences": [
                sentence for sentence in (change_sentence(change) for change in changes) if sentence
            ],
            "bars": comparison_bars(changes),
            "conclusion": evaluation.conclusion if evaluation else "",
            "recommendations": evaluation.recommendations if evaluation else "",
        },
        "svg": fishbone_or_empty(case),
        "causes": [
            {
                "category": str(category_labels.get(cause.category, cause.category)),
                "text": cause.text,
                "root": cause.is_root,
                "sub": cause.parent_id is not None,
                "whys": [why.answer for why in cause.whys.all()],
            }
            for cause in causes
        ],
        "plan": [
            [
                action.description,
                action.owner,
                indonesian_date(action.due_on),
                action.get_status_display(),
                indonesian_date(action.done_on) if action.done_on else DASH,
            ]
            for action in actions
        ],
        "visits": [
            [
                indonesian_date(visit.visited_on),
                str(visit.officer.full_name or visit.officer),
                visit.met_with or DASH,
                visit.findings,
            ]
            for visit in visits
        ],
        "closing_summary": case.closing_summary,
        "steps": step_rows(case),
        "labels": {
            "root": _("akar masalah"),
            "why": _("Mengapa"),
            "before": _("Sebelum"),
            "after": _("Sesudah"),
            "none": _("Tidak ada."),
        },
        "place": case.organization.city or case.organization.name,
        "date": indonesian_date(case.closed_on) if case.closed_on else "",
        "signer": signer_of(actor, case.organization),
        "page_label": _("Halaman"),
        "of_label": _("dari"),
    }
