"""The WSGI fast path of `/v/<id>` and `/api/v1/verify/<id>` answers exactly what the Django views
answer (body and headers), shows a status change at once, counts against the same rate limit, and
leaves every other request to Django."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from ujikom.certificates import services_status
from ujikom.certificates.fastpath import VerificationFastPath, close_connection
from ujikom.certificates.models import Certificate
from ujikom.certificates.throttle import VERIFY_WINDOW

# Committed data: on PostgreSQL the fast path reads on its own connection, as in production.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_data")]


@pytest.fixture(autouse=True)
def _own_connection_closed():
    yield
    close_connection()


MOMENT = dt.datetime(2026, 11, 22, 9, 15, 30, tzinfo=dt.UTC)
HEADERS = [
    "Content-Type",
    "Content-Length",
    "Cache-Control",
    "Vary",
    "Content-Language",
    "Retry-After",
    "X-Frame-Options",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
    "Set-Cookie",
]


def fell_through(_environ: dict[str, Any], _start_response: Any) -> list[bytes]:
    raise AssertionError("the fast path left this request to Django")


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status_code, self.headers, self.content = status, headers, body


def fast(path: str, *, app: Any = fell_through, **extra: str) -> Answer:
    """The fast path's answer to GET `path` (Django behind it refuses to be asked)."""
    environ = RequestFactory().get(path, **extra).environ
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started["status"], started["headers"] = int(status.split()[0]), headers

    body = b"".join(VerificationFastPath(app)(environ, start_response))
    return Answer(started["status"], {name.lower(): value for name, value in started["headers"]}, body)


def django(path: str, **extra: str) -> Answer:
    response = Client().get(path, **extra)
    return Answer(
        response.status_code, {name.lower(): value for name, value in response.items()}, response.content
    )


def assert_same(ours: Answer, theirs: Answer) -> None:
    assert ours.status_code == theirs.status_code
    assert ours.content.decode() == theirs.content.decode()
    for name in HEADERS:
        assert ours.headers.get(name.lower()) == theirs.headers.get(name.lower()), name


def both(path: str, **extra: str) -> tuple[Answer, Answer]:
    """The fast path's answer and Django's, at the same moment, each with a fresh rate limit."""
    with time_machine.travel(MOMENT, tick=False):
        cache.clear()
        ours = fast(path, **extra)
        cache.clear()
        theirs = django(path, **extra)
    return ours, theirs


@pytest.mark.parametrize("prefix", ["/v/", "/api/v1/verify/"])
def test_a_valid_certificate_is_answered_as_django_answers_it(make_certificate, prefix):
    certificate = make_certificate(issued_on=dt.date(2026, 11, 1))
    ours, theirs = both(f"{prefix}{certificate.public_id}")
    assert ours.status_code == 200
    assert_same(ours, theirs)
    if prefix == "/v/":
        assert "Siti Nur&#x27;aini Ṣāliḥ" in ours.content.decode()
    else:
        assert json.loads(ours.content)["holder"] == "Siti Nur'aini Ṣāliḥ"


@pytest.mark.parametrize("prefix", ["/v/", "/api/v1/verify/"])
@pytest.mark.parametrize("change", ["revoke", "suspend", "expire", "supersede", "tamper"])
def test_each_status_is_answered_as_django_answers_it(make_certificate, manager, prefix, change):
    issued = dt.date(2026, 11, 1)
    certificate = make_certificate(issued_on=issued)
    with time_machine.travel(MOMENT, tick=False):
        if change == "revoke":
            services_status.revoke(certificate=certificate, reason="fraud", note="rahasia", actor=manager)
        elif change == "suspend":
            services_status.suspend(certificate=certificate, reason="surveillance", note="", actor=manager)
    if change == "expire":
        certificate = make_certificate(issued_on=dt.date(2022, 1, 3), valid_until=dt.date(2025, 1, 3))
    elif change == "supersede":
        make_certificate(issued_on=issued, supersedes=certificate)
        Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.SUPERSEDED)
    elif change == "tamper":
        Certificate.objects.filter(pk=certificate.pk).update(holder_name="Orang Lain")

    ours, theirs = both(f"{prefix}{certificate.public_id}")

    assert ours.status_code == 200
    assert_same(ours, theirs)
    shown = {"revoke": "revoked", "suspend": "suspended", "expire": "expired", "supersede": "superseded"}
    if prefix == "/api/v1/verify/" and change in shown:
        assert f'"status": "{shown[change]}"'.encode() in ours.content
    if prefix == "/v/" and change == "tamper":
        assert "Isi token berbeda dengan data sertifikat" in ours.content.decode()


