"""Reading test sites (TUK) and assessors: who sees which, verification and competence on a date."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ujikom.core.models import Organization, RoleAssignment, User

from .models import Assessor, Scheme, TestSite

EXPIRY_WARNING_DAYS = 90


# ---- Test sites ---------------------------------------------------------------------------------


class Verification(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    PER_USE = "per_use"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class VerificationState:
    status: Verification
    until: dt.date | None = None

    @property
    def is_valid(self) -> bool:
        return self.status == Verification.VALID

    @property
    def label(self) -> str:
        if self.status == Verification.VALID and self.until is not None:
            return _("Terverifikasi s.d. %(date)s") % {"date": date_format(self.until)}
        if self.status == Verification.EXPIRED and self.until is not None:
            return _("Verifikasi berakhir %(date)s") % {"date": date_format(self.until)}
        if self.status == Verification.PER_USE:
            return _("Diverifikasi setiap pemakaian")
        return _("Belum diverifikasi")

    @property
    def badge(self) -> str:
        return {
            Verification.VALID: "text-bg-success",
            Verification.EXPIRED: "text-bg-danger",
            Verification.PER_USE: "text-bg-info",
            Verification.UNVERIFIED: "text-bg-warning",
        }[self.status]


def site_verification_state(site: TestSite, on: dt.date | None = None) -> VerificationState:
    """A TUK Mandiri is valid through its `verified_until` date; Sewaktu and Tempat Kerja are
    verified before each use."""
    day = on or timezone.localdate()
    if site.kind != TestSite.Kind.INDEPENDENT:
        return VerificationState(Verification.PER_USE)
    if site.verified_until is None:
        return VerificationState(Verification.UNVERIFIED)
    if site.verified_until >= day:
        return VerificationState(Verification.VALID, site.verified_until)
    return VerificationState(Verification.EXPIRED, site.verified_until)


def sites_of(organization: Organization) -> QuerySet[TestSite]:
    """The sites an organization sees: those it owns and those it verifies as LSP."""
    return TestSite.objects.filter(Q(owner=organization) | Q(lsp=organization))


def sites_for_list(
    *, organization: Organization, query: str = "", kind: str = "", active: str = ""
) -> QuerySet[TestSite]:
    sites = sites_of(organization).select_related("owner", "lsp", "city", "head")
    if query:
        sites = sites.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(address__icontains=query)
        )
    if kind:
        sites = sites.filter(kind=kind)
    if active == "inactive":
        sites = sites.filter(is_active=False)
    elif active != "all":
        sites = sites.filter(is_active=True)
    return sites.order_by("name", "pk")


# ---- Assessors ----------------------------------------------------------------------------------


def _valid_on(day: dt.date) -> Q:
    return (
        Q(is_active=True, user__is_active=True, registration_expires_on__gte=day)
        & (Q(appointment_starts_on__isnull=True) | Q(appointment_starts_on__lte=day))
        & (Q(appointment_ends_on__isnull=True) | Q(appointment_ends_on__gte=day))
    )


def competent_assessors(scheme: Scheme, on: dt.date | None = None) -> QuerySet[Assessor]:
    """Assessors of the scheme's LSP who may assess it on the day: active, registration and LSP
    appointment valid that day, and the scheme among theirs."""
    day = on or timezone.localdate()
    return (
        Assessor.objects.filter(_valid_on(day), lsp_id=scheme.organization_id, schemes=scheme)
        .select_related("user")
        .order_by("user__full_name", "pk")
        .distinct()
    )


@dataclass(frozen=True)
class AssessorStatus:
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def label(self) -> str:
        return _("Dapat ditugaskan") if self.ok else "; ".join(self.reasons)


def assessor_status(assessor: Assessor, on: dt.date | None = None) -> AssessorStatus:
    """Whether the assessor may be assigned on the day, with the reasons why not."""
    day = on or timezone.localdate()
    reasons: list[str] = []
    warnings: list[str] = []
    if not assessor.is_active:
        reasons.append(_("asesor dinonaktifkan"))
    if not assessor.user.is_active:
        reasons.append(_("akun pengguna nonaktif"))
    expires = assessor.registration_expires_on
    if expires < day:
        reasons.append(_("registrasi kedaluwarsa %(date)s") % {"date": date_format(expires)})
    elif (expires - day).days <= EXPIRY_WARNING_DAYS:
        warnings.append(_("registrasi akan habis %(date)s") % {"date": date_format(expires)})
    starts, ends = assessor.appointment_starts_on, assessor.appointment_ends_on
    if starts is not None and starts > day:
        reasons.append(_("SK penetapan LSP baru berlaku %(date)s") % {"date": date_format(starts)})
    if ends is not None and ends < day:
        reasons.append(_("SK penetapan LSP berakhir %(date)s") % {"date": date_format(ends)})
    elif ends is not None and (ends - day).days <= EXPIRY_WARNING_DAYS:
        warnings.append(_("SK penetapan LSP akan berakhir %(date)s") % {"date": date_format(ends)})
    return AssessorStatus(reasons, warnings)


def assessors_of(organization: Organization, on: dt.date | None = None) -> QuerySet[Assessor]:
    """The assessors an organization sees: its own (as LSP) and those who work with it (the person
    holds a role there today, e.g. an LSP's assessor at a Disnaker TUK)."""
    works_here = RoleAssignment.objects.active(on).filter(user=OuterRef("user"), organization=organization)
    return Assessor.objects.filter(Q(lsp=organization) | Exists(works_here))


def assessors_for_list(
    *,
    organization: Organization,
    query: str = "",
    scheme: Scheme | None = None,
    expiring: bool = False,
    on: dt.date | None = None,
) -> QuerySet[Assessor]:
    day = on or timezone.localdate()
    assessors = assessors_of(organization, day).select_related("user", "lsp")
    if query:
        assessors = assessors.filter(
            Q(user__full_name__icontains=query)
            | Q(registration_number__icontains=query)
            | Q(user__email__icontains=query)
        )
    if scheme is not None:
        assessors = assessors.filter(schemes=scheme)
    if expiring:
        assessors = assessors.filter(
            registration_expires_on__gte=day,
            registration_expires_on__lte=day + dt.timedelta(days=EXPIRY_WARNING_DAYS),
        )
    return assessors.prefetch_related("schemes").order_by("user__full_name", "pk")


def assessor_records_of(user: User) -> QuerySet[Assessor]:
    """A person's own assessor registrations."""
    return Assessor.objects.filter(user=user).select_related("lsp", "user").prefetch_related("schemes")


def schemes_of_lsp(lsp: Organization) -> QuerySet[Scheme]:
    return Scheme.objects.filter(organization=lsp, is_active=True).order_by("code")


def find_person(text: str) -> User | None:
    """A person named by username or email (case-insensitive)."""
    text = text.strip()
    if not text:
        return None
    return User.objects.filter(Q(username__iexact=text) | Q(email__iexact=text)).first()
