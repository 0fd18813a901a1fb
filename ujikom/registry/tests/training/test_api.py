"""The training program API: the pages' permissions, participants, and imports as jobs."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ujikom.core.tokens import create_token
from ujikom.registry.models import Participant, TrainingProgram
from ujikom.registry.nik import nik_for

from .fixtures import participant_row, xlsx_file

PREFIX = "/api/v1"


def api(user) -> Client:
    _token, secret = create_token(user=user, name="tes")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_manager_creates_and_lists_programs(manager, blk):
    client = api(manager)

    created = client.post(
        f"{PREFIX}/organizations/blk-tangerang/training-programs",
        {
            "code": "OKM-2025-02",
            "name": "Operator Komputer II",
            "starts_on": "2025-05-05",
            "ends_on": "2025-06-27",
        },
        content_type="application/json",
    )
    listed = client.get(f"{PREFIX}/organizations/blk-tangerang/training-programs")

    assert created.status_code == 201, created.content
    assert created.json()["provider"] == "blk-tangerang"
    assert [item["code"] for item in listed.json()["items"]] == ["OKM-2025-02"]


def test_program_dates_in_the_wrong_order_are_a_422_at_the_field(manager, blk):
    response = api(manager).post(
        f"{PREFIX}/organizations/blk-tangerang/training-programs",
        {"code": "X", "name": "Salah", "starts_on": "2025-05-05", "ends_on": "2025-05-01"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": "body.ends_on", "msg": "Tanggal selesai tidak boleh sebelum tanggal mulai."}
    ]
    assert not TrainingProgram.objects.filter(code="X").exists()


def test_program_of_another_organization_is_not_found_and_a_viewer_may_not_change_it(
    outsider, viewer, program
):
    assert api(outsider).get(f"{PREFIX}/training-programs/{program.public_id}").status_code == 404
    assert api(viewer).get(f"{PREFIX}/training-programs/{program.public_id}").status_code == 200
    refused = api(viewer).patch(
        f"{PREFIX}/training-programs/{program.public_id}", {"name": "Baru"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_member_without_the_role_is_refused(no_role, program):
    assert api(no_role).get(f"{PREFIX}/training-programs/{program.public_id}/participants").status_code == 403


def test_participant_added_through_the_api(manager, program):
    birth = dt.date(2000, 1, 15)
    response = api(manager).post(
        f"{PREFIX}/training-programs/{program.public_id}/participants",
        {
            "nik": nik_for(region_code="367101", birth_date=birth, sex="P", serial=4),
            "full_name": "Nur Aisyah",
            "birth_place": "Tangerang",
            "birth_date": "2000-01-15",
            "sex": "P",
            "address": "Jl. Imam Bonjol 3",
            "city": "3671",
            "province": "36",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["city"] == "36.71"
    assert Participant.objects.get().full_name == "Nur Aisyah"


def test_import_through_the_api_reports_every_bad_row_and_saves_nothing(
    manager, program, django_capture_on_commit_callbacks
):
    rows = [participant_row(1), participant_row(2, nik="36710114029"), participant_row(3, province="99")]
    client = api(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{PREFIX}/training-programs/{program.public_id}/participants/import",
            {"file": SimpleUploadedFile("peserta.xlsx", xlsx_file(rows))},
        )
    job = client.get(f"{PREFIX}/participant-imports/{response.json()['public_id']}").json()

    assert response.status_code == 202, response.content
    assert job["status"] == "refused"
    assert job["errors"] == [
        {"row": 3, "column": "NIK", "message": "NIK harus 16 digit angka."},
        {"row": 4, "column": "Kode Provinsi", "message": 'Kode provinsi "99" tidak dikenal.'},
    ]
    assert not Participant.objects.exists()


def test_import_through_the_api_saves_a_good_file(
    manager, program, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(manager).post(
            f"{PREFIX}/training-programs/{program.public_id}/participants/import",
            {
                "file": SimpleUploadedFile(
                    "peserta.xlsx", xlsx_file([participant_row(n) for n in range(1, 5)])
                )
            },
        )

    public_id = response.json()["public_id"]
    job = api(manager).get(f"{PREFIX}/participant-imports/{public_id}").json()
    assert (job["status"], job["imported_rows"]) == ("done", 4)
    assert Participant.objects.filter(program=program).count() == 4
    assert api(outsider).get(f"{PREFIX}/participant-imports/{public_id}").status_code == 404


def test_import_of_a_file_of_the_wrong_kind_is_a_422(manager, program):
    response = api(manager).post(
        f"{PREFIX}/training-programs/{program.public_id}/participants/import",
        {"file": SimpleUploadedFile("peserta.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.file"
