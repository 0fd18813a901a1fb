"""Fixtures for the training program and participant tests: a BLK with a program, people, regions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from ujikom.core.models import Organization
from ujikom.registry.models import Participant, Region, TrainingProgram
from ujikom.registry.nik import nik_for
from ujikom.registry.participant_import import HEADERS

REGIONS = [
    ("36", "Banten", Region.Level.PROVINCE, None),
    ("36.71", "Kota Tangerang", Region.Level.REGENCY, "36"),
    ("31", "Daerah Khusus Ibukota Jakarta", Region.Level.PROVINCE, None),
    ("31.71", "Kota Administrasi Jakarta Pusat", Region.Level.REGENCY, "31"),
]


@pytest.fixture
def regions(db) -> dict[str, Region]:
    found = {}
    for code, name, level, province in REGIONS:
        found[code], _created = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "province_id": province}
        )
    return found


@pytest.fixture
def blk(make_organization) -> Organization:
    return make_organization("BLK Kota Tangerang", Organization.Kind.TRAINING_PROVIDER, code="blk-tangerang")


@pytest.fixture
def other_blk(make_organization) -> Organization:
    return make_organization("LPK Cahaya Mandiri", Organization.Kind.TRAINING_PROVIDER, code="lpk-cahaya")


@pytest.fixture
def manager(make_user, blk):
    return make_user("pengelola", roles=[(blk, "org_admin")], full_name="Rina Marlina")


@pytest.fixture
def viewer(make_user, blk):
    return make_user("pengamat", roles=[(blk, "quality")], full_name="Agus Salim")


@pytest.fixture
def no_role(make_user, blk):
    """A member of the BLK whose role gives no access to master data."""
    return make_user("asesor.blk", roles=[(blk, "assessor")], full_name="Dedi Kurniawan")


@pytest.fixture
def outsider(make_user, other_blk):
    return make_user("orang.lain", roles=[(other_blk, "org_admin")], full_name="Yusuf Hidayat")


@pytest.fixture
def program(blk, regions) -> TrainingProgram:
    return TrainingProgram.objects.create(
        provider=blk,
        code="OKM-2025-01",
        name="Pelatihan Operator Komputer Muda Angkatan I",
        starts_on=dt.date(2025, 3, 3),
        ends_on=dt.date(2025, 4, 25),
    )


def participant_row(
    serial: int,
    *,
    name: str = "Peserta",
    birth_date: dt.date = dt.date(1990, 2, 14),
    sex: str = "L",
    city: str = "36.71",
    province: str = "36",
    nik: str | None = None,
    birth_date_text: str | None = None,
) -> list[object]:
    """One row in the template's column order."""
    return [
        nik or nik_for(region_code="367101", birth_date=birth_date, sex=sex, serial=serial),
        f"{name} {serial}",
        "Tangerang",
        birth_date_text if birth_date_text is not None else birth_date.strftime("%d/%m/%Y"),
        sex,
        f"Jl. Daan Mogot No. {serial}, Tangerang",
        city,
        province,
        f"0812-1000-{serial:04d}",
        f"peserta{serial}@contoh.id",
        "SMA",
        "Pencari kerja",
    ]


def xlsx_file(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def participant(program, regions) -> Participant:
    birth = dt.date(1998, 5, 21)
    return Participant.objects.create(
        program=program,
        nik=nik_for(region_code="367101", birth_date=birth, sex="P", serial=9),
        full_name="Siti Nurhaliza",
        birth_place="Tangerang",
        birth_date=birth,
        sex="P",
        address="Jl. Merdeka No. 5, Tangerang",
        city=regions["36.71"],
        province=regions["36"],
    )
