"""The period report as a file: an xlsx workbook (a summary sheet and one sheet per breakdown) or a
numbered PDF report on the organization's letterhead with bar charts, made in the job worker.

`start_period_export` records the request and queues the job; the job (`run_export`) computes the
report, writes the file while it advances `done`/`total`, stores it and marks the export done, or
failed with an Indonesian message the export page shows.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User
from ujikom.documents.generation import generate_document
from ujikom.documents.services import store_file
from ujikom.documents.typst import indonesian_date, indonesian_number, letterhead

from .models import ReportExport
from .scope import Period
from .selectors_period import CHART_SERIES, Breakdown, PeriodReport, Row, head_of, head_title, period_report

logger = logging.getLogger(__name__)

KIND = "period"
DOCUMENT_TYPE = "period_report"
TYPST = Path(__file__).resolve().parent / "typst"
CHART_SCHEMES = 12  # the PDF's chart shows the schemes with the most registrations
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = "0.0%"

EVENT_LABELS = {
    "reports.export_requested": gettext_lazy("Ekspor laporan diminta"),
    "reports.export_done": gettext_lazy("Ekspor laporan selesai dibuat"),
}


def report_title(period: Period) -> str:
    return _("Laporan Uji Kompetensi dan Sertifikasi — %(period)s") % {"period": period.label}


def sheet_names() -> dict[str, str]:
    return {
        "scheme": _("Skema"),
        "site": _("TUK"),
        "assessor": _("Asesor"),
        "funding": _("Sumber anggaran"),
        "facilitator": _("Instansi fasilitator"),
        "program": _("Program pelatihan"),
    }


def columns_of(breakdown: Breakdown) -> list[tuple[str, str]]:
    """(attribute, heading) of the figure columns of a breakdown table, after code and name."""
    columns = []
    if breakdown.has_target:
        columns.append(("target", _("Target")))
    if breakdown.has_registered:
        columns.append(("registered", _("Terdaftar")))
    columns += [
        ("tested", _("Teruji")),
        ("competent", _("Kompeten")),
        ("not_competent", _("Belum kompeten")),
        ("certified", _("Bersertifikat")),
        ("pass_rate", _("Tingkat kelulusan")),
    ]
    if breakdown.has_target:
        columns.append(("realisation", _("Realisasi target")))
    return columns


def summary_lines(report: PeriodReport) -> list[tuple[str, int | float | None, bool]]:
    """(label, value, is a rate) of the report's totals; rates are percentages (None when not
    defined)."""
    totals = report.totals
    target_label = _("Target tahunan") if report.target_is_yearly else _("Target")
    return [
        (target_label, report.target, False),
        (_("Terdaftar"), totals.registered, False),
        (_("Teruji"), totals.tested, False),
        (_("Kompeten (K)"), totals.competent, False),
        (_("Belum kompeten (BK)"), totals.not_competent, False),
        (_("Bersertifikat"), totals.certified, False),
        (_("Tingkat kelulusan"), totals.pass_rate, True),
        (_("Realisasi target (teruji/target)"), totals.realisation, True),
    ]


def scheme_label(report: PeriodReport) -> str:
    return report.scheme_code or _("Semua skema")


# ---- starting and running an export ---------------------------------------------------------------


def start_period_export(
    *, organization: Organization, period: Period, scheme_code: str, format: str, actor: User
) -> ReportExport:
    """Record the request and queue the job once the request's transaction commits."""
    if format not in ReportExport.Format.values:
        raise ValidationError({"format": _("Format harus xlsx atau pdf.")})
    with transaction.atomic():
        export = ReportExport.objects.create(
            organization=organization,
            kind=KIND,
            params={**period.as_params(), "scheme": scheme_code},
            format=format,
            requested_by=actor,
        )
        record_event(
            export,
            "reports.export_requested",
            actor=actor,
            organization=organization,
            data={"kind": KIND, "format": format, **export.params},
        )
    from .tasks import run_report_export

    transaction.on_commit(lambda: run_report_export(export.pk))
    return export


def period_of(export: ReportExport) -> Period:
    params = export.params
    return Period.parse(
        params.get("period"), str(params.get("year", "")), str(params.get("number", "")) or None
    )


def _progress(export: ReportExport, done: int, total: int | None = None) -> None:
    export.done = done
    fields = ["done", "updated_at"]
    if total is not None:
        export.total = total
        fields.append("total")
    export.save(update_fields=fields)


