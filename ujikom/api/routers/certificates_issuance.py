"""Issuing competency certificates from an approved decree, with the same services and permissions as
the pages: issue one entry, start a bulk issuance and follow its progress, list and read an LSP's
certificates, download a certificate's PDF (its holder too)."""

import datetime as dt
import uuid

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from ujikom.certificates import selectors_issuance as selectors
from ujikom.certificates import services_issuance as services
from ujikom.certificates.models import Certificate, IssuanceJob
from ujikom.core.models import Organization
from ujikom.documents.responses import file_response

from ..auth import caller
from ..errors import service_errors
from ..schemas import Message, ValidationErrors

router = Router(tags=["Sertifikat: penerbitan"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class IssueIn(Input):
    entry: int = Field(description="id baris SK (DecisionEntry) yang diterbitkan sertifikatnya")


class UnitOut(Schema):
    code: str
    title: str


class CertificateOut(Schema):
    public_id: str
    certificate_number: str
    registration_number: str
    holder_name: str
    holder_nik: str
    scheme_code: str
    scheme_name: str
    units: list[UnitOut]
    issued_on: dt.date
    valid_until: dt.date
    status: str
    signer_name: str
    signer_title: str
    kid: str
    token: str
    verification_url: str
    pdf: uuid.UUID | None = Field(None, description="public_id berkas PDF")

    @staticmethod
    def resolve_verification_url(obj: Certificate) -> str:
        return f"{services.verification_url(obj.public_id)}#{obj.token}"

    @staticmethod
    def resolve_pdf(obj: Certificate) -> uuid.UUID | None:
        return obj.pdf.public_id if obj.pdf is not None else None


class JobOut(Schema):
    public_id: uuid.UUID
    status: str
    total: int
    issued: int
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None = None


class Filters(Schema):
    q: str = Field("", description="nomor sertifikat/registrasi atau nama pemegang")
    status: str = ""


@router.post(
    "/certificates/decisions/{public_id}/issue",
    response={201: CertificateOut, **ERRORS},
    summary="Terbitkan sertifikat satu asesi dalam SK Penetapan",
)
def issue_one(request: HttpRequest, public_id: uuid.UUID, payload: IssueIn) -> Status[Certificate]:
    user = caller(request)
    decision = selectors.decision_for(user, public_id, selectors.ISSUE)
    entry = decision.entries.filter(pk=payload.entry).first()
    if entry is None:
        raise Http404(_("Asesi tidak ditemukan dalam SK ini."))
    with service_errors():
        certificate = services.issue_certificate(entry=entry, actor=user)
    return Status(201, certificate)


@router.post(
    "/certificates/decisions/{public_id}/bulk",
    response={202: JobOut, **ERRORS},
    summary="Mulai penerbitan massal semua sertifikat SK yang belum terbit",
)
def start_bulk(request: HttpRequest, public_id: uuid.UUID) -> Status[IssuanceJob]:
    user = caller(request)
    decision = selectors.decision_for(user, public_id, selectors.ISSUE)
    with service_errors():
        job = services.start_bulk_issuance(decision=decision, actor=user)
    job.refresh_from_db()
    return Status(202, job)


@router.get(
    "/certificates/jobs/{public_id}", response={200: JobOut, **ERRORS}, summary="Kemajuan penerbitan massal"
)
def job_progress(request: HttpRequest, public_id: uuid.UUID) -> IssuanceJob:
    return selectors.job_for(caller(request), public_id)


@router.get(
    "/organizations/{public_id}/certificates",
    response={200: list[CertificateOut], **ERRORS},
    summary="Sertifikat yang diterbitkan LSP (terbaru dahulu, paling banyak 200)",
)
def certificate_list(
    request: HttpRequest, public_id: uuid.UUID, filters: Query[Filters]
) -> list[Certificate]:
    lsp = Organization.objects.filter(public_id=public_id).first()
    selectors.authorize_lsp(caller(request), lsp, selectors.VIEW)
    assert lsp is not None
    return list(selectors.certificates_of(lsp, q=filters.q, status=filters.status)[:200])


@router.get("/certificates/{public_id}", response={200: CertificateOut, **ERRORS}, summary="Satu sertifikat")
def certificate_detail(request: HttpRequest, public_id: str) -> Certificate:
    return selectors.certificate_for(caller(request), public_id)


@router.get(
    "/certificates/{public_id}/pdf",
    response={200: None, **ERRORS},
    summary="Unduh PDF sertifikat (staf LSP atau pemegangnya)",
)
def certificate_pdf(request: HttpRequest, public_id: str) -> FileResponse:
    certificate = selectors.certificate_pdf_for(caller(request), public_id)
    stored = certificate.pdf
    assert stored is not None
    return file_response(stored)
