"""`ujikom demo`: load the demo organizations, people and roles (and what other apps add)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ujikom.core.demo import DEMO_PASSWORD, demo_logins, is_empty, load_demo


class Command(BaseCommand):
    help = "Memuat data demo (organisasi, pengguna untuk setiap pelaksana SOP, peran)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Hanya bila basis data masih kosong; selain itu tidak berbuat apa-apa.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_empty():
            if options["if_empty"]:
                self.stdout.write("Basis data sudah berisi data; data demo tidak dimuat ulang.")
                return
            raise CommandError(
                "Basis data sudah berisi data. Data demo hanya dimuat ke basis data yang kosong."
            )
        load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Data demo dimuat: {len(demo_logins())} akun, kata sandi {DEMO_PASSWORD}.")
        )
