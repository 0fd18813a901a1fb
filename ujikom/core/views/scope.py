"""Which organization a page works on and who may see an object of another organization.

The rule of every administration page: an outsider (no role in the object's organization)
gets 404, so the object's existence is not revealed; a member without the permission gets 403.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from ..access import has_permission, is_member, organizations_of, require_permission
from ..http import AuthenticatedHttpRequest
from ..models import Organization, RoleAssignment, User


def authorize_in(user: User, code: str, organization: Organization) -> None:
    """404 unless the user belongs to `organization`; 403 unless they hold `code` there."""
    if not is_member(user, organization):
        raise Http404("Tidak ditemukan.")
    require_permission(user, code, organization)


def acting_organization(request: AuthenticatedHttpRequest, code: str) -> Organization:
    """The organization the user acts for, where they must hold `code`.

    A system administrator may name any organization with `?organization=<public id>`.
    """
    user = request.user
    wanted = request.GET.get("organization", "")
    if user.is_superuser and wanted:
        try:
            return Organization.objects.get(public_id=wanted)
        except (Organization.DoesNotExist, ValidationError) as error:
            raise Http404("Organisasi tidak ditemukan.") from error
    organization: Organization | None = getattr(request, "organization", None)
    require_permission(user, code, organization)
    assert organization is not None
    return organization


def person_scope(user: User, person: User, code: str = "core.manage_people") -> set[int] | None:
    """The organizations (ids) in which `user` may manage `person`; None means all (system administrator).

    404 when they share no organization; 403 when they share one but the user lacks `code` in each.
    """
    if user.is_superuser:
        return None
    person_orgs = set(RoleAssignment.objects.filter(user=person).values_list("organization_id", flat=True))
    shared = [org for org in organizations_of(user) if org.pk in person_orgs]
    if not shared:
        raise Http404("Tidak ditemukan.")
    allowed = {org.pk for org in shared if has_permission(user, code, org)}
    if not allowed:
        raise PermissionDenied("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut.")
    return allowed


def render_list(request: AuthenticatedHttpRequest, template: str, context: Mapping[str, Any]) -> HttpResponse:
    """A list page, or only its #rows fragment when htmx asks for it (search, paging)."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template += "#rows"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
