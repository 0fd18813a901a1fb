"""Demo training batch: BLK Kota Tangerang's young computer operator course with 20 participants
from Kota Tangerang, their NIKs consistent with their birth dates and sex."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ujikom.core.models import Organization, User

from .models import FundingSource, Region, Scheme, TrainingProgram
from .nik import nik_for
from .participant_import import save_rows
from .services_training import create_training_program

PROGRAM_CODE = "OKM-2025-I"
PROGRAM_NAME = "Pelatihan Operator Komputer Muda Angkatan I"

# name, sex, birth place, birth date, district code (Kota Tangerang), address, education
PARTICIPANTS: list[tuple[str, str, str, dt.date, str, str, str]] = [
    (
        "Ahmad Fauzi",
        "L",
        "Tangerang",
        dt.date(2002, 3, 14),
        "367101",
        "Jl. Daan Mogot No. 12, Tangerang",
        "SMA",
    ),
    (
        "Siti Rahmawati",
        "P",
        "Tangerang",
        dt.date(2003, 7, 2),
        "367102",
        "Jl. Imam Bonjol No. 5, Karawaci",
        "SMA",
    ),
    (
        "Budi Setiawan",
        "L",
        "Jakarta",
        dt.date(2001, 11, 23),
        "367103",
        "Jl. KH Hasyim Ashari No. 40, Cipondoh",
        "SMA",
    ),
    (
        "Dewi Anggraini",
        "P",
        "Serang",
        dt.date(2000, 1, 9),
        "367104",
        "Perum Poris Indah Blok C2/7, Cipondoh",
        "D3",
    ),
    (
        "Rizky Pratama",
        "L",
        "Tangerang",
        dt.date(2004, 5, 30),
        "367105",
        "Jl. Gatot Subroto Km 3, Jatiuwung",
        "SMA",
    ),
    (
        "Nurul Hidayah",
        "P",
        "Lebak",
        dt.date(2002, 9, 17),
        "367106",
        "Jl. Otto Iskandardinata No. 8, Tangerang",
        "SMA",
    ),
    (
        "Muhammad Iqbal",
        "L",
        "Tangerang",
        dt.date(2003, 12, 1),
        "367107",
        "Jl. Raya Cadas Km 1, Neglasari",
        "SMP",
    ),
    (
        "Putri Maharani",
        "P",
        "Bogor",
        dt.date(2001, 4, 21),
        "367108",
        "Jl. Marsekal Suryadarma No. 3, Neglasari",
        "SMA",
    ),
    (
        "Yoga Saputra",
        "L",
        "Tangerang",
        dt.date(2002, 8, 8),
        "367109",
        "Jl. Halim Perdanakusuma No. 21, Batuceper",
        "SMA",
    ),
    (
        "Ayu Lestari",
        "P",
        "Pandeglang",
        dt.date(2000, 10, 11),
        "367110",
        "Jl. Benteng Betawi No. 15, Tangerang",
        "S1",
    ),
    (
        "Fajar Nugroho",
        "L",
        "Tangerang",
        dt.date(2004, 2, 27),
        "367111",
        "Jl. Pinang Raya No. 2, Pinang",
        "SMA",
    ),
    (
        "Indah Permatasari",
        "P",
        "Tangerang",
        dt.date(2003, 6, 19),
        "367112",
        "Jl. Ciledug Raya No. 77, Ciledug",
        "SMA",
    ),
    (
        "Andi Kurniawan",
        "L",
        "Bandung",
        dt.date(2001, 1, 5),
        "367113",
        "Jl. HOS Cokroaminoto No. 9, Larangan",
        "SMA",
    ),
    (
        "Rina Wulandari",
        "P",
        "Tangerang",
        dt.date(2002, 12, 24),
        "367101",
        "Jl. Kisamaun No. 31, Tangerang",
        "SMA",
    ),
    (
        "Dimas Aditya",
        "L",
        "Tangerang",
        dt.date(2003, 3, 3),
        "367102",
        "Jl. Perintis Kemerdekaan No. 4, Karawaci",
        "SMP",
    ),
    (
        "Sri Mulyani",
        "P",
        "Cilegon",
        dt.date(2000, 8, 16),
        "367103",
        "Perum Taman Royal 2 Blok F/10, Cipondoh",
        "D3",
    ),
    (
        "Hendra Gunawan",
        "L",
        "Tangerang",
        dt.date(2004, 11, 12),
        "367104",
        "Jl. Dr. Sitanala No. 18, Neglasari",
        "SMA",
    ),
    ("Lia Amalia", "P", "Tangerang", dt.date(2002, 5, 6), "367105", "Jl. Moh. Toha No. 22, Periuk", "SMA"),
    (
        "Bayu Firmansyah",
        "L",
        "Jakarta",
        dt.date(2001, 9, 28),
        "367106",
        "Jl. Veteran No. 11, Tangerang",
        "SMA",
    ),
    (
        "Wulan Sari",
        "P",
        "Tangerang",
        dt.date(2003, 10, 31),
        "367107",
        "Jl. Aria Santika No. 6, Karawaci",
        "SMA",
    ),
]


def load_training_demo(admin: User) -> None:
    blk = Organization.objects.filter(code="blk-tangerang").first()
    city = Region.objects.filter(code="36.71").select_related("province").first()
    if blk is None or city is None or city.province is None:
        return
    if TrainingProgram.objects.filter(provider=blk, code=PROGRAM_CODE).exists():
        return
    year = timezone.localdate().year
    program = create_training_program(
        provider=blk,
        actor=admin,
        code=PROGRAM_CODE,
        name=PROGRAM_NAME,
        starts_on=dt.date(year, 2, 3),
        ends_on=dt.date(year, 3, 28),
        scheme=Scheme.objects.filter(organization__code="lsp-stmi", code="SKM-OKM-02").first(),
        funding=FundingSource.objects.filter(organization__isnull=True, code="APBN-BLK").first(),
    )
    rows = []
    for serial, (name, sex, place, birth, district, address, education) in enumerate(PARTICIPANTS, start=1):
        rows.append(
            {
                "nik": nik_for(region_code=district, birth_date=birth, sex=sex, serial=serial),
                "full_name": name,
                "birth_place": place,
                "birth_date": birth,
                "sex": sex,
                "address": address,
                "city_id": city.code,
                "province_id": city.province.code,
                "phone": f"0857{serial:04d}{3100 + serial:04d}",
                "email": f"{name.split()[0].lower()}.{name.split()[-1].lower()}@contoh.id",
                "education": education,
                "occupation": "Pencari kerja",
            }
        )
    save_rows(program=program, rows=rows, actor=admin, filename="demo")
