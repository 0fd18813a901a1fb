"""Organizations, units, people, role assignments and the role catalogue, with the pages' permissions.

Every call names the organization it acts for (in the path or the body); the organization
chosen in the browser session plays no part here.
"""

import uuid
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from ujikom.core import selectors, services
from ujikom.core.access import (
    active_assignments,
    has_permission,
    organizations_of,
    permissions_in,
    require_permission,
)
from ujikom.core.models import Organization, Role, RoleAssignment, Unit, User

from ..auth import caller
from ..errors import service_errors
from ..lookups import (
    assignment_to_manage,
    changes_of,
    locked_account_fields,
    organization_in_body,
    organization_in_path,
    person_in_body,
    require_grantable,
    role_in_body,
    unit_in_body,
    unit_to_manage,
    visible_person,
)
from ..schemas import (
    AssignmentCreate,
    AssignmentEnd,
    AssignmentOut,
    HeldRole,
    MeOut,
    Message,
    MyOrganization,
    OrganizationCreate,
    OrganizationOut,
    OrganizationUpdate,
    PersonCreate,
    PersonOut,
    PersonSummary,
    PersonUpdate,
    RoleCreate,
    RoleOut,
    RoleUpdate,
    UnitCreate,
    UnitOut,
    UnitUpdate,
    ValidationErrors,
)

router = Router()

OrganizationInPath = Annotated[str, Path(description="public_id (UUID) atau kode organisasi")]

PAGE_SIZE = 50
ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


def _require_superuser(user: User, message: str) -> None:
    if not user.is_superuser:
        raise PermissionDenied(message)


# ---- Me ---------------------------------------------------------------------------------------


@router.get("/me", response={200: MeOut, 401: Message}, tags=["Akun"], summary="Siapa saya")
def me(request: HttpRequest) -> dict[str, Any]:
    """The caller, the organizations they act for today, their roles and permission codes there."""
    user = caller(request)
    grouped: dict[int, dict[str, Any]] = {}
    for assignment in active_assignments(user):
        organization = assignment.organization
        entry = grouped.setdefault(
            organization.pk,
            {
                "public_id": organization.public_id,
                "code": organization.code,
                "name": organization.name,
                "short_name": organization.short_name,
                "kind": organization.kind,
                "roles": [],
                "permissions": sorted(permissions_in(user, organization)),
            },
        )
        entry["roles"].append(
            HeldRole(
                key=assignment.role.key,
                name=assignment.role.name,
                capacity=assignment.capacity,
                unit=assignment.unit.name if assignment.unit else None,
            )
        )
    organizations = [MyOrganization(**entry) for entry in sorted(grouped.values(), key=lambda e: e["name"])]
    return {
        "public_id": user.public_id,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "language": user.language,
        "is_superuser": user.is_superuser,
        "organizations": organizations,
    }


# ---- Organizations ------------------------------------------------------------------------------


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **ERRORS},
    tags=["Organisasi"],
    summary="Daftar organisasi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def organization_list(request: HttpRequest) -> QuerySet[Organization]:
    """The organizations whose data the caller may see (core.view_organization; system administrators: all)."""
    user = caller(request)
    if user.is_superuser:
        organizations = Organization.objects.all()
    else:
        allowed = [
            org.pk for org in organizations_of(user) if has_permission(user, "core.view_organization", org)
        ]
        organizations = Organization.objects.filter(pk__in=allowed)
    return organizations.select_related("parent").order_by("name", "pk")


@router.get(
    "/organizations/{organization}",
    response={200: OrganizationOut, **ERRORS},
    tags=["Organisasi"],
    summary="Rincian organisasi",
)
def organization_detail(request: HttpRequest, organization: OrganizationInPath) -> Organization:
    return organization_in_path(caller(request), organization, "core.view_organization")


@router.post(
    "/organizations",
    response={201: OrganizationOut, **ERRORS},
    tags=["Organisasi"],
    summary="Tambah organisasi",
)
def organization_create(request: HttpRequest, payload: OrganizationCreate) -> Status[Organization]:
    """Register an organization (system administrators only)."""
    user = caller(request)
    _require_superuser(user, _("Hanya administrator sistem yang dapat mendaftarkan organisasi."))
    fields = payload.model_dump()
    if fields["parent"] is not None:
        fields["parent"] = organization_in_body(fields["parent"], "body.parent")
    with service_errors():
        organization = services.create_organization(actor=user, **fields)
    return Status(201, organization)


@router.patch(
    "/organizations/{organization}",
    response={200: OrganizationOut, **ERRORS},
    tags=["Organisasi"],
    summary="Ubah organisasi",
)
def organization_update(
    request: HttpRequest, organization: OrganizationInPath, payload: OrganizationUpdate
) -> Organization:
    """Change an organization's data (needs core.manage_organization there).

    Its kind, code, parent and active status are changed by system administrators only.
    """
    user = caller(request)
    target = organization_in_path(user, organization, "core.manage_organization")
    changes = changes_of(payload, nullable={"parent"})
    refused = sorted(services.SYSTEM_ONLY_ORGANIZATION_FIELDS & set(changes)) if not user.is_superuser else []
    if refused:
        raise PermissionDenied(
            _("Kolom %(fields)s hanya dapat diubah administrator sistem.") % {"fields": ", ".join(refused)}
        )
    if changes.get("parent") is not None:
        changes["parent"] = organization_in_body(changes["parent"], "body.parent")
    with service_errors():
        return services.update_organization(organization=target, actor=user, **changes)


