"""Funding sources: detail page, Excel export that reads back, and an all-or-nothing Excel import."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ujikom.registry.imports_schemes import (
    FUNDING_HEADERS,
    SchemeImportRejected,
    export_funding_sources,
    import_funding_sources,
)
from ujikom.registry.models import FundingSource
from ujikom.registry.services_schemes import create_funding_source
from ujikom.registry.spreadsheets import write_xlsx

GOOD_ROWS = [
    ["APBD-TNG", "APBD Kota Tangerang", "APBD", "", "Ya"],
    ["csr-01", "CSR PT Sinar Presisi", "Perusahaan", "", ""],
    ["MANDIRI", "Biaya sendiri peserta", "Mandiri", "", "Tidak"],
]


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    return write_xlsx(FUNDING_HEADERS, rows)


def _upload(rows: Sequence[Sequence[object]]) -> SimpleUploadedFile:
    return SimpleUploadedFile("sumber.xlsx", _xlsx(rows))


def test_a_workbook_creates_the_organizations_funding_sources(disnaker, disnaker_kasi):
    result = import_funding_sources(organization=disnaker, actor=disnaker_kasi, source=_xlsx(GOOD_ROWS))

    assert result.created == ["APBD-TNG", "CSR-01", "MANDIRI"]
    sources = {item.code: item for item in FundingSource.objects.filter(organization=disnaker)}
    assert sources["CSR-01"].kind == FundingSource.Kind.COMPANY and sources["CSR-01"].is_active
    assert sources["MANDIRI"].kind == FundingSource.Kind.SELF and not sources["MANDIRI"].is_active


def test_every_bad_row_is_reported_and_nothing_is_imported(disnaker, disnaker_kasi):
    rows = [
        *GOOD_ROWS,
        ["", "Tanpa kode", "APBN", "", ""],
        ["HIBAH", "Hibah", "Sumbangan", "", "Mungkin"],
        ["APBD-TNG", "", "APBD", "", ""],
    ]

    with pytest.raises(SchemeImportRejected) as rejected:
        import_funding_sources(organization=disnaker, actor=disnaker_kasi, source=_xlsx(rows))

    found = {(error.row, error.column) for error in rejected.value.errors}
    assert found == {(5, "Kode"), (6, "Jenis"), (6, "Aktif"), (7, "Kode"), (7, "Nama")}
    messages = " ".join(error.message for error in rejected.value.errors)
    assert "Sumbangan" in messages and "baris 2" in messages
    assert not FundingSource.objects.filter(organization=disnaker).exists()


def test_importing_again_updates_the_existing_source(disnaker, disnaker_kasi):
    import_funding_sources(organization=disnaker, actor=disnaker_kasi, source=_xlsx(GOOD_ROWS[:1]))

    result = import_funding_sources(
        organization=disnaker,
        actor=disnaker_kasi,
        source=_xlsx([["APBD-TNG", "APBD Kota Tangerang 2025", "APBD", "010", "Ya"]]),
    )

    assert result.updated == ["APBD-TNG"] and not result.created
    source = FundingSource.objects.get(organization=disnaker, code="APBD-TNG")
    assert (source.name, source.ministry_code) == ("APBD Kota Tangerang 2025", "010")


def test_a_code_written_twice_in_the_file_imports_nothing(system_admin):
    with pytest.raises(SchemeImportRejected):
        import_funding_sources(
            organization=None,
            actor=system_admin,
            source=_xlsx([["NEW", "Baru", "Lainnya", "", ""], ["new", "Baru lagi", "Lainnya", "", ""]]),
        )
    assert not FundingSource.objects.filter(code="NEW").exists()


def test_only_a_system_administrator_imports_shared_sources(disnaker_kasi):
    with pytest.raises(SchemeImportRejected) as rejected:
        import_funding_sources(organization=None, actor=disnaker_kasi, source=_xlsx(GOOD_ROWS))

    assert "administrator sistem" in rejected.value.errors[0].message
    assert not FundingSource.objects.exists()


def test_export_reads_back_as_the_same_sources(disnaker, disnaker_kasi, other_lsp, system_admin):
    import_funding_sources(organization=disnaker, actor=disnaker_kasi, source=_xlsx(GOOD_ROWS))
    exported = export_funding_sources(sources=FundingSource.objects.filter(organization=disnaker))

    FundingSource.objects.all().delete()
    import_funding_sources(organization=other_lsp, actor=system_admin, source=exported)

    copied = FundingSource.objects.filter(organization=other_lsp).order_by("code")
    assert [(item.code, item.kind, item.is_active) for item in copied] == [
        ("APBD-TNG", "apbd", True),
        ("CSR-01", "company", True),
        ("MANDIRI", "self", False),
    ]


def test_the_import_page_lists_row_errors_and_imports_good_files(client_for, disnaker_kasi, disnaker):
    client = client_for(disnaker_kasi)
    url = reverse("registry:funding_import")

    bad = client.post(url, {"file": _upload([["X", "", "APBN", "", ""]])}).content.decode()
    assert 'data-testid="import-errors"' in bad and "Nama sumber anggaran wajib diisi." in bad
    assert not FundingSource.objects.exists()

    response = client.post(url, {"file": _upload(GOOD_ROWS), "shared": "on"})
    assert response.status_code == 302
    # A member of an organization cannot make them shared, even by posting the field.
    assert FundingSource.objects.filter(organization=disnaker).count() == 3


def test_a_system_administrator_imports_shared_sources_on_the_page(client_for, system_admin):
    response = client_for(system_admin).post(
        reverse("registry:funding_import"), {"file": _upload(GOOD_ROWS), "shared": "on"}
    )

    assert response.status_code == 302
    assert FundingSource.objects.filter(organization__isnull=True).count() == 3


def test_a_member_without_the_permission_cannot_import(client_for, lsp_assessor):
    client = client_for(lsp_assessor)

    assert client.get(reverse("registry:funding_import")).status_code == 403
    assert client.get(reverse("registry:funding_import_template")).status_code == 403


def test_the_export_downloads_what_the_list_shows(client_for, system_admin, disnaker_kasi, disnaker, lsp):
    create_funding_source(actor=system_admin, organization=None, code="APBN", name="APBN Pusat", kind="apbn")
    create_funding_source(
        actor=system_admin, organization=disnaker, code="APBD", name="APBD Kota", kind="apbd"
    )
    create_funding_source(actor=system_admin, organization=lsp, code="LSP-01", name="Dana LSP", kind="other")

    response = client_for(disnaker_kasi).get(reverse("registry:funding_export"), {"q": "apb"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert codes == ["APBD", "APBN"]


def test_the_list_is_searched_by_code_or_name(client_for, system_admin, disnaker_kasi, disnaker):
    create_funding_source(actor=system_admin, organization=None, code="APBN", name="APBN Pusat", kind="apbn")
    create_funding_source(
        actor=system_admin, organization=disnaker, code="CSR", name="Dana CSR", kind="company"
    )

    page = client_for(disnaker_kasi).get(reverse("registry:funding_list"), {"q": "csr"}).content.decode()

    assert "Dana CSR" in page and "APBN Pusat" not in page


def test_the_detail_shows_a_shared_or_own_source_and_hides_another_organizations(
    client_for, system_admin, disnaker_kasi, disnaker, lsp, lsp_chair, lsp_assessor
):
    shared = create_funding_source(
        actor=system_admin, organization=None, code="APBN", name="APBN Pusat", kind="apbn"
    )
    own = create_funding_source(
        actor=system_admin,
        organization=disnaker,
        code="APBD",
        name="APBD Kota",
        kind="apbd",
        ministry_code="010",
    )
    client = client_for(disnaker_kasi)

    page = client.get(reverse("registry:funding_detail", args=[own.pk])).content.decode()
    assert "APBD Kota" in page and "010" in page and reverse("registry:funding_edit", args=[own.pk]) in page
    shared_page = client.get(reverse("registry:funding_detail", args=[shared.pk])).content.decode()
    assert (
        "APBN Pusat" in shared_page and reverse("registry:funding_edit", args=[shared.pk]) not in shared_page
    )
    assert client_for(lsp_chair).get(reverse("registry:funding_detail", args=[own.pk])).status_code == 404
    assert (
        client_for(lsp_assessor).get(reverse("registry:funding_detail", args=[shared.pk])).status_code == 403
    )
