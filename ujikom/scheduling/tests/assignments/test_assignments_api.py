"""The API of site verification, assessor assignment and the assessor's own assignments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ujikom.core.tokens import create_token
from ujikom.scheduling.models import AssessorAssignment, SiteVerification

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user) -> None:
        _token, secret = create_token(user=user, name="tes")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str):
        return self.client.get("/api/v1" + path)

    def post(self, path: str, body: dict | None = None):
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json")


ALL_OK = {key: {"ok": True, "note": ""} for key in ("facilities", "equipment", "materials", "k3", "capacity")}


def test_a_verifier_is_assigned_and_records_the_result_through_the_api(event, lsp_head, assessor, numbering):
    lsp_api, verifier_api = Api(lsp_head), Api(assessor.user)

    created = lsp_api.post(
        f"/events/{event.public_id}/site-verifications", {"verifier": assessor.user.username}
    )
    assert created.status_code == 201, created.content
    verification = created.json()
    assert verification["letter_number"].startswith("001/ST/")

    bad = verifier_api.post(
        f"/site-verifications/{verification['public_id']}/result",
        {"checklist": {**ALL_OK, "k3": {"ok": False, "note": ""}}, "result": "memenuhi"},
    )
    assert bad.status_code == 422
    locations = {error["loc"] for error in bad.json()["detail"]}
    assert {"body.checklist.k3.note", "body.result"} <= locations

    done = verifier_api.post(
        f"/site-verifications/{verification['public_id']}/result", {"checklist": ALL_OK, "result": "memenuhi"}
    )
    assert done.status_code == 200 and done.json()["has_result_file"]
    state = lsp_api.get(f"/events/{event.public_id}/site-verification").json()
    assert state["verified"] is True and state["verifications"][0]["result"] == "memenuhi"


def test_proposals_through_the_api_refuse_an_expired_assessor_and_accept_a_valid_one(
    event, lsp_head, assessor, make_assessor, today, numbering
):
    api = Api(lsp_head)
    expired = make_assessor(registration_expires_on=today - dt.timedelta(days=1))
    path = f"/events/{event.public_id}/assessor-assignments"

    refused = api.post(
        path,
        {"assessor": expired.registration_number, "day": event.starts_on.isoformat(), "candidate_count": 5},
    )
    accepted = api.post(
        path, {"assessor": str(assessor.public_id), "day": event.starts_on.isoformat(), "candidate_count": 5}
    )

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == "body.assessor"
    assert "registrasi kedaluwarsa" in refused.json()["detail"][0]["msg"]
    assert accepted.status_code == 201 and accepted.json()["status"] == "proposed"
    listed = api.get(path).json()
    assert listed["confirmed"] is False and len(listed["assignments"]) == 1


def test_the_assessor_lists_confirms_and_declines_their_own_assignments(
    event, make_event, lsp_head, assessor, make_assessor, numbering
):
    other_event = make_event(title="Uji lain", starts_on=event.starts_on + dt.timedelta(days=1))
    Api(lsp_head).post(
        f"/events/{event.public_id}/assessor-assignments",
        {"assessor": str(assessor.public_id), "day": event.starts_on.isoformat(), "candidate_count": 5},
    )
    Api(lsp_head).post(
        f"/events/{other_event.public_id}/assessor-assignments",
        {"assessor": str(assessor.public_id), "day": other_event.starts_on.isoformat(), "candidate_count": 5},
    )
    stranger = Api(make_assessor().user)
    api = Api(assessor.user)

    mine = api.get("/me/assessor-assignments").json()
    assert [row["event_title"] for row in mine] == [event.title, "Uji lain"]
    first, second = mine[0]["public_id"], mine[1]["public_id"]
    assert stranger.post(f"/me/assessor-assignments/{first}/confirm").status_code == 404

    assert api.post(f"/me/assessor-assignments/{first}/confirm").json()["status"] == "confirmed"
    no_reason = api.post(f"/me/assessor-assignments/{second}/decline", {"reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["loc"] == "body.reason"
    declined = api.post(f"/me/assessor-assignments/{second}/decline", {"reason": "Sakit"})
    assert declined.json()["status"] == "declined"
    assert AssessorAssignment.objects.filter(status="declined", reason="Sakit").count() == 1


def test_the_api_refuses_outsiders_and_members_without_the_role(
    event, outsider, disnaker_admin_staff, disnaker_candidate, assessor, numbering
):
    for user, status in [(outsider, 404), (disnaker_candidate, 403)]:
        api = Api(user)
        assert api.get(f"/events/{event.public_id}/site-verification").status_code == status
        assert api.get(f"/events/{event.public_id}/assessor-assignments").status_code == status
    facilitator = Api(disnaker_admin_staff)
    assert facilitator.get(f"/events/{event.public_id}/assessor-assignments").status_code == 200
    refused = facilitator.post(
        f"/events/{event.public_id}/site-verifications", {"verifier": assessor.user.username}
    )
    assert refused.status_code == 403 and not SiteVerification.objects.exists()
