"""Writing targets, plans with their budget lines, and test events (STMI 1.3.3 steps 1-2 and the events).

Each service validates, saves, leaves an audit event and, where a step of the event's SOP run is
bound to the screen, attaches the generated document to that step (`record_step_output`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.typst import indonesian_date, indonesian_number, letterhead
from ujikom.registry.models import FundingSource, Scheme, TestSite
from ujikom.registry.selectors_sites import sites_of

from .models import BudgetLine, Plan, Target, TestEvent
from .sop_binding import record_step_output, start_event_runs

TYPST = Path(__file__).resolve().parent / "typst"

EVENT_LABELS = {
    "scheduling.target_created": gettext_lazy("Target uji kompetensi ditetapkan"),
    "scheduling.target_updated": gettext_lazy("Target uji kompetensi diubah"),
    "scheduling.targets_memo_issued": gettext_lazy("Nota dinas target diterbitkan"),
    "scheduling.plan_created": gettext_lazy("Rencana uji kompetensi disusun"),
    "scheduling.plan_updated": gettext_lazy("Rencana uji kompetensi diubah"),
    "scheduling.plan_approved": gettext_lazy("Rencana diterbitkan (TOR, RAB, SK Jadwal)"),
    "scheduling.event_created": gettext_lazy("Jadwal uji kompetensi dibuat"),
    "scheduling.event_updated": gettext_lazy("Jadwal uji kompetensi diubah"),
    "scheduling.event_status_changed": gettext_lazy("Status uji kompetensi diubah"),
}

TARGETS_ACTION = "scheduling.targets"
PLAN_ACTION = "scheduling.plan"


def format_rupiah(amount: Decimal | int) -> str:
    """'Rp 1.250.000' (whole rupiah, dots between thousands, as Indonesian offices write it)."""
    value = Decimal(amount)
    return f"{'-' if value < 0 else ''}Rp {indonesian_number(abs(value))}"


def _signer(actor: User, title: str) -> dict[str, str]:
    return {"title": actor.title or title, "name": str(actor.full_name or actor), "nip": actor.nip or ""}


def _place(organization: Organization) -> str:
    return organization.city or "Jakarta"


# ---- Targets (STMI step 1) -----------------------------------------------------------------------


def _check_target(
    *,
    organization: Organization,
    year: int,
    scheme: Scheme,
    funding: FundingSource | None,
    quantity: int,
    instance: Target | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if organization.kind != Organization.Kind.LSP:
        errors.setdefault("__all__", []).append(_("Target uji kompetensi ditetapkan oleh LSP."))
    if not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(_("Tahun harus antara 2000 dan 2100."))
    if scheme.organization_id != organization.pk:
        errors.setdefault("scheme", []).append(_("Skema harus skema milik LSP ini."))
    if funding is not None and funding.organization_id not in (None, organization.pk):
        errors.setdefault("funding", []).append(_("Sumber anggaran tidak tersedia untuk organisasi ini."))
    if quantity is None or quantity < 1:
        errors.setdefault("quantity", []).append(_("Jumlah peserta minimal 1."))
    clash = Target.objects.filter(organization=organization, year=year, scheme=scheme, funding=funding)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        errors.setdefault("scheme", []).append(
            _("Target %(year)s untuk skema ini dengan sumber anggaran yang sama sudah ada.") % {"year": year}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_target(
    *,
    organization: Organization,
    year: int,
    scheme: Scheme,
    funding: FundingSource | None,
    quantity: int,
    note: str = "",
    actor: User,
) -> Target:
    _check_target(organization=organization, year=year, scheme=scheme, funding=funding, quantity=quantity)
    target = Target.objects.create(
        organization=organization, year=year, scheme=scheme, funding=funding, quantity=quantity, note=note
    )
    record_event(target, "scheduling.target_created", actor=actor, data={"year": year, "quantity": quantity})
    return target


@transaction.atomic
def update_target(
    *,
    target: Target,
    year: int,
    scheme: Scheme,
    funding: FundingSource | None,
    quantity: int,
    note: str = "",
    actor: User,
) -> Target:
    _check_target(
        organization=target.organization,
        year=year,
        scheme=scheme,
        funding=funding,
        quantity=quantity,
        instance=target,
    )
    target.year, target.scheme, target.funding = year, scheme, funding
    target.quantity, target.note = quantity, note
    target.save()
    record_event(target, "scheduling.target_updated", actor=actor, data={"year": year, "quantity": quantity})
    return target


def events_of_year(organization: Organization, year: int) -> list[TestEvent]:
    return list(TestEvent.objects.filter(lsp=organization, starts_on__year=year).exclude(status="cancelled"))


@dataclass(frozen=True)
class IssuedDocument:
    file: StoredFile
    number: str
    attached: int = 0  # SOP step tasks the document was attached to


def _attach(*, events: Iterable[TestEvent], action: str, files: Sequence[StoredFile], actor: User) -> int:
    """Attach the documents to the open task of the bound step of each event's runs. A person who
    does not play that step's actor cannot sign it off: the documents stay stored and the actor
    attaches them from the task page."""
    attached = 0
    for event in events:
        try:
            for stored in files:
                attached += len(record_step_output(event=event, action=action, file=stored, actor=actor))
        except PermissionDenied:
            continue
    return attached


@transaction.atomic
def issue_targets_memo(*, organization: Organization, year: int, actor: User) -> IssuedDocument:
    """The nota dinas setting the year's targets (STMI step 1 output); attached to the step-1 task of
    every run of the LSP's events that year."""
    targets = list(
        Target.objects.filter(organization=organization, year=year)
        .select_related("scheme", "funding")
        .order_by("scheme__code", "pk")
    )
    if not targets:
        raise ValidationError(
            _("Belum ada target untuk tahun %(year)s; isi targetnya dulu.") % {"year": year}
        )
    today = timezone.localdate()
    data = {
        "org": letterhead(organization),
        "year": year,
        "place": _place(organization),
        "date": indonesian_date(today),
        "signer": _signer(actor, _("Direktur")),
        "rows": [
            {
                "scheme_code": target.scheme.code,
                "scheme": target.scheme.name,
                "funding": target.funding.name if target.funding else "-",
                "quantity": target.quantity,
                "note": target.note,
            }
            for target in targets
        ],
        "total": sum(target.quantity for target in targets),
    }
    stored, number = generate_document(
        organization=organization,
        document_type="memo",
        template=TYPST / "memo.typ",
        data=data,
        actor=actor,
        title=_("Nota dinas target uji kompetensi %(year)s") % {"year": year},
        filename=f"nota-dinas-target-{year}",
    )
    Target.objects.filter(pk__in=[target.pk for target in targets]).update(memo=stored, memo_number=number)
    record_event(
        organization,
        "scheduling.targets_memo_issued",
        actor=actor,
        data={"year": year, "number": number, "targets": len(targets)},
    )
    attached = _attach(
        events=events_of_year(organization, year), action=TARGETS_ACTION, files=[stored], actor=actor
    )
    return IssuedDocument(stored, number, attached)


