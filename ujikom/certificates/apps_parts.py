"""What each part of the app adds when Django starts (audit labels, menu entries, periodic jobs):
each part appends its registration to `PARTS`; `ready()` runs them once."""

from __future__ import annotations

from collections.abc import Callable

PARTS: list[Callable[[], None]] = []


def ready() -> None:
    from . import (
        apps_badges,  # noqa: F401
        apps_issuance,  # noqa: F401  (each appends to PARTS)
        apps_lifecycle,  # noqa: F401
        apps_pades,  # noqa: F401
        apps_verification,  # noqa: F401
    )

    for register in PARTS:
        register()
