"""The main menu: each entry names the permission it needs, so users see only what their roles allow.

Apps add their entries to NAVIGATION; an entry with `permission=None` is for every signed-in user,
one with a tuple of permissions for whoever holds any of them. An entry can further be limited to
kinds of organization or to holders of a role, so that no one is offered a page that would refuse
them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import active_assignments
from .models import Organization, User


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise  # lazy: translated when the menu is built for a request
    url_name: str
    icon: str
    permission: str | tuple[str, ...] | None = None  # a tuple: any one of them
    section: str | Promise = ""
    superuser_only: bool = False
    # Organization kinds whose members see the entry (empty: any), e.g. the manpower office's
    # productivity guidance; the active organization decides.
    kinds: tuple[str, ...] = ()
    # Role keys whose holders (in any organization) see the entry (empty: anyone), e.g. the
    # assessor's own pages.
    roles: tuple[str, ...] = ()


NAVIGATION: list[NavEntry] = [
    NavEntry(_("Beranda"), "core:dashboard", "house"),
    NavEntry(
        _("Organisasi"), "core:organization_list", "building", "core.view_organization", _("Pengaturan")
    ),
    NavEntry(_("Pengguna & peran"), "core:people_list", "people", "core.manage_people", _("Pengaturan")),
    NavEntry(_("Katalog peran"), "core:role_list", "person-badge", "core.manage_people", _("Pengaturan")),
    NavEntry(_("Kalender kerja"), "core:calendar", "calendar3", "core.manage_calendar", _("Pengaturan")),
    NavEntry(_("Penomoran dokumen"), "core:numbering_list", "123", "core.manage_numbering", _("Pengaturan")),
    NavEntry(_("Pesan keluar"), "notifications:outbox", "envelope", "notifications.manage", _("Pengaturan")),
    NavEntry(
        _("Templat pesan"),
        "notifications:template_list",
        "chat-text",
        "notifications.manage",
        _("Pengaturan"),
    ),
    NavEntry(_("Berkas"), "documents:file_list", "folder2", "documents.view", _("Pengaturan")),
    NavEntry(_("Log audit"), "core:audit_log", "shield-check", "core.view_audit", _("Pengaturan")),
]


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    icon: str
    section: str


def navigation_for(user: User, organization: Organization | None, permissions: set[str]) -> list[NavLink]:
    links: list[NavLink] = []
    for entry in NAVIGATION:
        if entry.superuser_only and not user.is_superuser:
            continue
        needed = (entry.permission,) if isinstance(entry.permission, str) else entry.permission
        if needed and not permissions.intersection(needed):
            continue
        if entry.kinds and organization is not None and organization.kind not in entry.kinds:
            continue
        if entry.roles and not any(a.role.key in entry.roles for a in active_assignments(user)):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        links.append(NavLink(str(entry.label), url, entry.icon, str(entry.section)))
    # One menu per section, where the section first appears, whichever app added an entry later.
    first: dict[str, int] = {}
    for link in links:
        first.setdefault(link.section, len(first))
    return sorted(links, key=lambda link: first[link.section])
