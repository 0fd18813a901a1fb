"""Registration (STMI step 3) with the pages' permissions: a facilitator's batch, the review list and
decisions of Administrasi, and the candidate's own application, uploads and self-assessment.

Staff endpoints work on an event seen by its LSP, the facilitating agency or the site owner
(outsiders 404, members without the permission 403). Candidate endpoints see only the caller's own
registrations. A refused batch is a 422 naming each refused row as `body.participants[i]`
(`body` for the whole batch); nothing is registered then.
"""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict, StringConstraints

from ujikom.scheduling import selectors_registration as selectors
from ujikom.scheduling import services_registration as services
from ujikom.scheduling.models import ApplicationDocument, Registration, SelfAssessment, TestEvent

from ..auth import caller
from ..errors import InputError, service_errors
from ..schemas import Message, ValidationErrors

router = Router(tags=["Pendaftaran uji kompetensi"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}
PAGE_SIZE = 50
VIEW, REGISTER = "scheduling.view", "scheduling.register"
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


class RegistrationOut(Schema):
    public_id: uuid.UUID
    event: uuid.UUID
    nik: str
    full_name: str
    birth_place: str
    birth_date: dt.date | None
    sex: str
    phone: str
    email: str
    status: str
    status_label: str
    status_reason: str
    already_certified: bool = Field(description="pernah mengikuti uji skema ini / sudah bersertifikat")
    program: uuid.UUID | None
    card_number: str
    card: uuid.UUID | None = Field(description="public_id berkas kartu peserta (PDF)")
    created_at: dt.datetime
    reviewed_at: dt.datetime | None

    @staticmethod
    def resolve_event(obj: Registration) -> uuid.UUID:
        return obj.event.public_id

    @staticmethod
    def resolve_status_label(obj: Registration) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_program(obj: Registration) -> uuid.UUID | None:
        return obj.program.public_id if obj.program else None

    @staticmethod
    def resolve_card(obj: Registration) -> uuid.UUID | None:
        return obj.card.public_id if obj.card else None


class OpenEventOut(Schema):
    public_id: uuid.UUID
    title: str
    scheme_code: str
    scheme_name: str
    site: str
    lsp: str
    starts_on: dt.date
    registration_closes_on: dt.date

    @staticmethod
    def resolve_scheme_code(obj: TestEvent) -> str:
        return obj.scheme.code

    @staticmethod
    def resolve_scheme_name(obj: TestEvent) -> str:
        return obj.scheme.name

    @staticmethod
    def resolve_site(obj: TestEvent) -> str:
        return obj.site.name

    @staticmethod
    def resolve_lsp(obj: TestEvent) -> str:
        return obj.lsp.name


class BatchIn(Input):
    program: uuid.UUID = Field(description="public_id program pelatihan")
    participants: list[uuid.UUID] | None = Field(
        None, description="public_id peserta yang didaftarkan; kosong/null = semua peserta program"
    )


class ReviewIn(Input):
    decision: Literal["accept", "return", "reject"]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class ApplicationIn(Schema):
    nik: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]
    full_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    birth_place: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    birth_date: dt.date
    sex: Annotated[str, StringConstraints(pattern=r"^[LP]$")] = Field(description="L atau P")
    phone: Text = ""
    email: Text = ""
    # The data BNSP's candidate list needs (FR.APL.01); when any is sent, address, city, province and
    # education are required, as on the form.
    address: Text | None = None
    city: Text | None = Field(None, description="kode kabupaten/kota Kepmendagri, mis. 36.71")
    province: Text | None = Field(None, description="kode provinsi, mis. 36")
    education: Text | None = Field(None, description="SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3")
    occupation: Text | None = None
    institution: Text | None = Field(None, description="asal lembaga")


