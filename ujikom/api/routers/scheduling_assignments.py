"""Site verification and assessor assignment of a test event, and the assessor's own assignments,
with the same permissions as the pages: the event is seen by its LSP, the facilitating agency and the
site's owner; verifiers and assessors are assigned by the LSP; assessors answer for themselves."""

import datetime as dt
import uuid
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from ujikom.registry.models import Assessor
from ujikom.registry.selectors_sites import find_person
from ujikom.scheduling import selectors_assignments as selectors
from ujikom.scheduling.models import AssessorAssignment, SiteVerification
from ujikom.scheduling.services_assignments import (
    assign_site_verifier,
    confirm_assignment,
    decline_assignment,
    propose_assessor,
    record_site_verification,
    site_verified,
)

from ..auth import caller
from ..errors import input_error, service_errors
from ..schemas import Message, ValidationErrors

router = Router(tags=["Verifikasi TUK dan penugasan asesor"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---- Schemas -------------------------------------------------------------------------------------


class ChecklistItem(Schema):
    ok: bool = Field(description="sesuai (true) atau tidak sesuai (false)")
    note: str = Field("", max_length=500, description="wajib bila tidak sesuai")


class VerificationOut(Schema):
    public_id: uuid.UUID
    event: uuid.UUID
    site: str = Field(description="nama TUK")
    verifier: str = Field(description="nama pengguna verifikator")
    letter_number: str
    checklist: dict[str, ChecklistItem]
    result: str = Field(description="'' (belum diisi), memenuhi, atau tidak_memenuhi")
    notes: str
    verified_at: dt.datetime | None = None
    result_number: str
    has_result_file: bool

    @staticmethod
    def resolve_event(obj: SiteVerification) -> uuid.UUID:
        return obj.event.public_id

    @staticmethod
    def resolve_site(obj: SiteVerification) -> str:
        return obj.site.name

    @staticmethod
    def resolve_verifier(obj: SiteVerification) -> str:
        return obj.verifier.username

    @staticmethod
    def resolve_has_result_file(obj: SiteVerification) -> bool:
        return obj.result_file_id is not None


class SiteVerificationState(Schema):
    verified: bool = Field(
        description="TUK Mandiri yang masih berlaku, atau verifikasi memenuhi untuk uji ini"
    )
    verifications: list[VerificationOut]


class VerifierIn(Input):
    verifier: str = Field(min_length=1, description="nama pengguna atau email verifikator (staf/asesor LSP)")


class ResultIn(Input):
    checklist: dict[Literal["facilities", "equipment", "materials", "k3", "capacity"], ChecklistItem]
    result: SiteVerification.Result
    notes: str = ""


class AssignmentOut(Schema):
    public_id: uuid.UUID
    event: uuid.UUID
    event_title: str
    site: str
    assessor: uuid.UUID = Field(description="public_id data asesor")
    assessor_name: str
    registration_number: str
    day: dt.date
    candidate_count: int
    status: AssessorAssignment.Status
    reason: str
    letter_number: str
    responded_at: dt.datetime | None = None

    @staticmethod
    def resolve_event(obj: AssessorAssignment) -> uuid.UUID:
        return obj.event.public_id

    @staticmethod
    def resolve_event_title(obj: AssessorAssignment) -> str:
        return obj.event.title

    @staticmethod
    def resolve_site(obj: AssessorAssignment) -> str:
        return obj.event.site.name

    @staticmethod
    def resolve_assessor(obj: AssessorAssignment) -> uuid.UUID:
        return obj.assessor.public_id

    @staticmethod
    def resolve_assessor_name(obj: AssessorAssignment) -> str:
        return obj.assessor.user.full_name

    @staticmethod
    def resolve_registration_number(obj: AssessorAssignment) -> str:
        return obj.assessor.registration_number


class AssignmentsOut(Schema):
    confirmed: bool = Field(
        description="setiap hari uji punya asesor yang mengonfirmasi dan tidak ada usulan tersisa"
    )
    assignments: list[AssignmentOut]


class ProposalIn(Input):
    assessor: str = Field(min_length=1, description="public_id data asesor atau nomor registrasi MET")
    day: dt.date
    candidate_count: int


class DeclineIn(Input):
    reason: str = Field(description="wajib diisi")


def _verifications(event_id: int) -> list[SiteVerification]:
    return list(
        SiteVerification.objects.filter(event_id=event_id)
        .select_related("event", "site", "verifier")
        .order_by("-created_at", "-id")
    )


def _assignments(**filters: object) -> list[AssessorAssignment]:
    return list(
        AssessorAssignment.objects.filter(**filters)
        .select_related("event__site", "assessor__user")
        .order_by("day", "assessor__user__full_name", "pk")
    )


# ---- Site verification ---------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/site-verification",
    response={200: SiteVerificationState, **ERRORS},
    summary="Status verifikasi TUK uji kompetensi",
)
def site_verification_state(request: HttpRequest, public_id: uuid.UUID) -> dict[str, object]:
    event = selectors.event_for(caller(request), public_id)
    return {"verified": site_verified(event), "verifications": _verifications(event.pk)}


@router.post(
    "/events/{public_id}/site-verifications",
    response={201: VerificationOut, **ERRORS},
    summary="Tugaskan verifikator TUK (surat tugas bernomor)",
)
def site_verifier_assign(
    request: HttpRequest, public_id: uuid.UUID, payload: VerifierIn
) -> Status[SiteVerification]:
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.MANAGE)
    verifier = find_person(payload.verifier)
    if verifier is None:
        raise input_error(
            "body.verifier", _("Pengguna '%(ref)s' tidak ditemukan.") % {"ref": payload.verifier}
        )
    with service_errors():
        verification = assign_site_verifier(event=event, verifier=verifier, actor=user)
    return Status(201, verification)


