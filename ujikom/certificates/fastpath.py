"""The public verification answered before Django's request machinery: a thin WSGI layer.

`GET /v/<id>` and `GET /api/v1/verify/<id>` are what a QR code scan or a verifying system asks,
the one path that must serve thousands of requests a second. Through Django's full stack (URL
resolution, thirteen middleware, the ORM, a template) a page cost about ten times a bare WSGI lookup;
this layer answers those two requests itself and gives everything else to Django unchanged.

It answers the same as the Django views, from the same code: the same rate limit (key, window and
cache of `throttle.py`; with Redis a thread takes a client's requests in small reservations), the
checks of `selectors_verification.verify`, the page of `verification_html` and the JSON of the
API's schema, with the headers Django's middleware adds.

On PostgreSQL the checks are made, and the page and JSON drawn, when the certificate or what it
depends on changes, not on every request: they are stored per language (`CertificateRendering`)
with a stamp of everything they were drawn from (the certificate's row and status, its key, its
LSP, the certificate that superseded it, today's place in its validity period, this code and its
translations). A request reads the stored blocks together with the stamp of the data as it is now,
in one indexed query, and draws afresh (and stores) whenever the two differ; so a suspension, a
compromised key or a passed validity date shows on the very next request.

Requests it leaves to Django: other methods, a query string, a session cookie (the reader may be
signed in, and the language may come from their profile), a host not in ALLOWED_HOSTS, plain HTTP
when HTTPS is required, and on the API an id of the wrong shape.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.serializers.json import DjangoJSONEncoder
from django.db import Error as DatabaseError
from django.db import connection
from django.http import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import selectors_verification as selectors
from .throttle import VERIFY_LIMIT, VERIFY_WINDOW
from .verification_html import _e as escape
from .verification_html import checked_text, message_page, page, verification_blocks, verification_page

logger = logging.getLogger(__name__)

PAGE = "/v/"
API = "/api/v1/verify/"
PUBLIC_ID = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{16,32}$")

_local = threading.local()

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


# ---- what Django would add ------------------------------------------------------------------


@lru_cache(maxsize=4)
def middleware_headers(secure: bool) -> tuple[tuple[str, str], ...]:
    """The headers Django's security, clickjacking and CSP middleware put on these responses, read
    from the middleware themselves once per process (so a setting changed there shows here)."""
    from csp.middleware import CSPMiddleware
    from django.core.handlers.wsgi import WSGIRequest
    from django.http import HttpResponse, HttpResponseBase
    from django.middleware.clickjacking import XFrameOptionsMiddleware
    from django.middleware.security import SecurityMiddleware

    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": PAGE,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "443" if secure else "80",
            "wsgi.url_scheme": "https" if secure else "http",
            "wsgi.input": io.BytesIO(),
        }
    )
    response: HttpResponseBase = HttpResponse()
    csp = CSPMiddleware(HttpResponse)
    csp.process_request(request)
    response = csp.process_response(request, response)
    response = XFrameOptionsMiddleware(HttpResponse).process_response(request, response)  # type: ignore[arg-type]
    response = SecurityMiddleware(HttpResponse).process_response(request, response)
    skip = {"content-type", "content-length"}
    return tuple((name, value) for name, value in response.headers.items() if name.lower() not in skip)


# ---- the request ----------------------------------------------------------------------------


def _secure(environ: dict[str, Any]) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, value = header
        forwarded = environ.get(name)
        if forwarded is not None:
            return forwarded.split(",", 1)[0].strip() == value
    return environ.get("wsgi.url_scheme") == "https"


def _host(environ: dict[str, Any], secure: bool) -> str | None:
    """The request's host as Django's `get_host` finds it, or None when Django would refuse it."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        host = environ["HTTP_X_FORWARDED_HOST"]
    elif "HTTP_HOST" in environ:
        host = environ["HTTP_HOST"]
    else:
        host = environ.get("SERVER_NAME", "")
        port = str(environ.get("SERVER_PORT", ""))
        if port != ("443" if secure else "80"):
            host = f"{host}:{port}"
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    return host if domain and validate_host(domain, allowed) else None


