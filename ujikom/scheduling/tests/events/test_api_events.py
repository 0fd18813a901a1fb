"""The API of targets, plans and test events: same rules and permissions as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from ujikom.core.tokens import create_token
from ujikom.scheduling.models import TestEvent

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, secret = create_token(user=user, name="tes")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_a_target_plan_and_event_are_made_and_published_through_the_api(
    chair, lsp, scheme, site, disnaker, funding, numbering, year
):
    client = api(chair)
    target = client.post(
        f"/api/v1/organizations/{lsp.code}/targets",
        {"year": year, "scheme": scheme.code, "funding": funding.code, "quantity": 40},
        content_type="application/json",
    )
    assert target.status_code == 201, target.content
    plan = client.post(
        f"/api/v1/organizations/{lsp.code}/plans",
        {
            "year": year,
            "title": "Rencana",
            "targets": [target.json()["public_id"]],
            "budget_lines": [
                {"description": "Honor asesor", "quantity": "5", "unit": "OH", "unit_cost": "250000"}
            ],
        },
        content_type="application/json",
    )
    assert plan.status_code == 201, plan.content
    assert plan.json()["total_text"] == "Rp 1.250.000"
    event = client.post(
        f"/api/v1/organizations/{lsp.code}/test-events",
        {
            "title": "Uji OKM",
            "scheme": scheme.code,
            "site": str(site.public_id),
            "facilitator": disnaker.code,
            "plan": plan.json()["public_id"],
            "registration_opens_on": f"{year}-03-01",
            "registration_closes_on": f"{year}-03-10",
            "starts_on": f"{year}-03-12",
            "ends_on": f"{year}-03-12",
            "quota": 20,
        },
        content_type="application/json",
    )
    assert event.status_code == 201, event.content
    assert event.json()["allowed_transitions"] == ["registration", "cancelled"]

    approved = client.post(f"/api/v1/plans/{plan.json()['public_id']}/approve")

    assert approved.status_code == 200
    assert approved.json()["status"] == "approved" and approved.json()["schedule_decree_number"]


def test_event_date_errors_name_the_field(chair, lsp, scheme, site, year):
    response = api(chair).post(
        f"/api/v1/organizations/{lsp.code}/test-events",
        {
            "title": "Uji",
            "scheme": scheme.code,
            "site": str(site.public_id),
            "registration_opens_on": f"{year}-03-01",
            "registration_closes_on": f"{year}-03-10",
            "starts_on": f"{year}-03-12",
            "ends_on": f"{year}-03-11",
            "quota": 20,
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert {
        "loc": "body.ends_on",
        "msg": "Tanggal selesai uji tidak boleh sebelum tanggal mulai uji.",
    } in response.json()["detail"]


def test_ready_is_refused_through_the_api_and_outsiders_see_nothing(chair, outsider, event):
    client = api(chair)
    client.post(
        f"/api/v1/test-events/{event.public_id}/transition",
        {"status": "registration"},
        content_type="application/json",
    )

    refused = client.post(
        f"/api/v1/test-events/{event.public_id}/transition",
        {"status": "ready"},
        content_type="application/json",
    )

    assert refused.status_code == 422
    event.refresh_from_db()
    assert event.status == TestEvent.Status.REGISTRATION
    assert api(outsider).get(f"/api/v1/test-events/{event.public_id}").status_code == 404
