"""The productivity report through the API: the year's figures, the guided companies and the
indicators over time, for the offices the caller may see."""

from __future__ import annotations


def test_the_report_counts_the_years_cases_and_draws_a_companys_indicators(
    api_as, kadis, open_case, make_measurement, make_company, django_assert_max_num_queries
):
    make_measurement(open_case, 2026, 1)
    make_measurement(open_case, 2026, 3, output=14000, hours=13400)
    make_company(name="Hotel Cisadane", sector="I")
    year = open_case.requested_on.year
    api = api_as(kadis)

    with django_assert_max_num_queries(15):
        response = api.get("/productivity/report", year=year, company=str(open_case.company.public_id))

    assert response.status_code == 200
    body = response.json()
    figures = {line["label"]: line["value"] for line in body["figures"]}
    assert figures["Kasus dibuka"] == "1"
    assert figures["Perusahaan/instansi dibimbing"] == "1"
    guided = next(row for row in body["companies"] if row["name"] == "PT Sinar Garmen Tangerang")
    assert [case["number"] for case in guided["cases"]] == ["BTP/001/2026"]
    assert body["series"]["indicator"] == "per_hour"
    [line] = body["series"]["lines"]
    assert line["data"] == [0.8824, 1.0448]
    assert body["message"] == ""


def test_an_unknown_indicator_or_a_company_of_another_office_is_bad_input(
    api_as, kasi, make_company, other_office
):
    foreign = make_company(other_office, name="PT Serang")
    api = api_as(kasi)

    wrong_indicator = api.get("/productivity/report", indicator="omzet")
    wrong_company = api.get("/productivity/report", company=str(foreign.public_id))

    assert wrong_indicator.status_code == 422
    assert wrong_indicator.json()["detail"][0]["loc"] == "query.indicator"
    assert wrong_company.status_code == 422
    assert wrong_company.json()["detail"][0]["loc"] == "query.company"


def test_another_office_sees_only_its_own_report(api_as, outsider, open_case):
    api = api_as(outsider)

    refused = api.get("/productivity/report", organization="disnaker")
    own = api.get("/productivity/report")

    assert refused.status_code == 403
    assert own.status_code == 200
    assert own.json()["organization"]["code"] == "disnaker-serang"
    assert own.json()["companies"] == []
    assert own.json()["message"] == "Tidak ada data untuk filter ini."


def test_someone_without_a_productivity_role_gets_no_report(api_as, make_user, lsp, nobody):
    stranger = make_user("peserta", roles=[(lsp, "candidate")])

    assert api_as(stranger).get("/productivity/report").status_code == 403
    assert nobody.get("/productivity/report").status_code == 401
