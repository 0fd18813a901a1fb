"""The region table: loaded from idn-area-data by a data migration, reloadable, looked up by code."""

from __future__ import annotations

import pytest

from ujikom.registry.models import Region
from ujikom.registry.regions import RegionDataMissing, load_regions, region_by_code


def test_migration_loaded_provinces_and_cities_with_kepmendagri_codes(db):
    banten = Region.objects.get(code="36")
    tangerang = Region.objects.get(code="36.71")

    assert banten.name == "Banten" and banten.level == Region.Level.PROVINCE
    assert tangerang.name == "Kota Tangerang" and tangerang.province == banten
    assert tangerang.bnsp_code == "3671"
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 38
    assert Region.objects.filter(level=Region.Level.REGENCY).count() == 514


def test_loading_again_changes_nothing(db):
    before = Region.objects.count()

    changed = load_regions()

    assert changed == 0
    assert Region.objects.count() == before


def test_loading_restores_a_renamed_region_and_adds_a_missing_one(db):
    Region.objects.filter(code="36.71").update(name="Tangerang Kota")
    Region.objects.filter(code="36.74").delete()

    changed = load_regions()

    assert changed == 2
    assert Region.objects.get(code="36.71").name == "Kota Tangerang"
    assert Region.objects.get(code="36.74").name == "Kota Tangerang Selatan"


def test_loading_from_a_folder_without_the_package_says_how_to_install_it(db, tmp_path):
    with pytest.raises(RegionDataMissing, match="npm ci"):
        load_regions(data_dir=tmp_path)


@pytest.mark.parametrize("code", ["36.71", "3671", " 3671 "])
def test_a_city_is_found_by_its_code_with_or_without_the_dot(db, code):
    assert region_by_code(code).name == "Kota Tangerang"


def test_a_province_is_found_by_its_code_and_an_unknown_code_finds_nothing(db):
    assert region_by_code("31").name == "Daerah Khusus Ibukota Jakarta"
    assert region_by_code("99.99") is None
    assert region_by_code("") is None


def test_the_migration_says_to_install_the_package_when_it_is_missing(db, settings, tmp_path):
    from importlib import import_module

    from django.apps import apps

    settings.NODE_MODULES = tmp_path
    migration = import_module("ujikom.registry.migrations.0004_load_regions")

    with pytest.raises(RuntimeError, match="make install / npm ci"):
        migration.load(apps, None)
