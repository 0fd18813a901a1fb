"""The menu: each section once, whichever app added an entry to it and when."""

from __future__ import annotations

import re

from ujikom.core.navigation import NAVIGATION


def test_each_menu_section_appears_once_even_when_apps_add_entries_to_it_apart(client, make_user, disnaker):
    sections = [str(entry.section) for entry in NAVIGATION if entry.section]
    assert sections.count("Laporan") >= 2, "the reports and the productivity guidance both add to Laporan"

    client.force_login(make_user("kasi", roles=[(disnaker, "kasi")]))
    page = client.get("/").content.decode()

    toggles = re.findall(r'class="nav-link dropdown-toggle"[^>]*>([^<]+)</a>', page)
    assert toggles.count("Laporan") == 1
    assert len(toggles) == len(set(toggles))
    assert "Bimbingan produktivitas" in page
