"""Throughput of public verification with 1,000,000 certificates in PostgreSQL, against a bare WSGI
app doing the same indexed lookup.

    .venv/bin/python bench/verification_throughput.py            # build, measure, drop the database
    .venv/bin/python bench/verification_throughput.py --keep     # keep (and next time reuse) it
    .venv/bin/python bench/verification_throughput.py --count 100000 --duration 10

Data: the database `ujikom_bench_verify` (created here, dropped at the end unless --keep) gets the
minimum related rows through the ORM (8 LSPs — a status list holds 131,072 certificates — with their
Ed25519 keys, a scheme each, an issuer) and then the certificates loaded with COPY: real rows with
real signed tokens, 1 % suspended and 1 % revoked. A file of 100,000 of their ids, picked at random,
feeds wrk. Before measuring, each of those 100,000 gets its verification stored (checks made, page
and JSON drawn, in Indonesian, the language wrk asks in) as the job the worker runs after issuing
or changing a certificate does (`tasks.store_verifications`, 500 at a time, every language; these
rows come by COPY, not through issuance), in two processes (about 5 ms a certificate): each request then still reads the certificate, its key, its LSP and its stored
verification in one query and compares stamps (`ujikom/certificates/fastpath.py`), drawing afresh
only if something it was drawn from changed since. The time storing takes is printed.

Servers, one after the other on 127.0.0.1, each on granian exactly as `ujikom serve` runs it
(`--interface wsgi --workers 2 --blocking-threads 4 --no-ws`):
- the app, `config.wsgi:application`, production-like: DEBUG off, SECRET_KEY, KEY_ENCRYPTION_KEY,
  ALLOWED_HOSTS=127.0.0.1, persistent database connections as the settings make them, the Redis
  cache (REDIS_URL), static files collected; the rate limit raised (VERIFICATION_RATE_LIMIT) so that
  wrk's one address is not refused, while it is still counted on every request;
- the bare app `bench/bare_verify_app.py`.
wrk (`-t2 -c32 -d20s --latency`, `bench/verify_random_ids.lua`, X-Forwarded-Proto: https as from
the TLS proxy) asks for random ids: `/v/<id>` of both, and `/api/v1/verify/<id>` of the app, and
for comparison `/v/<id>?src=qr`, which the fast path leaves to Django's full request handling.
Printed: requests per second and p99 latency of each, and the ratio app/bare.
Target: ratio >= 0.5, p99 < 50 ms. Nothing is warmed up beforehand. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "ujikom_bench_verify"
SERVER = "postgres://postgres@127.0.0.1:5432"
COUNT = 1_000_000
LSPS = 8
SAMPLE = 100_000
PORT = 8731
LUA = ROOT / "bench" / "verify_random_ids.lua"


def psql(sql: str, database: str = "postgres") -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def configure(folder: str) -> dict[str, str]:
    """The production-like environment of the servers (and of this process while it builds)."""
    environ = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "SECRET_KEY": "bench-only-" + "s" * 50,
        "KEY_ENCRYPTION_KEY": base64.urlsafe_b64encode(b"k" * 32).rstrip(b"=").decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "DATA_DIR": folder,
        "VERIFICATION_RATE_LIMIT": "1000000000",
        "HUEY_IMMEDIATE": "true",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(environ)
    sys.path.insert(0, str(ROOT))
    return environ


# ---- the data -----------------------------------------------------------------------------------


def build(count: int) -> None:
    import datetime as dt
    import json

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from ujikom.certificates import keys, tokens
    from ujikom.certificates.models import Certificate, new_public_id
    from ujikom.core.models import Organization, User
    from ujikom.registry.models import Scheme

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"  migrated in {time.perf_counter() - started:.0f} s")
    issuer = User.objects.create_user(
        username="penerbit", email="penerbit@bench.id", password="rahasia-sekali-123"
    )
    now = timezone.now()
    today = timezone.localdate()
    lsps = []
    for n in range(LSPS):
        lsp = Organization.objects.create(
            name=f"LSP Bench {n + 1}", kind="lsp", code=f"lsp-bench-{n + 1}", city="Jakarta"
        )
        scheme = Scheme.objects.create(
            organization=lsp,
            code=f"SKM-BENCH-{n + 1:02d}",
            name=f"Operator Komputer Muda {n + 1}",
            kind="kkni",
        )
        lsps.append((lsp, scheme, keys.signer_for(lsp, actor=issuer)))
    units = json.dumps(
        [{"code": f"J.63OPR00.{u:03d}.2", "title": f"Unit kompetensi nomor {u}"} for u in range(1, 6)]
    )
    columns = [
        "created_at", "updated_at", "public_id", "lsp_id", "holder_name", "holder_nik", "scheme_id",
        "scheme_code", "scheme_name", "units", "certificate_number", "registration_number", "issued_on",
        "valid_until", "status", "status_reason", "status_note", "status_changed_at", "signer_name",
        "signer_title", "kid", "token", "status_index", "issued_by_id",
    ]  # fmt: skip
    table = Certificate._meta.db_table
    started = time.perf_counter()
    ids: list[str] = []
    per_lsp = -(-count // LSPS)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for n in range(count):
            lsp, scheme, signer = lsps[n % LSPS]
            index = n // LSPS
            issued = today - dt.timedelta(days=n % 1000)
            until = issued + dt.timedelta(days=3 * 365)
            public_id = new_public_id()
            number = f"62090 2512 {n + 1:07d} 2026"
            holder = f"Peserta Bench {n + 1:07d}"
            token = tokens.sign_token(
                signer,
                tokens.claims_of(
                    public_id=public_id,
                    number=number,
                    holder=holder,
                    scheme=scheme.code,
                    issued_on=issued,
                    valid_until=until,
                ),
            )
            status, reason, changed = "valid", "", None
            if n % 100 == 1:
                status, reason, changed = "suspended", "surveillance", now
            elif n % 100 == 2:
                status, reason, changed = "revoked", "fraud", now
            copy.write_row(
                (
                    now, now, public_id, lsp.pk, holder, f"3671{n:012d}", scheme.pk, scheme.code, scheme.name, units,
                    number, f"OKM.{n + 1:07d} 01020 2026", issued, until, status, reason, "", changed,
                    "Dr. Direktur Bench", "Direktur", signer.kid, token, index % per_lsp, issuer.pk,
                )
            )  # fmt: skip
            if len(ids) < SAMPLE:
                ids.append(public_id)
            elif random.random() < SAMPLE / (n + 1):  # noqa: S311  (reservoir sample)
                ids[random.randrange(SAMPLE)] = public_id  # noqa: S311
            if (n + 1) % 100_000 == 0:
                print(f"  {n + 1:,} certificates ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    Path(ids_file()).write_text("\n".join(ids) + "\n")
    print(f"  loaded {count:,} certificates with signed tokens in {time.perf_counter() - started:.0f} s")


def _store(chunk: list[str]) -> int:
    from ujikom.certificates import fastpath

    try:
        return fastpath.store_verifications(chunk, languages=["id"])
    finally:
        fastpath.close_connection()


def store_verifications() -> None:
    """Store the Indonesian verification of each certificate wrk asks for that has none yet, as the
    worker's job after issuance does (it stores every language; wrk asks in Indonesian), in two
    processes: the measured requests are then those of any issued certificate."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connection, connections

    from ujikom.certificates.models import CertificateRendering
    from ujikom.certificates.tasks import STORE_CHUNK

    ids = Path(ids_file()).read_text().split()
    started = time.perf_counter()
    connections.close_all()
    chunks = [ids[start : start + STORE_CHUNK] for start in range(0, len(ids), STORE_CHUNK)]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        stored = sum(pool.map(_store, chunks))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {CertificateRendering._meta.db_table}")
    print(
        f"  verifications stored: {CertificateRendering.objects.count():,} "
        f"(the {stored:,} asked for checked or drawn in {time.perf_counter() - started:.0f} s)"
    )


