"""/api/v1/productivity/companies: the office's register of companies and institutions for
productivity guidance, and each one's cases, with the same permissions as the pages.

A company is named by its public_id; one of another office is "not found". Reading needs
`productivity.view`, registering and changing a company `productivity.record` in its office.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from ujikom.core.models import Organization, User
from ujikom.productivity import access
from ujikom.productivity import services_cases as services
from ujikom.productivity.models import Company, GuidanceCase, Sector
from ujikom.productivity.sop_binding import STAGE_BY_ACTION, Stage
from ujikom.sop.models import StepRun

from ..auth import caller
from ..errors import input_error, service_errors
from ..lookups import changes_of, find_organization
from ..schemas import Input, Message, OrganizationRef, ValidationErrors

router = Router(tags=["Produktivitas: perusahaan/instansi"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}
MAX_LIMIT = 500


# ---- shared by the productivity routers -------------------------------------------------------------


class OfficeOut(Schema):
    public_id: uuid.UUID
    code: str
    name: str


class PersonName(Schema):
    public_id: uuid.UUID
    full_name: str


def office_out(organization: Organization) -> dict[str, Any]:
    return {"public_id": organization.public_id, "code": organization.code, "name": organization.name}


def person_out(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"public_id": user.public_id, "full_name": user.full_name or user.username}


def office_filter(user: User, ref: str) -> Organization | None:
    """The office a list is narrowed to (`organization` query parameter), or None for all the caller sees.
    403 for an office the caller has no productivity role in."""
    if not ref:
        return None
    organization = find_organization(ref)
    wanted = str(organization.public_id) if organization is not None else ref
    return access.chosen_office(user, wanted, None)


def office_for_writing(user: User, ref: str | None, permission: str) -> Organization:
    """The office named in a body (`organization`), else the first the caller sees; 422 for one the
    caller does not belong to, 403 without `permission` there."""
    visible = access.offices(user)
    if ref:
        organization = find_organization(ref)
        if organization is None or all(office.pk != organization.pk for office in visible):
            raise input_error("body.organization", _("Organisasi '%(ref)s' tidak ditemukan.") % {"ref": ref})
    elif visible:
        organization = visible[0]
    else:
        organization = access.chosen_office(user, None, None)
    access.require(user, permission, organization)
    return organization


class CaseSummaryOut(Schema):
    public_id: uuid.UUID
    number: str
    title: str
    organization: OfficeOut
    company: uuid.UUID = Field(description="public_id perusahaan/instansi")
    company_name: str
    origin: str
    requested_on: dt.date
    officer: PersonName | None
    status: str
    status_label: str
    stage: str | None = Field(
        description="tahap yang sedang berjalan (kunci), mis. causes; null bila tidak ada"
    )
    stage_label: str | None
    closed_on: dt.date | None


def stage_key(action: str) -> str:
    return action.removeprefix("productivity.")


def with_active_steps(cases: QuerySet[GuidanceCase]) -> QuerySet[GuidanceCase]:
    """The cases with their run's active step fetched in one query (for the stage of each)."""
    return cases.select_related("organization", "company", "officer", "run").prefetch_related(
        Prefetch(
            "run__step_runs",
            queryset=StepRun.objects.filter(status=StepRun.Status.ACTIVE).select_related("step"),
            to_attr="active_steps",
        )
    )


def case_summary(case: GuidanceCase) -> dict[str, Any]:
    stage: Stage | None = None
    if case.run is not None:
        active = getattr(case.run, "active_steps", None)
        if active is None:
            active = list(case.run.step_runs.filter(status=StepRun.Status.ACTIVE).select_related("step"))
        stage = next(
            (STAGE_BY_ACTION[s.step.action] for s in active if s.step.action in STAGE_BY_ACTION), None
        )
    return {
        "public_id": case.public_id,
        "number": case.number,
        "title": case.title,
        "organization": office_out(case.organization),
        "company": case.company.public_id,
        "company_name": case.company.name,
        "origin": case.origin,
        "requested_on": case.requested_on,
        "officer": person_out(case.officer),
        "status": case.status,
        "status_label": case.get_status_display(),
        "stage": stage_key(stage.action) if stage else None,
        "stage_label": str(stage.label) if stage else None,
        "closed_on": case.closed_on,
    }


# ---- companies ----------------------------------------------------------------------------------------


class CompanyOut(Schema):
    public_id: uuid.UUID
    organization: OfficeOut
    name: str
    kind: str
    kind_label: str
    sector: str
    sector_label: str
    size: str
    size_label: str
    workers: int | None
    address: str
    contact_name: str
    contact_position: str
    contact_phone: str
    contact_email: str
    notes: str
    is_active: bool
    cases: int = Field(description="jumlah kasus bimbingan")


class CompanyPage(Schema):
    count: int = Field(description="perusahaan yang cocok dengan filter (sebelum limit/offset)")
    items: list[CompanyOut]


