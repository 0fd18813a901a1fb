"""Training program and participant pages: who may see and change what, imports, template, export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ujikom.registry.models import ImportJob, Participant, TrainingProgram
from ujikom.registry.nik import nik_for
from ujikom.registry.participant_import import HEADERS

from .fixtures import participant_row, xlsx_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(rows, name="peserta.xlsx"):
    return SimpleUploadedFile(name, xlsx_file(rows), content_type=XLSX)


def test_program_list_shows_the_providers_programs_with_a_fixed_number_of_queries(
    client_for, manager, program, blk, django_assert_max_num_queries
):
    for number in range(2, 12):
        TrainingProgram.objects.create(
            provider=blk,
            code=f"OKM-{number}",
            name=f"Angkatan {number}",
            starts_on=dt.date(2025, 1, number),
            ends_on=dt.date(2025, 2, number),
        )
    client = client_for(manager)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:program_list"))

    assert response.status_code == 200
    assert response.content.decode().count('data-testid="program-row"') == 11
    assert "Pelatihan Operator Komputer Muda Angkatan I" in response.content.decode()


def test_program_list_refuses_a_member_without_the_role(client_for, no_role):
    assert client_for(no_role).get(reverse("registry:program_list")).status_code == 403


def test_manager_creates_a_program_for_the_organization_they_act_for(client_for, manager, blk):
    response = client_for(manager).post(
        reverse("registry:program_create"),
        {
            "code": "OKM-2025-02",
            "name": "Operator Komputer Angkatan II",
            "starts_on": "2025-05-05",
            "ends_on": "2025-06-27",
        },
    )

    program = TrainingProgram.objects.get(code="OKM-2025-02")
    assert response.status_code == 302
    assert program.provider == blk


def test_program_ending_before_it_starts_is_refused_on_the_field(client_for, manager):
    response = client_for(manager).post(
        reverse("registry:program_create"),
        {"code": "OKM-X", "name": "Salah tanggal", "starts_on": "2025-05-05", "ends_on": "2025-05-01"},
    )

    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not TrainingProgram.objects.filter(code="OKM-X").exists()


def test_viewer_may_not_create_programs(client_for, viewer):
    assert client_for(viewer).get(reverse("registry:program_create")).status_code == 403


def test_program_detail_lists_participants_with_a_fixed_number_of_queries(
    client_for, viewer, program, participant, regions, django_assert_max_num_queries
):
    for serial in range(20, 40):
        birth = dt.date(1995, 1, 1) + dt.timedelta(days=serial)
        Participant.objects.create(
            program=program,
            nik=nik_for(region_code="367101", birth_date=birth, sex="L", serial=serial),
            full_name=f"Peserta {serial}",
            birth_place="Tangerang",
            birth_date=birth,
            sex="L",
            address="Jl. Gatot Subroto",
            city=regions["36.71"],
            province=regions["36"],
        )

    client = client_for(viewer)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:program_detail", args=[program.public_id]))

    assert response.status_code == 200
    assert response.content.decode().count('data-testid="participant-row"') == 21
    assert "Impor peserta" not in response.content.decode()  # a viewer may not import


def test_program_of_another_organization_is_not_found(client_for, outsider, program):
    client = client_for(outsider)
    for name in (
        "program_detail",
        "program_edit",
        "participant_import",
        "participant_export",
        "participant_create",
    ):
        assert client.get(reverse(f"registry:{name}", args=[program.public_id])).status_code == 404, name


def test_member_without_the_role_is_refused_the_program_pages(client_for, no_role, program, participant):
    client = client_for(no_role)
    for name in ("program_detail", "program_edit", "participant_import", "participant_export"):
        assert client.get(reverse(f"registry:{name}", args=[program.public_id])).status_code == 403, name
    assert client.get(reverse("registry:participant_edit", args=[participant.public_id])).status_code == 403


def test_viewer_may_not_edit_or_import(client_for, viewer, program, participant):
    client = client_for(viewer)
    assert client.get(reverse("registry:program_edit", args=[program.public_id])).status_code == 403
    assert client.get(reverse("registry:participant_import", args=[program.public_id])).status_code == 403
    assert client.get(reverse("registry:participant_edit", args=[participant.public_id])).status_code == 403


def test_participant_added_by_hand_is_checked_against_the_nik(client_for, manager, program, regions):
    form = {
        "nik": nik_for(region_code="367101", birth_date=dt.date(1999, 7, 1), sex="L", serial=1),
        "full_name": "Bayu Pratama",
        "birth_place": "Tangerang",
        "birth_date": "1999-07-02",
        "sex": "L",
        "address": "Jl. Sudirman 1",
        "city": "36.71",
        "province": "36",
    }
    client = client_for(manager)

    refused = client.post(reverse("registry:participant_create", args=[program.public_id]), form)
    form["birth_date"] = "1999-07-01"
    accepted = client.post(reverse("registry:participant_create", args=[program.public_id]), form)

    assert "NIK tidak cocok dengan tanggal lahir" in refused.content.decode()
    assert accepted.status_code == 302
    assert Participant.objects.get().full_name == "Bayu Pratama"


def test_import_of_a_good_file_runs_as_a_job_and_saves_everyone(
    client_for, manager, program, django_capture_on_commit_callbacks
):
    client = client_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:participant_import", args=[program.public_id]),
            {"file": upload([participant_row(n) for n in range(1, 4)])},
        )

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:import_job", args=[job.public_id]
    )
    assert job.status == ImportJob.Status.DONE and job.imported_rows == 3
    assert Participant.objects.filter(program=program).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "3 peserta diimpor." in page
    assert 'hx-trigger="every 1s"' not in page


def test_import_with_bad_rows_shows_every_error_and_saves_nothing(
    client_for, manager, program, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    rows = [
        participant_row(1),
        participant_row(2, birth_date_text="31/02/1990"),
        participant_row(3, city="9999"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:participant_import", args=[program.public_id]), {"file": upload(rows)}
        )

    page = client.get(response["Location"]).content.decode()
    assert "Berkas ditolak: 2 kesalahan ditemukan." in page
    assert "Tanggal &quot;31/02/1990&quot; tidak ada di kalender." in page
    assert "Kode kabupaten/kota &quot;9999&quot; tidak dikenal." in page
    assert not Participant.objects.exists()
    assert ImportJob.objects.get().status == ImportJob.Status.REFUSED


def test_unfinished_import_polls_every_second_and_offers_a_refresh_link(client_for, manager, program):
    job = ImportJob.objects.create(
        program=program,
        created_by=manager,
        status=ImportJob.Status.VALIDATING,
        total_rows=1000,
        processed_rows=250,
    )

    page = client_for(manager).get(reverse("registry:import_job", args=[job.public_id])).content.decode()

    assert 'hx-trigger="every 1s"' in page
    assert "250 dari 1000 baris" in page
    assert "Muat ulang" in page


def test_import_job_of_another_organization_is_not_found(client_for, outsider, manager, program):
    job = ImportJob.objects.create(program=program, created_by=manager)

    assert client_for(outsider).get(reverse("registry:import_job", args=[job.public_id])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("peserta.pdf", b"%PDF-1.4 data", "jenis berkas tidak diizinkan"),
        ("peserta.xlsx", b"bukan excel sama sekali", "bukan berkas XLSX yang sah"),
    ],
)
def test_upload_of_the_wrong_kind_is_refused_on_the_form(
    client_for, manager, program, name, content, message
):
    response = client_for(manager).post(
        reverse("registry:participant_import", args=[program.public_id]),
        {"file": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_upload_larger_than_the_limit_is_refused(client_for, manager, program, settings):
    settings.MAX_UPLOAD_SIZE = 1000

    response = client_for(manager).post(
        reverse("registry:participant_import", args=[program.public_id]),
        {"file": upload([participant_row(n) for n in range(1, 50)])},
    )

    assert "terlalu besar" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_template_has_the_import_headers(client_for, viewer):
    response = client_for(viewer).get(reverse("registry:participant_import_template"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert response["Content-Type"] == XLSX
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_export_lists_participants_in_bnsp_columns(client_for, viewer, program, participant):
    response = client_for(viewer).get(reverse("registry:participant_export", args=[program.public_id]))

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("No", "NAMA ASESI", "NIK", "TEMPAT LAHIR")
    assert rows[1][1:3] == ("Siti Nurhaliza", participant.nik)
    assert rows[1][7:9] == ("3671", "36")
    assert rows[1][13] == "BLK Kota Tangerang"
