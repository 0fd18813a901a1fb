"""`ujikom audit verify`: walk the audit chain and name the first event that was altered or removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ujikom.core.audit import verify_chain


class Command(BaseCommand):
    help = "Memeriksa keutuhan log audit (rantai hash)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify"], help="verify: periksa seluruh rantai")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"Log audit utuh: {report.checked} catatan diperiksa."))
            return
        assert report.problem is not None
        raise CommandError(
            f"Log audit RUSAK pada catatan #{report.problem.sequence}: {report.problem.message} "
            f"({report.checked} catatan sebelumnya utuh)."
        )
