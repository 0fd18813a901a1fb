"""The page /laporan/periode/: filters, figures, empty and wrong filters, who may see it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from .conftest import YEAR, make_event, register

pytestmark = pytest.mark.django_db

URL = "/laporan/periode/"


def figures_on(page: str) -> list[str]:
    """The summary cards' figures, in order."""
    marker = 'data-testid="figure">'
    return [part.split("<", 1)[0] for part in page.split(marker)[1:]]


def test_the_page_shows_the_same_figures_as_a_count_of_the_data(world, expected, ketua, client_for):
    counts = expected(world, world.lsp, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))

    response = client_for(ketua).get(URL, {"period": "year", "year": YEAR})

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("reports:period") == URL
    assert figures_on(page) == [
        str(counts.target),
        str(counts.registered),
        str(counts.tested),
        str(counts.competent),
        str(counts.tested - counts.competent),
        str(counts.certified),
        "80,0%",
        "16,7%",
    ]
    for table in ("scheme", "site", "assessor", "funding", "facilitator", "program"):
        assert f'data-testid="breakdown-{table}"' in page
    assert "Tanpa sumber anggaran" in page and "Tanpa instansi fasilitator" in page
    chart = page.split('id="period-chart-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(chart)
    assert data["labels"] == ["SKM-JWD", "SKM-OKM"]
    assert [series["data"] for series in data["series"]][1] == [7, 13]  # registered by scheme
    assert "Unduh Excel" in page and "Unduh PDF" in page


def test_the_menu_offers_the_report_to_those_who_may_see_it(world, ketua, candidate, client_for):
    assert "Laporan periode" in client_for(ketua).get("/").content.decode()
    assert "Laporan periode" not in client_for(candidate).get("/").content.decode()


def test_a_quarter_says_the_target_is_yearly(world, ketua, client_for):
    page = client_for(ketua).get(URL, {"period": "quarter", "year": YEAR, "number": 3}).content.decode()

    assert "Triwulan III 2025" in page
    assert "Target tahunan" in page and 'data-testid="yearly-target"' in page
    assert figures_on(page)[1:4] == ["7", "3", "3"]


def test_a_filter_matching_nothing_says_so(world, ketua, client_for):
    page = client_for(ketua).get(URL, {"period": "month", "year": YEAR, "number": 6}).content.decode()

    assert "Tidak ada data untuk filter ini." in page
    assert 'data-testid="summary"' not in page


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"period": "week"}, "period", "Periode harus bulan, triwulan atau tahun."),
        ({"year": "dua ribu"}, "year", "Tahun harus berupa angka"),
        ({"year": "1990"}, "year", "Tahun harus antara 2000 dan"),
        ({"period": "month", "year": YEAR, "number": "13"}, "number", "Bulan harus 1 sampai 12."),
        ({"period": "quarter", "year": YEAR, "number": "5"}, "number", "Triwulan harus 1 sampai 4."),
        ({"scheme": "TIDAK-ADA", "year": YEAR}, "scheme", "tidak ada dalam laporan organisasi ini"),
    ],
)
def test_a_wrong_filter_shows_the_message_next_to_the_field_and_no_figures(
    world, ketua, client_for, params, field, message
):
    response = client_for(ketua).get(URL, params)

    assert response.status_code == 200
    page = response.content.decode()
    errors = page.split('data-testid="filter-error">')
    assert len(errors) == 2 and message in errors[1]
    assert f'id="id_{field}"' in errors[0].rsplit("<label", 1)[1]
    assert 'data-testid="summary"' not in page and 'data-testid="bad-filter"' in page


def test_the_organization_filter_offers_only_the_organizations_the_user_may_see(
    world, ketua, make_user, client_for, lsp, disnaker
):
    both = make_user("kabid", roles=[(lsp, "head_certification"), (disnaker, "kabid")])
    page = client_for(both).get(URL, {"year": YEAR, "organization": str(disnaker.public_id)}).content.decode()
    assert world.disnaker.name in page.split('data-testid="report-title">')[1].split("<")[0]
    assert str(world.other_lsp.public_id) not in page

    refused = client_for(ketua).get(URL, {"year": YEAR, "organization": str(world.other_lsp.public_id)})
    assert refused.status_code == 200
    assert "Pilih organisasi dari daftar yang boleh Anda lihat." in refused.content.decode()
    assert 'data-testid="summary"' not in refused.content.decode()


def test_a_user_without_the_report_permission_is_refused(world, candidate, client_for, client):
    assert client_for(candidate).get(URL).status_code == 403
    assert client.get(URL).status_code == 302  # to the sign-in page


def test_the_page_takes_a_fixed_number_of_queries(world, ketua, client_for, django_assert_max_num_queries):
    client = client_for(ketua)
    client.get(URL, {"year": YEAR})
    with django_assert_max_num_queries(20) as small:
        client.get(URL, {"year": YEAR})
    for index in range(5):
        event = make_event(world, f"more-{index}", dt.date(YEAR, 9, 1 + index))
        register(world, event, [("accepted", "K", 1, "plt2", 1)] * 4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL, {"year": YEAR})
