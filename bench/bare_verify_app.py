"""The baseline of bench/verification_throughput.py: a bare WSGI app doing the verification page's
indexed lookup of a certificate by its public id with psycopg (one connection per server thread)
and answering a small HTML page. Run by the bench on granian with the same flags as the real app:

    BARE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ujikom_bench_verify \\
        .venv/bin/granian --interface wsgi --workers 2 --blocking-threads 4 --no-ws bench.bare_verify_app:app
"""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

DSN = os.environ.get("BARE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ujikom_bench_verify")
SQL = (
    "SELECT holder_name, scheme_code, scheme_name, certificate_number, issued_on, valid_until, status "
    "FROM certificates_certificate WHERE public_id = %s"
)
_local = threading.local()


def _connection() -> psycopg.Connection[Any]:
    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        connection = _local.connection = psycopg.connect(DSN, autocommit=True)
    return connection


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    public_id = environ.get("PATH_INFO", "").rsplit("/", 1)[-1]
    row = _connection().execute(SQL, (public_id,)).fetchone()
    if row is None:
        status, body = (
            "404 Not Found",
            "<!doctype html><title>Tidak ditemukan</title><p>Sertifikat tidak ditemukan.</p>",
        )
    else:
        holder, code, scheme, number, issued, until, state = (html.escape(str(value)) for value in row)
        status = "200 OK"
        body = (
            f"<!doctype html><html lang=id><title>{scheme} · {state}</title>"
            f"<h1>{holder}</h1><p>{code} · {scheme}</p><p>{number}</p><p>{issued} – {until}</p><p>{state}</p></html>"
        )
    data = body.encode()
    start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]
