"""Registrations of the minutes part (see apps_parts): audit event labels of the minutes, the review
chain and the archive, and the archive search in the menu."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.navigation import NAVIGATION, NavEntry

    from .services_archive import EVENT_LABELS as ARCHIVE_LABELS
    from .services_minutes import EVENT_LABELS as MINUTES_LABELS
    from .services_review import EVENT_LABELS as REVIEW_LABELS

    register_event_labels({**MINUTES_LABELS, **REVIEW_LABELS, **ARCHIVE_LABELS})
    if not any(entry.url_name == "assessment:archive_search" for entry in NAVIGATION):
        NAVIGATION.append(
            NavEntry(
                _("Arsip uji"), "assessment:archive_search", "archive", "assessment.view", _("Uji kompetensi")
            )
        )


PARTS.append(register)