def client_ip(environ: dict[str, Any]) -> str:
    """As `ujikom.core.auth.client_ip`: REMOTE_ADDR, or the address the outermost trusted proxy saw."""
    remote = environ.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


# Reserve up to ARGV[2] requests of the client's window for one server thread, never past the
# limit ARGV[3]: the count in Redis is what all threads and processes took together.
RESERVE_SCRIPT = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
local used = tonumber(redis.call('GET', KEYS[1]))
local grant = math.min(tonumber(ARGV[2]), tonumber(ARGV[3]) - used)
if grant <= 0 then
  return 0
end
redis.call('INCRBY', KEYS[1], grant)
return grant
"""


def _reserver(backend: Any) -> Any:
    """The reserving script on the cache's Redis, registered once per process (Django makes a new
    client on every call)."""
    script = getattr(backend, "_fastpath_reserver", None)
    if script is None:
        client = backend._cache.get_client(None, write=True)
        script = backend._fastpath_reserver = client.register_script(RESERVE_SCRIPT)
    return script


def reserve_size(limit: int) -> int:
    """How many requests a thread takes from Redis at a time: one under an ordinary limit (60 a
    minute), so an address spread over several processes is refused exactly at the limit; up to
    50 under a limit in the thousands, which only a heavy client (a verifying system) reaches and
    where a round trip to Redis per request would cost more than the answer itself. A reserved
    request a thread does not use is lost with its window: the limit is never exceeded."""
    return max(1, min(50, limit // 100))


def wait_seconds(ip: str) -> int:
    """Count the request as `throttle.verification_wait` does (same key, window, cache): 0 if
    allowed, else the seconds to wait. With Redis the thread takes the client's requests in
    reservations (`reserve_size`) and counts locally what it has left."""
    from django.core.cache.backends.redis import RedisCache

    limit = int(getattr(settings, "VERIFICATION_RATE_LIMIT", VERIFY_LIMIT))
    now = int(time.time())
    window_start = now // VERIFY_WINDOW * VERIFY_WINDOW
    key = f"certificates:verify:{ip or 'unknown'}:{window_start}"
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        budget: dict[str, int] | None = getattr(_local, "budget", None)
        if budget is None or getattr(_local, "budget_window", None) != (window_start, limit):
            budget = _local.budget = {}
            _local.budget_window = (window_start, limit)
        left = budget.get(key, 0)
        if left <= 0:
            full_key = backend.make_and_validate_key(key)
            left = int(
                _reserver(backend)(keys=[full_key], args=[VERIFY_WINDOW + 5, reserve_size(limit), limit])
            )
        if left > 0:
            budget[key] = left - 1
            return 0
        return max(1, window_start + VERIFY_WINDOW - now)
    cache.add(key, 0, VERIFY_WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, VERIFY_WINDOW + 5)
        count = 1
    if count <= limit:
        return 0
    return max(1, window_start + VERIFY_WINDOW - int(time.time()))


# ---- the certificate ------------------------------------------------------------------------

CERTIFICATE_FIELDS = (
    "id",
    "public_id",
    "lsp_id",
    "holder_name",
    "scheme_code",
    "scheme_name",
    "units",
    "certificate_number",
    "registration_number",
    "issued_on",
    "valid_until",
    "status",
    "status_reason",
    "status_changed_at",
    "kid",
    "token",
)
LSP_FIELDS = ("id", "code", "name")
KEY_FIELDS = ("id", "kid", "public_key", "not_before", "not_after", "compromised_at")
NEWER_FIELDS = ("id", "public_id", "certificate_number")


@lru_cache(maxsize=1)
def _parts() -> tuple[tuple[str, Any, tuple[str, ...]], ...]:
    """(alias, model, fields read) of each table of the query, the fields in the model's order (as
    `Model.from_db` takes them)."""
    from ujikom.core.models import Organization

    from .models import Certificate, SigningKey

    parts = []
    for alias, model, names in (
        ("c", Certificate, CERTIFICATE_FIELDS),
        ("o", Organization, LSP_FIELDS),
        ("k", SigningKey, KEY_FIELDS),
        ("n", Certificate, NEWER_FIELDS),
    ):
        ordered = tuple(field.attname for field in model._meta.concrete_fields if field.attname in names)
        assert len(ordered) == len(names), names
        parts.append((alias, model, ordered))
    return tuple(parts)


@lru_cache(maxsize=4)
def _query(vendor: str) -> tuple[str, list[list[Callable[..., Any]]], list[Any]]:
    """The one query (certificate, its LSP, its key, the certificate that superseded it), and the
    database converters of each column, as the ORM would apply them."""
    from ujikom.core.models import Organization

    from .models import Certificate, SigningKey

    quote = connection.ops.quote_name
    columns, converters, expressions = [], [], []
    for alias, model, names in _parts():
        for name in names:
            field = model._meta.get_field(name)
            column = field.get_col(alias)
            columns.append(f"{alias}.{quote(field.column)}")
            converters.append(connection.ops.get_db_converters(column) + field.get_db_converters(connection))
            expressions.append(column)
    certificate = quote(Certificate._meta.db_table)
    # Table and column names come from the models; the id is the one parameter.
    tables = (certificate, quote(Organization._meta.db_table), quote(SigningKey._meta.db_table))
    joins = " ".join(
        [
            f"FROM {tables[0]} c JOIN {tables[1]} o ON o.{quote('id')} = c.{quote('lsp_id')}",
            f"LEFT JOIN {tables[2]} k ON k.{quote('kid')} = c.{quote('kid')}",
            f"LEFT JOIN {tables[0]} n ON n.{quote('supersedes_id')} = c.{quote('id')}",
        ]
    )
    sql = " ".join(["SELECT", ", ".join(columns), joins, "WHERE", f"c.{quote('public_id')} = %s"])
    return sql, converters, expressions


def _postgres() -> Any:
    """This thread's own PostgreSQL connection, made with Django's parameters and type adapters but
    with prepared statements: Django's connection never prepares (it may sit behind a transaction
    pooler), so the server would parse and plan the four-table join on every request (measured:
    about 450 µs against 85 µs prepared)."""
    import psycopg

    own = getattr(_local, "postgres", None)
    if own is None or own.closed:
        params = connection.get_connection_params()
        params["prepare_threshold"] = 0
        params.pop("cursor_factory", None)  # Django's binds on the client: no prepared statements
        own = _local.postgres = psycopg.connect(**params, autocommit=True)
        own.execute("SET TIME ZONE 'UTC'")
        # Its only writes are stored verifications, a cache redrawn when missing: they need not wait
        # for the disk (storing after a bulk issuance: 10 ms a certificate waiting, 2 ms without).
        own.execute("SET synchronous_commit TO OFF")
    return own


def close_connection() -> None:
    """Close this thread's own PostgreSQL connection (tests, before their database is dropped)."""
    own = getattr(_local, "postgres", None)
    if own is not None:
        own.close()
        _local.postgres = None


