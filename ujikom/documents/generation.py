"""Generated official documents: numbered, drawn by Typst, stored with their checksum.

An app keeps its Typst templates in `ujikom/<app>/typst/` and calls:

    stored, number = generate_document(
        organization=lsp, document_type="assignment_letter", template=TYPST / "assignment_letter.typ",
        data={...}, actor=user, subject=assignment, title="Surat tugas asesor …",
    )

The number comes from the organization's numbering pattern for the document type (inside the
caller's transaction, so a rollback gives it back); `data["number"]` is filled in before compiling.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import models, transaction

from ujikom.core.models import DocumentType, Organization, User
from ujikom.core.numbering import next_number

from .models import StoredFile
from .services import store_file
from .typst import compile_document


@transaction.atomic
def generate_document(
    *,
    organization: Organization,
    document_type: str,
    template: Path,
    data: dict[str, Any],
    actor: User,
    subject: models.Model | None = None,
    title: str,
    numbered: bool = True,
    filename: str | None = None,
) -> tuple[StoredFile, str]:
    """Number (when `numbered`), render and store a PDF; returns the stored file and its number."""
    kind = DocumentType.objects.get(code=document_type)
    number = ""
    if numbered:
        number = next_number(
            organization=organization, document_type=kind, actor=actor, subject=subject
        ).number
    pdf = compile_document(template, {**data, "number": number})
    safe = (filename or f"{document_type}-{number or 'dokumen'}").replace("/", "-").replace(" ", "-")
    stored = store_file(
        organization=organization,
        content=pdf,
        name=f"{safe}.pdf",
        actor=actor,
        content_type="application/pdf",
        document_type=kind,
        title=title,
        subject=subject,
        is_generated=True,
    )
    return stored, number
