"""Exports of the period report: the job's progress and download, the xlsx and the numbered PDF
showing the same numbers as the JSON, failures in Indonesian, and who may see an export."""

from __future__ import annotations

import io
import subprocess

import pytest
from openpyxl import load_workbook

from ujikom.documents.services import open_file
from ujikom.reports.models import ReportExport

from .conftest import YEAR

pytestmark = pytest.mark.django_db

PARAMS = {"period": "year", "year": str(YEAR), "number": "", "scheme": ""}


def request_export(client, organization, format, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/laporan/periode/ekspor/",
            {**PARAMS, **params, "organization": str(organization.public_id), "format": format},
        )
    assert response.status_code == 302
    return ReportExport.objects.get(public_id=response.url.rstrip("/").split("/")[-1]), response.url


def report_json(client, organization, **params):
    response = client.get(
        "/api/v1/reports/period", {**PARAMS, **params, "organization": str(organization.public_id)}
    )
    assert response.status_code == 200
    return response.json()


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_xlsx_export_shows_the_same_numbers_as_the_json(
    world, ketua, client_for, django_capture_on_commit_callbacks
):
    client = client_for(ketua)

    export, url = request_export(client, world.lsp, "xlsx", django_capture_on_commit_callbacks)

    assert export.status == "done" and export.done == export.total > 0
    page = client.get(url).content.decode()
    assert "Selesai" in page and 'data-testid="download"' in page and "hx-trigger" not in page
    download = client.get(f"{url}unduh/")
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(content_of(download)))
    data = report_json(client, world.lsp)
    assert workbook.sheetnames == [
        "Ringkasan",
        "Skema",
        "TUK",
        "Asesor",
        "Sumber anggaran",
        "Instansi fasilitator",
        "Program pelatihan",
    ]
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    totals = data["totals"]
    assert summary["Organisasi"] == world.lsp.name and summary["Periode"] == "Tahun 2025"
    assert summary["Target"] == totals["target"] == 60
    assert summary["Terdaftar"] == totals["registered"] == 20
    assert summary["Teruji"] == totals["tested"]
    assert summary["Kompeten (K)"] == totals["competent"]
    assert summary["Belum kompeten (BK)"] == totals["not_competent"]
    assert summary["Bersertifikat"] == totals["certified"]
    assert summary["Tingkat kelulusan"] == pytest.approx(totals["pass_rate"] / 100)
    rate_cell = next(
        row[1] for row in workbook["Ringkasan"].iter_rows() if row[0].value == "Tingkat kelulusan"
    )
    assert rate_cell.number_format == "0.0%"

    sheet = list(workbook["Skema"].iter_rows(values_only=True))
    assert sheet[0][:4] == ("Kode", "Nama", "Target", "Terdaftar")
    rows = {row["key"]: row for row in data["breakdowns"][0]["rows"]}
    for code, _name, target, registered, tested, competent, not_competent, certified, rate, _real in sheet[
        1:
    ]:
        assert (target, registered, tested, competent, not_competent, certified) == (
            rows[code]["target"],
            rows[code]["registered"],
            rows[code]["tested"],
            rows[code]["competent"],
            rows[code]["not_competent"],
            rows[code]["certified"],
        )
        assert rate == pytest.approx(rows[code]["pass_rate"] / 100)
    assessors = list(workbook["Asesor"].iter_rows(values_only=True))
    assert "Terdaftar" not in assessors[0]
    assert workbook["Skema"].column_dimensions["B"].width == 48


