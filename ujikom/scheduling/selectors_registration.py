"""Reads of registrations: the review list of an event, the candidate portal, the batch picker, and
whether a candidate is already certified in the scheme.

`CERTIFICATION_CHECKERS` is where other apps say a person already holds the scheme: each checker
takes (NIK, scheme) and answers yes or no. The certificates app adds its checker when it exists;
until then an earlier accepted registration in a finished test event of the same scheme counts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, is_member
from ujikom.core.models import Organization, User
from ujikom.registry.models import CompetencyUnit, Participant, Scheme, TrainingProgram

from .models import ApplicationDocument, Registration, SelfAssessment, TestEvent

CertificationChecker = Callable[[str, Scheme], bool]


def tested_before_in_scheme(nik: str, scheme: Scheme) -> bool:
    """Accepted earlier for this scheme in a test event that has taken place."""
    return Registration.objects.filter(
        nik=nik,
        event__scheme=scheme,
        status=Registration.Status.ACCEPTED,
        event__status=TestEvent.Status.DONE,
    ).exists()


CERTIFICATION_CHECKERS: list[CertificationChecker] = [tested_before_in_scheme]


def is_already_certified(nik: str, scheme: Scheme) -> bool:
    return any(checker(nik, scheme) for checker in CERTIFICATION_CHECKERS)


# --- events and who may work on their registrations -------------------------------------------

CLOSED_EVENT_STATUSES = (TestEvent.Status.ONGOING, TestEvent.Status.DONE, TestEvent.Status.CANCELLED)
# A registration holds a place in the quota unless it was turned down or withdrawn.
HOLDING_STATUSES = (
    Registration.Status.DRAFT,
    Registration.Status.SUBMITTED,
    Registration.Status.RETURNED,
    Registration.Status.ACCEPTED,
)


def is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def event_by_public_id(public_id: uuid.UUID | str) -> TestEvent | None:
    if not is_uuid(public_id):
        return None
    return (
        TestEvent.objects.select_related("lsp", "facilitator", "scheme", "site__owner")
        .filter(public_id=public_id)
        .first()
    )


def event_organizations(event: TestEvent) -> list[Organization]:
    """The organizations concerned by an event: its LSP, the facilitating agency, the site owner."""
    found: dict[int, Organization] = {}
    for organization in (event.lsp, event.facilitator, event.site.owner):
        if organization is not None:
            found.setdefault(organization.pk, organization)
    return list(found.values())


def event_for(user: User, public_id: uuid.UUID | str, code: str) -> tuple[TestEvent, Organization]:
    """The event and the organization in which the user holds `code` for it.

    404 when the event does not exist or the user belongs to none of its organizations (its
    existence is not revealed); 403 when they belong to one but hold `code` in none.
    """
    event = event_by_public_id(public_id)
    if event is None:
        raise Http404(_("Uji kompetensi tidak ditemukan."))
    organizations = event_organizations(event)
    if not any(is_member(user, organization) for organization in organizations):
        raise Http404(_("Uji kompetensi tidak ditemukan."))
    for organization in organizations:
        if has_permission(user, code, organization):
            return event, organization
    raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut."))


def registration_for(user: User, public_id: uuid.UUID | str, code: str) -> tuple[Registration, Organization]:
    """A registration seen by the staff of its event (same rule as `event_for`)."""
    registration = registration_by_public_id(public_id)
    if registration is None:
        raise Http404(_("Pendaftaran tidak ditemukan."))
    _event, organization = event_for(user, registration.event.public_id, code)
    return registration, organization


def registration_by_public_id(public_id: uuid.UUID | str) -> Registration | None:
    if not is_uuid(public_id):
        return None
    return (
        Registration.objects.select_related(
            "event__lsp",
            "event__facilitator",
            "event__scheme",
            "event__site__owner",
            "program",
            "candidate",
            "reviewed_by",
            "card",
        )
        .filter(public_id=public_id)
        .first()
    )


def own_registration(user: User, public_id: uuid.UUID | str) -> Registration:
    """A registration in the candidate portal: only the candidate's own, otherwise 404."""
    registration = registration_by_public_id(public_id)
    if registration is None or registration.candidate_id != user.pk:
        raise Http404(_("Pendaftaran tidak ditemukan."))
    return registration


