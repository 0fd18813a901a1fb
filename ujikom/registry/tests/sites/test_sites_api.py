"""The API of test sites and assessors: same permissions as the pages, errors per field."""

from __future__ import annotations

import datetime as dt

import pytest

from ujikom.registry.models import Assessor, TestSite

pytestmark = pytest.mark.django_db


def test_a_site_is_created_read_and_changed_by_its_owner(api_for, disnaker_admin, site_head, lsp):
    api = api_for(disnaker_admin)

    created = api.post(
        "/organizations/disnaker/test-sites",
        {
            "code": "TUK-01",
            "name": "TUK Mandiri Disnaker",
            "kind": "mandiri",
            "address": "Jl. Perintis Kemerdekaan No. 1",
            "city": "3671",
            "capacity": 40,
            "head": site_head.username,
            "lsp": "lsp-stmi",
            "verified_until": "2027-12-31",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["city"] == "36.71" and body["verification"]["status"] == "valid" and body["lsp"] == "lsp-stmi"

    changed = api.patch(f"/test-sites/{body['public_id']}", {"capacity": 45, "head": None})
    assert changed.status_code == 200 and changed.json()["capacity"] == 45 and changed.json()["head"] is None
    listed = api.get("/organizations/disnaker/test-sites", kind="mandiri").json()
    assert [item["code"] for item in listed["items"]] == ["TUK-01"]


def test_site_errors_name_the_field(api_for, disnaker_admin):
    response = api_for(disnaker_admin).post(
        "/organizations/disnaker/test-sites",
        {
            "code": "S1",
            "name": "TUK Sewaktu",
            "kind": "sewaktu",
            "address": "Jl. A",
            "capacity": 0,
            "verified_until": "2027-01-01",
        },
    )
    assert response.status_code == 422
    locations = {item["loc"] for item in response.json()["detail"]}
    assert {"body.capacity", "body.verified_until"} <= locations
    assert not TestSite.objects.exists()


def test_the_verifying_lsp_reads_but_does_not_change_and_outsiders_see_nothing(
    api_for, lsp_admin, company_admin, lsp, make_site
):
    site = make_site(lsp=lsp)

    assert api_for(lsp_admin).get(f"/test-sites/{site.public_id}").status_code == 200
    assert api_for(lsp_admin).patch(f"/test-sites/{site.public_id}", {"capacity": 2}).status_code == 403
    assert api_for(company_admin).get(f"/test-sites/{site.public_id}").status_code == 404
    assert api_for(company_admin).get("/organizations/disnaker/test-sites").status_code == 404


def test_an_assessor_is_registered_and_listed_with_their_status(api_for, lsp_admin, scheme, today):
    api = api_for(lsp_admin)

    created = api.post(
        "/organizations/lsp-stmi/assessors",
        {
            "new_person": {"full_name": "Siti Rahmawati", "email": "siti@example.id"},
            "registration_number": "MET.000.004517.2020",
            "registration_expires_on": (today + dt.timedelta(days=400)).isoformat(),
            "appointment_number": "KEP.01",
            "appointment_starts_on": (today - dt.timedelta(days=1)).isoformat(),
            "schemes": ["SKM-PROG-01"],
        },
    )

    assert created.status_code == 201, created.json()
    assert created.json()["status"]["ok"] and created.json()["schemes"] == ["SKM-PROG-01"]
    competent = api.get("/organizations/lsp-stmi/competent-assessors", scheme="SKM-PROG-01").json()
    assert [item["registration_number"] for item in competent] == ["MET.000.004517.2020"]


def test_assessor_errors_name_the_field(api_for, lsp_admin, make_user, today):
    make_user("rizky")
    response = api_for(lsp_admin).post(
        "/organizations/lsp-stmi/assessors",
        {
            "person": "rizky",
            "registration_number": "MET-1",
            "registration_expires_on": "2028-01-01",
            "appointment_number": "KEP.01",
            "appointment_starts_on": "2026-01-02",
            "schemes": ["SKM-TIDAK-ADA"],
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.schemes[0]"
    assert not Assessor.objects.exists()


def test_competent_assessors_refuse_an_expired_registration(api_for, lsp_admin, make_assessor, scheme, today):
    make_assessor(schemes=(scheme,), registration_expires_on=today - dt.timedelta(days=1))
    expired_on_the_day = api_for(lsp_admin).get(
        "/organizations/lsp-stmi/competent-assessors", scheme=scheme.code, on=today.isoformat()
    )
    assert expired_on_the_day.json() == []


def test_assessor_changes_are_for_the_lsp_and_the_person_sees_their_own(
    api_for, lsp_admin, disnaker_admin, make_assessor, make_user, scheme
):
    person = make_user("rizky")
    assessor = make_assessor(person=person)

    changed = api_for(lsp_admin).patch(f"/assessors/{assessor.public_id}", {"schemes": [scheme.code]})
    assert changed.status_code == 200 and changed.json()["schemes"] == [scheme.code]
    assert api_for(disnaker_admin).get(f"/assessors/{assessor.public_id}").status_code == 404
    mine = api_for(person).get("/me/assessor-records").json()
    assert [item["public_id"] for item in mine] == [str(assessor.public_id)]
    assert api_for(person).patch(f"/assessors/{assessor.public_id}", {"is_active": False}).status_code == 404
