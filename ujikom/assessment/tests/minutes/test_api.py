"""The API of the minutes, the review chain and the archive: what the pages do, same permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from ujikom.core.tokens import create_token

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user) -> None:
        _token, secret = create_token(user=user, name="tes")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str, params: dict | None = None):
        return self.client.get("/api/v1" + path, params or {})

    def post(self, path: str, body: dict | None = None):
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json")

    def put(self, path: str, body: dict):
        return self.client.put("/api/v1" + path, body, content_type="application/json")

    def patch(self, path: str, body: dict):
        return self.client.patch("/api/v1" + path, body, content_type="application/json")


def test_the_whole_flow_through_the_api(
    event,
    tested,
    tekops,
    assessors,
    site_head,
    quality,
    admin_staff,
    numbering,
    add_photo,
    assignment_letters,
    independent_site_record,
):
    add_photo()
    base = f"/events/{event.public_id}"
    ops, head, mutu, adm = Api(tekops), Api(site_head), Api(quality), Api(admin_staff)

    assert ops.get(f"{base}/minutes/problems").json() == {"ready": True, "problems": []}
    assert ops.get(f"{base}/minutes").status_code == 404
    prepared = ops.post(f"{base}/minutes", {"notes": "Lancar."})
    assert prepared.status_code == 201, prepared.content
    assert [s["signer"] for s in prepared.json()["signatures"]] == ["asesor1", "asesor2", "kepala.tuk"]

    wrong = ops.post(f"{base}/minutes/sign", {"method": "account"})
    assert wrong.status_code == 403
    for user in [assessors[0].user, assessors[1].user]:
        assert Api(user).post(f"{base}/minutes/sign", {"method": "account"}).status_code == 200
    locked = head.post(f"{base}/minutes/sign", {"method": "account"}).json()
    assert locked["locked_at"] is not None and locked["results_bundle"]["name"].endswith(".zip")
    download = ops.client.get(locked["file"]["download"])
    assert download.status_code == 200
    assert "BERITA ACARA" in pdf_text(b"".join(download.streaming_content))

    chain = ops.get(f"{base}/reviews").json()
    assert chain["next_stage"] == "technical" and chain["stages"][0]["may_act"] is True
    out_of_order = mutu.post(f"{base}/reviews", {"stage": "quality", "outcome": "approved", "notes": "Ok"})
    assert out_of_order.status_code == 422
    assert "menunggu kaji ulang Teknis Operasional" in out_of_order.json()["detail"][0]["msg"]
    assert (
        ops.post(f"{base}/reviews", {"stage": "technical", "outcome": "approved", "notes": "Ok"}).status_code
        == 201
    )
    assert (
        head.post(f"{base}/reviews", {"stage": "site_head", "outcome": "approved", "notes": "Ok"}).status_code
        == 201
    )
    no_notes = mutu.post(f"{base}/reviews", {"stage": "quality", "outcome": "approved", "notes": "Ok"})
    assert no_notes.status_code == 422 and "Minutes of meeting" in no_notes.json()["detail"][0]["msg"]
    held = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    notes = mutu.put(
        f"{base}/meeting-notes",
        {
            "held_at": held,
            "place": "Ruang rapat",
            "attendees": "Sri Mutu",
            "agenda": "Kaji ulang",
            "discussion": "Lengkap",
            "conclusions": "Rekomendasikan",
        },
    )
    assert notes.status_code == 200 and notes.json()["number"].startswith("001/MoM/")
    assert (
        mutu.post(f"{base}/reviews", {"stage": "quality", "outcome": "approved", "notes": "Ok"}).status_code
        == 201
    )
    recommendation = ops.get(f"{base}/recommendation").json()
    assert recommendation["number"].startswith("560/001/REK-Disnaker/")
    assert (
        head.post(f"{base}/reviews", {"stage": "final", "outcome": "approved", "notes": "Ok"}).status_code
        == 201
    )

    check = adm.get(f"{base}/archive/check").json()
    assert check["complete"] is True and len(check["items"]) == 9
    refused = ops.post(f"{base}/archive", {"location": "Lemari A"})
    assert refused.status_code == 403
    bad = adm.post(f"{base}/archive", {"location": "", "retain_until": "2000-01-01"})
    assert bad.status_code == 422
    assert {entry["loc"] for entry in bad.json()["detail"]} == {"body.location", "body.retain_until"}
    filed = adm.post(f"{base}/archive", {"location": "Lemari A"})
    assert filed.status_code == 201 and filed.json()["number"].startswith("001/ARS/")
    changed = adm.patch(f"{base}/archive", {"location": "Gudang", "retain_until": None})
    assert changed.json()["location"] == "Gudang"

    found = adm.get("/archives", {"q": tested[1].nik, "state": "archived"}).json()
    assert found["count"] == 1 and found["results"][0]["archived"] is True
    assert adm.get("/archives", {"q": "tidak-ada"}).json()["results"] == []


def test_the_api_refuses_outsiders_and_members_without_permission(
    event, tested, outsider, candidate_user, assessors, numbering
):
    base = f"/events/{event.public_id}"

    assert Api(outsider).get(f"{base}/minutes/problems").status_code == 404
    assert Api(outsider).post(f"{base}/minutes", {}).status_code == 404
    assert Api(candidate_user).get(f"{base}/reviews").status_code == 403
    assert Api(assessors[0].user).post(f"{base}/minutes", {}).status_code == 403
    assert Api(candidate_user).get("/archives").status_code == 403
    assert Api(outsider).get("/archives").json()["count"] == 0


def test_preparing_too_early_lists_the_problems(event, one_bk, tekops, numbering):
    response = Api(tekops).post(f"/events/{event.public_id}/minutes", {})

    assert response.status_code == 422
    messages = [entry["msg"] for entry in response.json()["detail"]]
    assert any("Absensi peserta" in message for message in messages)
