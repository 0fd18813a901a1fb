"""Test sites (TUK) and assessors, with the same permissions as the pages.

A TUK belongs to the organization named in the path (its owner) and is also seen by the LSP that
verifies it; an assessor belongs to an LSP and is also seen where the person works.
"""

import datetime as dt
import uuid
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from ujikom.core.models import Organization, User
from ujikom.registry import selectors_sites as selectors
from ujikom.registry.access_sites import MANAGE, VIEW, assessor_for, require_lsp, site_for
from ujikom.registry.models import Assessor, Region, Scheme, TestSite
from ujikom.registry.services_sites import (
    create_test_site,
    new_person_fields,
    register_assessor,
    update_assessor,
    update_test_site,
)

from ..auth import caller
from ..errors import InputError, input_error, service_errors
from ..lookups import changes_of, organization_in_body, organization_in_path
from ..schemas import Message, ValidationErrors

router = Router(tags=["TUK dan asesor"])

OrganizationInPath = Annotated[str, Path(description="public_id (UUID) atau kode organisasi")]
PAGE_SIZE = 50
ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---- Schemas -----------------------------------------------------------------------------------


class VerificationOut(Schema):
    status: str = Field(description="valid, expired, per_use (Sewaktu/Tempat Kerja) atau unverified")
    until: dt.date | None = None
    label: str


class TestSiteOut(Schema):
    public_id: uuid.UUID
    owner: str = Field(description="kode organisasi pemilik")
    lsp: str | None = Field(None, description="kode LSP pemverifikasi")
    code: str
    name: str
    kind: TestSite.Kind
    address: str
    city: str | None = Field(None, description="kode kabupaten/kota Kepmendagri, mis. 36.71")
    capacity: int
    facilities: str
    head: str | None = Field(None, description="nama pengguna kepala TUK")
    verified_until: dt.date | None = None
    is_active: bool
    verification: VerificationOut

    @staticmethod
    def resolve_owner(obj: TestSite) -> str:
        return obj.owner.code

    @staticmethod
    def resolve_lsp(obj: TestSite) -> str | None:
        return obj.lsp.code if obj.lsp else None

    @staticmethod
    def resolve_city(obj: TestSite) -> str | None:
        return obj.city_id

    @staticmethod
    def resolve_head(obj: TestSite) -> str | None:
        return obj.head.username if obj.head else None

    @staticmethod
    def resolve_verification(obj: TestSite) -> dict[str, Any]:
        state = selectors.site_verification_state(obj)
        return {"status": str(state.status), "until": state.until, "label": state.label}


class TestSiteCreate(Input):
    code: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=255)
    kind: TestSite.Kind
    address: str = Field(min_length=1)
    city: str | None = Field(None, description="kode kabupaten/kota, mis. 36.71", examples=["36.71"])
    capacity: int
    facilities: str = ""
    head: str | None = Field(None, description="nama pengguna kepala TUK")
    lsp: str | None = Field(None, description="public_id atau kode LSP pemverifikasi")
    verified_until: dt.date | None = None
    is_active: bool = True


class TestSiteUpdate(Input):
    code: str | None = Field(None, min_length=1, max_length=60)
    name: str | None = Field(None, min_length=1, max_length=255)
    kind: TestSite.Kind | None = None
    address: str | None = Field(None, min_length=1)
    city: str | None = None
    capacity: int | None = None
    facilities: str | None = None
    head: str | None = None
    lsp: str | None = None
    verified_until: dt.date | None = None
    is_active: bool | None = None


class AssessorStatusOut(Schema):
    ok: bool
    reasons: list[str]
    warnings: list[str]


class AssessorOut(Schema):
    public_id: uuid.UUID
    lsp: str = Field(description="kode LSP")
    person: uuid.UUID = Field(description="public_id orang")
    username: str
    full_name: str
    email: str
    registration_number: str
    registration_expires_on: dt.date
    appointment_number: str
    appointment_starts_on: dt.date | None = None
    appointment_ends_on: dt.date | None = None
    schemes: list[str] = Field(description="kode skema yang boleh diases")
    is_active: bool
    status: AssessorStatusOut

    @staticmethod
    def resolve_lsp(obj: Assessor) -> str:
        return obj.lsp.code

    @staticmethod
    def resolve_person(obj: Assessor) -> uuid.UUID:
        return obj.user.public_id

    @staticmethod
    def resolve_username(obj: Assessor) -> str:
        return obj.user.username

    @staticmethod
    def resolve_full_name(obj: Assessor) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_email(obj: Assessor) -> str:
        return obj.user.email

    @staticmethod
    def resolve_schemes(obj: Assessor) -> list[str]:
        return sorted(scheme.code for scheme in obj.schemes.all())

    @staticmethod
    def resolve_status(obj: Assessor) -> dict[str, Any]:
        status = selectors.assessor_status(obj)
        return {"ok": status.ok, "reasons": status.reasons, "warnings": status.warnings}


