"""Stored files: uploads and generated documents, each with its checksum and who stored it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import DocumentType, Organization

from .naming import storage_name


def stored_file_path(instance: StoredFile, filename: str) -> str:
    """`files/<yyyy>/<mm>/<public_id>/<safe name>`: the public id keeps every path unique.

    The name given here is already sanitized by `services.store_file`; it is cleaned again
    so a file saved another way (e.g. the admin) never carries a client's path into storage.
    """
    moment = timezone.localtime(instance.created_at or timezone.now())
    return f"files/{moment:%Y}/{moment:%m}/{instance.public_id}/{storage_name(filename)}"


class StoredFile(models.Model):
    """A file in the configured storage (local folder or S3-compatible object storage)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="files"
    )
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("jenis dokumen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("berkas"), upload_to=stored_file_path, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis isi"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    title = models.CharField(_("judul"), max_length=255, blank=True)
    is_generated = models.BooleanField(_("dibuat sistem"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disimpan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("disimpan pada"), auto_now_add=True)
    # The record the file belongs to (e.g. `assessment.minutes`, its pk); empty while an upload is loose.
    subject_type = models.CharField(_("jenis subjek"), max_length=100, blank=True)
    subject_id = models.CharField(_("id subjek"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("berkas")
        verbose_name_plural = _("berkas")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["organization", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_attached(self) -> bool:
        return bool(self.subject_type)

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]