# --- the review list ---------------------------------------------------------------------------


def registrations_for_list(*, event: TestEvent, status: str = "", query: str = "") -> QuerySet[Registration]:
    """An event's registrations by name, filtered by status and searched by name or NIK.

    Everything a row shows is on the registration itself (plus the training program), so the page
    costs the same few queries whatever the number of rows.
    """
    registrations = Registration.objects.filter(event=event).select_related("program")
    if status:
        registrations = registrations.filter(status=status)
    query = query.strip()
    if query:
        if query.isdigit():
            registrations = registrations.filter(nik__startswith=query)
        else:
            registrations = registrations.filter(full_name__icontains=query)
    return registrations.order_by("full_name", "pk")


def status_counts(event: TestEvent) -> dict[str, int]:
    """How many registrations of the event are in each status (one query)."""
    rows = Registration.objects.filter(event=event).values("status").annotate(n=Count("pk")).order_by()
    counts = {status: 0 for status in Registration.Status.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def places_taken(event: TestEvent) -> int:
    return Registration.objects.filter(event=event, status__in=HOLDING_STATUSES).count()


def documents_of(registration: Registration) -> list[ApplicationDocument]:
    return list(registration.documents.select_related("file").order_by("kind"))


def self_assessment_rows(registration: Registration) -> list[tuple[CompetencyUnit, SelfAssessment | None]]:
    """Each unit of the scheme with the candidate's answer, in the scheme's order."""
    answers = {answer.unit_id: answer for answer in SelfAssessment.objects.filter(registration=registration)}
    units = CompetencyUnit.objects.filter(scheme_id=registration.event.scheme_id).order_by("position")
    return [(unit, answers.get(unit.pk)) for unit in units]


# --- the batch picker --------------------------------------------------------------------------


def programs_for_batch(*, event: TestEvent, organization: Organization) -> QuerySet[TrainingProgram]:
    """The training programs whose participants the organization may register for the event: its own
    programs and those of the providers under it, and every program that trained for the event's scheme."""
    return (
        TrainingProgram.objects.filter(
            Q(provider=organization) | Q(provider__parent=organization) | Q(scheme_id=event.scheme_id)
        )
        .select_related("provider", "scheme")
        .annotate(participant_count=Count("participants"))
        .order_by("-starts_on", "name", "pk")
    )


def participants_for_batch(*, program: TrainingProgram, event: TestEvent) -> list[tuple[Participant, bool]]:
    """The program's participants, each with whether their NIK is already registered for the event."""
    participants = list(Participant.objects.filter(program=program).order_by("full_name", "pk"))
    taken = set(
        Registration.objects.filter(event=event, nik__in=[p.nik for p in participants]).values_list(
            "nik", flat=True
        )
    )
    return [(participant, participant.nik in taken) for participant in participants]


# --- the candidate portal ----------------------------------------------------------------------


def registration_is_open(event: TestEvent, today: dt.date | None = None) -> bool:
    day = today or timezone.localdate()
    return (
        event.status not in CLOSED_EVENT_STATUSES
        and event.registration_opens_on <= day <= event.registration_closes_on
    )


def open_events(*, today: dt.date | None = None, query: str = "") -> QuerySet[TestEvent]:
    """Test events whose registration window is open today, soonest first."""
    day = today or timezone.localdate()
    events = TestEvent.objects.filter(
        registration_opens_on__lte=day,
        registration_closes_on__gte=day,
        scheme__is_active=True,
    ).exclude(status__in=CLOSED_EVENT_STATUSES)
    query = query.strip()
    if query:
        events = events.filter(
            Q(title__icontains=query) | Q(scheme__name__icontains=query) | Q(scheme__code__icontains=query)
        )
    return events.select_related("scheme", "site", "lsp").order_by("starts_on", "pk")


def registrations_of_candidate(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(candidate=user)
        .select_related("event__scheme", "event__site", "event__lsp", "card")
        .order_by("-created_at", "-pk")
    )


def registered_event_ids(user: User) -> set[int]:
    return set(Registration.objects.filter(candidate=user).values_list("event_id", flat=True))


def parse_status(value: str) -> str:
    if value and value not in Registration.Status.values:
        raise ValidationError({"status": _("Status %(status)s tidak dikenal.") % {"status": value}})
    return value