class NewPerson(Input):
    full_name: str = Field(min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    username: str | None = Field(None, min_length=1, max_length=150)


class AssessorCreate(Input):
    person: str | None = Field(None, description="nama pengguna atau email orang yang sudah terdaftar")
    new_person: NewPerson | None = Field(None, description="data orang baru (bila belum terdaftar)")
    registration_number: str = Field(min_length=1, max_length=30, examples=["MET.000.002286.2018"])
    registration_expires_on: dt.date
    appointment_number: str = Field(min_length=1, max_length=120)
    appointment_starts_on: dt.date
    appointment_ends_on: dt.date | None = None
    schemes: list[str] = Field(default_factory=list, description="kode skema LSP ini")


class AssessorUpdate(Input):
    registration_number: str | None = Field(None, min_length=1, max_length=30)
    registration_expires_on: dt.date | None = None
    appointment_number: str | None = Field(None, min_length=1, max_length=120)
    appointment_starts_on: dt.date | None = None
    appointment_ends_on: dt.date | None = None
    schemes: list[str] | None = None
    is_active: bool | None = None


# ---- Lookups of references in a body -----------------------------------------------------------


def _site_references(changes: dict[str, Any], owner: Organization) -> dict[str, Any]:
    errors: list[tuple[str, str]] = []
    if changes.get("city"):
        from ujikom.registry.imports_sites import region_code

        city = Region.objects.filter(code=region_code(changes["city"])).first()
        if city is None:
            errors.append(
                ("body.city", _("Kode kabupaten/kota '%(code)s' tidak dikenal.") % {"code": changes["city"]})
            )
        changes["city"] = city
    if changes.get("head"):
        head = User.objects.filter(username=changes["head"]).first()
        if head is None:
            errors.append(
                ("body.head", _("Pengguna '%(name)s' tidak ditemukan.") % {"name": changes["head"]})
            )
        changes["head"] = head
    if changes.get("lsp"):
        changes["lsp"] = organization_in_body(changes["lsp"], "body.lsp")
    if errors:
        raise InputError(errors)
    return changes


def _schemes_in_body(codes: list[str], lsp: Organization) -> list[Scheme]:
    found = {scheme.code: scheme for scheme in Scheme.objects.filter(organization=lsp, code__in=codes)}
    missing = [(f"body.schemes[{i}]", code) for i, code in enumerate(codes) if code not in found]
    if missing:
        raise InputError(
            (loc, _("Kode skema '%(code)s' tidak ada di LSP ini.") % {"code": code}) for loc, code in missing
        )
    return [found[code] for code in codes]


def _assessors() -> QuerySet[Assessor]:
    return Assessor.objects.select_related("user", "lsp").prefetch_related("schemes")


# ---- Test sites ---------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization}/test-sites",
    response={200: list[TestSiteOut], **ERRORS},
    summary="Daftar TUK organisasi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def site_list(
    request: HttpRequest,
    organization: OrganizationInPath,
    q: str = "",
    kind: TestSite.Kind | None = None,
    active: Annotated[str, Query(description="'' aktif saja, 'inactive', atau 'all'")] = "",
) -> QuerySet[TestSite]:
    """The TUKs the organization owns, and those it verifies as LSP."""
    target = organization_in_path(caller(request), organization, VIEW)
    return selectors.sites_for_list(organization=target, query=q, kind=kind or "", active=active)


@router.post(
    "/organizations/{organization}/test-sites",
    response={201: TestSiteOut, **ERRORS},
    summary="Daftarkan TUK",
)
def site_create(
    request: HttpRequest, organization: OrganizationInPath, payload: TestSiteCreate
) -> Status[TestSite]:
    user = caller(request)
    owner = organization_in_path(user, organization, MANAGE)
    fields = _site_references(payload.model_dump(), owner)
    with service_errors():
        site = create_test_site(actor=user, owner=owner, **fields)
    return Status(201, site_for(user, site.public_id))


@router.get("/test-sites/{public_id}", response={200: TestSiteOut, **ERRORS}, summary="Rincian TUK")
def site_detail(request: HttpRequest, public_id: uuid.UUID) -> TestSite:
    return site_for(caller(request), public_id, VIEW)


@router.patch("/test-sites/{public_id}", response={200: TestSiteOut, **ERRORS}, summary="Ubah TUK")
def site_update(request: HttpRequest, public_id: uuid.UUID, payload: TestSiteUpdate) -> TestSite:
    user = caller(request)
    site = site_for(user, public_id, MANAGE)
    changes = changes_of(payload, nullable={"city", "head", "lsp", "verified_until"})
    changes = _site_references(changes, site.owner)
    with service_errors():
        update_test_site(site=site, actor=user, **changes)
    return site_for(user, public_id, VIEW)


# ---- Assessors ----------------------------------------------------------------------------------


