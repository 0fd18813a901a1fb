"""Time the participant import: a 100,000-row xlsx of valid participants, checked and saved.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ujikom_bench .venv/bin/python bench/participant_import.py
    .venv/bin/python bench/participant_import.py                    # a temporary SQLite file instead
    .venv/bin/python bench/participant_import.py --rows 20000       # a smaller file

The workbook is written with openpyxl in write-only mode by a child process (so its memory does
not count), with realistic NIKs: region digits of the participant's city, the birth date as
DDMMYY with 40 added to the day for women, and a serial. The import then runs in a throwaway
database (on PostgreSQL the test database of the one named, `test_<name>`, dropped at the end;
otherwise a SQLite file in a temporary folder) and the script prints the time to read and check
every row, the time to save, the total, and the peak memory of the process (maxrss). A second
run imports the same file with 3 rows broken and shows that nothing is saved and the 3 errors.
Target: under 60 s and 500 MB. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("HUEY_IMMEDIATE", "true")
_TMP = tempfile.TemporaryDirectory(prefix="ujikom-bench-")
os.environ.setdefault("DATA_DIR", _TMP.name)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS = 100_000
# (province, city, district prefix of the NIK, a street) — real Kepmendagri codes.
PLACES = [
    ("36", "36.71", "367101", "Jl. Daan Mogot"),
    ("36", "36.03", "360301", "Jl. Raya Serang"),
    ("36", "36.74", "367401", "Jl. Pahlawan Seribu"),
    ("31", "31.71", "317101", "Jl. Kramat Raya"),
    ("32", "32.73", "327301", "Jl. Asia Afrika"),
    ("33", "33.74", "337401", "Jl. Pandanaran"),
    ("35", "35.78", "357801", "Jl. Basuki Rahmat"),
]
MEN = ["Ahmad", "Budi", "Rizky", "Dimas", "Fajar", "Hendra", "Yoga", "Bayu", "Andi", "Muhammad"]
WOMEN = ["Siti", "Dewi", "Putri", "Ayu", "Rina", "Nurul", "Indah", "Lia", "Wulan", "Sri"]
FAMILY = [
    "Saputra",
    "Pratama",
    "Lestari",
    "Wulandari",
    "Hidayat",
    "Nugroho",
    "Kurniawan",
    "Rahmawati",
    "Setiawan",
]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


def generate(path: str, rows: int) -> None:
    """Write the workbook: the template's headers and `rows` valid participants with unique NIKs."""
    from openpyxl import Workbook

    from ujikom.registry.nik import nik_for
    from ujikom.registry.participant_import import HEADERS

    rng = random.Random(20250214)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    sheet.append(HEADERS)
    serials: dict[tuple[str, dt.date, str], int] = {}
    for number in range(1, rows + 1):
        province, city, district, street = PLACES[number % len(PLACES)]
        sex = "P" if number % 2 else "L"
        birth = dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(0, 30 * 365))
        key = (district, birth, sex)
        serials[key] = serials.get(key, 0) + 1
        nik = nik_for(region_code=district, birth_date=birth, sex=sex, serial=serials[key])
        first = rng.choice(WOMEN if sex == "P" else MEN)
        # dates as people type them: half as text with Indonesian month names, half as date cells
        birth_cell: object = f"{birth.day} {MONTHS[birth.month - 1]} {birth.year}" if number % 2 else birth
        sheet.append(
            [
                nik,
                f"{first} {rng.choice(FAMILY)}",
                "Tangerang",
                birth_cell,
                "Perempuan" if sex == "P" and number % 4 == 1 else sex,
                f"{street} No. {number % 300 + 1}",
                city if number % 3 else city.replace(".", ""),
                province,
                f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}",
                f"peserta{number}@contoh.id",
                rng.choice(["SMA", "SMK", "D3", "S1", "SMP"]),
                "Pencari kerja",
            ]
        )
    workbook.save(path)


def break_rows(source: str, target: str) -> None:
    """The same file with 3 bad rows: a short NIK (row 11), 31/02/1990 (row 5,001), a city outside
    its province (row 90,001, or the last row of a smaller file)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    rows = iter(CalamineWorkbook.from_path(source).get_sheet_by_index(0).iter_rows())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    total = sum(1 for _ in CalamineWorkbook.from_path(source).get_sheet_by_index(0).iter_rows())
    bad = {11: (0, "36710114029"), min(5001, total - 1): (3, "31/02/1990"), min(90001, total): (6, "31.71")}
    for number, row in enumerate(rows, start=1):
        values = [int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
        if number in bad:
            column, value = bad[number]
            values[column] = value
            if column == 6:
                values[7] = "36"
        sheet.append(values)
    workbook.save(target)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run(path: str, label: str) -> None:
    from ujikom.core.models import Organization, User
    from ujikom.registry.models import Participant, TrainingProgram
    from ujikom.registry.participant_import import save_rows, validate_rows

    admin = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        username="bench-admin", email="admin@bench.id", password="x", full_name="Admin Bench"
    )
    provider, _created = Organization.objects.get_or_create(
        code="bench-blk", defaults={"name": "BLK Bench", "kind": Organization.Kind.TRAINING_PROVIDER}
    )
    program = TrainingProgram.objects.create(
        provider=provider,
        code=f"BENCH-{TrainingProgram.objects.count() + 1}",
        name=f"Bench {label}",
        starts_on=dt.date(2025, 1, 6),
        ends_on=dt.date(2025, 3, 28),
    )
    started = time.perf_counter()
    rows, result = validate_rows(program=program, table_source=path, filename=Path(path).name)
    checked = time.perf_counter()
    saved = 0
    if not result.errors:
        saved = save_rows(program=program, rows=rows, actor=admin, filename=Path(path).name)
    finished = time.perf_counter()
    in_db = Participant.objects.filter(program=program).count()
    print(f"\n{label}: {result.total_rows:,} rows")
    print(f"  read and check: {checked - started:6.1f} s")
    print(f"  save:           {finished - checked:6.1f} s")
    print(f"  total:          {finished - started:6.1f} s")
    print(f"  peak memory:    {peak_mb():6.0f} MB (maxrss of the process so far)")
    print(f"  saved: {saved:,}; participants of the program in the database: {in_db:,}")
    if result.errors:
        print(f"  {len(result.errors)} errors:")
        for error in result.errors[:20]:
            print(f"    row {error.row}, {error.column}: {error.message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL test database")
    args = parser.parse_args()

    good = str(Path(_TMP.name) / "peserta.xlsx")
    bad = str(Path(_TMP.name) / "peserta-3-salah.xlsx")
    started = time.perf_counter()
    fork = multiprocessing.get_context("fork")
    for target, targs in ((generate, (good, args.rows)), (break_rows, (good, bad))):
        child = fork.Process(target=target, args=targs)
        child.start()
        child.join()
        if child.exitcode:
            raise SystemExit(f"writing the workbook failed ({child.exitcode})")
    print(
        f"files written in {time.perf_counter() - started:.1f} s: {Path(good).stat().st_size / 1e6:.1f} MB xlsx"
    )

    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(_TMP.name) / "bench.sqlite3")
    creation = connection.creation
    name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} {name}; memory before the import: {peak_mb():.0f} MB")
    try:
        run(good, "valid file")
        run(bad, "same file with 3 bad rows")
    finally:
        if not (args.keep and connection.vendor == "postgresql"):
            creation.destroy_test_db(name, verbosity=0)
        _TMP.cleanup()


if __name__ == "__main__":
    main()
