"""Reads of stored files, named for what they return."""

from __future__ import annotations

import re
import uuid

from django.db import models
from django.db.models import Q, QuerySet

from ujikom.core.models import DocumentType, Organization

from .models import StoredFile

_HEX = re.compile(r"^[0-9a-f]{6,64}$")


def files_for(
    organization: Organization,
    *,
    search: str = "",
    document_type: DocumentType | None = None,
    subject: models.Model | None = None,
) -> QuerySet[StoredFile]:
    """The organization's files, newest first; `search` matches the name, the title or a SHA-256 prefix."""
    files = StoredFile.objects.filter(organization=organization).select_related("document_type", "created_by")
    search = search.strip()
    if search:
        matches = Q(original_name__icontains=search) | Q(title__icontains=search)
        if _HEX.match(search.lower()):
            matches |= Q(sha256__startswith=search.lower())
        files = files.filter(matches)
    if document_type is not None:
        files = files.filter(document_type=document_type)
    if subject is not None:
        files = files.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
    return files.order_by("-created_at", "-id")


def file_of(organization: Organization, *, public_id: uuid.UUID) -> StoredFile | None:
    """One of the organization's files by its public id; None for a file of another organization."""
    return StoredFile.objects.filter(organization=organization, public_id=public_id).first()
