"""Reading the readiness of a test day (PSM/DISNAKER-10 steps 1–4): who sees an event, the
accepted candidates, the assessors' answers, the readiness form, reminders and attendance answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from ujikom.core.access import has_any_role, has_permission, is_member
from ujikom.core.models import Organization, User

from .models import (
    AttendanceAnswer,
    ReadinessForm,
    ReadinessReport,
    Registration,
    ReminderRule,
    ReminderSent,
    ScheduleDistribution,
    TestEvent,
)

VIEW = "scheduling.view"
REGISTER = "scheduling.register"
MANAGE = "scheduling.manage"


def event_organizations(event: TestEvent) -> list[Organization]:
    """The organizations concerned with an event: its LSP, the facilitating agency, the site's owner."""
    found: dict[int, Organization] = {}
    for organization in (event.facilitator, event.site.owner, event.lsp):
        if organization is not None:
            found.setdefault(organization.pk, organization)
    return list(found.values())


def event_for(user: User, public_id: uuid.UUID | str, code: str = VIEW) -> TestEvent:
    """The event, when `user` belongs to one of its organizations (else 404) and holds `code` in one (else 403)."""
    try:
        event = TestEvent.objects.select_related("scheme", "site__owner", "lsp", "facilitator").get(
            public_id=public_id
        )
    except (TestEvent.DoesNotExist, ValueError) as error:
        raise Http404("Tidak ditemukan.") from error
    organizations = event_organizations(event)
    if not any(is_member(user, organization) for organization in organizations):
        raise Http404("Tidak ditemukan.")
    if not any(has_permission(user, code, organization) for organization in organizations):
        raise PermissionDenied("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut.")
    return event


def may(user: User, event: TestEvent, code: str) -> bool:
    return any(has_permission(user, code, organization) for organization in event_organizations(event))


def document_organization(event: TestEvent) -> Organization:
    """Whose documents these are: the facilitating agency runs PSM/DISNAKER-10; otherwise the LSP."""
    return event.facilitator or event.lsp


def may_fill_readiness(user: User, event: TestEvent) -> bool:
    """Teknis Operasional of the site's owner or of the facilitating agency (or a manager there)."""
    return any(
        has_any_role(user, ["technical_ops"], organization) or has_permission(user, MANAGE, organization)
        for organization in {event.site.owner, event.facilitator or event.site.owner}
    )


def may_confirm_readiness(user: User, event: TestEvent) -> bool:
    """Only the Kepala TUK of the site confirms the plan (SOP PSM/DISNAKER-10 step 2.2)."""
    if event.site.head_id is not None and event.site.head_id == user.pk:
        return True
    return has_any_role(user, ["site_head"], event.site.owner)


def accepted_registrations(event: TestEvent) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, status=Registration.Status.ACCEPTED)
        .select_related("attendance_answer", "candidate")
        .order_by("full_name", "id")
    )


def _assignments_of(event: TestEvent) -> list[Any]:
    try:
        from . import selectors_assignments
    except ImportError:
        selectors_assignments = None  # type: ignore[assignment]
    assignments_of = getattr(selectors_assignments, "assignments_of", None)
    if assignments_of is not None:
        return list(assignments_of(event))
    from .models import AssessorAssignment

    return list(AssessorAssignment.objects.filter(event=event).select_related("assessor__user"))


def assessor_confirmations(event: TestEvent) -> list[dict[str, Any]]:
    """The assessors assigned to the event and their answers (empty: no assessor assigned yet)."""
    rows = []
    for assignment in _assignments_of(event):
        assessor = assignment.assessor
        person = getattr(assessor, "user", None)
        status_label = assignment.get_status_display() if hasattr(assignment, "get_status_display") else ""
        rows.append(
            {
                "name": str(getattr(person, "full_name", "") or person or assessor),
                "registration_number": getattr(assessor, "registration_number", ""),
                "day": getattr(assignment, "day", None),
                "candidates": getattr(assignment, "candidate_count", ""),
                "status": getattr(assignment, "status", ""),
                "status_label": str(status_label),
                "reason": getattr(assignment, "reason", ""),
                "responded_at": getattr(assignment, "responded_at", None),
            }
        )
    return rows


