"""Open Badges 3.0: a certificate's signed credential (its holder or the LSP's staff), and the public
check of a submitted credential (`POST /verify/credential`, registered in the verification router
before `/verify/{public_id}`)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from ujikom.certificates import badges
from ujikom.certificates.throttle import verification_wait

from ..auth import caller
from ..schemas import Message

router = Router(tags=["Sertifikat: Open Badges"])

MAX_BODY = 64 * 1024  # bytes: a credential is about 4 KB


class NamedOut(Schema):
    code: str
    name: str


class CredentialCheckOut(Schema):
    verified: bool = Field(
        description="bukti eddsa-rdfc-2022 sah oleh kunci LSP penerbit yang berlaku saat bukti dibuat"
    )
    reason: str
    issuer: str
    lsp: NamedOut | None
    kid: str
    verification_method: str
    created: str
    record_found: bool
    matches_record: bool = Field(description="isi kredensial sama dengan data sertifikat yang tercatat")
    status: str | None = Field(description="status sertifikat saat ini: valid, suspended, revoked, …")
    status_label: str | None
    status_reason: str | None
    public_id: str | None
    checked_at: dt.datetime


@router.get(
    "/certificates/{public_id}/open-badges",
    response={200: dict[str, Any], 401: Message, 403: Message, 404: Message},
    summary="Sertifikat sebagai kredensial Open Badges 3.0 bertanda tangan (pemegang atau staf LSP)",
    description=(
        "OpenBadgeCredential (VC 2.0) dengan bukti DataIntegrityProof eddsa-rdfc-2022. Sertifikat yang "
        "dicabut atau dibekukan tetap dapat diekspor; entri credentialStatus memberi tahu verifikator."
    ),
)
def open_badges(request: HttpRequest, public_id: str) -> Any:
    certificate = badges.certificate_for_export(caller(request), public_id)
    return badges.credential_for(certificate)


def _refused(request: HttpRequest) -> JsonResponse | None:
    wait = verification_wait(request)
    if wait:
        response = JsonResponse(
            {
                "detail": _("Terlalu banyak permintaan verifikasi. Coba lagi dalam %(seconds)s detik.")
                % {"seconds": wait}
            },
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return JsonResponse(
            {
                "detail": _("Kredensial terlalu besar (paling besar %(size)s KB).")
                % {"size": MAX_BODY // 1024}
            },
            status=413,
        )
    return None


def verify_credential_call(request: HttpRequest) -> Any:
    """The body is the credential itself (JSON), or `{"credential": {...}}`."""
    refused = _refused(request)
    if refused is not None:
        return refused
    try:
        document = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        document = None
    if isinstance(document, dict) and set(document) == {"credential"}:
        document = document["credential"]
    if not isinstance(document, dict):
        return JsonResponse({"detail": _("Isi permintaan harus kredensial dalam JSON (objek).")}, status=400)
    return badges.credential_report(document)


VERIFY_CREDENTIAL: dict[str, Any] = {
    "response": {200: CredentialCheckOut, 400: Message, 413: Message, 429: Message},
    "auth": None,
    "summary": "Periksa kredensial Open Badges 3.0 (bukti eddsa-rdfc-2022) dan status sertifikatnya saat ini",
    "openapi_extra": {
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}, "required": True}
    },
}
