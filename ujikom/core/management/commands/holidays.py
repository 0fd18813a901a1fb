"""`ujikom holidays seed [--year YYYY ...]`: add national holidays and cuti bersama from the `holidays` package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ujikom.core.calendar_services import seed_holidays


class Command(BaseCommand):
    help = (
        "Mengisi hari libur nasional dan cuti bersama dari paket holidays (belum dikonfirmasi). "
        "Tanggal yang sudah tercatat dilewati."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["seed"], help="seed: isi hari libur nasional")
        parser.add_argument(
            "--year",
            dest="years",
            type=int,
            action="append",
            metavar="YYYY",
            help="Tahun yang diisi; boleh diulang. Bawaan: tahun ini dan tahun depan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        years = sorted(set(options["years"] or [this_year, this_year + 1]))
        bad = [year for year in years if not 1900 <= year <= 2100]
        if bad:
            raise CommandError(f"Tahun di luar rentang 1900–2100: {', '.join(map(str, bad))}.")
        created = seed_holidays(years=years)
        label = ", ".join(map(str, years))
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} hari libur ditambahkan untuk tahun {label}; perlu dikonfirmasi administrator."
            )
        )
