"""The productivity report: guided companies and their indicators over time, for the office's
officials only."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from .conftest import YEAR

pytestmark = pytest.mark.django_db

URL = "/produktivitas/laporan/"


def figures_of(page: str) -> list[str]:
    import re

    return re.findall(r'data-testid="figure">([^<]*)<', page)


def test_the_report_counts_the_year_and_shows_the_improvement(guidance_year, kasi, client_for):
    response = client_for(kasi).get(URL, {"year": YEAR})
    page = response.content.decode()

    assert response.status_code == 200
    # guided, opened, closed, open, cancelled, average improvement of closed cases
    assert figures_of(page) == ["3", "3", "1", "1", "1", "+18,4 %"]
    assert "PT Garmen Jatiuwung" in page and "PT Gudang Neglasari" in page
    assert "PT Serang Jaya" not in page and "BTP/099/2024" not in page
    assert "Output per jam kerja naik 18,4 % dari 0,88 menjadi 1,04 potong/orang-jam." in page
    assert 'id="productivity-chart-data"' in page
    assert page.count('data-testid="series-row"') == 2  # the closed case's two periods
    assert "C · Industri pengolahan" in page and "H · Pengangkutan dan pergudangan" in page


def test_the_chart_follows_a_chosen_company_over_all_its_periods(guidance_year, kasi, client_for):
    response = client_for(kasi).get(
        URL, {"year": YEAR, "perusahaan": str(guidance_year["garmen"].public_id), "indikator": "per_worker"}
    )

    chart = response.context["report"].chart
    assert chart["labels"] == [f"Jan {YEAR}", f"Jun {YEAR}"]
    assert chart["title"] == "Output per pekerja"
    assert chart["series"][0]["data"] == [150.0, 177.5]


def test_an_office_without_data_says_so(outsider, client_for):
    page = client_for(outsider).get(URL).content.decode()

    assert "Tidak ada data untuk filter ini." in page


def test_the_report_is_for_the_offices_officials_only(
    guidance_year, disnaker, outsider, make_user, client_for
):
    nobody = make_user("tamu")
    assert client_for(nobody).get(URL).status_code == 403
    response = client_for(outsider).get(URL, {"organization": str(disnaker.public_id)})
    assert response.status_code == 403
    assert "PT Garmen Jatiuwung" not in response.content.decode()
    assert (
        client_for(outsider)
        .get(reverse("productivity:report_xlsx"), {"organization": str(disnaker.public_id)})
        .status_code
        == 403
    )


def test_the_report_reads_in_a_fixed_number_of_queries(
    guidance_year, make_company, make_case, kasi, client_for, django_assert_max_num_queries
):
    client = client_for(kasi)
    client.get(URL, {"year": YEAR})
    for number in range(10):
        make_case(make_company(name=f"PT Tambahan {number}"), number=f"BTP/1{number:02}/2025")

    with django_assert_max_num_queries(14):
        response = client.get(URL, {"year": YEAR})

    assert response.status_code == 200
    assert "PT Tambahan 9" in response.content.decode()


def test_the_table_downloads_as_a_workbook(guidance_year, kadis, client_for):
    from openpyxl import load_workbook

    response = client_for(kadis).get(reverse("productivity:report_xlsx"), {"year": YEAR})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    garmen = next(row for row in rows if row and row[0] == "PT Garmen Jatiuwung")
    assert garmen[4] == "BTP/001/2025" and garmen[5] == "Selesai"
    assert garmen[6].startswith("Output per jam kerja naik 18,4 %")
