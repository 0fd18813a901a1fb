"""The LSP's decision (STMI 1.3.3 step 6) with the same services and permissions as the pages: the
plenary and SK Penetapan with its approval chain, the blank request bundle to BNSP, the candidate
data BNSP needs, the certificate numbers BNSP assigns (JSON or xlsx), and the blank log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, StringConstraints

from ujikom.assessment import selectors_decision as selectors
from ujikom.assessment import services_blanks as blanks
from ujikom.assessment import services_decision as services
from ujikom.assessment.access import BLANKS, DECIDE, VIEW, Where, event_for, may
from ujikom.assessment.models import (
    BlankMovement,
    BlankRequest,
    Decision,
    DecisionApproval,
    DecisionEntry,
)
from ujikom.documents.models import StoredFile
from ujikom.documents.responses import file_response
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.scheduling.services_registration import update_bnsp_data

from ..auth import caller
from ..errors import InputError, service_errors
from ..lookups import organization_in_path
from ..schemas import Message, ValidationErrors

router = Router(tags=["Keputusan LSP: rapat pleno, SK Penetapan, blangko BNSP"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Text = Annotated[str, StringConstraints(max_length=2000)]


# ---- bodies -------------------------------------------------------------------------------------


class ApprovalOut(Schema):
    stage: str
    outcome: str
    note: str
    actor: str
    acted_at: dt.datetime

    @staticmethod
    def resolve_actor(obj: DecisionApproval) -> str:
        return obj.actor.username


class EntryOut(Schema):
    position: int
    registration: uuid.UUID
    full_name: str
    nik: str
    certificate_number: str
    registration_number: str
    numbers_recorded_at: dt.datetime | None = None

    @staticmethod
    def resolve_registration(obj: DecisionEntry) -> uuid.UUID:
        return obj.registration.public_id

    @staticmethod
    def resolve_full_name(obj: DecisionEntry) -> str:
        return obj.registration.full_name

    @staticmethod
    def resolve_nik(obj: DecisionEntry) -> str:
        return obj.registration.nik


class DecisionOut(Schema):
    public_id: uuid.UUID
    event: uuid.UUID
    status: str
    status_label: str
    meeting_held_on: dt.date
    meeting_place: str
    attendees: str
    meeting_notes: str
    minutes_number: str
    decree_number: str
    decided_on: dt.date | None = None
    minutes_file: uuid.UUID | None = Field(None, description="public_id berita acara rapat pleno (PDF)")
    decree_file: uuid.UUID | None = Field(None, description="public_id SK Penetapan (PDF)")
    combined_file: uuid.UUID | None = Field(None, description="public_id BA pleno dan SK dalam satu PDF")
    certificate_list: uuid.UUID | None = Field(
        None, description="public_id daftar sertifikat kompetensi (PDF)"
    )
    entries: list[EntryOut]
    approvals: list[ApprovalOut]

    @staticmethod
    def resolve_event(obj: Decision) -> uuid.UUID:
        return obj.event.public_id

    @staticmethod
    def resolve_status_label(obj: Decision) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_minutes_file(obj: Decision) -> uuid.UUID | None:
        return obj.minutes_file.public_id if obj.minutes_file else None

    @staticmethod
    def resolve_decree_file(obj: Decision) -> uuid.UUID | None:
        return obj.decree_file.public_id if obj.decree_file else None

    @staticmethod
    def resolve_combined_file(obj: Decision) -> uuid.UUID | None:
        found = services.combined_file(obj)
        return found.public_id if found else None

    @staticmethod
    def resolve_certificate_list(obj: Decision) -> uuid.UUID | None:
        found = blanks.latest_certificate_list(obj)
        return found.public_id if found else None

    @staticmethod
    def resolve_entries(obj: Decision) -> list[DecisionEntry]:
        return selectors.entries_of(obj)

    @staticmethod
    def resolve_approvals(obj: Decision) -> list[DecisionApproval]:
        return selectors.approvals_of(obj)


class DecisionIn(Input):
    meeting_held_on: dt.date
    meeting_place: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    attendees: Annotated[str, StringConstraints(min_length=1, max_length=4000)] = Field(
        description="peserta rapat pleno, satu per baris"
    )
    meeting_notes: Text = ""
    registrations: list[uuid.UUID] | None = Field(
        None,
        description="public_id pendaftaran asesi yang dimuat; kosong = semua asesi yang direkomendasikan K",
    )


class NoteIn(Input):
    note: Text = ""


class ReturnIn(Input):
    note: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="alasan pengembalian"
    )


class BlankRequestOut(Schema):
    public_id: uuid.UUID
    number: str
    status: str
    status_label: str
    quantity: int
    letter: uuid.UUID = Field(description="public_id surat permohonan (PDF)")
    candidates_xlsx: uuid.UUID = Field(description="public_id daftar asesi format BNSP (xlsx)")
    bundle: uuid.UUID = Field(description="public_id berkas lengkap (ZIP: surat, BA uji, SK, xlsx)")
    submitted_at: dt.datetime | None = None
    created_at: dt.datetime

    @staticmethod
    def resolve_status_label(obj: BlankRequest) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_letter(obj: BlankRequest) -> uuid.UUID:
        return obj.letter.public_id

    @staticmethod
    def resolve_candidates_xlsx(obj: BlankRequest) -> uuid.UUID:
        return obj.candidates_xlsx.public_id

    @staticmethod
    def resolve_bundle(obj: BlankRequest) -> uuid.UUID:
        return obj.bundle.public_id


class NumberIn(Input):
    nik: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    certificate_number: Annotated[str, StringConstraints(max_length=60)] = Field(
        description=str(blanks.CERTIFICATE_NUMBER_HELP)
    )
    registration_number: Annotated[str, StringConstraints(max_length=60)] = Field(
        description=str(blanks.REGISTRATION_NUMBER_HELP)
    )


class NumbersIn(Input):
    numbers: list[NumberIn] = Field(min_length=1)


class CorrectionIn(Input):
    certificate_number: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    registration_number: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class BnspDataIn(Input):
    address: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    province: Annotated[str, StringConstraints(min_length=1, max_length=10)] = Field(
        description="kode Kepmendagri provinsi, mis. 36"
    )
    city: Annotated[str, StringConstraints(min_length=1, max_length=10)] = Field(
        description="kode Kepmendagri kabupaten/kota, mis. 36.71"
    )
    education: Literal["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
    occupation: Annotated[str, StringConstraints(max_length=100)] = ""
    institution: Annotated[str, StringConstraints(max_length=255)] = ""


class BnspDataOut(Schema):
    registration: uuid.UUID
    full_name: str
    address: str
    city: str | None
    province: str | None
    education: str
    occupation: str
    institution: str

    @staticmethod
    def resolve_registration(obj: Registration) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_city(obj: Registration) -> str | None:
        return obj.city_id

    @staticmethod
    def resolve_province(obj: Registration) -> str | None:
        return obj.province_id


class BnspSheetOut(Schema):
    complete: bool
    missing: list[str] = Field(description="data yang belum lengkap, per asesi, dan tempat melengkapinya")
    warnings: list[str]


class MovementOut(Schema):
    public_id: uuid.UUID
    kind: str
    kind_label: str
    quantity: int
    occurred_on: dt.date
    request: uuid.UUID | None = None
    certificate_number: str | None = None
    serial_from: str
    serial_to: str
    reference: str
    note: str
    recorded_by: str

    @staticmethod
    def resolve_kind_label(obj: BlankMovement) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_request(obj: BlankMovement) -> uuid.UUID | None:
        return obj.request.public_id if obj.request else None

    @staticmethod
    def resolve_certificate_number(obj: BlankMovement) -> str | None:
        return obj.entry.certificate_number if obj.entry else None

    @staticmethod
    def resolve_recorded_by(obj: BlankMovement) -> str:
        return obj.recorded_by.username


class MovementIn(Input):
    kind: Literal["received", "damaged", "returned"]
    quantity: int = Field(ge=1, le=100000)
    occurred_on: dt.date | None = None
    request: uuid.UUID | None = Field(None, description="public_id permohonan yang dijawab (penerimaan)")
    serial_from: Annotated[str, StringConstraints(max_length=60)] = ""
    serial_to: Annotated[str, StringConstraints(max_length=60)] = ""
    reference: Annotated[str, StringConstraints(max_length=200)] = Field(
        "", description="wajib untuk rusak: nomor berita acara kerusakan"
    )
    note: Text = ""


class StockOut(Schema):
    organization: str
    stock: int


# ---- helpers ------------------------------------------------------------------------------------


def _decision(event: TestEvent) -> Decision:
    current = selectors.current_decision(event)
    if current is None:
        raise Http404(_("Keputusan untuk uji kompetensi ini belum dibuat."))
    return current


def _fresh(decision: Decision) -> Decision:
    return Decision.objects.select_related("event", "minutes_file", "decree_file").get(pk=decision.pk)


def _registrations(event: TestEvent, ids: list[uuid.UUID] | None) -> list[Registration] | None:
    if ids is None:
        return None
    found = {r.public_id: r for r in Registration.objects.filter(event=event, public_id__in=ids)}
    unknown = [
        (f"body.registrations[{index}]", _("Pendaftaran %(id)s bukan asesi uji ini.") % {"id": value})
        for index, value in enumerate(ids)
        if value not in found
    ]
    if unknown:
        raise InputError(unknown)
    return [found[value] for value in ids]


def _numbers_errors(refused: blanks.NumbersRefused, rows: dict[int, int] | None = None) -> InputError:
    """Each problem at its row: `body.numbers[i].<field>` for JSON, `file.row<N>.<column>` for a file."""
    fields = {
        blanks.CERTIFICATE_COLUMN: "certificate_number",
        blanks.REGISTRATION_COLUMN: "registration_number",
        blanks.NIK_COLUMN: "nik",
    }
    found = []
    for error in refused.errors:
        if rows is not None:
            location = "body"
            if error.row in rows:
                location = f"body.numbers[{rows[error.row]}]"
                if error.column in fields:
                    location += f".{fields[error.column]}"
        else:
            location = f"file.row{error.row}" if error.row else "file"
            if error.column:
                location += f".{error.column}"
        found.append((location, error.message))
    return InputError(found)


# ---- decision -----------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/decision",
    response={200: DecisionOut, **ERRORS},
    summary="Keputusan LSP uji ini: rapat pleno, SK Penetapan, persetujuan, nomor BNSP",
)
def decision_detail(request: HttpRequest, public_id: uuid.UUID) -> Decision:
    return _decision(event_for(caller(request), public_id, VIEW))


@router.get(
    "/events/{public_id}/decision/history",
    response={200: list[DecisionOut], **ERRORS},
    summary="Semua keputusan uji ini, termasuk yang dikembalikan",
)
def decision_history(request: HttpRequest, public_id: uuid.UUID) -> list[Decision]:
    return selectors.decision_history(event_for(caller(request), public_id, VIEW))


@router.post(
    "/events/{public_id}/decision",
    response={201: DecisionOut, **ERRORS},
    summary="Catat rapat pleno dan siapkan SK Penetapan (Kabid Sertifikasi)",
)
def decision_prepare(request: HttpRequest, public_id: uuid.UUID, payload: DecisionIn) -> Status[Decision]:
    user = caller(request)
    event = event_for(user, public_id, DECIDE, Where.LSP)
    chosen = _registrations(event, payload.registrations)
    with service_errors():
        decision = services.prepare_decision(
            event=event,
            actor=user,
            meeting_held_on=payload.meeting_held_on,
            meeting_place=payload.meeting_place,
            attendees=payload.attendees,
            meeting_notes=payload.meeting_notes,
            registrations=chosen,
        )
    return Status(201, _fresh(decision))


@router.put(
    "/events/{public_id}/decision",
    response={200: DecisionOut, **ERRORS},
    summary="Ubah draf SK Penetapan (Kabid Sertifikasi)",
)
def decision_update(request: HttpRequest, public_id: uuid.UUID, payload: DecisionIn) -> Decision:
    user = caller(request)
    event = event_for(user, public_id, DECIDE, Where.LSP)
    chosen = _registrations(event, payload.registrations)
    with service_errors():
        decision = services.update_decision(
            decision=_decision(event),
            actor=user,
            meeting_held_on=payload.meeting_held_on,
            meeting_place=payload.meeting_place,
            attendees=payload.attendees,
            meeting_notes=payload.meeting_notes,
            registrations=chosen,
        )
    return _fresh(decision)


def _step(request: HttpRequest, public_id: uuid.UUID, stage: str, note: str) -> Decision:
    user = caller(request)
    event = event_for(user, public_id, DECIDE, Where.LSP)
    decision = _decision(event)
    work = {
        "propose": services.propose_decision,
        "endorse": services.endorse_decision,
        "sign": services.sign_decision,
        "return": services.return_decision,
    }[stage]
    with service_errors():
        return _fresh(work(decision=decision, actor=user, note=note))


@router.post(
    "/events/{public_id}/decision/propose",
    response={200: DecisionOut, **ERRORS},
    summary="Ajukan SK Penetapan kepada Ketua LSP (Kabid Sertifikasi)",
)
def decision_propose(request: HttpRequest, public_id: uuid.UUID, payload: NoteIn) -> Decision:
    return _step(request, public_id, "propose", payload.note)


@router.post(
    "/events/{public_id}/decision/endorse",
    response={200: DecisionOut, **ERRORS},
    summary="Setujui SK Penetapan (Ketua LSP)",
)
def decision_endorse(request: HttpRequest, public_id: uuid.UUID, payload: NoteIn) -> Decision:
    return _step(request, public_id, "endorse", payload.note)


@router.post(
    "/events/{public_id}/decision/sign",
    response={200: DecisionOut, **ERRORS},
    summary="Tandatangani dan tetapkan SK Penetapan (Direktur): nomor, BA pleno dan SK (PDF)",
)
def decision_sign(request: HttpRequest, public_id: uuid.UUID, payload: NoteIn) -> Decision:
    return _step(request, public_id, "sign", payload.note)


@router.post(
    "/events/{public_id}/decision/return",
    response={200: DecisionOut, **ERRORS},
    summary="Kembalikan SK Penetapan dengan alasan (Ketua LSP atau Direktur, sesuai tahapnya)",
)
def decision_return(request: HttpRequest, public_id: uuid.UUID, payload: ReturnIn) -> Decision:
    return _step(request, public_id, "return", payload.note)


@router.get(
    "/events/{public_id}/decision/files/{file_id}",
    response={200: None, **ERRORS},
    summary="Unduh dokumen keputusan (BA pleno, SK, surat permohonan, xlsx, ZIP, daftar sertifikat)",
)
def decision_file(request: HttpRequest, public_id: uuid.UUID, file_id: uuid.UUID) -> FileResponse:
    user = caller(request)
    event = event_for(user, public_id, VIEW)
    if not (may(user, DECIDE, event, Where.LSP) or may(user, BLANKS, event, Where.LSP)):
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini."))
    decisions = {str(pk) for pk in Decision.objects.filter(event=event).values_list("pk", flat=True)}
    stored = get_object_or_404(
        StoredFile,
        public_id=file_id,
        organization=event.lsp,
        subject_type=Decision._meta.label_lower,
        subject_id__in=decisions,
    )
    return file_response(stored)


# ---- BNSP data and the blank request ------------------------------------------------------------


@router.get(
    "/events/{public_id}/bnsp-sheet",
    response={200: BnspSheetOut, **ERRORS},
    summary="Kelengkapan data asesi untuk daftar BNSP",
)
def bnsp_sheet(request: HttpRequest, public_id: uuid.UUID) -> BnspSheetOut:
    event = event_for(caller(request), public_id, BLANKS, Where.LSP)
    sheet = blanks.bnsp_sheet(event)
    return BnspSheetOut(
        complete=sheet.complete, missing=blanks.missing_data_messages(sheet, event), warnings=sheet.warnings
    )


@router.put(
    "/events/{public_id}/candidates/{registration_id}/bnsp-data",
    response={200: BnspDataOut, **ERRORS},
    summary="Lengkapi data BNSP asesi (alamat, kabupaten/kota, provinsi, pendidikan, pekerjaan, asal lembaga)",
)
def candidate_bnsp_data(
    request: HttpRequest, public_id: uuid.UUID, registration_id: uuid.UUID, payload: BnspDataIn
) -> Registration:
    user = caller(request)
    event = event_for(user, public_id, BLANKS, Where.LSP)
    registration = selectors.registration_of_event(event, registration_id)
    if registration is None:
        raise Http404(_("Asesi tidak ditemukan pada uji kompetensi ini."))
    with service_errors():
        return update_bnsp_data(registration=registration, fields=payload.model_dump(), actor=user)


@router.get(
    "/events/{public_id}/blank-requests",
    response={200: list[BlankRequestOut], **ERRORS},
    summary="Permohonan blangko untuk SK Penetapan uji ini",
)
def blank_requests(request: HttpRequest, public_id: uuid.UUID) -> list[BlankRequest]:
    event = event_for(caller(request), public_id, BLANKS, Where.LSP)
    return selectors.blank_requests_of(_decision(event))


@router.post(
    "/events/{public_id}/blank-requests",
    response={201: BlankRequestOut, **ERRORS},
    summary="Siapkan berkas permohonan blangko ke BNSP (surat, BA uji, SK, xlsx; ZIP)",
)
def blank_request_prepare(request: HttpRequest, public_id: uuid.UUID) -> Status[BlankRequest]:
    user = caller(request)
    event = event_for(user, public_id, BLANKS, Where.LSP)
    with service_errors():
        return Status(201, blanks.prepare_blank_request(decision=_decision(event), actor=user))


@router.post(
    "/blank-requests/{public_id}/submit",
    response={200: BlankRequestOut, **ERRORS},
    summary="Tandai permohonan sudah diajukan ke BNSP",
)
def blank_request_submit(request: HttpRequest, public_id: uuid.UUID) -> BlankRequest:
    user = caller(request)
    found = get_object_or_404(BlankRequest.objects.select_related("decision__event"), public_id=public_id)
    event_for(user, found.decision.event.public_id, BLANKS, Where.LSP)
    with service_errors():
        return blanks.submit_blank_request(request=found, actor=user)


# ---- certificate numbers ------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/certificate-numbers",
    response={200: list[EntryOut], **ERRORS},
    summary="Asesi SK Penetapan dengan nomor sertifikat dan registrasi BNSP",
)
def certificate_numbers(request: HttpRequest, public_id: uuid.UUID) -> list[DecisionEntry]:
    event = event_for(caller(request), public_id, VIEW)
    return selectors.entries_of(_decision(event))


@router.post(
    "/events/{public_id}/certificate-numbers",
    response={200: list[EntryOut], **ERRORS},
    summary="Catat nomor sertifikat dan registrasi dari BNSP (semua atau tidak sama sekali)",
)
def certificate_numbers_record(
    request: HttpRequest, public_id: uuid.UUID, payload: NumbersIn
) -> list[DecisionEntry]:
    """Each asesi by NIK; a blank is taken from the stock per new certificate number."""
    user = caller(request)
    event = event_for(user, public_id, BLANKS, Where.LSP)
    decision = _decision(event)
    entries = {entry.registration.nik: entry for entry in selectors.entries_of(decision)}
    unknown = [
        (f"body.numbers[{index}].nik", _("NIK %(nik)s tidak ada dalam SK Penetapan ini.") % {"nik": item.nik})
        for index, item in enumerate(payload.numbers)
        if item.nik not in entries
    ]
    if unknown:
        raise InputError(unknown)
    numbers = [
        blanks.NumberInput(entries[item.nik], item.certificate_number, item.registration_number, index + 1)
        for index, item in enumerate(payload.numbers)
    ]
    try:
        blanks.record_certificate_numbers(decision=decision, numbers=numbers, actor=user)
    except blanks.NumbersRefused as refused:
        raise _numbers_errors(refused, {index + 1: index for index in range(len(numbers))}) from refused
    return selectors.entries_of(decision)


@router.post(
    "/events/{public_id}/certificate-numbers/upload",
    response={200: list[EntryOut], **ERRORS},
    summary="Unggah nomor sertifikat BNSP dari xlsx (kolom NIK, NOMOR SERTIFIKAT, NOMOR REGISTRASI)",
)
def certificate_numbers_upload(
    request: HttpRequest, public_id: uuid.UUID, file: File[UploadedFile]
) -> list[DecisionEntry]:
    """All or nothing; a refusal lists every problem at `file.row<N>.<column>`."""
    user = caller(request)
    event = event_for(user, public_id, BLANKS, Where.LSP)
    decision = _decision(event)
    try:
        blanks.import_certificate_numbers(
            decision=decision, source=file.read(), filename=file.name, actor=user
        )
    except blanks.NumbersRefused as refused:
        raise _numbers_errors(refused) from refused
    return selectors.entries_of(decision)


@router.post(
    "/events/{public_id}/certificate-numbers/{position}/correction",
    response={200: EntryOut, **ERRORS},
    summary="Koreksi nomor sertifikat yang sudah dicatat, dengan alasan",
)
def certificate_number_correct(
    request: HttpRequest, public_id: uuid.UUID, position: int, payload: CorrectionIn
) -> DecisionEntry:
    user = caller(request)
    event = event_for(user, public_id, BLANKS, Where.LSP)
    entry = selectors.entry_at(_decision(event), position)
    if entry is None:
        raise Http404(_("Asesi nomor %(n)s tidak ada dalam SK Penetapan ini.") % {"n": position})
    with service_errors():
        return blanks.correct_certificate_numbers(entry=entry, actor=user, **payload.model_dump())


# ---- the blank log ------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization}/blanks",
    response={200: StockOut, **ERRORS},
    summary="Stok blangko sertifikat LSP",
)
def blank_stock(request: HttpRequest, organization: str) -> StockOut:
    lsp = organization_in_path(caller(request), organization, BLANKS)
    return StockOut(organization=lsp.code, stock=blanks.blank_stock(lsp))


@router.get(
    "/organizations/{organization}/blanks/movements",
    response={200: list[MovementOut], **ERRORS},
    summary="Mutasi blangko LSP (terbaru dahulu)",
)
def blank_movements(request: HttpRequest, organization: str) -> list[BlankMovement]:
    lsp = organization_in_path(caller(request), organization, BLANKS)
    return selectors.movements_of(lsp)


@router.post(
    "/organizations/{organization}/blanks/movements",
    response={201: MovementOut, **ERRORS},
    summary="Catat blangko diterima, rusak atau dikembalikan",
)
def blank_movement_record(
    request: HttpRequest, organization: str, payload: MovementIn
) -> Status[BlankMovement]:
    """Used blanks are recorded with the certificate numbers."""
    user = caller(request)
    lsp = organization_in_path(user, organization, BLANKS)
    found = None
    if payload.request is not None:
        found = BlankRequest.objects.filter(public_id=payload.request, lsp=lsp).first()
        if found is None:
            raise InputError([("body.request", _("Permohonan blangko tidak ditemukan di LSP ini."))])
    with service_errors():
        movement = blanks.record_blank_movement(
            lsp=lsp,
            kind=payload.kind,
            quantity=payload.quantity,
            occurred_on=payload.occurred_on,
            request=found,
            serial_from=payload.serial_from,
            serial_to=payload.serial_to,
            reference=payload.reference,
            note=payload.note,
            actor=user,
        )
    return Status(201, movement)
