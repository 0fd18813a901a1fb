"""A case's measurements, cause tree with 5-why chains, plan and evaluation through the API."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import timezone

from ujikom.productivity.models import Cause, Evaluation, Measurement, PlanAction, WhyStep

JANUARY = {
    "label": "Sebelum: Januari 2026",
    "period_start": "2026-01-01",
    "period_end": "2026-01-31",
    "output_quantity": "12000",
    "defect_quantity": "600",
    "workers": 80,
    "hours_worked": "13600",
    "total_cost": "480000000",
}


def _path(case, rest=""):
    return f"/productivity/cases/{case.public_id}/{rest}"


def test_a_measurement_is_recorded_with_its_derived_indicators(api_as, petugas, open_case):
    response = api_as(petugas).post(_path(open_case, "measurements"), JANUARY)

    assert response.status_code == 201
    body = response.json()
    assert body["indicators"] == {
        "per_worker": "150.0000",
        "per_hour": "0.8824",
        "per_million": "25.0000",
        "quality_rate": "95.0000",
    }
    assert Measurement.objects.get(pk=body["id"]).label == "Sebelum: Januari 2026"


def test_negative_hours_are_refused_with_the_services_message_and_nothing_is_stored(
    api_as, petugas, open_case
):
    response = api_as(petugas).post(_path(open_case, "measurements"), {**JANUARY, "hours_worked": "-5"})

    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == "body.hours_worked"
    assert error["msg"]
    assert not Measurement.objects.exists()


def test_a_period_ending_before_it_starts_is_refused(api_as, petugas, open_case):
    response = api_as(petugas).post(_path(open_case, "measurements"), {**JANUARY, "period_end": "2025-12-31"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.period_end"
    assert not Measurement.objects.exists()


def test_a_measurement_is_listed_changed_and_deleted(api_as, petugas, open_case, make_measurement):
    measurement = make_measurement(open_case, 2026, 1)
    api = api_as(petugas)

    listed = api.get(_path(open_case, "measurements"))
    changed = api.patch(_path(open_case, f"measurements/{measurement.pk}"), {"hours_worked": "12000"})
    deleted = api.delete(_path(open_case, f"measurements/{measurement.pk}"))

    assert [row["id"] for row in listed.json()] == [measurement.pk]
    assert changed.status_code == 200
    assert changed.json()["indicators"]["per_hour"] == "1.0000"
    assert deleted.status_code == 204
    assert not Measurement.objects.exists()


def test_a_measurement_of_another_case_is_not_found_under_this_one(
    api_as, petugas, open_case, make_measurement, company, kasi
):
    from ujikom.productivity.models import GuidanceCase

    other = GuidanceCase.objects.create(
        organization=company.organization,
        company=company,
        title="Kasus lain",
        origin=GuidanceCase.Origin.REQUEST,
        requested_on=dt.date(2026, 1, 1),
        request_summary="-",
        output_unit="unit",
        opened_by=kasi,
    )
    foreign = make_measurement(other, 2026, 1)

    response = api_as(petugas).delete(_path(open_case, f"measurements/{foreign.pk}"))

    assert response.status_code == 404
    assert Measurement.objects.filter(pk=foreign.pk).exists()


def test_the_cause_tree_comes_with_its_whys_and_the_fishbone_drawing(api_as, petugas, open_case):
    api = api_as(petugas)
    open_case.problem_statement = "Output per jam kerja rendah"
    open_case.save(update_fields=["problem_statement"])

    method = api.post(
        _path(open_case, "causes"), {"category": "method", "text": "Tata letak lini tidak urut"}
    )
    sub = api.post(
        _path(open_case, "causes"),
        {"parent": method.json()["id"], "text": "Gudang bahan jauh dari lini", "is_root": True},
    )
    whys = api.put(
        _path(open_case, f"causes/{sub.json()['id']}/whys"),
        {"answers": ["Bahan diambil sendiri oleh operator", "Tidak ada petugas pemasok bahan"]},
    )
    tree = api.get(_path(open_case, "causes"))

    assert method.status_code == 201 and sub.status_code == 201
    assert sub.json()["category"] == "method"
    assert [w["level"] for w in whys.json()["whys"]] == [1, 2]
    body = tree.json()
    assert body["problem_statement"] == "Output per jam kerja rendah"
    [bone] = body["causes"]
    assert bone["category_label"] == "Metode"
    assert bone["children"][0]["text"] == "Gudang bahan jauh dari lini"
    assert bone["children"][0]["whys"][1]["answer"] == "Tidak ada petugas pemasok bahan"
    assert body["root_causes"] == [sub.json()["id"]]
    drawing = ET.fromstring(body["fishbone_svg"])
    assert drawing.tag.endswith("svg")
    assert "Gudang bahan jauh dari lini" in body["fishbone_svg"]


def test_a_cause_is_changed_and_deleted(api_as, petugas, open_case):
    api = api_as(petugas)
    cause = api.post(_path(open_case, "causes"), {"category": "people", "text": "Operator baru"}).json()

    changed = api.patch(_path(open_case, f"causes/{cause['id']}"), {"is_root": True})
    deleted = api.delete(_path(open_case, f"causes/{cause['id']}"))

    assert changed.status_code == 200
    assert changed.json()["is_root"] is True and changed.json()["text"] == "Operator baru"
    assert deleted.status_code == 204
    assert not Cause.objects.exists()


def test_more_than_five_whys_are_refused_and_the_chain_is_kept(api_as, petugas, open_case):
    api = api_as(petugas)
    cause = api.post(_path(open_case, "causes"), {"category": "machine", "text": "Mesin sering macet"}).json()
    api.put(_path(open_case, f"causes/{cause['id']}/whys"), {"answers": ["Jarum tumpul"]})

    response = api.put(
        _path(open_case, f"causes/{cause['id']}/whys"), {"answers": ["a", "b", "c", "d", "e", "f"]}
    )

    assert response.status_code == 422
    assert list(WhyStep.objects.values_list("answer", flat=True)) == ["Jarum tumpul"]


def test_a_cause_without_a_category_is_refused(api_as, petugas, open_case):
    response = api_as(petugas).post(_path(open_case, "causes"), {"text": "Tanpa kategori"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.category"
    assert not Cause.objects.exists()


def test_plan_actions_are_added_with_their_root_cause_progressed_and_deleted(api_as, petugas, open_case):
    api = api_as(petugas)
    root = api.post(
        _path(open_case, "causes"), {"category": "method", "text": "Tidak ada SOP kerja", "is_root": True}
    ).json()
    due = str(timezone.localdate() + dt.timedelta(days=14))

    added = api.post(
        _path(open_case, "actions"),
        {
            "description": "Susun SOP kerja lini jahit",
            "owner": "Kepala produksi",
            "due_on": due,
            "cause": root["id"],
        },
    )
    done = api.patch(
        _path(open_case, f"actions/{added.json()['id']}"),
        {"status": "done", "done_on": str(timezone.localdate())},
    )
    listed = api.get(_path(open_case, "actions"))
    deleted = api.delete(_path(open_case, f"actions/{added.json()['id']}"))

    assert added.status_code == 201
    assert added.json()["cause_text"] == "Tidak ada SOP kerja"
    assert added.json()["overdue"] is False
    assert done.json()["status_label"] == "Selesai"
    assert [row["status"] for row in listed.json()] == ["done"]
    assert deleted.status_code == 204
    assert not PlanAction.objects.exists()


def test_an_action_due_in_the_past_is_refused(api_as, petugas, open_case):
    yesterday = str(timezone.localdate() - dt.timedelta(days=1))

    response = api_as(petugas).post(
        _path(open_case, "actions"), {"description": "Latih operator", "owner": "HRD", "due_on": yesterday}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.due_on"
    assert not PlanAction.objects.exists()


def test_the_evaluation_compares_the_period_before_with_the_one_after(
    api_as, petugas, open_case, make_measurement
):
    before = make_measurement(open_case, 2026, 1)
    after = make_measurement(open_case, 2026, 3, output=14000, hours=13400, defects=350)
    api = api_as(petugas)

    recorded = api.put(
        _path(open_case, "evaluation"),
        {
            "before": before.pk,
            "after": after.pk,
            "evaluated_on": str(timezone.localdate()),
            "conclusion": "Output per jam kerja naik.",
        },
    )
    read = api.get(_path(open_case, "evaluation"))

    assert recorded.status_code == 200
    body = read.json()
    assert body["before"]["id"] == before.pk and body["after"]["id"] == after.pk
    per_hour = next(c for c in body["comparison"] if c["indicator"] == "per_hour")
    assert per_hour["before"] == "0.8824"
    assert per_hour["after"] == "1.0448"
    assert per_hour["improved"] is True
    assert per_hour["unit"] == "potong/orang-jam"
    assert body["headline"]["indicator"] == "per_hour"


def test_an_evaluation_whose_after_period_comes_first_is_refused(
    api_as, petugas, open_case, make_measurement
):
    before = make_measurement(open_case, 2026, 1)
    after = make_measurement(open_case, 2026, 3)

    response = api_as(petugas).put(
        _path(open_case, "evaluation"),
        {
            "before": after.pk,
            "after": before.pk,
            "evaluated_on": str(timezone.localdate()),
            "conclusion": "x",
        },
    )

    assert response.status_code == 422
    assert not Evaluation.objects.exists()
    assert api_as(petugas).get(_path(open_case, "evaluation")).status_code == 404


def test_the_evaluation_names_only_measurements_of_the_case(api_as, petugas, open_case, make_measurement):
    before = make_measurement(open_case, 2026, 1)

    response = api_as(petugas).put(
        _path(open_case, "evaluation"),
        {"before": before.pk, "after": 999999, "evaluated_on": str(timezone.localdate()), "conclusion": "x"},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.after"


def test_the_kadis_reads_the_analysis_but_records_none_of_it(api_as, kadis, open_case, make_measurement):
    measurement = make_measurement(open_case, 2026, 1)
    api = api_as(kadis)

    for path in ("measurements", "causes", "actions"):
        assert api.get(_path(open_case, path)).status_code == 200
    refused = [
        api.post(
            _path(open_case, "measurements"),
            {**JANUARY, "period_start": "2026-02-01", "period_end": "2026-02-28"},
        ),
        api.patch(_path(open_case, f"measurements/{measurement.pk}"), {"workers": 2}),
        api.delete(_path(open_case, f"measurements/{measurement.pk}")),
        api.post(_path(open_case, "causes"), {"category": "people", "text": "x"}),
        api.post(_path(open_case, "actions"), {"description": "x", "owner": "x", "due_on": "2099-01-01"}),
        api.put(
            _path(open_case, "evaluation"),
            {
                "before": measurement.pk,
                "after": measurement.pk,
                "evaluated_on": "2026-03-01",
                "conclusion": "x",
            },
        ),
    ]

    assert [r.status_code for r in refused] == [403] * 6
    assert "tidak berhak mencatat" in refused[0].json()["detail"]
    measurement.refresh_from_db()
    assert measurement.workers == 80
    assert not Cause.objects.exists() and not PlanAction.objects.exists()


def test_another_offices_case_analysis_is_not_found(api_as, outsider, open_case, make_measurement):
    measurement = make_measurement(open_case, 2026, 1)
    api = api_as(outsider)

    for response in (
        api.get(_path(open_case, "measurements")),
        api.post(_path(open_case, "measurements"), JANUARY),
        api.delete(_path(open_case, f"measurements/{measurement.pk}")),
        api.get(_path(open_case, "causes")),
        api.post(_path(open_case, "causes"), {"category": "people", "text": "x"}),
        api.get(_path(open_case, "actions")),
        api.get(_path(open_case, "evaluation")),
    ):
        assert response.status_code == 404
    assert Measurement.objects.count() == 1


def test_analysis_calls_without_a_token_are_refused(nobody, open_case):
    assert nobody.get(_path(open_case, "measurements")).status_code == 401
    assert nobody.post(_path(open_case, "causes"), {"category": "people", "text": "x"}).status_code == 401
    assert nobody.get(_path(open_case, "evaluation")).status_code == 401