# ---- Units --------------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization}/units",
    response={200: list[UnitOut], **ERRORS},
    tags=["Unit kerja"],
    summary="Daftar unit kerja",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def unit_list(request: HttpRequest, organization: OrganizationInPath) -> QuerySet[Unit]:
    target = organization_in_path(caller(request), organization, "core.view_organization")
    return (
        Unit.objects.filter(organization=target)
        .select_related("organization", "parent")
        .order_by("name", "pk")
    )


@router.post(
    "/organizations/{organization}/units",
    response={201: UnitOut, **ERRORS},
    tags=["Unit kerja"],
    summary="Tambah unit kerja",
)
def unit_create(request: HttpRequest, organization: OrganizationInPath, payload: UnitCreate) -> Status[Unit]:
    user = caller(request)
    target = organization_in_path(user, organization, "core.manage_organization")
    fields = payload.model_dump()
    if fields["parent"] is not None:
        fields["parent"] = unit_in_body(fields["parent"], target, "body.parent")
    with service_errors():
        unit = services.create_unit(organization=target, actor=user, **fields)
    return Status(201, unit)


@router.patch(
    "/units/{public_id}", response={200: UnitOut, **ERRORS}, tags=["Unit kerja"], summary="Ubah unit kerja"
)
def unit_update(request: HttpRequest, public_id: uuid.UUID, payload: UnitUpdate) -> Unit:
    user = caller(request)
    unit = unit_to_manage(user, public_id)
    changes = changes_of(payload, nullable={"parent"})
    if changes.get("parent") is not None:
        changes["parent"] = unit_in_body(changes["parent"], unit.organization, "body.parent")
    with service_errors():
        return services.update_unit(unit=unit, actor=user, **changes)


# ---- People -------------------------------------------------------------------------------------


class PeopleFilter(Schema):
    q: str = Field("", description="Cari nama, nama pengguna, email atau NIK")
    include_ended: bool = Field(
        False, description="Sertakan yang perannya sudah berakhir atau akunnya nonaktif"
    )


@router.get(
    "/organizations/{organization}/people",
    response={200: list[PersonSummary], **ERRORS},
    tags=["Pengguna"],
    summary="Daftar pengguna di organisasi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def people_list(
    request: HttpRequest, organization: OrganizationInPath, filters: Query[PeopleFilter]
) -> QuerySet[User]:
    """People holding a role in the organization today, with their roles there."""
    target = organization_in_path(
        caller(request), organization, "core.manage_people", "core.view_organization"
    )
    return selectors.people_in(organization=target, query=filters.q, include_ended=filters.include_ended)


def _person_out(person: User, scope: set[int] | None) -> User:
    """The person with the assignments the caller may see: all for oneself or a system administrator,
    else those in the organizations where the caller manages them."""
    person.shown_assignments = list(  # type: ignore[attr-defined]
        selectors.assignments_visible(person=person, organization_ids=scope).select_related("user")
    )
    return person


@router.post(
    "/people",
    response={201: PersonOut, **ERRORS},
    tags=["Pengguna"],
    summary="Tambah pengguna beserta peran pertamanya",
)
def person_create(request: HttpRequest, payload: PersonCreate) -> Status[User]:
    """Create a person with their first role in an organization where the caller manages people.

    Both are saved or neither: bad input anywhere leaves nothing behind. Without a password the
    person sets one through the password-reset link.
    """
    user = caller(request)
    organization = organization_in_body(payload.organization)
    require_permission(user, "core.manage_people", organization)
    role = role_in_body(payload.role)
    require_grantable(user, role, organization)
    unit = (
        unit_in_body(payload.unit, organization, "body.unit", active_only=True)
        if payload.unit is not None
        else None
    )
    fields = payload.model_dump(exclude={"organization", "role", "unit"})
    with service_errors():
        assignment = services.create_member(
            actor=user, organization=organization, role=role, unit=unit, **fields
        )
    return Status(201, _person_out(assignment.user, {organization.pk}))


@router.get(
    "/people/{public_id}", response={200: PersonOut, **ERRORS}, tags=["Pengguna"], summary="Rincian pengguna"
)
def person_detail(request: HttpRequest, public_id: uuid.UUID) -> User:
    """Oneself, or a person serving in an organization where the caller manages people."""
    user = caller(request)
    person, scope, _manages = visible_person(user, public_id)
    return _person_out(person, None if person.pk == user.pk else scope)


