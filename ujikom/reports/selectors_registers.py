"""Reading the registers of an organization for a period: appeals, complaints, blank stock and archive
completeness. Each register gives its totals from grouped queries and its rows as a queryset the page
slices and the xlsx/API stream, so a register costs the same number of queries for 10 rows or 10,000.

Which organization and which period come from `filters_from` (the page's and the API's query
parameters), through `scope`: a user sees only the organizations where they hold `reports.view`
(`reports.complaints` also opens the complaints register)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.assessment.models import Appeal, Archive, BlankMovement, Decision, DecisionEntry
from ujikom.assessment.selectors_archive import checklists_for
from ujikom.assessment.services_blanks import OUTFLOWS
from ujikom.core.access import has_permission, organizations_of
from ujikom.core.models import Organization, User
from ujikom.scheduling.models import TestEvent
from ujikom.scheduling.selectors_events import events_visible_to

from .models import Complaint
from .scope import VIEW, Period, chosen_organization, report_organizations

COMPLAINTS = "reports.complaints"


def empty_message() -> str:
    return _("Tidak ada data untuk filter ini.")


# ---- filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilter:
    """What a register shows: one organization (None: every LSP the user may see, blank register
    only), a period, and a status (empty: every status)."""

    organization: Organization | None
    period: Period
    status: str = ""
    organizations: tuple[Organization, ...] = ()  # the blank register's LSPs

    def as_params(self) -> dict[str, str]:
        params = self.period.as_params()
        if self.organization is not None:
            params["organization"] = str(self.organization.public_id)
        if self.status:
            params["status"] = self.status
        return params


def complaint_organizations(user: User) -> list[Organization]:
    """Organizations whose complaints the user may read: `reports.view` or `reports.complaints`."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organization.objects.filter(is_active=True).order_by("name"))
    return [
        organization
        for organization in organizations_of(user)
        if has_permission(user, VIEW, organization) or has_permission(user, COMPLAINTS, organization)
    ]


def choose_organization(
    allowed: Sequence[Organization], wanted: str | None, default: Organization | None
) -> Organization:
    """Among `allowed`: the one asked for by public id, else `default` when allowed, else the first
    (as `scope.chosen_organization`, for a list other than the report organizations)."""
    if wanted:
        for organization in allowed:
            if str(organization.public_id) == wanted:
                return organization
        raise PermissionDenied(_("Anda tidak berhak melihat laporan organisasi tersebut."))
    if default is not None and any(organization.pk == default.pk for organization in allowed):
        return default
    if allowed:
        return allowed[0]
    raise PermissionDenied(_("Anda tidak berhak melihat laporan organisasi mana pun."))


def filters_from(
    user: User,
    params: Mapping[str, Any],
    *,
    default: Organization | None,
    statuses: Iterable[str] = (),
    register: str = "",
) -> RegisterFilter:
    """The filter asked for by query parameters `organization` (public id), `period`, `year`, `number`
    and `status`. PermissionDenied when the organization is not one the user may see; ValidationError
    naming each wrong parameter in Indonesian."""
    wanted = (params.get("organization") or "").strip() or None
    if register == "complaints":
        organization: Organization | None = choose_organization(
            complaint_organizations(user), wanted, default
        )
        lsps: tuple[Organization, ...] = ()
    elif register == "blanks":
        allowed = report_organizations(user)
        if not allowed:
            raise PermissionDenied(_("Anda tidak berhak melihat laporan organisasi mana pun."))
        if wanted:
            organization = choose_organization(allowed, wanted, None)
            lsps = (organization,) if organization.kind == Organization.Kind.LSP else ()
        else:
            organization = None
            lsps = tuple(org for org in allowed if org.kind == Organization.Kind.LSP)
    else:
        organization = chosen_organization(user, wanted, default)
        lsps = ()
    errors: dict[str, str] = {}
    try:
        period = Period.parse(
            params.get("period") or None, params.get("year") or None, params.get("number") or None
        )
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
        period = Period.current()
    status = (params.get("status") or "").strip()
    choices = list(statuses)
    if status and not choices:
        errors["status"] = _("Register ini tidak disaring menurut status.")
    elif status and status not in choices:
        errors["status"] = _("Status %(value)s tidak dikenal; pilih: %(choices)s.") % {
            "value": status[:40],
            "choices": ", ".join(choices),
        }
    if errors:
        raise ValidationError(errors)
    return RegisterFilter(organization=organization, period=period, status=status, organizations=lsps)


