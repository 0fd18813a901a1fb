"""Training programs, their participants and participant imports, with the pages' permissions.

`registry.view` in the program's provider to read, `registry.manage` to change and import;
someone outside the provider gets 404. An import uploads an XLSX or CSV file (multipart, field
`file`) and returns the job at once (202); the job's status, progress and every error of a
refused file are read back from /participant-imports/{public_id}.
"""

import datetime as dt
import uuid
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict, StringConstraints

from ujikom.core.models import Organization, User
from ujikom.registry import selectors_training as selectors
from ujikom.registry import services_training as services
from ujikom.registry.models import FundingSource, ImportJob, Participant, Region, TrainingProgram
from ujikom.registry.regions import normalize_region_code

from ..auth import caller
from ..errors import InputError, service_errors
from ..lookups import authorize_in, organization_in_path
from ..schemas import Message, ValidationErrors

router = Router(tags=["Program pelatihan"])

OrganizationInPath = Annotated[str, Path(description="public_id (UUID) atau kode organisasi")]
ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}
PAGE_SIZE = 50
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


class ProgramIn(Input):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    starts_on: dt.date
    ends_on: dt.date
    scheme: uuid.UUID | None = Field(None, description="public_id skema tujuan")
    funding: str | None = Field(None, description="kode sumber anggaran")


class ProgramUpdate(Input):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] | None = None
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)] | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    scheme: uuid.UUID | None = None
    funding: str | None = None


class ProgramOut(Schema):
    public_id: uuid.UUID
    provider: str = Field(description="kode organisasi penyelenggara")
    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    scheme: uuid.UUID | None
    funding: str | None
    participant_count: int | None = None

    @staticmethod
    def resolve_provider(obj: TrainingProgram) -> str:
        return obj.provider.code

    @staticmethod
    def resolve_scheme(obj: TrainingProgram) -> uuid.UUID | None:
        return obj.scheme.public_id if obj.scheme else None

    @staticmethod
    def resolve_funding(obj: TrainingProgram) -> str | None:
        return obj.funding.code if obj.funding else None

    @staticmethod
    def resolve_participant_count(obj: TrainingProgram) -> int | None:
        return getattr(obj, "participant_count", None)


class ParticipantIn(Input):
    nik: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]
    full_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    birth_place: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    birth_date: dt.date
    sex: Annotated[str, StringConstraints(pattern=r"^[LP]$")] = Field(description="L atau P")
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    city: str = Field(description="kode kabupaten/kota, mis. 36.71 atau 3671")
    province: str = Field(description="kode provinsi, mis. 36")
    phone: Text = ""
    email: Text = ""
    education: Text = ""
    occupation: Text = ""


class ParticipantOut(Schema):
    public_id: uuid.UUID
    nik: str
    full_name: str
    birth_place: str
    birth_date: dt.date
    sex: str
    address: str
    city: str
    province: str
    phone: str
    email: str
    education: str
    occupation: str

    @staticmethod
    def resolve_city(obj: Participant) -> str:
        return obj.city_id

    @staticmethod
    def resolve_province(obj: Participant) -> str:
        return obj.province_id


class RowErrorOut(Schema):
    row: int = Field(description="nomor baris seperti terlihat di lembar kerja; 0 = seluruh berkas")
    column: str
    message: str


