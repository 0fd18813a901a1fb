"""GET /api/v1/reports/dashboard: the panels' figures as JSON, the same as the page's."""

from __future__ import annotations

import pytest

from ujikom.core.models import Role, RoleAssignment
from ujikom.reports.selectors_dashboard import series_months
from ujikom.scheduling.models import Registration
from ujikom.sop.models import Task

pytestmark = pytest.mark.django_db


def test_the_api_serves_every_figure_of_the_panels(world, runs, kadis, client_for):
    response = client_for(kadis).get(
        "/api/v1/reports/dashboard", {"organization": str(world.disnaker.public_id)}
    )

    assert response.status_code == 200
    data = response.json()
    assert data["organization"]["code"] == world.disnaker.code
    assert data["panels"] == ["my_tasks", "official"]
    open_tasks = Task.objects.filter(step_run__run__organization=world.disnaker).exclude(
        status__in=["done", "cancelled"]
    )
    assert data["organization_tasks"]["open"] == len(list(open_tasks))
    assert data["upcoming"]["total"] == 3 and data["upcoming"]["days"] == 30
    soon = data["upcoming"]["first"][0]
    assert soon["title"] == "Uji Kompetensi Segera"
    assert soon["accepted"] == len(
        [r for r in Registration.objects.filter(event=world.events["Segera"]) if r.status == "accepted"]
    )
    assert (soon["site_verified"], soon["readiness_confirmed"], soon["assessors_confirmed"]) == (
        True,
        True,
        1,
    )
    assert data["unconfirmed"]["candidates"] == 7 and data["unconfirmed"]["assessors"] == 2
    assert data["unconfirmed"]["candidate_events"][0]["title"] == "Uji Kompetensi Segera"
    assert data["expiring"] == {
        "certificates_30": 0,
        "certificates_90": 0,
        "assessors_30": 0,
        "assessors_90": 0,
    }
    assert [row["month"] for row in data["series"]] == [
        m.strftime("%Y-%m") for m in series_months(world.today)
    ]
    assert sum(row["tested"] for row in data["series"]) == 9
    assert sum(row["competent"] for row in data["series"]) == 6
    assert sum(row["certificates"] for row in data["series"]) == 6
    assert data["my_assignments"] is None


def test_without_an_organization_the_first_allowed_one_is_used(world, ketua, client_for):
    data = client_for(ketua).get("/api/v1/reports/dashboard").json()

    assert data["organization"]["code"] == world.lsp.code
    assert data["expiring"]["certificates_90"] == 3


def test_an_assessors_own_figures_come_with_the_organization_they_may_see(world, client_for):
    RoleAssignment.objects.create(
        user=world.assessors[0].user, organization=world.lsp, role=Role.objects.get(key="quality")
    )
    data = client_for(world.assessors[0].user).get("/api/v1/reports/dashboard").json()

    assert set(data["panels"]) == {"my_tasks", "official", "assessor"}
    assert data["my_assignments"]["upcoming"] == 2 and data["my_assignments"]["unconfirmed"] == 1


def test_the_api_needs_a_signed_in_caller(client):
    assert client.get("/api/v1/reports/dashboard").status_code == 401
