"""Registrations of the closing part (see apps_parts): the audit labels of closing, the menu entry of
the productivity report (section "Laporan"), the home page panel, and the demo loaders (the proposed
SOP revision first, then the register of companies)."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.demo import DEMO_LOADERS
    from ujikom.core.models import Organization
    from ujikom.core.navigation import NAVIGATION, NavEntry
    from ujikom.core.views.dashboard import HOME_SECTIONS

    from .demo_productivity import load_productivity_demo
    from .revision import propose_revision_demo
    from .services_closing import EVENT_LABELS
    from .views_report import home_section

    register_event_labels(EVENT_LABELS)
    entry = NavEntry(
        _("Bimbingan produktivitas"),
        "productivity:report",
        "graph-up-arrow",
        "productivity.view",
        _("Laporan"),
        kinds=(Organization.Kind.AGENCY,),
    )
    if all(existing.url_name != entry.url_name for existing in NAVIGATION):
        NAVIGATION.append(entry)
    if home_section not in HOME_SECTIONS:
        HOME_SECTIONS.append(home_section)
    for loader in (propose_revision_demo, load_productivity_demo):
        if loader not in DEMO_LOADERS:
            DEMO_LOADERS.append(loader)


PARTS.append(register)
