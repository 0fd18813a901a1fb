"""Each call checks role and organization, as the pages do: outsiders get 404, members without the role 403."""

from ujikom.core.models import RoleAssignment, Unit
from ujikom.core.services import assign_role


def test_lists_organizations_the_caller_may_see_only(api_for, disnaker_admin, lsp, disnaker):
    response = api_for(disnaker_admin).get("/organizations")

    assert response.status_code == 200
    assert [o["code"] for o in response.json()["items"]] == ["disnaker"]


def test_an_outsider_gets_404_for_another_organizations_units_people_and_assignments(
    api_for, lsp_admin, disnaker
):
    api = api_for(lsp_admin)

    for path in ["", "/units", "/people", "/role-assignments"]:
        response = api.get(f"/organizations/{disnaker.public_id}{path}")
        assert response.status_code == 404, path
        assert response.json()["detail"] == f"Organisasi '{disnaker.public_id}' tidak ditemukan."


def test_an_outsider_cannot_change_another_organizations_units(
    api_for, lsp_admin, disnaker, disnaker_unit, written
):
    api = api_for(lsp_admin)
    before = written()

    assert api.post("/organizations/disnaker/units", {"name": "Seksi Baru"}).status_code == 404
    response = api.patch(f"/units/{disnaker_unit.public_id}", {"name": "Diambil alih"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Unit kerja tidak ditemukan."}
    assert Unit.objects.get(pk=disnaker_unit.pk).name == "Bidang Pelatihan Kerja"
    assert written() == before


def test_an_outsider_cannot_see_change_or_assign_another_organizations_people(
    api_for, lsp_admin, disnaker_kasi, written
):
    api = api_for(lsp_admin)
    before = written()

    assert api.get(f"/people/{disnaker_kasi.public_id}").status_code == 404
    assert api.patch(f"/people/{disnaker_kasi.public_id}", {"full_name": "Diubah"}).status_code == 404
    into_own = api.post(
        "/role-assignments",
        {"person": str(disnaker_kasi.public_id), "organization": "lsp-stmi", "role": "assessor"},
    )
    into_theirs = api.post(
        "/role-assignments",
        {"person": str(disnaker_kasi.public_id), "organization": "disnaker", "role": "kasi"},
    )
    person_there = api.post(
        "/people", {"username": "susup", "full_name": "Penyusup", "organization": "disnaker", "role": "kasi"}
    )

    assert into_own.status_code == 422
    assert into_own.json()["detail"][0]["loc"] == "body.person"
    assert into_theirs.status_code == 403
    assert person_there.status_code == 403
    assert written() == before


def test_an_outsider_cannot_end_another_organizations_assignment(api_for, lsp_admin, disnaker_kasi):
    assignment = RoleAssignment.objects.get(user=disnaker_kasi)

    response = api_for(lsp_admin).post(f"/role-assignments/{assignment.pk}/end")

    assert response.status_code == 404
    assert RoleAssignment.objects.get(pk=assignment.pk).ends_on is None


def test_a_member_without_the_role_gets_403(
    api_for, disnaker_candidate, disnaker_kasi, disnaker_unit, disnaker
):
    api = api_for(disnaker_candidate)
    assignment = RoleAssignment.objects.get(user=disnaker_kasi)

    responses = [
        api.get("/organizations/disnaker"),
        api.get("/organizations/disnaker/units"),
        api.get("/organizations/disnaker/people"),
        api.get("/organizations/disnaker/role-assignments"),
        api.patch("/organizations/disnaker", {"city": "Kota Tangerang"}),
        api.post("/organizations/disnaker/units", {"name": "Seksi"}),
        api.patch(f"/units/{disnaker_unit.public_id}", {"name": "Seksi"}),
        api.post(f"/role-assignments/{assignment.pk}/end"),
        api.post(
            "/people", {"username": "baru", "full_name": "Baru", "organization": "disnaker", "role": "kasi"}
        ),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    assert responses[0].json() == {
        "detail": "Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut."
    }


def test_viewers_see_but_do_not_manage(api_for, disnaker_kasi, disnaker_unit, written):
    api = api_for(disnaker_kasi)
    before = written()

    assert api.get("/organizations/disnaker/units").status_code == 200
    assert api.get("/organizations/disnaker/people").status_code == 200
    assert api.post("/organizations/disnaker/units", {"name": "Seksi"}).status_code == 403
    assert api.patch(f"/units/{disnaker_unit.public_id}", {"code": "X"}).status_code == 403
    assert written() == before


def test_only_system_administrators_create_organizations_or_change_the_role_catalogue(
    api_for, disnaker_admin
):
    api = api_for(disnaker_admin)

    organization = api.post("/organizations", {"kind": "lsp", "name": "LSP Baru", "code": "lsp-baru"})
    role = api.post("/roles", {"key": "bendahara", "name": "Bendahara"})
    change = api.patch("/roles/kasi", {"name": "Kasi"})

    assert [organization.status_code, role.status_code, change.status_code] == [403, 403, 403]
    assert organization.json() == {"detail": "Hanya administrator sistem yang dapat mendaftarkan organisasi."}
    assert api.get("/roles").status_code == 200


def test_an_organization_administrator_cannot_change_its_code_kind_parent_or_status(
    api_for, disnaker_admin, disnaker
):
    response = api_for(disnaker_admin).patch("/organizations/disnaker", {"code": "lain", "is_active": False})

    assert response.status_code == 403
    assert "code" in response.json()["detail"] and "is_active" in response.json()["detail"]
    disnaker.refresh_from_db()
    assert (disnaker.code, disnaker.is_active) == ("disnaker", True)


def test_an_administrator_cannot_hand_out_a_role_stronger_than_their_own(
    api_for, make_user, disnaker, disnaker_kasi, system_admin, written
):
    from ujikom.core.services import create_role

    create_role(
        actor=system_admin, key="people_admin", name="Admin Pengguna", permissions=["core.manage_people"]
    )
    people_admin = make_user("pengelola", roles=[(disnaker, "people_admin")])
    api = api_for(people_admin)
    before = written()

    response = api.post(
        "/role-assignments",
        {"person": str(disnaker_kasi.public_id), "organization": "disnaker", "role": "org_admin"},
    )

    assert response.status_code == 403
    assert "Administrator Organisasi" in response.json()["detail"]
    assert written() == before


def test_a_person_reads_and_edits_their_own_profile_but_not_their_account_fields(api_for, disnaker_candidate):
    api = api_for(disnaker_candidate)
    me = str(disnaker_candidate.public_id)

    assert api.get(f"/people/{me}").json()["username"] == "peserta_disnaker"
    assert api.patch(f"/people/{me}", {"title": "S.T."}).json()["title"] == "S.T."
    refused = api.patch(f"/people/{me}", {"nik": "3671010101010001"})

    assert refused.status_code == 422
    assert refused.json() == {"detail": [{"loc": "body.nik", "msg": "Kolom ini tidak dapat diubah."}]}


def test_account_fields_of_someone_serving_elsewhere_are_for_system_administrators(
    api_for, disnaker_admin, disnaker_kasi, lsp, system_admin
):
    from ujikom.core.models import Role

    assign_role(
        actor=system_admin, user=disnaker_kasi, role=Role.objects.get(key="assessor"), organization=lsp
    )
    api = api_for(disnaker_admin)

    refused = api.patch(f"/people/{disnaker_kasi.public_id}", {"email": "baru@example.id"})
    allowed = api.patch(f"/people/{disnaker_kasi.public_id}", {"title": "S.E."})

    assert refused.status_code == 403
    assert allowed.status_code == 200
    shown = {a["organization_code"] for a in allowed.json()["assignments"]}
    assert shown == {"disnaker"}