def _moment(day: dt.date) -> dt.datetime:
    """Local midnight at the start of `day`, aware."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _in_period(period: Period, name: str) -> Q:
    """`name` (a datetime) falls on a local day of the period."""
    return Q(
        **{f"{name}__gte": _moment(period.start), f"{name}__lt": _moment(period.end + dt.timedelta(days=1))}
    )


def status_totals(
    rows: Iterable[tuple[str, int]], choices: Sequence[tuple[str, Any]]
) -> list[dict[str, Any]]:
    """[{"status", "label", "count"}] for every status, in the order declared, zeros included."""
    counts = dict(rows)
    return [
        {"status": value, "label": str(label), "count": int(counts.get(value, 0))} for value, label in choices
    ]


def percent_text(share: float | None) -> str:
    """A share as the reports print it: one decimal, Indonesian comma, "–" when undefined."""
    if share is None:
        return "–"
    return f"{share:.1f}%".replace(".", ",")


# ---- appeals ------------------------------------------------------------------------------------


def appeals_of(organization: Organization, period: Period) -> QuerySet[Appeal]:
    """Appeals against the assessments of the organization's events, submitted in the period."""
    events = events_visible_to(organization).values("pk")
    return Appeal.objects.filter(_in_period(period, "created_at"), assessment__registration__event__in=events)


def appeal_rows(filters: RegisterFilter) -> QuerySet[Appeal]:
    assert filters.organization is not None
    appeals = appeals_of(filters.organization, filters.period)
    if filters.status:
        appeals = appeals.filter(status=filters.status)
    return appeals.select_related(
        "assessment__registration__event__scheme",
        "assessment__registration__event__site",
        "decided_by",
        "submitted_by",
    ).order_by("created_at", "id")


def appeal_totals(filters: RegisterFilter) -> dict[str, Any]:
    """Appeals of the period by status (whatever the status filter), and how many the list holds."""
    assert filters.organization is not None
    grouped = (
        appeals_of(filters.organization, filters.period)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
        .order_by()
    )
    by_status = status_totals(grouped, Appeal.Status.choices)
    total = sum(item["count"] for item in by_status)
    listed = next((item["count"] for item in by_status if item["status"] == filters.status), 0)
    return {"by_status": by_status, "total": total, "listed": listed if filters.status else total}


def days_to_decide(appeal: Appeal) -> int | None:
    """Whole days from submission to decision (local dates); None while undecided."""
    if appeal.decided_at is None:
        return None
    return (timezone.localdate(appeal.decided_at) - timezone.localdate(appeal.created_at)).days


def appeal_record(appeal: Appeal) -> dict[str, Any]:
    """One row of the appeals register, as the page, the xlsx and the API show it."""
    registration = appeal.assessment.registration
    event = registration.event
    return {
        "public_id": appeal.public_id,
        "submitted_on": timezone.localdate(appeal.created_at),
        "candidate": registration.full_name,
        "event": event.title,
        "event_public_id": event.public_id,
        "scheme": event.scheme.code,
        "scheme_name": event.scheme.name,
        "grounds": appeal.grounds,
        "status": appeal.status,
        "status_label": appeal.get_status_display(),
        "decision": appeal.decision,
        "decided_by": appeal.decided_by.full_name if appeal.decided_by is not None else "",
        "decided_on": timezone.localdate(appeal.decided_at) if appeal.decided_at is not None else None,
        "days_to_decide": days_to_decide(appeal),
    }


# ---- complaints ---------------------------------------------------------------------------------


def complaints_of(organization: Organization, period: Period) -> QuerySet[Complaint]:
    return Complaint.objects.filter(organization=organization, received_on__range=(period.start, period.end))


def complaint_rows(filters: RegisterFilter) -> QuerySet[Complaint]:
    assert filters.organization is not None
    complaints = complaints_of(filters.organization, filters.period)
    if filters.status:
        complaints = complaints.filter(status=filters.status)
    return complaints.select_related("event", "handled_by").order_by("received_on", "id")


def complaint_totals(filters: RegisterFilter) -> dict[str, Any]:
    assert filters.organization is not None
    grouped = (
        complaints_of(filters.organization, filters.period)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
        .order_by()
    )
    by_status = status_totals(grouped, Complaint.Status.choices)
    total = sum(item["count"] for item in by_status)
    listed = next((item["count"] for item in by_status if item["status"] == filters.status), 0)
    return {"by_status": by_status, "total": total, "listed": listed if filters.status else total}


