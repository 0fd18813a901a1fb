"""The case's documents: the worksheet of each stage (the output given to its SOP step) and the
closing report. Drawn by Typst on the office's letterhead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ujikom.core.models import User
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.typst import indonesian_date, letterhead

from .models import Cause, GuidanceCase
from .sop_binding import STAGE_BY_ACTION

TYPST = Path(__file__).resolve().parent / "typst"
WORKSHEET_TYPE = "productivity_worksheet"


def _section(heading: str, **parts: Any) -> dict[str, Any]:
    return {"heading": heading, "rows": [], "paragraphs": [], **parts}


def _table(headings: list[str], rows: list[list[str]]) -> dict[str, Any]:
    return {"headings": headings, "rows": rows}


def _name(user: User | None) -> str:
    return str(user.full_name or user) if user is not None else "—"


def _open_case_sections(case: GuidanceCase) -> list[dict[str, Any]]:
    company = case.company
    return [
        _section(
            _("Permohonan"),
            rows=[
                [_("Asal"), case.get_origin_display()],
                [_("Tanggal permohonan/penjangkauan"), indonesian_date(case.requested_on)],
                [_("Petugas pembimbing"), _name(case.officer)],
                [_("Satuan output"), case.output_unit],
            ],
            paragraphs=[case.request_summary],
        ),
        _section(
            _("Perusahaan/instansi"),
            rows=[
                [_("Nama"), company.name],
                [_("Sektor (KBLI)"), company.get_sector_display()],
                [_("Skala"), company.get_size_display()],
                [_("Alamat"), company.address],
                [_("Narahubung"), ", ".join(x for x in (company.contact_name, company.contact_phone) if x)],
            ],
        ),
    ]


def _identification_sections(case: GuidanceCase) -> list[dict[str, Any]]:
    from .selectors_closing import format_number

    figures = [
        [figure.label, f"{format_number(figure.value)} {figure.unit}".strip(), figure.source or "—"]
        for figure in case.figures.all()
    ]
    return [
        _section(
            _("Identifikasi permasalahan"),
            rows=[
                [
                    _("Tanggal identifikasi"),
                    indonesian_date(case.identified_on) if case.identified_on else "—",
                ],
                [_("Masalah utama"), case.problem_statement or "—"],
            ],
            paragraphs=[case.identification_notes] if case.identification_notes else [],
        ),
        _section(
            _("Data perusahaan"),
            table=_table([_("Uraian"), _("Nilai"), _("Sumber data")], figures),
            paragraphs=[] if figures else [_("Tidak ada data perusahaan yang dicatat.")],
        ),
    ]


def _indicator_sections(case: GuidanceCase) -> list[dict[str, Any]]:
    from .selectors_closing import measurement_headings, measurement_row

    rows = [measurement_row(measurement) for measurement in case.measurements.all()]
    return [
        _section(
            _("Pengukuran indikator produktivitas"),
            table=_table(measurement_headings(case.output_unit), rows),
            paragraphs=[] if rows else [_("Belum ada pengukuran.")],
        )
    ]


def _cause_sections(case: GuidanceCase) -> list[dict[str, Any]]:
    from .selectors_closing import fishbone_or_empty

    sections = [
        _section(
            _("Diagram sebab-akibat"),
            rows=[[_("Masalah utama"), case.problem_statement or "—"]],
            svg=fishbone_or_empty(case),
        )
    ]
    labels = dict(Cause.Category.choices)
    causes = list(case.causes.prefetch_related("whys").order_by("category", "parent_id", "position", "id"))
    for category, label in labels.items():
        mine = [cause for cause in causes if cause.category == category]
        if not mine:
            continue
        paragraphs = []
        for cause in mine:
            marker = _(" (akar masalah)") if cause.is_root else ""
            prefix = "– " if cause.parent_id else ""
            paragraphs.append(f"{prefix}{cause.text}{marker}")
            for why in cause.whys.all():
                paragraphs.append(
                    _("Mengapa %(level)s: %(answer)s") % {"level": why.level, "answer": why.answer}
                )
        sections.append(_section(str(label), paragraphs=paragraphs))
    return sections


def _plan_rows(case: GuidanceCase) -> list[list[str]]:
    return [
        [
            action.description,
            action.cause.text if action.cause else "—",
            action.owner,
            indonesian_date(action.due_on),
            action.get_status_display(),
            action.progress_note or "—",
        ]
        for action in case.actions.select_related("cause")
    ]


def _plan_headings() -> list[str]:
    return [
        _("Tindakan"),
        _("Akar masalah"),
        _("Penanggung jawab"),
        _("Batas waktu"),
        _("Status"),
        _("Catatan"),
    ]


def _plan_sections(case: GuidanceCase) -> list[dict[str, Any]]:
    rows = _plan_rows(case)
    return [
        _section(
            _("Rencana perbaikan"),
            table=_table(_plan_headings(), rows),
            paragraphs=[] if rows else [_("Belum ada tindakan perbaikan.")],
        )
    ]


def _follow_up_sections(case: GuidanceCase) -> list[dict[str, Any]]:
    visits = [
        [
            indonesian_date(visit.visited_on),
            _name(visit.officer),
            visit.met_with or "—",
            visit.findings,
            visit.next_steps or "—",
        ]
        for visit in case.visits.select_related("officer")
    ]
    return [
        _section(
            _("Kunjungan tindak lanjut"),
            table=_table(
                [_("Tanggal"), _("Petugas"), _("Ditemui"), _("Temuan dan kemajuan"), _("Tindak lanjut")],
                visits,
            ),
            paragraphs=[] if visits else [_("Belum ada kunjungan.")],
        ),
        _section(_("Kemajuan rencana perbaikan"), table=_table(_plan_headings(), _plan_rows(case))),
    ]


def _evaluation_sections(case: GuidanceCase) -> list[dict[str, Any]]:
    from . import indicators
    from .selectors_closing import change_sentence, changes_of, comparison_rows, evaluation_of

    evaluation = evaluation_of(case)
    if evaluation is None:
        return [_section(_("Evaluasi sebelum dan sesudah perbaikan"), paragraphs=[_("Belum ada evaluasi.")])]
    changes = changes_of(evaluation, case.output_unit)
    headline = change_sentence(indicators.headline(changes))
    return [
        _section(
            _("Evaluasi sebelum dan sesudah perbaikan"),
            rows=[
                [_("Periode sebelum"), evaluation.before.label],
                [_("Periode sesudah"), evaluation.after.label],
                [_("Tanggal evaluasi"), indonesian_date(evaluation.evaluated_on)],
            ],
            paragraphs=[headline] if headline else [],
            table=_table(
                [_("Indikator"), _("Satuan"), _("Sebelum"), _("Sesudah"), _("Perubahan")],
                comparison_rows(changes),
            ),
        ),
        _section(
            _("Kesimpulan dan rekomendasi"),
            paragraphs=[text for text in (evaluation.conclusion, evaluation.recommendations) if text],
        ),
    ]


SECTION_BUILDERS = {
    "productivity.open_case": _open_case_sections,
    "productivity.identification": _identification_sections,
    "productivity.indicators": _indicator_sections,
    "productivity.causes": _cause_sections,
    "productivity.plan": _plan_sections,
    "productivity.follow_up": _follow_up_sections,
    "productivity.evaluation": _evaluation_sections,
}


def worksheet_sections(case: GuidanceCase, action: str) -> list[dict[str, Any]]:
    """What the worksheet of a stage records: sections of a heading, rows of label and value,
    paragraphs, and optionally a table (headings and rows) and an SVG drawing."""
    builder = SECTION_BUILDERS.get(action)
    if builder is None:
        return []
    with translation.override("id"):  # official documents are Indonesian
        return builder(case)


def stage_worksheet(*, case: GuidanceCase, action: str, actor: User) -> StoredFile:
    """Store the worksheet PDF of one stage of `case` (unnumbered) and return it."""
    stage = STAGE_BY_ACTION[action]
    title = f"Lembar kerja: {stage.label}"
    stored, _number = generate_document(
        organization=case.organization,
        document_type=WORKSHEET_TYPE,
        template=TYPST / "worksheet.typ",
        data={
            "org": letterhead(case.organization),
            "title": title,
            "case": {"number": case.number, "company": case.company.name, "title": case.title},
            "stage": str(stage.label),
            "date": indonesian_date(timezone.localdate()),
            "sections": worksheet_sections(case, action),
        },
        actor=actor,
        subject=case,
        title=f"{title} · {case.number or case.title}"[:255],
        numbered=False,
        filename=f"lembar-kerja-{stage.anchor}-{case.number or case.pk}",
    )
    return stored
