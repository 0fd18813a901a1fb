"""/api/v1/reports/period and /api/v1/reports/exports: the same figures as JSON, exports with their
status and file, 403 for an organization not allowed and 422 naming the wrong period field."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from ujikom.core.tokens import create_token
from ujikom.reports.models import ReportExport

from .conftest import YEAR, make_event, register

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, secret = create_token(user=user, name="tes")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_json_gives_the_figures_counted_from_the_data(world, expected, ketua):
    response = api(ketua).get(
        "/api/v1/reports/period",
        {"organization": str(world.lsp.public_id), "period": "quarter", "year": YEAR, "number": 1},
    )

    assert response.status_code == 200
    data = response.json()
    counts = expected(world, world.lsp, dt.date(YEAR, 1, 1), dt.date(YEAR, 3, 31))
    totals = data["totals"]
    assert (totals["registered"], totals["tested"], totals["competent"], totals["certified"]) == (
        counts.registered,
        counts.tested,
        counts.competent,
        counts.certified,
    )
    assert totals["target"] == counts.target and totals["pass_rate"] == counts.pass_rate
    assert data["period"] == {
        "period": "quarter",
        "year": YEAR,
        "number": 1,
        "label": "Triwulan I 2025",
        "start": "2025-01-01",
        "end": "2025-03-31",
    }
    assert data["target_is_yearly"] is True and data["empty"] is False
    assert [item["key"] for item in data["breakdowns"]] == [
        "scheme",
        "site",
        "assessor",
        "funding",
        "facilitator",
        "program",
    ]
    assessor_rows = data["breakdowns"][2]["rows"]
    assert all(row["registered"] is None for row in assessor_rows)


def test_a_scheme_matching_nothing_says_so(world, ketua):
    data = api(ketua).get("/api/v1/reports/period", {"year": YEAR, "scheme": "TIDAK-ADA"}).json()

    assert data["empty"] is True and data["message"] == "Tidak ada data untuk filter ini."
    assert data["totals"]["registered"] == 0 and data["totals"]["pass_rate"] is None


def test_another_organization_is_refused(world, ketua, candidate):
    refused = api(ketua).get("/api/v1/reports/period", {"organization": str(world.other_lsp.public_id)})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Anda tidak berhak melihat laporan organisasi tersebut."
    assert api(candidate).get("/api/v1/reports/period").status_code == 403
    export = api(ketua).post(
        "/api/v1/reports/exports",
        {"kind": "period", "format": "xlsx", "organization": str(world.other_lsp.public_id)},
        content_type="application/json",
    )
    assert export.status_code == 403 and not ReportExport.objects.exists()


@pytest.mark.parametrize(
    ("params", "loc", "message"),
    [
        ({"period": "minggu"}, "query.period", "Periode harus bulan, triwulan atau tahun."),
        ({"year": "abc"}, "query.year", "Tahun harus berupa angka, misalnya"),
        ({"period": "month", "year": YEAR, "number": 0}, "query.number", "Bulan harus 1 sampai 12."),
    ],
)
def test_a_wrong_period_is_a_422_naming_the_field(world, ketua, params, loc, message):
    response = api(ketua).get("/api/v1/reports/period", params)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == loc and error["msg"].startswith(message)


def test_an_export_is_made_in_the_background_and_downloaded(
    world, ketua, numbered, django_capture_on_commit_callbacks
):
    client = api(ketua)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/exports",
            {"kind": "period", "format": "xlsx", "organization": str(world.lsp.public_id), "year": str(YEAR)},
            content_type="application/json",
        )

    assert response.status_code == 202
    started = response.json()
    assert started["status"] == "queued" and started["download_url"] is None
    status = client.get(started["status_url"]).json()
    assert status["status"] == "done" and status["done"] == status["total"] > 0
    download = client.get(status["download_url"])
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    figures = client.get(
        "/api/v1/reports/period", {"organization": str(world.lsp.public_id), "year": YEAR}
    ).json()
    assert summary["Terdaftar"] == figures["totals"]["registered"] == 20
    assert summary["Bersertifikat"] == figures["totals"]["certified"]


def test_a_wrong_export_request_is_refused_with_the_field(world, ketua):
    client = api(ketua)

    bad_period = client.post(
        "/api/v1/reports/exports",
        {"kind": "period", "format": "pdf", "period": "quarter", "year": str(YEAR), "number": "7"},
        content_type="application/json",
    )
    bad_format = client.post(
        "/api/v1/reports/exports", {"kind": "period", "format": "docx"}, content_type="application/json"
    )

    assert bad_period.status_code == 422
    assert bad_period.json()["detail"] == [{"loc": "body.number", "msg": "Triwulan harus 1 sampai 4."}]
    assert bad_format.status_code == 422 and bad_format.json()["detail"][0]["loc"] == "body.format"
    assert not ReportExport.objects.exists()


def test_an_export_of_someone_else_is_not_found(world, ketua, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        started = (
            api(ketua)
            .post(
                "/api/v1/reports/exports",
                {"kind": "period", "format": "xlsx"},
                content_type="application/json",
            )
            .json()
        )

    assert api(outsider).get(started["status_url"]).status_code == 404
    assert api(outsider).get(f"{started['status_url']}/file").status_code == 404


def test_the_json_takes_a_fixed_number_of_queries(world, ketua, django_assert_max_num_queries):
    client = api(ketua)
    params = {"organization": str(world.lsp.public_id), "year": YEAR}
    client.get("/api/v1/reports/period", params)
    with django_assert_max_num_queries(30) as small:
        client.get("/api/v1/reports/period", params)
    for index in range(4):
        event = make_event(world, f"more-{index}", dt.date(YEAR, 10, 1 + index), site=world.sites["lsp"])
        register(world, event, [("accepted", "BK", 0, "plt1", 0)] * 5)

    with django_assert_max_num_queries(len(small.captured_queries)):
        data = client.get("/api/v1/reports/period", params).json()
    assert data["totals"]["registered"] == 20 + 4 * 5