def latest_distribution(event: TestEvent) -> ScheduleDistribution | None:
    return (
        ScheduleDistribution.objects.filter(event=event)
        .select_related("recap", "schedule", "schedule_xlsx", "confirmations", "created_by", "sent_by")
        .first()
    )


def readiness_form_of(event: TestEvent) -> ReadinessForm | None:
    return (
        ReadinessForm.objects.filter(event=event).select_related("filled_by", "confirmed_by", "file").first()
    )


def readiness_confirmed(event: TestEvent) -> bool:
    """Whether the Kepala TUK has confirmed the readiness form of the event (for the event hub)."""
    return ReadinessForm.objects.filter(event=event, confirmed_at__isnull=False).exists()


def reminder_rules_of(event: TestEvent) -> list[ReminderRule]:
    return list(ReminderRule.objects.filter(event=event).annotate(sent_count=Count("sent")))


def reminders_sent_of(event: TestEvent, limit: int = 200) -> list[ReminderSent]:
    return list(
        ReminderSent.objects.filter(registration__event=event)
        .select_related("registration", "rule", "sent_by")
        .order_by("-sent_at", "-id")[:limit]
    )


def reports_of(event: TestEvent, kind: str) -> list[ReadinessReport]:
    return list(ReadinessReport.objects.filter(event=event, kind=kind).select_related("file", "created_by"))


@dataclass(frozen=True)
class ConfirmationSummary:
    accepted: int
    attending: int
    absent: int

    @property
    def unanswered(self) -> int:
        return self.accepted - self.attending - self.absent

    @property
    def complete(self) -> bool:
        return self.accepted > 0 and self.unanswered == 0


def confirmation_summary(event: TestEvent) -> ConfirmationSummary:
    accepted = Registration.objects.filter(event=event, status=Registration.Status.ACCEPTED)
    answers = dict(
        AttendanceAnswer.objects.filter(registration__in=accepted)
        .values_list("answer")
        .annotate(n=Count("id"))
        .values_list("answer", "n")
    )
    return ConfirmationSummary(
        accepted=accepted.count(),
        attending=answers.get(AttendanceAnswer.Answer.ATTENDING, 0),
        absent=answers.get(AttendanceAnswer.Answer.ABSENT, 0),
    )


def unconfirmed_registrations(event: TestEvent) -> QuerySet[Registration]:
    """Accepted candidates who have not answered yet, with their last reminder."""
    return (
        Registration.objects.filter(
            event=event, status=Registration.Status.ACCEPTED, attendance_answer__isnull=True
        )
        .prefetch_related(
            Prefetch(
                "reminders_sent", queryset=ReminderSent.objects.order_by("-sent_at"), to_attr="reminders"
            )
        )
        .order_by("full_name", "id")
    )


def answered_registrations(event: TestEvent) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(
            event=event, status=Registration.Status.ACCEPTED, attendance_answer__isnull=False
        )
        .select_related("attendance_answer")
        .order_by("full_name", "id")
    )


def registration_by_token(token: str) -> Registration | None:
    """The accepted registration a confirmation link points to; None for anything else."""
    if not token or len(token) > 64:
        return None
    return (
        Registration.objects.filter(confirmation_token=token, status=Registration.Status.ACCEPTED)
        .select_related("event__scheme", "event__site", "attendance_answer")
        .first()
    )


def own_registration(user: User, public_id: uuid.UUID | str) -> Registration:
    """The candidate's own registration; anyone else's is 404."""
    try:
        return Registration.objects.select_related("event__scheme", "event__site", "attendance_answer").get(
            public_id=public_id, candidate=user
        )
    except (Registration.DoesNotExist, ValueError) as error:
        raise Http404("Tidak ditemukan.") from error
