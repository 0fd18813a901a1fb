"""What each part of the app adds when Django starts (step actions, menu entries, audit labels, demo
loaders): each part appends its registration to `PARTS`; `ready()` runs them once."""

from __future__ import annotations

from collections.abc import Callable

PARTS: list[Callable[[], None]] = []


def ready() -> None:
    from . import (
        apps_analysis,  # noqa: F401  (each appends to PARTS)
        apps_cases,  # noqa: F401
        apps_closing,  # noqa: F401
        sop_binding,
    )

    sop_binding.register_actions()
    for register in PARTS:
        register()
