"""What each part of the app adds when Django starts (menu entries, audit labels, demo loaders):
each part appends its registration to `PARTS`; `ready()` runs them once."""

from __future__ import annotations

from collections.abc import Callable

PARTS: list[Callable[[], None]] = []


def ready() -> None:
    from . import (
        apps_compliance,  # noqa: F401
        apps_dashboard,  # noqa: F401
        apps_period,  # noqa: F401  (each appends to PARTS)
        apps_registers,  # noqa: F401
    )

    for register in PARTS:
        register()
