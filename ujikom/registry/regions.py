"""The region table (provinces and cities/regencies with their Kepmendagri codes) and lookups in it.

The rows come from the npm package idn-area-data (pinned in package.json), not typed by hand:
`data/provinces.csv` (code,name) and `data/regencies.csv` (code,province_code,name). Names are
kept as the package publishes them ("Kota Tangerang", "Kabupaten Administrasi Kepulauan Seribu").
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import QuerySet

from .models import Region

PACKAGE = "idn-area-data"


class RegionDataMissing(ImproperlyConfigured):
    """The idn-area-data package is not installed where the loader looks for it."""


def region_data_dir() -> Path:
    return Path(settings.NODE_MODULES) / PACKAGE / "data"


def _read(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in columns if name not in (reader.fieldnames or [])]
        if missing:
            raise RegionDataMissing(
                f"Berkas {path} tidak memuat kolom {', '.join(missing)}; periksa versi paket {PACKAGE}."
            )
        return [{name: (row[name] or "").strip() for name in columns} for row in reader]


@transaction.atomic
def load_regions(*, data_dir: Path | str | None = None, model: Any = None) -> int:
    """Insert or update every province and city/regency; returns how many rows were added or changed.

    Running it again with the same data changes nothing (returns 0). `model` lets a data
    migration pass its historical Region model.
    """
    region_model = model or Region
    folder = Path(data_dir) if data_dir is not None else region_data_dir()
    provinces_file, regencies_file = folder / "provinces.csv", folder / "regencies.csv"
    if not provinces_file.is_file() or not regencies_file.is_file():
        raise RegionDataMissing(
            f"Data wilayah tidak ditemukan di {folder}: paket npm {PACKAGE} belum terpasang. "
            "Jalankan `make install` (atau `npm ci`) di folder proyek, lalu ulangi migrasi."
        )
    provinces = _read(provinces_file, ("code", "name"))
    regencies = _read(regencies_file, ("code", "province_code", "name"))
    province_codes = {row["code"] for row in provinces}
    wanted: dict[str, tuple[str, str, str | None]] = {
        row["code"]: (row["name"], "province", None) for row in provinces
    }
    for row in regencies:
        if row["province_code"] not in province_codes:
            raise RegionDataMissing(
                f"Kabupaten/kota {row['code']} menunjuk provinsi {row['province_code']} yang tidak ada."
            )
        wanted[row["code"]] = (row["name"], "regency", row["province_code"])

    existing = {region.code: region for region in region_model.objects.all()}
    changed = 0
    # Provinces first: regencies point at them.
    for level in ("province", "regency"):
        to_create, to_update = [], []
        for code, (name, row_level, province_code) in wanted.items():
            if row_level != level:
                continue
            region = existing.get(code)
            if region is None:
                to_create.append(region_model(code=code, name=name, level=level, province_id=province_code))
            elif (region.name, region.level, region.province_id) != (name, level, province_code):
                region.name, region.level, region.province_id = name, level, province_code
                to_update.append(region)
        region_model.objects.bulk_create(to_create, batch_size=500)
        region_model.objects.bulk_update(to_update, ["name", "level", "province"], batch_size=500)
        changed += len(to_create) + len(to_update)
    return changed


def normalize_region_code(code: str) -> str:
    """ "3671", "36.71" and " 36.71 " all become "36.71"; "36" stays "36"."""
    text = str(code).strip()
    if text.isdigit() and len(text) == 4:
        return f"{text[:2]}.{text[2:]}"
    return text


def region_by_code(code: str) -> Region | None:
    """The province or city/regency with this Kepmendagri code, written with or without the dot."""
    normalized = normalize_region_code(code)
    if not normalized:
        return None
    return Region.objects.select_related("province").filter(code=normalized).first()


def regions_for_list(*, province: str = "", query: str = "", level: str = "") -> QuerySet[Region]:
    """Provinces, or the cities/regencies of one province; optionally only names containing `query`."""
    regions = Region.objects.select_related("province")
    if province:
        regions = regions.filter(province_id=normalize_region_code(province))
    if level:
        regions = regions.filter(level=level)
    if query:
        regions = regions.filter(name__icontains=query.strip())
    return regions.order_by("code")
