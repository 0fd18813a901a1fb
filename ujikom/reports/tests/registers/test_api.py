"""The registers as JSON under /api/v1/reports/registers/…, and complaints recorded and followed up
through /api/v1/reports/complaints with the pages' rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ujikom.assessment.models import Appeal, BlankMovement
from ujikom.core.models import AuditEvent
from ujikom.reports.models import Complaint

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(make_event, make_appeal, make_archive, make_movement, lsp, other_event):
    march = make_event(dt.date(YEAR, 3, 1))
    appeals = [
        make_appeal(march, dt.date(YEAR, 3, 5)),
        make_appeal(march, dt.date(YEAR, 3, 6), Appeal.Status.UPHELD, days=4),
    ]
    make_appeal(other_event, dt.date(YEAR, 3, 7))
    make_archive(march, missing=("minutes",))
    make_event(dt.date(YEAR, 4, 1))
    make_movement(lsp, BlankMovement.Kind.RECEIVED, 30, dt.date(YEAR - 1, 6, 1))
    make_movement(lsp, BlankMovement.Kind.USED, 4, dt.date(YEAR, 2, 1), reference="62090 0001")
    return appeals


def test_the_appeals_register(data, viewer, api_for, disnaker):
    response = api_for(viewer).get(
        "/reports/registers/appeals", year=YEAR, organization=str(disnaker.public_id)
    )

    body = response.json()
    assert response.status_code == 200
    assert body["organization"]["code"] == "disnaker" and body["period"]["label"] == "Tahun 2025"
    expected = Counter(appeal.status for appeal in data)
    assert {item["status"]: item["count"] for item in body["totals"]["by_status"]} == {
        status: expected.get(status, 0) for status in Appeal.Status.values
    }
    assert body["count"] == len(body["rows"]) == 2
    assert [row["days_to_decide"] for row in body["rows"]] == [None, 4]
    assert body["message"] == ""


def test_the_archives_and_blanks_registers(data, viewer, lsp_head, api_for):
    archives = api_for(viewer).get("/reports/registers/archives", year=YEAR).json()
    blanks = api_for(lsp_head).get("/reports/registers/blanks", year=YEAR).json()

    assert archives["totals"] == {
        "done": 2,
        "archived": 1,
        "not_archived": 1,
        "complete": 0,
        "share_complete": 0.0,
    }
    assert archives["rows"][0]["missing"] == ["Minutes"]
    (line,) = blanks["lsps"]
    assert (line["opening"], line["used"], line["closing"], line["stock_now"]) == (30, 4, 26, 26)
    assert [m["change"] for m in blanks["movements"]] == [-4]


def test_a_filter_matching_nothing_says_so(data, viewer, api_for):
    body = api_for(viewer).get("/reports/registers/appeals", year=YEAR - 2).json()

    assert body["rows"] == [] and body["count"] == 0
    assert body["message"] == "Tidak ada data untuk filter ini."


def test_bad_filters_are_422_naming_the_parameter(data, viewer, api_for):
    response = api_for(viewer).get("/reports/registers/complaints", year="abad", status="hilang")

    assert response.status_code == 422
    located = {item["loc"]: item["msg"] for item in response.json()["detail"]}
    assert located["query.year"].startswith("Tahun harus berupa angka")
    assert located["query.status"].startswith("Status hilang tidak dikenal")


def test_another_organization_is_refused(data, outsider, disnaker, api_for):
    response = api_for(outsider).get(
        "/reports/registers/appeals", year=YEAR, organization=str(disnaker.public_id)
    )
    own = api_for(outsider).get("/reports/registers/appeals", year=YEAR).json()

    assert response.status_code == 403
    assert response.json()["detail"] == "Anda tidak berhak melihat laporan organisasi tersebut."
    assert own["count"] == 1 and own["rows"][0]["scheme"] == "SKM-LAIN"


def test_appeals_take_the_same_queries_for_more_rows(make_event, make_appeal, viewer, api_for):
    api = api_for(viewer)
    event = make_event(dt.date(YEAR, 3, 1))
    make_appeal(event, dt.date(YEAR, 3, 5))
    api.get("/reports/registers/appeals", year=YEAR)
    with CaptureQueriesContext(connection) as few:
        api.get("/reports/registers/appeals", year=YEAR)
    for day in range(1, 11):
        make_appeal(event, dt.date(YEAR, 4, day), Appeal.Status.DISMISSED, days=2)
    with CaptureQueriesContext(connection) as many:
        body = api.get("/reports/registers/appeals", year=YEAR).json()

    assert body["count"] == 11
    assert len(many) == len(few)


# ---- complaints ---------------------------------------------------------------------------------

BODY = {
    "organization": "disnaker",
    "received_on": f"{YEAR}-02-03",
    "channel": "email",
    "complainant_name": "Rahmat Hidayat",
    "complainant_contact": "rahmat@contoh.id",
    "subject": "Sertifikat belum diterima",
    "description": "Sudah sebulan sejak dinyatakan kompeten.",
}


def test_recording_and_following_up_a_complaint(complaint_numbering, recorder, api_for, make_event):
    api = api_for(recorder)
    event = make_event(dt.date(YEAR, 1, 20))

    created = api.post("/reports/complaints", {**BODY, "event": str(event.public_id)})
    public_id = created.json()["public_id"]
    changed = api.patch(
        f"/reports/complaints/{public_id}",
        {"status": "resolved", "response": "Sertifikat dikirim.", "resolved_on": f"{YEAR}-02-10"},
    )
    listed = api.get("/reports/registers/complaints", year=YEAR).json()

    assert created.status_code == 201
    assert created.json()["number"] == "560/001/ADU-Disnaker/2025"
    assert created.json()["event_title"] == event.title
    assert changed.status_code == 200
    assert changed.json()["status"] == "resolved" and changed.json()["days_to_resolve"] == 7
    assert changed.json()["handled_by"] == "Sri Mutu"
    assert listed["count"] == 1 and listed["rows"][0]["status_label"] == "Selesai"
    assert AuditEvent.objects.filter(event_type__startswith="complaint.").count() == 2


def test_bad_complaints_are_named_and_nothing_is_saved(complaint_numbering, recorder, api_for, other_event):
    api = api_for(recorder)

    refused = api.post(
        "/reports/complaints",
        {**BODY, "channel": "merpati", "complainant_name": " ", "event": str(other_event.public_id)},
    )

    assert refused.status_code == 422
    located = {item["loc"]: item["msg"] for item in refused.json()["detail"]}
    assert located["body.channel"].startswith("Pilih saluran pengaduan")
    assert located["body.complainant_name"] == "Tuliskan nama pengadu."
    assert located["body.event"] == "Uji kompetensi itu bukan kegiatan Dinas Ketenagakerjaan Kota Tangerang."
    assert not Complaint.objects.exists()


def test_a_bad_follow_up_is_named(complaint_numbering, recorder, api_for):
    api = api_for(recorder)
    public_id = api.post("/reports/complaints", BODY).json()["public_id"]

    early = api.patch(
        f"/reports/complaints/{public_id}",
        {"status": "resolved", "response": "x", "resolved_on": f"{YEAR}-01-01"},
    )
    silent = api.patch(f"/reports/complaints/{public_id}", {"status": "resolved"})

    assert early.status_code == 422 and early.json()["detail"][0]["loc"] == "body.resolved_on"
    assert silent.status_code == 422 and silent.json()["detail"][0]["loc"] == "body.response"
    assert Complaint.objects.get().status == "received"


def test_permissions_on_complaints(complaint_numbering, recorder, viewer, outsider, api_for):
    public_id = api_for(recorder).post("/reports/complaints", BODY).json()["public_id"]

    by_viewer = api_for(viewer).post("/reports/complaints", BODY)
    viewer_patch = api_for(viewer).patch(f"/reports/complaints/{public_id}", {"status": "in_progress"})
    viewer_read = api_for(viewer).get(f"/reports/complaints/{public_id}")
    outsider_read = api_for(outsider).get(f"/reports/complaints/{public_id}")
    outsider_patch = api_for(outsider).patch(f"/reports/complaints/{public_id}", {"status": "in_progress"})
    outsider_post = api_for(outsider).post("/reports/complaints", BODY)

    assert by_viewer.status_code == 403 and viewer_patch.status_code == 403
    assert viewer_read.status_code == 200
    assert outsider_read.status_code == 404 and outsider_patch.status_code == 404
    assert outsider_post.status_code == 403
    assert Complaint.objects.count() == 1 and Complaint.objects.get().status == "received"


def test_the_blank_register_takes_no_status(data, lsp_head, api_for):
    response = api_for(lsp_head).get("/reports/registers/blanks", year=YEAR, status="received")

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": "query.status", "msg": "Register ini tidak disaring menurut status."}
    ]
