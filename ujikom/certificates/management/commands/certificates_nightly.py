"""`ujikom certificates_nightly [--date YYYY-MM-DD]`: the nightly certificate job, run by hand —
expire what ended before the date, then send the expiry reminders due on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ujikom.certificates.services_lifecycle import REMINDER_DAYS, run_nightly


class Command(BaseCommand):
    help = (
        "Menandai sertifikat yang masa berlakunya habis sebagai kedaluwarsa dan mengirim pengingat "
        "180, 90 dan 30 hari sebelum kedaluwarsa (tugas malam, dijalankan manual)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date",
            default="",
            help="jalankan untuk tanggal ini (YYYY-MM-DD); bawaan hari ini (Asia/Jakarta)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day: dt.date | None = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date: tanggal {options['date']!r} tidak dikenal; tulis seperti 2026-11-22."
                ) from error
        run = run_nightly(day)
        sent = ", ".join(f"H-{days}: {run.reminders.sent[days]}" for days in REMINDER_DAYS)
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.day.isoformat()}: {run.expired} sertifikat kedaluwarsa; pengingat {sent}. "
                f"{run.assessors} asesor diingatkan tentang registrasinya."
            )
        )
        for problem in run.reminders.undeliverable:
            self.stdout.write(self.style.WARNING(f"Tidak terkirim: {problem}"))
