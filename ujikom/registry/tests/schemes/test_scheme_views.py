"""Scheme and funding-source pages: an LSP sees and edits its own; others are refused."""

from __future__ import annotations

from django.urls import reverse

from ujikom.registry.models import FundingSource, Scheme
from ujikom.registry.services_schemes import create_funding_source


def _unit_rows(rows: list[tuple[str, str, str]], extra: int = 0) -> dict[str, str]:
    data = {"units-TOTAL_FORMS": str(len(rows) + extra), "units-INITIAL_FORMS": "0"}
    for index, (position, code, title) in enumerate(rows):
        data.update(
            {f"units-{index}-position": position, f"units-{index}-code": code, f"units-{index}-title": title}
        )
    return data


def _scheme_post(**overrides: str) -> dict[str, str]:
    data = {
        "scheme-code": "SKM-OKM-02",
        "scheme-name": "Operator Komputer Muda",
        "scheme-kind": "kkni",
        "scheme-kkni_level": "2",
        "scheme-validity_years": "3",
        "scheme-basic_requirements": "",
        "scheme-is_active": "on",
    }
    data.update(overrides)
    return data


def test_the_list_shows_the_lsps_schemes_searched_and_filtered_in_fixed_queries(
    client_for, lsp_chair, make_scheme, other_lsp, django_assert_max_num_queries
):
    for number in range(12):
        make_scheme(code=f"SKM-{number:02d}", name=f"Skema {number}")
    make_scheme(code="SKM-LAIN", name="Skema LSP lain", organization=other_lsp)
    client = client_for(lsp_chair)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:scheme_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="scheme-row"') == 12
    assert "Skema LSP lain" not in page
    searched = client.get(
        reverse("registry:scheme_list"), {"q": "skm-07", "kind": "occupation"}
    ).content.decode()
    assert searched.count('data-testid="scheme-row"') == 1 and "Skema 7" in searched
    assert (
        client.get(reverse("registry:scheme_list"), {"kind": "kkni"})
        .content.decode()
        .count('data-testid="scheme-row"')
        == 0
    )


def test_a_member_without_the_permission_is_refused_the_list(client_for, lsp_assessor):
    assert client_for(lsp_assessor).get(reverse("registry:scheme_list")).status_code == 403


def test_the_detail_shows_units_to_its_lsp_and_is_not_found_for_another(
    client_for, scheme, lsp_chair, other_chair, lsp_assessor
):
    url = reverse("registry:scheme_detail", args=[scheme.public_id])

    page = client_for(lsp_chair).get(url).content.decode()

    assert "J.620100.017.02" in page and "Mengimplementasikan Pemrograman Terstruktur" in page
    assert client_for(other_chair).get(url).status_code == 404
    assert client_for(lsp_assessor).get(url).status_code == 403


def test_a_scheme_is_created_with_its_units_in_one_form(client_for, lsp_chair, lsp):
    data = _scheme_post() | _unit_rows(
        [
            ("2", "J.620100.036.01", "Mengoperasikan Perangkat Lunak Lembar Sebar Tingkat Dasar"),
            ("1", "j.620100.035.01", "Mengoperasikan Perangkat Lunak Pengolah Kata Tingkat Dasar"),
        ],
        extra=1,
    )

    response = client_for(lsp_chair).post(reverse("registry:scheme_create"), data)

    scheme = Scheme.objects.get(organization=lsp, code="SKM-OKM-02")
    assert response.status_code == 302 and response["Location"].endswith(f"{scheme.public_id}/")
    assert list(scheme.units.order_by("position").values_list("code", flat=True)) == [
        "J.620100.035.01",
        "J.620100.036.01",
    ]


def test_a_bad_unit_code_is_shown_at_its_row_and_nothing_is_saved(client_for, lsp_chair):
    data = _scheme_post() | _unit_rows([("1", "J.6201.035", "Mengoperasikan Perangkat Lunak Pengolah Kata")])

    response = client_for(lsp_chair).post(reverse("registry:scheme_create"), data)

    assert response.status_code == 200
    assert "Kode unit SKKNI berbentuk seperti J.620100.017.02." in response.content.decode()
    assert not Scheme.objects.exists()


