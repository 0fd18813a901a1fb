"""Regions, funding sources and certification schemes with their competency units.

A scheme is seen and changed only by its LSP (registry.view / registry.manage there); another
organization's scheme is "not found". Shared funding sources are added by system administrators.
"""

import uuid
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from ujikom.core.access import is_member, require_permission
from ujikom.core.models import Organization, User
from ujikom.registry import selectors_schemes as selectors
from ujikom.registry.models import CompetencyUnit, FundingSource, Region, Scheme
from ujikom.registry.regions import regions_for_list
from ujikom.registry.services_schemes import create_funding_source, create_scheme, update_scheme

from ..auth import caller
from ..errors import service_errors
from ..lookups import changes_of, organization_in_body, organization_in_path
from ..schemas import Input, Message, OrganizationRef, ValidationErrors

router = Router()

OrganizationInPath = Annotated[str, Path(description="public_id (UUID) atau kode organisasi")]
PAGE_SIZE = 50
ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


# ---- Schemas --------------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str = Field(examples=["36.71"])
    bnsp_code: str = Field(examples=["3671"])
    name: str
    level: Region.Level
    province: str | None = None

    @staticmethod
    def resolve_province(obj: Region) -> str | None:
        return obj.province_id


class RegionFilter(Schema):
    province: str = Field("", description="Kode provinsi (mis. 36): kabupaten/kota di provinsi itu")
    level: Region.Level | None = Field(None, description="province atau regency")
    q: str = Field("", description="Cari nama")


class FundingSourceOut(Schema):
    id: int
    code: str
    name: str
    kind: FundingSource.Kind
    ministry_code: str
    is_active: bool
    organization: str | None = Field(None, description="Kode organisasi pemilik; null = bersama")

    @staticmethod
    def resolve_organization(obj: FundingSource) -> str | None:
        return obj.organization.code if obj.organization is not None else None


class FundingSourceCreate(Input):
    organization: OrganizationRef | None = Field(
        None, description="Organisasi pemilik; null = sumber anggaran bersama (hanya administrator sistem)"
    )
    code: str = Field(min_length=1, max_length=20, examples=["APBD-TNG"])
    name: str = Field(min_length=1, max_length=200)
    kind: FundingSource.Kind
    ministry_code: str = Field("", max_length=20)
    is_active: bool = True


class UnitIn(Input):
    code: str = Field(max_length=30, examples=["J.620100.017.02"])
    title: str = Field(max_length=255, examples=["Mengimplementasikan Pemrograman Terstruktur"])
    elements: list[str] = Field(default_factory=list, description="Elemen kompetensi, berurutan")


class UnitOut(Schema):
    position: int
    code: str
    title: str
    elements: list[str]


class SchemeSummary(Schema):
    public_id: uuid.UUID
    organization: str
    code: str
    name: str
    kind: Scheme.Kind
    kkni_level: int | None
    validity_years: int
    is_active: bool
    unit_count: int

    @staticmethod
    def resolve_organization(obj: Scheme) -> str:
        return obj.organization.code


class SchemeOut(SchemeSummary):
    basic_requirements: str
    units: list[UnitOut]
    unit_count: int = 0

    @staticmethod
    def resolve_units(obj: Scheme) -> list[CompetencyUnit]:
        return list(obj.units.all())

    @staticmethod
    def resolve_unit_count(obj: Scheme) -> int:
        return len(obj.units.all())


class SchemeCreate(Input):
    code: str = Field(min_length=1, max_length=60, examples=["SKM-JWD-01"])
    name: str = Field(min_length=1, max_length=255)
    kind: Scheme.Kind
    kkni_level: int | None = Field(None, ge=1, le=9)
    validity_years: int = Field(3, ge=1, le=10)
    basic_requirements: str = ""
    is_active: bool = True
    units: list[UnitIn] = Field(min_length=1, max_length=200)


class SchemeUpdate(Input):
    code: str | None = Field(None, min_length=1, max_length=60)
    name: str | None = Field(None, min_length=1, max_length=255)
    kind: Scheme.Kind | None = None
    kkni_level: int | None = Field(None, ge=1, le=9)
    validity_years: int | None = Field(None, ge=1, le=10)
    basic_requirements: str | None = None
    is_active: bool | None = None
    units: list[UnitIn] | None = Field(None, min_length=1, max_length=200, description="Mengganti semua unit")


class SchemeFilter(Schema):
    q: str = Field("", description="Cari kode atau nama skema")
    kind: Scheme.Kind | None = None


# ---- Regions --------------------------------------------------------------------------------------


