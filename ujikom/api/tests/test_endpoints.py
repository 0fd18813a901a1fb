"""What the API lets an organization's administrator and a system administrator do."""

import datetime as dt

from django.utils import timezone

from ujikom.core.models import AuditEvent, Organization, Role, RoleAssignment, Unit, User


def test_me_lists_my_organizations_roles_and_permissions(api_for, make_user, disnaker, lsp):
    person = make_user("rina", roles=[(disnaker, "kasi"), (lsp, "assessor")], full_name="Rina Wulandari")

    body = api_for(person).get("/me").json()

    assert body["full_name"] == "Rina Wulandari" and body["is_superuser"] is False
    by_code = {o["code"]: o for o in body["organizations"]}
    assert [r["key"] for r in by_code["disnaker"]["roles"]] == ["kasi"]
    assert "core.view_organization" in by_code["disnaker"]["permissions"]
    assert by_code["lsp-stmi"]["permissions"] == ["assessment.assess", "assessment.view", "documents.upload"]


def test_organizations_are_found_by_public_id_or_code(api_for, disnaker_admin, disnaker):
    api = api_for(disnaker_admin)

    by_code = api.get("/organizations/disnaker").json()
    by_uuid = api.get(f"/organizations/{disnaker.public_id}").json()

    assert by_code == by_uuid
    assert by_code["name"] == "Dinas Ketenagakerjaan Kota Tangerang"


def test_system_administrator_registers_an_organization_under_a_parent(api_for, system_admin, disnaker):
    response = api_for(system_admin).post(
        "/organizations",
        {
            "kind": "training_provider",
            "name": "UPT BLK Kota Tangerang",
            "code": "blk-tng",
            "parent": "disnaker",
        },
    )

    assert response.status_code == 201
    assert response.json()["parent"] == str(disnaker.public_id)
    created = Organization.objects.get(code="blk-tng")
    assert AuditEvent.objects.filter(event_type="organization.created", organization=created).exists()


def test_administrator_updates_their_organizations_particulars(api_for, disnaker_admin, disnaker):
    response = api_for(disnaker_admin).patch(
        f"/organizations/{disnaker.public_id}", {"city": "Kota Tangerang", "phone": "(021) 5582021"}
    )

    assert response.status_code == 200
    disnaker.refresh_from_db()
    assert (disnaker.city, disnaker.phone) == ("Kota Tangerang", "(021) 5582021")
    event = AuditEvent.objects.get(event_type="organization.updated")
    assert event.actor_label == "Admin Disnaker"


def test_units_are_created_listed_and_moved_under_a_parent(api_for, disnaker_admin, disnaker_unit):
    api = api_for(disnaker_admin)

    created = api.post(
        "/organizations/disnaker/units", {"name": "Seksi Sertifikasi", "kind": "section", "code": "SSK"}
    )
    assert created.status_code == 201
    moved = api.patch(f"/units/{created.json()['public_id']}", {"parent": str(disnaker_unit.public_id)})
    listed = api.get("/organizations/disnaker/units").json()

    assert moved.json()["parent"] == str(disnaker_unit.public_id)
    assert listed["count"] == 2
    assert [u["name"] for u in listed["items"]] == ["Bidang Pelatihan Kerja", "Seksi Sertifikasi"]
    detached = api.patch(f"/units/{created.json()['public_id']}", {"parent": None})
    assert detached.json()["parent"] is None


