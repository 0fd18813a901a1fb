"""The role catalogue pages: administrators look, only the system administrator changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.core.models import AuditEvent, Role

pytestmark = pytest.mark.django_db


def test_org_admin_sees_the_catalogue_without_edit_buttons(client_for, org_admin):
    response = client_for(org_admin).get(reverse("core:role_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kepala TUK" in page and "Mengelola pengguna dan penugasan peran di organisasi" in page
    assert reverse("core:role_edit", args=["site_head"]) not in page
    assert reverse("core:role_create") not in page


def test_members_without_manage_people_cannot_see_the_catalogue(client_for, official, candidate):
    assert client_for(official).get(reverse("core:role_list")).status_code == 403
    assert client_for(candidate).get(reverse("core:role_list")).status_code == 403


def test_org_admin_cannot_create_or_edit_roles(client_for, org_admin):
    client = client_for(org_admin)

    assert client.get(reverse("core:role_create")).status_code == 403
    response = client.post(
        reverse("core:role_edit", args=["candidate"]),
        {"key": "candidate", "name": "Raja", "permissions": ["core.manage_people"]},
    )
    assert response.status_code == 403
    assert Role.objects.get(key="candidate").permissions == []


def test_system_admin_adds_a_role_with_permissions_and_kinds(client_for, system_admin):
    response = client_for(system_admin).post(
        reverse("core:role_create"),
        {
            "key": "bendahara",
            "name": "Bendahara LSP",
            "description": "Mengelola RAB.",
            "permissions": ["core.view_organization", "documents.view"],
            "organization_kinds": ["lsp"],
        },
    )

    assert response.status_code == 302
    role = Role.objects.get(key="bendahara")
    assert (role.permissions, role.organization_kinds, role.is_builtin) == (
        ["core.view_organization", "documents.view"],
        ["lsp"],
        False,
    )
    assert AuditEvent.objects.filter(event_type="role.created", actor=system_admin).exists()


def test_unknown_permission_in_a_crafted_post_is_refused(client_for, system_admin):
    response = client_for(system_admin).post(
        reverse("core:role_create"), {"key": "jahat", "name": "Jahat", "permissions": ["core.everything"]}
    )

    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Role.objects.filter(key="jahat").exists()


def test_builtin_role_keeps_its_key_but_can_be_renamed(client_for, system_admin):
    response = client_for(system_admin).post(
        reverse("core:role_edit", args=["site_head"]),
        {
            "key": "kepala_tuk_baru",
            "name": "Kepala TUK (Kepala UPT)",
            "permissions": ["core.view_organization"],
        },
    )

    assert response.status_code == 302
    role = Role.objects.get(name="Kepala TUK (Kepala UPT)")
    assert role.key == "site_head"
    assert role.permissions == ["core.view_organization"]
    page = client_for(system_admin).get(reverse("core:role_edit", args=["site_head"])).content.decode()
    assert "Kode peran bawaan tidak dapat diubah." in page


def test_duplicate_role_key_is_refused_in_indonesian(client_for, system_admin):
    response = client_for(system_admin).post(
        reverse("core:role_create"), {"key": "assessor", "name": "Asesor Lain"}
    )

    assert "Peran dengan Kode telah ada." in response.content.decode()
    assert Role.objects.filter(key="assessor").count() == 1


def test_catalogue_list_pins_its_queries(client_for, system_admin, django_assert_max_num_queries):
    for number in range(30):
        Role.objects.create(key=f"peran-{number}", name=f"Peran {number}", permissions=["documents.view"])

    client = client_for(system_admin)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("core:role_list"))

    assert response.content.decode().count('data-testid="role-row"') == Role.objects.count()
