"""The only writers of stored files: uploads and generated documents.

Files go through `default_storage`, so the same code writes to the local folder or to
S3-compatible object storage as the settings say. A file is checked in full (size, real
kind against its extension) before anything is written; a refused file leaves no row
and no stored bytes behind.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ujikom.core.audit import record_event
from ujikom.core.models import DocumentType, Organization, User

from .filetypes import (
    DEFAULT_ALLOWED,
    HEAD_SIZE,
    KINDS,
    TEXT_KINDS,
    FileKind,
    detect,
    kind_for_extension,
    labels,
)
from .models import StoredFile
from .naming import display_name, split_extension, storage_name

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024  # larger files are spooled to a temporary file while checked

Content = bytes | bytearray | memoryview | File | IO[bytes]

__all__ = [
    "DEFAULT_ALLOWED",
    "attach_file",
    "delete_file",
    "open_file",
    "store_file",
    "verify_file",
]


@dataclass
class _Received:
    """The content read once: kept in a spool, with its size, hash, first bytes and text-ness."""

    spool: IO[bytes]
    size: int
    sha256: str
    head: bytes
    is_utf8_text: bool


def _chunks(content: Content) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray | memoryview):
        view = memoryview(content)
        for start in range(0, len(view), CHUNK_SIZE):
            yield bytes(view[start : start + CHUNK_SIZE])
        return
    if isinstance(content, File):
        yield from content.chunks(CHUNK_SIZE)
        return
    if hasattr(content, "seek") and getattr(content, "seekable", lambda: True)():
        content.seek(0)
    while chunk := content.read(CHUNK_SIZE):
        yield chunk


def _too_big(name: str, max_size: int) -> ValidationError:
    return ValidationError(
        {
            "file": _("Berkas %(name)s terlalu besar; ukuran paling besar %(limit)s.")
            % {"name": name, "limit": filesizeformat(max_size)}
        },
        code="too_big",
    )


def _receive(content: Content, *, name: str, max_size: int | None) -> _Received:
    """Read the content once into a spool, hashing it; stop as soon as it passes `max_size`."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - closed by the caller
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    is_text = True
    size = 0
    head = b""
    try:
        for chunk in _chunks(content):
            size += len(chunk)
            if max_size is not None and size > max_size:
                raise _too_big(name, max_size)
            digest.update(chunk)
            spool.write(chunk)
            if len(head) < HEAD_SIZE:
                head += chunk[: HEAD_SIZE - len(head)]
            if is_text:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_text = False
                else:
                    is_text = b"\x00" not in chunk
        if is_text:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                is_text = False
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return _Received(spool=spool, size=size, sha256=digest.hexdigest(), head=head, is_utf8_text=is_text)


def _refused(name: str, allowed: tuple[str, ...]) -> ValidationError:
    return ValidationError(
        {
            "file": _("Berkas %(name)s: jenis berkas tidak diizinkan; yang diterima: %(accepted)s")
            % {"name": name, "accepted": labels(allowed)}
        },
        code="type_not_allowed",
    )


def _claimed_kind(name: str, allowed: tuple[str, ...]) -> FileKind:
    """The kind the extension claims; refused at once when it is not one the caller accepts."""
    claimed = kind_for_extension(split_extension(name)[1])
    if claimed is None or claimed.key not in allowed:
        raise _refused(name, allowed)
    return claimed


def _check_content(received: _Received, *, claimed: FileKind, name: str, allowed: tuple[str, ...]) -> None:
    """The bytes must really be what the extension claims."""
    if received.size == 0:
        raise ValidationError({"file": _("Berkas %(name)s kosong.") % {"name": name}}, code="empty")
    found = detect(received.head, received.spool, is_utf8_text=received.is_utf8_text)
    if claimed.key in TEXT_KINDS and found == "text":
        return
    if found == claimed.key:
        return
    if claimed.key in TEXT_KINDS and found is None:
        raise ValidationError(
            {
                "file": _(
                    "Berkas %(name)s: isinya bukan teks UTF-8; simpan ulang sebagai %(label)s dengan pengodean UTF-8."
                )
                % {"name": name, "label": claimed.label}
            },
            code="not_utf8",
        )
    if found in KINDS:
        message = _(
            "Berkas %(name)s: isinya berkas %(found)s, tidak sesuai dengan ekstensi .%(extension)s; "
            "yang diterima: %(accepted)s"
        ) % {
            "name": name,
            "found": KINDS[found].label,
            "extension": split_extension(name)[1],
            "accepted": labels(allowed),
        }
    else:
        message = _(
            "Berkas %(name)s: isinya bukan berkas %(label)s yang sah; yang diterima: %(accepted)s"
        ) % {
            "name": name,
            "label": claimed.label,
            "accepted": labels(allowed),
        }
    raise ValidationError({"file": message}, code="type_mismatch")


def _subject_key(subject: models.Model | None) -> tuple[str, str]:
    if subject is None:
        return "", ""
    return subject._meta.label_lower, str(subject.pk)


