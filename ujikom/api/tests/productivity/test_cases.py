"""Guidance cases through the API: the list, opening, the whole case, identification, finishing a
stage, visits, cancelling and closing, with the pages' permissions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ujikom.productivity.models import FollowUpVisit, GuidanceCase
from ujikom.sop.models import Run


def _opening(company, petugas, **changes):
    return {
        "company": str(company.public_id),
        "title": "Penurunan cacat jahitan",
        "origin": "outreach",
        "requested_on": str(timezone.localdate() - dt.timedelta(days=1)),
        "request_summary": "Dinas menawarkan pendampingan setelah kunjungan pengawasan.",
        "output_unit": "potong",
        "officer": str(petugas.public_id),
        **changes,
    }


def _identify(api, case, **changes):
    return api.post(
        f"/productivity/cases/{case.public_id}/identification",
        {
            "identified_on": str(timezone.localdate()),
            "problem_statement": "Output per jam kerja lini jahit rendah",
            "identification_notes": "Banyak menunggu bahan dari gudang.",
            "figures": [
                {
                    "label": "Produksi per bulan",
                    "value": "45000",
                    "unit": "potong",
                    "source": "Laporan produksi",
                }
            ],
            **changes,
        },
    )


def test_the_kasi_opens_a_case_and_the_sop_run_moves_to_identification(
    api_as, kasi, petugas, company, revision_in_force, numbering
):
    response = api_as(kasi).post("/productivity/cases", _opening(company, petugas))

    assert response.status_code == 201
    body = response.json()
    assert body["number"]
    assert body["status"] == "open"
    assert body["officer"]["full_name"] == "Rina Wulandari"
    assert body["run"]["sop"] == "PSM/DISNAKER-08"
    assert body["run"]["active_stage"] == "identification"
    first = body["run"]["steps"][0]
    assert first["stage"] == "open_case" and first["status"] == "done"
    assert first["tasks"][0]["completed_by"]["full_name"] == "Budi Santoso, S.T."


def test_a_request_dated_in_the_future_is_refused_and_nothing_is_opened(
    api_as, kasi, petugas, company, revision_in_force, numbering
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = api_as(kasi).post(
        "/productivity/cases", _opening(company, petugas, requested_on=str(tomorrow))
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.requested_on"
    assert not GuidanceCase.objects.exists()
    assert not Run.objects.exists()


def test_no_case_opens_while_the_office_has_no_sop_version_in_force(
    api_as, kasi, petugas, company, numbering
):
    response = api_as(kasi).post("/productivity/cases", _opening(company, petugas))

    assert response.status_code == 422
    assert "PSM/DISNAKER-08" in response.json()["detail"][0]["msg"]
    assert not GuidanceCase.objects.exists()


def test_a_company_of_another_office_cannot_be_named_when_opening(api_as, outsider, petugas, company):
    response = api_as(outsider).post("/productivity/cases", _opening(company, petugas))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.company"


def test_only_a_lead_opens_cases(api_as, kadis, petugas, company, revision_in_force):
    for user in (kadis, petugas):
        response = api_as(user).post("/productivity/cases", _opening(company, petugas))

        assert response.status_code == 403
        assert "Hanya Kasi atau Kabid" in response.json()["detail"]
    assert not GuidanceCase.objects.exists()


def test_the_case_list_filters_and_shows_each_stage_in_a_fixed_number_of_queries(
    api_as, kadis, open_case, make_company, kasi, django_assert_max_num_queries
):
    for number in range(4):
        GuidanceCase.objects.create(
            organization=open_case.organization,
            company=make_company(),
            number=f"BTP/00{number + 2}/2025",
            title="Kasus lama",
            origin=GuidanceCase.Origin.REQUEST,
            requested_on=dt.date(2025, 3, 1),
            request_summary="-",
            output_unit="unit",
            status=GuidanceCase.Status.CANCELLED,
            opened_by=kasi,
        )
    api = api_as(kadis)

    with django_assert_max_num_queries(10):
        listed = api.get("/productivity/cases")
    open_only = api.get("/productivity/cases", status="open")
    of_2025 = api.get("/productivity/cases", year=2025, limit=2)
    of_company = api.get("/productivity/cases", company=str(open_case.company.public_id))

    assert listed.status_code == 200
    assert listed.json()["count"] == 5
    [row] = open_only.json()["items"]
    assert row["number"] == "BTP/001/2026"
    assert row["stage"] == "identification"
    assert row["company_name"] == "PT Sinar Garmen Tangerang"
    assert of_2025.json()["count"] == 4 and len(of_2025.json()["items"]) == 2
    assert [r["public_id"] for r in of_company.json()["items"]] == [str(open_case.public_id)]


def test_the_officer_records_the_identification_and_finishes_the_stage(api_as, petugas, open_case):
    api = api_as(petugas)

    recorded = _identify(api, open_case)
    finished = api.post(f"/productivity/cases/{open_case.public_id}/stages/identification/finish")

    assert recorded.status_code == 200
    identification = recorded.json()["identification"]
    assert identification["problem_statement"] == "Output per jam kerja lini jahit rendah"
    assert identification["figures"][0]["value"] == "45000.00"
    assert finished.status_code == 200
    body = finished.json()
    assert [task["step"] for task in body["signed_off"]] == [2]
    assert body["active_stage"] == "indicators"
    assert "1 tugas SOP ditandatangani" in body["message"]


def test_an_identification_dated_before_the_request_is_refused_and_nothing_changes(
    api_as, petugas, open_case
):
    early = open_case.requested_on - dt.timedelta(days=10)

    response = _identify(api_as(petugas), open_case, identified_on=str(early))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.identified_on"
    open_case.refresh_from_db()
    assert open_case.problem_statement == ""
    assert not open_case.figures.exists()


def test_finishing_a_stage_someone_else_plays_says_who_plays_it(api_as, kasi, petugas, open_case):
    _identify(api_as(petugas), open_case)

    response = api_as(kasi).post(f"/productivity/cases/{open_case.public_id}/stages/identification/finish")

    assert response.status_code == 200
    body = response.json()
    assert body["signed_off"] == []
    assert "ditawarkan kepada" in body["message"]
    assert body["active_stage"] == "identification"


def test_finishing_a_stage_whose_step_is_not_running_says_which_one_is(api_as, petugas, open_case):
    api = api_as(petugas)
    due = str(timezone.localdate() + dt.timedelta(days=30))
    api.post(
        f"/productivity/cases/{open_case.public_id}/actions",
        {"description": "Atur ulang tata letak", "owner": "Manajer produksi", "due_on": due},
    )

    response = api.post(f"/productivity/cases/{open_case.public_id}/stages/plan/finish")

    assert response.status_code == 200
    body = response.json()
    assert body["signed_off"] == []
    assert "Identifikasi permasalahan" in body["message"]
    assert body["active_stage"] == "identification"


def test_finishing_a_stage_without_its_record_is_refused(api_as, petugas, open_case):
    response = api_as(petugas).post(f"/productivity/cases/{open_case.public_id}/stages/plan/finish")

    assert response.status_code == 422
    assert "tindakan perbaikan" in response.json()["detail"][0]["msg"]


def test_an_unknown_stage_is_bad_input(api_as, petugas, open_case):
    response = api_as(petugas).post(f"/productivity/cases/{open_case.public_id}/stages/penutupan/finish")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "path.stage"


def test_visits_are_recorded_listed_changed_and_deleted(api_as, petugas, open_case):
    api = api_as(petugas)
    _identify(api, open_case)
    base = f"/productivity/cases/{open_case.public_id}/visits"

    added = api.post(
        base,
        {
            "visited_on": str(timezone.localdate()),
            "met_with": "Manajer produksi",
            "findings": "Tata letak lini diubah.",
        },
    )
    visit_id = added.json()["id"]
    changed = api.patch(f"{base}/{visit_id}", {"next_steps": "Ukur ulang bulan depan."})
    listed = api.get(base)
    deleted = api.delete(f"{base}/{visit_id}")

    assert added.status_code == 201
    assert added.json()["officer"]["full_name"] == "Rina Wulandari"
    assert changed.json()["next_steps"] == "Ukur ulang bulan depan."
    assert [v["id"] for v in listed.json()] == [visit_id]
    assert deleted.status_code == 204
    assert not FollowUpVisit.objects.exists()


def test_a_visit_in_the_future_is_refused(api_as, petugas, open_case):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = api_as(petugas).post(
        f"/productivity/cases/{open_case.public_id}/visits", {"visited_on": str(tomorrow), "findings": "x"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.visited_on"
    assert not FollowUpVisit.objects.exists()


def test_the_kasi_cancels_a_case_with_a_reason_and_its_run_stops(api_as, kasi, open_case):
    api = api_as(kasi)

    without = api.post(f"/productivity/cases/{open_case.public_id}/cancel", {"reason": ""})
    cancelled = api.post(f"/productivity/cases/{open_case.public_id}/cancel", {"reason": "Perusahaan tutup."})

    assert without.status_code == 422
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["closing"]["cancel_reason"] == "Perusahaan tutup."
    assert cancelled.json()["run"]["status"] == "cancelled"


def test_a_case_does_not_close_without_its_evaluation(api_as, kasi, open_case):
    response = api_as(kasi).post(
        f"/productivity/cases/{open_case.public_id}/close", {"closing_summary": "Selesai."}
    )

    assert response.status_code == 422
    assert "evaluasi" in response.json()["detail"][0]["msg"]
    open_case.refresh_from_db()
    assert open_case.status == GuidanceCase.Status.OPEN
    assert open_case.closing_report is None


def test_the_closing_report_of_an_open_case_is_not_there_yet(api_as, kadis, open_case):
    response = api_as(kadis).get(f"/productivity/cases/{open_case.public_id}/closing-report")

    assert response.status_code == 404
    assert "belum" in response.json()["detail"]


def test_the_kadis_reads_a_case_but_records_opens_and_closes_nothing(api_as, kadis, open_case):
    api = api_as(kadis)
    path = f"/productivity/cases/{open_case.public_id}"

    assert api.get(path).status_code == 200
    assert _identify(api, open_case).status_code == 403
    assert api.post(f"{path}/stages/identification/finish").status_code == 403
    assert (
        api.post(f"{path}/visits", {"visited_on": str(timezone.localdate()), "findings": "x"}).status_code
        == 403
    )
    assert api.post(f"{path}/cancel", {"reason": "x"}).status_code == 403
    assert api.post(f"{path}/close", {"closing_summary": "x"}).status_code == 403
    open_case.refresh_from_db()
    assert open_case.status == GuidanceCase.Status.OPEN and open_case.problem_statement == ""


def test_a_case_of_another_office_is_not_found(api_as, outsider, open_case):
    api = api_as(outsider)
    path = f"/productivity/cases/{open_case.public_id}"

    for response in (
        api.get(path),
        _identify(api, open_case),
        api.post(f"{path}/cancel", {"reason": "x"}),
        api.post(f"{path}/close", {"closing_summary": "x"}),
        api.post(f"{path}/stages/identification/finish"),
        api.get(f"{path}/visits"),
        api.get(f"{path}/closing-report"),
    ):
        assert response.status_code == 404
    assert api.get("/productivity/cases").json()["count"] == 0


def test_calls_without_a_token_are_refused(nobody, open_case):
    path = f"/productivity/cases/{open_case.public_id}"

    assert nobody.get("/productivity/cases").status_code == 401
    assert nobody.get(path).status_code == 401
    assert nobody.post(f"{path}/cancel", {"reason": "x"}).status_code == 401