class DocumentOut(Schema):
    kind: str
    kind_label: str
    file: uuid.UUID
    name: str
    size: int

    @staticmethod
    def resolve_kind_label(obj: ApplicationDocument) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_file(obj: ApplicationDocument) -> uuid.UUID:
        return obj.file.public_id

    @staticmethod
    def resolve_name(obj: ApplicationDocument) -> str:
        return obj.file.original_name

    @staticmethod
    def resolve_size(obj: ApplicationDocument) -> int:
        return obj.file.size


class AnswerIn(Input):
    unit: str = Field(description="kode unit kompetensi, mis. J.620100.001.01")
    competent: bool
    evidence: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class SelfAssessmentIn(Input):
    answers: list[AnswerIn]


class AnswerOut(Schema):
    unit: str
    title: str
    competent: bool
    evidence: str

    @staticmethod
    def resolve_unit(obj: SelfAssessment) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_title(obj: SelfAssessment) -> str:
        return obj.unit.title


def _registration(public_id: uuid.UUID) -> Registration:
    found = selectors.registration_by_public_id(public_id)
    if found is None:
        raise Http404(_("Pendaftaran tidak ditemukan."))
    return found


# --- staff ----------------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/registrations",
    response={200: list[RegistrationOut], **ERRORS},
    summary="Daftar pendaftaran uji kompetensi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def registration_list(
    request: HttpRequest,
    public_id: uuid.UUID,
    status: Annotated[str, Query()] = "",
    q: Annotated[str, Query()] = "",
) -> QuerySet[Registration]:
    """An event's registrations by name, filtered by status and searched by name or NIK."""
    event, _organization = selectors.event_for(caller(request), public_id, VIEW)
    with service_errors(prefix="query"):
        status = selectors.parse_status(status)
    return selectors.registrations_for_list(event=event, status=status, query=q).select_related(
        "event", "card"
    )


@router.post(
    "/events/{public_id}/registrations/batch",
    response={201: list[RegistrationOut], **ERRORS},
    summary="Daftarkan peserta pelatihan sekaligus",
)
def registration_batch(request: HttpRequest, public_id: uuid.UUID, payload: BatchIn) -> Status[Any]:
    """Register the participants of a training program (all, or those named): all or nothing."""
    user = caller(request)
    event, organization = selectors.event_for(user, public_id, REGISTER)
    program = selectors.programs_for_batch(event=event, organization=organization).filter(
        public_id=payload.program
    )
    found = program.first()
    if found is None:
        raise InputError([("body.program", _("Program pelatihan tidak ditemukan."))])
    ids = None if payload.participants is None else [str(value) for value in payload.participants]
    with service_errors():
        chosen = services.participants_of_program(found, ids)
    try:
        registrations = services.register_batch(event=event, participants=chosen, actor=user)
    except services.BatchRefused as refused:
        raise InputError(
            (f"body.participants[{problem.row - 1}]" if problem.row else "body", problem.message)
            for problem in refused.problems
        ) from refused
    return Status(201, registrations)


@router.get(
    "/registrations/{public_id}", response={200: RegistrationOut, **ERRORS}, summary="Rincian pendaftaran"
)
def registration_detail(request: HttpRequest, public_id: uuid.UUID) -> Registration:
    """Seen by the event's staff, or by the candidate it belongs to."""
    user = caller(request)
    registration = _registration(public_id)
    if registration.candidate_id != user.pk:
        selectors.event_for(user, registration.event.public_id, VIEW)
    return registration


@router.post(
    "/registrations/{public_id}/review",
    response={200: RegistrationOut, **ERRORS},
    summary="Periksa permohonan: terima, kembalikan, tolak",
)
def registration_review(request: HttpRequest, public_id: uuid.UUID, payload: ReviewIn) -> Registration:
    """Accepting issues the numbered participant card; returning and rejecting need a reason."""
    user = caller(request)
    registration, _organization = selectors.registration_for(user, public_id, REGISTER)
    with service_errors():
        if payload.decision == "accept":
            services.accept_registration(registration=registration, actor=user)
        elif payload.decision == "return":
            services.return_registration(registration=registration, reason=payload.reason, actor=user)
        else:
            services.reject_registration(registration=registration, reason=payload.reason, actor=user)
    return _registration(public_id)


