"""The register and the cases sit in the "Produktivitas" menu of those who see guidance work, and
their events read in Indonesian in the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.core.access import permissions_in
from ujikom.core.audit import event_label
from ujikom.core.navigation import navigation_for
from ujikom.productivity.services_cases import EVENT_LABELS

pytestmark = pytest.mark.django_db


def test_who_sees_guidance_work_finds_it_in_the_menu(kadis, outsider, disnaker):
    links = {link.label: link for link in navigation_for(kadis, disnaker, permissions_in(kadis, disnaker))}
    others = {link.label for link in navigation_for(outsider, disnaker, permissions_in(outsider, disnaker))}

    assert links["Kasus bimbingan"].url == reverse("productivity:case_list")
    assert links["Perusahaan/instansi"].url == reverse("productivity:company_list")
    assert links["Kasus bimbingan"].section == "Produktivitas"
    assert "Kasus bimbingan" not in others


def test_every_event_reads_in_indonesian():
    for event_type, label in EVENT_LABELS.items():
        assert event_label(event_type) == str(label) != event_type


def test_an_lsp_administrator_gets_no_guidance_pages(client, make_user, lsp):
    """Guidance is the manpower office's service: the LSP's administrator holds every permission
    in the LSP, yet sees no productivity menu or home panel, and the pages name no office for them."""
    admin = make_user("admin.lsp", roles=[(lsp, "org_admin")])
    labels = {link.label for link in navigation_for(admin, lsp, permissions_in(admin, lsp))}
    assert {"Kasus bimbingan", "Perusahaan/instansi", "Bimbingan produktivitas"}.isdisjoint(labels)

    client.force_login(admin)
    assert client.get(reverse("productivity:case_list")).status_code == 403
    assert 'data-testid="panel-productivity"' not in client.get("/").content.decode()
