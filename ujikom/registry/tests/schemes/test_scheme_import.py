"""Excel import of schemes with units is all or nothing; the export reads back as the same schemes."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ujikom.registry.imports_schemes import HEADERS, SchemeImportRejected, export_schemes, import_schemes
from ujikom.registry.models import Scheme
from ujikom.registry.selectors_schemes import scheme_with_units
from ujikom.registry.spreadsheets import write_xlsx

GOOD_ROWS = [
    [
        "SKM-OKM-02",
        "Operator Komputer Muda",
        "KKNI",
        "II",
        "3",
        "J.620100.035.01",
        "Mengoperasikan Pengolah Kata",
    ],
    ["SKM-OKM-02", "", "", "", "", "J.620100.036.01", "Mengoperasikan Lembar Sebar"],
    [
        "SKM-JWD-01",
        "Junior Web Developer",
        "Okupasi",
        "",
        "3",
        "J.620100.004.02",
        "Menggunakan Struktur Data",
    ],
    [
        "SKM-JWD-01",
        "Junior Web Developer",
        "Okupasi",
        "",
        "3",
        "J.620100.017.02",
        "Mengimplementasikan Pemrograman Terstruktur",
    ],
]


def _xlsx(rows: list[list[object]]) -> bytes:
    return write_xlsx(HEADERS[:7], rows)


def test_a_workbook_creates_schemes_with_their_units(lsp, lsp_chair):
    result = import_schemes(organization=lsp, actor=lsp_chair, source=_xlsx(GOOD_ROWS))

    assert result.created == ["SKM-OKM-02", "SKM-JWD-01"] and result.units == 4
    operator = Scheme.objects.get(code="SKM-OKM-02")
    assert (operator.kind, operator.kkni_level, operator.validity_years) == (Scheme.Kind.KKNI, 2, 3)
    assert list(operator.units.order_by("position").values_list("code", flat=True)) == [
        "J.620100.035.01",
        "J.620100.036.01",
    ]


def test_every_bad_row_is_reported_and_nothing_is_imported(lsp, lsp_chair):
    rows = [
        *GOOD_ROWS,
        ["SKM-X-01", "Skema Salah", "Sertifikat", "", "3", "J.620100.001.01", "Unit A"],
        ["SKM-Y-01", "", "Okupasi", "", "3", "J.620100.001.01", "Unit B"],
        ["SKM-Z-01", "Skema Z", "Okupasi", "", "3", "J.6201.001", "Unit C"],
    ]

    with pytest.raises(SchemeImportRejected) as caught:
        import_schemes(organization=lsp, actor=lsp_chair, source=_xlsx(rows))

    found = {(e.row, e.column): e.message for e in caught.value.errors}
    assert "Jenis skema “Sertifikat” tidak dikenal" in found[(6, "Jenis")]
    assert found[(7, "Nama Skema")] == "Nama skema wajib diisi."
    assert "Kode unit “J.6201.001” tidak sah" in found[(8, "Kode Unit")]
    assert not Scheme.objects.exists()


def test_an_error_found_while_saving_rolls_back_the_schemes_saved_before_it(lsp, lsp_chair, other_lsp):
    rows = [*GOOD_ROWS, ["SKM-KKNI", "Skema tanpa jenjang", "KKNI", "", "", "J.620100.001.01", "Unit A"]]

    with pytest.raises(SchemeImportRejected) as caught:
        import_schemes(organization=lsp, actor=lsp_chair, source=_xlsx(rows))

    assert [(e.row, e.column) for e in caught.value.errors] == [(6, "Jenjang")]
    assert not Scheme.objects.exists()


def test_a_missing_column_is_reported_at_the_header(lsp, lsp_chair):
    content = write_xlsx(["Kode Skema", "Nama Skema", "Jenis"], [["A", "B", "KKNI"]])

    with pytest.raises(SchemeImportRejected) as caught:
        import_schemes(organization=lsp, actor=lsp_chair, source=content)

    assert {e.column for e in caught.value.errors} == {"Kode Unit", "Judul Unit"}


def test_export_reads_back_as_the_same_schemes(lsp, lsp_chair, other_lsp, other_chair):
    import_schemes(organization=lsp, actor=lsp_chair, source=_xlsx(GOOD_ROWS))
    Scheme.objects.get(code="SKM-JWD-01").units.filter(position=1).update(
        elements=["Elemen satu", "Elemen dua"]
    )

    exported = export_schemes(schemes=scheme_with_units().filter(organization=lsp).order_by("code"))
    import_schemes(organization=other_lsp, actor=other_chair, source=exported)

    def snapshot(organization):
        return [
            (
                s.code,
                s.name,
                s.kind,
                s.kkni_level,
                s.validity_years,
                [(u.code, u.title, u.elements) for u in s.units.all()],
            )
            for s in scheme_with_units().filter(organization=organization).order_by("code")
        ]

    assert snapshot(other_lsp) == snapshot(lsp)
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_importing_again_updates_the_existing_scheme(lsp, lsp_chair):
    import_schemes(organization=lsp, actor=lsp_chair, source=_xlsx(GOOD_ROWS))
    rows = [["SKM-OKM-02", "Operator Komputer Muda", "KKNI", "2", "5", "J.620100.035.01", "Pengolah Kata"]]

    result = import_schemes(organization=lsp, actor=lsp_chair, source=_xlsx(rows))

    assert result.updated == ["SKM-OKM-02"]
    operator = Scheme.objects.get(code="SKM-OKM-02")
    assert operator.validity_years == 5 and operator.units.count() == 1


def test_the_import_page_lists_row_errors(client_for, lsp_chair):
    upload = SimpleUploadedFile("skema.xlsx", _xlsx([["SKM-1", "", "Okupasi", "", "", "X.1", "Judul"]]))

    response = client_for(lsp_chair).post(reverse("registry:scheme_import"), {"file": upload})

    page = response.content.decode()
    assert "Tidak ada yang diimpor: 2 kesalahan" in page
    assert "Nama skema wajib diisi." in page and "Kode unit “X.1” tidak sah" in page


def test_the_import_page_imports_and_export_downloads(client_for, lsp_chair, lsp_assessor):
    client = client_for(lsp_chair)
    upload = SimpleUploadedFile("skema.xlsx", _xlsx(GOOD_ROWS))

    response = client.post(reverse("registry:scheme_import"), {"file": upload})
    download = client.get(reverse("registry:scheme_export"), {"q": "JWD"})

    assert response.status_code == 302 and Scheme.objects.count() == 2
    rows = list(load_workbook(io.BytesIO(download.content)).active.values)
    assert [row[0] for row in rows[1:]] == ["SKM-JWD-01", "SKM-JWD-01"]
    assert client_for(lsp_assessor).get(reverse("registry:scheme_import")).status_code == 403
    assert client_for(lsp_assessor).get(reverse("registry:scheme_export")).status_code == 403