def test_a_person_is_created_with_their_first_role_in_one_call(api_for, disnaker_admin, disnaker_unit):
    response = api_for(disnaker_admin).post(
        "/people",
        {
            "username": "budi",
            "full_name": "Budi Santoso",
            "email": "Budi@Example.id",
            "nip": "19800101 200501 1 001",
            "organization": "disnaker",
            "role": "kasi",
            "unit": str(disnaker_unit.public_id),
            "capacity": "plt",
            "decree_number": "800/12-Disnaker/2025",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "budi@example.id"
    assert [(a["role"], a["capacity"], a["unit"]) for a in body["assignments"]] == [
        ("kasi", "plt", str(disnaker_unit.public_id))
    ]
    person = User.objects.get(username="budi")
    assert not person.has_usable_password()
    assert {e.event_type for e in AuditEvent.objects.filter(actor__username="admin_disnaker")} >= {
        "person.created",
        "role_assignment.created",
    }


def test_people_list_shows_their_roles_in_that_organization(
    api_for, disnaker_admin, disnaker_kasi, lsp, system_admin
):
    RoleAssignment.objects.create(user=disnaker_kasi, organization=lsp, role=Role.objects.get(key="assessor"))

    body = api_for(disnaker_admin).get("/organizations/disnaker/people", q="kasi").json()

    assert body["count"] == 1
    assert body["items"][0]["full_name"] == "Kasi Sertifikasi"
    assert [r["key"] for r in body["items"][0]["roles"]] == ["kasi"]
    assert "nik" not in body["items"][0]


def test_administrator_edits_a_person_they_manage(api_for, disnaker_admin, disnaker_kasi):
    response = api_for(disnaker_admin).patch(
        f"/people/{disnaker_kasi.public_id}", {"full_name": "Siti Aminah", "nik": "3671014101900001"}
    )

    assert response.status_code == 200
    disnaker_kasi.refresh_from_db()
    assert (disnaker_kasi.full_name, disnaker_kasi.nik) == ("Siti Aminah", "3671014101900001")


def test_assignments_are_given_listed_and_ended(api_for, disnaker_admin, disnaker_kasi):
    api = api_for(disnaker_admin)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    given = api.post(
        "/role-assignments",
        {
            "person": str(disnaker_kasi.public_id),
            "organization": "disnaker",
            "role": "quality",
            "capacity": "plh",
        },
    )
    assert given.status_code == 201
    listed = api.get("/organizations/disnaker/role-assignments").json()
    ended = api.post(f"/role-assignments/{given.json()['id']}/end", {"ends_on": tomorrow.isoformat()})

    assert {(a["person"]["username"], a["role"]) for a in listed["items"]} >= {("kasi_disnaker", "quality")}
    assert ended.status_code == 200 and ended.json()["ends_on"] == tomorrow.isoformat()
    assert RoleAssignment.objects.get(pk=given.json()["id"]).ends_on == tomorrow


def test_ended_assignments_are_listed_only_when_asked(api_for, disnaker_admin, disnaker_kasi):
    api = api_for(disnaker_admin)
    assignment = RoleAssignment.objects.get(user=disnaker_kasi)
    RoleAssignment.objects.filter(pk=assignment.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )

    current = api.get("/organizations/disnaker/role-assignments").json()
    everything = api.get("/organizations/disnaker/role-assignments", include_ended="true").json()

    assert assignment.pk not in {a["id"] for a in current["items"]}
    assert assignment.pk in {a["id"] for a in everything["items"]}


def test_system_administrator_adds_and_changes_a_role(api_for, system_admin):
    api = api_for(system_admin)

    created = api.post(
        "/roles",
        {
            "key": "bendahara",
            "name": "Bendahara",
            "permissions": ["documents.view"],
            "organization_kinds": ["lsp"],
        },
    )
    changed = api.patch("/roles/bendahara", {"name": "Bendahara LSP", "is_sop_actor": True})
    builtin = api.patch("/roles/kasi", {"key": "kepala-seksi"})
    unknown = api.patch("/roles/tidak-ada", {"name": "x"})

    assert created.status_code == 201 and created.json()["organization_kinds"] == ["lsp"]
    assert changed.json()["name"] == "Bendahara LSP" and changed.json()["is_sop_actor"] is True
    assert builtin.status_code == 422 and builtin.json()["detail"][0]["loc"] == "body.key"
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Peran 'tidak-ada' tidak ditemukan."}
    assert Role.objects.get(key="bendahara").organization_kinds == ["lsp"]


def test_lists_are_paginated(api_for, disnaker_admin, disnaker, system_admin):
    from ujikom.core.services import create_unit

    for number in range(1, 8):
        create_unit(organization=disnaker, actor=system_admin, name=f"Seksi {number}")
    api = api_for(disnaker_admin)

    first = api.get("/organizations/disnaker/units", page_size=3).json()
    third = api.get("/organizations/disnaker/units", page_size=3, page=3).json()

    assert first["count"] == 7 and len(first["items"]) == 3
    assert [u["name"] for u in third["items"]] == ["Seksi 7"]
    assert Unit.objects.filter(organization=disnaker).count() == 7
