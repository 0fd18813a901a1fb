"""The readiness API: distribution, readiness form, reminder rules, confirmations, answer by token."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from ujikom.core.tokens import create_token
from ujikom.notifications.models import OutboxMessage
from ujikom.scheduling.services_readiness import READINESS_ITEMS

from .helpers import step_status

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user) -> None:
        _token, secret = create_token(user=user, name="tes")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str):
        return self.client.get("/api/v1" + path)

    def post(self, path: str, body: dict | None = None):
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json")


def test_the_readiness_steps_through_the_api_move_the_run(
    admin_staff, tekops, site_head, event, registrations, numbering, disnaker_run
):
    cache.clear()
    admin, ops, head = Api(admin_staff), Api(tekops), Api(site_head)
    base = f"/events/{event.public_id}"

    generated = admin.post(f"{base}/distribution")
    sent = admin.post(f"{base}/distribution/send")
    checklist = [{"key": key, "ready": True, "note": ""} for key, _label in READINESS_ITEMS]
    refused = head.post(f"{base}/readiness", {"checklist": checklist})
    filled = ops.post(f"{base}/readiness", {"checklist": checklist, "notes": "Lengkap"})
    not_head = ops.post(f"{base}/readiness/confirm", {})
    confirmed = head.post(f"{base}/readiness/confirm", {"notes": "Siap"})
    rule = admin.post(f"{base}/reminder-rules", {"days_before": 3, "hour": 9, "channels": ["email"]})
    bad_rule = admin.post(f"{base}/reminder-rules", {"days_before": 99})
    now = admin.post(f"{base}/reminders/send-now")

    assert generated.status_code == 201, generated.content
    assert generated.json()["recap_number"].startswith("560/001/LAP-Disnaker/")
    assert sent.json()["recipients"] == 2
    assert OutboxMessage.objects.filter(template_code="test_schedule_distribution").count() == 4
    assert refused.status_code == 403 and not_head.status_code == 403
    assert filled.status_code == 200 and confirmed.json()["confirmed_by"] == "kepala.tuk"
    assert rule.status_code == 201 and bad_rule.status_code == 422
    assert "days_before" in bad_rule.json()["detail"][0]["loc"]
    assert now.json() == {"sent": 2}
    assert [step_status(disnaker_run, n) for n in (1, 2, 3, 4)] == ["done", "done", "done", "active"]

    anonymous = Client()
    first = anonymous.post(
        f"/api/v1/attendance/{registrations[0].confirmation_token}",
        {"answer": "attending"},
        content_type="application/json",
    )
    no_reason = anonymous.post(
        f"/api/v1/attendance/{registrations[1].confirmation_token}",
        {"answer": "absent"},
        content_type="application/json",
    )
    unknown = anonymous.post(
        "/api/v1/attendance/salah", {"answer": "attending"}, content_type="application/json"
    )
    listing = admin.get(f"{base}/confirmations").json()

    assert first.status_code == 200 and first.json()["answer"] == "attending"
    assert no_reason.status_code == 422 and unknown.status_code == 404
    assert listing["attending"] == 1 and listing["unanswered"] == 1


def test_the_api_refuses_others(no_role, outsider, event):
    assert Api(no_role).get(f"/events/{event.public_id}/confirmations").status_code == 403
    assert Api(outsider).post(f"/events/{event.public_id}/distribution").status_code == 404


def test_the_reminders_report_is_made_through_the_api_and_closes_step_3(
    admin_staff, tekops, site_head, no_role, outsider, event, registrations, numbering, disnaker_run
):
    from ujikom.scheduling.services_readiness import (
        ReadinessItem,
        confirm_readiness,
        fill_readiness,
        generate_schedule_distribution,
        send_reminders_now,
    )

    generate_schedule_distribution(event=event, actor=admin_staff)
    fill_readiness(
        event=event, actor=tekops, items=[ReadinessItem(key, True, "") for key, _label in READINESS_ITEMS]
    )
    confirm_readiness(event=event, actor=site_head)
    admin = Api(admin_staff)
    base = f"/events/{event.public_id}/reminders"

    # Nothing sent yet: the report is refused with the page's message
    too_early = admin.post(f"{base}/report")
    assert too_early.status_code == 422
    assert "Belum ada pengingat yang terkirim." in too_early.content.decode()

    # Reminders sent to the candidates one by one (no report made by that)
    send_reminders_now(event=event, actor=admin_staff, registrations=registrations)
    assert step_status(disnaker_run, 3) == "active"
    assert Api(no_role).post(f"{base}/report").status_code == 403
    assert Api(outsider).post(f"{base}/report").status_code == 404

    made = admin.post(f"{base}/report")

    assert made.status_code == 201, made.content
    report = made.json()
    assert report["kind"] == "reminders" and report["created_by"] == admin_staff.username
    assert report["file_name"].startswith("laporan-pengingat") and report["file_name"].endswith(".pdf")
    assert [item["file"] for item in admin.get(f"{base}/reports").json()] == [report["file"]]
    assert step_status(disnaker_run, 3) == "done"
    assert step_status(disnaker_run, 4) == "active"
