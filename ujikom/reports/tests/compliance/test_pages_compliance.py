"""The SOP time compliance page, its late-runs drill-down and the same figures in the API."""

from __future__ import annotations

import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ujikom.sop.models import StepRun

from .conftest import HOUR, at

pytestmark = pytest.mark.django_db

PAGE = reverse("reports:compliance")
API = "/api/v1/reports/sop-compliance"
YEAR_2026 = {"period": "year", "year": "2026"}

STEP_1 = [3000, 9000, 20000, 16000]  # 4 jam: 2 late
STEP_2 = [40000, 50000, 10000, 36000]  # 1 hari: 3 late


@pytest.fixture
def four_runs(compliance_sop, build_runs):
    return build_runs(
        compliance_sop,
        [
            [(1, STEP_1[i], at(2026, 2, 2 + 7 * i, 10)), (2, STEP_2[i], at(2026, 2, 3 + 7 * i, 15))]
            for i in range(4)
        ],
    )


def late_url(step_id: int, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {**YEAR_2026, **params}.items())
    return reverse("reports:compliance_late", args=[step_id]) + "?" + query


def test_the_page_shows_each_step_and_names_the_slowest_step(client_for, kabid, four_runs):
    response = client_for(kabid).get(PAGE, YEAR_2026)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="compliance-step"') == 2
    # Step 2: median of 10,000 36,000 40,000 50,000 = 38,000 s = 1 hari kerja 2 jam 33 menit.
    assert statistics.median(STEP_2) == 38000
    assert (
        "Langkah paling lambat: UJI/KEPATUHAN-1 langkah 2 — Menyusun rekap hasil uji kompetensi, "
        "median 1 hari kerja 2 jam 33 menit terhadap standar 1 hari kerja" in " ".join(page.split())
    )
    assert "75,0%" in page  # 3 of 4 late at step 2
    assert "50,0%" in page  # 2 of 4 at step 1
    assert page.count('data-testid="bottleneck"') == 1
    assert "Peringkat hambatan dalam tiap SOP: median waktu kerja dibagi standar" in page
    assert reverse("reports:compliance_late", args=[four_runs.step_runs[1].step_id]) in page


def test_the_drill_down_lists_exactly_the_late_runs_of_the_step_and_who_held_them(
    client_for, kabid, four_runs
):
    step_id = four_runs.step_runs[1].step_id
    late = [sr for sr in four_runs.step_runs if sr.step_id == step_id and sr.working_seconds > 8 * HOUR]

    response = client_for(kabid).get(late_url(step_id))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="late-run"') == len(late) == 3
    for step_run in late:
        assert step_run.run.title in page
        assert reverse("sop:run_detail", args=[step_run.run.public_id]) in page
    on_time = next(sr for sr in four_runs.step_runs if sr.step_id == step_id and not sr.late)
    assert on_time.run.title not in page
    assert page.count("Siti Administrasi") == 3 and page.count("Dewi Mutu") == 3
    assert page.count("ditawarkan kepada Bagian Administrasi di Dinas Ketenagakerjaan Kota Tangerang") == 3
    assert "Skema Operator Komputer Muda" in page
    # 50,000 s against 28,800 s: 21,200 s overdue = 5 jam 53 menit.
    assert "5 jam 53 menit" in page


def test_a_person_without_reports_view_is_refused(client_for, clerk, four_runs):
    assert client_for(clerk).get(PAGE, YEAR_2026).status_code == 403
    assert client_for(clerk).get(late_url(four_runs.step_runs[0].step_id)).status_code == 403
    assert client_for(clerk).get(API, YEAR_2026).status_code == 403


def test_another_organizations_report_is_refused(client_for, kabid, lsp, make_user, four_runs):
    outsider = make_user("ketua", roles=[(lsp, "lsp_chair")])

    assert client_for(outsider).get(late_url(four_runs.step_runs[0].step_id)).status_code == 403
    asked = client_for(kabid).get(PAGE, {**YEAR_2026, "organization": str(lsp.public_id)})
    assert asked.status_code == 403
    assert client_for(outsider).get(API, YEAR_2026).json()["empty"] is True  # its own LSP: nothing yet
    refused = client_for(outsider).get(
        API, {**YEAR_2026, "organization": str(four_runs.runs[0].organization.public_id)}
    )
    assert refused.status_code == 403
    assert "tidak berhak" in refused.json()["detail"]


def test_bad_filters_say_what_is_wrong_and_show_no_figures(client_for, kabid, four_runs):
    client = client_for(kabid)

    bad_period = client.get(PAGE, {"period": "week", "year": "2026"}).content.decode()
    bad_year = client.get(PAGE, {"period": "year", "year": "dua ribu"}).content.decode()
    bad_month = client.get(PAGE, {"period": "month", "year": "2026", "number": "13"}).content.decode()
    bad_sop = client.get(PAGE, {**YEAR_2026, "sop": "TIDAK/ADA"}).content.decode()

    assert "Periode harus bulan, triwulan atau tahun." in bad_period
    assert "Tahun harus berupa angka" in bad_year
    assert "Bulan harus 1 sampai 12." in bad_month
    assert "SOP TIDAK/ADA tidak ada di Dinas Ketenagakerjaan Kota Tangerang." in bad_sop
    for page in (bad_period, bad_year, bad_month, bad_sop):
        assert 'data-testid="compliance-step"' not in page
    api = client.get(API, {**YEAR_2026, "sop": "TIDAK/ADA"})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == "query.sop"
    assert client.get(API, {"period": "month", "year": "2026", "number": "0"}).json()["detail"][0]["loc"] == (
        "query.number"
    )