@router.get(
    "/site-verifications/{public_id}",
    response={200: VerificationOut, **ERRORS},
    summary="Rincian verifikasi TUK",
)
def site_verification_detail(request: HttpRequest, public_id: uuid.UUID) -> SiteVerification:
    return selectors.verification_for(caller(request), public_id, selectors.VIEW)


@router.post(
    "/site-verifications/{public_id}/result",
    response={200: VerificationOut, **ERRORS},
    summary="Isi daftar periksa dan hasil verifikasi TUK",
)
def site_verification_result(
    request: HttpRequest, public_id: uuid.UUID, payload: ResultIn
) -> SiteVerification:
    """By the verifier (or the LSP); the result form is generated as a PDF."""
    user = caller(request)
    verification = selectors.verification_for(user, public_id, selectors.MANAGE)
    checklist: dict[str, dict[str, object]] = {
        str(key): item.model_dump() for key, item in payload.checklist.items()
    }
    renames = {f"{key}_{part}": f"checklist.{key}.{part}" for key in checklist for part in ("ok", "note")}
    with service_errors(renames=renames):
        return record_site_verification(
            verification=verification,
            checklist=checklist,
            result=payload.result,
            notes=payload.notes,
            actor=user,
        )


# ---- Assessor assignment -------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/assessor-assignments",
    response={200: AssignmentsOut, **ERRORS},
    summary="Penugasan asesor uji kompetensi",
)
def assignment_list(request: HttpRequest, public_id: uuid.UUID) -> dict[str, object]:
    event = selectors.event_for(caller(request), public_id)
    assignments = _assignments(event=event)
    cover = selectors.cover_by_day(event, assignments)
    return {
        "confirmed": all(day.confirmed >= 1 and day.proposed == 0 for day in cover),
        "assignments": assignments,
    }


@router.post(
    "/events/{public_id}/assessor-assignments",
    response={201: AssignmentOut, **ERRORS},
    summary="Usulkan asesor untuk hari uji (surat tugas bernomor)",
)
def assignment_propose(
    request: HttpRequest, public_id: uuid.UUID, payload: ProposalIn
) -> Status[AssessorAssignment]:
    """Only assessors competent for the scheme with a valid registration that day, not assigned elsewhere
    that day, and within the event's cap of candidates per assessor per day."""
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.MANAGE)
    found = Assessor.objects.filter(lsp=event.lsp, registration_number=payload.assessor).first()
    if found is None:
        try:
            found = Assessor.objects.filter(lsp=event.lsp, public_id=uuid.UUID(payload.assessor)).first()
        except ValueError:
            found = None
    if found is None:
        raise input_error(
            "body.assessor", _("Asesor '%(ref)s' bukan asesor LSP ini.") % {"ref": payload.assessor}
        )
    with service_errors():
        assignment = propose_assessor(
            event=event, assessor=found, day=payload.day, candidate_count=payload.candidate_count, actor=user
        )
    return Status(201, _assignments(pk=assignment.pk)[0])


# ---- The assessor's own assignments ----------------------------------------------------------------


@router.get(
    "/me/assessor-assignments",
    response={200: list[AssignmentOut], 401: Message},
    summary="Penugasan saya sebagai asesor (yang akan datang lebih dulu)",
)
def my_assignments(request: HttpRequest) -> list[AssessorAssignment]:
    return selectors.assignments_for_assessor(caller(request))


@router.post(
    "/me/assessor-assignments/{public_id}/confirm",
    response={200: AssignmentOut, **ERRORS},
    summary="Konfirmasi penugasan",
)
def my_assignment_confirm(request: HttpRequest, public_id: uuid.UUID) -> AssessorAssignment:
    user = caller(request)
    assignment = selectors.assignment_for_assessor(user, public_id)
    with service_errors():
        confirm_assignment(assignment=assignment, actor=user)
    return _assignments(pk=assignment.pk)[0]


@router.post(
    "/me/assessor-assignments/{public_id}/decline",
    response={200: AssignmentOut, **ERRORS},
    summary="Tolak penugasan dengan alasan",
)
def my_assignment_decline(
    request: HttpRequest, public_id: uuid.UUID, payload: DeclineIn
) -> AssessorAssignment:
    user = caller(request)
    assignment = selectors.assignment_for_assessor(user, public_id)
    with service_errors():
        decline_assignment(assignment=assignment, reason=payload.reason, actor=user)
    return _assignments(pk=assignment.pk)[0]
