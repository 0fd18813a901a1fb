"""/api/v1/reports/… of the period report: the same figures as the page /laporan/periode/ as JSON,
and report exports (xlsx or numbered PDF) made by the job worker, with their progress and file.

Only organizations whose reports the caller may see (`reports.view`) are answered (403 otherwise);
a wrong period is a 422 naming the query or body field, as every bad input of the API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ujikom.core.models import Organization, User
from ujikom.documents.responses import file_response
from ujikom.reports.exports_period import KIND, start_period_export
from ujikom.reports.models import ReportExport
from ujikom.reports.scope import Period, chosen_organization
from ujikom.reports.selectors_period import PeriodReport, Row, export_for, period_report

from ..auth import caller
from ..schemas import ErrorItem, Message, ValidationErrors

router = Router(tags=["Laporan: laporan periode"])

ERRORS: dict[int, type[Schema]] = {
    401: Message,
    403: Message,
    404: Message,
    422: ValidationErrors,
}
EXPORTS_PATH = "/api/v1/reports/exports"


class PeriodFilters(Schema):
    organization: str = Field("", description="public_id organisasi; kosong: organisasi aktif Anda")
    period: str = Field("", description="month, quarter atau year (bawaan: year)")
    year: str = Field("", description="tahun, mis. 2026 (bawaan: tahun ini)")
    number: str = Field("", description="bulan 1–12 atau triwulan 1–4 (untuk month/quarter)")
    scheme: str = Field("", description="kode skema; kosong: semua skema")


class ExportIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["period"] = Field(description="jenis laporan")
    format: Literal["xlsx", "pdf"]
    organization: str = Field("", description="public_id organisasi; kosong: organisasi aktif Anda")
    period: str = Field("", description="month, quarter atau year (bawaan: year)")
    year: str = Field("", description="tahun, mis. 2026")
    number: str = Field("", description="bulan 1–12 atau triwulan 1–4")
    scheme: str = Field("", description="kode skema; kosong: semua skema")


class OrganizationOut(Schema):
    public_id: uuid.UUID
    code: str
    name: str


class PeriodOut(Schema):
    period: str
    year: int
    number: int = Field(description="bulan atau triwulan; 0 untuk tahun")
    label: str
    start: dt.date
    end: dt.date


class FiguresOut(Schema):
    key: str = Field(
        description="kode skema/TUK/sumber anggaran/program, nomor MET asesor, public_id instansi"
    )
    label: str
    target: int | None = Field(description="jumlah target tahunan; null bila tabel ini tanpa target")
    registered: int | None = Field(description="terdaftar; null per asesor (tidak didefinisikan)")
    tested: int = Field(description="asesmen dengan rekomendasi K atau BK")
    competent: int = Field(description="rekomendasi K")
    not_competent: int = Field(description="rekomendasi BK")
    certified: int = Field(description="pendaftaran dengan minimal satu sertifikat")
    pass_rate: float | None = Field(description="kompeten/teruji dalam persen, 1 desimal; null bila teruji 0")
    realisation: float | None = Field(description="teruji/target dalam persen; null bila tanpa target")


class BreakdownOut(Schema):
    key: Literal["scheme", "site", "assessor", "funding", "facilitator", "program"]
    title: str
    rows: list[FiguresOut]


class PeriodReportOut(Schema):
    organization: OrganizationOut
    period: PeriodOut
    scheme: str = Field(description="kode skema yang dipilih; kosong: semua skema")
    target_is_yearly: bool = Field(description="true untuk bulan/triwulan: target adalah target tahunan")
    empty: bool = Field(description="tidak ada data untuk filter ini")
    message: str
    totals: FiguresOut
    breakdowns: list[BreakdownOut]


class ExportOut(Schema):
    id: uuid.UUID
    kind: str
    format: str
    organization: uuid.UUID
    params: dict[str, str]
    status: Literal["queued", "running", "done", "failed"]
    done: int
    total: int
    message: str = Field(description="alasan bila gagal")
    number: str = Field(description="nomor laporan (PDF)")
    status_url: str
    download_url: str | None = Field(description="tautan berkas bila selesai")
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _bad_period(error: ValidationError, prefix: str) -> Status[dict[str, list[ErrorItem]]]:
    items = [
        ErrorItem(loc=f"{prefix}.{field}", msg=message)
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return Status(422, {"detail": items})


def _organization(request: HttpRequest, user: User, wanted: str) -> Organization:
    return chosen_organization(user, wanted or None, getattr(request, "organization", None))


def _figures(row: Row) -> dict[str, object]:
    return row.as_dict()


def report_json(report: PeriodReport) -> dict[str, object]:
    organization, period = report.organization, report.period
    return {
        "organization": organization,
        "period": {
            "period": period.kind,
            "year": period.year,
            "number": period.number,
            "label": period.label,
            "start": period.start,
            "end": period.end,
        },
        "scheme": report.scheme_code,
        "target_is_yearly": report.target_is_yearly,
        "empty": report.is_empty,
        "message": _("Tidak ada data untuk filter ini.") if report.is_empty else "",
        "totals": _figures(report.totals),
        "breakdowns": [
            {"key": item.key, "title": item.title, "rows": [_figures(row) for row in item.rows]}
            for item in report.breakdowns
        ],
    }


@router.get(
    "/reports/period",
    response={200: PeriodReportOut, **ERRORS},
    summary="Laporan periode: target, terdaftar, teruji, kompeten, bersertifikat, tingkat kelulusan",
    description=(
        "Uji kompetensi organisasi (sebagai LSP, instansi fasilitator atau pemilik TUK), tidak dibatalkan, "
        "yang dimulai dalam periode. Terdaftar: pendaftaran selain draf dan mengundurkan diri; teruji: "
        "rekomendasi K atau BK; bersertifikat: minimal satu sertifikat dari pendaftaran itu; target: "
        "jumlah target tahunan organisasi. Rincian per skema, TUK, asesor, sumber anggaran, instansi "
        "fasilitator dan program pelatihan."
    ),
)
def period_figures(request: HttpRequest, filters: Query[PeriodFilters]) -> object:
    user = caller(request)
    organization = _organization(request, user, filters.organization)
    try:
        period = Period.parse(filters.period or None, filters.year or None, filters.number or None)
    except ValidationError as error:
        return _bad_period(error, "query")
    return report_json(period_report(organization, period, filters.scheme or None))


def export_json(export: ReportExport) -> dict[str, object]:
    done = export.status == ReportExport.Status.DONE and export.file_id is not None
    return {
        "id": export.public_id,
        "kind": export.kind,
        "format": export.format,
        "organization": export.organization.public_id,
        "params": {key: str(value) for key, value in export.params.items()},
        "status": export.status,
        "done": export.done,
        "total": export.total,
        "message": export.message,
        "number": export.number,
        "status_url": f"{EXPORTS_PATH}/{export.public_id}",
        "download_url": f"{EXPORTS_PATH}/{export.public_id}/file" if done else None,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
    }


@router.post(
    "/reports/exports",
    response={202: ExportOut, **ERRORS},
    summary="Minta ekspor laporan (xlsx atau PDF bernomor); dibuat di latar belakang",
)
def export_create(request: HttpRequest, payload: ExportIn) -> object:
    user = caller(request)
    organization = _organization(request, user, payload.organization)
    try:
        period = Period.parse(payload.period or None, payload.year or None, payload.number or None)
    except ValidationError as error:
        return _bad_period(error, "body")
    assert payload.kind == KIND
    export = start_period_export(
        organization=organization,
        period=period,
        scheme_code=payload.scheme,
        format=payload.format,
        actor=user,
    )
    export.refresh_from_db()
    return Status(202, export_json(export))


def _export(request: HttpRequest, public_id: uuid.UUID) -> ReportExport:
    export = export_for(caller(request), public_id)
    if export is None:
        raise Http404(_("Ekspor laporan tidak ditemukan."))
    return export


@router.get(
    "/reports/exports/{public_id}",
    response={200: ExportOut, **ERRORS},
    summary="Status dan kemajuan ekspor laporan; tautan unduhan bila selesai",
)
def export_status(request: HttpRequest, public_id: uuid.UUID) -> object:
    return export_json(_export(request, public_id))


@router.get(
    "/reports/exports/{public_id}/file",
    response={200: None, **ERRORS},
    summary="Unduh berkas ekspor laporan (xlsx atau PDF)",
)
def export_file(request: HttpRequest, public_id: uuid.UUID) -> FileResponse:
    export = _export(request, public_id)
    if export.status != ReportExport.Status.DONE or export.file is None:
        raise Http404(_("Berkas ekspor belum tersedia."))
    return file_response(export.file)
