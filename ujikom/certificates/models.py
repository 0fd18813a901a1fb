"""Competency certificates: issued from an approved decree (SK Penetapan), signed, verifiable by anyone.

The database is the source of truth; the PDF, the QR token and the Open Badges credential are signed
views of a Certificate row. Each LSP signs with its own Ed25519 keys (`SigningKey`, private part
encrypted at rest, every public key published with its validity window). A certificate's status
changes only through CertificateEvent rows (append-only), mirrored in the LSP's Bitstring status
lists (`StatusList`).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ujikom.core.models import Organization, TimeStamped
from ujikom.documents.models import StoredFile
from ujikom.registry.models import Scheme

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def new_public_id() -> str:
    """A 128-bit random id in base58 (22 characters, no look-alike letters): the `/v/<id>` of a certificate."""
    number = int.from_bytes(secrets.token_bytes(16), "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(BASE58[rest])
    return "".join(reversed(digits)).rjust(22, BASE58[0])


class SigningKey(TimeStamped):
    """An Ed25519 key pair of an LSP. The private key is stored encrypted (AES-GCM with the
    KEY_ENCRYPTION_KEY from the environment, see `keys.py`); the public key stays published for as
    long as certificates signed with it exist, with its validity window."""

    class Purpose(models.TextChoices):
        CERTIFICATE = "certificate", _("Token sertifikat dan kredensial")

    lsp = models.ForeignKey(
        Organization, verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="signing_keys"
    )
    kid = models.CharField(_("id kunci"), max_length=80, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.CERTIFICATE)
    public_key = models.CharField(_("kunci publik (base64url)"), max_length=64)
    private_key_encrypted = models.TextField(_("kunci privat terenkripsi"))
    not_before = models.DateTimeField(_("berlaku mulai"))
    not_after = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)  # set when rotated out
    compromised_at = models.DateTimeField(_("bocor sejak"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lsp", "-not_before"]
        verbose_name = _("kunci tanda tangan")
        verbose_name_plural = _("kunci tanda tangan")
        constraints = [
            models.UniqueConstraint(
                fields=["lsp", "purpose"], condition=Q(not_after__isnull=True), name="signing_key_one_active"
            )
        ]

    def __str__(self) -> str:
        return self.kid


class Certificate(TimeStamped):
    """A competency certificate of one holder in one scheme, as the decree and BNSP's numbers say."""

    class Status(models.TextChoices):
        VALID = "valid", _("Berlaku")
        SUSPENDED = "suspended", _("Dibekukan")  # can be lifted
        REVOKED = "revoked", pgettext_lazy("certificate status", "Dicabut")  # final
        EXPIRED = "expired", _("Kedaluwarsa")
        SUPERSEDED = "superseded", _("Digantikan")  # re-certified: a newer certificate replaces it

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    lsp = models.ForeignKey(
        Organization, verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="certificates"
    )
    # The decree line it was issued from: one certificate per line (issuing twice is refused).
    entry = models.OneToOneField(
        "assessment.DecisionEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    registration = models.ForeignKey(
        "scheduling.Registration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    # What the certificate shows, kept as issued (later edits of master data do not change it).
    holder_name = models.CharField(_("nama pemegang"), max_length=200)
    holder_nik = models.CharField(_("NIK pemegang"), max_length=16, db_index=True)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("skema"), on_delete=models.PROTECT, related_name="certificates"
    )
    scheme_code = models.CharField(_("kode skema"), max_length=60)
    scheme_name = models.CharField(_("nama skema"), max_length=255)
    units = models.JSONField(_("unit kompetensi"), default=list)  # [{"code": "...", "title": "..."}]
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=60, unique=True)
    registration_number = models.CharField(_("nomor registrasi"), max_length=60, unique=True)
    issued_on = models.DateField(_("tanggal terbit"))
    valid_until = models.DateField(_("berlaku sampai"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VALID)
    status_reason = models.CharField(_("alasan status"), max_length=40, blank=True)
    status_note = models.TextField(_("catatan status"), blank=True)
    status_changed_at = models.DateTimeField(_("status berubah pada"), null=True, blank=True)
    signer_name = models.CharField(_("penanda tangan"), max_length=200, blank=True)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    kid = models.CharField(_("id kunci"), max_length=80)
    token = models.TextField(_("token bertanda tangan (JWS)"))
    # Index of its bit in the LSP's status lists (random, unique per LSP).
    status_index = models.PositiveIntegerField(_("indeks daftar status"))
    pdf = models.ForeignKey(
        StoredFile,
        verbose_name=_("sertifikat (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("sertifikat kompetensi")
        verbose_name_plural = _("sertifikat kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["lsp", "status_index"], name="certificate_status_index_unique"),
        ]
        indexes = [
            models.Index(fields=["lsp", "status", "valid_until"]),
            models.Index(fields=["valid_until", "status"]),
            models.Index(fields=["holder", "-issued_on"]),
            # Certificates an LSP issued per month (dashboards, period report): an index-only scan.
            models.Index(fields=["lsp", "issued_on"], include=["id"], name="certificate_lsp_issued_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_number} — {self.holder_name}"


class CertificateEvent(models.Model):
    """A change of a certificate's status (append-only): suspended, reinstated, revoked, expired,
    superseded — with the reason code, a note, who and when."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Diterbitkan")
        SUSPENDED = "suspended", _("Dibekukan")
        REINSTATED = "reinstated", _("Pembekuan dicabut")
        REVOKED = "revoked", pgettext_lazy("certificate status", "Dicabut")
        EXPIRED = "expired", _("Kedaluwarsa")
        SUPERSEDED = "superseded", _("Digantikan sertifikat baru")

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("alasan"), max_length=40, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("pada"))

    class Meta:
        ordering = ["certificate", "at", "id"]
        verbose_name = _("riwayat status sertifikat")
        verbose_name_plural = _("riwayat status sertifikat")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class StatusList(TimeStamped):
    """A W3C Bitstring Status List of an LSP for one purpose, re-signed on every change."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("Pencabutan")
        SUSPENSION = "suspension", _("Pembekuan")

    lsp = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="status_lists")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    size = models.PositiveIntegerField(default=131_072)
    encoded_list = models.TextField(_("bitstring (GZIP, base64url, awalan u)"))
    credential = models.JSONField(_("kredensial daftar status bertanda tangan"), default=dict)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["lsp", "purpose"]
        verbose_name = _("daftar status")
        verbose_name_plural = _("daftar status")
        constraints = [
            models.UniqueConstraint(fields=["lsp", "purpose"], name="status_list_once_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.lsp} · {self.purpose}"


class IssuanceJob(TimeStamped):
    """A bulk issuance from a decree, run by the job worker; progress shown on the page. Running it
    again issues nothing twice; after a crash it resumes where it stopped."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        "assessment.Decision", on_delete=models.PROTECT, related_name="issuance_jobs"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    issued = models.PositiveIntegerField(_("diterbitkan"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("penerbitan massal")
        verbose_name_plural = _("penerbitan massal")

    def __str__(self) -> str:
        return f"{self.decision} · {self.issued}/{self.total}"


class PdfSigner(TimeStamped):
    """The X.509 identity an LSP signs its certificate PDFs with (PAdES). Made by `ujikom keys init`
    from the LSP's own CA, or loaded from a licensed Indonesian e-signature provider (PSrE); the
    private key is stored encrypted like the Ed25519 keys. One active identity per LSP."""

    class Source(models.TextChoices):
        OWN_CA = "own_ca", _("CA milik LSP")
        PROVIDER = "provider", _("Penyelenggara sertifikat elektronik (PSrE)")

    lsp = models.ForeignKey(
        Organization, verbose_name=_("LSP"), on_delete=models.PROTECT, related_name="pdf_signers"
    )
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices, default=Source.OWN_CA)
    subject = models.CharField(_("subjek"), max_length=255)
    serial_number = models.CharField(_("nomor seri"), max_length=80)
    certificate_pem = models.TextField(_("sertifikat penanda tangan (PEM)"))
    chain_pem = models.TextField(_("rantai sertifikat sampai CA akar (PEM)"), blank=True)
    ca_certificate_pem = models.TextField(_("sertifikat CA akar (PEM)"), blank=True)
    ca_private_key_encrypted = models.TextField(_("kunci privat CA terenkripsi"), blank=True)
    private_key_encrypted = models.TextField(_("kunci privat terenkripsi"))
    not_before = models.DateTimeField(_("berlaku mulai"))
    not_after = models.DateTimeField(_("berlaku sampai"))
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lsp", "-not_before"]
        verbose_name = _("identitas tanda tangan PDF")
        verbose_name_plural = _("identitas tanda tangan PDF")
        constraints = [
            models.UniqueConstraint(fields=["lsp"], condition=Q(is_active=True), name="pdf_signer_one_active")
        ]

    def __str__(self) -> str:
        return self.subject


class ExpiryReminder(models.Model):
    """A reminder sent to a holder before their certificate expires (180, 90 and 30 days): one row
    per certificate and threshold, so the nightly job never sends the same reminder twice."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="expiry_reminders")
    days_before = models.PositiveSmallIntegerField(_("hari sebelum kedaluwarsa"))
    sent_at = models.DateTimeField(_("dikirim pada"))

    class Meta:
        ordering = ["certificate", "-days_before"]
        verbose_name = _("pengingat masa berlaku")
        verbose_name_plural = _("pengingat masa berlaku")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="expiry_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} · H-{self.days_before}"


class CertificateRendering(models.Model):
    """The public verification of a certificate as last drawn, in one language: the page's blocks
    and the API's JSON, with the checks (token signature, key valid at issue, status, dates) made
    when they were drawn. `stamp` sums up everything they were drawn from — the certificate's row
    and status, its key (a compromise or a new end of validity changes it), its LSP, the
    certificate that superseded it, today's place in its validity period, the page's code, frame
    and translations — so the verification path compares the stamp it computes now with this one
    and draws afresh whenever they differ (`fastpath.py`). Only a cache: deleting rows loses
    nothing."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    stamp = models.CharField(max_length=120)
    title = models.TextField()
    head = models.TextField()
    content = models.TextField()
    api = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "language"], name="certificate_rendering_once")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} · {self.language}"
