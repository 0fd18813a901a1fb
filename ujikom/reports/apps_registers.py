"""Registrations of the registers part (see apps_parts): the audit labels of complaints, the menu
entries of the four registers (section "Laporan"), and the demo complaints."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.demo import DEMO_LOADERS
    from ujikom.core.navigation import NAVIGATION, NavEntry

    from .demo_registers import load_registers_demo
    from .services_complaints import EVENT_LABELS

    register_event_labels(EVENT_LABELS)
    section = _("Laporan")
    entries = [
        NavEntry(_("Register banding"), "reports:register_appeals", "journal-text", "reports.view", section),
        NavEntry(
            _("Register pengaduan"),
            "reports:register_complaints",
            "chat-left-dots",
            ("reports.view", "reports.complaints"),
            section,
        ),
        NavEntry(_("Stok blangko"), "reports:register_blanks", "stack", "reports.view", section),
        NavEntry(_("Kelengkapan arsip"), "reports:register_archives", "archive", "reports.view", section),
    ]
    for entry in entries:
        if all(existing.url_name != entry.url_name for existing in NAVIGATION):
            NAVIGATION.append(entry)
    if load_registers_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_registers_demo)


PARTS.append(register)
