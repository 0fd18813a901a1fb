"""The complaints register and background report exports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization, TimeStamped
from ujikom.documents.models import StoredFile
from ujikom.scheduling.models import TestEvent


class Complaint(TimeStamped):
    """A complaint (pengaduan) about the organization's testing or certification service, from its
    receipt to its resolution; kept as a register for the quality review and the auditor."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("Datang langsung")
        LETTER = "letter", _("Surat")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Telepon")
        WHATSAPP = "whatsapp", _("WhatsApp")
        WEB = "web", _("Situs web")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
        RESOLVED = "resolved", _("Selesai")
        REJECTED = "rejected", _("Tidak dapat diproses")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="complaints"
    )
    number = models.CharField(_("nomor register"), max_length=200, blank=True)
    received_on = models.DateField(_("tanggal diterima"))
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel.choices)
    complainant_name = models.CharField(_("nama pengadu"), max_length=200)
    complainant_contact = models.CharField(_("kontak pengadu"), max_length=200, blank=True)
    subject = models.CharField(_("pokok pengaduan"), max_length=255)
    description = models.TextField(_("uraian pengaduan"))
    event = models.ForeignKey(
        TestEvent,
        verbose_name=_("uji kompetensi terkait"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    response = models.TextField(_("tindak lanjut"), blank=True)
    resolved_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditangani oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [
            models.Index(fields=["organization", "-received_on"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self) -> str:
        return self.number or self.subject


class ReportExport(TimeStamped):
    """A report file made in the job worker (large periods), with its progress and the result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (xlsx)"
        PDF = "pdf", "PDF"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="report_exports"
    )
    kind = models.CharField(_("laporan"), max_length=40)
    params = models.JSONField(_("filter"), default=dict)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("selesai"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("berkas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("nomor"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("dimulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ekspor laporan")
        verbose_name_plural = _("ekspor laporan")
        indexes = [models.Index(fields=["organization", "requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} ({self.get_status_display()})"
