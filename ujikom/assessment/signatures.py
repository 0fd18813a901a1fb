"""Signatures given in the browser (attendance lists, minutes).

Two ways, both recorded with who was signed in and when:
- by account: the signer, signed in as themselves, confirms (`SignMethod.ACCOUNT`);
- drawn: the signer draws on the screen (a candidate on the officer's tablet, say); the drawing
  arrives as a PNG data URL, is checked (a real PNG, not empty, not too large) and kept as a file.
"""

from __future__ import annotations

import base64
import binascii
import struct

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.models import Organization, User
from ujikom.documents.models import StoredFile
from ujikom.documents.services import store_file

from .models import Signed, SignMethod

DATA_URL_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 300 * 1024
MIN_SIGNATURE_BYTES = 200  # an empty canvas compresses to less than this
MAX_SIDE = 2000


def decode_drawing(data_url: str) -> bytes:
    """The PNG bytes of a drawn signature, or a ValidationError saying what is wrong."""
    value = (data_url or "").strip()
    if not value:
        raise ValidationError(_("Tanda tangan belum digambar."))
    if not value.startswith(DATA_URL_PREFIX):
        raise ValidationError(_("Tanda tangan harus berupa gambar PNG dari kotak tanda tangan."))
    try:
        content = base64.b64decode(value[len(DATA_URL_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(_("Gambar tanda tangan rusak; gambar ulang.")) from error
    if len(content) > MAX_SIGNATURE_BYTES:
        raise ValidationError(_("Gambar tanda tangan terlalu besar (maksimum 300 KB)."))
    if not content.startswith(b"\x89PNG\r\n\x1a\n") or content[12:16] != b"IHDR":
        raise ValidationError(_("Tanda tangan harus berupa gambar PNG dari kotak tanda tangan."))
    width, height = struct.unpack(">II", content[16:24])
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ValidationError(_("Ukuran gambar tanda tangan tidak wajar."))
    if len(content) < MIN_SIGNATURE_BYTES:
        raise ValidationError(_("Tanda tangan masih kosong; gambar tanda tangan di dalam kotak."))
    return content


def store_drawing(*, data_url: str, organization: Organization, actor: User, title: str) -> StoredFile:
    content = decode_drawing(data_url)
    return store_file(
        organization=organization,
        content=content,
        name="tanda-tangan.png",
        actor=actor,
        content_type="image/png",
        title=title[:255],
        allowed_types=("png",),
        max_size=MAX_SIGNATURE_BYTES,
    )


def apply_signature(
    target: Signed,
    *,
    actor: User,
    method: str,
    organization: Organization,
    drawing: str = "",
    title: str = "",
) -> Signed:
    """Put a signature on `target` (not saved): by `actor`'s account, or the drawing given."""
    if target.is_signed:
        raise ValidationError(_("Sudah ditandatangani pada %(when)s.") % {"when": _when(target)})
    if method == SignMethod.DRAWN:
        target.signature_image = store_drawing(
            data_url=drawing, organization=organization, actor=actor, title=title or _("Tanda tangan")
        )
    elif method != SignMethod.ACCOUNT:
        raise ValidationError(_("Pilih cara tanda tangan: melalui akun atau digambar."))
    target.sign_method = method
    target.signed_at = timezone.now()
    target.signed_by = actor
    return target


def _when(target: Signed) -> str:
    assert target.signed_at is not None
    return timezone.localtime(target.signed_at).strftime("%d-%m-%Y %H.%M")


def signature_mark(target: Signed) -> dict[str, str]:
    """What a generated document prints for a signature: how and when (and the image's path, for
    Typst, when drawn)."""
    if not target.is_signed:
        return {"signed": "", "how": "", "when": "", "image": ""}
    how = (
        _("ditandatangani secara elektronik melalui akun")
        if target.sign_method == SignMethod.ACCOUNT
        else _("tanda tangan digambar di layar")
    )
    return {"signed": "1", "how": str(how), "when": _when(target), "image": ""}