def complaint_record(complaint: Complaint) -> dict[str, Any]:
    event = complaint.event
    return {
        "public_id": complaint.public_id,
        "number": complaint.number,
        "received_on": complaint.received_on,
        "channel": complaint.channel,
        "channel_label": complaint.get_channel_display(),
        "complainant_name": complaint.complainant_name,
        "complainant_contact": complaint.complainant_contact,
        "subject": complaint.subject,
        "description": complaint.description,
        "event": event.public_id if event is not None else None,
        "event_title": event.title if event is not None else "",
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "response": complaint.response,
        "resolved_on": complaint.resolved_on,
        "handled_by": complaint.handled_by.full_name if complaint.handled_by is not None else "",
        "days_to_resolve": (complaint.resolved_on - complaint.received_on).days
        if complaint.resolved_on is not None
        else None,
    }


def complaint_for(user: User, public_id: Any) -> Complaint:
    """A complaint of an organization whose complaints the user may read; 404 otherwise (another
    organization's complaint is not shown to exist)."""
    complaint = (
        Complaint.objects.select_related("organization", "event", "handled_by", "recorded_by")
        .filter(public_id=public_id)
        .first()
    )
    if complaint is None or all(org.pk != complaint.organization_id for org in complaint_organizations(user)):
        raise Http404(_("Pengaduan tidak ditemukan."))
    return complaint


def may_record_complaints(user: User, organization: Organization | None) -> bool:
    return organization is not None and has_permission(user, COMPLAINTS, organization)


def complaint_events(organization: Organization, limit: int = 300) -> list[TestEvent]:
    """The organization's events a complaint may name, newest first (the form's choices)."""
    return list(
        events_visible_to(organization).select_related("scheme").order_by("-starts_on", "-id")[:limit]
    )


def handlers_of(organization: Organization) -> list[User]:
    """People who may follow up complaints in the organization (`reports.complaints`), by name."""
    from ujikom.core.models import RoleAssignment

    assignments = (
        RoleAssignment.objects.active().filter(organization=organization).select_related("user", "role")
    )
    people: dict[int, User] = {}
    for assignment in assignments:
        if COMPLAINTS in (assignment.role.permissions or []) and assignment.user.is_active:
            people.setdefault(assignment.user_id, assignment.user)
    return sorted(people.values(), key=lambda person: person.full_name)


# ---- blank stock --------------------------------------------------------------------------------


def _sum(kind_filter: Q) -> Coalesce:
    return Coalesce(Sum("quantity", filter=kind_filter), 0, output_field=IntegerField())


@dataclass
class BlankLine:
    """One LSP's blank stock over the period, and what approved decrees still need."""

    lsp: Organization
    opening: int = 0
    received: int = 0
    used: int = 0
    damaged: int = 0
    returned: int = 0
    stock_now: int = 0
    pending: int = 0

    @property
    def closing(self) -> int:
        return self.opening + self.received - self.used - self.damaged - self.returned

    @property
    def short(self) -> bool:
        """The blanks held now do not cover the approved decree entries still without a number."""
        return self.stock_now < self.pending

    def as_dict(self) -> dict[str, Any]:
        return {
            "lsp": self.lsp.code,
            "lsp_name": self.lsp.name,
            "lsp_public_id": self.lsp.public_id,
            "opening": self.opening,
            "received": self.received,
            "used": self.used,
            "damaged": self.damaged,
            "returned": self.returned,
            "closing": self.closing,
            "stock_now": self.stock_now,
            "pending_need": self.pending,
            "short": self.short,
        }


def blank_lines(filters: RegisterFilter) -> list[BlankLine]:
    """Per LSP of the filter: the balance before the period, the movements in it by kind, the closing
    balance, the stock today and the pending need. Two grouped queries."""
    lsps = list(filters.organizations)
    if not lsps:
        return []
    start, end = filters.period.start, filters.period.end
    kinds = BlankMovement.Kind
    before = Q(occurred_on__lt=start)
    within = Q(occurred_on__gte=start, occurred_on__lte=end)
    grouped = (
        BlankMovement.objects.filter(lsp__in=lsps)
        .values("lsp_id")
        .annotate(
            opening_in=_sum(before & Q(kind=kinds.RECEIVED)),
            opening_out=_sum(before & Q(kind__in=OUTFLOWS)),
            received=_sum(within & Q(kind=kinds.RECEIVED)),
            used=_sum(within & Q(kind=kinds.USED)),
            damaged=_sum(within & Q(kind=kinds.DAMAGED)),
            returned=_sum(within & Q(kind=kinds.RETURNED)),
            all_in=_sum(Q(kind=kinds.RECEIVED)),
            all_out=_sum(Q(kind__in=OUTFLOWS)),
        )
        .order_by()
    )
    pending = dict(
        DecisionEntry.objects.filter(
            decision__lsp__in=lsps, decision__status=Decision.Status.APPROVED, certificate_number=""
        )
        .values("decision__lsp_id")
        .annotate(n=Count("id"))
        .values_list("decision__lsp_id", "n")
        .order_by()
    )
    lines = {lsp.pk: BlankLine(lsp=lsp, pending=int(pending.get(lsp.pk, 0))) for lsp in lsps}
    for row in grouped:
        line = lines[row["lsp_id"]]
        line.opening = row["opening_in"] - row["opening_out"]
        line.received, line.used = row["received"], row["used"]
        line.damaged, line.returned = row["damaged"], row["returned"]
        line.stock_now = row["all_in"] - row["all_out"]
    return [lines[lsp.pk] for lsp in lsps]