def ids_file() -> str:
    return str(Path(tempfile.gettempdir()) / f"{DATABASE}-ids.txt")


# ---- serving and measuring ----------------------------------------------------------------------


def serve(target: str, environ: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "granian"),
        "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(PORT),
        "--workers", "2", "--blocking-threads", "4", "--no-ws", target,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **environ}, stdout=subprocess.DEVNULL)  # noqa: S603
    return process


def ready(path: str, process: subprocess.Popen[bytes]) -> bytes:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (code {process.returncode})")
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{PORT}{path}", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(prefix: str, duration: int, suffix: str = "") -> tuple[float, float, str]:
    """(requests/s, p99 in ms, a note about errors) of one wrk run."""
    output = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk", "-t2", "-c32", f"-d{duration}s", "--latency", "-s", str(LUA),
            f"http://127.0.0.1:{PORT}", "--", prefix, ids_file(), suffix,
        ],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    note = f"{errors.group(1)} non-2xx answers" if errors else ""
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        note = f"{note} socket errors: {socket_errors.group(1)}".strip()
    return rate, float(value) * UNITS[unit], note


def measure(environ: dict[str, str], duration: int, sample_id: str) -> dict[str, tuple[float, float, str]]:
    figures = {}
    app = serve("config.wsgi:application", environ)
    try:
        page = ready(f"/v/{sample_id}", app)
        assert b'data-testid="status-banner"' in page, page[:500]
        figures["app /v/<id>"] = wrk("/v/", duration)
        figures["app /api/v1/verify/<id>"] = wrk("/api/v1/verify/", duration)
        # A query string makes the fast path step aside: the same page through Django's full stack.
        figures["app /v/<id>?src=qr (Django)"] = wrk("/v/", duration, "?src=qr")
    finally:
        stop(app)
    bare = serve("bench.bare_verify_app:app", {"BARE_DATABASE_URL": f"{SERVER}/{DATABASE}"})
    try:
        ready(f"/v/{sample_id}", bare)
        figures["bare /v/<id>"] = wrk("/v/", duration)
    finally:
        stop(bare)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--duration", type=int, default=20, help="seconds of each wrk run")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of measurements")
    parser.add_argument("--keep", action="store_true", help=f"keep the database {DATABASE} (and reuse it)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ujikom-bench-verify-")
    environ = configure(folder)
    exists = DATABASE in {row[0] for row in psql("SELECT datname FROM pg_database")}
    reuse = False
    if exists and args.keep:
        found = psql("SELECT count(*) FROM certificates_certificate", DATABASE)[0][0]
        reuse = found == args.count and Path(ids_file()).exists()
        if reuse:  # a file of an earlier, larger sample: its first SAMPLE ids
            ids = Path(ids_file()).read_text().split()
            if len(ids) > SAMPLE:
                Path(ids_file()).write_text("\n".join(ids[:SAMPLE]) + "\n")
    if not reuse:
        if exists:
            psql(f"DROP DATABASE {DATABASE} WITH (FORCE)")
        psql(f"CREATE DATABASE {DATABASE}")
    import django

    django.setup()
    from django.core.management import call_command

    try:
        if reuse:
            print(f"database {DATABASE}: reusing {args.count:,} certificates")
            call_command("migrate", verbosity=0, interactive=False)
        else:
            print(f"database {DATABASE}: building {args.count:,} certificates")
            build(args.count)
        call_command("collectstatic", interactive=False, verbosity=0)
        store_verifications()
        from django.db import connections

        connections.close_all()
        sample_id = Path(ids_file()).read_text().split("\n", 1)[0]
        print(
            f"wrk -t2 -c32 -d{args.duration}s --latency, random ids of {args.count:,}; load: {os.getloadavg()}"
        )
        for round_number in range(1, args.repeat + 1):
            figures = measure(environ, args.duration, sample_id)
            print(f"round {round_number} (load average {os.getloadavg()[0]:.2f}):")
            for label, (rate, p99, note) in figures.items():
                print(f"  {label:<30} {rate:9,.0f} req/s   p99 {p99:6.1f} ms  {note}")
            bare = figures["bare /v/<id>"][0]
            for label in ("app /v/<id>", "app /api/v1/verify/<id>"):
                rate, p99, _note = figures[label]
                verdict = "met" if rate / bare >= 0.5 and p99 < 50 else "NOT met"
                print(
                    f"  ratio {label} / bare = {rate / bare:.2f}  (target >= 0.5 and p99 < 50 ms: {verdict})"
                )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            Path(ids_file()).unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
