"""The role dashboards: what each person sees on the home page and on `/laporan/dasbor/`.

Which panels a person sees in an organization, by their roles (`dashboard` decides):
- everyone holding a role other than "Calon Peserta" (the SOP actors: Administrasi, Tekops, Mutu,
  Kepala TUK, assessors, officials…): *my tasks* — the open tasks offered to or claimed by me and the
  overdue ones, with the first five;
- officials holding `reports.view` there (Kadis, Sekdis, Kabid, Kasi, Direktur, Ketua LSP, Kabid
  Administrasi/Sertifikasi, Kepala TUK, Teknis Operasional, Manajemen Mutu, the organization's
  administrator): the *official* panels — the organization's open and overdue tasks by SOP step,
  the events of the next 30 days with their readiness, unconfirmed candidates and assessors,
  certificates and assessor registrations expiring within 30/90 days, and results per month over the
  last 12 months;
- assessors (the "Asesor Kompetensi" role anywhere): *my assignments* — upcoming and unanswered;
- candidates ("Calon Peserta" role): a link to the candidate portal.

Every figure is one COUNT or grouped query bounded by indexes; lists stop at a few items, so the
number of queries is the same whatever the data size. The 12-month series, the one figure that
reads a year of registrations and certificates, is reused for up to 10 minutes (the page shows when
it was counted). The figures follow the shared definitions:
an open task is `open` or `claimed`, overdue when its `due_at` has passed; events of an
organization are `events_visible_to(O)` not cancelled; tested means an assessment with a
recommendation K or BK on a registration that is neither draft nor withdrawn; certificates of an
organization (for the monthly series) are those it issued (`lsp = O`) or those of its events; the
expiring ones are the LSP's own, as on the expiring-soon page.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ujikom.assessment.models import Verdict
from ujikom.certificates.models import Certificate
from ujikom.core.access import active_assignments, has_permission
from ujikom.core.models import Organization, User
from ujikom.registry.models import Assessor, TestSite
from ujikom.registry.selectors_sites import site_verification_state
from ujikom.scheduling.models import (
    AssessorAssignment,
    ReadinessForm,
    Registration,
    SiteVerification,
    TestEvent,
)
from ujikom.scheduling.selectors_events import events_visible_to
from ujikom.sop import engine
from ujikom.sop.models import SopActivity, Task

from .scope import VIEW

MY_TASKS = "my_tasks"
OFFICIAL = "official"
ASSESSOR = "assessor"
CANDIDATE = "candidate"

CANDIDATE_ROLE = "candidate"
ASSESSOR_ROLE = "assessor"

FIRST_TASKS = 5  # my tasks listed
TOP_STEPS = 5  # steps of the organization listed, by overdue tasks
UPCOMING_DAYS = 30  # how far ahead "upcoming" looks
FIRST_EVENTS = 10  # upcoming events listed (and events linked from the unconfirmed counts)
FIRST_ASSIGNMENTS = 5  # an assessor's upcoming assignments listed
EXPIRY_WINDOWS = (30, 90)  # days ahead for expiring certificates and assessor registrations
SERIES_MONTHS = 12
SERIES_CACHE_SECONDS = 900  # how long the 12-month series is reused (see cached_monthly_results)
SERIES_REFRESH_MINUTES = 10  # the job worker counts it afresh this often (tasks.refresh_dashboard_series)

OPEN_TASK = [Task.Status.OPEN, Task.Status.CLAIMED]
NOT_REGISTERED = [Registration.Status.DRAFT, Registration.Status.WITHDRAWN]
TESTED = [Verdict.COMPETENT, Verdict.NOT_YET_COMPETENT]


# ---- What the panels hold ------------------------------------------------------------------------


@dataclass(frozen=True)
class MyTasks:
    open: int
    overdue: int
    first: list[Task]  # each with `is_overdue` (engine.task_rows)


@dataclass(frozen=True)
class StepLoad:
    """Open and overdue tasks of one SOP step (all versions of the SOP together)."""

    sop_code: str
    step_number: int
    activity: str  # the step's first activity, to recognize it
    open: int
    overdue: int


@dataclass(frozen=True)
class OrganizationTasks:
    open: int
    overdue: int
    steps: list[StepLoad]


@dataclass(frozen=True)
class UpcomingEvent:
    event: TestEvent
    site_verified: bool
    assessors_confirmed: int
    assessors_assigned: int  # confirmed + awaiting an answer (declined ones are left out)
    readiness_confirmed: bool
    accepted: int
    quota: int
    unconfirmed_candidates: int
    unconfirmed_assessors: int

    @property
    def assessors_ready(self) -> bool:
        return self.assessors_assigned > 0 and self.assessors_confirmed == self.assessors_assigned

    @property
    def ready(self) -> bool:
        return self.site_verified and self.assessors_ready and self.readiness_confirmed and self.accepted > 0


@dataclass(frozen=True)
class EventCount:
    """An upcoming event and how many of something it still waits for."""

    public_id: Any
    title: str
    starts_on: dt.date
    count: int


@dataclass(frozen=True)
class Unconfirmed:
    candidates: int  # accepted registrations of upcoming events without an attendance confirmation
    assessors: int  # assignments of upcoming events still awaiting the assessor's answer
    candidate_events: list[EventCount]
    assessor_events: list[EventCount]


@dataclass(frozen=True)
class Expiring:
    """Valid certificates of the organization and registrations of its active assessors that end
    from today to 30 and 90 days ahead (the 90-day figure includes the 30-day one)."""

    certificates_30: int
    certificates_90: int
    assessors_30: int
    assessors_90: int


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date  # first day of the month
    tested: int
    competent: int
    certificates: int

    @property
    def label(self) -> str:
        return date_format(self.month, "M Y")


@dataclass(frozen=True)
class MyAssignments:
    upcoming: int  # from today on, neither declined nor of a cancelled event
    unconfirmed: int  # of those, still awaiting my answer
    first: list[AssessorAssignment]


@dataclass
class Dashboard:
    organization: Organization | None
    today: dt.date
    now: dt.datetime
    panels: set[str] = field(default_factory=set)
    my_tasks: MyTasks | None = None
    organization_tasks: OrganizationTasks | None = None
    upcoming_total: int = 0
    upcoming: list[UpcomingEvent] = field(default_factory=list)
    unconfirmed: Unconfirmed | None = None
    expiring: Expiring | None = None
    series: list[MonthFigures] = field(default_factory=list)
    series_counted_at: dt.datetime | None = None
    my_assignments: MyAssignments | None = None

    @property
    def upcoming_until(self) -> dt.date:
        return self.today + dt.timedelta(days=UPCOMING_DAYS)

    @property
    def has_results(self) -> bool:
        return any(month.tested or month.certificates for month in self.series)

    def chart_spec(self) -> dict[str, Any]:
        """The 12-month chart (static/js/charts.js): tested and competent candidates as bars,
        certificates issued as a line."""
        return {
            "type": "bar",
            "labels": [month.label for month in self.series],
            "series": [
                {"label": _("Diuji"), "data": [m.tested for m in self.series], "color": "--bs-secondary"},
                {"label": _("Kompeten"), "data": [m.competent for m in self.series], "color": "--bs-success"},
                {
                    "label": _("Sertifikat terbit"),
                    "data": [m.certificates for m in self.series],
                    "type": "line",
                    "color": "--bs-primary",
                },
            ],
            "integer": True,
            "legend": "bottom",
        }


# ---- Which panels -------------------------------------------------------------------------------


def panels_for(user: User, organization: Organization | None) -> set[str]:
    """The panels `user` sees in `organization` (see the module docstring)."""
    keys = {assignment.role.key for assignment in active_assignments(user)}
    panels: set[str] = set()
    if keys - {CANDIDATE_ROLE} or user.is_superuser:
        panels.add(MY_TASKS)
    if organization is not None and has_permission(user, VIEW, organization):
        panels.add(OFFICIAL)
    if ASSESSOR_ROLE in keys:
        panels.add(ASSESSOR)
    if CANDIDATE_ROLE in keys:
        panels.add(CANDIDATE)
    return panels


def dashboard(
    user: User,
    organization: Organization | None,
    *,
    now: dt.datetime | None = None,
    panels: set[str] | None = None,
) -> Dashboard:
    """The figures of the panels `user` sees in `organization` (or only `panels`, among those)."""
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    shown = panels_for(user, organization)
    if panels is not None:
        shown &= panels
    board = Dashboard(organization=organization, today=today, now=moment, panels=shown)
    if MY_TASKS in shown:
        board.my_tasks = my_tasks(user, now=moment)
    if ASSESSOR in shown:
        board.my_assignments = my_assignments(user, today=today)
    if OFFICIAL in shown and organization is not None:
        board.organization_tasks = organization_tasks(organization, now=moment)
        board.upcoming_total, board.upcoming = upcoming_events(organization, today=today)
        board.unconfirmed = unconfirmed(organization, today=today)
        board.expiring = expiring(organization, today=today)
        board.series_counted_at, board.series = cached_monthly_results(organization, now=moment)
    return board


# ---- Tasks --------------------------------------------------------------------------------------


def my_tasks(user: User, *, now: dt.datetime) -> MyTasks:
    """ "Tugas saya" in figures: open (offered to me or claimed by me), overdue, and the first five
    in the order of the task list (overdue first, then by due time). Three queries."""
    tasks = engine.tasks_for(user)
    counts = tasks.order_by().aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    return MyTasks(
        open=counts["open"],
        overdue=counts["overdue"],
        first=engine.task_rows(tasks[:FIRST_TASKS], now),
    )


def organization_tasks(organization: Organization, *, now: dt.datetime) -> OrganizationTasks:
    """Open and overdue tasks of the organization's SOP runs, and the five steps with the most overdue
    tasks (then the most open ones). Three queries."""
    tasks = Task.objects.filter(step_run__run__organization=organization, status__in=OPEN_TASK).order_by()
    overdue = Count("pk", filter=Q(due_at__lt=now))
    totals = tasks.aggregate(open=Count("pk"), overdue=overdue)
    grouped = list(
        tasks.values("step_run__step__version__code", "step_run__step__number")
        .annotate(open=Count("pk"), overdue=overdue, step_id=Max("step_run__step_id"))
        .order_by("-overdue", "-open", "step_run__step__version__code", "step_run__step__number")[:TOP_STEPS]
    )
    first_activity: dict[int, str] = {}
    if grouped:
        for step_id, text in (
            SopActivity.objects.filter(step_id__in=[row["step_id"] for row in grouped])
            .order_by("step_id", "-position")
            .values_list("step_id", "text")
        ):
            first_activity[step_id] = text  # the lowest position comes last
    steps = [
        StepLoad(
            sop_code=row["step_run__step__version__code"],
            step_number=row["step_run__step__number"],
            activity=first_activity.get(row["step_id"], ""),
            open=row["open"],
            overdue=row["overdue"],
        )
        for row in grouped
    ]
    return OrganizationTasks(open=totals["open"], overdue=totals["overdue"], steps=steps)


# ---- Upcoming events ----------------------------------------------------------------------------


def upcoming_events_of(organization: Organization, *, today: dt.date) -> QuerySet[TestEvent]:
    """Events of the organization (not cancelled) starting from today to 30 days ahead."""
    return (
        events_visible_to(organization)
        .exclude(status=TestEvent.Status.CANCELLED)
        .filter(starts_on__gte=today, starts_on__lte=today + dt.timedelta(days=UPCOMING_DAYS))
    )


def _count(queryset: QuerySet[Any], key: str = "event") -> Coalesce:
    """A correlated COUNT of `queryset` rows whose `key` is the outer event."""
    return Coalesce(
        Subquery(
            queryset.filter(**{key: OuterRef("pk")})
            .order_by()
            .values(key)
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def upcoming_events(organization: Organization, *, today: dt.date) -> tuple[int, list[UpcomingEvent]]:
    """How many events start within 30 days, and the first ten with their readiness: site verified,
    assessors confirmed of those assigned, readiness form confirmed by the Kepala TUK, accepted
    candidates against the quota. Two queries."""
    events = upcoming_events_of(organization, today=today)
    total = events.count()
    accepted = Registration.objects.filter(status=Registration.Status.ACCEPTED)
    assignments = AssessorAssignment.objects.all()
    rows = (
        events.select_related("site", "scheme")
        .annotate(
            accepted_count=_count(accepted),
            unconfirmed_count=_count(accepted.filter(attendance_confirmed_at__isnull=True)),
            confirmed_count=_count(assignments.filter(status=AssessorAssignment.Status.CONFIRMED)),
            awaiting_count=_count(assignments.filter(status=AssessorAssignment.Status.PROPOSED)),
            readiness_done=Exists(
                ReadinessForm.objects.filter(event=OuterRef("pk"), confirmed_at__isnull=False)
            ),
            site_passed=Exists(
                SiteVerification.objects.filter(
                    event=OuterRef("pk"), site_id=OuterRef("site_id"), result=SiteVerification.Result.MEETS
                )
            ),
        )
        .order_by("starts_on", "pk")[:FIRST_EVENTS]
    )
    return total, [
        UpcomingEvent(
            event=event,
            site_verified=_site_verified(event),
            assessors_confirmed=event.confirmed_count,  # type: ignore[attr-defined]
            assessors_assigned=event.confirmed_count + event.awaiting_count,  # type: ignore[attr-defined]
            readiness_confirmed=event.readiness_done,  # type: ignore[attr-defined]
            accepted=event.accepted_count,  # type: ignore[attr-defined]
            quota=event.quota,
            unconfirmed_candidates=event.unconfirmed_count,  # type: ignore[attr-defined]
            unconfirmed_assessors=event.awaiting_count,  # type: ignore[attr-defined]
        )
        for event in rows
    ]


def _site_verified(event: TestEvent) -> bool:
    """As `services_assignments.site_verified`, from the loaded site and the annotated verification:
    a TUK Mandiri verified through the last test day, or a passing verification for this event."""
    site: TestSite = event.site
    return site_verification_state(site, on=event.ends_on).is_valid or bool(event.site_passed)  # type: ignore[attr-defined]


def unconfirmed(organization: Organization, *, today: dt.date) -> Unconfirmed:
    """Accepted candidates of upcoming events who have not confirmed attendance, and assessor
    assignments of upcoming events still awaiting the assessor's answer (a declined one is answered:
    the LSP proposes another), with the events concerned (soonest first). Two grouped queries,
    bounded by the events of the next 30 days."""
    events = upcoming_events_of(organization, today=today).values("pk")
    candidates = _by_event(
        Registration.objects.filter(
            event__in=events, status=Registration.Status.ACCEPTED, attendance_confirmed_at__isnull=True
        )
    )
    assessors = _by_event(
        AssessorAssignment.objects.filter(event__in=events, status=AssessorAssignment.Status.PROPOSED)
    )
    return Unconfirmed(
        candidates=sum(row.count for row in candidates),
        assessors=sum(row.count for row in assessors),
        candidate_events=candidates[:FIRST_EVENTS],
        assessor_events=assessors[:FIRST_EVENTS],
    )


def _by_event(rows: QuerySet[Any]) -> list[EventCount]:
    grouped = (
        rows.order_by()
        .values("event_id", "event__public_id", "event__title", "event__starts_on")
        .annotate(n=Count("pk"))
        .order_by("event__starts_on", "event_id")
    )
    return [
        EventCount(
            public_id=row["event__public_id"],
            title=row["event__title"],
            starts_on=row["event__starts_on"],
            count=row["n"],
        )
        for row in grouped
    ]


# ---- Expiring, and results over time ------------------------------------------------------------


def certificates_of_other_lsps(organization: Organization) -> QuerySet[Certificate]:
    """Certificates of the events the organization takes part in that another LSP issued.

    A certificate is issued by the LSP of its event (through that event's decision), so "the
    organization's certificates or those of its events" is the disjoint sum of `lsp = O` (one
    indexed range) and these, found from the organization's events run by other LSPs — none for
    most LSPs, every event of an agency or a site owner."""
    events = events_visible_to(organization).exclude(lsp=organization).values("pk")
    return Certificate.objects.filter(registration__event__in=events).exclude(lsp=organization)


def expiring(organization: Organization, *, today: dt.date) -> Expiring:
    """The LSP's valid certificates and its active assessors' registrations ending within 30 and 90
    days, as on the expiring-soon page the panel links to (an agency has neither). Two queries, each
    a range on an indexed date."""
    near, far = (today + dt.timedelta(days=days) for days in EXPIRY_WINDOWS)
    certificates = Certificate.objects.filter(
        lsp=organization,
        status=Certificate.Status.VALID,
        valid_until__gte=today,
        valid_until__lte=far,
    ).aggregate(near=Count("pk", filter=Q(valid_until__lte=near)), far=Count("pk"))
    assessors = Assessor.objects.filter(
        lsp=organization,
        is_active=True,
        registration_expires_on__gte=today,
        registration_expires_on__lte=far,
    ).aggregate(near=Count("pk", filter=Q(registration_expires_on__lte=near)), far=Count("pk"))
    return Expiring(
        certificates_30=certificates["near"],
        certificates_90=certificates["far"],
        assessors_30=assessors["near"],
        assessors_90=assessors["far"],
    )


def series_months(today: dt.date) -> list[dt.date]:
    """The first days of the last 12 months, this month last."""
    months = []
    year, month = today.year, today.month
    for _index in range(SERIES_MONTHS):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def cached_monthly_results(
    organization: Organization, *, now: dt.datetime
) -> tuple[dt.datetime, list[MonthFigures]]:
    """`monthly_results`, kept in the cache for up to 10 minutes per organization and day, with the
    moment it was counted (the page says so).

    The series reaches back a year through every registration and certificate of the organization's
    events: for an agency with a million registrations in the system that is hundreds of thousands
    of rows however it is indexed, while the other panels read a few. The figures of past months
    hardly change within minutes; the other panels are always counted afresh."""
    today = timezone.localdate(now)
    stored = cache.get(_series_key(organization, today))
    if stored is None:
        stored = store_monthly_results(organization, now=now)
    counted_at, rows = stored
    return counted_at, [MonthFigures(*row) for row in rows]


def _series_key(organization: Organization, today: dt.date) -> str:
    return f"reports:dashboard-series:{organization.public_id}:{today.isoformat()}"


def store_monthly_results(
    organization: Organization, *, now: dt.datetime
) -> tuple[dt.datetime, list[tuple[dt.date, int, int, int]]]:
    """Count the organization's 12-month series now and keep it in the cache for the dashboards:
    on a request that finds none, and every few minutes from the job worker for every organization,
    so that a dashboard request does not wait for it."""
    today = timezone.localdate(now)
    rows = [
        (m.month, m.tested, m.competent, m.certificates) for m in monthly_results(organization, today=today)
    ]
    stored = (now, rows)
    cache.set(_series_key(organization, today), stored, SERIES_CACHE_SECONDS)
    return stored


def monthly_results(organization: Organization, *, today: dt.date) -> list[MonthFigures]:
    """Per month of the last 12: tested and competent candidates by the month their event started,
    and certificates issued (by the organization, or for its events by another LSP) by the month of
    issue. Three grouped queries; months without any show zeros."""
    months = series_months(today)
    start = months[0]
    end = (months[-1] + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    events = (
        events_visible_to(organization)
        .exclude(status=TestEvent.Status.CANCELLED)
        .filter(starts_on__gte=start, starts_on__lte=end)
        .values("pk")
    )
    results: dict[dt.date, dict[str, Any]] = {
        _as_date(row["month"]): dict(row)
        for row in Registration.objects.filter(event__in=events, assessment__recommendation__in=TESTED)
        .exclude(status__in=NOT_REGISTERED)
        .annotate(month=TruncMonth("event__starts_on"))
        .order_by()
        .values("month")
        .annotate(
            tested=Count("pk"),
            competent=Count("pk", filter=Q(assessment__recommendation=Verdict.COMPETENT)),
        )
    }
    issued: Counter[dt.date] = Counter()
    for certificates in (
        Certificate.objects.filter(lsp=organization),
        certificates_of_other_lsps(organization),
    ):
        for row in (
            certificates.filter(issued_on__gte=start, issued_on__lte=end)
            .annotate(month=TruncMonth("issued_on"))
            .order_by()
            .values("month")
            .annotate(n=Count("pk"))
        ):
            issued[_as_date(row["month"])] += row["n"]
    return [
        MonthFigures(
            month=month,
            tested=results.get(month, {}).get("tested", 0),
            competent=results.get(month, {}).get("competent", 0),
            certificates=issued.get(month, 0),
        )
        for month in months
    ]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# ---- An assessor's own ----------------------------------------------------------------------------


def my_assignments(user: User, *, today: dt.date) -> MyAssignments:
    """My assessor assignments from today on (neither declined nor of a cancelled event), those
    awaiting my answer, and the first five by day. Two queries."""
    mine = (
        AssessorAssignment.objects.filter(assessor__user=user, day__gte=today)
        .exclude(status=AssessorAssignment.Status.DECLINED)
        .exclude(event__status=TestEvent.Status.CANCELLED)
        .order_by()
    )
    counts = mine.aggregate(
        upcoming=Count("pk"), unconfirmed=Count("pk", filter=Q(status=AssessorAssignment.Status.PROPOSED))
    )
    first = list(
        mine.select_related("event__site", "event__scheme").order_by("day", "pk")[:FIRST_ASSIGNMENTS]
    )
    return MyAssignments(upcoming=counts["upcoming"], unconfirmed=counts["unconfirmed"], first=first)
