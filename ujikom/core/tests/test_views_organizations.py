"""Organization and unit pages: who sees what, the unit tree, validation in Indonesian."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.core.models import AuditEvent, Organization, Unit
from ujikom.core.services import create_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(disnaker, system_admin):
    bidang = create_unit(organization=disnaker, actor=system_admin, name="Bidang Pelatihan Kerja")
    seksi = create_unit(organization=disnaker, actor=system_admin, name="Seksi Sertifikasi", parent=bidang)
    tuk = create_unit(organization=disnaker, actor=system_admin, name="TUK Mandiri", kind=Unit.Kind.TEST_SITE)
    return {"bidang": bidang, "seksi": seksi, "tuk": tuk}


def test_org_admin_adds_a_unit_under_another_and_sees_it_in_the_tree(client_for, org_admin, disnaker, units):
    client = client_for(org_admin)

    response = client.post(
        reverse("core:unit_create", args=[disnaker.public_id]),
        {
            "name": "Seksi Produktivitas",
            "code": "SP",
            "kind": "section",
            "parent": units["bidang"].pk,
            "is_active": "on",
        },
        follow=True,
    )

    assert response.status_code == 200
    unit = Unit.objects.get(name="Seksi Produktivitas")
    assert unit.organization == disnaker and unit.parent == units["bidang"]
    page = response.content.decode()
    assert "Unit Seksi Produktivitas ditambahkan." in page
    tree = page[page.index('data-testid="unit"') :]
    # depth first: the new unit sits inside its parent's item, before the next root
    assert (
        tree.index("Bidang Pelatihan Kerja") < tree.index("Seksi Produktivitas") < tree.index("TUK Mandiri")
    )
    assert AuditEvent.objects.filter(
        event_type="unit.created", subject_id=str(unit.pk), actor=org_admin
    ).exists()


def test_duplicate_unit_name_in_the_organization_is_refused_in_indonesian(
    client_for, org_admin, disnaker, units
):
    client = client_for(org_admin)
    before = Unit.objects.count()

    response = client.post(
        reverse("core:unit_create", args=[disnaker.public_id]),
        {"name": "seksi sertifikasi", "kind": "section"},
    )

    assert response.status_code == 200
    assert "Unit bernama “seksi sertifikasi” sudah ada di organisasi ini." in response.content.decode()
    assert Unit.objects.count() == before


def test_same_unit_name_is_allowed_in_another_organization(client_for, system_admin, lsp, units):
    response = client_for(system_admin).post(
        reverse("core:unit_create", args=[lsp.public_id]), {"name": "Seksi Sertifikasi", "kind": "section"}
    )

    assert response.status_code == 302
    assert Unit.objects.filter(organization=lsp, name="Seksi Sertifikasi").exists()


def test_unit_parent_from_another_organization_is_refused(client_for, org_admin, disnaker, lsp, system_admin):
    foreign = create_unit(organization=lsp, actor=system_admin, name="Bidang Sertifikasi LSP")

    response = client_for(org_admin).post(
        reverse("core:unit_create", args=[disnaker.public_id]),
        {"name": "Seksi Baru", "kind": "section", "parent": foreign.pk},
    )

    assert "Unit induk yang dipilih tidak ada di organisasi ini." in response.content.decode()
    assert not Unit.objects.filter(name="Seksi Baru").exists()


def test_unit_cannot_be_moved_under_its_own_child(client_for, org_admin, units):
    bidang, seksi = units["bidang"], units["seksi"]

    response = client_for(org_admin).post(
        reverse("core:unit_edit", args=[bidang.public_id]),
        {"name": bidang.name, "kind": "division", "parent": seksi.pk, "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Unit induk yang dipilih tidak ada di organisasi ini." in response.content.decode()
    bidang.refresh_from_db()
    assert bidang.parent is None


def test_org_admin_renames_a_unit(client_for, org_admin, units):
    tuk = units["tuk"]

    response = client_for(org_admin).post(
        reverse("core:unit_edit", args=[tuk.public_id]),
        {"name": "TUK Mandiri Disnaker", "kind": "test_site", "is_active": "on"},
    )

    assert response.status_code == 302
    tuk.refresh_from_db()
    assert tuk.name == "TUK Mandiri Disnaker"
    event = AuditEvent.objects.get(event_type="unit.updated")
    assert event.data == {"changes": {"name": ["TUK Mandiri", "TUK Mandiri Disnaker"]}}


def test_official_sees_detail_with_unit_tree_and_active_members(
    client_for, official, org_admin, disnaker, units
):
    response = client_for(official).get(reverse("core:organization_detail", args=[disnaker.public_id]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Seksi Sertifikasi" in page and "TUK Mandiri" in page
    assert "Kasi Sertifikasi" in page and "Dewi Admin Disnaker" in page
    assert "Ubah data organisasi" not in page  # viewing only
    assert reverse("core:unit_edit", args=[units["tuk"].public_id]) not in page


def test_org_admin_sees_edit_links_on_detail(client_for, org_admin, disnaker, units):
    page = (
        client_for(org_admin)
        .get(reverse("core:organization_detail", args=[disnaker.public_id]))
        .content.decode()
    )

    assert reverse("core:organization_edit", args=[disnaker.public_id]) in page
    assert reverse("core:unit_edit", args=[units["tuk"].public_id]) in page


def test_admin_of_another_organization_gets_404_on_this_organization(client_for, stranger, disnaker, units):
    client = client_for(stranger)

    assert client.get(reverse("core:organization_detail", args=[disnaker.public_id])).status_code == 404
    assert client.get(reverse("core:organization_edit", args=[disnaker.public_id])).status_code == 404
    assert client.get(reverse("core:unit_create", args=[disnaker.public_id])).status_code == 404
    response = client.post(
        reverse("core:unit_edit", args=[units["tuk"].public_id]), {"name": "Diambil", "kind": "other"}
    )
    assert response.status_code == 404
    units["tuk"].refresh_from_db()
    assert units["tuk"].name == "TUK Mandiri"


def test_member_without_the_permission_gets_403(client_for, official, candidate, disnaker, units):
    assert (
        client_for(candidate).get(reverse("core:organization_detail", args=[disnaker.public_id])).status_code
        == 403
    )
    assert client_for(candidate).get(reverse("core:organization_list")).status_code == 403
    official_client = client_for(official)
    assert (
        official_client.get(reverse("core:organization_edit", args=[disnaker.public_id])).status_code == 403
    )
    assert official_client.get(reverse("core:unit_edit", args=[units["tuk"].public_id])).status_code == 403
    assert (
        official_client.post(
            reverse("core:unit_create", args=[disnaker.public_id]), {"name": "X", "kind": "other"}
        ).status_code
        == 403
    )
    assert not Unit.objects.filter(name="X").exists()


def test_org_admin_edits_particulars_but_not_kind_or_code(client_for, org_admin, disnaker):
    response = client_for(org_admin).post(
        reverse("core:organization_edit", args=[disnaker.public_id]),
        {
            "name": disnaker.name,
            "city": "Kota Tangerang",
            "province": "Banten",
            "kind": "lsp",
            "code": "dicuri",
        },
    )

    assert response.status_code == 302
    disnaker.refresh_from_db()
    assert (disnaker.city, disnaker.kind, disnaker.code) == (
        "Kota Tangerang",
        Organization.Kind.AGENCY,
        "disnaker",
    )


def test_only_system_admin_registers_organizations(client_for, org_admin, system_admin):
    assert client_for(org_admin).get(reverse("core:organization_create")).status_code == 403

    response = client_for(system_admin).post(
        reverse("core:organization_create"),
        {
            "kind": "training_provider",
            "name": "BLK Kota Tangerang",
            "code": "blk-tangerang",
            "is_active": "on",
        },
    )

    organization = Organization.objects.get(code="blk-tangerang")
    assert response.url == reverse("core:organization_detail", args=[organization.public_id])
    assert AuditEvent.objects.filter(event_type="organization.created", organization=organization).exists()


def test_duplicate_organization_name_and_code_are_refused(client_for, system_admin, disnaker):
    response = client_for(system_admin).post(
        reverse("core:organization_create"),
        {"kind": "agency", "name": "dinas ketenagakerjaan kota tangerang", "code": "disnaker"},
    )

    page = response.content.decode()
    assert "Organisasi bernama “dinas ketenagakerjaan kota tangerang” sudah terdaftar." in page
    assert "Organisasi dengan Kode telah ada." in page
    assert Organization.objects.count() == 1


def test_organization_list_searches_filters_and_pins_its_queries(
    client_for, system_admin, make_organization, django_assert_max_num_queries
):
    for number in range(30):
        make_organization(f"LSP Nomor {number:02}", Organization.Kind.LSP)
    make_organization("Dinas Tenaga Kerja Kota Bekasi", Organization.Kind.AGENCY, city="Kota Bekasi")
    client = client_for(system_admin)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:organization_list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="organization-row"') == 25

    page = client.get(reverse("core:organization_list"), {"q": "bekasi"}).content.decode()
    assert page.count('data-testid="organization-row"') == 1
    assert "Dinas Tenaga Kerja Kota Bekasi</a>" in page
    page = client.get(reverse("core:organization_list"), {"kind": "agency"}).content.decode()
    assert page.count('data-testid="organization-row"') == 1


def test_organization_list_shows_a_member_only_their_organizations(client_for, official, disnaker, lsp):
    page = client_for(official).get(reverse("core:organization_list")).content.decode()

    assert disnaker.name in page and lsp.name not in page


def test_htmx_search_returns_only_the_rows(client_for, system_admin, disnaker, lsp):
    response = client_for(system_admin).get(
        reverse("core:organization_list"), {"q": "STMI"}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="rows">')
    assert "LSP Politeknik STMI Jakarta" in page and disnaker.name not in page
    assert "<html" not in page


def test_only_a_system_administrator_may_change_an_organizations_code_whatever_calls_the_service(
    make_user, disnaker
):
    from django.core.exceptions import ValidationError

    from ujikom.core.services import update_organization

    admin = make_user("kasi", roles=[(disnaker, "org_admin")])

    with pytest.raises(ValidationError) as refused:
        update_organization(organization=disnaker, actor=admin, code="dinas-lain", city="Kota Tangerang")

    disnaker.refresh_from_db()
    assert "code" in refused.value.message_dict
    assert (disnaker.code, disnaker.city) == ("disnaker", "")