# ---- Plans (STMI step 2) -------------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    description: str
    quantity: Decimal
    unit: str
    unit_cost: Decimal


def _check_plan(*, organization: Organization, year: int, title: str, targets: Iterable[Target]) -> None:
    errors: dict[str, list[str]] = {}
    if organization.kind != Organization.Kind.LSP:
        errors.setdefault("__all__", []).append(_("Rencana uji kompetensi disusun oleh LSP."))
    if not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(_("Tahun harus antara 2000 dan 2100."))
    if not title.strip():
        errors.setdefault("title", []).append(_("Judul rencana wajib diisi."))
    foreign = [str(t) for t in targets if t.organization_id != organization.pk or t.year != year]
    if foreign:
        errors.setdefault("targets", []).append(
            _("Target harus target LSP ini pada tahun yang sama: %(targets)s.")
            % {"targets": ", ".join(foreign)}
        )
    if errors:
        raise ValidationError(errors)


def _check_lines(lines: Sequence[LineInput]) -> None:
    errors = []
    for index, line in enumerate(lines, start=1):
        if not line.description.strip():
            errors.append(_("Baris RAB %(n)s: uraian wajib diisi.") % {"n": index})
        if line.quantity is None or line.quantity < 0:
            errors.append(_("Baris RAB %(n)s: volume tidak boleh negatif.") % {"n": index})
        if line.unit_cost is None or line.unit_cost < 0:
            errors.append(_("Baris RAB %(n)s: harga satuan tidak boleh negatif.") % {"n": index})
        if not line.unit.strip():
            errors.append(_("Baris RAB %(n)s: satuan wajib diisi.") % {"n": index})
    if errors:
        raise ValidationError({"budget_lines": errors})


def _save_lines(plan: Plan, lines: Sequence[LineInput]) -> None:
    plan.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            plan=plan,
            position=index,
            description=line.description.strip(),
            quantity=line.quantity,
            unit=line.unit.strip(),
            unit_cost=line.unit_cost,
        )
        for index, line in enumerate(lines, start=1)
    )


