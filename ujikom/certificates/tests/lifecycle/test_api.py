"""GET /api/v1/certificates/expiring: the expiring-soon list through the API, same scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ujikom.certificates.models import ExpiryReminder
from ujikom.core.models import Organization

pytestmark = pytest.mark.django_db

URL = "/api/v1/certificates/expiring"


@pytest.fixture
def soon(make_certificate):
    today = timezone.localdate()
    certificate = make_certificate(
        issued_on=today - dt.timedelta(days=1000),
        valid_until=today + dt.timedelta(days=25),
        holder="Sari Cepat",
    )
    ExpiryReminder.objects.create(certificate=certificate, days_before=30, sent_at=timezone.now())
    return certificate


def test_the_api_lists_what_ends_within_the_window(soon, head_admin, client_for):
    data = client_for(head_admin).get(URL, {"days": 30}).json()

    assert data["days"] == 30 and data["certificates_total"] == 1
    row = data["certificates"][0]
    assert row["public_id"] == soon.public_id and row["holder_name"] == "Sari Cepat"
    assert row["days_left"] == 25 and row["reminders_sent"] == [30]
    assert row["verification_url"].endswith(f"/v/{soon.public_id}")


def test_bad_filters_are_named(soon, head_admin, client_for):
    response = client_for(head_admin).get(URL, {"days": 45, "scheme": "TIDAK-ADA"})

    assert response.status_code == 422
    assert {item["loc"] for item in response.json()["detail"]} == {"query.days", "query.scheme"}
    assert "Pilih 30, 90 atau 180 hari." in response.text


def test_another_lsp_sees_nothing_and_a_stranger_is_refused(
    soon, make_user, make_organization, client_for, candidate_user, client
):
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    stranger = make_user("kepala.lain", roles=[(other, "head_admin")])
    assert client_for(stranger).get(URL).json()["certificates"] == []
    assert client_for(candidate_user).get(URL).status_code == 403
    assert client.get(URL).status_code == 401


def test_the_path_is_not_taken_for_a_certificate_id(soon, head_admin, client_for):
    assert client_for(head_admin).get(f"/api/v1/certificates/{soon.public_id}").status_code == 200
    assert client_for(head_admin).get(URL).status_code == 200
