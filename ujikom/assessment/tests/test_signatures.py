"""Drawn signatures are real, non-empty PNGs of sane size; a second signature is refused."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError

from ujikom.assessment.models import AttendanceEntry, AttendanceSheet, SignMethod
from ujikom.assessment.signatures import apply_signature, decode_drawing

pytestmark = pytest.mark.django_db


def png(width: int, height: int, noise: bool = True) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + bytes(((x * 7919 + y * 104729) % 251 if noise else 255) for x in range(width * 3))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def data_url(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode()


def test_a_drawing_is_decoded():
    content = png(60, 20)
    assert decode_drawing(data_url(content)) == content


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "belum digambar"),
        ("data:image/jpeg;base64,AAAA", "PNG"),
        ("data:image/png;base64,@@@", "rusak"),
        (data_url(b"GIF89a" + b"\x00" * 400), "PNG"),
        (data_url(png(4, 2, noise=False)), "kosong"),
        (data_url(png(3000, 1, noise=False)), "tidak wajar"),
    ],
)
def test_bad_drawings_are_refused_with_a_reason(value, message):
    with pytest.raises(ValidationError) as error:
        decode_drawing(value)
    assert message in str(error.value)


def test_signing_twice_is_refused(event, registrations, tekops, disnaker):
    sheet = AttendanceSheet.objects.create(event=event, day=event.starts_on, kind="candidates")
    entry = AttendanceEntry.objects.create(sheet=sheet, registration=registrations[1], present=True)
    apply_signature(
        entry, actor=tekops, method=SignMethod.DRAWN, organization=disnaker, drawing=data_url(png(60, 20))
    ).save()
    entry.refresh_from_db()
    assert entry.signature_image.content_type == "image/png"
    with pytest.raises(ValidationError, match="Sudah ditandatangani"):
        apply_signature(entry, actor=tekops, method=SignMethod.ACCOUNT, organization=disnaker)