def run_export(export: ReportExport) -> ReportExport:
    """Make the export's file; the export ends done (with its file) or failed (with the reason)."""
    if export.status in (ReportExport.Status.DONE, ReportExport.Status.FAILED):
        return export
    export.status = ReportExport.Status.RUNNING
    export.started_at = timezone.now()
    export.save(update_fields=["status", "started_at", "updated_at"])
    try:
        with translation.override("id"):  # official documents are Indonesian
            if export.kind != KIND:
                raise ValidationError(_("Jenis laporan %(kind)s tidak dikenal.") % {"kind": export.kind})
            if export.format == ReportExport.Format.XLSX:
                _make_xlsx(export)
            else:
                _make_pdf(export)
    except ValidationError as error:
        _fail(export, " ".join(error.messages))
    except Exception:
        logger.exception("Report export %s failed", export.public_id)
        _fail(
            export, _("Laporan gagal dibuat karena kesalahan sistem; coba lagi atau hubungi administrator.")
        )
    return export


def _fail(export: ReportExport, message: str) -> None:
    export.status = ReportExport.Status.FAILED
    export.message = message
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "message", "finished_at", "updated_at"])


def _finish(export: ReportExport) -> None:
    export.status = ReportExport.Status.DONE
    export.done = export.total
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "done", "file", "number", "finished_at", "updated_at"])


def _filename(export: ReportExport, period: Period, extension: str) -> str:
    parts = ["laporan-periode", export.organization.code, str(period.year)]
    if period.kind != "year":
        parts.append(f"{'b' if period.kind == 'month' else 'tw'}{period.number:02}")
    if export.params.get("scheme"):
        parts.append(str(export.params["scheme"]))
    return "-".join(parts) + f".{extension}"


def _report_of(export: ReportExport) -> tuple[Period, PeriodReport]:
    period = period_of(export)
    return period, period_report(export.organization, period, export.params.get("scheme") or None)


# ---- xlsx -------------------------------------------------------------------------------------------


def _make_xlsx(export: ReportExport) -> None:
    _progress(export, 0, 3 + 6)
    period, report = _report_of(export)
    _progress(export, 1)
    number = (
        ReportExport.objects.filter(
            organization=export.organization,
            kind=KIND,
            params=export.params,
            format=ReportExport.Format.PDF,
            status=ReportExport.Status.DONE,
        )
        .exclude(number="")
        .values_list("number", flat=True)
        .first()
    ) or ""
    content = build_xlsx(report, number=number, on_sheet=lambda index: _progress(export, 2 + index))
    with transaction.atomic():
        export.file = store_file(
            organization=export.organization,
            content=content,
            name=_filename(export, period, "xlsx"),
            actor=export.requested_by,
            content_type=XLSX_TYPE,
            title=report_title(period),
            subject=export,
            is_generated=True,
        )
        export.number = number
        _finish(export)
        record_event(
            export, "reports.export_done", actor=export.requested_by, organization=export.organization
        )


