"""Reads of the issuance screens and API: a decree's entries with their certificates, the LSP's
certificate list (a fixed number of queries), one certificate for staff or its holder."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ujikom.assessment.access import Where, authorize_event
from ujikom.assessment.models import Decision, DecisionEntry
from ujikom.core.access import has_permission, is_member
from ujikom.core.models import Organization, User
from ujikom.scheduling.models import Registration

from .models import Certificate, IssuanceJob

VIEW = "certificates.view"
ISSUE = "certificates.issue"


def decision_for(user: User, public_id: str | uuid.UUID, code: str = VIEW) -> Decision:
    """The decree named by its public id, if the user holds `code` in its LSP (404 outsider, 403 member)."""
    try:
        decision = Decision.objects.select_related(
            "lsp", "event__lsp", "event__facilitator", "event__site__owner", "event__scheme"
        ).get(public_id=public_id)
    except (Decision.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Tidak ditemukan.")) from error
    authorize_event(user, decision.event, code, Where.LSP)
    return decision


def entries_of(decision: Decision) -> list[DecisionEntry]:
    """The decree's lines in order, each with its certificate (or none) and the certificate's PDF."""
    return list(
        DecisionEntry.objects.filter(decision=decision)
        .select_related("registration", "certificate__pdf")
        .order_by("position", "id")
    )


def latest_job(decision: Decision) -> IssuanceJob | None:
    return IssuanceJob.objects.filter(decision=decision).order_by("-created_at", "-id").first()


def job_for(user: User, public_id: str | uuid.UUID) -> IssuanceJob:
    try:
        job = IssuanceJob.objects.select_related("decision").get(public_id=public_id)
    except (IssuanceJob.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Tidak ditemukan.")) from error
    decision_for(user, job.decision.public_id, VIEW)
    return job


def authorize_lsp(user: User, lsp: Organization | None, code: str = VIEW) -> Organization:
    if lsp is None or (not user.is_superuser and not is_member(user, lsp)):
        raise Http404(_("Tidak ditemukan."))
    if not (user.is_superuser or has_permission(user, code, lsp)):
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut."))
    return lsp


def certificates_of(lsp: Organization, *, q: str = "", status: str = "") -> QuerySet[Certificate]:
    """The LSP's certificates, newest first; `q` searches the numbers and the holder's name."""
    found = Certificate.objects.filter(lsp=lsp).select_related("pdf")
    q = (q or "").strip()
    if q:
        found = found.filter(
            Q(certificate_number__icontains=q)
            | Q(registration_number__icontains=q)
            | Q(holder_name__icontains=q)
        )
    if status in Certificate.Status.values:
        found = found.filter(status=status)
    return found.order_by("-issued_on", "-id")


def certificate_by_id(public_id: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("lsp", "pdf", "entry__decision", "scheme")
        .filter(public_id=str(public_id)[:32])
        .first()
    )


def certificate_for(user: User, public_id: str, code: str = VIEW) -> Certificate:
    """A certificate for the LSP's staff holding `code` (404 outsider, 403 member without it)."""
    certificate = certificate_by_id(public_id)
    if certificate is None:
        raise Http404(_("Sertifikat tidak ditemukan."))
    authorize_lsp(user, certificate.lsp, code)
    return certificate


def certificate_pdf_for(user: User, public_id: str) -> Certificate:
    """A certificate whose PDF the user may download: its holder, or the LSP's staff."""
    certificate = certificate_by_id(public_id)
    if certificate is None:
        raise Http404(_("Sertifikat tidak ditemukan."))
    if certificate.holder_id is None or certificate.holder_id != user.pk:
        authorize_lsp(user, certificate.lsp, VIEW)
    if certificate.pdf is None:
        raise Http404(_("Berkas sertifikat tidak ditemukan."))
    return certificate


def certificate_of_registration(registration: Registration) -> Certificate | None:
    """The latest certificate issued for a registration, whatever its status now (for the
    candidate's page; one superseded by a later re-certification comes with its successor)."""
    return (
        Certificate.objects.filter(registration=registration)
        .select_related("superseded_by")
        .order_by("-issued_on", "-id")
        .first()
    )
