"""Compile every locale/*/LC_MESSAGES/*.po into .mo with Babel, so no GNU gettext is needed.

Usage: python -m ujikom.core.i18n_compile locale
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalogues(root: Path) -> list[Path]:
    written: list[Path] = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        # Written beside and renamed: a process reading meanwhile sees the old or the new file whole.
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalogue)
        partial.replace(mo_path)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues(Path(sys.argv[1] if len(sys.argv) > 1 else "locale")):
        print(f"dikompilasi: {path}")