def test_the_pdf_report_is_numbered_and_shows_the_same_totals(
    world, ketua, numbered, client_for, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(ketua)

    export, url = request_export(client, world.lsp, "pdf", django_capture_on_commit_callbacks)

    assert export.status == "done", export.message
    assert export.number.startswith("001/LAP/LSP-STMI/")
    page = client.get(url).content.decode()
    assert export.number in page
    path = tmp_path / "laporan.pdf"
    path.write_bytes(content_of(client.get(f"{url}unduh/")))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert export.number in text
    assert "LAPORAN UJI KOMPETENSI DAN SERTIFIKASI — TAHUN 2025" in text
    assert world.lsp.name.upper() in text
    lines = {" ".join(line.split()[:-1]): line.split()[-1] for line in text.splitlines() if line.split()}
    totals = report_json(client, world.lsp)["totals"]
    assert lines["Target"] == str(totals["target"])
    assert lines["Terdaftar"] == str(totals["registered"])
    assert lines["Teruji"] == str(totals["tested"])
    assert lines["Kompeten (K)"] == str(totals["competent"])
    assert lines["Bersertifikat"] == str(totals["certified"])
    assert lines["Tingkat kelulusan"] == "80,0%"
    assert "Halaman 1 dari" in text
    assert "Per skema sertifikasi" in text and "Peserta program pelatihan" in text
    assert "Capaian per skema sertifikasi" in text and "Tingkat kelulusan per skema sertifikasi" in text
    assert "Dr. Wahyu Hidayat" in text  # the LSP chair signs
    with open_file(export.file) as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_xlsx_carries_the_number_of_the_pdf_of_the_same_report(
    world, ketua, numbered, client_for, django_capture_on_commit_callbacks
):
    client = client_for(ketua)
    pdf, _url = request_export(client, world.lsp, "pdf", django_capture_on_commit_callbacks)

    xlsx, url = request_export(client, world.lsp, "xlsx", django_capture_on_commit_callbacks)

    workbook = load_workbook(io.BytesIO(content_of(client.get(f"{url}unduh/"))))
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Nomor laporan"] == pdf.number == xlsx.number


def test_without_a_numbering_pattern_the_pdf_fails_with_the_reason(
    world, ketua, client_for, django_capture_on_commit_callbacks
):
    client = client_for(ketua)

    export, url = request_export(client, world.lsp, "pdf", django_capture_on_commit_callbacks)

    assert export.status == "failed" and export.file is None
    page = client.get(url).content.decode()
    assert 'data-testid="export-error"' in page and "Belum ada pola penomoran" in page
    assert client.get(f"{url}unduh/").status_code == 404


def test_a_running_export_shows_its_progress_and_polls(world, ketua, client_for):
    export = ReportExport.objects.create(
        organization=world.lsp,
        kind="period",
        params=PARAMS,
        format="xlsx",
        status="running",
        done=3,
        total=9,
        requested_by=ketua,
    )
    client = client_for(ketua)

    page = client.get(f"/laporan/ekspor/{export.public_id}/").content.decode()
    fragment = client.get(f"/laporan/ekspor/{export.public_id}/", headers={"HX-Request": "true"})

    assert "3 dari 9 langkah" in page and 'hx-trigger="every 1s"' in page
    assert 'value="3"' in page and 'data-testid="download"' not in page
    assert fragment.content.decode().lstrip().startswith('<div id="export-status"')


def test_a_wrong_filter_or_format_starts_no_export(
    world, ketua, client_for, django_capture_on_commit_callbacks
):
    client = client_for(ketua)

    with django_capture_on_commit_callbacks(execute=True):
        wrong_year = client.post(
            "/laporan/periode/ekspor/", {**PARAMS, "year": "20x5", "format": "xlsx"}, follow=True
        )
        wrong_format = client.post("/laporan/periode/ekspor/", {**PARAMS, "format": "docx"}, follow=True)

    assert "Tahun harus berupa angka" in wrong_year.content.decode()
    assert "Format harus xlsx atau pdf." in wrong_format.content.decode()
    assert not ReportExport.objects.exists()


def test_only_the_requester_or_a_report_viewer_of_the_organization_sees_an_export(
    world, ketua, candidate, outsider, make_user, lsp, client_for, django_capture_on_commit_callbacks
):
    export, url = request_export(client_for(ketua), world.lsp, "xlsx", django_capture_on_commit_callbacks)
    colleague = make_user("kabid.sert", roles=[(lsp, "head_certification")])

    assert client_for(colleague).get(f"{url}unduh/").status_code == 200
    for stranger in (candidate, outsider):
        assert client_for(stranger).get(url).status_code == 404
        assert client_for(stranger).get(f"{url}unduh/").status_code == 404
