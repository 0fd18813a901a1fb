"""Registrations of the testday part (see apps_parts): audit event labels and menu entries."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.navigation import NAVIGATION, NavEntry
    from ujikom.registry.services_sites import ASSESSOR_ROLE

    from .services_testday import EVENT_LABELS

    register_event_labels(EVENT_LABELS)
    section = _("Uji kompetensi")
    entries = [
        NavEntry(_("Banding asesi"), "assessment:appeals", "megaphone", "assessment.view", section),
        NavEntry(
            _("Asesmen saya"),
            "assessment:my_assessments",
            "ui-checks",
            "assessment.assess",
            section,
            roles=(ASSESSOR_ROLE,),
        ),
    ]
    for entry in entries:
        if entry not in NAVIGATION:
            NAVIGATION.append(entry)


PARTS.append(register)
