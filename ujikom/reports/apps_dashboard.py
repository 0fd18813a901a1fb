"""Registrations of the dashboard part (see apps_parts)."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    pass


PARTS.append(register)
