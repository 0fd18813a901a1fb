"""Compiling official documents with Typst: fonts from the pinned npm package, data as JSON.

Trap (measured): Typst hangs in a child process when its parent compiled anything before
forking. Nothing here compiles at import time; compile only in the process that needs it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from ujikom.core.models import Organization

FONT_PACKAGE = ("@expo-google-fonts", "noto-sans")
FONT_STYLES = ("400Regular", "400Regular_Italic", "700Bold", "700Bold_Italic")
# Typst sources of every app live under ujikom/; a template imports the shared letterhead as
# "/documents/typst/letter.typ".
TYPST_ROOT = Path(__file__).resolve().parent.parent

# Official documents are Indonesian whatever the reader's interface language.
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def letterhead(organization: Organization) -> dict[str, str]:
    """The `org` data of the shared letterhead (/documents/typst/letter.typ): name, address (the
    city when no street address is recorded), phone and email."""
    return {
        "name": organization.name,
        "address": organization.address or organization.city,
        "phone": organization.phone,
        "email": organization.email,
    }


def font_paths() -> list[str]:
    """The Noto Sans folders from the pinned npm package; no system font is ever used."""
    base = Path(settings.NODE_MODULES).joinpath(*FONT_PACKAGE)
    folders = [base / style for style in FONT_STYLES]
    missing = [str(folder) for folder in folders if not folder.is_dir()]
    if missing:
        raise ImproperlyConfigured(
            f"Noto Sans fonts are missing ({', '.join(missing)}); run `npm ci` in {settings.BASE_DIR}."
        )
    return [str(folder) for folder in folders]


def indonesian_number(value: Decimal | int | float, places: int = 0) -> str:
    """'12.500,25': dots between thousands and a decimal comma, rounded half up to `places`."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def indonesian_date(value: dt.date | None) -> str:
    """'14 Februari 2017'; '-' when there is no date."""
    if value is None:
        return "-"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def compile_document(
    source: Path, data: dict[str, Any], *, output_format: Literal["pdf", "svg"] = "pdf"
) -> Any:
    """Compile a Typst source with `data` available as `json(bytes(sys.inputs.data))`."""
    import typst  # imported on use: nothing compiles in a process that may fork later

    return typst.compile(
        str(source),
        root=str(TYPST_ROOT),
        font_paths=font_paths(),
        ignore_system_fonts=True,
        format=output_format,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
    )
