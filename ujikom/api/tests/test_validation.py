"""Bad input: 422 naming each bad field in Indonesian, and nothing written — no row, no audit event."""

import pytest

from ujikom.core.models import User


@pytest.fixture
def api(api_for, disnaker_admin):
    return api_for(disnaker_admin)


def test_a_unit_with_bad_fields_is_refused_with_every_problem_and_its_place(api, disnaker, written):
    before = written()

    response = api.post(
        "/organizations/disnaker/units",
        {"name": "x" * 201, "kind": "dinas", "parent": "bukan-uuid", "warna": "merah"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"loc": "body.name", "msg": "terlalu panjang (maks. 200 karakter)"},
            {
                "loc": "body.kind",
                "msg": "harus salah satu dari: division, section, secretariat, test_site, other",
            },
            {"loc": "body.parent", "msg": "bukan UUID yang sah"},
            {"loc": "body.warna", "msg": "kolom tidak dikenal"},
        ]
    }
    assert written() == before


def test_a_unit_without_a_name_or_with_a_taken_name_is_refused(api, disnaker_unit, written):
    before = written()

    missing = api.post("/organizations/disnaker/units", {"code": "BPK"})
    taken = api.post("/organizations/disnaker/units", {"name": "bidang pelatihan kerja"})

    assert missing.json() == {"detail": [{"loc": "body.name", "msg": "wajib diisi"}]}
    assert taken.status_code == 422
    assert taken.json()["detail"][0]["loc"] == "body.name"
    assert "sudah ada" in taken.json()["detail"][0]["msg"]
    assert written() == before


def test_a_unit_parent_from_another_organization_is_refused(api, lsp_unit, written):
    before = written()

    response = api.post("/organizations/disnaker/units", {"name": "Seksi", "parent": str(lsp_unit.public_id)})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.parent"
    assert "tidak ditemukan" in response.json()["detail"][0]["msg"]
    assert written() == before


def test_a_person_with_bad_fields_is_refused_in_indonesian(api, written):
    before = written()

    response = api.post(
        "/people",
        {
            "username": "budi santoso",
            "full_name": "",
            "organization": "disnaker",
            "role": "kasi",
            "starts_on": "31-01-2025",
            "is_active": "mungkin",
            "language": "jv",
        },
    )

    assert response.status_code == 422
    assert {(e["loc"], e["msg"]) for e in response.json()["detail"]} == {
        ("body.starts_on", "tanggal tidak sah (format YYYY-MM-DD)"),
        ("body.username", "format tidak sesuai"),
        ("body.full_name", "tidak boleh kosong"),
        ("body.language", "harus salah satu dari: id, en"),
        ("body.is_active", "harus true atau false"),
    }
    assert written() == before


def test_a_person_whose_role_does_not_fit_is_not_half_created(api, written):
    """The person is valid, the role assignment is not: neither is saved, nor any audit event."""
    before = written()

    response = api.post(
        "/people",
        {
            "username": "budi",
            "full_name": "Budi",
            "email": "budi@example.id",
            "organization": "disnaker",
            "role": "lsp_chair",
        },
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.role"
    assert "tidak berlaku untuk organisasi berjenis" in response.json()["detail"][0]["msg"]
    assert not User.objects.filter(username="budi").exists()
    assert written() == before


def test_service_rules_on_a_person_come_back_at_their_fields(api, disnaker_kasi, written):
    before = written()

    response = api.post(
        "/people",
        {
            "username": "budi",
            "full_name": "Budi",
            "email": disnaker_kasi.email.upper(),
            "nik": "12",
            "organization": "disnaker",
            "role": "kasi",
        },
    )

    assert response.status_code == 422
    assert {e["loc"] for e in response.json()["detail"]} == {"body.email"}
    assert response.json()["detail"][0]["msg"] == "Email ini sudah dipakai pengguna lain."
    assert written() == before


@pytest.mark.parametrize(
    ("body", "loc", "msg"),
    [
        (
            {"organization": "tidak-ada", "role": "kasi"},
            "body.organization",
            "Organisasi 'tidak-ada' tidak ditemukan.",
        ),
        (
            {"organization": "disnaker", "role": "bendahara"},
            "body.role",
            "Peran 'bendahara' tidak ditemukan.",
        ),
    ],
)
def test_an_unknown_organization_or_role_is_named_in_the_error(api, body, loc, msg, written):
    before = written()

    response = api.post("/people", {"username": "budi", "full_name": "Budi", **body})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"loc": loc, "msg": msg}]}
    assert written() == before


