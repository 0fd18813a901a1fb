"""The companies register through the API: listing and filtering, registering, changing and
deactivating a company, and each company's cases, with the pages' permissions."""

from __future__ import annotations

from ujikom.core.models import AuditEvent
from ujikom.productivity.models import Company

NEW_COMPANY = {
    "name": "CV Roti Sejahtera",
    "kind": "company",
    "sector": "C",
    "size": "small",
    "workers": 12,
    "address": "Jalan Perintis Kemerdekaan No. 8, Cikokol, Tangerang",
    "contact_name": "Siti Aminah",
    "contact_phone": "081298765432",
}


def test_the_register_lists_the_offices_companies_with_filters_in_a_fixed_number_of_queries(
    api_as, kasi, make_company, other_office, django_assert_max_num_queries
):
    make_company(name="PT Garmen Jaya", sector="C", size=Company.Size.LARGE)
    make_company(name="Hotel Cisadane", sector="I", size=Company.Size.MEDIUM)
    make_company(name="Toko Lama", sector="G", is_active=False)
    make_company(other_office, name="PT Serang Makmur", sector="C")
    for number in range(5):
        make_company(name=f"UD Mebel {number}", sector="C", size=Company.Size.SMALL)
    api = api_as(kasi)

    with django_assert_max_num_queries(8):
        everything = api.get("/productivity/companies")
    manufacturing = api.get("/productivity/companies", sector="C", active="true", limit=2)
    searched = api.get("/productivity/companies", q="cisadane")

    assert everything.status_code == 200
    names = [row["name"] for row in everything.json()["items"]]
    assert "PT Serang Makmur" not in names
    assert everything.json()["count"] == 8
    assert manufacturing.json()["count"] == 6
    assert len(manufacturing.json()["items"]) == 2
    assert [row["name"] for row in searched.json()["items"]] == ["Hotel Cisadane"]
    hotel = searched.json()["items"][0]
    assert hotel["sector_label"].startswith("I · Penyediaan akomodasi")
    assert hotel["organization"]["code"] == "disnaker"
    assert hotel["cases"] == 0


def test_a_field_officer_registers_a_company_in_the_office(api_as, petugas):
    response = api_as(petugas).post("/productivity/companies", NEW_COMPANY)

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "CV Roti Sejahtera"
    assert body["size_label"] == "Kecil (5–19 pekerja)"
    company = Company.objects.get(public_id=body["public_id"])
    assert company.organization.code == "disnaker"
    assert AuditEvent.objects.filter(event_type__startswith="productivity.company").exists()


def test_a_second_company_of_the_same_name_is_refused_with_the_registers_message(api_as, petugas, company):
    before = Company.objects.count()

    response = api_as(petugas).post(
        "/productivity/companies", {**NEW_COMPANY, "name": "pt sinar garmen tangerang"}
    )

    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == "body.name"
    assert "sudah terdaftar" in error["msg"]
    assert Company.objects.count() == before


def test_a_negative_number_of_workers_is_refused(api_as, petugas):
    response = api_as(petugas).post("/productivity/companies", {**NEW_COMPANY, "workers": -3})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.workers"
    assert not Company.objects.filter(name="CV Roti Sejahtera").exists()


def test_a_company_is_changed_and_deactivated_with_one_patch(api_as, petugas, company):
    response = api_as(petugas).patch(
        f"/productivity/companies/{company.public_id}", {"workers": 90, "is_active": False}
    )

    assert response.status_code == 200
    assert response.json()["workers"] == 90
    assert response.json()["is_active"] is False
    company.refresh_from_db()
    assert (company.workers, company.is_active) == (90, False)


def test_a_company_shows_its_cases(api_as, kadis, open_case):
    response = api_as(kadis).get(f"/productivity/companies/{open_case.company.public_id}/cases")

    assert response.status_code == 200
    [row] = response.json()
    assert row["public_id"] == str(open_case.public_id)
    assert row["stage"] == "identification"
    assert row["stage_label"] == "Identifikasi permasalahan"


def test_the_kadis_reads_the_register_but_may_not_register_or_change(api_as, kadis, company):
    api = api_as(kadis)

    read = api.get(f"/productivity/companies/{company.public_id}")
    created = api.post("/productivity/companies", NEW_COMPANY)
    changed = api.patch(f"/productivity/companies/{company.public_id}", {"workers": 1})

    assert read.status_code == 200
    assert created.status_code == 403
    assert "tidak berhak mencatat" in created.json()["detail"]
    assert changed.status_code == 403
    assert not Company.objects.filter(name="CV Roti Sejahtera").exists()
    company.refresh_from_db()
    assert company.workers == 85


def test_another_offices_company_is_not_found(api_as, outsider, company):
    api = api_as(outsider)

    assert api.get(f"/productivity/companies/{company.public_id}").status_code == 404
    assert api.patch(f"/productivity/companies/{company.public_id}", {"workers": 1}).status_code == 404
    assert api.get(f"/productivity/companies/{company.public_id}/cases").status_code == 404
    assert api.get("/productivity/companies").json()["count"] == 0
    refused = api.get("/productivity/companies", organization="disnaker")
    assert refused.status_code == 403


def test_a_body_naming_another_office_is_bad_input(api_as, outsider, disnaker):
    response = api_as(outsider).post("/productivity/companies", {**NEW_COMPANY, "organization": "disnaker"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.organization"


def test_calls_without_a_token_are_refused(nobody, company):
    assert nobody.get("/productivity/companies").status_code == 401
    assert nobody.post("/productivity/companies", NEW_COMPANY).status_code == 401
    assert nobody.get(f"/productivity/companies/{company.public_id}").status_code == 401
