"""Registrations of the cases part (see apps_parts): the audit labels of the register and the cases,
and the menu entries (section "Produktivitas")."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.audit import register_event_labels
    from ujikom.core.navigation import NAVIGATION, NavEntry

    from .access import AGENCY, VIEW
    from .services_cases import EVENT_LABELS

    register_event_labels(EVENT_LABELS)
    section = _("Produktivitas")
    entries = [
        NavEntry(_("Kasus bimbingan"), "productivity:case_list", "briefcase", VIEW, section, kinds=(AGENCY,)),
        NavEntry(
            _("Perusahaan/instansi"), "productivity:company_list", "building", VIEW, section, kinds=(AGENCY,)
        ),
    ]
    for entry in entries:
        if all(existing.url_name != entry.url_name for existing in NAVIGATION):
            NAVIGATION.append(entry)


PARTS.append(register)