@transaction.atomic
def create_plan(
    *,
    organization: Organization,
    year: int,
    title: str,
    background: str = "",
    objectives: str = "",
    scope: str = "",
    targets: Sequence[Target] = (),
    budget_lines: Sequence[LineInput] = (),
    actor: User,
) -> Plan:
    _check_plan(organization=organization, year=year, title=title, targets=targets)
    _check_lines(budget_lines)
    plan = Plan.objects.create(
        organization=organization,
        year=year,
        title=title.strip(),
        background=background,
        objectives=objectives,
        scope=scope,
    )
    plan.targets.set(targets)
    _save_lines(plan, budget_lines)
    record_event(
        plan, "scheduling.plan_created", actor=actor, data={"year": year, "lines": len(budget_lines)}
    )
    return plan


@transaction.atomic
def update_plan(
    *,
    plan: Plan,
    year: int,
    title: str,
    background: str = "",
    objectives: str = "",
    scope: str = "",
    targets: Sequence[Target] = (),
    budget_lines: Sequence[LineInput] | None = None,
    actor: User,
) -> Plan:
    if plan.status == Plan.Status.APPROVED:
        raise ValidationError(_("Rencana yang sudah diterbitkan tidak dapat diubah."))
    _check_plan(organization=plan.organization, year=year, title=title, targets=targets)
    if budget_lines is not None:
        _check_lines(budget_lines)
    plan.year, plan.title = year, title.strip()
    plan.background, plan.objectives, plan.scope = background, objectives, scope
    plan.save()
    plan.targets.set(targets)
    if budget_lines is not None:
        _save_lines(plan, budget_lines)
    record_event(plan, "scheduling.plan_updated", actor=actor, data={"year": year})
    return plan


def plan_total(lines: Iterable[BudgetLine]) -> Decimal:
    return sum((line.total for line in lines), Decimal("0"))


@dataclass(frozen=True)
class PlanDocuments:
    tor: IssuedDocument
    budget: IssuedDocument
    schedule_decree: IssuedDocument


