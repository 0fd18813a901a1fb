"""The register of companies and institutions: registered with clear messages on bad input (nothing
saved), a name once per office whatever its case, edited and deactivated with an audit trail; the
list searches and filters and counts each company's cases in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ujikom.core.models import AuditEvent
from ujikom.productivity.models import Company, GuidanceCase
from ujikom.productivity.services_cases import create_company, set_company_active, update_company

pytestmark = pytest.mark.django_db
LIST = reverse("productivity:company_list")
NEW = reverse("productivity:company_create")


def _fields(**changes):
    fields = {
        "name": "PT Karya Logam Presisi",
        "kind": Company.Kind.COMPANY,
        "sector": "C",
        "size": Company.Size.MEDIUM,
        "workers": 45,
        "address": "Jalan Gatot Subroto Km 5, Jatiuwung, Tangerang",
        "contact_name": "Siti Rahma",
        "contact_position": "Manajer Produksi",
        "contact_phone": "081298765432",
        "contact_email": "produksi@karyalogam.co.id",
    }
    fields.update(changes)
    return fields


def test_a_company_is_registered_and_audited(disnaker, petugas):
    company = create_company(organization=disnaker, actor=petugas, **_fields())

    assert company.organization == disnaker and company.is_active
    event = AuditEvent.objects.get(event_type="productivity.company.created")
    assert event.actor == petugas and event.data["name"] == "PT Karya Logam Presisi"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Tuliskan nama perusahaan/instansi."),
        ({"workers": 0}, "workers", "Jumlah pekerja harus lebih dari 0"),
        ({"address": ""}, "address", "Tuliskan alamat"),
        ({"contact_name": ""}, "contact_name", "Tuliskan nama narahubung"),
        ({"sector": "Z"}, "sector", ""),
    ],
)
def test_bad_company_input_is_named_per_field_and_saves_nothing(disnaker, petugas, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        create_company(organization=disnaker, actor=petugas, **_fields(**changes))

    assert message in refused.value.message_dict[field][0]
    assert not Company.objects.exists() and not AuditEvent.objects.exists()


def test_a_name_is_registered_once_per_office_whatever_its_case(disnaker, other_office, petugas, outsider):
    create_company(organization=disnaker, actor=petugas, **_fields())

    with pytest.raises(ValidationError) as refused:
        create_company(organization=disnaker, actor=petugas, **_fields(name="pt karya logam presisi"))

    assert "sudah terdaftar di register" in refused.value.message_dict["name"][0]
    create_company(organization=other_office, actor=outsider, **_fields())
    assert Company.objects.count() == 2


def test_editing_and_deactivating_a_company_is_audited(company, petugas, make_company):
    make_company(name="PT Tetangga")

    update_company(company=company, actor=petugas, workers=90, contact_name="Dewi Lestari")
    set_company_active(company=company, actor=petugas, active=False)

    company.refresh_from_db()
    assert (company.workers, company.contact_name, company.is_active) == (90, "Dewi Lestari", False)
    assert AuditEvent.objects.get(event_type="productivity.company.updated").data["changed"] == [
        "contact_name",
        "workers",
    ]
    assert AuditEvent.objects.filter(event_type="productivity.company.deactivated").exists()
    with pytest.raises(ValidationError):
        update_company(company=company, actor=petugas, name="PT TETANGGA")
    company.refresh_from_db()
    assert company.name == "PT Sinar Garmen Tangerang"


def test_the_register_page_searches_filters_and_counts_cases(
    client_for, kadis, make_company, company, kasi, django_assert_max_num_queries
):
    client = client_for(kadis)
    with django_assert_max_num_queries(14) as few:
        client.get(LIST)
    for number in range(12):
        other = make_company(name=f"CV Usaha {number:02}", sector="G", size=Company.Size.SMALL)
        GuidanceCase.objects.create(
            organization=other.organization,
            company=other,
            number=f"{number:03}/BTP",
            title="Kasus",
            origin=GuidanceCase.Origin.OUTREACH,
            requested_on="2026-01-05",
            request_summary="x",
            output_unit="unit",
            opened_by=kasi,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="company-row"') == 13
    assert "Berjalan" in page
    garment = client.get(LIST, {"q": "sinar", "sector": "C"}).content.decode()
    assert "PT Sinar Garmen Tangerang" in garment and "CV Usaha" not in garment
    assert "Daftarkan perusahaan/instansi" not in page  # the Kadis records nothing


def test_registering_through_the_page(client_for, petugas):
    response = client_for(petugas).post(NEW, _fields(workers="45"))

    company = Company.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("productivity:company_detail", args=[company.public_id])


def test_the_page_shows_the_services_message_on_its_field(client_for, petugas, company):
    response = client_for(petugas).post(NEW, _fields(name="PT SINAR GARMEN TANGERANG"))

    assert response.status_code == 400
    assert "sudah terdaftar di register" in response.content.decode()
    assert Company.objects.count() == 1


def test_register_pages_refuse_who_may_not(client, client_for, kadis, outsider, company):
    detail = reverse("productivity:company_detail", args=[company.public_id])
    edit = reverse("productivity:company_edit", args=[company.public_id])

    assert client.get(LIST).status_code == 302
    assert client.get(detail)["Location"].startswith(reverse("login"))
    assert client_for(kadis).get(NEW).status_code == 403
    assert client_for(kadis).get(edit).status_code == 403
    assert client_for(kadis).get(detail).status_code == 200
    assert client_for(outsider).get(detail).status_code == 404
    assert client_for(outsider).get(edit).status_code == 404
    assert (
        client_for(outsider).get(LIST, {"organization": str(company.organization.public_id)}).status_code
        == 403
    )
    assert "PT Sinar Garmen" not in client_for(outsider).get(LIST).content.decode()


def test_editing_through_the_page_deactivates(client_for, petugas, company):
    edit = reverse("productivity:company_edit", args=[company.public_id])
    data = _fields(name=company.name, workers="85")

    response = client_for(petugas).post(edit, data)  # "is_active" unticked

    company.refresh_from_db()
    assert response.status_code == 302 and not company.is_active
