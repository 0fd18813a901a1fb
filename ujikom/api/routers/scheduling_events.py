"""Targets, plans (with their RAB lines) and test events, with the same permissions as the pages.

Targets and plans belong to the LSP named in the path; an event is seen by its LSP, its facilitating
agency and its site's owner, and changed by the LSP.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict

from ujikom.core.models import Organization
from ujikom.registry.models import FundingSource, Scheme, TestSite
from ujikom.scheduling import selectors_events as selectors
from ujikom.scheduling.access_events import MANAGE, VIEW, event_for, plan_for, target_for
from ujikom.scheduling.models import BudgetLine, Plan, Target, TestEvent
from ujikom.scheduling.services_events import (
    EVENT_FIELDS,
    LineInput,
    allowed_transitions,
    approve_plan,
    change_event_status,
    create_event,
    create_plan,
    create_target,
    format_rupiah,
    issue_targets_memo,
    plan_total,
    update_event,
    update_plan,
    update_target,
)

from ..auth import caller
from ..errors import InputError, service_errors
from ..lookups import changes_of, organization_in_body, organization_in_path
from ..schemas import Message, ValidationErrors

router = Router(tags=["Target, rencana dan jadwal uji"])

OrganizationInPath = Annotated[str, Path(description="public_id (UUID) atau kode organisasi LSP")]
PAGE_SIZE = 50
ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _scheme(lsp: Organization, code: str, location: str = "body.scheme") -> Scheme:
    scheme = Scheme.objects.filter(organization=lsp, code=code).first()
    if scheme is None:
        raise InputError([(location, _("Kode skema '%(code)s' tidak ada di LSP ini.") % {"code": code})])
    return scheme


def _funding(lsp: Organization, code: str | None, location: str = "body.funding") -> FundingSource | None:
    if not code:
        return None
    found = FundingSource.objects.filter(
        Q(organization__isnull=True) | Q(organization=lsp), code=code
    ).first()
    if found is None:
        raise InputError([(location, _("Sumber anggaran '%(code)s' tidak dikenal.") % {"code": code})])
    return found


# ---- Targets ---------------------------------------------------------------------------------------


class TargetOut(Schema):
    public_id: uuid.UUID
    year: int
    scheme: str = Field(description="kode skema")
    funding: str | None = Field(None, description="kode sumber anggaran")
    quantity: int
    note: str
    memo_number: str

    @staticmethod
    def resolve_scheme(obj: Target) -> str:
        return obj.scheme.code

    @staticmethod
    def resolve_funding(obj: Target) -> str | None:
        return obj.funding.code if obj.funding else None


class TargetIn(Input):
    year: int = Field(ge=2000, le=2100)
    scheme: str = Field(description="kode skema LSP")
    funding: str | None = Field(None, description="kode sumber anggaran")
    quantity: int
    note: str = ""


class MemoIn(Input):
    year: int = Field(ge=2000, le=2100)


class DocumentOut(Schema):
    number: str
    file: uuid.UUID = Field(description="public_id berkas (unduh di /dokumen/<id>/unduh/)")


@router.get(
    "/organizations/{organization}/targets",
    response={200: list[TargetOut], **ERRORS},
    summary="Daftar target",
)
def target_list(
    request: HttpRequest, organization: OrganizationInPath, year: int | None = None
) -> list[Target]:
    lsp = organization_in_path(caller(request), organization, VIEW)
    return list(selectors.targets_of(lsp, year=year))


@router.post(
    "/organizations/{organization}/targets", response={201: TargetOut, **ERRORS}, summary="Tetapkan target"
)
def target_create(
    request: HttpRequest, organization: OrganizationInPath, payload: TargetIn
) -> Status[Target]:
    user = caller(request)
    lsp = organization_in_path(user, organization, MANAGE)
    fields = payload.model_dump()
    fields["scheme"], fields["funding"] = _scheme(lsp, fields["scheme"]), _funding(lsp, fields["funding"])
    with service_errors():
        target = create_target(organization=lsp, actor=user, **fields)
    return Status(201, target)


@router.put("/targets/{public_id}", response={200: TargetOut, **ERRORS}, summary="Ubah target")
def target_update(request: HttpRequest, public_id: uuid.UUID, payload: TargetIn) -> Target:
    user = caller(request)
    target = target_for(user, public_id, MANAGE)
    fields = payload.model_dump()
    lsp = target.organization
    fields["scheme"], fields["funding"] = _scheme(lsp, fields["scheme"]), _funding(lsp, fields["funding"])
    with service_errors():
        return update_target(target=target, actor=user, **fields)


@router.post(
    "/organizations/{organization}/targets/memo",
    response={201: DocumentOut, **ERRORS},
    summary="Buat nota dinas target setahun",
)
def target_memo(
    request: HttpRequest, organization: OrganizationInPath, payload: MemoIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    lsp = organization_in_path(user, organization, MANAGE)
    with service_errors():
        issued = issue_targets_memo(organization=lsp, year=payload.year, actor=user)
    return Status(201, {"number": issued.number, "file": issued.file.public_id})


# ---- Plans -----------------------------------------------------------------------------------------


class BudgetLineIO(Schema):
    description: str = Field(min_length=1, max_length=255)
    quantity: Decimal = Field(ge=0)
    unit: str = Field(min_length=1, max_length=40)
    unit_cost: Decimal = Field(ge=0, description="harga satuan dalam rupiah")


class BudgetLineOut(BudgetLineIO):
    position: int
    total: Decimal
    total_text: str = Field(description='mis. "Rp 1.250.000"')

    @staticmethod
    def resolve_total_text(obj: BudgetLine) -> str:
        return format_rupiah(obj.total)


class PlanOut(Schema):
    public_id: uuid.UUID
    year: int
    title: str
    status: Plan.Status
    background: str
    objectives: str
    scope: str
    targets: list[uuid.UUID]
    budget_lines: list[BudgetLineOut]
    total: Decimal
    total_text: str
    tor_number: str
    budget_number: str
    schedule_decree_number: str

    @staticmethod
    def resolve_targets(obj: Plan) -> list[uuid.UUID]:
        return [target.public_id for target in obj.targets.all()]

    @staticmethod
    def resolve_budget_lines(obj: Plan) -> list[BudgetLine]:
        return list(obj.budget_lines.all())

    @staticmethod
    def resolve_total(obj: Plan) -> Decimal:
        return plan_total(obj.budget_lines.all())

    @staticmethod
    def resolve_total_text(obj: Plan) -> str:
        return format_rupiah(plan_total(obj.budget_lines.all()))


class PlanIn(Input):
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1, max_length=255)
    background: str = ""
    objectives: str = ""
    scope: str = ""
    targets: list[uuid.UUID] = Field(default_factory=list, description="public_id target")
    budget_lines: list[BudgetLineIO] = Field(default_factory=list)


def _plan_fields(lsp: Organization, payload: PlanIn) -> dict[str, Any]:
    fields = payload.model_dump()
    targets = {
        t.public_id: t for t in Target.objects.filter(organization=lsp, public_id__in=fields["targets"])
    }
    missing = [
        (f"body.targets[{i}]", str(pid)) for i, pid in enumerate(fields["targets"]) if pid not in targets
    ]
    if missing:
        raise InputError(
            (loc, _("Target %(id)s tidak ada di LSP ini.") % {"id": pid}) for loc, pid in missing
        )
    fields["targets"] = [targets[pid] for pid in fields["targets"]]
    fields["budget_lines"] = [LineInput(**line) for line in fields["budget_lines"]]
    return fields


@router.get(
    "/organizations/{organization}/plans", response={200: list[PlanOut], **ERRORS}, summary="Daftar rencana"
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def plan_list(
    request: HttpRequest, organization: OrganizationInPath, year: int | None = None
) -> QuerySet[Plan]:
    lsp = organization_in_path(caller(request), organization, VIEW)
    return selectors.plans_of(lsp, year=year).prefetch_related("targets", "budget_lines")


@router.post(
    "/organizations/{organization}/plans", response={201: PlanOut, **ERRORS}, summary="Susun rencana"
)
def plan_create(request: HttpRequest, organization: OrganizationInPath, payload: PlanIn) -> Status[Plan]:
    user = caller(request)
    lsp = organization_in_path(user, organization, MANAGE)
    fields = _plan_fields(lsp, payload)
    with service_errors():
        plan = create_plan(organization=lsp, actor=user, **fields)
    return Status(201, plan)


@router.get("/plans/{public_id}", response={200: PlanOut, **ERRORS}, summary="Rincian rencana")
def plan_detail(request: HttpRequest, public_id: uuid.UUID) -> Plan:
    return plan_for(caller(request), public_id, VIEW)


@router.put("/plans/{public_id}", response={200: PlanOut, **ERRORS}, summary="Ubah rencana")
def plan_update(request: HttpRequest, public_id: uuid.UUID, payload: PlanIn) -> Plan:
    user = caller(request)
    plan = plan_for(user, public_id, MANAGE)
    fields = _plan_fields(plan.organization, payload)
    with service_errors():
        return update_plan(plan=plan, actor=user, **fields)


@router.post(
    "/plans/{public_id}/approve", response={200: PlanOut, **ERRORS}, summary="Terbitkan TOR, RAB, SK Jadwal"
)
def plan_approve(request: HttpRequest, public_id: uuid.UUID) -> Plan:
    user = caller(request)
    plan = plan_for(user, public_id, MANAGE)
    with service_errors():
        approve_plan(plan=plan, actor=user)
    return plan_for(user, public_id, VIEW)


# ---- Test events -----------------------------------------------------------------------------------


class EventOut(Schema):
    public_id: uuid.UUID
    title: str
    lsp: str = Field(description="kode LSP")
    scheme: str = Field(description="kode skema")
    site: uuid.UUID = Field(description="public_id TUK")
    site_name: str
    facilitator: str | None = Field(None, description="kode instansi fasilitator")
    funding: str | None = None
    plan: uuid.UUID | None = None
    starts_on: dt.date
    ends_on: dt.date
    registration_opens_on: dt.date
    registration_closes_on: dt.date
    quota: int
    bnsp_schedule_code: str
    max_candidates_per_assessor_per_day: int
    status: TestEvent.Status
    allowed_transitions: list[str]

    @staticmethod
    def resolve_lsp(obj: TestEvent) -> str:
        return obj.lsp.code

    @staticmethod
    def resolve_scheme(obj: TestEvent) -> str:
        return obj.scheme.code

    @staticmethod
    def resolve_site(obj: TestEvent) -> uuid.UUID:
        return obj.site.public_id

    @staticmethod
    def resolve_site_name(obj: TestEvent) -> str:
        return obj.site.name

    @staticmethod
    def resolve_facilitator(obj: TestEvent) -> str | None:
        return obj.facilitator.code if obj.facilitator else None

    @staticmethod
    def resolve_funding(obj: TestEvent) -> str | None:
        return obj.funding.code if obj.funding else None

    @staticmethod
    def resolve_plan(obj: TestEvent) -> uuid.UUID | None:
        return obj.plan.public_id if obj.plan else None

    @staticmethod
    def resolve_allowed_transitions(obj: TestEvent) -> list[str]:
        return [str(status) for status in allowed_transitions(obj)]


class EventIn(Input):
    title: str = Field(min_length=1, max_length=255)
    scheme: str = Field(description="kode skema LSP")
    site: uuid.UUID = Field(description="public_id TUK")
    facilitator: str | None = Field(None, description="public_id atau kode instansi fasilitator")
    funding: str | None = Field(None, description="kode sumber anggaran")
    plan: uuid.UUID | None = None
    starts_on: dt.date
    ends_on: dt.date
    registration_opens_on: dt.date
    registration_closes_on: dt.date
    quota: int
    bnsp_schedule_code: str = ""
    max_candidates_per_assessor_per_day: int = 10


class EventPatch(Input):
    title: str | None = Field(None, min_length=1, max_length=255)
    scheme: str | None = None
    site: uuid.UUID | None = None
    facilitator: str | None = None
    funding: str | None = None
    plan: uuid.UUID | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    registration_opens_on: dt.date | None = None
    registration_closes_on: dt.date | None = None
    quota: int | None = None
    bnsp_schedule_code: str | None = None
    max_candidates_per_assessor_per_day: int | None = None


class TransitionIn(Input):
    status: TestEvent.Status
    reason: str = ""


def _event_references(lsp: Organization, fields: dict[str, Any]) -> dict[str, Any]:
    errors: list[tuple[str, str]] = []
    if fields.get("scheme") is not None:
        fields["scheme"] = _scheme(lsp, fields["scheme"])
    if fields.get("site") is not None:
        site = TestSite.objects.filter(public_id=fields["site"]).first()
        if site is None:
            errors.append(("body.site", _("TUK tidak ditemukan.")))
        fields["site"] = site
    if "facilitator" in fields:
        fields["facilitator"] = (
            organization_in_body(fields["facilitator"], "body.facilitator") if fields["facilitator"] else None
        )
    if "funding" in fields:
        fields["funding"] = _funding(lsp, fields["funding"])
    if fields.get("plan") is not None:
        plan = Plan.objects.filter(organization=lsp, public_id=fields["plan"]).first()
        if plan is None:
            errors.append(("body.plan", _("Rencana tidak ada di LSP ini.")))
        fields["plan"] = plan
    if errors:
        raise InputError(errors)
    return {name: value for name, value in fields.items() if name in EVENT_FIELDS}


@router.get(
    "/organizations/{organization}/test-events",
    response={200: list[EventOut], **ERRORS},
    summary="Daftar jadwal uji",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def event_list(
    request: HttpRequest, organization: OrganizationInPath, q: str = "", status: str = ""
) -> QuerySet[TestEvent]:
    """Events of the organization as LSP, facilitator or owner of the site."""
    org = organization_in_path(caller(request), organization, VIEW)
    return selectors.events_for_list(organization=org, query=q, status=status).select_related(
        "funding", "plan"
    )


@router.post(
    "/organizations/{organization}/test-events", response={201: EventOut, **ERRORS}, summary="Buat jadwal uji"
)
def event_create(
    request: HttpRequest, organization: OrganizationInPath, payload: EventIn
) -> Status[TestEvent]:
    user = caller(request)
    lsp = organization_in_path(user, organization, MANAGE)
    fields = _event_references(lsp, payload.model_dump())
    with service_errors():
        event = create_event(lsp=lsp, actor=user, **fields)
    return Status(201, event_for(user, event.public_id))


@router.get("/test-events/{public_id}", response={200: EventOut, **ERRORS}, summary="Rincian jadwal uji")
def event_detail(request: HttpRequest, public_id: uuid.UUID) -> TestEvent:
    return event_for(caller(request), public_id, VIEW)


@router.patch("/test-events/{public_id}", response={200: EventOut, **ERRORS}, summary="Ubah jadwal uji")
def event_update(request: HttpRequest, public_id: uuid.UUID, payload: EventPatch) -> TestEvent:
    user = caller(request)
    event = event_for(user, public_id, MANAGE)
    changes = _event_references(event.lsp, changes_of(payload, nullable={"facilitator", "funding", "plan"}))
    with service_errors():
        update_event(event=event, actor=user, **changes)
    return event_for(user, public_id, VIEW)


@router.post(
    "/test-events/{public_id}/transition",
    response={200: EventOut, **ERRORS},
    summary="Ubah status jadwal uji",
)
def event_transition(request: HttpRequest, public_id: uuid.UUID, payload: TransitionIn) -> TestEvent:
    """planned → registration (starts the SOP runs) → ready (every readiness check must pass) → ongoing
    → done; cancelled from any open state with a reason."""
    user = caller(request)
    event = event_for(user, public_id, MANAGE)
    with service_errors():
        change_event_status(event=event, status=payload.status, reason=payload.reason, actor=user)
    return event_for(user, public_id, VIEW)