@transaction.atomic
def approve_plan(*, plan: Plan, actor: User) -> PlanDocuments:
    """Terbitkan: the TOR, the RAB and the SK Jadwal as numbered PDFs (STMI step 2 outputs); the plan
    is approved and the documents are attached to the step-2 task of the plan's events' runs."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("organization").get(pk=plan.pk)
    if plan.status == Plan.Status.APPROVED:
        raise ValidationError(_("Rencana ini sudah diterbitkan."))
    lines = list(plan.budget_lines.all())
    if not lines:
        raise ValidationError(
            {"budget_lines": [_("Isi minimal satu baris RAB sebelum menerbitkan rencana.")]}
        )
    events = list(
        plan.events.exclude(status=TestEvent.Status.CANCELLED)
        .select_related("scheme", "site")
        .order_by("starts_on", "pk")
    )
    if not events:
        raise ValidationError(
            _(
                "SK Jadwal memuat jadwal uji rencana ini; tambahkan minimal satu jadwal uji dengan rencana ini."
            )
        )
    organization = plan.organization
    targets = list(plan.targets.select_related("scheme", "funding").order_by("scheme__code"))
    common: dict[str, Any] = {
        "org": letterhead(organization),
        "year": plan.year,
        "title": plan.title,
        "place": _place(organization),
        "date": indonesian_date(timezone.localdate()),
        "signer": _signer(actor, _("Ketua LSP")),
    }
    tor_data = {
        **common,
        "background": plan.background,
        "objectives": plan.objectives,
        "scope": plan.scope,
        "targets": [
            {
                "scheme": f"{t.scheme.code} {t.scheme.name}",
                "funding": t.funding.name if t.funding else "-",
                "quantity": t.quantity,
            }
            for t in targets
        ],
        "budget_total": format_rupiah(plan_total(lines)),
        "events": len(events),
    }
    budget_data = {
        **common,
        "lines": [
            {
                "position": line.position,
                "description": line.description,
                "quantity": f"{line.quantity.normalize():f}",
                "unit": line.unit,
                "unit_cost": format_rupiah(line.unit_cost),
                "total": format_rupiah(line.total),
            }
            for line in lines
        ],
        "total": format_rupiah(plan_total(lines)),
    }
    decree_data = {
        **common,
        "events": [
            {
                "title": event.title,
                "scheme": f"{event.scheme.code} {event.scheme.name}",
                "site": event.site.name,
                "dates": _dates(event.starts_on, event.ends_on),
                "registration": _dates(event.registration_opens_on, event.registration_closes_on),
                "quota": event.quota,
            }
            for event in events
        ],
    }
    tor, tor_number = generate_document(
        organization=organization,
        document_type="terms_of_reference",
        template=TYPST / "tor.typ",
        data=tor_data,
        actor=actor,
        subject=plan,
        title=_("TOR %(title)s") % {"title": plan.title},
        filename=f"tor-{plan.year}",
    )
    budget, budget_number = generate_document(
        organization=organization,
        document_type="budget_plan",
        template=TYPST / "rab.typ",
        data=budget_data,
        actor=actor,
        subject=plan,
        title=_("RAB %(title)s") % {"title": plan.title},
        filename=f"rab-{plan.year}",
    )
    decree, decree_number = generate_document(
        organization=organization,
        document_type="schedule_decree",
        template=TYPST / "schedule_decree.typ",
        data=decree_data,
        actor=actor,
        subject=plan,
        title=_("SK Jadwal %(title)s") % {"title": plan.title},
        filename=f"sk-jadwal-{plan.year}",
    )
    plan.tor, plan.tor_number = tor, tor_number
    plan.budget, plan.budget_number = budget, budget_number
    plan.schedule_decree, plan.schedule_decree_number = decree, decree_number
    plan.status = Plan.Status.APPROVED
    plan.save()
    record_event(
        plan,
        "scheduling.plan_approved",
        actor=actor,
        data={"tor": tor_number, "budget": budget_number, "schedule_decree": decree_number},
    )
    attached = _attach(events=events, action=PLAN_ACTION, files=[tor, budget, decree], actor=actor)
    return PlanDocuments(
        IssuedDocument(tor, tor_number, attached),
        IssuedDocument(budget, budget_number, attached),
        IssuedDocument(decree, decree_number, attached),
    )


def _dates(first: dt.date, last: dt.date) -> str:
    if first == last:
        return indonesian_date(first)
    return f"{indonesian_date(first)} s.d. {indonesian_date(last)}"


# ---- Test events ---------------------------------------------------------------------------------

EVENT_FIELDS = (
    "title",
    "scheme",
    "site",
    "facilitator",
    "funding",
    "plan",
    "starts_on",
    "ends_on",
    "registration_opens_on",
    "registration_closes_on",
    "quota",
    "bnsp_schedule_code",
    "max_candidates_per_assessor_per_day",
)


def _check_event(*, lsp: Organization, values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if lsp.kind != Organization.Kind.LSP:
        add("__all__", _("Uji kompetensi diselenggarakan oleh LSP; %(name)s bukan LSP.") % {"name": lsp.name})
    if not str(values.get("title") or "").strip():
        add("title", _("Judul uji kompetensi wajib diisi."))
    scheme: Scheme | None = values.get("scheme")
    if scheme is None:
        add("scheme", _("Pilih skema sertifikasi."))
    elif scheme.organization_id != lsp.pk:
        add("scheme", _("Skema harus skema milik LSP penyelenggara."))
    elif not scheme.is_active:
        add("scheme", _("Skema ini tidak aktif."))
    site: TestSite | None = values.get("site")
    if site is None:
        add("site", _("Pilih TUK."))
    elif not sites_of(lsp).filter(pk=site.pk).exists():
        add("site", _("TUK ini tidak terdaftar pada LSP penyelenggara."))
    elif not site.is_active:
        add("site", _("TUK ini tidak aktif."))
    facilitator: Organization | None = values.get("facilitator")
    if facilitator is not None and facilitator.kind == Organization.Kind.LSP:
        add("facilitator", _("Instansi fasilitator bukan LSP (mis. Disnaker atau BLK)."))
    funding: FundingSource | None = values.get("funding")
    if funding is not None and funding.organization_id not in (
        None,
        lsp.pk,
        getattr(facilitator, "pk", None),
    ):
        add("funding", _("Sumber anggaran tidak tersedia untuk penyelenggara ini."))
    plan: Plan | None = values.get("plan")
    if plan is not None and plan.organization_id != lsp.pk:
        add("plan", _("Rencana harus rencana LSP penyelenggara."))
    starts, ends = values.get("starts_on"), values.get("ends_on")
    opens, closes = values.get("registration_opens_on"), values.get("registration_closes_on")
    for field, value in (
        ("starts_on", starts),
        ("ends_on", ends),
        ("registration_opens_on", opens),
        ("registration_closes_on", closes),
    ):
        if value is None:
            add(field, _("Tanggal wajib diisi."))
    if starts and ends and ends < starts:
        add("ends_on", _("Tanggal selesai uji tidak boleh sebelum tanggal mulai uji."))
    if opens and closes and closes < opens:
        add("registration_closes_on", _("Pendaftaran tidak boleh ditutup sebelum dibuka."))
    if closes and starts and closes > starts:
        add("registration_closes_on", _("Pendaftaran harus ditutup paling lambat pada tanggal mulai uji."))
    if plan is not None and starts and starts.year != plan.year:
        add("plan", _("Tanggal uji harus pada tahun rencana (%(year)s).") % {"year": plan.year})
    quota = values.get("quota")
    if quota is None or quota < 1:
        add("quota", _("Kuota peserta minimal 1."))
    cap = values.get("max_candidates_per_assessor_per_day")
    if cap is None or cap < 1:
        add("max_candidates_per_assessor_per_day", _("Batas asesi per asesor per hari minimal 1."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_event(*, lsp: Organization, actor: User, **values: Any) -> TestEvent:
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values.setdefault("bnsp_schedule_code", "")
    values.setdefault("max_candidates_per_assessor_per_day", 10)
    _check_event(lsp=lsp, values=values)
    values["title"] = values["title"].strip()
    event = TestEvent.objects.create(lsp=lsp, **values)
    record_event(event, "scheduling.event_created", actor=actor, organization=lsp, data=_event_data(event))
    return event


@transaction.atomic
def update_event(*, event: TestEvent, actor: User, **values: Any) -> TestEvent:
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if event.status in (TestEvent.Status.DONE, TestEvent.Status.CANCELLED):
        raise ValidationError(_("Uji kompetensi yang sudah selesai atau dibatalkan tidak dapat diubah."))
    merged = {field: getattr(event, field) for field in EVENT_FIELDS} | values
    _check_event(lsp=event.lsp, values=merged)
    for field, value in values.items():
        setattr(event, field, value.strip() if field == "title" else value)
    event.save()
    record_event(
        event, "scheduling.event_updated", actor=actor, organization=event.lsp, data=_event_data(event)
    )
    return event


def _event_data(event: TestEvent) -> dict[str, Any]:
    return {
        "scheme": event.scheme.code,
        "site": event.site.code,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "quota": event.quota,
    }


S = TestEvent.Status
TRANSITIONS: dict[str, list[str]] = {
    S.PLANNED: [S.REGISTRATION, S.CANCELLED],
    S.REGISTRATION: [S.READY, S.CANCELLED],
    S.READY: [S.ONGOING, S.CANCELLED],
    S.ONGOING: [S.DONE, S.CANCELLED],
    S.DONE: [],
    S.CANCELLED: [],
}


def allowed_transitions(event: TestEvent) -> list[str]:
    return list(TRANSITIONS.get(event.status, []))


@transaction.atomic
def change_event_status(*, event: TestEvent, status: str, actor: User, reason: str = "") -> TestEvent:
    """Move the event along planned → registration → ready → ongoing → done; cancel from any open state
    with a reason. Opening registration starts the event's SOP runs; "ready" needs every readiness
    check to pass (an event cannot go ahead at an unverified site)."""
    from .selectors_events import readiness_checks

    event = (
        TestEvent.objects.select_for_update(of=("self",))
        .select_related("lsp", "facilitator", "site", "scheme")
        .get(pk=event.pk)
    )
    if status not in allowed_transitions(event):
        raise ValidationError(
            {
                "status": [
                    _("Status %(from)s tidak dapat diubah menjadi %(to)s.")
                    % {"from": event.get_status_display(), "to": dict(S.choices).get(status, status)}
                ]
            }
        )
    if status == S.CANCELLED and not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan pembatalan.")]})
    if status == S.READY:
        failing = [check for check in readiness_checks(event) if not check.ok]
        if failing:
            raise ValidationError(
                {
                    "status": [
                        _("Belum siap dilaksanakan: %(checks)s.")
                        % {"checks": "; ".join(f"{c.label} ({c.detail})" for c in failing)}
                    ]
                }
            )
    previous = event.status
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    record_event(
        event,
        "scheduling.event_status_changed",
        actor=actor,
        organization=event.lsp,
        data={"from": previous, "to": status, "reason": reason.strip()},
    )
    if status == S.REGISTRATION:
        start_event_runs(event=event, actor=actor)
    return event


def facilitators_for(lsp: Organization) -> Any:
    """Organizations that may facilitate an LSP's event: any active organization that is not an LSP."""
    return Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.LSP).order_by("name")


def usable_sites(lsp: Organization) -> Any:
    return sites_of(lsp).filter(is_active=True).order_by("name")


def usable_funding(lsp: Organization) -> Any:
    return FundingSource.objects.filter(
        Q(organization__isnull=True) | Q(organization=lsp), is_active=True
    ).order_by("code")
