"""The SOP library through the REST API: the same permissions as the pages, every file error at once."""

# Fixtures come from library_fixtures, imported by name, so pytest passes them back in.
# ruff: noqa: F811
from __future__ import annotations

import dataclasses

import pytest
from django.test import Client

from ujikom.core.models import AuditEvent
from ujikom.core.tokens import create_token
from ujikom.sop.fileformat import dump_definition, load_definition
from ujikom.sop.library_selectors import version_definition
from ujikom.sop.models import Sop, SopVersion

from .library_fixtures import (  # noqa: F401
    SOP_08,
    SOP_10,
    STMI,
    agency,
    candidate,
    kadis,
    kasi,
    lsp_chair,
    plh_kadis,
    seeded,
    staff,
)
from .test_library_views import BROKEN

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user) -> None:
        _token, secret = create_token(user=user, name="tes")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str, **params):
        return self.client.get("/api/v1" + path, params)

    def post(self, path: str, body=None):
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json")

    def put(self, path: str, body):
        return self.client.put("/api/v1" + path, body, content_type="application/json")


def test_list_and_detail_of_the_agencys_sops(seeded, staff):
    api = Api(staff)

    listed = api.get("/organizations/disnaker-tangerang/sops")
    assert listed.status_code == 200
    rows = {row["code"]: row for row in listed.json()}
    assert set(rows) == {SOP_08, SOP_10}
    assert rows[SOP_10]["in_force"]["number"] == 1 and rows[SOP_10]["warning_count"] == 2

    detail = api.get(f"/sops/{rows[SOP_10]['public_id']}")
    assert detail.status_code == 200
    assert [(v["number"], v["status_label"]) for v in detail.json()["versions"]] == [(1, "Berlaku")]

    version = api.get(f"/sop-versions/{seeded[SOP_10].public_id}").json()
    assert version["definition"]["code"] == SOP_10
    assert version["definition"]["effective"] == "2017-03-20"
    assert len(version["definition"]["steps"]) == 8
    assert "Langkah 6 tidak memiliki standar waktu" in version["warnings"]

    exported = api.get(f"/sop-versions/{seeded[SOP_10].public_id}/yaml")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/yaml")
    assert load_definition(exported.content.decode()) == version_definition(seeded[SOP_10])

    pdf = api.get(f"/sop-versions/{seeded[SOP_10].public_id}/pdf", paper="f4")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_another_organization_gets_404_and_a_member_without_role_403(seeded, lsp_chair, candidate):
    outsider, member = Api(lsp_chair), Api(candidate)
    version = seeded[SOP_10]
    assert outsider.get("/organizations/disnaker-tangerang/sops").status_code == 404
    assert outsider.get(f"/sop-versions/{version.public_id}").status_code == 404
    assert outsider.get(f"/sops/{version.sop.public_id}").status_code == 404
    assert outsider.post(f"/sop-versions/{version.public_id}/approve").status_code == 404
    assert member.get("/organizations/disnaker-tangerang/sops").status_code == 403
    response = member.get(f"/sop-versions/{version.public_id}")
    assert response.status_code == 403 and "hak akses" in response.json()["detail"]


def test_validate_returns_every_error_with_its_path(kasi):
    response = Api(kasi).post("/sops/validate", {"yaml": BROKEN})

    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    paths = [error["path"] for error in body["errors"]]
    assert "effective" in paths and "steps[0].time" in paths and "steps[1].activities[0].actor" in paths
    assert all(error["message"] for error in body["errors"])


def test_validate_a_valid_file(seeded, kasi):
    text = dump_definition(version_definition(seeded[SOP_10]))
    assert Api(kasi).post("/sops/validate", {"yaml": text}).json() == {"valid": True, "errors": []}


def test_import_of_an_invalid_file_is_422_with_every_error_and_stores_nothing(kasi, agency):
    api = Api(kasi)
    before = AuditEvent.objects.count()

    response = api.post("/organizations/disnaker-tangerang/sops", {"yaml": BROKEN})

    assert response.status_code == 422
    locations = [item["loc"] for item in response.json()["detail"]]
    assert "body.yaml.effective" in locations and "body.yaml.steps[0].time" in locations
    assert not Sop.objects.exists() and AuditEvent.objects.count() == before


def test_import_gives_201_and_the_next_version_as_draft(seeded, kasi):
    text = dump_definition(dataclasses.replace(version_definition(seeded[SOP_10]), name="Revisi"))

    response = Api(kasi).post("/organizations/disnaker-tangerang/sops", {"yaml": text})

    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["status"], body["name"]) == (2, "draft", "Revisi")
    assert SopVersion.objects.get(public_id=body["public_id"]).created_by == kasi


def test_import_needs_sop_manage(staff, agency):
    response = Api(staff).post("/organizations/disnaker-tangerang/sops", {"yaml": "format: sop/v1"})
    assert response.status_code == 403


def test_approve_by_the_approver_role_only_and_withdraw(seeded, kasi, kadis, plh_kadis):
    draft = Api(kasi).post(f"/sop-versions/{seeded[SOP_10].public_id}/drafts")
    assert draft.status_code == 201
    draft_id = draft.json()["public_id"]

    refused = Api(kasi).post(f"/sop-versions/{draft_id}/approve")
    assert refused.status_code == 403 and "Kepala Dinas" in refused.json()["detail"]

    approved = Api(plh_kadis).post(f"/sop-versions/{draft_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = Api(kadis).post(f"/sop-versions/{draft_id}/approve")
    assert again.status_code == 422

    no_reason = Api(kasi).post(f"/sop-versions/{draft_id}/withdraw", {"reason": ""})
    assert no_reason.status_code == 422
    withdrawn = Api(kasi).post(f"/sop-versions/{draft_id}/withdraw", {"reason": "Salah ketik"})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawal_reason"] == "Salah ketik"
    assert Api(kadis).post(f"/sop-versions/{draft_id}/withdraw", {"reason": "x"}).status_code == 403


def test_a_draft_is_replaced_from_a_file_but_an_approved_version_is_fixed(seeded, kasi):
    api = Api(kasi)
    draft_id = api.post(f"/sop-versions/{seeded[SOP_10].public_id}/drafts").json()["public_id"]
    text = dump_definition(dataclasses.replace(version_definition(seeded[SOP_10]), name="Diganti"))

    assert api.put(f"/sop-versions/{draft_id}", {"yaml": text}).json()["name"] == "Diganti"
    fixed = api.put(f"/sop-versions/{seeded[SOP_10].public_id}", {"yaml": text})
    assert fixed.status_code == 422
    assert "buat draf baru" in fixed.json()["detail"][0]["msg"]
