"""File names: what users see, and the safe name a file gets in storage.

A client's file name is never trusted: it may carry a path (`..\\..\\win.ini`), control
characters or anything else. The display name keeps the person's spelling; the storage
name is plain ASCII and sits under a folder named by the file's public id.
"""

from __future__ import annotations

import re
import unicodedata

DISPLAY_MAX = 255
STEM_MAX = 100
FALLBACK_STEM = "berkas"

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_EXTENSION = re.compile(r"^[a-z0-9]{1,10}$")


def display_name(name: str) -> str:
    """The last path component, without control characters, trimmed to fit the column."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".").strip()
    if not name:
        return FALLBACK_STEM
    if len(name) > DISPLAY_MAX:
        stem, extension = split_extension(name)
        suffix = f".{extension}" if extension else ""
        name = stem[: DISPLAY_MAX - len(suffix)] + suffix
    return name


def split_extension(name: str) -> tuple[str, str]:
    """(stem, lower-case extension without the dot); the extension is "" when there is none."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, extension.lower()


def storage_name(name: str) -> str:
    """An ASCII name safe on every file system and object store: `Laporan Akhir (1).PDF` → `Laporan-Akhir-1.pdf`."""
    stem, extension = split_extension(display_name(name))
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    safe_stem = _UNSAFE.sub("-", ascii_stem).strip("-._")[:STEM_MAX].strip("-._") or FALLBACK_STEM
    safe_stem = re.sub(r"-{2,}", "-", safe_stem)
    if extension and _EXTENSION.match(extension):
        return f"{safe_stem}.{extension}"
    return safe_stem