def blank_totals(lines: Sequence[BlankLine]) -> dict[str, int]:
    names = ("opening", "received", "used", "damaged", "returned", "closing", "stock_now", "pending")
    return {name: sum(getattr(line, name) for line in lines) for name in names}


def blank_movements(filters: RegisterFilter) -> QuerySet[BlankMovement]:
    """The movements of the filter's LSPs in the period, oldest first."""
    return (
        BlankMovement.objects.filter(
            lsp__in=list(filters.organizations),
            occurred_on__range=(filters.period.start, filters.period.end),
        )
        .select_related("lsp", "request", "entry__registration")
        .order_by("occurred_on", "id")
    )


def movement_record(movement: BlankMovement) -> dict[str, Any]:
    entry = movement.entry
    return {
        "public_id": movement.public_id,
        "lsp": movement.lsp.code,
        "occurred_on": movement.occurred_on,
        "kind": movement.kind,
        "kind_label": movement.get_kind_display(),
        "quantity": movement.quantity,
        "change": movement.quantity if movement.kind == BlankMovement.Kind.RECEIVED else -movement.quantity,
        "reference": movement.reference,
        "serial_from": movement.serial_from,
        "serial_to": movement.serial_to,
        "request": movement.request.number if movement.request is not None else "",
        "candidate": entry.registration.full_name if entry is not None else "",
        "note": movement.note,
    }


# ---- archive completeness -----------------------------------------------------------------------


def done_events(organization: Organization, period: Period) -> QuerySet[TestEvent]:
    """The organization's events done, with a start in the period (cancelled ones are never done)."""
    return events_visible_to(organization).filter(
        status=TestEvent.Status.DONE, starts_on__range=(period.start, period.end)
    )


def archive_totals(filters: RegisterFilter) -> dict[str, Any]:
    assert filters.organization is not None
    counts = done_events(filters.organization, filters.period).aggregate(
        done=Count("pk"),
        archived=Count("archive"),
        complete=Count("archive", filter=Q(archive__is_complete=True)),
    )
    done, complete = counts["done"], counts["complete"]
    return {
        "done": done,
        "archived": counts["archived"],
        "not_archived": done - counts["archived"],
        "complete": complete,
        "share_complete": round(100 * complete / done, 1) if done else None,
    }


def archive_events(filters: RegisterFilter) -> QuerySet[TestEvent]:
    assert filters.organization is not None
    return (
        done_events(filters.organization, filters.period)
        .select_related("scheme", "site", "lsp", "archive")
        .order_by("starts_on", "id")
    )


@dataclass
class ArchiveLine:
    event: TestEvent
    archive: Archive | None
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.archive is not None and self.archive.is_complete

    def as_dict(self) -> dict[str, Any]:
        event, archive = self.event, self.archive
        return {
            "event": event.public_id,
            "title": event.title,
            "scheme": event.scheme.code,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "archived": archive is not None,
            "complete": self.complete,
            "missing": self.missing,
            "number": archive.number if archive is not None else "",
            "location": archive.location if archive is not None else "",
            "retain_until": archive.retain_until if archive is not None else None,
        }


def archive_lines(events: Sequence[TestEvent]) -> list[ArchiveLine]:
    """Each event with its archive and the checklist items it lacks: those the archive's snapshot
    marks absent, or, for an event not archived yet, those today's check finds missing (one batch
    of queries for every event listed)."""
    unarchived = [event for event in events if getattr(event, "archive", None) is None]
    live = checklists_for(unarchived) if unarchived else {}
    lines = []
    for event in events:
        archive = getattr(event, "archive", None)
        if archive is not None:
            missing = [
                str(item.get("label", item.get("key", "")))
                for item in (archive.checklist or [])
                if isinstance(item, dict) and not item.get("present")
            ]
        else:
            missing = [item.label for item in live[event.pk].missing]
        lines.append(ArchiveLine(event=event, archive=archive, missing=missing))
    return lines