class ImportJobOut(Schema):
    public_id: uuid.UUID
    program: uuid.UUID
    status: str
    status_label: str
    total_rows: int
    processed_rows: int
    imported_rows: int
    errors: list[RowErrorOut]
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _job_out(job: ImportJob) -> dict[str, Any]:
    return {
        "public_id": job.public_id,
        "program": job.program.public_id,
        "status": job.status,
        "status_label": job.get_status_display(),
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "imported_rows": job.imported_rows,
        "errors": job.errors,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _program(user: User, public_id: uuid.UUID, code: str) -> TrainingProgram:
    program = selectors.program_by_public_id(public_id)
    not_found = _("Program pelatihan tidak ditemukan.")
    if program is None:
        raise Http404(not_found)
    authorize_in(user, code, program.provider, not_found)
    return program


def _references(payload: ProgramIn | ProgramUpdate, provider: Organization) -> dict[str, Any]:
    """The scheme and funding source named in the body, as objects (422 at the field if unknown)."""
    found: dict[str, Any] = {}
    fields = payload.model_fields_set
    if "scheme" in fields:
        scheme = None
        if payload.scheme is not None:
            scheme = selectors.schemes_for_programs().filter(public_id=payload.scheme).first()
            if scheme is None:
                raise InputError([("body.scheme", _("Skema tidak ditemukan."))])
        found["scheme"] = scheme
    if "funding" in fields:
        funding: FundingSource | None = None
        if payload.funding:
            funding = selectors.funding_for_programs(provider=provider).filter(code=payload.funding).first()
            if funding is None:
                raise InputError(
                    [
                        (
                            "body.funding",
                            _("Sumber anggaran %(code)s tidak ditemukan.") % {"code": payload.funding},
                        )
                    ]
                )
        found["funding"] = funding
    return found


@router.get(
    "/organizations/{organization}/training-programs",
    response={200: list[ProgramOut], **ERRORS},
    summary="Daftar program pelatihan penyelenggara",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def program_list(
    request: HttpRequest, organization: OrganizationInPath, q: Annotated[str, Query()] = ""
) -> QuerySet[TrainingProgram]:
    """A provider's training programs, newest first, searched by code or name."""
    provider = organization_in_path(caller(request), organization, "registry.view")
    return selectors.programs_for_list(provider=provider, query=q)


@router.post(
    "/organizations/{organization}/training-programs",
    response={201: ProgramOut, **ERRORS},
    summary="Tambah program pelatihan",
)
def program_create(
    request: HttpRequest, organization: OrganizationInPath, payload: ProgramIn
) -> Status[TrainingProgram]:
    user = caller(request)
    provider = organization_in_path(user, organization, "registry.manage")
    fields = payload.model_dump(exclude={"scheme", "funding"})
    fields.update(_references(payload, provider))
    with service_errors():
        program = services.create_training_program(provider=provider, actor=user, **fields)
    return Status(201, program)


@router.get(
    "/training-programs/{public_id}",
    response={200: ProgramOut, **ERRORS},
    summary="Rincian program pelatihan",
)
def program_detail(request: HttpRequest, public_id: uuid.UUID) -> TrainingProgram:
    return _program(caller(request), public_id, "registry.view")


@router.patch(
    "/training-programs/{public_id}", response={200: ProgramOut, **ERRORS}, summary="Ubah program pelatihan"
)
def program_update(request: HttpRequest, public_id: uuid.UUID, payload: ProgramUpdate) -> TrainingProgram:
    user = caller(request)
    program = _program(user, public_id, "registry.manage")
    changes = payload.model_dump(exclude_unset=True, exclude={"scheme", "funding"})
    changes.update(_references(payload, program.provider))
    with service_errors():
        services.update_training_program(program=program, actor=user, **changes)
    return program


@router.get(
    "/training-programs/{public_id}/participants",
    response={200: list[ParticipantOut], **ERRORS},
    summary="Peserta program pelatihan",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def participant_list(
    request: HttpRequest, public_id: uuid.UUID, q: Annotated[str, Query()] = ""
) -> QuerySet[Participant]:
    program = _program(caller(request), public_id, "registry.view")
    return selectors.participants_of(program=program, query=q)


@router.post(
    "/training-programs/{public_id}/participants",
    response={201: ParticipantOut, **ERRORS},
    summary="Tambah peserta",
)
def participant_create(
    request: HttpRequest, public_id: uuid.UUID, payload: ParticipantIn
) -> Status[Participant]:
    user = caller(request)
    program = _program(user, public_id, "registry.manage")
    fields = payload.model_dump()
    regions = {
        r.code: r
        for r in Region.objects.filter(
            code__in=[normalize_region_code(fields["city"]), normalize_region_code(fields["province"])]
        )
    }
    errors: list[tuple[str, str]] = []
    for name in ("city", "province"):
        region = regions.get(normalize_region_code(fields[name]))
        if region is None:
            errors.append(
                (f"body.{name}", _("Kode wilayah %(code)s tidak dikenal.") % {"code": fields[name]})
            )
        fields[name] = region
    if errors:
        raise InputError(errors)
    with service_errors():
        participant = services.create_participant(program=program, actor=user, **fields)
    return Status(201, participant)


@router.post(
    "/training-programs/{public_id}/participants/import",
    response={202: ImportJobOut, **ERRORS},
    summary="Impor peserta dari XLSX/CSV",
)
def participant_import(
    request: HttpRequest, public_id: uuid.UUID, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    """Upload the participants (multipart, field `file`, the template's columns). All rows are
    checked in the job worker; if any is bad nothing is saved and the job lists every error."""
    user = caller(request)
    program = _program(user, public_id, "registry.manage")
    with service_errors():
        job = services.start_participant_import(
            program=program,
            content=file,
            name=file.name or "peserta.xlsx",
            actor=user,
            content_type=file.content_type,
        )
    job = selectors.import_job_by_public_id(job.public_id) or job
    return Status(202, _job_out(job))


@router.get(
    "/participant-imports/{public_id}",
    response={200: ImportJobOut, **ERRORS},
    summary="Status impor peserta",
)
def import_job(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = caller(request)
    job = selectors.import_job_by_public_id(public_id)
    not_found = _("Impor tidak ditemukan.")
    if job is None:
        raise Http404(not_found)
    authorize_in(user, "registry.manage", job.program.provider, not_found)
    return _job_out(job)
