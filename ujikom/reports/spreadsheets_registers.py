"""The registers as xlsx workbooks: a "Ringkasan" sheet with the filter and the totals the page shows,
then the rows, in the page's columns. Written with openpyxl in write-only mode, row by row."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from .selectors_registers import ArchiveLine, BlankLine, RegisterFilter, percent_text

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def workbook(
    *, title: str, filters: RegisterFilter, summary: Sequence[tuple[str, Any]], sheets: Sequence[Sheet]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def cells(sheet: Any, values: Sequence[Any], *, strong: bool = False) -> list[Any]:
        row = []
        for value in values:
            if isinstance(value, dt.datetime):
                value = value.replace(tzinfo=None)
            cell = WriteOnlyCell(
                sheet,
                value=value if value is None or isinstance(value, int | float | dt.date) else str(value),
            )
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
            if strong:
                cell.font = bold
            row.append(cell)
        return row

    first = book.create_sheet(title=_("Ringkasan"))
    first.append(cells(first, [title], strong=True))
    organization = filters.organization.name if filters.organization is not None else _("Semua LSP")
    first.append(cells(first, [_("Organisasi"), organization]))
    first.append(cells(first, [_("Periode"), filters.period.label]))
    if filters.status:
        first.append(cells(first, [_("Status"), filters.status]))
    first.append([])
    for label, value in summary:
        first.append(cells(first, [label, value]))
    for name, headers, rows in sheets:
        sheet = book.create_sheet(title=name[:31])
        sheet.append(cells(sheet, headers, strong=True))
        for values in rows:
            sheet.append(cells(sheet, values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _yes(value: bool) -> str:
    return _("Ya") if value else _("Tidak")


# ---- the registers' columns -------------------------------------------------------------------


def appeal_headers() -> list[str]:
    return [
        _("Tanggal diajukan"),
        _("Asesi"),
        _("Uji kompetensi"),
        _("Skema"),
        _("Alasan banding"),
        _("Status"),
        _("Keputusan"),
        _("Diputuskan oleh"),
        _("Tanggal diputuskan"),
        _("Lama memutus (hari)"),
    ]


def appeal_values(record: dict[str, Any]) -> list[Any]:
    return [
        record["submitted_on"],
        record["candidate"],
        record["event"],
        record["scheme"],
        record["grounds"],
        record["status_label"],
        record["decision"],
        record["decided_by"],
        record["decided_on"],
        record["days_to_decide"],
    ]


def complaint_headers() -> list[str]:
    return [
        _("Nomor"),
        _("Tanggal diterima"),
        _("Saluran"),
        _("Pengadu"),
        _("Kontak"),
        _("Pokok pengaduan"),
        _("Uraian"),
        _("Uji kompetensi terkait"),
        _("Status"),
        _("Tindak lanjut"),
        _("Tanggal selesai"),
        _("Ditangani oleh"),
        _("Lama penyelesaian (hari)"),
    ]


def complaint_values(record: dict[str, Any]) -> list[Any]:
    return [
        record["number"],
        record["received_on"],
        record["channel_label"],
        record["complainant_name"],
        record["complainant_contact"],
        record["subject"],
        record["description"],
        record["event_title"],
        record["status_label"],
        record["response"],
        record["resolved_on"],
        record["handled_by"],
        record["days_to_resolve"],
    ]


def status_summary(totals: dict[str, Any]) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [(item["label"], item["count"]) for item in totals["by_status"]]
    rows.append((_("Jumlah"), totals["total"]))
    return rows


def blank_headers() -> list[str]:
    return [
        _("LSP"),
        _("Saldo awal"),
        _("Diterima"),
        _("Digunakan"),
        _("Rusak"),
        _("Dikembalikan"),
        _("Saldo akhir"),
        _("Stok saat ini"),
        _("Kebutuhan tertunda"),
    ]


def blank_values(line: BlankLine) -> list[Any]:
    return [
        line.lsp.name,
        line.opening,
        line.received,
        line.used,
        line.damaged,
        line.returned,
        line.closing,
        line.stock_now,
        line.pending,
    ]


def movement_headers() -> list[str]:
    return [
        _("Tanggal"),
        _("LSP"),
        _("Jenis"),
        _("Jumlah"),
        _("Nomor rujukan"),
        _("Seri dari"),
        _("Seri sampai"),
        _("Permohonan"),
        _("Asesi"),
        _("Keterangan"),
    ]


def movement_values(record: dict[str, Any]) -> list[Any]:
    return [
        record["occurred_on"],
        record["lsp"],
        record["kind_label"],
        record["change"],
        record["reference"],
        record["serial_from"],
        record["serial_to"],
        record["request"],
        record["candidate"],
        record["note"],
    ]


def archive_headers() -> list[str]:
    return [
        _("Uji kompetensi"),
        _("Skema"),
        _("Tanggal uji"),
        _("Diarsipkan"),
        _("Lengkap"),
        _("Kelengkapan yang kurang"),
        _("Nomor arsip"),
        _("Lokasi arsip"),
        _("Disimpan sampai"),
    ]


def archive_values(line: ArchiveLine) -> list[Any]:
    archive = line.archive
    return [
        line.event.title,
        line.event.scheme.code,
        line.event.starts_on,
        _yes(archive is not None),
        _yes(line.complete),
        "; ".join(line.missing),
        archive.number if archive is not None else "",
        archive.location if archive is not None else "",
        archive.retain_until if archive is not None else None,
    ]


def archive_summary(totals: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        (_("Uji kompetensi selesai"), totals["done"]),
        (_("Sudah diarsipkan"), totals["archived"]),
        (_("Belum diarsipkan"), totals["not_archived"]),
        (_("Arsip lengkap"), totals["complete"]),
        (_("Persentase lengkap"), percent_text(totals["share_complete"])),
    ]
