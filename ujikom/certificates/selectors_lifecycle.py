"""Reads of the lifecycle screens and API: what expires soon — certificates and assessor
registrations — in the LSPs a person may see, each read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet

from ujikom.core.access import has_permission, organizations_of
from ujikom.core.models import Organization, User
from ujikom.registry.models import Assessor, Scheme

from .models import Certificate, ExpiryReminder
from .services_lifecycle import reminders_sent, verification_url

VIEW = "certificates.view"
WINDOWS = (30, 90, 180)  # days ahead the expiring-soon page looks
DEFAULT_WINDOW = 90


def lsps_for(user: User) -> list[Organization]:
    """The LSPs whose certificates the user may see (`certificates.view`); every LSP for a system
    administrator."""
    if user.is_superuser:
        return list(Organization.objects.filter(kind=Organization.Kind.LSP).order_by("name"))
    return [
        organization
        for organization in organizations_of(user)
        if organization.kind == Organization.Kind.LSP and has_permission(user, VIEW, organization)
    ]


def schemes_of(lsps: list[Organization]) -> list[Scheme]:
    return list(Scheme.objects.filter(organization__in=lsps).order_by("code"))


@dataclass(frozen=True)
class Window:
    """Which expiries to show: from `today` up to `days` ahead, in `lsps`, optionally one LSP/scheme."""

    today: dt.date
    days: int
    lsps: list[Organization]
    lsp: Organization | None = None
    scheme: Scheme | None = None

    @property
    def until(self) -> dt.date:
        return self.today + dt.timedelta(days=self.days)

    @property
    def organizations(self) -> list[Organization]:
        return [self.lsp] if self.lsp is not None else self.lsps


def expiring_certificates(window: Window) -> QuerySet[Certificate]:
    """Valid certificates ending within the window, soonest first, with their reminders (one query
    for the rows, one for all their reminders)."""
    found = Certificate.objects.filter(
        lsp__in=window.organizations,
        status=Certificate.Status.VALID,
        valid_until__gte=window.today,
        valid_until__lte=window.until,
    )
    if window.scheme is not None:
        found = found.filter(scheme=window.scheme)
    return (
        found.select_related("lsp")
        .prefetch_related(
            Prefetch("expiry_reminders", queryset=ExpiryReminder.objects.order_by("days_before"))
        )
        .order_by("valid_until", "holder_name", "pk")
    )


def expiring_assessors(window: Window) -> QuerySet[Assessor]:
    """Active assessors whose BNSP registration (MET number) ends within the window, soonest first."""
    found = Assessor.objects.filter(
        lsp__in=window.organizations,
        is_active=True,
        registration_expires_on__gte=window.today,
        registration_expires_on__lte=window.until,
    )
    if window.scheme is not None:
        found = found.filter(schemes=window.scheme)
    return found.select_related("user", "lsp").order_by("registration_expires_on", "user__full_name", "pk")


def with_days_left(certificates: list[Certificate], today: dt.date) -> list[Certificate]:
    """Each certificate with `days_left` and `reminders` (those really sent) for the page."""
    for certificate in certificates:
        certificate.days_left = (certificate.valid_until - today).days  # type: ignore[attr-defined]
        certificate.reminders = reminders_sent(certificate.expiry_reminders.all())  # type: ignore[attr-defined]
    return certificates


# ---- the holder's portal ------------------------------------------------------------------------

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def certificates_held_by(user: User) -> list[Certificate]:
    """The certificates whose holder is this account, newest first (superseded and expired too)."""
    if not user.is_authenticated:
        return []
    return list(
        Certificate.objects.filter(holder=user)
        .select_related("lsp", "superseded_by")
        .order_by("-issued_on", "-pk")
    )


def linkedin_add_url(certificate: Certificate) -> str:
    """LinkedIn's "Add licence or certification" link with every field filled: the scheme as the
    name, the LSP as the issuer, issue and expiry month, the verification page and the number."""
    return f"{LINKEDIN_ADD}?" + urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": f"Sertifikat Kompetensi {certificate.scheme_name}",
            "organizationName": certificate.lsp.name,
            "issueYear": certificate.issued_on.year,
            "issueMonth": certificate.issued_on.month,
            "expirationYear": certificate.valid_until.year,
            "expirationMonth": certificate.valid_until.month,
            "certUrl": verification_url(certificate.public_id),
            "certId": certificate.certificate_number,
        }
    )
