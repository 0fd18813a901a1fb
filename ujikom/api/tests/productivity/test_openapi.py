"""The OpenAPI document lists the productivity endpoints with their Indonesian descriptions."""

from __future__ import annotations

PATHS = {
    "/api/v1/productivity/companies",
    "/api/v1/productivity/companies/{public_id}",
    "/api/v1/productivity/companies/{public_id}/cases",
    "/api/v1/productivity/cases",
    "/api/v1/productivity/cases/{public_id}",
    "/api/v1/productivity/cases/{public_id}/identification",
    "/api/v1/productivity/cases/{public_id}/cancel",
    "/api/v1/productivity/cases/{public_id}/close",
    "/api/v1/productivity/cases/{public_id}/closing-report",
    "/api/v1/productivity/cases/{public_id}/stages/{stage}/finish",
    "/api/v1/productivity/cases/{public_id}/visits",
    "/api/v1/productivity/cases/{public_id}/visits/{visit_id}",
    "/api/v1/productivity/cases/{public_id}/measurements",
    "/api/v1/productivity/cases/{public_id}/measurements/{measurement_id}",
    "/api/v1/productivity/cases/{public_id}/causes",
    "/api/v1/productivity/cases/{public_id}/causes/{cause_id}",
    "/api/v1/productivity/cases/{public_id}/causes/{cause_id}/whys",
    "/api/v1/productivity/cases/{public_id}/actions",
    "/api/v1/productivity/cases/{public_id}/actions/{action_id}",
    "/api/v1/productivity/cases/{public_id}/evaluation",
}


def test_the_openapi_document_lists_the_productivity_endpoints(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) >= PATHS
    assert paths["/api/v1/productivity/cases"]["post"]["summary"] == "Buka kasus bimbingan"
    assert paths["/api/v1/productivity/cases/{public_id}/evaluation"]["put"]["tags"] == [
        "Produktivitas: indikator, sebab, rencana, evaluasi"
    ]