def _row(sql: str, public_id: str) -> tuple[Any, ...] | None:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, [public_id])
            return cursor.fetchone()
    import psycopg

    try:
        return _postgres().execute(sql, [public_id]).fetchone()
    except psycopg.Error as error:
        own = getattr(_local, "postgres", None)
        if own is not None:
            own.close()
        raise DatabaseError(str(error)) from error


def _fetch(public_id: str) -> tuple[Any, ...] | None:
    sql, converters, expressions = _query(connection.vendor)
    for attempt in (1, 2):
        try:
            row = _row(sql, public_id)
            break
        except DatabaseError:
            # A connection broken since the last request (database restarted): a new one, once.
            if connection.vendor != "postgresql":
                connection.close()
            if attempt == 2:
                raise
    if row is None:
        return None
    values = []
    for value, functions, expression in zip(row, converters, expressions, strict=True):
        for function in functions:
            value = function(value, expression, connection)
        values.append(value)
    return tuple(values)


def certificate_with_key(public_id: str) -> tuple[Any, Any] | None:
    """The certificate (with its LSP and the certificate that superseded it loaded) and its key."""
    from .models import Certificate

    row = _fetch(public_id)
    if row is None:
        return None
    pieces, position = [], 0
    for _alias, model, names in _parts():
        values = row[position : position + len(names)]
        position += len(names)
        pieces.append(model.from_db(connection.alias, names, values) if values[0] is not None else None)
    certificate, lsp, key, newer = pieces
    assert certificate is not None and lsp is not None
    Certificate.lsp.field.set_cached_value(certificate, lsp)
    Certificate.superseded_by.related.set_cached_value(certificate, newer)  # type: ignore[arg-type]
    return certificate, key