class CompanyQuery(Schema):
    q: str = Field("", description="cari pada nama")
    sector: str = Field("", description="huruf kategori KBLI, mis. C")
    size: str = Field("", description="micro, small, medium atau large")
    active: bool | None = Field(None, description="true: yang aktif saja; false: yang tidak aktif saja")
    organization: str = Field("", description="public_id atau kode dinas; kosong: semua yang boleh dilihat")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class CompanyIn(Input):
    organization: OrganizationRef | None = Field(
        None, description="dinas pemilik register; kosong: dinas pertama pemanggil"
    )
    name: str = Field(min_length=1, max_length=200)
    kind: Company.Kind = Company.Kind.COMPANY
    sector: Sector = Field(description="kategori KBLI 2020 (A–U)")
    size: Company.Size
    workers: int | None = Field(None, description="jumlah pekerja")
    address: str = Field(min_length=1)
    contact_name: str = Field(min_length=1, max_length=200)
    contact_position: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=20)
    contact_email: str = Field("", max_length=254)
    notes: str = ""


class CompanyPatch(Input):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: Company.Kind | None = None
    sector: Sector | None = None
    size: Company.Size | None = None
    workers: int | None = None
    address: str | None = Field(None, min_length=1)
    contact_name: str | None = Field(None, min_length=1, max_length=200)
    contact_position: str | None = Field(None, max_length=200)
    contact_phone: str | None = Field(None, max_length=20)
    contact_email: str | None = Field(None, max_length=254)
    notes: str | None = None
    is_active: bool | None = Field(None, description="false: tutup/bergabung; tetap disimpan untuk riwayat")


def company_out(company: Company) -> dict[str, Any]:
    cases = getattr(company, "case_count", None)
    return {
        "public_id": company.public_id,
        "organization": office_out(company.organization),
        "name": company.name,
        "kind": company.kind,
        "kind_label": company.get_kind_display(),
        "sector": company.sector,
        "sector_label": company.get_sector_display(),
        "size": company.size,
        "size_label": company.get_size_display(),
        "workers": company.workers,
        "address": company.address,
        "contact_name": company.contact_name,
        "contact_position": company.contact_position,
        "contact_phone": company.contact_phone,
        "contact_email": company.contact_email,
        "notes": company.notes,
        "is_active": company.is_active,
        "cases": cases if cases is not None else company.cases.count(),
    }


def _company(user: User, public_id: uuid.UUID, permission: str = access.VIEW) -> Company:
    company = access.company_for(user, public_id, permission)
    company.case_count = company.cases.count()  # type: ignore[attr-defined]
    return company


@router.get(
    "/productivity/companies",
    response={200: CompanyPage, **ERRORS},
    summary="Daftar perusahaan/instansi",
)
def company_list(request: HttpRequest, query: Query[CompanyQuery]) -> dict[str, Any]:
    """Perusahaan/instansi di register dinas yang boleh dilihat pemanggil, urut nama."""
    user = caller(request)
    companies = access.visible_companies(user)
    office = office_filter(user, query.organization)
    if office is not None:
        companies = companies.filter(organization=office)
    if query.q:
        companies = companies.filter(name__icontains=query.q)
    if query.sector:
        companies = companies.filter(sector=query.sector.upper())
    if query.size:
        companies = companies.filter(size=query.size)
    if query.active is not None:
        companies = companies.filter(is_active=query.active)
    count = companies.count()
    rows = companies.annotate(case_count=Count("cases"))[query.offset : query.offset + query.limit]
    return {"count": count, "items": [company_out(company) for company in rows]}


@router.post(
    "/productivity/companies",
    response={201: CompanyOut, **ERRORS},
    summary="Daftarkan perusahaan/instansi",
)
def company_create(request: HttpRequest, payload: CompanyIn) -> Status[dict[str, Any]]:
    """Nama unik per dinas (tanpa membedakan huruf besar/kecil)."""
    user = caller(request)
    organization = office_for_writing(user, payload.organization, access.RECORD)
    with service_errors():
        company = services.create_company(
            organization=organization, actor=user, **payload.model_dump(exclude={"organization"})
        )
    return Status(201, company_out(_company(user, company.public_id)))


@router.get(
    "/productivity/companies/{public_id}",
    response={200: CompanyOut, **ERRORS},
    summary="Rincian perusahaan/instansi",
)
def company_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    return company_out(_company(caller(request), public_id))


@router.patch(
    "/productivity/companies/{public_id}",
    response={200: CompanyOut, **ERRORS},
    summary="Ubah data perusahaan/instansi",
)
def company_update(request: HttpRequest, public_id: uuid.UUID, payload: CompanyPatch) -> dict[str, Any]:
    """Hanya kolom yang dikirim yang diubah; `is_active` menonaktifkan atau mengaktifkan kembali."""
    user = caller(request)
    company = access.company_for(user, public_id, access.RECORD)
    changes = changes_of(payload, nullable={"workers"})
    active = changes.pop("is_active", None)
    with service_errors():
        if changes:
            company = services.update_company(company=company, actor=user, **changes)
        if active is not None and active != company.is_active:
            services.set_company_active(company=company, actor=user, active=active)
    return company_out(_company(user, public_id))


@router.get(
    "/productivity/companies/{public_id}/cases",
    response={200: list[CaseSummaryOut], **ERRORS},
    summary="Kasus bimbingan perusahaan/instansi",
)
def company_cases(request: HttpRequest, public_id: uuid.UUID) -> list[dict[str, Any]]:
    company = access.company_for(caller(request), public_id)
    cases = with_active_steps(GuidanceCase.objects.filter(company=company))
    return [case_summary(case) for case in cases]
