"""Registrations of the analysis part (see apps_parts): the audit labels of measurements, causes,
plan actions and the evaluation."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from ujikom.core.audit import register_event_labels

    from .services_analysis import EVENT_LABELS

    register_event_labels(EVENT_LABELS)


PARTS.append(register)
