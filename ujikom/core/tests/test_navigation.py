"""The menu: each section once, whichever app added an entry to it and when, and only entries the
user can open."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ujikom.core import demo
from ujikom.core.models import User
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


@pytest.mark.django_db
def test_every_demo_user_can_open_every_entry_of_their_menu():
    """No one is offered a page that refuses them: the assessor's pages are for assessors, the LSP's
    decisions and expiring certificates for the LSP's people."""
    demo.load_demo()
    refused = []
    offered: dict[str, set[str]] = {}
    for user in User.objects.filter(is_active=True).order_by("username"):
        client = Client()
        client.force_login(user)
        links = client.get("/").context["navigation"]
        offered[user.username] = {link.label for link in links}
        for link in links:
            status = client.get(link.url).status_code
            if status != 200:
                refused.append((user.username, link.label, status))

    assert refused == []
    assert {"Portal asesor", "Asesmen saya"} <= offered["asesor"]
    assert "Portal asesor" not in offered["kasi"] and "Asesmen saya" not in offered["ketua.lsp"]
    assert {"Keputusan LSP", "Segera kedaluwarsa"} <= offered["ketua.lsp"]
    assert not {"Keputusan LSP", "Segera kedaluwarsa"} & offered["kasi"]
