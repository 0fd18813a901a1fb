"""Registrations of the decision part (see apps_parts): audit event labels, menu entries, the BNSP
code table in the admin."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.models import Organization
    from ujikom.core.navigation import NAVIGATION, NavEntry

    from . import admin_decision
    from .services_blanks import EVENT_LABELS as BLANK_EVENT_LABELS
    from .services_decision import EVENT_LABELS as DECISION_EVENT_LABELS

    register_event_labels(DECISION_EVENT_LABELS)
    register_event_labels(BLANK_EVENT_LABELS)
    admin_decision.register()
    section = _("Uji kompetensi")
    for entry in [
        NavEntry(
            _("Keputusan LSP"),
            "assessment:decision_list",
            "patch-check",
            "assessment.decide",
            section,
            kinds=(Organization.Kind.LSP,),
        ),
        NavEntry(
            _("Blangko sertifikat"), "assessment:blanks", "journal-bookmark", "assessment.blanks", section
        ),
    ]:
        if all(existing.url_name != entry.url_name for existing in NAVIGATION):
            NAVIGATION.append(entry)


PARTS.append(register)
