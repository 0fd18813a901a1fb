"""`ujikom outbox flush`: send every due message now, without the job queue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ujikom.notifications.models import OutboxMessage
from ujikom.notifications.services import deliver_due_messages


class Command(BaseCommand):
    help = "Mengirim pesan keluar yang sudah waktunya dikirim (tanpa antrean pekerja)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["flush"], help="flush: kirim semua pesan yang sudah waktunya")
        parser.add_argument(
            "--limit", type=int, default=10_000, help="paling banyak sekian pesan (bawaan 10000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = deliver_due_messages(limit=options["limit"])
        total = sum(outcome.values())
        if not total:
            self.stdout.write("Tidak ada pesan yang perlu dikirim.")
            return
        labels = dict(OutboxMessage.Status.choices) | {"skipped": "dilewati (sedang dikirim pekerja lain)"}
        parts = [
            f"{count} {str(labels.get(status, status)).lower()}" for status, count in sorted(outcome.items())
        ]
        line = f"{total} pesan diproses: " + ", ".join(parts) + "."
        style = self.style.SUCCESS if set(outcome) <= {"sent"} else self.style.WARNING
        self.stdout.write(style(line))