def build_xlsx(report: PeriodReport, *, number: str = "", on_sheet: Any = None) -> bytes:
    """The workbook: "Ringkasan" and one sheet per breakdown, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def cell(sheet: Any, value: Any, *, header: bool = False, rate: bool = False) -> Any:
        item = WriteOnlyCell(sheet, value=value)
        if header:
            item.font = bold
        if rate:
            item.number_format = PERCENT_FORMAT
        return item

    summary = workbook.create_sheet(_("Ringkasan"))
    summary.column_dimensions["A"].width = 36
    summary.column_dimensions["B"].width = 48
    summary.append([cell(summary, report_title(report.period), header=True)])
    for heading, text in (
        (_("Organisasi"), report.organization.name),
        (_("Periode"), report.period.label),
        (_("Skema"), scheme_label(report)),
        (_("Nomor laporan"), number or "–"),
        (_("Tanggal dibuat"), indonesian_date(timezone.localdate())),
    ):
        summary.append([cell(summary, heading, header=True), text])
    summary.append([])
    for label, value, is_rate in summary_lines(report):
        if is_rate:
            shown = cell(summary, None if value is None else value / 100, rate=True)
        else:
            shown = cell(summary, value)
        summary.append([cell(summary, label, header=True), shown])
    if report.is_empty:
        summary.append([])
        summary.append([_("Tidak ada data untuk filter ini.")])

    names = sheet_names()
    for index, breakdown in enumerate(report.breakdowns):
        sheet = workbook.create_sheet(names[breakdown.key])
        columns = columns_of(breakdown)
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 48
        for position in range(len(columns)):
            sheet.column_dimensions[_column_letter(position + 3)].width = 16
        sheet.append(
            [cell(sheet, _("Kode"), header=True), cell(sheet, _("Nama"), header=True)]
            + [cell(sheet, heading, header=True) for _attribute, heading in columns]
        )
        for row in breakdown.rows:
            sheet.append([row.key, row.label] + [_xlsx_value(sheet, cell, row, name) for name, _h in columns])
        if not breakdown.rows:
            sheet.append(["", _("Tidak ada data untuk filter ini.")])
        if on_sheet is not None:
            on_sheet(index + 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)


def _xlsx_value(sheet: Any, cell: Any, row: Row, name: str) -> Any:
    value = getattr(row, name)
    if name in ("pass_rate", "realisation"):
        return cell(sheet, None if value is None else value / 100, rate=True)
    return value


# ---- PDF ----------------------------------------------------------------------------------------------


def _make_pdf(export: ReportExport) -> None:
    _progress(export, 0, 3)
    period, report = _report_of(export)
    _progress(export, 1)
    data = pdf_data(report)
    with transaction.atomic():
        stored, number = generate_document(
            organization=export.organization,
            document_type=DOCUMENT_TYPE,
            template=TYPST / "period_report.typ",
            data=data,
            actor=export.requested_by,
            subject=export,
            title=report_title(period),
            filename=_filename(export, period, "pdf").removesuffix(".pdf"),
        )
        export.file = stored
        export.number = number
        _finish(export)
        record_event(
            export,
            "reports.export_done",
            actor=export.requested_by,
            organization=export.organization,
            data={"number": number},
        )


def _figure(value: int | float | None, *, rate: bool = False) -> str:
    if value is None:
        return "–"
    if rate:
        return f"{indonesian_number(value, 1)}%"
    return indonesian_number(int(value))


def pdf_data(report: PeriodReport) -> dict[str, Any]:
    """What period_report.typ prints (every text already Indonesian and formatted)."""
    organization = report.organization
    head = head_of(organization)
    scheme_rows = sorted(report.breakdown("scheme").rows, key=lambda row: -(row.registered or 0))[
        :CHART_SCHEMES
    ]
    chart_values = [
        [int(getattr(row, name) or 0) for name, _label, _color in CHART_SERIES] for row in scheme_rows
    ]
    chart_rows = [
        {"label": row.key or row.label, "values": values}
        for row, values in zip(scheme_rows, chart_values, strict=True)
    ]
    chart_max = max([1, *[value for values in chart_values for value in values]])
    breakdowns = []
    for breakdown in report.breakdowns:
        columns = columns_of(breakdown)
        breakdowns.append(
            {
                "title": breakdown.title,
                "columns": [_("Nama"), *[heading for _name, heading in columns]],
                "rows": [
                    [
                        row.label,
                        *[
                            _figure(getattr(row, name), rate=name in ("pass_rate", "realisation"))
                            for name, _heading in columns
                        ],
                    ]
                    for row in breakdown.rows
                ],
            }
        )
    return {
        "org": letterhead(organization),
        "title": report_title(report.period),
        "period": report.period.label,
        "scheme": _("Skema: %(scheme)s") % {"scheme": scheme_label(report)},
        "summary": [[label, _figure(value, rate=is_rate)] for label, value, is_rate in summary_lines(report)],
        "target_note": _("Target adalah target tahunan %(year)s.") % {"year": report.period.year}
        if report.target_is_yearly
        else "",
        "empty": _("Tidak ada data untuk filter ini.") if report.is_empty else "",
        "no_rows": _("Tidak ada data untuk filter ini."),
        "chart": {
            "title": _("Capaian per skema sertifikasi"),
            "series": [{"label": str(label), "color": color} for _name, label, color in CHART_SERIES],
            "rows": chart_rows,
            "max": chart_max,
        },
        "rate_chart": {
            "title": _("Tingkat kelulusan per skema sertifikasi"),
            "rows": [
                {"label": row.key or row.label, "value": row.pass_rate, "text": row.pass_rate_label}
                for row in scheme_rows
                if row.pass_rate is not None
            ],
        },
        "breakdowns": breakdowns,
        "place": organization.city or organization.province or "Jakarta",
        "date": indonesian_date(timezone.localdate()),
        "signer": {
            "title": head_title(organization, head) or _("Pimpinan"),
            "name": str(head.full_name or head) if head is not None else "",
            "nip": head.nip if head is not None else "",
        },
        "page_label": _("Halaman"),
        "of_label": _("dari"),
    }
