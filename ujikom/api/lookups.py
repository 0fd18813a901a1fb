"""Finding what a request names, and checking the caller may see it.

Something named in the path that the caller may not see is "not found" (404), so the API
does not confirm another organization's records exist. Something named in a request body
that does not exist is bad input (422 at that field).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from pydantic import BaseModel

from ujikom.core.access import (
    active_assignments,
    has_permission,
    is_member,
    permissions_in,
    require_permission,
)
from ujikom.core.models import Organization, Role, RoleAssignment, Unit, User
from ujikom.core.views.scope import person_scope

from .errors import InputError, input_error

ACCOUNT_FIELDS = ("username", "email", "is_active")


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _organization_lookup(ref: str) -> Q:
    key = _as_uuid(ref)
    return Q(public_id=key) if key is not None else Q(code=ref)


def find_organization(ref: str) -> Organization | None:
    return Organization.objects.select_related("parent").filter(_organization_lookup(ref)).first()


def organization_in_path(user: User, ref: str, *codes: str) -> Organization:
    """An organization named in the path: 404 unless the caller belongs to it, 403 unless they hold
    one of `codes` there."""
    organization = find_organization(ref)
    if organization is None or not is_member(user, organization):
        raise Http404(_("Organisasi '%(ref)s' tidak ditemukan.") % {"ref": ref})
    require_any_permission(user, list(codes), organization)
    return organization


def organization_in_body(ref: str, location: str = "body.organization") -> Organization:
    organization = find_organization(ref)
    if organization is None:
        raise input_error(location, _("Organisasi '%(ref)s' tidak ditemukan.") % {"ref": ref})
    return organization


def role_in_body(key: str, location: str = "body.role") -> Role:
    role = Role.objects.filter(key=key).first()
    if role is None:
        raise input_error(location, _("Peran '%(key)s' tidak ditemukan.") % {"key": key})
    return role


def unit_in_body(
    public_id: uuid.UUID, organization: Organization, location: str, *, active_only: bool = False
) -> Unit:
    """A unit of `organization` named in the body; for a new assignment it must still be active."""
    units = Unit.objects.select_related("parent").filter(public_id=public_id, organization=organization)
    if active_only:
        units = units.filter(is_active=True)
    unit = units.first()
    if unit is None:
        message = (
            _("Unit kerja aktif '%(ref)s' tidak ditemukan di %(org)s.")
            if active_only
            else _("Unit kerja '%(ref)s' tidak ditemukan di %(org)s.")
        )
        raise input_error(location, message % {"ref": public_id, "org": organization.name})
    return unit


def require_any_permission(user: User, codes: list[str], organization: Organization) -> None:
    if not any(has_permission(user, code, organization) for code in codes):
        require_permission(user, codes[0], organization)


def managed_organization_ids(user: User) -> set[int] | None:
    """Organizations where the caller manages people; None means everywhere (superuser)."""
    if user.is_superuser:
        return None
    return {
        a.organization_id
        for a in active_assignments(user)
        if "core.manage_people" in (a.role.permissions or [])
    }


def authorize_in(user: User, code: str, organization: Organization, not_found: str) -> None:
    """404 unless the caller belongs to the organization; 403 unless they hold `code` there (as the pages do)."""
    if not is_member(user, organization):
        raise Http404(not_found)
    require_permission(user, code, organization)


def managing_scope(user: User, person: User) -> set[int] | None:
    """Organizations (ids) where the caller manages `person`; None: everywhere. 404 or 403 as on the pages."""
    try:
        return person_scope(user, person)
    except Http404 as error:
        raise Http404(_("Pengguna tidak ditemukan.")) from error


def visible_person(user: User, public_id: uuid.UUID) -> tuple[User, set[int] | None, bool]:
    """The person named in the path, the organizations where the caller manages them, and whether
    the caller may manage them at all (they may always read and edit their own profile)."""
    if public_id == user.public_id and not user.is_superuser:
        try:
            return user, person_scope(user, user), True
        except (Http404, PermissionDenied):
            return user, set(), False
    person = User.objects.filter(public_id=public_id).first()
    if person is None:
        raise Http404(_("Pengguna tidak ditemukan."))
    return person, managing_scope(user, person), True


def person_in_body(user: User, public_id: uuid.UUID, location: str = "body.person") -> User:
    person = User.objects.filter(public_id=public_id).first()
    message = _("Pengguna '%(ref)s' tidak ditemukan.") % {"ref": public_id}
    if person is None:
        raise input_error(location, message)
    try:
        person_scope(user, person)
    except Http404 as error:
        raise input_error(location, message) from error
    return person


def locked_account_fields(user: User, person: User) -> set[str]:
    """Account fields an organization's administrator may not change: those of a system administrator, or of
    someone who also serves where the administrator has no say (a new email would let them take the account)."""
    if user.is_superuser:
        return set()
    if person.is_superuser:
        return set(ACCOUNT_FIELDS)
    managed = managed_organization_ids(user) or set()
    elsewhere = (
        RoleAssignment.objects.active().filter(user=person).exclude(organization_id__in=managed).exists()
    )
    return set(ACCOUNT_FIELDS) if elsewhere else set()


def require_grantable(user: User, role: Role, organization: Organization) -> None:
    """An administrator hands out only roles whose permissions they hold there themselves."""
    if user.is_superuser:
        return
    if not set(role.permissions or []) <= permissions_in(user, organization):
        raise PermissionDenied(
            _(
                "Anda tidak dapat memberikan peran %(role)s: hak aksesnya melebihi hak akses Anda di organisasi ini."
            )
            % {"role": role.name}
        )


def unit_to_manage(user: User, public_id: uuid.UUID) -> Unit:
    unit = Unit.objects.select_related("organization", "parent").filter(public_id=public_id).first()
    not_found = _("Unit kerja tidak ditemukan.")
    if unit is None:
        raise Http404(not_found)
    authorize_in(user, "core.manage_organization", unit.organization, not_found)
    return unit


def assignment_to_manage(user: User, pk: int) -> RoleAssignment:
    assignment = (
        RoleAssignment.objects.select_related("user", "role", "organization", "unit").filter(pk=pk).first()
    )
    not_found = _("Penugasan peran tidak ditemukan.")
    if assignment is None:
        raise Http404(not_found)
    authorize_in(user, "core.manage_people", assignment.organization, not_found)
    return assignment


def changes_of(payload: BaseModel, *, nullable: Collection[str] = ()) -> dict[str, Any]:
    """The fields a PATCH body sets; null only where the field may be empty."""
    changes = payload.model_dump(exclude_unset=True)
    refused = [name for name, value in changes.items() if value is None and name not in nullable]
    if refused:
        raise InputError((f"body.{name}", _("tidak boleh null")) for name in refused)
    return changes
