"""The kinds of file the system accepts, and how a file's real kind is told from its bytes.

The extension and the client's content type are only claims. The kind is read from the
leading bytes (PDF, PNG and JPEG signatures; a ZIP signature plus the package parts that make
an XLSX or a DOCX), or from the whole file being UTF-8 text for CSV and TXT; the two must agree.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str  # as users read it in messages: "PDF", "JPG"
    extensions: tuple[str, ...]  # lower case, without the dot; the first is the usual one
    content_type: str  # what the file is stored and served as


KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in [
        FileKind("pdf", "PDF", ("pdf",), "application/pdf"),
        FileKind("jpeg", "JPG", ("jpg", "jpeg"), "image/jpeg"),
        FileKind("png", "PNG", ("png",), "image/png"),
        FileKind(
            "xlsx", "XLSX", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        FileKind(
            "docx",
            "DOCX",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind("zip", "ZIP", ("zip",), "application/zip"),
        FileKind("csv", "CSV", ("csv",), "text/csv; charset=utf-8"),
        FileKind("txt", "TXT", ("txt",), "text/plain; charset=utf-8"),
    ]
}

DEFAULT_ALLOWED: tuple[str, ...] = ("pdf", "jpeg", "png", "xlsx", "docx", "csv")
TEXT_KINDS = frozenset({"csv", "txt"})

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
HEAD_SIZE = 1024


def kind_for_extension(extension: str) -> FileKind | None:
    extension = extension.lower().lstrip(".")
    return next((kind for kind in KINDS.values() if extension in kind.extensions), None)


def labels(keys: tuple[str, ...] | list[str]) -> str:
    """`PDF, JPG, PNG` for the messages that say what is accepted."""
    return ", ".join(KINDS[key].label for key in keys)


def accept_attribute(keys: tuple[str, ...] | list[str]) -> str:
    """The `accept` attribute of a file input: `.pdf,.jpg,.jpeg,...`."""
    return ",".join(f".{extension}" for key in keys for extension in KINDS[key].extensions)


def detect(head: bytes, whole: IO[bytes], *, is_utf8_text: bool) -> str | None:
    """The kind the bytes really are: a key of KINDS, "text" for UTF-8 text, or None if unknown.

    `head` is the file's first HEAD_SIZE bytes; `whole` is the seekable file, read only for ZIP
    packages to tell a workbook from a document.
    """
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head.startswith(JPEG_SIGNATURE):
        return "jpeg"
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(ZIP_SIGNATURE):
        return _office_kind(whole)
    if is_utf8_text:
        return "text"
    return None


def _office_kind(whole: IO[bytes]) -> str | None:
    whole.seek(0)
    try:
        with zipfile.ZipFile(whole) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        whole.seek(0)
    if "[Content_Types].xml" not in names:
        return "zip"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"