def test_a_filter_matching_nothing_says_so(client_for, kabid, four_runs):
    page = client_for(kabid).get(PAGE, {"period": "month", "year": "2026", "number": "7"}).content.decode()
    late = client_for(kabid).get(late_url(four_runs.step_runs[0].step_id, period="month", number="7"))

    assert "Tidak ada data untuk filter ini." in page
    assert "Tidak ada data untuk filter ini." in late.content.decode()


def test_the_api_gives_the_page_figures(client_for, kabid, four_runs):
    body = client_for(kabid).get(API, YEAR_2026).json()

    assert body["organization"]["code"] == "disnaker"
    assert body["period"] == {
        "period": "year",
        "year": 2026,
        "number": 0,
        "label": "Tahun 2026",
        "start": "2026-01-01",
        "end": "2026-12-31",
    }
    first, second = body["sops"][0]["steps"]
    assert (first["number"], first["step_runs"], first["runs"], first["late"], first["with_standard"]) == (
        1,
        4,
        4,
        2,
        4,
    )
    assert first["median_seconds"] == statistics.median(STEP_1)
    assert second["median_seconds"] == statistics.median(STEP_2)
    assert second["standard_seconds"] == 8 * HOUR
    assert second["late_share"] == 0.75 and second["is_bottleneck"] and second["bottleneck_rank"] == 1
    assert body["slowest"]["number"] == 2
    assert body["ranking_rule"].startswith(
        "Peringkat hambatan dalam tiap SOP: median waktu kerja dibagi standar"
    )

    late = client_for(kabid).get(second["late_runs_url"]).json()
    assert late["total"] == 3
    assert {row["run_title"] for row in late["late_runs"]} == {
        sr.run.title for sr in four_runs.step_runs if sr.step_id == second["step_id"] and sr.late
    }
    holders = late["late_runs"][0]["holders"]
    assert {h["completed_by"] for h in holders} == {"Siti Administrasi", "Dewi Mutu"}
    assert late["late_runs"][0]["overdue_seconds"] == (
        late["late_runs"][0]["working_seconds"] - late["late_runs"][0]["standard_seconds"]
    )
    assert client_for(kabid).get("/api/v1/reports/sop-compliance/steps/999999/late").status_code == 404


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_pages_and_api_take_the_same_number_of_queries_for_few_and_many_runs(
    client_for, kabid, compliance_sop, build_runs
):
    client = client_for(kabid)
    few = build_runs(compliance_sop, [[(1, 20000, at(2026, 3, 2)), (2, 40000, at(2026, 3, 3))]] * 2)
    step_id = few.step_runs[1].step_id
    counts_few = (
        _queries(client, PAGE, YEAR_2026),
        _queries(client, late_url(step_id)),
        _queries(client, API, YEAR_2026),
        _queries(client, f"/api/v1/reports/sop-compliance/steps/{step_id}/late", YEAR_2026),
    )
    build_runs(
        compliance_sop,
        [
            [(1, 20000, at(2026, 3, 2)), (2, 40000 + i, at(2026, 3, 3)), (3, 100, at(2026, 4, 1))]
            for i in range(30)
        ],
    )
    counts_many = (
        _queries(client, PAGE, YEAR_2026),
        _queries(client, late_url(step_id)),
        _queries(client, API, YEAR_2026),
        _queries(client, f"/api/v1/reports/sop-compliance/steps/{step_id}/late", YEAR_2026),
    )

    assert StepRun.objects.count() == 2 * 2 + 30 * 3
    assert counts_many == counts_few
    assert max(counts_many) <= 16


def test_the_menu_and_the_organization_filter_show_only_what_the_user_may_see(
    client_for, kabid, clerk, lsp, four_runs
):
    page = client_for(kabid).get(PAGE, YEAR_2026).content.decode()
    clerk_home = client_for(clerk).get(reverse("core:dashboard")).content.decode()

    assert "Kepatuhan waktu SOP" in page and PAGE in page
    assert f'value="{four_runs.runs[0].organization.public_id}"' in page
    assert f'value="{lsp.public_id}"' not in page
    assert PAGE not in clerk_home


def test_a_long_step_name_is_cut_at_a_word(client_for, kabid, compliance_sop, build_runs):
    from ujikom.sop.models import SopActivity

    SopActivity.objects.filter(step__version=compliance_sop, step__number=1).update(
        text="Menerima berkas " + "peserta dan memeriksa kelengkapannya " * 6
    )
    build_runs(compliance_sop, [[(1, 1000, at(2026, 3, 2))]])

    body = client_for(kabid).get(API, YEAR_2026).json()

    name = body["sops"][0]["steps"][0]["name"]
    assert name.endswith("…") and len(name) <= 120
    assert name[:-1].split()[-1] in {"peserta", "dan", "memeriksa", "kelengkapannya"}


def test_the_late_runs_are_paged_and_htmx_gets_only_the_rows(client_for, kabid, compliance_sop, build_runs):
    built = build_runs(compliance_sop, [[(1, 5 * HOUR, at(2026, 3, 2 + i % 25, 10))] for i in range(30)])
    url = late_url(built.step_runs[0].step_id)
    client = client_for(kabid)

    first = client.get(url).content.decode()
    second = client.get(url + "&page=2", HTTP_HX_REQUEST="true").content.decode()

    assert first.count('data-testid="late-run"') == 25
    assert "1–25 dari 30" in first
    assert second.count('data-testid="late-run"') == 5
    assert "<html" not in second and 'id="rows"' in second


def test_the_api_document_describes_both_compliance_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "median" in paths[API]["get"]["summary"]
    assert "{step_id}" in next(path for path in paths if path.startswith(API + "/steps/"))