# ---- the stored rendering (PostgreSQL) ----------------------------------------------------
#
# The checks and the drawing of a certificate's verification change only when the certificate, its
# key, its LSP or the certificate that superseded it change, when today enters or leaves its
# validity period, or with a new version of this code. They are made once and stored
# (`CertificateRendering`, per language) with a stamp summing up all of that; each request reads
# the stored blocks and the stamp of the data as it is now in its one query, and draws afresh (and
# stores) only when the two stamps differ. Only the og:url and the moment of the checks are put in
# per request.

URL_MARK, CHECKED_MARK = "<\x01url>", "<\x01checked>"  # never in escaped text
CHECKED_SENTINEL = dt.datetime(1, 1, 1, tzinfo=dt.UTC)

# Everything the verification is drawn from, as the database sees it now (NULL and '' kept apart).
STAMPED = (
    "c.updated_at", "c.public_id", "c.holder_name", "c.scheme_code", "c.scheme_name", "c.units",
    "c.certificate_number", "c.registration_number", "c.issued_on", "c.valid_until", "c.status",
    "c.status_reason", "c.status_changed_at", "c.kid", "c.token", "k.id", "k.public_key",
    "k.not_before", "k.not_after", "k.compromised_at", "o.code", "o.name", "n.public_id",
    "n.certificate_number",
)  # fmt: skip


@lru_cache(maxsize=8)
def _code_stamp(language: str) -> str:
    """What the drawing depends on besides the data: this code and the code it calls, the frame,
    the translations of `language` and the time zone. Changes with a deploy."""
    import hashlib
    import inspect

    from ujikom.api.routers import certificates_verification

    from . import keys, selectors_verification, services_status, tokens, verification_html

    digest = hashlib.sha256()
    for module in (
        verification_html,
        selectors_verification,
        services_status,
        tokens,
        keys,
        certificates_verification,
    ):
        digest.update(inspect.getsource(module).encode())
    for function in (draw, api_json, certificate_with_key, _parts, _query):
        digest.update(inspect.getsource(function).encode())
    digest.update(repr(verification_html.frame(language)).encode())
    with translation.override(language):
        catalog = translation.trans_real.translation(language)._catalog  # type: ignore[attr-defined]
        digest.update(repr(sorted((str(k), str(v)) for k, v in catalog.items())).encode())
    digest.update(f"{settings.TIME_ZONE}|{language}".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=2)
def _stored_sql(api: bool) -> str:
    """The one query of a request: the certificate's stamp parts and its stored verification, only
    the page's blocks or only the API's JSON (each several kilobytes), never both."""
    from ujikom.core.models import Organization

    from .models import Certificate, CertificateRendering, SigningKey

    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for model in (Certificate, Organization, SigningKey, CertificateRendering)
    ]
    stamp = ", ".join(f"coalesce({column}::text, '\x01')" for column in STAMPED)
    # Table and column names come from the models and STAMPED; the language and id are parameters.
    return " ".join(
        [
            "SELECT r.stamp,",
            "NULL, NULL, NULL, r.api," if api else "r.title, r.head, r.content, NULL,",
            f"md5(concat_ws('|', {stamp})), c.issued_on::text, c.valid_until::text, c.id",
            f"FROM {tables[0]} c JOIN {tables[1]} o ON o.id = c.lsp_id",
            f"LEFT JOIN {tables[2]} k ON k.kid = c.kid",
            f"LEFT JOIN {tables[0]} n ON n.supersedes_id = c.id",
            f"LEFT JOIN {tables[3]} r ON r.certificate_id = c.id AND r.language = %s",
            "WHERE c.public_id = %s",
        ]
    )


