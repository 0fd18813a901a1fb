"""What each part of the app adds when Django starts: audit event labels, demo loaders, menu entries.

Each part appends its own registration to `PARTS`; `ready()` runs them once.
"""

from __future__ import annotations

from collections.abc import Callable

PARTS: list[Callable[[], None]] = []


def ready() -> None:
    # In this order: the demo of each part continues the one before.
    from . import (
        apps_decision,  # noqa: F401
        apps_minutes,  # noqa: F401
        apps_testday,  # noqa: F401  (each appends to PARTS)
    )

    for register in PARTS:
        register()