def test_a_scheme_without_units_is_refused_with_a_message(client_for, lsp_chair):
    response = client_for(lsp_chair).post(
        reverse("registry:scheme_create"), _scheme_post() | _unit_rows([], 3)
    )

    assert "sedikitnya satu unit kompetensi" in response.content.decode()
    assert not Scheme.objects.exists()


def test_editing_replaces_units_and_another_lsp_cannot_edit(client_for, scheme, lsp_chair, other_chair):
    url = reverse("registry:scheme_edit", args=[scheme.public_id])
    form = client_for(lsp_chair).get(url).content.decode()
    assert "J.620100.004.02" in form
    data = _scheme_post(**{"scheme-code": scheme.code, "scheme-kind": "occupation", "scheme-kkni_level": ""})
    data |= _unit_rows([("1", "J.620100.017.02", "Mengimplementasikan Pemrograman Terstruktur")])

    assert client_for(other_chair).post(url, data).status_code == 404
    response = client_for(lsp_chair).post(url, data)

    assert response.status_code == 302
    assert list(scheme.units.values_list("code", flat=True)) == ["J.620100.017.02"]


def test_a_non_lsp_organization_cannot_create_schemes(client_for, disnaker_kasi):
    assert client_for(disnaker_kasi).get(reverse("registry:scheme_create")).status_code == 403


def test_funding_list_shows_shared_and_own_sources_only(
    client_for, system_admin, disnaker_kasi, disnaker, lsp
):
    create_funding_source(actor=system_admin, organization=None, code="APBN", name="APBN Pusat", kind="apbn")
    create_funding_source(
        actor=system_admin, organization=disnaker, code="APBD-TNG", name="APBD Kota", kind="apbd"
    )
    create_funding_source(actor=system_admin, organization=lsp, code="LSP-01", name="Dana LSP", kind="other")

    page = client_for(disnaker_kasi).get(reverse("registry:funding_list")).content.decode()

    assert "APBN Pusat" in page and "APBD Kota" in page and "Dana LSP" not in page


def test_an_organization_adds_its_own_funding_source_but_cannot_edit_shared_ones(
    client_for, system_admin, disnaker_kasi, disnaker
):
    shared = create_funding_source(
        actor=system_admin, organization=None, code="APBN", name="APBN", kind="apbn"
    )
    client = client_for(disnaker_kasi)

    response = client.post(
        reverse("registry:funding_create"),
        {
            "code": "apbd-tng",
            "name": "APBD Kota Tangerang",
            "kind": "apbd",
            "is_active": "on",
            "shared": "on",
        },
    )

    assert response.status_code == 302
    assert FundingSource.objects.get(code="APBD-TNG").organization == disnaker
    assert client.get(reverse("registry:funding_edit", args=[shared.pk])).status_code == 403


def test_only_a_system_administrator_adds_a_shared_funding_source(client_for, system_admin):
    response = client_for(system_admin).post(
        reverse("registry:funding_create"),
        {"code": "MANDIRI", "name": "Mandiri", "kind": "self", "is_active": "on", "shared": "on"},
    )

    assert response.status_code == 302
    assert FundingSource.objects.get(code="MANDIRI").organization is None


def test_another_organizations_funding_source_is_not_found(client_for, system_admin, other_chair, disnaker):
    source = create_funding_source(actor=system_admin, organization=disnaker, code="X", name="X", kind="apbd")

    assert client_for(other_chair).get(reverse("registry:funding_edit", args=[source.pk])).status_code == 404


def test_the_funding_list_keeps_its_query_count_however_many_sources(
    client_for, system_admin, disnaker_kasi, disnaker, django_assert_max_num_queries
):
    for number in range(30):
        create_funding_source(
            actor=system_admin,
            organization=disnaker if number % 2 else None,
            code=f"K{number}",
            name="X",
            kind="apbd",
        )

    client = client_for(disnaker_kasi)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("registry:funding_list"))

    assert response.content.decode().count('data-testid="funding-row"') == 25
