"""Registrations of the verification part (see apps_parts): audit event labels of the lifecycle."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from ujikom.core.audit import register_event_labels

    from .services_status import EVENT_LABELS

    register_event_labels(EVENT_LABELS)


PARTS.append(register)
