"""A certificate's lifecycle after issue: suspension (can be lifted) and revocation (final).

Each change locks the certificate, checks the change is allowed from its present status, records a
`CertificateEvent` and an audit event, and flips the certificate's bit in the LSP's status list for
that purpose (re-signed at once), so the verification page and the list say so immediately.
Who may act (`certificates.manage` in the certificate's LSP) is checked by the screens and the API
through `selectors_verification.certificate_for`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import User

from . import statuslist
from .models import Certificate, CertificateEvent, StatusList
from .tasks import store_verifications_later


class RevocationReason(models.TextChoices):
    ETHICS = "ethics", gettext_lazy("Melanggar kode etik profesi")
    NOT_RENEWED = "not_renewed", gettext_lazy("Masa berlaku habis dan tidak diperpanjang")
    INCAPACITY = "incapacity", gettext_lazy("Tidak mampu lagi secara permanen menjalankan kompetensi")
    CRIMINAL = "criminal", gettext_lazy("Putusan pidana yang berkekuatan hukum tetap")
    FRAUD = "fraud", gettext_lazy("Kecurangan atau penyalahgunaan sertifikat")
    ADMIN_ERROR = "admin_error", gettext_lazy("Kesalahan administrasi penerbitan")
    HOLDER_REQUEST = "holder_request", gettext_lazy("Atas permintaan pemegang sertifikat")


class SuspensionReason(models.TextChoices):
    CRIMINAL_SUSPECT = "criminal_suspect", gettext_lazy("Pemegang berstatus tersangka tindak pidana")
    MISUSE = "misuse", gettext_lazy("Dugaan penyalahgunaan sertifikat")
    SURVEILLANCE = "surveillance", gettext_lazy("Tidak memenuhi ketentuan surveilans")
    ADMIN_CHECK = "admin_check", gettext_lazy("Pemeriksaan administrasi")


EVENT_LABELS = {
    "certificate.suspended": gettext_lazy("Sertifikat dibekukan"),
    "certificate.reinstated": gettext_lazy("Pembekuan sertifikat dicabut"),
    "certificate.revoked": gettext_lazy("Sertifikat dicabut"),
}


def reason_label(status: str, reason: str) -> str:
    """The Indonesian label of a stored reason code (the code itself when unknown)."""
    choices = RevocationReason if status == Certificate.Status.REVOKED else SuspensionReason
    return str(dict(choices.choices).get(reason, reason))


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().select_related("lsp").get(pk=certificate.pk)


def _check_reason(reason: str, choices: type[models.TextChoices], note: str) -> None:
    if reason not in choices.values:
        raise ValidationError({"reason": _("Pilih alasan dari daftar.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Catatan paling banyak 2.000 karakter.")})


def _change(
    certificate: Certificate,
    *,
    status: str,
    kind: str,
    reason: str,
    note: str,
    actor: User | None,
    event_type: str,
) -> Certificate:
    now = timezone.now()
    certificate.status = status
    certificate.status_reason = reason
    certificate.status_note = note
    certificate.status_changed_at = now
    certificate.save(
        update_fields=["status", "status_reason", "status_note", "status_changed_at", "updated_at"]
    )
    CertificateEvent.objects.create(
        certificate=certificate, kind=kind, reason=reason, note=note, actor=actor, at=now
    )
    record_event(
        certificate,
        event_type,
        actor=actor,
        organization=certificate.lsp,
        data={"number": certificate.certificate_number, "reason": reason, "note": note},
    )
    store_verifications_later([certificate])
    return certificate


@transaction.atomic
def suspend(*, certificate: Certificate, reason: str, note: str = "", actor: User | None) -> Certificate:
    """Suspend a valid certificate (reason from `SuspensionReason`); it can be lifted later."""
    note = (note or "").strip()
    _check_reason(reason, SuspensionReason, note)
    certificate = _locked(certificate)
    if certificate.status != Certificate.Status.VALID:
        raise ValidationError(
            _("Hanya sertifikat yang berlaku yang dapat dibekukan (status sekarang: %(status)s).")
            % {"status": certificate.get_status_display()}
        )
    _change(
        certificate,
        status=Certificate.Status.SUSPENDED,
        kind=CertificateEvent.Kind.SUSPENDED,
        reason=reason,
        note=note,
        actor=actor,
        event_type="certificate.suspended",
    )
    statuslist.mark(
        lsp=certificate.lsp, purpose=StatusList.Purpose.SUSPENSION, index=certificate.status_index, value=True
    )
    return certificate


@transaction.atomic
def lift_suspension(*, certificate: Certificate, note: str = "", actor: User | None) -> Certificate:
    """Reinstate a suspended certificate: valid again (or expired, if its validity ended meanwhile)."""
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("Catatan paling banyak 2.000 karakter.")})
    certificate = _locked(certificate)
    if certificate.status != Certificate.Status.SUSPENDED:
        raise ValidationError(_("Sertifikat ini tidak sedang dibekukan."))
    expired = certificate.valid_until < timezone.localdate()
    _change(
        certificate,
        status=Certificate.Status.EXPIRED if expired else Certificate.Status.VALID,
        kind=CertificateEvent.Kind.REINSTATED,
        reason="",
        note=note,
        actor=actor,
        event_type="certificate.reinstated",
    )
    statuslist.mark(
        lsp=certificate.lsp,
        purpose=StatusList.Purpose.SUSPENSION,
        index=certificate.status_index,
        value=False,
    )
    return certificate


@transaction.atomic
def revoke(*, certificate: Certificate, reason: str, note: str = "", actor: User | None) -> Certificate:
    """Revoke a certificate for good (reason from `RevocationReason`); a suspension is ended with it."""
    note = (note or "").strip()
    _check_reason(reason, RevocationReason, note)
    certificate = _locked(certificate)
    if certificate.status in (Certificate.Status.REVOKED, Certificate.Status.SUPERSEDED):
        raise ValidationError(
            _("Sertifikat berstatus %(status)s tidak dapat dicabut lagi.")
            % {"status": certificate.get_status_display()}
        )
    was_suspended = certificate.status == Certificate.Status.SUSPENDED
    _change(
        certificate,
        status=Certificate.Status.REVOKED,
        kind=CertificateEvent.Kind.REVOKED,
        reason=reason,
        note=note,
        actor=actor,
        event_type="certificate.revoked",
    )
    statuslist.mark(
        lsp=certificate.lsp, purpose=StatusList.Purpose.REVOCATION, index=certificate.status_index, value=True
    )
    if was_suspended:
        statuslist.mark(
            lsp=certificate.lsp,
            purpose=StatusList.Purpose.SUSPENSION,
            index=certificate.status_index,
            value=False,
        )
    return certificate
