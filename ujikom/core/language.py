"""Indonesian unless the person chose otherwise.

The browser's Accept-Language is ignored on purpose: officials' computers are often set to
English, yet the office works in Indonesian. The language is the one chosen on this browser
(the language cookie), else the one in the signed-in person's profile, else Indonesian.
Choosing a language in the navigation bar sets the cookie and the profile together.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .services import update_profile


def _supported(code: str | None) -> str | None:
    return code if code in dict(settings.LANGUAGES) else None


def language_for(request: HttpRequest) -> str:
    chosen = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return _supported(user.language) or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the language for the request; must come after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language on this browser and, for a signed-in person, in their profile."""
    response = set_language(request)
    language = _supported(request.POST.get("language"))
    user = request.user
    if language and user.is_authenticated and user.language != language:
        # If the profile has other problems to fix first, the cookie still holds the choice.
        with suppress(ValidationError):
            update_profile(user=user, language=language)
    return response
