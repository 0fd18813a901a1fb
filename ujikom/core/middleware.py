"""Sets `request.organization`: the organization the signed-in user acts for now."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .access import organizations_of

SESSION_KEY = "active_organization_id"


def select_organization(request: HttpRequest) -> None:
    request.organization = None  # type: ignore[attr-defined]
    request.organizations = []  # type: ignore[attr-defined]
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    organizations = organizations_of(user)
    request.organizations = organizations  # type: ignore[attr-defined]
    wanted = request.session.get(SESSION_KEY)
    chosen = next((org for org in organizations if org.pk == wanted), None)
    if chosen is None and organizations:
        chosen = organizations[0]
    request.organization = chosen  # type: ignore[attr-defined]


class ActiveOrganizationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        select_organization(request)
        return self.get_response(request)
