"""What a view may rely on in its request, for the type checker.

Django types `request.user` as "a user or AnonymousUser" and knows nothing of the attributes
the middleware adds. Views annotate their request with one of these classes instead of
`HttpRequest`; no such object is ever created, they only describe the request Django passes.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import Organization, User


class AuthenticatedHttpRequest(HttpRequest):
    """A request to a view behind `login_required`.

    `organization` (None when the user acts for none) and `organizations` are set by
    ActiveOrganizationMiddleware, `htmx` by django-htmx's middleware.
    """

    user: User
    organization: Organization | None
    organizations: list[Organization]
    htmx: HtmxDetails


class OrganizationHttpRequest(AuthenticatedHttpRequest):
    """A request to a view behind `permission_required`, which refuses it when the user acts for no
    organization (no permission is held outside one), so `organization` is always set."""

    organization: Organization
