"""Error responses of the API, in Indonesian, each saying what is wrong and where.

Bad input is a 422 `{"detail": [{"loc": "body.email", "msg": "…"}]}`; a refusal a 403,
something missing a 404, an unusable token a 401 — `{"detail": "…"}` — never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .auth import invalid_token_message

_E = TypeVar("_E", bound=Exception)

BODY_PARAM = "payload"  # every endpoint names its body parameter so; it is left out of locations
INDONESIAN_ERROR = "ujikom"  # PydanticCustomError type whose message is already Indonesian


class InputError(Exception):
    """Bad input found by an endpoint or a service: [(location, message), …] → 422."""

    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors)


def input_error(location: str, message: str) -> InputError:
    return InputError([(location, message)])


def _service_errors(
    error: DjangoValidationError, prefix: str, renames: Mapping[str, str]
) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return [(prefix, message) for message in error.messages]
    found: list[tuple[str, str]] = []
    for field, messages in error.message_dict.items():
        name = renames.get(field, field)
        location = prefix if field == NON_FIELD_ERRORS else f"{prefix}.{name}"
        found.extend((location, message) for message in messages)
    return found


@contextmanager
def service_errors(prefix: str = "body", renames: Mapping[str, str] | None = None) -> Iterator[None]:
    """Turn a service's ValidationError into a 422 naming the request fields at `prefix`."""
    try:
        yield
    except DjangoValidationError as error:
        raise InputError(_service_errors(error, prefix, renames or {})) from error


def _choices(ctx: Mapping[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")


def pydantic_message(error: Mapping[str, Any]) -> str:
    """One pydantic error in Indonesian."""
    kind = error.get("type", "")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return _("wajib diisi")
    if kind == "extra_forbidden":
        return _("kolom tidak dikenal")
    if kind == "string_too_long":
        return _("terlalu panjang (maks. %(n)s karakter)") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("tidak boleh kosong")
        return _("terlalu pendek (min. %(n)s karakter)") % {"n": ctx.get("min_length")}
    if kind in {"string_type", "string_unicode"}:
        return _("harus berupa teks")
    if kind == "string_pattern_mismatch":
        return _("format tidak sesuai")
    if kind in {"uuid_parsing", "uuid_type", "uuid_version"}:
        return _("bukan UUID yang sah")
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type"}:
        return _("tanggal tidak sah (format YYYY-MM-DD)")
    if kind in {"datetime_parsing", "datetime_from_date_parsing", "datetime_type", "datetime_object_invalid"}:
        return _("waktu tidak sah (format ISO 8601, mis. 2025-01-31T13:00:00+07:00)")
    if kind in {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}:
        return _("harus bilangan bulat")
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return _("harus berupa angka")
    if kind in {"bool_parsing", "bool_type"}:
        return _("harus true atau false")
    if kind in {"enum", "literal_error"}:
        return _("harus salah satu dari: %(choices)s") % {"choices": _choices(ctx)}
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        sign = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}[
            kind
        ]
        limit = next(iter(ctx.values()), "")
        return _("harus %(sign)s %(limit)s") % {"sign": sign, "limit": limit}
    if kind in {"list_type", "tuple_type", "set_type", "iterable_type"}:
        return _("harus berupa daftar (array)")
    if kind in {"too_long"}:
        return _("terlalu banyak isian (maks. %(n)s)") % {"n": ctx.get("max_length")}
    if kind in {"too_short"}:
        return _("terlalu sedikit isian (min. %(n)s)") % {"n": ctx.get("min_length")}
    if kind in {"dict_type", "model_type", "model_attributes_type", "dataclass_type"}:
        return _("harus berupa objek JSON")
    if kind in {"json_invalid", "json_type"}:
        return _("bukan JSON yang sah")
    if kind == INDONESIAN_ERROR:
        return str(error.get("msg", ""))
    return _("nilai tidak sah")


def pydantic_location(loc: Iterable[Any]) -> str:
    parts = [str(part) for part in loc]
    if len(parts) >= 2 and parts[0] == "body" and parts[1] == BODY_PARAM:
        del parts[1]
    return ".".join(parts)


def _detail(errors: Iterable[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    return {"detail": [{"loc": loc, "msg": msg} for loc, msg in errors]}


def _add_handler(
    api: NinjaAPI, exc_class: type[_E], handler: Callable[[HttpRequest, _E], HttpResponse]
) -> None:
    """ninja calls a handler with the exception raised; its stub types the argument as
    `exception or exception class`, which no handler written for the instance matches."""
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


def register_error_handlers(api: NinjaAPI) -> None:
    def on_request_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [(pydantic_location(e.get("loc", ())), pydantic_message(e)) for e in exc.errors]
        return api.create_response(request, _detail(errors), status=422)

    def on_input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
        return api.create_response(request, _detail(exc.errors), status=422)

    def on_service_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, _detail(_service_errors(exc, "body", {})), status=422)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("Anda tidak memiliki hak akses untuk tindakan ini.")
        return api.create_response(request, {"detail": message}, status=403)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) if isinstance(exc, Http404) and str(exc) else _("Data tidak ditemukan.")
        return api.create_response(request, {"detail": message}, status=404)

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(request, {"detail": invalid_token_message()}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if message.startswith("Cannot parse request body"):
            message = _("Isi permintaan bukan JSON yang sah.")
        elif exc.status_code == 429:
            message = _("Terlalu banyak permintaan; coba lagi sebentar lagi.")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        """Two requests saving the same unique value at once: the services' checks passed for both."""
        message = _("Data bentrok dengan data yang baru saja disimpan pihak lain; periksa lalu coba lagi.")
        return api.create_response(request, {"detail": message}, status=409)

    _add_handler(api, NinjaValidationError, on_request_validation)
    _add_handler(api, InputError, on_input_error)
    _add_handler(api, DjangoValidationError, on_service_error)
    _add_handler(api, PermissionDenied, on_permission_denied)
    _add_handler(api, Http404, on_not_found)
    _add_handler(api, ObjectDoesNotExist, on_not_found)
    _add_handler(api, AuthenticationError, on_unauthenticated)
    _add_handler(api, HttpError, on_http_error)
    _add_handler(api, IntegrityError, on_conflict)