# --- candidate ----------------------------------------------------------------------------------


@router.get(
    "/open-events",
    response={200: list[OpenEventOut], **ERRORS},
    summary="Uji kompetensi yang membuka pendaftaran",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def open_events(request: HttpRequest, q: Annotated[str, Query()] = "") -> QuerySet[TestEvent]:
    caller(request)
    return selectors.open_events(query=q)


@router.get("/me/registrations", response={200: list[RegistrationOut], **ERRORS}, summary="Pendaftaran saya")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def my_registrations(request: HttpRequest) -> QuerySet[Registration]:
    return selectors.registrations_of_candidate(caller(request)).select_related("program")


@router.post(
    "/events/{public_id}/self-registrations",
    response={201: RegistrationOut, **ERRORS},
    summary="Daftar sendiri (FR.APL.01) dengan dokumen persyaratan",
)
def self_registration(
    request: HttpRequest,
    public_id: uuid.UUID,
    payload: Form[ApplicationIn],
    ktp: File[UploadedFile],
    photo: File[UploadedFile],
    diploma: File[UploadedFile],
    training: File[UploadedFile] | None = None,
) -> Status[Registration]:
    """Multipart: the identity fields plus files `ktp`, `photo` (JPG/PNG), `diploma` and optionally
    `training` (PDF/JPG/PNG, at most 5 MB each). A refused file saves nothing."""
    user = caller(request)
    event = selectors.event_by_public_id(public_id)
    if event is None or not selectors.registration_is_open(event):
        raise Http404(_("Uji kompetensi tidak ditemukan atau pendaftarannya tidak dibuka."))
    documents = {"ktp": ktp, "photo": photo, "diploma": diploma, "training": training}
    with service_errors():
        registration = services.self_register(
            event=event, candidate=user, fields=payload.model_dump(exclude_none=True), documents=documents
        )
    return Status(201, _registration(registration.public_id))


@router.post(
    "/registrations/{public_id}/documents/{kind}",
    response={201: DocumentOut, **ERRORS},
    summary="Unggah atau ganti dokumen persyaratan",
)
def upload_document(
    request: HttpRequest,
    public_id: uuid.UUID,
    kind: Literal["ktp", "photo", "diploma", "training"],
    file: File[UploadedFile],
) -> Status[ApplicationDocument]:
    """The candidate's own registration, while it is submitted or returned for correction."""
    user = caller(request)
    registration = selectors.own_registration(user, public_id)
    with service_errors():
        document = services.upload_application_document(
            registration=registration, kind=kind, content=file, name=file.name or kind, actor=user
        )
    return Status(201, document)


@router.put(
    "/registrations/{public_id}/self-assessment",
    response={200: list[AnswerOut], **ERRORS},
    summary="Isi asesmen mandiri (FR.APL.02)",
)
def self_assessment(
    request: HttpRequest, public_id: uuid.UUID, payload: SelfAssessmentIn
) -> list[SelfAssessment]:
    """One answer per competency unit of the scheme, named by its code."""
    user = caller(request)
    registration = selectors.own_registration(user, public_id)
    units = {unit.code: unit for unit, _answer in selectors.self_assessment_rows(registration)}
    unknown = [
        (f"body.answers[{index}].unit", _("Unit %(code)s bukan unit skema ini.") % {"code": answer.unit})
        for index, answer in enumerate(payload.answers)
        if answer.unit not in units
    ]
    if unknown:
        raise InputError(unknown)
    answers = {units[answer.unit].pk: (answer.competent, answer.evidence) for answer in payload.answers}
    by_pk = {unit.pk: code for code, unit in units.items()}
    with service_errors(renames={f"unit_{pk}": f"answers.{code}" for pk, code in by_pk.items()}):
        services.save_self_assessment(registration=registration, answers=answers, actor=user)
    return list(registration.self_assessments.select_related("unit").order_by("unit__position"))