@pytest.mark.parametrize("public_id", ["1" * 22, "0OIl" * 6, "x", "'; DROP TABLE x; --", "%00"])
def test_unknown_and_malformed_ids_get_the_same_plain_not_found(make_certificate, public_id):
    make_certificate()
    ours, theirs = both(f"/v/{public_id}")
    assert ours.status_code == 404 and "Sertifikat tidak ditemukan." in ours.content.decode()
    assert_same(ours, theirs)


def test_an_unknown_id_on_the_api_is_the_same_not_found(make_certificate):
    make_certificate()
    ours, theirs = both(f"/api/v1/verify/{'1' * 22}")
    assert ours.status_code == 404
    assert_same(ours, theirs)


def test_the_english_reader_gets_the_english_page_as_from_django(make_certificate, client):
    certificate = make_certificate(issued_on=dt.date(2026, 11, 1))
    ours, theirs = both(f"/v/{certificate.public_id}", HTTP_COOKIE="django_language=en")
    assert ours.headers["content-language"] == "en"
    assert_same(ours, theirs)


@pytest.mark.parametrize("prefix", ["/v/", "/api/v1/verify/"])
def test_too_many_requests_are_refused_as_django_refuses_them(make_certificate, settings, prefix):
    settings.VERIFICATION_RATE_LIMIT = 2
    certificate = make_certificate()
    path = f"{prefix}{certificate.public_id}"
    with time_machine.travel(MOMENT, tick=False):
        cache.clear()
        assert [fast(path).status_code for _ in range(3)] == [200, 200, 429]
        ours = fast(path)
        cache.clear()
        assert [django(path).status_code for _ in range(3)] == [200, 200, 429]
        theirs = django(path)
    assert ours.status_code == 429 and ours.headers["retry-after"] == "30"
    assert_same(ours, theirs)


def test_the_fast_path_and_django_count_against_one_limit_in_redis(make_certificate, settings):
    settings.VERIFICATION_RATE_LIMIT = 3
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"test-fastpath-{uuid.uuid4().hex}",
        }
    }
    certificate = make_certificate()
    path = f"/v/{certificate.public_id}"
    # The limit counts per fixed window: the five requests start one second into a window, so a
    # slow machine does not carry them over into the next (which would start counting afresh).
    window_start = int(timezone.now().timestamp()) // VERIFY_WINDOW * VERIFY_WINDOW + VERIFY_WINDOW
    with override_settings(CACHES=redis), time_machine.travel(window_start + 1, tick=True):
        try:
            assert django(path).status_code == 200
            assert fast(path).status_code == 200
            assert django(path).status_code == 200
            assert fast(path).status_code == 429
            assert django(path).status_code == 429
        finally:
            cache.clear()


def test_a_status_change_shows_on_the_next_request(make_certificate, manager):
    certificate = make_certificate()
    assert "Sertifikat BERLAKU" in fast(f"/v/{certificate.public_id}").content.decode()

    services_status.suspend(certificate=certificate, reason="surveillance", note="", actor=manager)
    assert "DIBEKUKAN" in fast(f"/v/{certificate.public_id}").content.decode()

    services_status.lift_suspension(certificate=certificate, note="", actor=manager)
    services_status.revoke(certificate=certificate, reason="fraud", note="", actor=manager)
    answer = fast(f"/api/v1/verify/{certificate.public_id}")
    assert b'"status": "revoked"' in answer.content


def test_a_key_marked_compromised_fails_the_key_check_at_once(make_certificate):
    certificate = make_certificate(issued_on=timezone.localdate())
    assert b'"ok": false' not in fast(f"/api/v1/verify/{certificate.public_id}").content
    from ujikom.certificates.models import SigningKey

    SigningKey.objects.filter(kid=certificate.kid).update(
        compromised_at=timezone.now() - dt.timedelta(days=2), not_after=timezone.now() - dt.timedelta(days=2)
    )
    ours, theirs = both(f"/api/v1/verify/{certificate.public_id}")
    assert b'"ok": false' in ours.content
    assert_same(ours, theirs)


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/v/{id}?utm=qr", {}),
        ("/v/{id}", {"HTTP_COOKIE": "sessionid=abc"}),
        ("/v/{id}", {"HTTP_HOST": "evil.example"}),
        ("/api/v1/verify/credential", {}),
        ("/sertifikat/", {}),
    ],
)
def test_other_requests_go_to_django(make_certificate, path, extra):
    certificate = make_certificate()
    target = path.format(id=certificate.public_id)
    answer = fast(target, app=WSGIHandler(), **extra)
    environ = RequestFactory().get(target, **extra).environ
    reached = []

    def django_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        reached.append(environ["PATH_INFO"])
        start_response("204 No Content", [])
        return []

    VerificationFastPath(django_app)(environ, lambda *_args: None)
    assert reached and answer.status_code in (200, 302, 400, 404, 405)