def test_an_assignment_with_bad_input_is_refused_and_nothing_is_written(api, disnaker_kasi, written):
    before = written()
    person = str(disnaker_kasi.public_id)

    bad_types = api.post(
        "/role-assignments",
        {
            "person": "123",
            "organization": "disnaker",
            "role": "kasi",
            "capacity": "bupati",
            "ends_on": "2025-02-30",
        },
    )
    unknown_role = api.post(
        "/role-assignments", {"person": person, "organization": "disnaker", "role": "raja"}
    )
    backwards = api.post(
        "/role-assignments",
        {
            "person": person,
            "organization": "disnaker",
            "role": "quality",
            "starts_on": "2025-03-01",
            "ends_on": "2025-02-01",
        },
    )
    overlapping = api.post(
        "/role-assignments", {"person": person, "organization": "disnaker", "role": "kasi"}
    )

    assert bad_types.json() == {
        "detail": [
            {"loc": "body.capacity", "msg": "harus salah satu dari: definitive, plt, plh"},
            {"loc": "body.ends_on", "msg": "tanggal tidak sah (format YYYY-MM-DD)"},
            {"loc": "body.person", "msg": "bukan UUID yang sah"},
        ]
    }
    assert unknown_role.json() == {"detail": [{"loc": "body.role", "msg": "Peran 'raja' tidak ditemukan."}]}
    assert backwards.status_code == 422 and backwards.json()["detail"][0]["loc"] == "body.ends_on"
    assert overlapping.status_code == 422 and overlapping.json()["detail"][0]["loc"] == "body.starts_on"
    assert written() == before


def test_a_patch_cannot_blank_a_required_field(api, disnaker_unit, written):
    before = written()

    response = api.patch(f"/units/{disnaker_unit.public_id}", {"name": None, "is_active": "tidak"})

    assert response.status_code == 422
    assert {(e["loc"], e["msg"]) for e in response.json()["detail"]} == {
        ("body.is_active", "harus true atau false")
    }
    again = api.patch(f"/units/{disnaker_unit.public_id}", {"name": None})
    assert again.json() == {"detail": [{"loc": "body.name", "msg": "tidak boleh null"}]}
    assert written() == before


def test_malformed_json_path_and_query_values_are_client_errors(api, written):
    before = written()

    not_json = api.client.post(
        "/api/v1/organizations/disnaker/units", "{nama:", content_type="application/json"
    )
    bad_path = api.patch("/units/123", {"name": "x"})
    bad_page = api.get("/organizations/disnaker/units", page="0", page_size="semua")
    bad_id = api.post("/role-assignments/satu/end")

    assert not_json.status_code == 400
    assert not_json.json() == {"detail": "Isi permintaan bukan JSON yang sah."}
    assert bad_path.json() == {"detail": [{"loc": "path.public_id", "msg": "bukan UUID yang sah"}]}
    assert bad_page.json() == {
        "detail": [
            {"loc": "query.page", "msg": "harus ≥ 1"},
            {"loc": "query.page_size", "msg": "harus bilangan bulat"},
        ]
    }
    assert bad_id.json() == {"detail": [{"loc": "path.assignment_id", "msg": "harus bilangan bulat"}]}
    assert written() == before


def test_a_body_that_is_not_an_object_is_refused(api, written):
    before = written()

    response = api.post("/organizations/disnaker/units", ["Seksi"])

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "harus berupa objek JSON"
    assert written() == before


def test_a_role_with_unknown_permission_codes_is_refused(api_for, system_admin, written):
    api = api_for(system_admin)
    before = written()

    response = api.post(
        "/roles", {"key": "bendahara", "name": "Bendahara", "permissions": ["core.everything"]}
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"loc": "body.permissions", "msg": "Hak akses tidak dikenal: core.everything"}]
    }
    assert written() == before


def test_a_unique_value_saved_by_someone_else_meanwhile_is_a_conflict_not_a_crash(api, monkeypatch):
    from django.db import IntegrityError

    from ujikom.core import services

    def collide(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "create_unit", collide)

    response = api.post("/organizations/disnaker/units", {"name": "Seksi"})

    assert response.status_code == 409
    assert "coba lagi" in response.json()["detail"]