@router.get(
    "/organizations/{organization}/assessors",
    response={200: list[AssessorOut], **ERRORS},
    summary="Daftar asesor",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def assessor_list(
    request: HttpRequest,
    organization: OrganizationInPath,
    q: str = "",
    scheme: Annotated[str, Query(description="kode skema")] = "",
    expiring: Annotated[bool, Query(description="registrasi akan habis dalam 90 hari")] = False,
) -> QuerySet[Assessor]:
    """The LSP's assessors, and the assessors who work in the organization."""
    target = organization_in_path(caller(request), organization, VIEW)
    chosen = None
    if scheme:
        chosen = Scheme.objects.filter(code=scheme).first()
        if chosen is None:
            raise input_error("query.scheme", _("Kode skema '%(code)s' tidak dikenal.") % {"code": scheme})
    return selectors.assessors_for_list(organization=target, query=q, scheme=chosen, expiring=expiring)


@router.get(
    "/organizations/{organization}/competent-assessors",
    response={200: list[AssessorOut], **ERRORS},
    summary="Asesor yang boleh mengases skema pada tanggal tertentu",
)
def competent_assessor_list(
    request: HttpRequest,
    organization: OrganizationInPath,
    scheme: Annotated[str, Query(description="kode skema LSP ini")],
    on: Annotated[dt.date | None, Query(description="tanggal uji; kosong = hari ini")] = None,
) -> list[Assessor]:
    """Active assessors whose registration and LSP appointment are valid on the day and who may assess the scheme."""
    lsp = organization_in_path(caller(request), organization, VIEW)
    found = Scheme.objects.filter(organization=lsp, code=scheme).first()
    if found is None:
        raise input_error("query.scheme", _("Kode skema '%(code)s' tidak ada di LSP ini.") % {"code": scheme})
    return list(
        selectors.competent_assessors(found, on or timezone.localdate())
        .select_related("lsp")
        .prefetch_related("schemes")
    )


@router.post(
    "/organizations/{organization}/assessors",
    response={201: AssessorOut, **ERRORS},
    summary="Daftarkan asesor",
)
def assessor_create(
    request: HttpRequest, organization: OrganizationInPath, payload: AssessorCreate
) -> Status[Assessor]:
    """Register an existing person (`person`: username or email) or a new one (`new_person`); the person
    is given the assessor role in the LSP when they do not hold it."""
    user = caller(request)
    lsp = organization_in_path(user, organization, MANAGE)
    require_lsp(lsp)
    fields = payload.model_dump(exclude={"person", "new_person", "schemes"})
    arguments: dict[str, Any] = {"schemes": _schemes_in_body(payload.schemes, lsp)}
    if payload.person and payload.new_person:
        raise input_error("body.person", _("Isi salah satu: person atau new_person."))
    if payload.person:
        person = selectors.find_person(payload.person)
        if person is None:
            raise input_error(
                "body.person", _("Pengguna '%(ref)s' tidak ditemukan.") % {"ref": payload.person}
            )
        arguments["person"] = person
    elif payload.new_person:
        new = payload.new_person
        person_fields = new_person_fields(full_name=new.full_name, email=new.email, phone=new.phone)
        if new.username:
            person_fields["username"] = new.username
        arguments["new_person"] = person_fields
    else:
        raise input_error("body.person", _("Isi person (orang yang sudah terdaftar) atau new_person."))
    renames = {
        "full_name": "new_person.full_name",
        "email": "new_person.email",
        "username": "new_person.username",
        "phone": "new_person.phone",
    }
    with service_errors(renames=renames):
        assessor = register_assessor(actor=user, lsp=lsp, **arguments, **fields)
    return Status(201, _assessors().get(pk=assessor.pk))


@router.get("/assessors/{public_id}", response={200: AssessorOut, **ERRORS}, summary="Rincian asesor")
def assessor_detail(request: HttpRequest, public_id: uuid.UUID) -> Assessor:
    assessor = assessor_for(caller(request), public_id, VIEW)
    return _assessors().get(pk=assessor.pk)


@router.patch("/assessors/{public_id}", response={200: AssessorOut, **ERRORS}, summary="Ubah data asesor")
def assessor_update(request: HttpRequest, public_id: uuid.UUID, payload: AssessorUpdate) -> Assessor:
    user = caller(request)
    assessor = assessor_for(user, public_id, MANAGE)
    changes = changes_of(payload, nullable={"appointment_ends_on"})
    codes = changes.pop("schemes", None)
    schemes = _schemes_in_body(codes, assessor.lsp) if codes is not None else None
    with service_errors():
        update_assessor(assessor=assessor, actor=user, schemes=schemes, **changes)
    return _assessors().get(pk=assessor.pk)


@router.get(
    "/me/assessor-records", response={200: list[AssessorOut], 401: Message}, summary="Data asesor saya"
)
def my_assessor_records(request: HttpRequest) -> list[Assessor]:
    return list(selectors.assessor_records_of(caller(request)))
