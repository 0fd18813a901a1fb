"""/api/v1/reports/… of the registers: appeals, complaints, blank stock and archive completeness as
JSON (the same figures and filters as the pages), and recording and following up complaints.

Filters are query parameters: `organization` (public_id; default the first organization the caller
may see), `period` (year, quarter, month), `year`, `number` (month 1–12 or quarter 1–4), `status`,
and `limit`/`offset` for the rows. A filter that matches nothing answers with empty rows and
`message`. Complaints are recorded and changed by people holding `reports.complaints`."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from ujikom.assessment.models import Appeal
from ujikom.core.models import User
from ujikom.reports import selectors_registers as selectors
from ujikom.reports import services_complaints as services
from ujikom.reports.models import Complaint
from ujikom.reports.selectors_registers import RegisterFilter
from ujikom.scheduling.models import TestEvent

from ..auth import caller
from ..errors import InputError, input_error, service_errors
from ..lookups import organization_in_body
from ..schemas import Input, Message, OrganizationRef, ValidationErrors

router = Router(tags=["Laporan: register"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}
MAX_LIMIT = 1000


class RegisterQuery(Schema):
    organization: str = Field(
        "", description="public_id organisasi; kosong: organisasi pertama yang boleh dilihat"
    )
    period: str = Field("year", description="year, quarter atau month")
    year: str = Field("", description="tahun, mis. 2026; kosong: tahun ini")
    number: str = Field("", description="bulan 1–12 atau triwulan 1–4")
    status: str = Field("", description="status; kosong: semua")
    limit: int = Field(200, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class OrganizationOut(Schema):
    public_id: uuid.UUID
    code: str
    name: str


class PeriodOut(Schema):
    kind: str
    year: int
    number: int
    start: dt.date
    end: dt.date
    label: str


class StatusCount(Schema):
    status: str
    label: str
    count: int


class StatusTotals(Schema):
    by_status: list[StatusCount]
    total: int
    listed: int


class AppealOut(Schema):
    public_id: uuid.UUID
    submitted_on: dt.date
    candidate: str
    event: str
    event_public_id: uuid.UUID
    scheme: str
    scheme_name: str
    grounds: str
    status: str
    status_label: str
    decision: str
    decided_by: str
    decided_on: dt.date | None
    days_to_decide: int | None


class ComplaintOut(Schema):
    public_id: uuid.UUID
    number: str
    received_on: dt.date
    channel: str
    channel_label: str
    complainant_name: str
    complainant_contact: str
    subject: str
    description: str
    event: uuid.UUID | None
    event_title: str
    status: str
    status_label: str
    response: str
    resolved_on: dt.date | None
    handled_by: str
    days_to_resolve: int | None


class BlankLineOut(Schema):
    lsp: str
    lsp_name: str
    lsp_public_id: uuid.UUID
    opening: int
    received: int
    used: int
    damaged: int
    returned: int
    closing: int
    stock_now: int
    pending_need: int
    short: bool = Field(description="stok saat ini kurang dari kebutuhan tertunda")


class MovementOut(Schema):
    public_id: uuid.UUID
    lsp: str
    occurred_on: dt.date
    kind: str
    kind_label: str
    quantity: int
    change: int
    reference: str
    serial_from: str
    serial_to: str
    request: str
    candidate: str
    note: str


class ArchiveTotals(Schema):
    done: int
    archived: int
    not_archived: int
    complete: int
    share_complete: float | None = Field(
        description="persen arsip lengkap dari uji selesai; null bila tidak ada"
    )


class ArchiveLineOut(Schema):
    event: uuid.UUID
    title: str
    scheme: str
    starts_on: dt.date
    ends_on: dt.date
    archived: bool
    complete: bool
    missing: list[str]
    number: str
    location: str
    retain_until: dt.date | None


class RegisterOut(Schema):
    organization: OrganizationOut | None
    period: PeriodOut
    status: str
    count: int = Field(description="baris yang cocok dengan filter (sebelum limit/offset)")
    message: str = Field("", description="terisi bila filter tidak cocok dengan data apa pun")


class AppealsOut(RegisterOut):
    totals: StatusTotals
    rows: list[AppealOut]


class ComplaintsOut(RegisterOut):
    totals: StatusTotals
    rows: list[ComplaintOut]


class BlanksOut(RegisterOut):
    lsps: list[BlankLineOut]
    movements: list[MovementOut]


class ArchivesOut(RegisterOut):
    totals: ArchiveTotals
    rows: list[ArchiveLineOut]


def _filters(
    user: User, query: RegisterQuery, register: str, statuses: list[str] | tuple[str, ...] = ()
) -> RegisterFilter:
    params = query.model_dump(exclude={"limit", "offset"})
    try:
        return selectors.filters_from(user, params, default=None, statuses=statuses, register=register)
    except ValidationError as error:
        raise InputError(
            [
                (f"query.{name}", message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error


def _head(filters: RegisterFilter, count: int) -> dict[str, Any]:
    period, organization = filters.period, filters.organization
    return {
        "organization": (
            {"public_id": organization.public_id, "code": organization.code, "name": organization.name}
            if organization is not None
            else None
        ),
        "period": {
            "kind": period.kind,
            "year": period.year,
            "number": period.number,
            "start": period.start,
            "end": period.end,
            "label": period.label,
        },
        "status": filters.status,
        "count": count,
        "message": "" if count else selectors.empty_message(),
    }


@router.get("/reports/registers/appeals", response={200: AppealsOut, **ERRORS}, summary="Register banding")
def appeals(request: HttpRequest, query: Query[RegisterQuery]) -> dict[str, Any]:
    filters = _filters(caller(request), query, "appeals", Appeal.Status.values)
    totals = selectors.appeal_totals(filters)
    rows = selectors.appeal_rows(filters)[query.offset : query.offset + query.limit]
    return {
        **_head(filters, totals["listed"]),
        "totals": totals,
        "rows": [selectors.appeal_record(appeal) for appeal in rows],
    }


@router.get(
    "/reports/registers/complaints", response={200: ComplaintsOut, **ERRORS}, summary="Register pengaduan"
)
def complaints(request: HttpRequest, query: Query[RegisterQuery]) -> dict[str, Any]:
    filters = _filters(caller(request), query, "complaints", Complaint.Status.values)
    totals = selectors.complaint_totals(filters)
    rows = selectors.complaint_rows(filters)[query.offset : query.offset + query.limit]
    return {
        **_head(filters, totals["listed"]),
        "totals": totals,
        "rows": [selectors.complaint_record(complaint) for complaint in rows],
    }


@router.get("/reports/registers/blanks", response={200: BlanksOut, **ERRORS}, summary="Stok blangko per LSP")
def blanks(request: HttpRequest, query: Query[RegisterQuery]) -> dict[str, Any]:
    """Without `organization`: every LSP the caller may see. `status` is not used."""
    filters = _filters(caller(request), query, "blanks")
    lines = selectors.blank_lines(filters)
    movements = selectors.blank_movements(filters)
    count = movements.count() if lines else 0
    head = _head(filters, count)
    head["message"] = "" if lines else selectors.empty_message()
    return {
        **head,
        "lsps": [line.as_dict() for line in lines],
        "movements": [
            selectors.movement_record(movement)
            for movement in movements[query.offset : query.offset + query.limit]
        ]
        if lines
        else [],
    }


@router.get(
    "/reports/registers/archives",
    response={200: ArchivesOut, **ERRORS},
    summary="Kelengkapan arsip uji kompetensi",
)
def archives(request: HttpRequest, query: Query[RegisterQuery]) -> dict[str, Any]:
    filters = _filters(caller(request), query, "archives")
    totals = selectors.archive_totals(filters)
    events = list(selectors.archive_events(filters)[query.offset : query.offset + query.limit])
    return {
        **_head(filters, totals["done"]),
        "totals": totals,
        "rows": [line.as_dict() for line in selectors.archive_lines(events)],
    }


# ---- recording complaints -----------------------------------------------------------------------


class ComplaintIn(Input):
    organization: OrganizationRef
    received_on: dt.date
    channel: str = Field(description="in_person, letter, email, phone, whatsapp atau web")
    complainant_name: str = Field(max_length=200)
    complainant_contact: str = Field("", max_length=200)
    subject: str = Field(max_length=255)
    description: str = Field(max_length=services.MAX_TEXT)
    event: uuid.UUID | None = Field(None, description="public_id uji kompetensi terkait (milik organisasi)")


class FollowUpIn(Input):
    status: str = Field(description="in_progress, resolved atau rejected")
    response: str = Field("", max_length=services.MAX_TEXT)
    resolved_on: dt.date | None = Field(None, description="untuk resolved/rejected; kosong: hari ini")
    handled_by: uuid.UUID | None = Field(None, description="public_id petugas; kosong: pemanggil")


def _event(public_id: uuid.UUID | None) -> TestEvent | None:
    if public_id is None:
        return None
    event = TestEvent.objects.filter(public_id=public_id).first()
    if event is None:
        raise input_error("body.event", _("Uji kompetensi tidak ditemukan."))
    return event


@router.post("/reports/complaints", response={201: ComplaintOut, **ERRORS}, summary="Catat pengaduan")
def complaint_create(request: HttpRequest, payload: ComplaintIn) -> Status[dict[str, Any]]:
    user = caller(request)
    organization = organization_in_body(payload.organization)
    fields = payload.model_dump(exclude={"organization", "event"})
    event = _event(payload.event)
    with service_errors():
        complaint = services.record_complaint(organization=organization, actor=user, event=event, **fields)
    return Status(201, selectors.complaint_record(complaint))


@router.get(
    "/reports/complaints/{public_id}", response={200: ComplaintOut, **ERRORS}, summary="Satu pengaduan"
)
def complaint_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return selectors.complaint_record(selectors.complaint_for(caller(request), public_id))


@router.patch(
    "/reports/complaints/{public_id}",
    response={200: ComplaintOut, **ERRORS},
    summary="Tindak lanjut pengaduan",
)
def complaint_follow_up(request: HttpRequest, public_id: uuid.UUID, payload: FollowUpIn) -> dict[str, Any]:
    user = caller(request)
    complaint = selectors.complaint_for(user, public_id)
    handler = None
    if payload.handled_by is not None:
        handler = User.objects.filter(public_id=payload.handled_by, is_active=True).first()
        if handler is None:
            raise input_error("body.handled_by", _("Petugas tidak ditemukan."))
    with service_errors():
        complaint = services.follow_up_complaint(
            complaint=complaint,
            actor=user,
            status=payload.status,
            response=payload.response,
            resolved_on=payload.resolved_on,
            handled_by=handler,
        )
    return selectors.complaint_record(complaint)
