"""Registrations of the compliance part (see apps_parts): the menu entry of SOP time compliance and
the demo history of completed runs (after the other demo loaders, whose SOPs and people it uses)."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.demo import DEMO_LOADERS
    from ujikom.core.navigation import NAVIGATION, NavEntry

    from .demo_compliance import load_compliance_demo

    entry = NavEntry(
        _("Kepatuhan waktu SOP"), "reports:compliance", "stopwatch", "reports.view", _("Laporan")
    )
    if all(existing.url_name != entry.url_name for existing in NAVIGATION):
        NAVIGATION.append(entry)
    if load_compliance_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_compliance_demo)


PARTS.append(register)
