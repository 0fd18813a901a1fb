"""Request and response bodies of the API.

Request bodies refuse unknown fields (`extra="forbid"`), so a misspelt field is an error
rather than silently ignored. Organizations are named by public_id or code, roles by key,
people and units by public_id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from ujikom.core.models import ApiToken, Organization, RoleAssignment, Unit, User

Capacity = RoleAssignment.Capacity
OrganizationKind = Organization.Kind
UnitKind = Unit.Kind
Language = Literal["id", "en"]

OrganizationRef = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    Field(description="public_id (UUID) atau kode organisasi", examples=["lsp-stmi"]),
]
RoleKey = Annotated[str, StringConstraints(min_length=1, max_length=50), Field(examples=["org_admin"])]

Slug = Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]
Username = Annotated[str, StringConstraints(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")]


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---- Organizations and units -------------------------------------------------------------------


class OrganizationOut(Schema):
    public_id: uuid.UUID
    code: str
    kind: str
    name: str
    short_name: str
    parent: uuid.UUID | None = None
    address: str
    city: str
    province: str
    phone: str
    email: str
    website: str
    license_number: str
    is_active: bool

    @staticmethod
    def resolve_parent(obj: Organization) -> uuid.UUID | None:
        return obj.parent.public_id if obj.parent is not None else None


class OrganizationCreate(Input):
    kind: OrganizationKind
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field("", max_length=50)
    code: str = Field(min_length=1, max_length=50)
    parent: OrganizationRef | None = None
    address: str = ""
    city: str = Field("", max_length=100)
    province: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    license_number: str = Field("", max_length=100)
    is_active: bool = True


class OrganizationUpdate(Input):
    kind: OrganizationKind | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    short_name: str | None = Field(None, max_length=50)
    code: str | None = Field(None, min_length=1, max_length=50)
    parent: OrganizationRef | None = None
    address: str | None = None
    city: str | None = Field(None, max_length=100)
    province: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    website: str | None = Field(None, max_length=200)
    license_number: str | None = Field(None, max_length=100)
    is_active: bool | None = None


class UnitOut(Schema):
    public_id: uuid.UUID
    organization: uuid.UUID
    parent: uuid.UUID | None = None
    kind: str
    name: str
    code: str
    is_active: bool

    @staticmethod
    def resolve_organization(obj: Unit) -> uuid.UUID:
        return obj.organization.public_id

    @staticmethod
    def resolve_parent(obj: Unit) -> uuid.UUID | None:
        return obj.parent.public_id if obj.parent is not None else None


class UnitCreate(Input):
    name: str = Field(min_length=1, max_length=200)
    code: str = Field("", max_length=50)
    kind: UnitKind = UnitKind.DIVISION
    parent: uuid.UUID | None = None
    is_active: bool = True


class UnitUpdate(Input):
    name: str | None = Field(None, min_length=1, max_length=200)
    code: str | None = Field(None, max_length=50)
    kind: UnitKind | None = None
    parent: uuid.UUID | None = None
    is_active: bool | None = None


# ---- Roles ------------------------------------------------------------------------------------


class RoleOut(Schema):
    key: str
    name: str
    description: str
    permissions: list[str]
    organization_kinds: list[str]
    is_sop_actor: bool
    is_builtin: bool


class RoleCreate(Input):
    key: Slug
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    permissions: list[str] = []
    organization_kinds: list[OrganizationKind] = []
    is_sop_actor: bool = False


class RoleUpdate(Input):
    key: Slug | None = None
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = None
    permissions: list[str] | None = None
    organization_kinds: list[OrganizationKind] | None = None
    is_sop_actor: bool | None = None


# ---- People and role assignments -----------------------------------------------------------------


class PersonRef(Schema):
    public_id: uuid.UUID
    username: str
    full_name: str


class AssignmentOut(Schema):
    id: int
    person: PersonRef
    organization: uuid.UUID
    organization_code: str
    role: str
    role_name: str
    unit: uuid.UUID | None = None
    capacity: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    decree_number: str
    note: str

    @staticmethod
    def resolve_person(obj: RoleAssignment) -> User:
        return obj.user

    @staticmethod
    def resolve_organization(obj: RoleAssignment) -> uuid.UUID:
        return obj.organization.public_id

    @staticmethod
    def resolve_organization_code(obj: RoleAssignment) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_role(obj: RoleAssignment) -> str:
        return obj.role.key

    @staticmethod
    def resolve_role_name(obj: RoleAssignment) -> str:
        return obj.role.name

    @staticmethod
    def resolve_unit(obj: RoleAssignment) -> uuid.UUID | None:
        return obj.unit.public_id if obj.unit is not None else None


class AssignmentFields(Input):
    organization: OrganizationRef
    role: RoleKey
    unit: uuid.UUID | None = None
    capacity: Capacity = Capacity.DEFINITIVE
    starts_on: dt.date | None = Field(None, description="Kosong berarti hari ini")
    ends_on: dt.date | None = None
    decree_number: str = Field("", max_length=120)
    note: str = Field("", max_length=255)


class AssignmentCreate(AssignmentFields):
    person: uuid.UUID = Field(description="public_id pengguna")


class AssignmentEnd(Input):
    ends_on: dt.date | None = Field(None, description="Kosong berarti hari ini")


class HeldRole(Schema):
    key: str
    name: str
    capacity: str
    unit: str | None = None


class PersonSummary(Schema):
    """A person as listed in an organization, with their roles there."""

    public_id: uuid.UUID
    username: str
    full_name: str
    email: str
    phone: str
    title: str
    is_active: bool
    roles: list[HeldRole]

    @staticmethod
    def resolve_roles(obj: User) -> list[HeldRole]:
        return [
            HeldRole(
                key=a.role.key, name=a.role.name, capacity=a.capacity, unit=a.unit.name if a.unit else None
            )
            for a in getattr(obj, "roles_here", [])
        ]


class PersonOut(Schema):
    public_id: uuid.UUID
    username: str
    full_name: str
    email: str
    phone: str
    nik: str
    nip: str
    title: str
    language: str
    is_active: bool
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_assignments(obj: User) -> list[RoleAssignment]:
        return list(getattr(obj, "shown_assignments", []))


class PersonFields(Input):
    username: Username
    full_name: str = Field(min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    nik: str = Field("", max_length=16)
    nip: str = Field("", max_length=40)
    title: str = Field("", max_length=100)
    language: Language = "id"
    is_active: bool = True


class PersonCreate(AssignmentFields, PersonFields):
    """A new person and their first role in an organization, created together or not at all."""

    password: Annotated[str, StringConstraints(strip_whitespace=False, max_length=128)] | None = Field(
        None, description="Kosong: pengguna menetapkan kata sandinya lewat tautan"
    )


class PersonUpdate(Input):
    username: Username | None = None
    full_name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    nik: str | None = Field(None, max_length=16)
    nip: str | None = Field(None, max_length=40)
    title: str | None = Field(None, max_length=100)
    language: Language | None = None
    is_active: bool | None = None


# ---- Me ---------------------------------------------------------------------------------------


class MyOrganization(Schema):
    public_id: uuid.UUID
    code: str
    name: str
    short_name: str
    kind: str
    roles: list[HeldRole]
    permissions: list[str]


class MeOut(Schema):
    public_id: uuid.UUID
    username: str
    full_name: str
    email: str
    language: str
    is_superuser: bool
    organizations: list[MyOrganization]


# ---- Tokens -----------------------------------------------------------------------------------


class TokenOut(Schema):
    prefix: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    is_usable: bool

    @staticmethod
    def resolve_is_usable(obj: ApiToken) -> bool:
        return obj.is_usable


class TokenCreated(TokenOut):
    secret: str = Field(description="Ditampilkan sekali ini saja; simpan baik-baik")


class TokenCreate(Input):
    name: str = Field(min_length=1, max_length=100)
    expires_at: dt.datetime | None = None


class Message(Schema):
    detail: str


class ErrorItem(Schema):
    loc: str = Field(examples=["body.email"])
    msg: str


class ValidationErrors(Schema):
    detail: list[ErrorItem]
