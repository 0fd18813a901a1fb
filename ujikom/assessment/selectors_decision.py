"""Reading the LSP's decisions, blank requests, blank log and BNSP numbers (STMI 1.3.3 step 6).

Lists load their related rows up front, so they take a fixed number of queries whatever their length.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from ujikom.core.access import has_permission, organizations_of
from ujikom.core.models import Organization, User
from ujikom.scheduling.models import Registration, TestEvent

from . import results
from .access import BLANKS, DECIDE, VIEW
from .models import (
    BlankMovement,
    BlankRequest,
    Decision,
    DecisionApproval,
    DecisionEntry,
    Minutes,
    Recommendation,
)

LIST_LIMIT = 200


def decision_lsps(user: User) -> list[Organization]:
    """The LSPs whose decisions the user reads: where they hold the view, decide or blanks permission."""
    return [
        organization
        for organization in organizations_of(user)
        if organization.kind == Organization.Kind.LSP
        and any(has_permission(user, code, organization) for code in (VIEW, DECIDE, BLANKS))
    ]


def decisions_for(user: User, *, status: str = "") -> QuerySet[Decision]:
    """The decisions of the user's LSPs, newest first, with their event and entry counts."""
    decisions = Decision.objects.select_related(
        "lsp", "event__scheme", "event__site", "prepared_by"
    ).annotate(
        entry_count=Count("entries", distinct=True),
        numbered_count=Count("entries", filter=~Q(entries__certificate_number=""), distinct=True),
    )
    if not user.is_superuser:
        decisions = decisions.filter(lsp__in=decision_lsps(user))
    if status:
        decisions = decisions.filter(status=status)
    return decisions.order_by("-created_at", "-id")


def current_decision(event: TestEvent) -> Decision | None:
    """The event's decision in progress or approved (a returned one is history)."""
    return (
        Decision.objects.filter(event=event)
        .exclude(status=Decision.Status.RETURNED)
        .select_related("lsp__parent", "prepared_by", "minutes_file", "decree_file")
        .first()
    )


def decision_history(event: TestEvent) -> list[Decision]:
    """Every decision of the event, newest first, each with its approvals."""
    approvals = Prefetch(
        "approvals", queryset=DecisionApproval.objects.select_related("actor").order_by("acted_at")
    )
    return list(
        Decision.objects.filter(event=event)
        .select_related("prepared_by")
        .prefetch_related(approvals)
        .order_by("-created_at", "-id")
    )


def approvals_of(decision: Decision) -> list[DecisionApproval]:
    return list(decision.approvals.select_related("actor").order_by("acted_at", "id"))


def entries_of(decision: Decision) -> list[DecisionEntry]:
    return list(decision.entries.select_related("registration", "numbers_recorded_by").order_by("position"))


def entry_at(decision: Decision, position: int) -> DecisionEntry | None:
    return decision.entries.select_related("registration").filter(position=position).first()


@dataclass(frozen=True)
class CandidateRow:
    registration: Registration
    recommendation: str  # K, BK or "" (not yet assessed)
    listed: bool  # in the current decree


def candidate_rows(event: TestEvent, decision: Decision | None) -> list[CandidateRow]:
    listed = set(decision.entries.values_list("registration_id", flat=True)) if decision else set()
    return [
        CandidateRow(row.registration, row.recommendation, row.registration.pk in listed)
        for row in results.result_rows(event)
    ]


def handover_of(event: TestEvent) -> tuple[Minutes | None, Recommendation | None]:
    minutes = Minutes.objects.filter(event=event).select_related("file").first()
    recommendation = Recommendation.objects.filter(event=event).select_related("received_by").first()
    return minutes, recommendation


def blank_requests_of(decision: Decision) -> list[BlankRequest]:
    return list(
        decision.blank_requests.select_related("letter", "candidates_xlsx", "bundle", "created_by").order_by(
            "-created_at", "-id"
        )
    )


def open_blank_requests(lsp: Organization) -> QuerySet[BlankRequest]:
    """Requests still waiting for their blanks, for the "received" form."""
    return (
        BlankRequest.objects.filter(lsp=lsp)
        .exclude(status=BlankRequest.Status.FULFILLED)
        .select_related("decision__event")
        .order_by("-created_at", "-id")
    )


def movements_of(lsp: Organization, *, limit: int = LIST_LIMIT) -> list[BlankMovement]:
    return list(
        BlankMovement.objects.filter(lsp=lsp)
        .select_related("request", "entry__registration", "recorded_by", "document")
        .order_by("-occurred_on", "-id")[:limit]
    )


def movement_for(lsp: Organization, public_id: uuid.UUID | str) -> BlankMovement | None:
    try:
        return BlankMovement.objects.select_related("document").filter(lsp=lsp, public_id=public_id).first()
    except (ValueError, TypeError):
        return None


def registration_of_event(event: TestEvent, public_id: uuid.UUID | str) -> Registration | None:
    try:
        return (
            Registration.objects.select_related("city", "province")
            .filter(event=event, public_id=public_id, status=Registration.Status.ACCEPTED)
            .first()
        )
    except (ValueError, TypeError):
        return None
