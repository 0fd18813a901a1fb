"""Registrations of the badges part (see apps_parts): a system check that the pinned JSON-LD contexts
of Open Badges 3.0 / VC 2.0 are installed (`node_modules`, made by `make install`)."""

from __future__ import annotations

from typing import Any

from .apps_parts import PARTS


def contexts_installed(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    from django.core.checks import Error

    from .jsonld_contexts import missing

    return [
        Error(
            problem,
            hint="Jalankan `make install` (npm ci) di folder proyek.",
            id="certificates.E101",
        )
        for problem in missing()
    ]


def register() -> None:
    from django.core import checks

    checks.register(contexts_installed, "certificates")


PARTS.append(register)
