"""Fixtures of the notifications tests: a local fake WhatsApp/SMS gateway, and people who manage messages."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    payload: dict[str, Any]


@dataclass
class FakeGateway:
    """A real HTTP server on 127.0.0.1 that records requests and answers from a scripted list of statuses."""

    url: str
    requests: list[RecordedRequest] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answered in order; 200 once the list is used up

    def script(self, *statuses: int) -> None:
        self.statuses[:] = list(statuses)


@pytest.fixture
def fake_gateway(settings) -> Iterator[FakeGateway]:
    lock = threading.Lock()
    gateway: FakeGateway

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length) or b"{}")
            with lock:
                gateway.requests.append(RecordedRequest(self.path, dict(self.headers.items()), payload))
                status = gateway.statuses.pop(0) if gateway.statuses else 200
            body = json.dumps(
                {"ok": status < 300, "detail": "layanan sedang gangguan" if status >= 500 else ""}
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway = FakeGateway(url=f"http://127.0.0.1:{server.server_address[1]}/kirim")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MESSAGE_GATEWAY_URL = gateway.url
    settings.MESSAGE_GATEWAY_TOKEN = "token-rahasia"
    settings.MESSAGE_GATEWAY_TIMEOUT = 5
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def unreachable_gateway(settings) -> str:
    """A gateway address on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MESSAGE_GATEWAY_URL = f"http://127.0.0.1:{port}/kirim"
    settings.MESSAGE_GATEWAY_TIMEOUT = 5
    return settings.MESSAGE_GATEWAY_URL


@pytest.fixture
def messaging_admin(make_user, disnaker):
    return make_user("admin.pesan", roles=[(disnaker, "org_admin")], full_name="Rina Admin Pesan")


@pytest.fixture
def candidate(make_user, disnaker):
    return make_user(
        "budi",
        roles=[(disnaker, "candidate")],
        full_name="Budi Santoso",
        email="budi@example.id",
        phone="0812-3456-7890",
    )
