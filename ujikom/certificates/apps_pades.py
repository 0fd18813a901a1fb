"""Registrations of the PDF signing part (see apps_parts): audit event labels of the PDF identity."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from ujikom.core.audit import register_event_labels

    from .pades import EVENT_LABELS

    register_event_labels(EVENT_LABELS)


PARTS.append(register)
