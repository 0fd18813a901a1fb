"""The test day (SOP PSM/DISNAKER-10 step 5) with the same services and permissions as the pages:
attendance lists, documentation photos, allocation, K/BK results per unit, instruments, finishing an
assessment, feedback, appeals and finishing the test day."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict

from ujikom.assessment import access
from ujikom.assessment import selectors_testday as selectors
from ujikom.assessment import services_testday as services
from ujikom.assessment.models import (
    Appeal,
    Assessment,
    AttendanceEntry,
    AttendanceSheet,
    EvidenceMethod,
    InstrumentFile,
    SignMethod,
    TestPhoto,
    UnitResult,
)
from ujikom.core.models import User
from ujikom.registry.models import Assessor
from ujikom.scheduling.models import Registration, TestEvent

from ..auth import caller
from ..errors import service_errors
from ..schemas import Message, ValidationErrors

router = Router(tags=["Pelaksanaan uji: daftar hadir, dokumentasi, hasil asesmen, banding"])

ERRORS: dict[int, type[Schema]] = {
    401: Message,
    403: Message,
    404: Message,
    409: Message,
    422: ValidationErrors,
}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---- schemas -----------------------------------------------------------------------------------


class LineOut(Schema):
    id: int
    registration: uuid.UUID | None = Field(None, description="public_id pendaftaran (baris peserta)")
    assessor: uuid.UUID | None = Field(None, description="public_id asesor (baris asesor)")
    name: str
    present: bool
    recorded: bool = Field(description="sudah ditandatangani atau ditandai tidak hadir")
    note: str
    sign_method: str = Field(description="account, drawn, atau kosong")
    signed_at: dt.datetime | None = None
    signature_image: uuid.UUID | None = Field(None, description="public_id gambar tanda tangan (PNG)")

    @staticmethod
    def resolve_registration(obj: AttendanceEntry) -> uuid.UUID | None:
        return obj.registration.public_id if obj.registration else None

    @staticmethod
    def resolve_assessor(obj: AttendanceEntry) -> uuid.UUID | None:
        return obj.assessor.public_id if obj.assessor else None

    @staticmethod
    def resolve_name(obj: AttendanceEntry) -> str:
        if obj.registration is not None:
            return obj.registration.full_name
        return str(obj.assessor.user.full_name) if obj.assessor else ""

    @staticmethod
    def resolve_recorded(obj: AttendanceEntry) -> bool:
        return obj.recorded_at is not None

    @staticmethod
    def resolve_signature_image(obj: AttendanceEntry) -> uuid.UUID | None:
        return obj.signature_image.public_id if obj.signature_image else None


class SheetOut(Schema):
    public_id: uuid.UUID
    day: dt.date
    kind: AttendanceSheet.Kind
    closed_at: dt.datetime | None = None
    number: str
    file: uuid.UUID | None = Field(None, description="public_id PDF daftar hadir setelah ditutup")
    lines: list[LineOut]

    @staticmethod
    def resolve_file(obj: AttendanceSheet) -> uuid.UUID | None:
        return obj.file.public_id if obj.file else None

    @staticmethod
    def resolve_lines(obj: AttendanceSheet) -> list[AttendanceEntry]:
        return selectors.entries_of(obj)


class OpenSheetIn(Input):
    day: dt.date = Field(description="tanggal uji (YYYY-MM-DD)")
    kind: Literal["candidates", "assessors"]


class SignIn(Input):
    method: Literal["account", "drawn"] = Field(
        description="account: oleh yang bersangkutan sendiri; drawn: gambar tanda tangan"
    )
    drawing: str = Field(
        "", max_length=500_000, description="PNG data URL (data:image/png;base64,…) bila drawn"
    )


class AbsentIn(Input):
    note: str = Field(max_length=255, description="keterangan tidak hadir")


class PhotoOut(Schema):
    public_id: uuid.UUID
    day: dt.date
    caption: str
    file: uuid.UUID

    @staticmethod
    def resolve_file(obj: TestPhoto) -> uuid.UUID:
        return obj.file.public_id


class PhotoIn(Schema):
    day: dt.date
    caption: str = Field("", max_length=255)


class AllocationOut(Schema):
    registration: uuid.UUID
    full_name: str
    day: dt.date
    assessor: uuid.UUID | None = None
    assessor_name: str | None = None
    completed_at: dt.datetime | None = None


class AllocateIn(Input):
    registration: uuid.UUID
    assessor: uuid.UUID


class ResultOut(Schema):
    id: int = Field(description="id hasil; kirim sebagai expected_current pada pencatatan berikutnya")
    unit: str
    verdict: str
    methods: list[str]
    note: str
    kind: str
    reason: str
    supersedes: int | None = None
    assessor: str
    recorded_by: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_unit(obj: UnitResult) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_supersedes(obj: UnitResult) -> int | None:
        return obj.supersedes_id

    @staticmethod
    def resolve_assessor(obj: UnitResult) -> str:
        return obj.assessor.registration_number

    @staticmethod
    def resolve_recorded_by(obj: UnitResult) -> str:
        return obj.recorded_by.username


class ResultIn(Input):
    unit: str = Field(description="kode unit kompetensi skema, mis. J.620100.017.02")
    verdict: Literal["K", "BK"]
    methods: list[str] = Field(description="metode asesmen: " + ", ".join(EvidenceMethod.values))
    note: str = Field("", max_length=5000)
    expected_current: int | None = Field(
        description="id hasil unit ini yang terakhir Anda lihat, atau null bila belum ada"
    )
    reason: str = Field("", max_length=5000, description="alasan koreksi; wajib setelah berita acara dikunci")


class CandidateResultOut(Schema):
    registration: uuid.UUID
    full_name: str
    present: bool
    assessor: str | None = None
    units: dict[str, str | None] = Field(description="kode unit → K/BK (null: belum dicatat)")
    recommendation: str = Field(description="K, BK, atau kosong selama ada unit yang belum dicatat")
    completed_at: dt.datetime | None = None


class InstrumentOut(Schema):
    public_id: uuid.UUID
    kind: str
    unit: str | None = None
    file: uuid.UUID

    @staticmethod
    def resolve_unit(obj: InstrumentFile) -> str | None:
        return obj.unit.code if obj.unit else None

    @staticmethod
    def resolve_file(obj: InstrumentFile) -> uuid.UUID:
        return obj.file.public_id


class InstrumentIn(Schema):
    kind: str = Field(description="jenis instrumen: " + ", ".join(InstrumentFile.Kind.values))
    unit: str = Field("", description="kode unit bila instrumen khusus satu unit")


class AssessmentOut(Schema):
    registration: uuid.UUID
    recommendation: str
    completed_at: dt.datetime | None = None
    feedback: str
    feedback_at: dt.datetime | None = None
    feedback_read_at: dt.datetime | None = None

    @staticmethod
    def resolve_registration(obj: Assessment) -> uuid.UUID:
        return obj.registration.public_id


class FeedbackIn(Input):
    feedback: str = Field(max_length=5000)


class AppealOut(Schema):
    public_id: uuid.UUID
    registration: uuid.UUID
    grounds: str
    status: Appeal.Status
    decision: str
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    created_at: dt.datetime

    @staticmethod
    def resolve_registration(obj: Appeal) -> uuid.UUID:
        return obj.assessment.registration.public_id

    @staticmethod
    def resolve_decided_by(obj: Appeal) -> str | None:
        return obj.decided_by.username if obj.decided_by else None


class AppealIn(Input):
    grounds: str = Field(max_length=5000)


class DecisionIn(Input):
    status: Literal["upheld", "dismissed"]
    decision: str = Field(max_length=5000)


class TestDayOut(Schema):
    __test__ = False

    finished: bool
    missing: list[str] = Field(description="yang masih kurang sebelum pelaksanaan uji dapat diselesaikan")
    report: uuid.UUID | None = Field(None, description="public_id laporan pelaksanaan uji (PDF)")
    report_number: str = ""


# ---- helpers -----------------------------------------------------------------------------------


def _event(user: User, public_id: uuid.UUID, code: str = access.VIEW) -> TestEvent:
    return access.event_for(user, public_id, code)


def _sheet(event: TestEvent, sheet_id: uuid.UUID) -> AttendanceSheet:
    sheet = get_object_or_404(AttendanceSheet, public_id=sheet_id, event=event)
    sheet.event = event
    return sheet


def _registration(public_id: uuid.UUID) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event"), public_id=public_id)


def _registration_for(user: User, public_id: uuid.UUID, code: str) -> Registration:
    """A registration of an event the user may `code` (404 for outsiders, 403 without it)."""
    registration = _registration(public_id)
    registration.event = access.event_for(user, registration.event.public_id, code)
    return registration


def _test_day(event: TestEvent) -> dict[str, Any]:
    report = selectors.finished_report(event)
    return {
        "finished": report is not None,
        "missing": [] if report is not None else selectors.missing_to_finish(event),
        "report": report.public_id if report else None,
        "report_number": selectors.report_number(report) if report else "",
    }


# ---- attendance --------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/attendance",
    response={200: list[SheetOut], **ERRORS},
    summary="Daftar hadir peserta dan asesor per hari uji",
)
def attendance_list(request: HttpRequest, public_id: uuid.UUID) -> list[AttendanceSheet]:
    event = _event(caller(request), public_id)
    return list(AttendanceSheet.objects.filter(event=event).select_related("file"))


@router.post(
    "/events/{public_id}/attendance",
    response={201: SheetOut, **ERRORS},
    summary="Buka daftar hadir peserta atau asesor untuk satu hari uji",
)
def attendance_open(
    request: HttpRequest, public_id: uuid.UUID, payload: OpenSheetIn
) -> Status[AttendanceSheet]:
    user = caller(request)
    event = _event(user, public_id, access.CONDUCT)
    with service_errors():
        sheet = services.open_attendance(event=event, day=payload.day, kind=payload.kind, actor=user)
    return Status(201, sheet)


def _line(user: User, public_id: uuid.UUID, sheet_id: uuid.UUID, line_id: int) -> AttendanceEntry:
    """A line of a list: for the person of the line, or for whoever may conduct the test."""
    entry = get_object_or_404(
        AttendanceEntry.objects.select_related("sheet__event", "registration", "assessor"),
        pk=line_id,
        sheet__public_id=sheet_id,
        sheet__event__public_id=public_id,
    )
    person = entry.registration.candidate_id if entry.registration else entry.assessor.user_id  # type: ignore[union-attr]
    if person != user.pk:
        entry.sheet.event = _event(user, public_id, access.CONDUCT)
    return entry


@router.post(
    "/events/{public_id}/attendance/{sheet_id}/lines/{line_id}/sign",
    response={200: LineOut, **ERRORS},
    summary="Tanda tangani satu baris: melalui akun (yang bersangkutan) atau digambar",
)
def attendance_sign(
    request: HttpRequest, public_id: uuid.UUID, sheet_id: uuid.UUID, line_id: int, payload: SignIn
) -> AttendanceEntry:
    user = caller(request)
    entry = _line(user, public_id, sheet_id, line_id)
    with service_errors(renames={"signature": "drawing"}):
        return services.sign_attendance(
            entry=entry, actor=user, method=SignMethod(payload.method), drawing=payload.drawing
        )


@router.post(
    "/events/{public_id}/attendance/{sheet_id}/lines/{line_id}/absent",
    response={200: LineOut, **ERRORS},
    summary="Tandai tidak hadir dengan keterangan",
)
def attendance_absent(
    request: HttpRequest, public_id: uuid.UUID, sheet_id: uuid.UUID, line_id: int, payload: AbsentIn
) -> AttendanceEntry:
    user = caller(request)
    event = _event(user, public_id, access.CONDUCT)
    entry = get_object_or_404(AttendanceEntry, pk=line_id, sheet=_sheet(event, sheet_id))
    with service_errors():
        return services.mark_absent(entry=entry, actor=user, note=payload.note)


@router.post(
    "/events/{public_id}/attendance/{sheet_id}/close",
    response={200: SheetOut, **ERRORS},
    summary="Tutup daftar hadir; PDF daftar hadir bernomor dibuat",
)
def attendance_close(request: HttpRequest, public_id: uuid.UUID, sheet_id: uuid.UUID) -> AttendanceSheet:
    user = caller(request)
    event = _event(user, public_id, access.CONDUCT)
    with service_errors():
        return services.close_attendance(sheet=_sheet(event, sheet_id), actor=user)


# ---- photos ------------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/photos", response={200: list[PhotoOut], **ERRORS}, summary="Foto dokumentasi"
)
def photo_list(request: HttpRequest, public_id: uuid.UUID) -> list[TestPhoto]:
    return selectors.photos_of(_event(caller(request), public_id))


@router.post(
    "/events/{public_id}/photos",
    response={201: PhotoOut, **ERRORS},
    summary="Unggah foto dokumentasi (JPG/PNG, maks. 10 MB)",
)
def photo_add(
    request: HttpRequest, public_id: uuid.UUID, payload: Form[PhotoIn], file: File[UploadedFile]
) -> Status[TestPhoto]:
    """Multipart: `day`, `caption` and the file `file`."""
    user = caller(request)
    event = _event(user, public_id, access.CONDUCT)
    with service_errors():
        photo = services.add_photo(
            event=event,
            day=payload.day,
            content=file,
            name=file.name or "foto.jpg",
            caption=payload.caption,
            actor=user,
        )
    return Status(201, photo)


# ---- allocation --------------------------------------------------------------------------------


def _allocation(event: TestEvent) -> list[dict[str, Any]]:
    return [
        {
            "registration": row.registration.public_id,
            "full_name": row.registration.full_name,
            "day": row.day,
            "assessor": row.assessment.assessor.public_id
            if row.assessment and row.assessment.assessor
            else None,
            "assessor_name": str(row.assessment.assessor.user.full_name)
            if row.assessment and row.assessment.assessor
            else None,
            "completed_at": row.assessment.completed_at if row.assessment else None,
        }
        for row in selectors.allocation_rows(event)
    ]


@router.get(
    "/events/{public_id}/allocation",
    response={200: list[AllocationOut], **ERRORS},
    summary="Pembagian asesi yang hadir kepada asesor",
)
def allocation(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    return _allocation(_event(caller(request), public_id))


@router.post(
    "/events/{public_id}/allocation/auto",
    response={200: list[AllocationOut], **ERRORS},
    summary="Bagi asesi yang hadir dan belum dibagikan secara merata",
)
def allocation_auto(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    user = caller(request)
    event = _event(user, public_id, access.CONDUCT)
    with service_errors():
        services.allocate_automatically(event=event, actor=user)
    return _allocation(event)


@router.post(
    "/events/{public_id}/allocation",
    response={200: list[AllocationOut], **ERRORS},
    summary="Bagikan (atau pindahkan) satu asesi kepada seorang asesor",
)
def allocation_set(request: HttpRequest, public_id: uuid.UUID, payload: AllocateIn) -> list[dict[str, Any]]:
    user = caller(request)
    event = _event(user, public_id, access.CONDUCT)
    registration = get_object_or_404(Registration, public_id=payload.registration, event=event)
    registration.event = event
    assessor = get_object_or_404(Assessor.objects.select_related("user"), public_id=payload.assessor)
    with service_errors():
        services.allocate(registration=registration, assessor=assessor, actor=user)
    return _allocation(event)


# ---- results -----------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/results",
    response={200: list[CandidateResultOut], **ERRORS},
    summary="Hasil per asesi dan unit (K/BK) dengan rekomendasi",
)
def event_results(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    event = _event(caller(request), public_id)
    board = selectors.results_grid(event)
    return [
        {
            "registration": row.registration.public_id,
            "full_name": row.registration.full_name,
            "present": present,
            "assessor": str(row.assessment.assessor.user.full_name)
            if row.assessment and row.assessment.assessor
            else None,
            "units": {
                unit.code: (cell.verdict if cell else None)
                for unit, cell in zip(board.units, cells, strict=True)
            },
            "recommendation": row.recommendation,
            "completed_at": row.assessment.completed_at if row.assessment else None,
        }
        for row, cells, present in board.grid
    ]


@router.get(
    "/registrations/{public_id}/results",
    response={200: list[ResultOut], **ERRORS},
    summary="Hasil unit asesi: yang berlaku dan riwayatnya",
)
def registration_results(request: HttpRequest, public_id: uuid.UUID) -> list[UnitResult]:
    """For whoever sees the event; for the candidate themselves once the test day is finished."""
    user = caller(request)
    registration = _registration(public_id)
    if registration.candidate_id == user.pk:
        if selectors.finished_report(registration.event) is None:
            raise PermissionDenied(_("Hasil ditampilkan setelah pelaksanaan uji selesai."))
        queryset = UnitResult.objects.filter(is_current=True)
    else:
        registration.event = _event(user, registration.event.public_id)
        queryset = UnitResult.objects.all()
    return list(
        queryset.filter(assessment__registration=registration)
        .select_related("unit", "assessor", "recorded_by")
        .order_by("unit__position", "recorded_at", "id")
    )


@router.post(
    "/registrations/{public_id}/results",
    response={201: ResultOut, **ERRORS},
    summary="Catat K/BK satu unit (asesor yang dibagikan); koreksi dengan alasan setelah berita acara",
)
def registration_record(request: HttpRequest, public_id: uuid.UUID, payload: ResultIn) -> Status[UnitResult]:
    """Refused (422) when another result of the unit was recorded since the one in
    `expected_current`: the message names who recorded it and when."""
    user = caller(request)
    registration = _registration_for(user, public_id, access.ASSESS)
    with service_errors():
        result = services.record_unit_result(
            registration=registration,
            unit_code=payload.unit,
            verdict=payload.verdict,
            methods=payload.methods,
            note=payload.note,
            expected_current=payload.expected_current,
            reason=payload.reason,
            actor=user,
        )
    return Status(201, result)


@router.post(
    "/registrations/{public_id}/instruments",
    response={201: InstrumentOut, **ERRORS},
    summary="Unggah instrumen asesmen yang sudah diisi (PDF/JPG/PNG, maks. 10 MB)",
)
def registration_instrument(
    request: HttpRequest, public_id: uuid.UUID, payload: Form[InstrumentIn], file: File[UploadedFile]
) -> Status[InstrumentFile]:
    """Multipart: `kind`, optionally `unit`, and the file `file`."""
    user = caller(request)
    registration = _registration_for(user, public_id, access.ASSESS)
    with service_errors():
        instrument = services.upload_instrument(
            registration=registration,
            kind=payload.kind,
            unit_code=payload.unit,
            content=file,
            name=file.name or "instrumen.pdf",
            actor=user,
        )
    return Status(201, instrument)


@router.post(
    "/registrations/{public_id}/finish",
    response={200: AssessmentOut, **ERRORS},
    summary="Selesaikan asesmen asesi (semua unit sudah dicatat)",
)
def registration_finish(request: HttpRequest, public_id: uuid.UUID) -> Assessment:
    user = caller(request)
    registration = _registration_for(user, public_id, access.ASSESS)
    with service_errors():
        return services.finish_assessment(registration=registration, actor=user)


@router.post(
    "/registrations/{public_id}/feedback",
    response={200: AssessmentOut, **ERRORS},
    summary="Umpan balik asesor kepada asesi (FR.AK.03)",
)
def registration_feedback(request: HttpRequest, public_id: uuid.UUID, payload: FeedbackIn) -> Assessment:
    user = caller(request)
    registration = _registration_for(user, public_id, access.ASSESS)
    with service_errors():
        return services.give_feedback(registration=registration, actor=user, feedback=payload.feedback)


# ---- appeals -----------------------------------------------------------------------------------


@router.get(
    "/registrations/{public_id}/appeals",
    response={200: list[AppealOut], **ERRORS},
    summary="Banding asesi (untuk asesi sendiri atau yang melihat uji ini)",
)
def registration_appeals(request: HttpRequest, public_id: uuid.UUID) -> list[Appeal]:
    user = caller(request)
    registration = _registration(public_id)
    if registration.candidate_id != user.pk:
        _event(user, registration.event.public_id)
    return list(
        Appeal.objects.filter(assessment__registration=registration).select_related(
            "assessment__registration", "decided_by"
        )
    )


@router.post(
    "/registrations/{public_id}/appeals",
    response={201: AppealOut, **ERRORS},
    summary="Ajukan banding atas asesmen (FR.AK.04), oleh asesi sendiri",
)
def registration_appeal(request: HttpRequest, public_id: uuid.UUID, payload: AppealIn) -> Status[Appeal]:
    user = caller(request)
    registration = selectors.own_registration(user, public_id)
    if registration is None:
        raise Http404(_("Pendaftaran tidak ditemukan."))
    with service_errors():
        appeal = services.submit_appeal(registration=registration, actor=user, grounds=payload.grounds)
    return Status(201, appeal)


@router.post(
    "/appeals/{public_id}/decision",
    response={200: AppealOut, **ERRORS},
    summary="Putuskan banding (LSP): diterima untuk asesmen ulang atau ditolak",
)
def appeal_decision(request: HttpRequest, public_id: uuid.UUID, payload: DecisionIn) -> Appeal:
    user = caller(request)
    appeal = get_object_or_404(
        Appeal.objects.select_related("assessment__registration__event"), public_id=public_id
    )
    access.event_for(user, appeal.assessment.registration.event.public_id, access.DECIDE, access.Where.LSP)
    with service_errors():
        return services.decide_appeal(
            appeal=appeal, actor=user, status=payload.status, decision=payload.decision
        )


# ---- the test day ------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/test-day",
    response={200: TestDayOut, **ERRORS},
    summary="Keadaan pelaksanaan uji: yang masih kurang, laporan bila selesai",
)
def day_state(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return _test_day(_event(caller(request), public_id))


@router.post(
    "/events/{public_id}/test-day/finish",
    response={200: TestDayOut, **ERRORS},
    summary="Selesaikan pelaksanaan uji: laporan bernomor dilampirkan pada langkah 5 SOP",
)
def day_finish(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = caller(request)
    event = _event(user, public_id, access.CONDUCT)
    with service_errors():
        report = services.finish_test_day(event=event, actor=user)
    state = _test_day(event)
    return {**state, "report_number": report.number}