@router.get(
    "/regions", response={200: list[RegionOut], 401: Message}, tags=["Wilayah"], summary="Daftar wilayah"
)
def region_list(request: HttpRequest, filters: Query[RegionFilter]) -> QuerySet[Region]:
    """Provinces, or with `province` the cities/regencies of that province (Kepmendagri codes)."""
    caller(request)
    level = filters.level or ("" if filters.province else Region.Level.PROVINCE)
    return regions_for_list(province=filters.province, query=filters.q, level=level)


# ---- Funding sources ------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization}/funding-sources",
    response={200: list[FundingSourceOut], **ERRORS},
    tags=["Sumber anggaran"],
    summary="Sumber anggaran yang dapat dipakai organisasi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def funding_list(request: HttpRequest, organization: OrganizationInPath) -> QuerySet[FundingSource]:
    """The shared funding sources and the organization's own (registry.view there)."""
    target = organization_in_path(caller(request), organization, "registry.view")
    return selectors.funding_sources_for(organization=target)


@router.post(
    "/funding-sources",
    response={201: FundingSourceOut, **ERRORS},
    tags=["Sumber anggaran"],
    summary="Tambah sumber anggaran",
)
def funding_create(request: HttpRequest, payload: FundingSourceCreate) -> Status[FundingSource]:
    user = caller(request)
    fields = payload.model_dump()
    ref = fields.pop("organization")
    organization: Organization | None = None
    if ref is None:
        if not user.is_superuser:
            raise PermissionDenied(_("Sumber anggaran bersama hanya dapat ditambah administrator sistem."))
    else:
        organization = organization_in_body(ref)
        require_permission(user, "registry.manage", organization)
    with service_errors():
        source = create_funding_source(actor=user, organization=organization, **fields)
    return Status(201, source)


# ---- Schemes --------------------------------------------------------------------------------------


def _scheme_in_path(user: User, public_id: uuid.UUID, code: str) -> Scheme:
    scheme = selectors.scheme_by_public_id(public_id)
    if scheme is None or not is_member(user, scheme.organization):
        raise Http404(_("Skema tidak ditemukan."))
    require_permission(user, code, scheme.organization)
    return scheme


def _units(payload_units: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    return None if payload_units is None else [dict(unit) for unit in payload_units]


@router.get(
    "/organizations/{organization}/schemes",
    response={200: list[SchemeSummary], **ERRORS},
    tags=["Skema sertifikasi"],
    summary="Daftar skema sertifikasi LSP",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def scheme_list(
    request: HttpRequest, organization: OrganizationInPath, filters: Query[SchemeFilter]
) -> QuerySet[Scheme]:
    target = organization_in_path(caller(request), organization, "registry.view")
    return selectors.schemes_for_list(organization=target, query=filters.q, kind=filters.kind or "")


@router.post(
    "/organizations/{organization}/schemes",
    response={201: SchemeOut, **ERRORS},
    tags=["Skema sertifikasi"],
    summary="Tambah skema beserta unit kompetensinya",
)
def scheme_create(
    request: HttpRequest, organization: OrganizationInPath, payload: SchemeCreate
) -> Status[Scheme]:
    user = caller(request)
    target = organization_in_path(user, organization, "registry.manage")
    fields = payload.model_dump()
    units = _units(fields.pop("units"))
    with service_errors():
        scheme = create_scheme(organization=target, actor=user, units=units or [], **fields)
    return Status(201, selectors.scheme_with_units().get(pk=scheme.pk))


@router.get(
    "/schemes/{public_id}",
    response={200: SchemeOut, **ERRORS},
    tags=["Skema sertifikasi"],
    summary="Rincian skema dengan unitnya",
)
def scheme_detail(request: HttpRequest, public_id: uuid.UUID) -> Scheme:
    return _scheme_in_path(caller(request), public_id, "registry.view")


@router.patch(
    "/schemes/{public_id}",
    response={200: SchemeOut, **ERRORS},
    tags=["Skema sertifikasi"],
    summary="Ubah skema (dan, bila disertakan, seluruh unitnya)",
)
def scheme_update(request: HttpRequest, public_id: uuid.UUID, payload: SchemeUpdate) -> Scheme:
    user = caller(request)
    scheme = _scheme_in_path(user, public_id, "registry.manage")
    changes = changes_of(payload, nullable={"kkni_level"})
    units = _units(changes.pop("units", None))
    with service_errors():
        update_scheme(scheme=scheme, actor=user, units=units, **changes)
    return selectors.scheme_with_units().get(pk=scheme.pk)


@router.get(
    "/schemes/{public_id}/units",
    response={200: list[UnitOut], **ERRORS},
    tags=["Skema sertifikasi"],
    summary="Unit kompetensi skema",
)
def scheme_units(request: HttpRequest, public_id: uuid.UUID) -> list[CompetencyUnit]:
    return list(_scheme_in_path(caller(request), public_id, "registry.view").units.all())
