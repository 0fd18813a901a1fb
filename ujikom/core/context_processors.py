"""What every page's shell needs: the organizations the user acts for and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .access import permissions_in
from .navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    organization = getattr(request, "organization", None)
    permissions = permissions_in(user, organization)
    return {
        "active_organization": organization,
        "my_organizations": getattr(request, "organizations", []),
        "my_permissions": permissions,
        "navigation": navigation_for(user, organization, permissions),
    }
