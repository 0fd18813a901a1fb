"""Who is calling: a personal token (`Authorization: Bearer ujk_…`) or the browser's session.

A request that carries a bearer token is judged by that token alone: a bad token is a 401
even when a session cookie rides along. Session calls pass Django's CSRF check on unsafe
methods, exactly like the pages' forms.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ujikom.core.models import User
from ujikom.core.tokens import authenticate_token


def invalid_token_message() -> str:
    return _("Token tidak sah atau sudah dicabut")


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        value = request.headers.get(self.header)
        if not value:
            return None
        scheme, _sep, token = value.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError(message=invalid_token_message())
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = authenticate_token(token)
        if user is None:
            raise AuthenticationError(message=invalid_token_message())
        return user


class SessionAuth(APIKeyCookie):
    """Django's signed-in session, with CSRF checked (like ninja's `django_auth`)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("Pemeriksaan CSRF gagal: kirim token CSRF di header X-CSRFToken."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return request.user if request.user.is_authenticated else None


token_auth = TokenAuth()
session_auth = SessionAuth()
API_AUTH = [token_auth, session_auth]


def caller(request: HttpRequest) -> User:
    """The user the API call is made by (set by the authentication above)."""
    return request.auth  # type: ignore[attr-defined]  # set by ninja; HttpRequest does not declare it
