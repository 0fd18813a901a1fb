"""Registrations of the lifecycle part: expiry, reminders, re-certification (see apps_parts): audit
event labels, the menu entry of the expiring-soon page, the certificates demo (after the assessment
demo, whose decree it issues)."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.models import Organization
    from ujikom.core.navigation import NAVIGATION, NavEntry

    from .services_lifecycle import EVENT_LABELS

    register_event_labels(EVENT_LABELS)
    entry = NavEntry(
        _("Segera kedaluwarsa"),
        "certificates:expiring",
        "hourglass-split",
        "certificates.view",
        _("Uji kompetensi"),
        kinds=(Organization.Kind.LSP,),
    )
    if all(existing.url_name != entry.url_name for existing in NAVIGATION):
        NAVIGATION.append(entry)

    from ujikom.core.demo import DEMO_LOADERS

    from .demo import load_certificates_demo

    if load_certificates_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_certificates_demo)


PARTS.append(register)
