"""Reading site verifications and assessor assignments: per event, per person, and access to them.

Who sees an event: members of the organizations concerned (its LSP, the facilitating agency, the
site's owner). An outsider gets 404, a member without the permission 403. An assessor sees their
own assignments, a verifier their own verifications, whatever their roles.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, is_member
from ujikom.core.models import Organization, User
from ujikom.documents.models import StoredFile

from .models import AssessorAssignment, SiteVerification, TestEvent

VIEW, MANAGE = "scheduling.view", "scheduling.manage"


def organizations_of_event(event: TestEvent) -> list[Organization]:
    found = [event.lsp, event.site.owner]
    if event.facilitator is not None:
        found.append(event.facilitator)
    return found


def event_for(user: User, public_id: str | uuid.UUID, code: str = VIEW) -> TestEvent:
    """The event, when the user may `code` it: VIEW in any organization concerned, MANAGE in its LSP."""
    try:
        event = TestEvent.objects.select_related("lsp", "facilitator", "scheme", "site__owner").get(
            public_id=public_id
        )
    except (TestEvent.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Tidak ditemukan.")) from error
    if user.is_superuser:
        return event
    concerned = organizations_of_event(event)
    if not any(is_member(user, org) for org in concerned):
        raise Http404(_("Tidak ditemukan."))
    allowed = (
        has_permission(user, MANAGE, event.lsp)
        if code == MANAGE
        else any(has_permission(user, code, org) for org in concerned)
    )
    if not allowed:
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut."))
    return event


def can_manage(user: User, event: TestEvent) -> bool:
    return user.is_superuser or has_permission(user, MANAGE, event.lsp)


# ---- Site verification ---------------------------------------------------------------------------


def verifications_of(event: TestEvent) -> QuerySet[SiteVerification]:
    return (
        SiteVerification.objects.filter(event=event)
        .select_related("site", "verifier", "letter", "result_file")
        .order_by("-created_at", "-id")
    )


def independent_site_records_of(event: TestEvent) -> QuerySet[StoredFile]:
    """The result forms recording that the event's TUK Mandiri holds a valid verification."""
    return StoredFile.objects.filter(
        organization_id=event.lsp_id,
        document_type__code="site_verification",
        subject_type=TestEvent._meta.label_lower,
        subject_id=str(event.pk),
    ).order_by("-created_at", "-id")


def verification_for(user: User, public_id: str | uuid.UUID, code: str = MANAGE) -> SiteVerification:
    """A verification the user may see (VIEW) or fill in (MANAGE): their own as verifier, or one of
    an event they may see or manage."""
    try:
        verification = SiteVerification.objects.select_related(
            "event__lsp", "event__facilitator", "event__scheme", "event__site__owner", "site", "verifier"
        ).get(public_id=public_id)
    except (SiteVerification.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Tidak ditemukan.")) from error
    if verification.verifier_id == user.pk:
        return verification
    event_for(user, verification.event.public_id, code)
    return verification


def verifications_assigned_to(user: User) -> QuerySet[SiteVerification]:
    """The site verifications a person was assigned, open ones first."""
    return (
        SiteVerification.objects.filter(verifier=user)
        .select_related("event", "site", "letter", "result_file")
        .annotate(done=Case(When(result="", then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("done", "event__starts_on", "pk")
    )


# ---- Assessor assignment -------------------------------------------------------------------------


def assignments_of(event: TestEvent) -> QuerySet[AssessorAssignment]:
    """The event's assessor assignments, by day then name, with the assessor and letter loaded."""
    return (
        AssessorAssignment.objects.filter(event=event)
        .select_related("assessor__user", "letter")
        .order_by("day", "assessor__user__full_name", "pk")
    )


def test_days(event: TestEvent) -> list[dt.date]:
    count = (event.ends_on - event.starts_on).days + 1
    return [event.starts_on + dt.timedelta(days=offset) for offset in range(count)]


@dataclass(frozen=True)
class DayCover:
    day: dt.date
    confirmed: int
    proposed: int
    candidates: int  # confirmed + proposed


def cover_by_day(event: TestEvent, assignments: list[AssessorAssignment] | None = None) -> list[DayCover]:
    """Per test day: how many assessors confirmed and are still awaited, and the candidates they cover."""
    rows = assignments if assignments is not None else list(assignments_of(event))
    cover = []
    for day in test_days(event):
        of_day = [row for row in rows if row.day == day]
        confirmed = [row for row in of_day if row.status == AssessorAssignment.Status.CONFIRMED]
        proposed = [row for row in of_day if row.status == AssessorAssignment.Status.PROPOSED]
        cover.append(
            DayCover(
                day=day,
                confirmed=len(confirmed),
                proposed=len(proposed),
                candidates=sum(row.candidate_count for row in [*confirmed, *proposed]),
            )
        )
    return cover


def assessors_confirmed(event: TestEvent) -> bool:
    """At least one confirmed assessor on every test day and no proposal left unanswered."""
    cover = cover_by_day(event)
    return all(day.confirmed >= 1 and day.proposed == 0 for day in cover)


def assignments_for_assessor(user: User, today: dt.date | None = None) -> list[AssessorAssignment]:
    """A person's assignments across their assessor records: upcoming first (soonest first), then past
    ones (latest first)."""
    day = today or timezone.localdate()
    mine = AssessorAssignment.objects.filter(assessor__user=user).select_related(
        "event__site", "event__scheme", "event__lsp", "assessor", "letter"
    )
    return [
        *mine.filter(day__gte=day).order_by("day", "pk"),
        *mine.filter(day__lt=day).order_by("-day", "-pk"),
    ]


def assignment_for_assessor(user: User, public_id: str | uuid.UUID) -> AssessorAssignment:
    """One of the person's own assignments; anyone else's is 404."""
    try:
        return AssessorAssignment.objects.select_related(
            "event__site", "event__scheme", "assessor__user"
        ).get(public_id=public_id, assessor__user=user)
    except (AssessorAssignment.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Tidak ditemukan.")) from error
