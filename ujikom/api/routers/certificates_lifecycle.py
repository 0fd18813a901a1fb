"""What expires soon: the certificates and assessor registrations of the caller's LSPs that end
within 30, 90 or 180 days, as on the expiring-soon page (`certificates.view` in the LSP)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ujikom.certificates import selectors_lifecycle as selectors
from ujikom.certificates.models import Certificate
from ujikom.certificates.services_lifecycle import verification_url

from ..auth import caller
from ..errors import InputError
from ..schemas import Message, ValidationErrors

router = Router(tags=["Sertifikat: masa berlaku"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 422: ValidationErrors}
MAX_LIMIT = 500


class ExpiringFilters(Schema):
    days: int = Field(selectors.DEFAULT_WINDOW, description="30, 90 atau 180 hari ke depan")
    lsp: uuid.UUID | None = Field(None, description="public_id LSP; kosong: semua LSP yang boleh dilihat")
    scheme: str = Field("", description="kode skema")
    limit: int = Field(200, ge=1, le=MAX_LIMIT, description="paling banyak sekian sertifikat")
    offset: int = Field(0, ge=0)


class ExpiringCertificateOut(Schema):
    public_id: str
    certificate_number: str
    holder_name: str
    scheme_code: str
    scheme_name: str
    lsp: str
    valid_until: dt.date
    days_left: int
    reminders_sent: list[int] = Field(description="ambang pengingat yang sudah dikirim (hari sebelum)")
    verification_url: str


class ExpiringAssessorOut(Schema):
    public_id: uuid.UUID
    name: str
    registration_number: str
    lsp: str
    registration_expires_on: dt.date
    days_left: int


class ExpiringOut(Schema):
    today: dt.date
    days: int
    until: dt.date
    certificates_total: int
    certificates: list[ExpiringCertificateOut]
    assessors: list[ExpiringAssessorOut]


def _certificate_row(certificate: Certificate, today: dt.date) -> dict[str, object]:
    return {
        "public_id": certificate.public_id,
        "certificate_number": certificate.certificate_number,
        "holder_name": certificate.holder_name,
        "scheme_code": certificate.scheme_code,
        "scheme_name": certificate.scheme_name,
        "lsp": certificate.lsp.code,
        "valid_until": certificate.valid_until,
        "days_left": (certificate.valid_until - today).days,
        "reminders_sent": [row.days_before for row in certificate.reminders],  # type: ignore[attr-defined]
        "verification_url": verification_url(certificate.public_id),
    }


@router.get(
    "/certificates/expiring",
    response={200: ExpiringOut, **ERRORS},
    summary="Sertifikat dan registrasi asesor yang segera berakhir (soonest first)",
)
def expiring(request: HttpRequest, filters: Query[ExpiringFilters]) -> dict[str, object]:
    user = caller(request)
    lsps = selectors.lsps_for(user)
    if not lsps:
        raise PermissionDenied(_("Anda tidak memiliki hak melihat sertifikat di LSP mana pun."))
    problems = []
    if filters.days not in selectors.WINDOWS:
        problems.append(("query.days", _("Pilih 30, 90 atau 180 hari.")))
    lsp = None
    if filters.lsp is not None:
        lsp = next((item for item in lsps if item.public_id == filters.lsp), None)
        if lsp is None:
            problems.append(("query.lsp", _("LSP ini tidak ada dalam daftar yang boleh Anda lihat.")))
    scheme = None
    if filters.scheme:
        scheme = next((item for item in selectors.schemes_of(lsps) if item.code == filters.scheme), None)
        if scheme is None:
            problems.append(("query.scheme", _("Skema %(value)s tidak dikenal.") % {"value": filters.scheme}))
    if problems:
        raise InputError(problems)
    today = timezone.localdate()
    window = selectors.Window(today=today, days=filters.days, lsps=lsps, lsp=lsp, scheme=scheme)
    found = selectors.expiring_certificates(window)
    rows = selectors.with_days_left(list(found[filters.offset : filters.offset + filters.limit]), today)
    return {
        "today": today,
        "days": window.days,
        "until": window.until,
        "certificates_total": found.count(),
        "certificates": [_certificate_row(certificate, today) for certificate in rows],
        "assessors": [
            {
                "public_id": assessor.public_id,
                "name": assessor.user.full_name,
                "registration_number": assessor.registration_number,
                "lsp": assessor.lsp.code,
                "registration_expires_on": assessor.registration_expires_on,
                "days_left": (assessor.registration_expires_on - today).days,
            }
            for assessor in selectors.expiring_assessors(window)[:MAX_LIMIT]
        ],
    }
