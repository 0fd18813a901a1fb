"""Start the web server (granian, WSGI) and the job worker (Huey) together; stop both on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

from ujikom.core.demo import demo_logins


class Command(BaseCommand):
    help = "Menjalankan server web dan pekerja antrean bersama-sama."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--no-worker", action="store_true", help="Jangan jalankan pekerja antrean.")

    def handle(self, *args: Any, **options: Any) -> None:
        bin_dir = os.path.dirname(sys.executable)
        web = [
            os.path.join(bin_dir, "granian"),
            "--interface",
            "wsgi",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["workers"]),
            "--blocking-threads",
            "4",
            "--no-ws",
            "config.wsgi:application",
        ]
        jobs = [sys.executable, "-m", "ujikom.cli", "run_huey", "--quiet"]
        commands = [web] if options["no_worker"] else [web, jobs]
        # (program, process): the program names the process when it stops
        processes = [(command[0], subprocess.Popen(command)) for command in commands]  # noqa: S603
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Ujikom berjalan di {address}"))
        logins = demo_logins()
        if logins:
            self.stdout.write(f"Akun demo (kata sandi sama untuk semua: {logins[0][2]}):")
            for username, label, _password in logins:
                self.stdout.write(f"  {username:<16} {label}")
        self.stdout.write("Tekan Ctrl-C untuk berhenti.\n")

        stopping = False

        def stop(_signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for program, process in processes:
                if process.poll() is not None:
                    self.stderr.write(f"Proses {program} berhenti (kode {process.returncode}).")
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.5)
        for _program, process in processes:
            if process.poll() is None:
                process.terminate()
        for _program, process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(exit_code)
