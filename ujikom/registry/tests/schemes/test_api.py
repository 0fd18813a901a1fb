"""API: regions, funding sources, and schemes with units, with the pages' permissions."""

from __future__ import annotations

from ujikom.registry.models import FundingSource, Scheme
from ujikom.registry.services_schemes import create_funding_source

NEW_SCHEME = {
    "code": "SKM-OKM-02",
    "name": "Operator Komputer Muda",
    "kind": "kkni",
    "kkni_level": 2,
    "units": [
        {"code": "J.620100.035.01", "title": "Mengoperasikan Perangkat Lunak Pengolah Kata Tingkat Dasar"},
        {"code": "J.620100.036.01", "title": "Mengoperasikan Perangkat Lunak Lembar Sebar Tingkat Dasar"},
    ],
}


def test_regions_list_provinces_or_the_cities_of_one(api_for, lsp_assessor):
    api = api_for(lsp_assessor)

    provinces = api.get("/regions").json()
    banten = api.get("/regions", province="36").json()

    assert (
        len(provinces) == 38
        and {"code": "36", "bnsp_code": "36", "name": "Banten", "level": "province", "province": None}
        in provinces
    )
    assert [r["code"] for r in banten][:4] == ["36.01", "36.02", "36.03", "36.04"]
    assert {
        "code": "36.71",
        "bnsp_code": "3671",
        "name": "Kota Tangerang",
        "level": "regency",
        "province": "36",
    } in banten


def test_regions_need_a_signed_in_caller(anonymous_api):
    assert anonymous_api.get("/regions").status_code == 401


def test_a_scheme_is_created_and_read_back_with_its_units(api_for, lsp_chair):
    api = api_for(lsp_chair)

    created = api.post("/organizations/lsp-stmi/schemes", NEW_SCHEME)

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["unit_count"] == 2 and body["units"][0] == {
        "position": 1,
        "code": "J.620100.035.01",
        "title": "Mengoperasikan Perangkat Lunak Pengolah Kata Tingkat Dasar",
        "elements": [],
    }
    detail = api.get(f"/schemes/{body['public_id']}").json()
    assert detail["code"] == "SKM-OKM-02" and detail["kkni_level"] == 2
    units = api.get(f"/schemes/{body['public_id']}/units").json()
    assert [u["code"] for u in units] == ["J.620100.035.01", "J.620100.036.01"]


def test_bad_units_are_422_naming_the_row(api_for, lsp_chair):
    payload = NEW_SCHEME | {"units": [{"code": "J.6201.035", "title": "X"}]}

    response = api_for(lsp_chair).post("/organizations/lsp-stmi/schemes", payload)

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == "body.units" and detail[0]["msg"].startswith("Unit ke-1: kode unit")
    assert not Scheme.objects.exists()


def test_the_list_is_searchable_and_another_lsp_gets_404(
    api_for, scheme, lsp_chair, other_chair, lsp_assessor
):
    listed = api_for(lsp_chair).get("/organizations/lsp-stmi/schemes", q="jwd").json()

    assert listed["count"] == 1 and listed["items"][0]["unit_count"] == 2
    assert api_for(other_chair).get("/organizations/lsp-stmi/schemes").status_code == 404
    assert api_for(other_chair).get(f"/schemes/{scheme.public_id}").status_code == 404
    assert api_for(lsp_assessor).get(f"/schemes/{scheme.public_id}").status_code == 403


def test_patch_changes_fields_and_replaces_units(api_for, scheme, lsp_chair, other_chair):
    payload = {"validity_years": 5, "units": [{"code": "J.620100.025.02", "title": "Melakukan Debugging"}]}

    assert api_for(other_chair).patch(f"/schemes/{scheme.public_id}", payload).status_code == 404
    response = api_for(lsp_chair).patch(f"/schemes/{scheme.public_id}", payload)

    assert response.status_code == 200
    assert response.json()["validity_years"] == 5
    assert [u["code"] for u in response.json()["units"]] == ["J.620100.025.02"]
    assert api_for(lsp_chair).patch(f"/schemes/{scheme.public_id}", {"units": None}).status_code == 422


def test_funding_sources_shared_and_own(api_for, system_admin, lsp_chair, lsp, other_lsp):
    create_funding_source(actor=system_admin, organization=None, code="APBN", name="APBN", kind="apbn")
    create_funding_source(actor=system_admin, organization=other_lsp, code="LAIN", name="Lain", kind="other")
    api = api_for(lsp_chair)

    created = api.post(
        "/funding-sources",
        {"organization": "lsp-stmi", "code": "dana-lsp", "name": "Dana LSP", "kind": "other"},
    )
    shared = api.post(
        "/funding-sources", {"organization": None, "code": "MANDIRI", "name": "Mandiri", "kind": "self"}
    )
    listed = api.get("/organizations/lsp-stmi/funding-sources").json()

    assert created.status_code == 201 and created.json()["code"] == "DANA-LSP"
    assert shared.status_code == 403
    assert sorted(item["code"] for item in listed["items"]) == ["APBN", "DANA-LSP"]
    assert FundingSource.objects.filter(organization=lsp).count() == 1
