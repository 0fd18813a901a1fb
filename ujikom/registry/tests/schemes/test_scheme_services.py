"""Schemes and funding sources are written by services that check everything and leave an audit event."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ujikom.core.models import AuditEvent
from ujikom.registry.models import CompetencyUnit, FundingSource, Scheme
from ujikom.registry.services_schemes import create_funding_source, update_funding_source, update_scheme

from .conftest import JWD_UNITS


def test_a_scheme_is_created_with_its_units_in_order_and_audited(scheme, lsp_chair):
    units = list(scheme.units.order_by("position").values_list("position", "code", "title"))

    assert units == [
        (1, "J.620100.004.02", "Menggunakan Struktur Data"),
        (2, "J.620100.017.02", "Mengimplementasikan Pemrograman Terstruktur"),
    ]
    event = AuditEvent.objects.get(event_type="scheme.created")
    assert event.actor == lsp_chair and event.data["units"] == ["J.620100.004.02", "J.620100.017.02"]


def test_bad_units_are_all_reported_by_their_row_and_nothing_is_saved(make_scheme):
    units = [
        {"code": "J.620100.017.02", "title": "Mengimplementasikan Pemrograman Terstruktur"},
        {"code": "J620100.017", "title": "Kode salah"},
        {"code": "j.620100.017.02", "title": "Kode ganda"},
        {"code": "J.620100.025.02", "title": ""},
    ]

    with pytest.raises(ValidationError) as caught:
        make_scheme(units=units)

    messages = caught.value.message_dict["units"]
    assert any(m.startswith("Unit ke-2: kode unit “J620100.017” tidak sah") for m in messages)
    assert any("Unit ke-3: kode unit J.620100.017.02 sudah dipakai unit ke-1" in m for m in messages)
    assert any(m == "Unit ke-4: judul unit wajib diisi." for m in messages)
    assert not Scheme.objects.exists() and not CompetencyUnit.objects.exists()


def test_a_kkni_scheme_needs_its_level_and_a_scheme_needs_a_unit(make_scheme):
    with pytest.raises(ValidationError) as caught:
        make_scheme(kind=Scheme.Kind.KKNI, units=[])

    assert "kkni_level" in caught.value.message_dict
    assert "sedikitnya satu unit" in caught.value.message_dict["units"][0]


def test_a_scheme_code_is_unique_within_the_lsp_but_not_across_lsps(make_scheme, other_lsp, scheme):
    with pytest.raises(ValidationError) as caught:
        make_scheme(code="skm-jwd-01")
    assert "sudah dipakai" in caught.value.message_dict["code"][0]

    assert make_scheme(organization=other_lsp).code == "SKM-JWD-01"


def test_only_an_lsp_owns_schemes(make_scheme, disnaker):
    with pytest.raises(ValidationError, match="hanya dapat dimiliki LSP"):
        make_scheme(organization=disnaker)


def test_editing_units_keeps_the_rows_of_codes_that_stay_and_renumbers(scheme, lsp_chair):
    kept = scheme.units.get(code="J.620100.017.02")

    update_scheme(
        scheme=scheme,
        actor=lsp_chair,
        units=[
            {
                "code": "J.620100.017.02",
                "title": "Mengimplementasikan Pemrograman Terstruktur",
                "elements": "A\n\nB",
            },
            {"code": "J.620100.025.02", "title": "Melakukan Debugging"},
        ],
        validity_years=5,
    )

    units = list(scheme.units.order_by("position"))
    assert [(u.position, u.code) for u in units] == [(1, "J.620100.017.02"), (2, "J.620100.025.02")]
    assert units[0].pk == kept.pk and units[0].elements == ["A", "B"]
    scheme.refresh_from_db()
    assert scheme.validity_years == 5
    event = AuditEvent.objects.get(event_type="scheme.updated")
    assert event.data["added"] == ["J.620100.025.02"] and event.data["removed"] == ["J.620100.004.02"]


def test_saving_a_scheme_unchanged_records_nothing(scheme, lsp_chair):
    update_scheme(scheme=scheme, actor=lsp_chair, units=JWD_UNITS, name="Junior Web Developer")

    assert not AuditEvent.objects.filter(event_type="scheme.updated").exists()


def test_funding_codes_are_unique_among_shared_and_within_an_organization(system_admin, disnaker, lsp):
    create_funding_source(actor=system_admin, organization=None, code="apbn", name="APBN", kind="apbn")
    create_funding_source(
        actor=system_admin, organization=disnaker, code="APBD-TNG", name="APBD", kind="apbd"
    )

    with pytest.raises(ValidationError) as shared:
        create_funding_source(actor=system_admin, organization=None, code="APBN", name="Lagi", kind="apbn")
    with pytest.raises(ValidationError) as own:
        create_funding_source(
            actor=system_admin, organization=disnaker, code="apbd-tng", name="X", kind="apbd"
        )

    assert "sumber anggaran bersama" in shared.value.message_dict["code"][0]
    assert "di organisasi ini" in own.value.message_dict["code"][0]
    assert (
        create_funding_source(
            actor=system_admin, organization=lsp, code="APBD-TNG", name="Milik LSP", kind="apbd"
        ).organization
        == lsp
    )
    assert FundingSource.objects.get(organization=None).code == "APBN"


def test_a_funding_source_change_is_audited(system_admin, disnaker):
    source = create_funding_source(
        actor=system_admin, organization=disnaker, code="X1", name="X", kind="apbd"
    )

    update_funding_source(funding_source=source, actor=system_admin, name="APBD Kota Tangerang")

    event = AuditEvent.objects.get(event_type="funding_source.updated")
    assert event.data["changes"]["name"] == ["X", "APBD Kota Tangerang"]
