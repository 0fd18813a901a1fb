"""Message templates and the outbox: every message is stored before it is sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class MessageTemplate(models.Model):
    """An editable Indonesian message; `subject` and `body` use Django template syntax.

    `organization` empty is the system-wide default; an organization may override it.
    """

    code = models.SlugField(_("kode"), max_length=80)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("nama"), max_length=150)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi pesan"))
    variables = models.CharField(
        _("variabel tersedia"),
        max_length=255,
        blank=True,
        help_text=_("Nama variabel yang diisi oleh sistem, dipisah koma, mis. name, scheme, date."),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["code", "channel"]
        verbose_name = _("templat pesan")
        verbose_name_plural = _("templat pesan")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "channel", "organization"], name="template_unique_per_org"
            ),
            models.UniqueConstraint(
                fields=["code", "channel"],
                condition=models.Q(organization__isnull=True),
                name="template_unique_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()})"

    @property
    def is_default(self) -> bool:
        return self.organization_id is None

    @property
    def variable_names(self) -> list[str]:
        return [name.strip() for name in self.variables.split(",") if name.strip()]


class OutboxMessage(models.Model):
    """One message to one recipient on one channel, with its delivery history."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu dikirim")  # stored, not yet tried
        SENDING = "sending", _("Sedang dikirim")  # a worker claimed it until `next_attempt_at`
        RETRYING = "retrying", _("Gagal, akan dicoba lagi")  # last try failed; `next_attempt_at` says when
        SENT = "sent", _("Terkirim")  # accepted by the mail server or the gateway
        FAILED = "failed", _("Gagal permanen")  # gave up after the maximum number of tries
        CANCELLED = "cancelled", _("Dibatalkan")  # withdrawn by an administrator before it was sent

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    template_code = models.CharField(_("templat"), max_length=80, blank=True)
    recipient = models.CharField(_("penerima"), max_length=254)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(_("dicoba lagi pada"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["organization", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}"

    # Statuses a worker may pick up when `next_attempt_at` has come. A SENDING message whose
    # claim ran out belongs to a worker that died mid-send; it is tried again.
    DUE_STATUSES = (Status.PENDING, Status.RETRYING, Status.SENDING)

    @property
    def can_retry(self) -> bool:
        """An administrator may send it again ("Kirim ulang")."""
        return self.status in {self.Status.FAILED, self.Status.CANCELLED, self.Status.RETRYING}

    @property
    def can_cancel(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RETRYING}
