"""Registrations of the lifecycle part: expiry, reminders, re-certification (see apps_parts): audit
event labels."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from ujikom.core.audit import register_event_labels

    from .services_lifecycle import EVENT_LABELS

    register_event_labels(EVENT_LABELS)


PARTS.append(register)
