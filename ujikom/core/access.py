"""Who may do what where: permission checks by role *and* organization.

Pages and API endpoints call these; nobody sees another organization's data unless a
shared record involves both (such records check both sides in their own app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase

from .models import Organization, RoleAssignment, User

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


def _cache(user: User) -> dict[Any, Any]:
    cache = getattr(user, "_ujikom_access", None)
    if cache is None:
        cache = {}
        user._ujikom_access = cache  # type: ignore[attr-defined]
    return cache


def active_assignments(user: User, on: dt.date | None = None) -> list[RoleAssignment]:
    """The user's role assignments in force today, with role and organization loaded (cached per request)."""
    if not user.is_authenticated:
        return []
    cache = _cache(user)
    key = ("assignments", on)
    if key not in cache:
        cache[key] = list(
            RoleAssignment.objects.active(on).filter(user=user).select_related("role", "organization", "unit")
        )
    return cache[key]


def organizations_of(user: User | AnonymousUser) -> list[Organization]:
    """The organizations the user acts for today, by name."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organization.objects.filter(is_active=True))
    seen: dict[int, Organization] = {}
    for assignment in active_assignments(user):
        seen.setdefault(assignment.organization_id, assignment.organization)
    return sorted(seen.values(), key=lambda org: org.name)


def visible_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=[org.pk for org in organizations_of(user)])


def role_keys(user: User, organization: Organization | None) -> set[str]:
    if organization is None:
        return set()
    return {a.role.key for a in active_assignments(user) if a.organization_id == organization.pk}


def permissions_in(user: User | AnonymousUser, organization: Organization | None) -> set[str]:
    if not user.is_authenticated or organization is None:
        return set()
    if user.is_superuser:
        from .permissions import PERMISSIONS

        return set(PERMISSIONS)
    granted: set[str] = set()
    for assignment in active_assignments(user):
        if assignment.organization_id == organization.pk:
            granted.update(assignment.role.permissions or [])
    return granted


def is_member(user: User | AnonymousUser, organization: Organization | None) -> bool:
    if not user.is_authenticated or organization is None:
        return False
    if user.is_superuser:
        return True
    return any(a.organization_id == organization.pk for a in active_assignments(user))


def has_permission(user: User | AnonymousUser, code: str, organization: Organization | None) -> bool:
    return code in permissions_in(user, organization)


def has_any_role(user: User | AnonymousUser, keys: Iterable[str], organization: Organization | None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(role_keys(user, organization) & set(keys))


def require_permission(user: User | AnonymousUser, code: str, organization: Organization | None) -> None:
    """Raise PermissionDenied (403) unless the user holds `code` in `organization`."""
    if not has_permission(user, code, organization):
        raise PermissionDenied("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut.")


def require_member(user: User | AnonymousUser, organization: Organization | None) -> None:
    if not is_member(user, organization):
        raise PermissionDenied("Anda bukan anggota organisasi tersebut.")


def permission_required(code: str) -> Callable[[_View], _View]:
    """View decorator: the permission must be held in the organization the user acts for.

    The view may then take an `OrganizationHttpRequest` (ujikom.core.http): no permission is
    held without an organization, so `request.organization` is set.
    """

    def decorator(view: _View) -> _View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require_permission(request.user, code, getattr(request, "organization", None))
            return view(request, *args, **kwargs)

        return cast(_View, wrapped)

    return decorator
