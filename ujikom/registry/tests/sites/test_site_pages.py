"""Test site pages: who sees and changes which TUK, the list filters and its query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ujikom.registry.models import TestSite

pytestmark = pytest.mark.django_db


def test_the_list_shows_own_sites_and_those_the_lsp_verifies(
    client_for, disnaker_admin, lsp_admin, lsp, company, make_site
):
    own = make_site(
        name="TUK Mandiri Disnaker", kind=TestSite.Kind.INDEPENDENT, verified_until=dt.date(2099, 1, 1)
    )
    verified = make_site(owner=company, name="TUK Tempat Kerja SLP", kind=TestSite.Kind.WORKPLACE, lsp=lsp)
    make_site(owner=company, name="TUK Rahasia Perusahaan", kind=TestSite.Kind.WORKPLACE)

    disnaker_page = client_for(disnaker_admin).get(reverse("registry:site_list")).content.decode()
    lsp_page = client_for(lsp_admin).get(reverse("registry:site_list")).content.decode()

    assert own.name in disnaker_page and "Terverifikasi s.d. 1 Januari 2099" in disnaker_page
    assert verified.name not in disnaker_page
    assert verified.name in lsp_page and "Diverifikasi setiap pemakaian" in lsp_page
    assert "TUK Rahasia Perusahaan" not in lsp_page


def test_the_list_filters_by_kind_and_pins_its_queries(
    client_for, disnaker_admin, make_site, django_assert_max_num_queries
):
    for number in range(8):
        make_site(name=f"TUK Sewaktu {number}", kind=TestSite.Kind.TEMPORARY)
    make_site(name="TUK Mandiri Utama", kind=TestSite.Kind.INDEPENDENT)
    client = client_for(disnaker_admin)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("registry:site_list"), {"kind": "mandiri"})

    page = response.content.decode()
    assert "TUK Mandiri Utama" in page and "TUK Sewaktu 1" not in page


def test_a_member_without_registry_permission_is_refused_the_list(client_for, disnaker_candidate):
    assert client_for(disnaker_candidate).get(reverse("registry:site_list")).status_code == 403


def test_the_detail_is_seen_by_the_verifying_lsp_but_not_by_outsiders(
    client_for, lsp_admin, company_admin, disnaker_candidate, lsp, make_site
):
    site = make_site(lsp=lsp)
    url = reverse("registry:site_detail", args=[site.public_id])

    assert client_for(lsp_admin).get(url).status_code == 200
    assert client_for(company_admin).get(url).status_code == 404
    assert client_for(disnaker_candidate).get(url).status_code == 403


def test_only_the_owner_edits_a_site(client_for, disnaker_admin, lsp_admin, disnaker_tekops, lsp, make_site):
    site = make_site(lsp=lsp, capacity=20)
    url = reverse("registry:site_edit", args=[site.public_id])

    assert client_for(lsp_admin).get(url).status_code == 403
    assert client_for(disnaker_tekops).get(url).status_code == 403
    response = client_for(disnaker_admin).post(
        url,
        {
            "code": site.code,
            "name": "TUK Sewaktu Gedung B",
            "kind": TestSite.Kind.TEMPORARY,
            "address": site.address,
            "capacity": 30,
            "lsp": lsp.pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "TUK Sewaktu Gedung B" and site.capacity == 30


def test_creating_a_site_shows_the_services_messages_on_the_fields(client_for, disnaker_admin, disnaker):
    client = client_for(disnaker_admin)
    data = {
        "code": "TUK-S1",
        "name": "TUK Sewaktu Aula",
        "kind": TestSite.Kind.TEMPORARY,
        "address": "Jl. Kisamaun",
        "capacity": 10,
        "verified_until": "2027-01-01",
        "is_active": "on",
    }

    refused = client.post(reverse("registry:site_create"), data)
    assert refused.status_code == 200
    assert "diverifikasi setiap kali dipakai" in refused.content.decode()
    assert not TestSite.objects.exists()

    data["verified_until"] = ""
    created = client.post(reverse("registry:site_create"), data)
    assert created.status_code == 302
    assert TestSite.objects.get().owner == disnaker


def test_a_viewer_cannot_create(client_for, disnaker_tekops):
    assert client_for(disnaker_tekops).get(reverse("registry:site_create")).status_code == 403