@router.patch(
    "/people/{public_id}",
    response={200: PersonOut, **ERRORS},
    tags=["Pengguna"],
    summary="Ubah data pengguna",
)
def person_update(request: HttpRequest, public_id: uuid.UUID, payload: PersonUpdate) -> User:
    """People managers change a person's data; anyone changes their own profile fields.

    The username, email and active status of someone who also serves elsewhere are changed by
    system administrators only (a new email would let an administrator take over the account).
    """
    user = caller(request)
    person, scope, manages = visible_person(user, public_id)
    changes = changes_of(payload)
    if not manages:
        with service_errors():
            person = services.update_profile(user=person, **changes)
        return _person_out(person, None)
    refused = sorted(locked_account_fields(user, person) & set(changes))
    if refused:
        raise PermissionDenied(
            _("Kolom %(fields)s pengguna ini hanya dapat diubah administrator sistem.")
            % {"fields": ", ".join(refused)}
        )
    where = (
        Organization.objects.filter(assignments__user=person, pk__in=scope).order_by("name").first()
        if scope is not None
        else None
    )
    with service_errors():
        person = services.update_person(person=person, actor=user, organization=where, **changes)
    return _person_out(person, None if person.pk == user.pk else scope)


# ---- Role assignments ----------------------------------------------------------------------------


class AssignmentFilter(Schema):
    include_ended: bool = Field(False, description="Sertakan penugasan yang sudah berakhir")


@router.get(
    "/organizations/{organization}/role-assignments",
    response={200: list[AssignmentOut], **ERRORS},
    tags=["Penugasan peran"],
    summary="Daftar penugasan peran",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def assignment_list(
    request: HttpRequest, organization: OrganizationInPath, filters: Query[AssignmentFilter]
) -> QuerySet[RoleAssignment]:
    """Role assignments in the organization that have not ended (those starting later included)."""
    target = organization_in_path(
        caller(request), organization, "core.manage_people", "core.view_organization"
    )
    assignments = RoleAssignment.objects.filter(organization=target)
    if not filters.include_ended:
        assignments = assignments.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
    return assignments.select_related("user", "role", "organization", "unit").order_by(
        "role__name", "user__full_name", "-starts_on", "pk"
    )


@router.post(
    "/role-assignments",
    response={201: AssignmentOut, **ERRORS},
    tags=["Penugasan peran"],
    summary="Tambah penugasan peran",
)
def assignment_create(request: HttpRequest, payload: AssignmentCreate) -> Status[RoleAssignment]:
    """Give a person the caller manages a role in an organization where the caller manages people."""
    user = caller(request)
    organization = organization_in_body(payload.organization)
    require_permission(user, "core.manage_people", organization)
    person = person_in_body(user, payload.person)
    role = role_in_body(payload.role)
    require_grantable(user, role, organization)
    unit = (
        unit_in_body(payload.unit, organization, "body.unit", active_only=True)
        if payload.unit is not None
        else None
    )
    fields = payload.model_dump(exclude={"organization", "person", "role", "unit"})
    with service_errors(renames={"user": "person"}):
        assignment = services.assign_role(
            actor=user, user=person, role=role, organization=organization, unit=unit, **fields
        )
    return Status(201, assignment)


@router.post(
    "/role-assignments/{assignment_id}/end",
    response={200: AssignmentOut, **ERRORS},
    tags=["Penugasan peran"],
    summary="Akhiri penugasan peran",
)
def assignment_end(
    request: HttpRequest, assignment_id: int, payload: AssignmentEnd | None = None
) -> RoleAssignment:
    """End an assignment today, or on `ends_on`; its history stays."""
    user = caller(request)
    assignment = assignment_to_manage(user, assignment_id)
    with service_errors():
        return services.end_assignment(
            assignment=assignment, actor=user, ends_on=payload.ends_on if payload is not None else None
        )


# ---- Roles --------------------------------------------------------------------------------------


def _role_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if fields.get("organization_kinds") is not None:
        fields["organization_kinds"] = [str(kind.value) for kind in fields["organization_kinds"]]
    return fields


@router.get("/roles", response={200: list[RoleOut], 401: Message}, tags=["Peran"], summary="Katalog peran")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def role_list(request: HttpRequest) -> QuerySet[Role]:
    return Role.objects.order_by("name", "pk")


@router.post("/roles", response={201: RoleOut, **ERRORS}, tags=["Peran"], summary="Tambah peran")
def role_create(request: HttpRequest, payload: RoleCreate) -> Status[Role]:
    """Add a role to the catalogue (system administrators only)."""
    user = caller(request)
    _require_superuser(user, _("Hanya administrator sistem yang dapat mengubah katalog peran."))
    with service_errors():
        role = services.create_role(actor=user, **_role_fields(payload.model_dump()))
    return Status(201, role)


@router.patch("/roles/{key}", response={200: RoleOut, **ERRORS}, tags=["Peran"], summary="Ubah peran")
def role_update(request: HttpRequest, key: str, payload: RoleUpdate) -> Role:
    """Change a role (system administrators only); built-in roles keep their key."""
    user = caller(request)
    _require_superuser(user, _("Hanya administrator sistem yang dapat mengubah katalog peran."))
    role = Role.objects.filter(key=key).first()
    if role is None:
        raise Http404(_("Peran '%(key)s' tidak ditemukan.") % {"key": key})
    with service_errors():
        return services.update_role(role=role, actor=user, **_role_fields(changes_of(payload)))
