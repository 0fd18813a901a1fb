"""Verification of certificates (public, no login, rate-limited per client) and their lifecycle
(suspend, lift the suspension, revoke: `certificates.manage` in the certificate's LSP)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ujikom.certificates import pades
from ujikom.certificates import selectors_verification as selectors
from ujikom.certificates import services_status as services
from ujikom.certificates.throttle import verification_wait

from ..auth import caller
from ..errors import service_errors
from ..schemas import Input, Message, ValidationErrors
from . import certificates_badges

router = Router(tags=["Sertifikat: verifikasi dan status"])
# Open Badges credentials, registered here so that /verify/{public_id} below does not take the path.
router.post("/verify/credential", **certificates_badges.VERIFY_CREDENTIAL)(
    certificates_badges.verify_credential_call
)

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}
PUBLIC_ERRORS: dict[int, type[Schema]] = {404: Message, 429: Message}


class CheckOut(Schema):
    name: str = Field(description="signature, key, status, dates")
    label: str
    ok: bool
    detail: str


class NamedOut(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    title: str


class VerificationOut(Schema):
    public_id: str
    status: str = Field(description="valid, suspended, revoked, expired, superseded")
    status_label: str
    reason: str = Field(description="kode alasan pembekuan/pencabutan")
    reason_label: str
    status_changed_at: dt.datetime | None
    holder: str
    scheme: NamedOut
    units: list[UnitOut]
    lsp: NamedOut
    certificate_number: str
    registration_number: str
    issued_on: dt.date
    valid_until: dt.date
    superseded_by: str | None
    checks: list[CheckOut]
    checked_at: dt.datetime


class TokenCheckOut(Schema):
    genuine: bool = Field(description="tanda tangan sah oleh kunci LSP yang berlaku pada tanggal terbit")
    reason: str
    kid: str
    claims: dict[str, Any]
    record_found: bool
    matches_record: bool = Field(description="isi token sama dengan data sertifikat yang tercatat")
    status: str | None
    status_label: str | None
    status_reason: str | None
    public_id: str | None
    checked_at: dt.datetime


class PdfSignerOut(Schema):
    subject: str
    serial_number: str
    source: str = Field(description="own_ca (CA milik LSP) atau provider (PSrE)")
    source_label: str
    lsp: NamedOut


class CertificateSummaryOut(Schema):
    holder: str
    certificate_number: str
    registration_number: str
    scheme: NamedOut
    lsp: NamedOut
    issued_on: dt.date
    valid_until: dt.date


class PdfCheckOut(Schema):
    genuine: bool = Field(
        description="satu tanda tangan PAdES utuh mencakup seluruh berkas, oleh identitas LSP yang berantai ke CA-nya"
    )
    reason: str
    checks: list[CheckOut] = Field(description="pdf, signature, unaltered, signer")
    signer: PdfSignerOut | None
    signed_at: dt.datetime | None
    record_found: bool
    matches_record: bool = Field(description="berkas sama persis dengan PDF yang disimpan LSP")
    status: str | None
    status_label: str | None
    status_reason: str | None
    public_id: str | None
    certificate: CertificateSummaryOut | None
    checked_at: dt.datetime


class SuspendIn(Input):
    reason: services.SuspensionReason
    note: str = Field("", max_length=2000)


class LiftIn(Input):
    note: str = Field("", max_length=2000)


class RevokeIn(Input):
    reason: services.RevocationReason
    note: str = Field("", max_length=2000)


class StatusOut(Schema):
    public_id: str
    status: str
    reason: str
    note: str
    status_changed_at: dt.datetime | None


def _throttled(request: HttpRequest) -> HttpResponse | None:
    wait = verification_wait(request)
    if not wait:
        return None
    response = JsonResponse(
        {
            "detail": _("Terlalu banyak permintaan verifikasi. Coba lagi dalam %(seconds)s detik.")
            % {"seconds": wait}
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@router.get(
    "/verify/{public_id}",
    response={200: VerificationOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Verifikasi sertifikat menurut id publiknya (tanpa login)",
)
def verify_certificate(request: HttpRequest, public_id: str) -> Any:
    refused = _throttled(request)
    if refused is not None:
        return refused
    certificate = selectors.certificate_by_public_id(public_id)
    if certificate is None:
        return Status(404, {"detail": _("Sertifikat tidak ditemukan.")})
    return selectors.verify(certificate).as_dict()


@router.post(
    "/verify",
    response={200: TokenCheckOut | PdfCheckOut, 400: Message, 429: Message},
    auth=None,
    summary="Periksa token QR sertifikat (atau seluruh URL hasil pindai) atau PDF sertifikat: asli dan tidak diubah?",
    description=(
        "JSON `{token}` memeriksa token QR (jawaban TokenCheckOut). `multipart/form-data` dengan `file` "
        "(PDF, paling besar 10 MB) memeriksa tanda tangan PAdES PDF tersebut (jawaban PdfCheckOut)."
    ),
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"token": {"type": "string"}},
                        "required": ["token"],
                    }
                },
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary", "description": "PDF sertifikat"},
                            "token": {"type": "string"},
                        },
                    }
                },
            }
        }
    },
)
def verify_token_call(request: HttpRequest) -> Any:
    refused = _throttled(request)
    if refused is not None:
        return refused
    token = ""
    if request.content_type == "application/json" or not request.content_type:
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            body = {}
        value = body.get("token") if isinstance(body, dict) else None
        token = value if isinstance(value, str) else ""
    elif "file" in request.FILES or (
        request.content_type == "multipart/form-data" and "token" not in request.POST
    ):
        upload = request.FILES.get("file")
        problem, data = pades.read_upload(upload)
        if problem:
            return Status(400, {"detail": problem})
        return pades.verify_pdf(data)
    elif "token" in request.POST:
        token = str(request.POST.get("token") or "")
    return selectors.check_token(token)


def _status(certificate: Any) -> dict[str, Any]:
    return {
        "public_id": certificate.public_id,
        "status": certificate.status,
        "reason": certificate.status_reason,
        "note": certificate.status_note,
        "status_changed_at": certificate.status_changed_at,
    }


def _managed(request: HttpRequest, public_id: str) -> Any:
    try:
        return selectors.certificate_for(caller(request), public_id, selectors.MANAGE)
    except Http404 as error:
        raise Http404(_("Sertifikat tidak ditemukan.")) from error


@router.post(
    "/certificates/{public_id}/suspend",
    response={200: StatusOut, **ERRORS},
    summary="Bekukan sertifikat (alasan dari daftar)",
)
def suspend(request: HttpRequest, public_id: str, payload: SuspendIn) -> Any:
    certificate = _managed(request, public_id)
    with service_errors():
        certificate = services.suspend(
            certificate=certificate, reason=payload.reason.value, note=payload.note, actor=caller(request)
        )
    return _status(certificate)


@router.post(
    "/certificates/{public_id}/lift-suspension",
    response={200: StatusOut, **ERRORS},
    summary="Cabut pembekuan sertifikat",
)
def lift_suspension(request: HttpRequest, public_id: str, payload: LiftIn) -> Any:
    certificate = _managed(request, public_id)
    with service_errors():
        certificate = services.lift_suspension(
            certificate=certificate, note=payload.note, actor=caller(request)
        )
    return _status(certificate)


@router.post(
    "/certificates/{public_id}/revoke",
    response={200: StatusOut, **ERRORS},
    summary="Cabut sertifikat (final; alasan dari daftar)",
)
def revoke(request: HttpRequest, public_id: str, payload: RevokeIn) -> Any:
    certificate = _managed(request, public_id)
    with service_errors():
        certificate = services.revoke(
            certificate=certificate, reason=payload.reason.value, note=payload.note, actor=caller(request)
        )
    return _status(certificate)
