"""The minutes (berita acara), the review chain with its minutes of meeting and the recommendation to
the LSP, and the event's archive (PSM/DISNAKER-10 steps 6-8, STMI 1.3.3 step 5), with the same
services and permissions as the pages."""

import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ujikom.assessment import (
    selectors_archive,
    selectors_minutes,
    selectors_review,
    services_archive,
    services_minutes,
    services_review,
)
from ujikom.assessment.access import ARCHIVE, CONDUCT, REVIEW, VIEW, event_for
from ujikom.assessment.models import Archive, MeetingNotes, Minutes, Recommendation, Review
from ujikom.documents.models import StoredFile
from ujikom.documents.responses import file_response
from ujikom.scheduling.models import TestEvent

from ..auth import caller
from ..errors import service_errors
from ..schemas import Message, ValidationErrors

router = Router(tags=["Berita acara, kaji ulang, rekomendasi, arsip"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FileOut(Schema):
    public_id: uuid.UUID
    name: str
    size: int
    sha256: str
    download: str = Field(description="unduh melalui API (token) dengan jalur ini")


def file_out(event: TestEvent, file: StoredFile | None) -> dict[str, Any] | None:
    if file is None:
        return None
    return {
        "public_id": file.public_id,
        "name": file.original_name,
        "size": file.size,
        "sha256": file.sha256,
        "download": f"/api/v1/events/{event.public_id}/minutes-documents/{file.public_id}",
    }


# ---- minutes -----------------------------------------------------------------------------------


class SignatureOut(Schema):
    role: str
    signer: str = Field(description="nama pengguna penanda tangan")
    name: str
    met: str = ""
    signed_at: dt.datetime | None = None
    sign_method: str = ""


class MinutesOut(Schema):
    public_id: uuid.UUID
    number: str
    notes: str
    locked_at: dt.datetime | None = None
    file: FileOut | None = None
    results_bundle: FileOut | None = None
    photos_bundle: FileOut | None = None
    signatures: list[SignatureOut]
    page: str


class ProblemsOut(Schema):
    ready: bool
    problems: list[str] = Field(description="yang masih menghalangi pembuatan berita acara")


class PrepareIn(Input):
    notes: str = Field("", max_length=4000)


class SignIn(Input):
    method: Literal["account", "drawn"]
    drawing: str = Field("", max_length=500_000, description="data:image/png;base64,… bila method = drawn")


class CompletedOut(Schema):
    completed: int = Field(description="tugas SOP yang diselesaikan")


def minutes_out(event: TestEvent, minutes: Minutes) -> dict[str, Any]:
    return {
        "public_id": minutes.public_id,
        "number": minutes.number,
        "notes": minutes.notes,
        "locked_at": minutes.locked_at,
        "file": file_out(event, minutes.file),
        "results_bundle": file_out(event, minutes.results_bundle),
        "photos_bundle": file_out(event, minutes.photos_bundle),
        "signatures": [
            {
                "role": line.role,
                "signer": line.signer.username,
                "name": str(line.signer),
                "met": line.assessor.registration_number if line.assessor is not None else "",
                "signed_at": line.signed_at,
                "sign_method": line.sign_method,
            }
            for line in minutes.signatures.select_related("signer", "assessor").order_by("role", "id")
        ],
        "page": reverse("assessment:minutes", args=[event.public_id]),
    }


def _minutes(event: TestEvent) -> Minutes:
    minutes = selectors_minutes.minutes_of(event)
    if minutes is None:
        raise Http404(_("Berita acara belum dibuat."))
    return minutes


@router.get(
    "/events/{public_id}/minutes/problems",
    response={200: ProblemsOut, **ERRORS},
    summary="Yang masih menghalangi pembuatan berita acara",
)
def minutes_problems(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    event = event_for(caller(request), public_id, VIEW)
    problems = selectors_minutes.minutes_problems(event)
    return {"ready": not problems, "problems": problems}


@router.get("/events/{public_id}/minutes", response={200: MinutesOut, **ERRORS}, summary="Berita acara uji")
def minutes_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    event = event_for(caller(request), public_id, VIEW)
    return minutes_out(event, _minutes(event))


@router.post(
    "/events/{public_id}/minutes",
    response={201: MinutesOut, **ERRORS},
    summary="Buat (atau buat ulang) berita acara dari hasil uji (Teknis Operasional/Kepala TUK)",
)
def minutes_prepare(request: HttpRequest, public_id: uuid.UUID, payload: PrepareIn) -> Status[dict[str, Any]]:
    user = caller(request)
    event = event_for(user, public_id, CONDUCT)
    with service_errors():
        minutes = services_minutes.prepare_minutes(event=event, actor=user, notes=payload.notes)
    return Status(201, minutes_out(event, minutes))


@router.post(
    "/events/{public_id}/minutes/sign",
    response={200: MinutesOut, **ERRORS},
    summary="Tanda tangani berita acara (hanya penanda tangannya); tanda tangan terakhir mengunci hasil",
)
def minutes_sign(request: HttpRequest, public_id: uuid.UUID, payload: SignIn) -> dict[str, Any]:
    user = caller(request)
    event = event_for(user, public_id, VIEW)
    minutes = _minutes(event)
    with service_errors():
        services_minutes.sign_minutes(
            minutes=minutes, actor=user, method=payload.method, drawing=payload.drawing
        )
    minutes.refresh_from_db()
    return minutes_out(event, minutes)


@router.post(
    "/events/{public_id}/minutes/attach",
    response={200: CompletedOut, **ERRORS},
    summary="Lampirkan berita acara yang sudah lengkap ke langkah SOP yang baru terbuka",
)
def minutes_attach(request: HttpRequest, public_id: uuid.UUID) -> dict[str, int]:
    event = event_for(caller(request), public_id, CONDUCT)
    return {"completed": services_minutes.attach_minutes_to_steps(minutes=_minutes(event))}


# ---- review ------------------------------------------------------------------------------------


class ReviewOut(Schema):
    public_id: uuid.UUID
    stage: Review.Stage
    outcome: Review.Outcome
    notes: str
    reviewer: str
    is_current: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_reviewer(obj: Review) -> str:
        return obj.reviewer.username


class StageOut(Schema):
    stage: str
    label: str
    player: str
    review: ReviewOut | None = None
    is_next: bool
    may_act: bool = Field(description="pemanggil boleh mengkaji ulang tahap ini sekarang")


class ChainOut(Schema):
    next_stage: str | None = None
    stages: list[StageOut]
    history: list[ReviewOut]


class ReviewIn(Input):
    stage: Review.Stage
    outcome: Review.Outcome
    notes: str = Field(max_length=10_000)


@router.get("/events/{public_id}/reviews", response={200: ChainOut, **ERRORS}, summary="Rantai kaji ulang")
def reviews(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = caller(request)
    event = event_for(user, public_id, VIEW)
    rows = selectors_review.chain_rows(event, user)
    return {
        "next_stage": next((row.stage for row in rows if row.is_next), None),
        "stages": [row.__dict__ for row in rows],
        "history": selectors_review.reviews_of(event),
    }


@router.post(
    "/events/{public_id}/reviews",
    response={201: ReviewOut, **ERRORS},
    summary="Catat kaji ulang satu tahap (berurutan); persetujuan Manajemen Mutu membuat rekomendasi",
)
def review_record(request: HttpRequest, public_id: uuid.UUID, payload: ReviewIn) -> Status[Review]:
    user = caller(request)
    event = event_for(user, public_id, REVIEW)
    with service_errors():
        review = services_review.record_review(
            event=event, stage=payload.stage, outcome=payload.outcome, notes=payload.notes, actor=user
        )
    return Status(201, review)


class MeetingNotesOut(Schema):
    public_id: uuid.UUID
    number: str
    held_at: dt.datetime
    place: str
    attendees: str
    agenda: str
    discussion: str
    conclusions: str
    file: FileOut | None = None


class MeetingNotesIn(Input):
    held_at: dt.datetime
    place: str = Field(max_length=255)
    attendees: str = Field(max_length=10_000)
    agenda: str = Field(max_length=10_000)
    discussion: str = Field(max_length=10_000)
    conclusions: str = Field(max_length=10_000)


def notes_out(event: TestEvent, notes: MeetingNotes) -> dict[str, Any]:
    return {
        **{name: getattr(notes, name) for name in MeetingNotesIn.model_fields},
        "public_id": notes.public_id,
        "number": notes.number,
        "file": file_out(event, notes.file),
    }


@router.get(
    "/events/{public_id}/meeting-notes",
    response={200: MeetingNotesOut, **ERRORS},
    summary="Minutes of meeting kaji ulang",
)
def meeting_notes(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    event = event_for(caller(request), public_id, VIEW)
    notes = selectors_review.meeting_notes_of(event)
    if notes is None:
        raise Http404(_("Minutes of meeting belum dibuat."))
    return notes_out(event, notes)


@router.put(
    "/events/{public_id}/meeting-notes",
    response={200: MeetingNotesOut, **ERRORS},
    summary="Tulis atau perbarui minutes of meeting kaji ulang (nomornya tetap)",
)
def meeting_notes_write(
    request: HttpRequest, public_id: uuid.UUID, payload: MeetingNotesIn
) -> dict[str, Any]:
    user = caller(request)
    event = event_for(user, public_id, REVIEW)
    with service_errors():
        notes = services_review.record_meeting_notes(event=event, actor=user, **payload.model_dump())
    return notes_out(event, notes)


class RecommendationOut(Schema):
    public_id: uuid.UUID
    number: str
    letter: FileOut
    package: FileOut
    handed_over_by: str
    created_at: dt.datetime
    received_at: dt.datetime | None = None


@router.get(
    "/events/{public_id}/recommendation",
    response={200: RecommendationOut, **ERRORS},
    summary="Rekomendasi hasil uji ke LSP: surat dan paket berkas",
)
def recommendation(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    event = event_for(caller(request), public_id, VIEW)
    made: Recommendation | None = selectors_review.recommendation_of(event)
    if made is None:
        raise Http404(_("Rekomendasi ke LSP belum dibuat."))
    return {
        "public_id": made.public_id,
        "number": made.number,
        "letter": file_out(event, made.letter),
        "package": file_out(event, made.package),
        "handed_over_by": made.handed_over_by.username,
        "created_at": made.created_at,
        "received_at": made.received_at,
    }


# ---- archive -----------------------------------------------------------------------------------


class ItemOut(Schema):
    key: str
    label: str
    present: bool
    missing: list[str]
    files: list[FileOut]


class ChecklistOut(Schema):
    complete: bool
    items: list[ItemOut]


class ArchiveOut(Schema):
    public_id: uuid.UUID
    number: str
    location: str
    retain_until: dt.date
    is_complete: bool
    archived_by: str
    created_at: dt.datetime
    index_file: FileOut | None = None


class ArchiveIn(Input):
    location: str = Field(max_length=255)
    retain_until: dt.date | None = Field(None, description="kosong: 5 tahun setelah hari terakhir uji")


def archive_out(event: TestEvent, archive: Archive) -> dict[str, Any]:
    return {
        "public_id": archive.public_id,
        "number": archive.number,
        "location": archive.location,
        "retain_until": archive.retain_until,
        "is_complete": archive.is_complete,
        "archived_by": archive.archived_by.username,
        "created_at": archive.created_at,
        "index_file": file_out(event, archive.index_file),
    }


@router.get(
    "/events/{public_id}/archive/check",
    response={200: ChecklistOut, **ERRORS},
    summary="Kelengkapan berkas arsip uji (langsung dari data)",
)
def archive_check(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    event = event_for(caller(request), public_id, VIEW)
    checklist = selectors_archive.archive_checklist(event)
    return {
        "complete": checklist.complete,
        "items": [
            {
                "key": item.key,
                "label": item.label,
                "present": item.present,
                "missing": item.missing,
                "files": [file_out(event, file) for file in item.files],
            }
            for item in checklist.items
        ],
    }


@router.get("/events/{public_id}/archive", response={200: ArchiveOut, **ERRORS}, summary="Arsip uji")
def archive_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    event = event_for(caller(request), public_id, VIEW)
    archive = selectors_archive.archive_of(event)
    if archive is None:
        raise Http404(_("Uji kompetensi ini belum diarsipkan."))
    return archive_out(event, archive)


@router.post(
    "/events/{public_id}/archive",
    response={201: ArchiveOut, **ERRORS},
    summary="Arsipkan berkas uji (Bagian Administrasi); ditolak bila belum lengkap",
)
def archive_file(request: HttpRequest, public_id: uuid.UUID, payload: ArchiveIn) -> Status[dict[str, Any]]:
    user = caller(request)
    event = event_for(user, public_id, ARCHIVE)
    with service_errors():
        archive = services_archive.file_archive(
            event=event, actor=user, location=payload.location, retain_until=payload.retain_until
        )
    return Status(201, archive_out(event, archive))


@router.patch(
    "/events/{public_id}/archive",
    response={200: ArchiveOut, **ERRORS},
    summary="Ubah lokasi arsip fisik atau tanggal simpan sampai",
)
def archive_update(request: HttpRequest, public_id: uuid.UUID, payload: ArchiveIn) -> dict[str, Any]:
    user = caller(request)
    event = event_for(user, public_id, ARCHIVE)
    archive = selectors_archive.archive_of(event)
    if archive is None:
        raise Http404(_("Uji kompetensi ini belum diarsipkan."))
    with service_errors():
        changed = services_archive.update_archive(
            archive=archive, actor=user, location=payload.location, retain_until=payload.retain_until
        )
    return archive_out(event, changed)


class SearchIn(Schema):
    q: str = Field("", max_length=100, description="judul uji, skema, nama atau NIK peserta")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    state: Literal["", "archived", "not_archived"] = ""
    page: int = Field(1, ge=1)


class SearchRowOut(Schema):
    event: uuid.UUID
    title: str
    scheme: str
    starts_on: dt.date
    ends_on: dt.date
    site: str
    archived: bool
    complete: bool
    missing: list[str]
    number: str = ""
    retain_until: dt.date | None = None


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    results: list[SearchRowOut]


@router.get("/archives", response={200: SearchOut, **ERRORS}, summary="Cari arsip uji kompetensi")
def archive_search(request: HttpRequest, filters: Query[SearchIn]) -> dict[str, Any]:
    user = caller(request)
    if selectors_archive.searchable_organizations(user) == []:
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk melihat arsip uji kompetensi."))
    page, rows = selectors_archive.archive_search(
        user,
        query=filters.q,
        date_from=filters.date_from,
        date_to=filters.date_to,
        state=filters.state,
        page=filters.page,
    )
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [
            {
                "event": row.event.public_id,
                "title": row.event.title,
                "scheme": f"{row.event.scheme.code} {row.event.scheme.name}",
                "starts_on": row.event.starts_on,
                "ends_on": row.event.ends_on,
                "site": row.event.site.name,
                "archived": row.archive is not None,
                "complete": row.checklist.complete,
                "missing": [item.label for item in row.checklist.missing],
                "number": row.archive.number if row.archive is not None else "",
                "retain_until": row.archive.retain_until if row.archive is not None else None,
            }
            for row in rows
        ],
    }


@router.get(
    "/events/{public_id}/minutes-documents/{file_id}",
    response={200: None, **ERRORS},
    summary="Unduh dokumen berita acara, kaji ulang atau arsip uji",
)
def document(request: HttpRequest, public_id: uuid.UUID, file_id: uuid.UUID) -> FileResponse:
    event = event_for(caller(request), public_id, VIEW)
    stored = selectors_archive.event_files(event).get(str(file_id))
    if stored is None:
        raise Http404(_("Berkas tidak ditemukan."))
    return file_response(stored)