@lru_cache(maxsize=1)
def _store_sql() -> str:
    from .models import CertificateRendering

    table = connection.ops.quote_name(CertificateRendering._meta.db_table)
    # The table's name comes from the model; every value is a parameter.
    return " ".join(
        [
            f"INSERT INTO {table} (certificate_id, language, stamp, title, head, content, api)",
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (certificate_id, language) DO UPDATE SET",
            "stamp = EXCLUDED.stamp, title = EXCLUDED.title, head = EXCLUDED.head,",
            "content = EXCLUDED.content, api = EXCLUDED.api",
        ]
    )


_today: list[Any] = [0, ""]


def _today_iso() -> str:
    """Today's date in the site's time zone, as the database writes a date (read once a second)."""
    second = int(time.time())
    if _today[0] != second:
        _today[1] = timezone.localdate().isoformat()
        _today[0] = second
    return str(_today[1])


def _run(sql: str, params: list[Any], *, fetch: bool = True) -> tuple[Any, ...] | None:
    """Run `sql` on this thread's own connection (a cursor kept with it) and give its first row;
    a connection broken since the last request (database restarted) is replaced, once."""
    import psycopg

    for attempt in (1, 2):
        try:
            own = _postgres()
            cursor = getattr(_local, "cursor", None)
            if cursor is None or cursor.connection is not own:
                cursor = _local.cursor = own.cursor()
            cursor.execute(sql, params)
            return cursor.fetchone() if fetch else None
        except psycopg.Error as error:
            own = getattr(_local, "postgres", None)
            if own is not None:
                own.close()
            if attempt == 2:
                raise DatabaseError(str(error)) from error
    return None


def draw(public_id: str, language: str) -> tuple[str, str, str, str] | None:
    """The certificate's verification drawn now in `language` (the active one): the page's title,
    head and content blocks with the marks for the og:url and the moment, and the API's JSON with
    the sentinel moment; None if there is no such certificate."""
    found = certificate_with_key(public_id)
    if found is None:
        return None
    certificate, key = found
    verification = selectors.verify(certificate, key=key)
    verification.checked_at = CHECKED_SENTINEL
    title, head, content = verification_blocks(verification, url=URL_MARK, checked=CHECKED_MARK)
    return title, head, content, api_json(verification.as_dict(), HTTPStatus.OK).decode()


def stored(public_id: str, language: str, *, api: bool = False) -> tuple[str, str, str, str] | None:
    """The certificate's stored verification in `language` if still current, else drawn now and
    stored: the page's title, head and content and the API's JSON (if still current, only the
    API's with `api`, only the page's without); None if there is no such certificate (PostgreSQL
    only)."""
    row = _run(_stored_sql(api), [language, public_id])
    if row is None:
        return None
    today = _today_iso()
    phase = "0" if today < row[6] else "1" if today <= row[7] else "2"
    stamp = f"{_code_stamp(language)}{phase}{row[5]}"
    if row[0] == stamp:
        return row[1], row[2], row[3], row[4]
    with translation.override(language):
        drawn = draw(public_id, language)
    if drawn is None:
        return None
    _run(_store_sql(), [row[8], language, stamp, *drawn], fetch=False)
    return drawn


