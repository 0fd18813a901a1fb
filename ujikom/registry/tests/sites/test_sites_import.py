"""Excel import (all or nothing, every bad row reported) and export of TUKs and assessors."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from ujikom.core.models import RoleAssignment, User
from ujikom.registry.imports_sites import ImportRejected, import_assessors, import_test_sites
from ujikom.registry.models import Assessor, TestSite
from ujikom.registry.spreadsheets import write_xlsx

pytestmark = pytest.mark.django_db

SITE_HEADERS = ["Kode", "Nama", "Jenis", "Alamat", "Kode Kota", "Kapasitas", "Sarana", "Terverifikasi Sampai"]
ASSESSOR_HEADERS = [
    "Nama",
    "Email",
    "No. MET",
    "Berlaku Sampai",
    "No. SK",
    "SK Mulai",
    "SK Sampai",
    "Kode Skema",
]


def _xlsx(headers, rows) -> bytes:
    return write_xlsx(headers, rows)


def test_sites_are_imported_and_a_known_code_updates_its_site(disnaker, disnaker_admin, make_site):
    make_site(code="TUK-B", name="Nama Lama", capacity=5)
    content = _xlsx(
        SITE_HEADERS,
        [
            [
                "TUK-A",
                "TUK Mandiri Disnaker",
                "Mandiri",
                "Jl. Perintis Kemerdekaan No. 1",
                "3671",
                "40",
                "Bengkel las",
                "31 Desember 2027",
            ],
            ["TUK-B", "TUK Sewaktu Aula", "TUK Sewaktu", "Jl. Kisamaun", "36.71", "25", "", ""],
        ],
    )

    result = import_test_sites(actor=disnaker_admin, owner=disnaker, source=content, filename="tuk.xlsx")

    assert (result.created, result.updated) == (1, 1)
    mandiri = TestSite.objects.get(code="TUK-A")
    assert mandiri.verified_until == dt.date(2027, 12, 31) and mandiri.city_id == "36.71"
    assert TestSite.objects.get(code="TUK-B").name == "TUK Sewaktu Aula"


def test_a_bad_site_file_imports_nothing_and_reports_every_row(disnaker, disnaker_admin):
    content = _xlsx(
        SITE_HEADERS,
        [
            ["TUK-A", "TUK Baik", "Mandiri", "Jl. A", "36.71", "10", "", ""],
            ["TUK-B", "TUK Jenis Salah", "Keliling", "Jl. B", "99.99", "nol", "", ""],
            ["TUK-C", "TUK Sewaktu", "Sewaktu", "Jl. C", "", "10", "", "30 Februari 2027"],
            ["TUK-D", "TUK Sewaktu Bertanggal", "Sewaktu", "Jl. D", "", "10", "", "2027-01-01"],
        ],
    )

    with pytest.raises(ImportRejected) as rejected:
        import_test_sites(actor=disnaker_admin, owner=disnaker, source=content, filename="tuk.xlsx")

    found = {(error.row, error.column) for error in rejected.value.errors}
    assert {(3, "Jenis"), (3, "Kode Kota"), (3, "Kapasitas"), (4, "Terverifikasi Sampai")} <= found
    assert (5, "Terverifikasi Sampai") in found  # the service's rule, reported at its row and column
    assert not TestSite.objects.exists()


def test_assessors_are_imported_with_new_and_existing_people(lsp, lsp_admin, make_user, scheme, other_scheme):
    existing = make_user("rizky", email="rizky@example.id", full_name="Muhammad Rizky")
    content = _xlsx(
        ASSESSOR_HEADERS,
        [
            [
                "Muhammad Rizky",
                "rizky@example.id",
                "MET.000.002286.2018",
                "14/03/2028",
                "KEP.01",
                "2 Januari 2026",
                "",
                "SKM-PROG-01, SKM-LAS-02",
            ],
            [
                "Siti Rahmawati",
                "siti@example.id",
                "met.000.004517.2020",
                "2028-01-31",
                "KEP.01",
                "2026-01-02",
                "2027-12-31",
                "SKM-PROG-01",
            ],
        ],
    )

    result = import_assessors(actor=lsp_admin, lsp=lsp, source=content, filename="asesor.xlsx")

    assert result.created == 2
    rizky = Assessor.objects.get(user=existing)
    assert set(rizky.schemes.all()) == {scheme, other_scheme}
    siti = Assessor.objects.get(registration_number="MET.000.004517.2020")
    assert siti.user.full_name == "Siti Rahmawati" and siti.appointment_ends_on == dt.date(2027, 12, 31)
    assert RoleAssignment.objects.filter(user=siti.user, organization=lsp, role__key="assessor").exists()


def test_a_bad_assessor_file_imports_nothing_and_reports_every_row(lsp, lsp_admin, scheme):
    content = _xlsx(
        ASSESSOR_HEADERS,
        [
            [
                "Orang Baik",
                "baik@example.id",
                "MET.000.000001.2018",
                "2028-01-01",
                "KEP.01",
                "2026-01-02",
                "",
                "SKM-PROG-01",
            ],
            ["MET Salah", "met@example.id", "MET-12345", "2028-01-01", "KEP.01", "2026-01-02", "", ""],
            [
                "Skema Asing",
                "skema@example.id",
                "MET.000.000003.2018",
                "2028-01-01",
                "KEP.01",
                "2026-01-02",
                "",
                "SKM-PROG-01, SKM-TIDAK-ADA",
            ],
            [
                "Tanggal Mustahil",
                "tgl@example.id",
                "MET.000.000004.2018",
                "31 April 2028",
                "KEP.01",
                "2026-01-02",
                "",
                "",
            ],
        ],
    )

    with pytest.raises(ImportRejected) as rejected:
        import_assessors(actor=lsp_admin, lsp=lsp, source=content, filename="asesor.xlsx")

    errors = {(error.row, error.column): error.message for error in rejected.value.errors}
    assert "MET.000.002286.2018" in errors[(3, "No. MET")]
    assert "SKM-TIDAK-ADA" in errors[(4, "Kode Skema")]
    assert "tidak ada di kalender" in errors[(5, "Berlaku Sampai")]
    assert not Assessor.objects.exists()
    assert not User.objects.filter(email="baik@example.id").exists()


def test_a_service_refusal_in_the_write_phase_rolls_back_the_good_rows(
    lsp, lsp_admin, make_assessor, make_user, other_lsp
):
    # the registration number belongs to another LSP's assessor: found only while writing
    make_assessor(lsp=other_lsp, registration_number="MET.000.000009.2018")
    content = _xlsx(
        ASSESSOR_HEADERS,
        [
            [
                "Orang Baik",
                "baik@example.id",
                "MET.000.000001.2018",
                "2028-01-01",
                "KEP.01",
                "2026-01-02",
                "",
                "",
            ],
            [
                "Orang Lain",
                "lain@example.id",
                "MET.000.000009.2018",
                "2028-01-01",
                "KEP.01",
                "2026-01-02",
                "",
                "",
            ],
        ],
    )

    with pytest.raises(ImportRejected) as rejected:
        import_assessors(actor=lsp_admin, lsp=lsp, source=content, filename="asesor.xlsx")

    assert [(e.row, e.column) for e in rejected.value.errors] == [(3, "No. MET")]
    assert not User.objects.filter(email="baik@example.id").exists()
    assert Assessor.objects.count() == 1


def test_the_import_page_lists_the_errors(client_for, disnaker_admin):
    content = _xlsx(SITE_HEADERS, [["TUK-A", "TUK", "Keliling", "Jl. A", "", "10", "", ""]])
    response = client_for(disnaker_admin).post(
        reverse("registry:site_import"), {"file": SimpleUploadedFile("tuk.xlsx", content)}
    )
    assert response.status_code == 422
    assert "Jenis &quot;Keliling&quot; tidak dikenal" in response.content.decode()


def test_a_missing_column_is_reported(client_for, lsp_admin):
    content = _xlsx(["Nama", "Email"], [["A", "a@example.id"]])
    response = client_for(lsp_admin).post(
        reverse("registry:assessor_import"), {"file": SimpleUploadedFile("asesor.xlsx", content)}
    )
    assert response.status_code == 422 and "No. MET" in response.content.decode()


def test_import_needs_the_manage_permission(client_for, disnaker_tekops):
    assert client_for(disnaker_tekops).get(reverse("registry:site_import")).status_code == 403


def test_the_export_reads_back_with_the_import_headers(client_for, lsp_admin, make_assessor, scheme):
    make_assessor(schemes=(scheme,), registration_number="MET.000.002286.2018")

    response = client_for(lsp_admin).get(reverse("registry:assessor_export"))

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0] == ASSESSOR_HEADERS
    assert rows[1][2] == "MET.000.002286.2018" and rows[1][7] == "SKM-PROG-01"


def test_the_site_export_follows_the_filters(client_for, disnaker_admin, make_site):
    make_site(code="TUK-M", kind=TestSite.Kind.INDEPENDENT)
    make_site(code="TUK-S", kind=TestSite.Kind.TEMPORARY)

    response = client_for(disnaker_admin).get(reverse("registry:site_export"), {"kind": "mandiri"})

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert [row[0] for row in rows[1:]] == ["TUK-M"] and rows[1][2] == "Mandiri"
