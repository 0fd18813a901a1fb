"""One guidance case driven through the API alone, from opening to the closing report: every SOP
step is signed off on the way and the run ends complete, each step with its working time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ujikom.productivity.models import GuidanceCase
from ujikom.sop.models import Run


def _month(months_back: int) -> tuple[str, str]:
    first = timezone.localdate().replace(day=1)
    for _ in range(months_back):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return str(first), str(last)


def _measurement(label, months_back, output, hours):
    start, end = _month(months_back)
    return {
        "label": label,
        "period_start": start,
        "period_end": end,
        "output_quantity": output,
        "defect_quantity": "300",
        "workers": 80,
        "hours_worked": hours,
        "total_cost": "480000000",
    }


def test_a_case_goes_from_opening_to_its_closing_report_through_the_api(
    api_as, kasi, petugas, company, revision_in_force, numbering
):
    lead, officer = api_as(kasi), api_as(petugas)
    today = str(timezone.localdate())

    opened = lead.post(
        "/productivity/cases",
        {
            "company": str(company.public_id),
            "title": "Peningkatan produktivitas lini jahit",
            "origin": "request",
            "requested_on": str(timezone.localdate() - dt.timedelta(days=120)),
            "request_summary": "Target produksi harian sering tidak tercapai.",
            "output_unit": "potong",
            "officer": str(petugas.public_id),
        },
    )
    assert opened.status_code == 201, opened.json()
    case = f"/productivity/cases/{opened.json()['public_id']}"

    def finish(stage: str) -> None:
        response = officer.post(f"{case}/stages/{stage}/finish")
        assert response.status_code == 200, response.json()
        assert len(response.json()["signed_off"]) == 1, response.json()["message"]

    assert (
        officer.post(
            f"{case}/identification",
            {
                "identified_on": today,
                "problem_statement": "Output per jam kerja lini jahit rendah",
                "identification_notes": "Operator menunggu bahan.",
                "figures": [{"label": "Produksi per bulan", "value": "12000", "unit": "potong"}],
            },
        ).status_code
        == 200
    )
    finish("identification")

    before = officer.post(
        f"{case}/measurements", _measurement("Sebelum perbaikan", 3, "12000", "13600")
    ).json()
    after = officer.post(
        f"{case}/measurements", _measurement("Sesudah perbaikan", 1, "14000", "13400")
    ).json()
    finish("indicators")

    root = officer.post(
        f"{case}/causes",
        {"category": "method", "text": "Bahan diambil sendiri oleh operator", "is_root": True},
    ).json()
    assert (
        officer.put(
            f"{case}/causes/{root['id']}/whys", {"answers": ["Tidak ada pemasok bahan lini"]}
        ).status_code
        == 200
    )
    finish("causes")

    action = officer.post(
        f"{case}/actions",
        {
            "description": "Tunjuk pemasok bahan lini",
            "owner": "Kepala produksi",
            "due_on": today,
            "cause": root["id"],
        },
    ).json()
    officer.patch(f"{case}/actions/{action['id']}", {"status": "done", "done_on": today})
    finish("plan")

    assert (
        officer.post(
            f"{case}/visits", {"visited_on": today, "findings": "Pemasok bahan sudah bertugas."}
        ).status_code
        == 201
    )
    finish("follow_up")

    evaluation = officer.put(
        f"{case}/evaluation",
        {
            "before": before["id"],
            "after": after["id"],
            "evaluated_on": today,
            "conclusion": "Output per jam naik.",
        },
    )
    assert evaluation.status_code == 200, evaluation.json()
    finish("evaluation")

    closed = lead.post(
        f"{case}/close", {"closing_summary": "Perbaikan berhasil; perusahaan melanjutkan sendiri."}
    )

    assert closed.status_code == 200, closed.json()
    body = closed.json()
    assert body["status"] == "closed"
    assert body["run"]["status"] == "completed"
    steps = body["run"]["steps"]
    assert [step["number"] for step in steps] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(step["status"] == "done" and step["working_time"] for step in steps)
    assert body["evaluation"]["headline"]["improved"] is True
    report = lead.get(body["closing"]["closing_report"].removeprefix("/api/v1"))
    assert report.status_code == 200
    assert report["Content-Type"] == "application/pdf"
    assert b"".join(report.streaming_content).startswith(b"%PDF")
    stored = GuidanceCase.objects.get(public_id=opened.json()["public_id"])
    assert stored.run.status == Run.Status.COMPLETED
    assert officer.post(f"{case}/measurements", _measurement("Lagi", 0, "1", "1")).status_code == 422