@transaction.atomic
def store_file(
    *,
    organization: Organization,
    content: Content,
    name: str,
    actor: User | None,
    content_type: str | None = None,
    document_type: DocumentType | None = None,
    title: str = "",
    subject: models.Model | None = None,
    is_generated: bool = False,
    allowed_types: tuple[str, ...] = DEFAULT_ALLOWED,
    max_size: int | None = None,
) -> StoredFile:
    """Check and store a file for `organization`; the stored record carries its size and SHA-256.

    The content is read once. Uploads may be at most MAX_UPLOAD_SIZE (or `max_size`); generated
    documents have no limit unless `max_size` is given. The kind is read from the bytes and must
    match the extension; `content_type` is only the client's claim, kept in the audit log, while
    the file is stored and served as the kind it really is.
    """
    shown_name = display_name(name)
    if max_size is None and not is_generated:
        max_size = settings.MAX_UPLOAD_SIZE
    unknown = [key for key in allowed_types if key not in KINDS]
    if unknown:
        raise ValueError(f"Unknown file kinds: {unknown}")
    title = (title or "").strip()
    if len(title) > 255:
        raise ValidationError({"title": _("Judul paling panjang 255 karakter.")}, code="max_length")

    allowed = tuple(allowed_types)
    claimed = _claimed_kind(shown_name, allowed)
    received = _receive(content, name=shown_name, max_size=max_size)
    with received.spool:
        _check_content(received, claimed=claimed, name=shown_name, allowed=allowed)
        subject_type, subject_id = _subject_key(subject)
        stored = StoredFile(
            organization=organization,
            document_type=document_type,
            original_name=shown_name,
            content_type=claimed.content_type,
            size=received.size,
            sha256=received.sha256,
            title=title,
            is_generated=is_generated,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            subject_type=subject_type,
            subject_id=subject_id,
        )
        safe_name = storage_name(shown_name)
        stored.file.save(safe_name, File(received.spool, name=safe_name), save=False)
    try:
        stored.save()
        record_event(
            stored,
            "file.stored",
            actor=actor,
            organization=organization,
            data={
                "public_id": stored.public_id,
                "name": stored.original_name,
                "path": stored.file.name,
                "size": stored.size,
                "sha256": stored.sha256,
                "content_type": stored.content_type,
                "claimed_content_type": content_type or "",
                "document_type": document_type.code if document_type else None,
                "is_generated": is_generated,
                "subject": f"{subject_type}:{subject_id}" if subject_type else "",
            },
        )
    except BaseException:
        _remove_from_storage(stored.file.name)
        raise
    return stored


def _remove_from_storage(path: str | None) -> None:
    from django.core.files.storage import default_storage

    if not path:  # nothing was written
        return
    try:
        default_storage.delete(path)
    except Exception:  # a leftover object is harmless; the failure that got us here matters more
        logger.exception("Could not remove stored file %s", path)


def open_file(stored: StoredFile) -> File:
    """The stored bytes, opened for reading from wherever the storage keeps them."""
    if not stored.file.name:
        raise FileNotFoundError(f"stored file {stored.public_id} has no path")
    return stored.file.storage.open(stored.file.name, "rb")


def verify_file(stored: StoredFile) -> bool:
    """Whether the bytes in storage still have the recorded size and SHA-256 (False if gone)."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open_file(stored) as handle:
            for chunk in handle.chunks(CHUNK_SIZE):
                digest.update(chunk)
                size += len(chunk)
    except (FileNotFoundError, OSError):
        return False
    except Exception:
        logger.exception("Could not read stored file %s", stored.file.name)
        return False
    return size == stored.size and digest.hexdigest() == stored.sha256


@transaction.atomic
def attach_file(*, stored: StoredFile, subject: models.Model, actor: User | None) -> StoredFile:
    """Tie a loose upload to the record it belongs to; from then on it cannot be deleted."""
    subject_type, subject_id = _subject_key(subject)
    if stored.is_attached and (stored.subject_type, stored.subject_id) != (subject_type, subject_id):
        raise ValidationError(
            {"file": _("Berkas %(name)s sudah terkait dengan data lain.") % {"name": stored.original_name}},
            code="already_attached",
        )
    if (stored.subject_type, stored.subject_id) == (subject_type, subject_id):
        return stored
    stored.subject_type, stored.subject_id = subject_type, subject_id
    stored.save(update_fields=["subject_type", "subject_id"])
    record_event(
        stored,
        "file.attached",
        actor=actor,
        organization=stored.organization,
        data={"subject": f"{subject_type}:{subject_id}", "subject_label": str(subject)[:255]},
    )
    return stored


@transaction.atomic
def delete_file(*, stored: StoredFile, actor: User | None) -> None:
    """Delete an upload that no record uses yet; the bytes go once the deletion is committed."""
    if stored.is_attached:
        raise ValidationError(
            {
                "file": _(
                    "Berkas %(name)s sudah menjadi bagian dari data yang tercatat dan tidak dapat dihapus."
                )
                % {"name": stored.original_name}
            },
            code="attached",
        )
    path = stored.file.name
    data: dict[str, Any] = {
        "public_id": stored.public_id,
        "name": stored.original_name,
        "path": path,
        "size": stored.size,
        "sha256": stored.sha256,
    }
    record_event(stored, "file.deleted", actor=actor, organization=stored.organization, data=data)
    stored.delete()
    transaction.on_commit(lambda: _remove_from_storage(path))
