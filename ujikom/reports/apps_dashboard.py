"""Registrations of the dashboard part (see apps_parts): the menu entry "Dasbor" under "Laporan" and
the role panels on the home page."""

from __future__ import annotations

from .apps_parts import PARTS


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from ujikom.core.navigation import NAVIGATION, NavEntry
    from ujikom.core.views.dashboard import HOME_SECTIONS

    from .views_dashboard import home_section

    entry = NavEntry(_("Dasbor"), "reports:dashboard", "speedometer2", "reports.view", _("Laporan"))
    if all(existing.url_name != entry.url_name for existing in NAVIGATION):
        NAVIGATION.append(entry)
    if home_section not in HOME_SECTIONS:
        HOME_SECTIONS.append(home_section)


PARTS.append(register)