def store_verifications(public_ids: Iterable[str], languages: Iterable[str] | None = None) -> int:
    """Store the verification of newly issued or changed certificates in every language (or those
    given), so their first scan is answered like any later one; gives how many were stored or found
    current (PostgreSQL only; elsewhere nothing). Only a cache: a database error is logged and the
    next request draws it instead."""
    ids = list(public_ids)
    if not ids or connection.vendor != "postgresql":
        return 0
    drawn = 0
    try:
        for language in languages or [code for code, _name in settings.LANGUAGES]:
            with translation.override(language):
                for public_id in ids:
                    drawn += stored(public_id, language) is not None
    except DatabaseError:
        logger.warning("Verifikasi sertifikat tidak dapat disimpan lebih dahulu.", exc_info=True)
    return drawn


@lru_cache(maxsize=1)
def _encoder() -> json.JSONEncoder:
    from ninja.responses import NinjaJSONEncoder

    return NinjaJSONEncoder()


def _now_json() -> str:
    return _encoder().encode(timezone.now())


_checked: dict[tuple[int, str], str] = {}


def _checked_now(language: str) -> str:
    """The moment of the checks as the page shows it, drawn once a minute per language."""
    key = (int(time.time()) // 60, language)
    text = _checked.get(key)
    if text is None:
        if len(_checked) > 64:
            _checked.clear()
        text = _checked[key] = checked_text(timezone.now(), language)
    return text


@lru_cache(maxsize=1)
def _sentinel_json() -> str:
    from ninja.responses import NinjaJSONEncoder

    return json.dumps(CHECKED_SENTINEL, cls=NinjaJSONEncoder)


# ---- the answers ----------------------------------------------------------------------------


def api_json(data: dict[str, Any], status: int) -> bytes:
    """The body django-ninja gives for `data` (the API's schema for 200, `Message` otherwise)."""
    from ninja.renderers import JSONRenderer
    from ninja.responses import NinjaJSONEncoder

    from ujikom.api.routers.certificates_verification import VerificationOut

    if status == HTTPStatus.OK:
        data = VerificationOut.model_validate(data).model_dump(by_alias=True)
    return json.dumps(data, cls=NinjaJSONEncoder, **(JSONRenderer.json_dumps_params or {})).encode()


def prepare() -> None:
    """Load what every answer uses when the server starts, not on the first requests (which would
    wait for it all at once): the modules, the query, the headers, the page frame in each language.
    Nothing about any certificate is loaded."""
    from ujikom.api.routers import certificates_verification  # noqa: F401

    from . import selectors_verification  # noqa: F401
    from .verification_html import _texts, frame

    _parts()
    _query(connection.vendor)
    for secure in (False, True):
        middleware_headers(secure)
    for language, _name in settings.LANGUAGES:
        frame(language)
        _texts(language)
    _page_cache_control()


class VerificationFastPath:
    """WSGI middleware: answers `GET /v/<id>` and `GET /api/v1/verify/<id>`; the rest goes to `app`."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app
        prepare()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING"):
            if path.startswith(PAGE) and len(path) > len(PAGE):
                answer = self.answer(environ, path[len(PAGE) :], api=False)
                if answer is not None:
                    return self.respond(start_response, *answer)
            elif path.startswith(API) and PUBLIC_ID.match(path[len(API) :]):
                answer = self.answer(environ, path[len(API) :], api=True)
                if answer is not None:
                    return self.respond(start_response, *answer)
        return self.app(environ, start_response)

    @staticmethod
    def respond(
        start_response: StartResponse, status: int, headers: list[tuple[str, str]], body: bytes
    ) -> list[bytes]:
        phrase = HTTPStatus(status).phrase
        start_response(f"{status} {phrase}", [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def answer(
        self, environ: dict[str, Any], public_id: str, *, api: bool
    ) -> tuple[int, list[tuple[str, str]], bytes] | None:
        language = settings.LANGUAGE_CODE
        cookies = environ.get("HTTP_COOKIE")
        if cookies:
            jar = parse_cookie(cookies)
            if settings.SESSION_COOKIE_NAME in jar:
                return None
            chosen = jar.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen in dict(settings.LANGUAGES):
                language = chosen
        secure = _secure(environ)
        if settings.SECURE_SSL_REDIRECT and not secure:
            return None
        host = _host(environ, secure)
        if host is None:
            return None
        # Only what is drawn now needs the language activated; a stored verification is ready.
        status, headers, body = (
            self.api_answer(environ, public_id, language)
            if api
            else self.page_answer(environ, public_id, host, secure, language)
        )
        return (
            status,
            [*headers, *middleware_headers(secure), ("Vary", "Cookie"), ("Content-Language", language)],
            body,
        )

    def page_answer(
        self, environ: dict[str, Any], public_id: str, host: str, secure: bool, language: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        html = [("Content-Type", "text/html; charset=utf-8")]
        wait = wait_seconds(client_ip(environ))
        if wait:
            with translation.override(language):
                message = _("Terlalu banyak permintaan verifikasi. Coba lagi dalam %(seconds)s detik.") % {
                    "seconds": wait
                }
                body = message_page(message)
            return 429, [*html, ("Retry-After", str(wait))], body.encode()
        status, body = 404, ""
        if not PUBLIC_ID.match(public_id):
            pass
        elif connection.vendor == "postgresql":
            blocks = stored(public_id, language)
            if blocks is not None:
                title, head, content, _api = blocks
                plain = public_id.isascii() and public_id.isalnum() and not environ.get("SCRIPT_NAME")
                path = f"{PAGE}{public_id}" if plain else _escaped_path(environ)
                url = escape(f"{'https' if secure else 'http'}://{host}{path}")
                head = head.replace(URL_MARK, url, 1)
                status, body = (
                    200,
                    page(language, title, head, content.replace(CHECKED_MARK, _checked_now(language), 1)),
                )
        else:
            found = certificate_with_key(public_id)
            if found is not None:
                certificate, key = found
                url = f"{'https' if secure else 'http'}://{host}{_escaped_path(environ)}"
                with translation.override(language):
                    status, body = 200, verification_page(selectors.verify(certificate, key=key), url=url)
        if status == 404:
            with translation.override(language):
                body = message_page(_("Sertifikat tidak ditemukan."))
        return status, [*html, ("Cache-Control", _page_cache_control())], body.encode()

    def api_answer(
        self, environ: dict[str, Any], public_id: str, language: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = [("Content-Type", "application/json; charset=utf-8")]
        wait = wait_seconds(client_ip(environ))
        if wait:
            with translation.override(language):
                message = _("Terlalu banyak permintaan verifikasi. Coba lagi dalam %(seconds)s detik.") % {
                    "seconds": wait
                }
            body = json.dumps(
                {"detail": message}, cls=DjangoJSONEncoder
            ).encode()  # as the view's JsonResponse
            return 429, [("Content-Type", "application/json"), ("Retry-After", str(wait))], body
        if connection.vendor == "postgresql":
            blocks = stored(public_id, language, api=True)
            if blocks is not None:
                return 200, headers, blocks[3].replace(_sentinel_json(), _now_json(), 1).encode()
        else:
            found = certificate_with_key(public_id)
            if found is not None:
                certificate, key = found
                with translation.override(language):
                    return 200, headers, api_json(selectors.verify(certificate, key=key).as_dict(), 200)
        with translation.override(language):
            return 404, headers, api_json({"detail": _("Sertifikat tidak ditemukan.")}, 404)


def _escaped_path(environ: dict[str, Any]) -> str:
    """The path as Django's `build_absolute_uri` writes it."""
    from django.core.handlers.wsgi import get_path_info
    from django.utils.encoding import escape_uri_path

    script = environ.get("SCRIPT_NAME", "")
    return escape_uri_path(f"{script.rstrip('/')}{get_path_info(environ)}")


@lru_cache(maxsize=1)
def _page_cache_control() -> str:
    from django.http import HttpResponse

    response = HttpResponse()
    patch_cache_control(response, public=True, max_age=60)
    return str(response["Cache-Control"])
