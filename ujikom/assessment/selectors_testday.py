"""Reading the test day (SOP PSM/DISNAKER-10 step 5): attendance lists, photos, who is present,
allocation, results progress, what is still missing, the assessor's and candidate's views, appeals.

Lists cost a fixed number of queries whatever their length.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.access import active_assignments
from ujikom.core.models import User
from ujikom.documents.models import StoredFile
from ujikom.documents.typst import indonesian_date
from ujikom.registry.models import Assessor, CompetencyUnit
from ujikom.scheduling.models import AssessorAssignment, Registration, TestEvent
from ujikom.scheduling.sop_binding import event_subject_type
from ujikom.sop.models import Run, Task

from . import access
from .models import (
    Appeal,
    Assessment,
    AttendanceEntry,
    AttendanceSheet,
    InstrumentFile,
    TestPhoto,
    UnitResult,
)
from .results import ResultRow, result_rows, results_locked, scheme_units

REPORT_FILENAME = "laporan-pelaksanaan-uji"
ACTION = "assessment.test_day"  # the SOP step action of the test day
KINDS = (AttendanceSheet.Kind.CANDIDATES, AttendanceSheet.Kind.ASSESSORS)


def event_days(event: TestEvent) -> list[dt.date]:
    """Every day from the event's first to its last test day."""
    span = max((event.ends_on - event.starts_on).days, 0)
    return [event.starts_on + dt.timedelta(days=n) for n in range(span + 1)]


def finished_report(event: TestEvent) -> StoredFile | None:
    """The "Laporan pelaksanaan uji kompetensi" of the event; its existence means the test day is finished."""
    return (
        StoredFile.objects.filter(
            subject_type=TestEvent._meta.label_lower,
            subject_id=str(event.pk),
            document_type__code="report",
            original_name__startswith=REPORT_FILENAME,
        )
        .order_by("-created_at", "-id")
        .first()
    )


def report_number(report: StoredFile) -> str:
    """The number of a test-day report, as the audit log recorded it when the day was finished."""
    from ujikom.core.models import AuditEvent

    data = (
        AuditEvent.objects.filter(event_type="test_day.finished", data__file=str(report.public_id))
        .values_list("data", flat=True)
        .first()
    )
    return str((data or {}).get("number", ""))


def accepted_registrations(event: TestEvent) -> list[Registration]:
    return list(
        Registration.objects.filter(event=event, status=Registration.Status.ACCEPTED)
        .select_related("candidate")
        .order_by("full_name", "id")
    )


def confirmed_assessors(event: TestEvent, day: dt.date | None = None) -> list[Assessor]:
    """The assessors with a confirmed assignment to the event (on `day`, when given), by name."""
    assignments = AssessorAssignment.objects.filter(event=event, status=AssessorAssignment.Status.CONFIRMED)
    if day is not None:
        assignments = assignments.filter(day=day)
    return list(
        Assessor.objects.filter(pk__in=assignments.values("assessor_id"))
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def assessor_of(user: User, event: TestEvent) -> Assessor | None:
    """The user's Assessor record that holds a confirmed assignment to the event."""
    if not user.is_authenticated:
        return None
    return (
        Assessor.objects.filter(
            user=user,
            assignments__event=event,
            assignments__status=AssessorAssignment.Status.CONFIRMED,
        )
        .select_related("user")
        .first()
    )


def sheets_by_day(event: TestEvent) -> dict[tuple[dt.date, str], AttendanceSheet]:
    return {
        (sheet.day, sheet.kind): sheet
        for sheet in AttendanceSheet.objects.filter(event=event).select_related("file", "closed_by")
    }


def _entries() -> QuerySet[AttendanceEntry]:
    return AttendanceEntry.objects.select_related(
        "registration__candidate", "assessor__user", "signature_image", "signed_by", "recorded_by"
    ).order_by("id")


def entries_of(sheet: AttendanceSheet) -> list[AttendanceEntry]:
    return list(_entries().filter(sheet=sheet))


def present_days(event: TestEvent) -> dict[int, dt.date]:
    """The registrations recorded present on a candidates' list, with the first day they attended."""
    found: dict[int, dt.date] = {}
    rows = (
        AttendanceEntry.objects.filter(
            sheet__event=event,
            sheet__kind=AttendanceSheet.Kind.CANDIDATES,
            present=True,
            registration__isnull=False,
        )
        .order_by("sheet__day")
        .values_list("registration_id", "sheet__day")
    )
    for registration_id, day in rows:
        found.setdefault(registration_id, day)
    return found


def present_registration_ids(event: TestEvent) -> set[int]:
    return set(present_days(event))


def candidate_sheets_closed(event: TestEvent) -> bool:
    closed = set(
        AttendanceSheet.objects.filter(
            event=event, kind=AttendanceSheet.Kind.CANDIDATES, closed_at__isnull=False
        ).values_list("day", flat=True)
    )
    return all(day in closed for day in event_days(event))


def unfinished_assessments(event: TestEvent) -> list[str]:
    """The names of the present candidates whose assessment is not finished."""
    present = present_registration_ids(event)
    finished = set(
        Assessment.objects.filter(registration__event=event, completed_at__isnull=False).values_list(
            "registration_id", flat=True
        )
    )
    return [
        reg.full_name for reg in accepted_registrations(event) if reg.pk in present and reg.pk not in finished
    ]


def photos_of(event: TestEvent) -> list[TestPhoto]:
    return list(TestPhoto.objects.filter(event=event).select_related("file", "uploaded_by"))


def missing_to_finish(event: TestEvent) -> list[str]:
    """What still keeps the test day from being finished, each in a sentence; empty when nothing."""
    missing: list[str] = []
    sheets = sheets_by_day(event)
    for day in event_days(event):
        for kind in KINDS:
            sheet = sheets.get((day, kind))
            label = AttendanceSheet.Kind(kind).label
            if sheet is None:
                missing.append(
                    _("%(sheet)s tanggal %(day)s belum dibuka")
                    % {"sheet": label, "day": indonesian_date(day)}
                )
            elif not sheet.is_closed:
                missing.append(
                    _("%(sheet)s tanggal %(day)s belum ditutup")
                    % {"sheet": label, "day": indonesian_date(day)}
                )
    if not TestPhoto.objects.filter(event=event).exists():
        missing.append(_("belum ada foto dokumentasi"))
    unfinished = unfinished_assessments(event)
    if unfinished:
        missing.append(_("asesmen belum selesai: %(names)s") % {"names": ", ".join(unfinished)})
    return missing


def step_tasks(event: TestEvent) -> list[Task]:
    """The tasks of step 5 in the event's runs (latest round first), for the links to the SOP task."""
    return list(
        Task.objects.filter(
            step_run__run__subject_type=event_subject_type(),
            step_run__run__subject_id=str(event.pk),
            step_run__step__action=ACTION,
        )
        .exclude(step_run__run__status=Run.Status.CANCELLED)
        .select_related("activity__actor", "completed_by", "step_run__run__version")
        .order_by("step_run__run_id", "-step_run__iteration", "activity__position")
    )


# ---- the officer's test-day page ---------------------------------------------------------------


@dataclass
class SheetView:
    kind: str
    label: str
    sheet: AttendanceSheet | None
    entries: list[AttendanceEntry] = field(default_factory=list)

    @property
    def recorded(self) -> int:
        return sum(1 for entry in self.entries if entry.recorded_at is not None)

    @property
    def present(self) -> int:
        return sum(1 for entry in self.entries if entry.present)

    @property
    def absent(self) -> int:
        return sum(1 for entry in self.entries if entry.recorded_at is not None and not entry.present)


@dataclass
class DayView:
    day: dt.date
    sheets: list[SheetView]
    photos: list[TestPhoto]
    is_future: bool


@dataclass
class AllocationRow:
    registration: Registration
    day: dt.date
    assessment: Assessment | None
    assessors: list[Assessor]


@dataclass
class ResultsGrid:
    """The results table of an event: units in order, a row per accepted candidate, who attended."""

    units: list[CompetencyUnit]
    rows: list[ResultRow]
    present: dict[int, dt.date]
    locked: bool

    @property
    def grid(self) -> list[tuple[ResultRow, list[UnitResult | None], bool]]:
        """Per candidate: the current result of each unit in order, and whether they attended."""
        return [
            (row, [row.verdicts.get(unit.pk) for unit in self.units], row.registration.pk in self.present)
            for row in self.rows
        ]

    @property
    def finished_count(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.registration.pk in self.present and row.assessment and row.assessment.completed_at
        )


@dataclass
class Board(ResultsGrid):
    """Everything the officer's test-day page shows."""

    days: list[DayView]
    allocation: list[AllocationRow]
    missing: list[str]
    report: StoredFile | None


def day_views(event: TestEvent) -> list[DayView]:
    sheets = sheets_by_day(event)
    entries: dict[int, list[AttendanceEntry]] = {}
    for entry in _entries().filter(sheet__event=event):
        entries.setdefault(entry.sheet_id, []).append(entry)
    photos: dict[dt.date, list[TestPhoto]] = {}
    for photo in photos_of(event):
        photos.setdefault(photo.day, []).append(photo)
    today = timezone.localdate()
    views = []
    for day in event_days(event):
        views.append(
            DayView(
                day=day,
                sheets=[
                    SheetView(
                        kind=kind,
                        label=str(AttendanceSheet.Kind(kind).label),
                        sheet=sheets.get((day, kind)),
                        entries=entries.get(sheets[(day, kind)].pk, []) if (day, kind) in sheets else [],
                    )
                    for kind in KINDS
                ],
                photos=photos.get(day, []),
                is_future=day > today,
            )
        )
    return views


def allocation_rows(event: TestEvent, present: dict[int, dt.date] | None = None) -> list[AllocationRow]:
    present = present if present is not None else present_days(event)
    assessments = {
        a.registration_id: a
        for a in Assessment.objects.filter(registration__event=event).select_related("assessor__user")
    }
    by_day: dict[dt.date, list[Assessor]] = {}
    assignments = (
        AssessorAssignment.objects.filter(event=event, status=AssessorAssignment.Status.CONFIRMED)
        .select_related("assessor__user")
        .order_by("assessor__user__full_name", "pk")
    )
    for assignment in assignments:
        by_day.setdefault(assignment.day, []).append(assignment.assessor)
    rows = []
    for registration in accepted_registrations(event):
        day = present.get(registration.pk)
        if day is None:
            continue
        rows.append(AllocationRow(registration, day, assessments.get(registration.pk), by_day.get(day, [])))
    return rows


def results_grid(event: TestEvent) -> ResultsGrid:
    return ResultsGrid(
        units=scheme_units(event),
        rows=result_rows(event),
        present=present_days(event),
        locked=results_locked(event),
    )


def board_of(event: TestEvent) -> Board:
    present = present_days(event)
    return Board(
        units=scheme_units(event),
        rows=result_rows(event),
        present=present,
        locked=results_locked(event),
        days=day_views(event),
        allocation=allocation_rows(event, present),
        missing=missing_to_finish(event),
        report=finished_report(event),
    )


def event_file(event: TestEvent, public_id: uuid.UUID | str) -> StoredFile | None:
    """A file of the event's test day: a list's PDF or drawn signature, a photo, an instrument, the report."""
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        return None
    stored = StoredFile.objects.filter(public_id=wanted).first()
    if stored is None:
        return None
    pk = stored.pk
    belongs = (
        AttendanceSheet.objects.filter(event=event, file_id=pk).exists()
        or AttendanceEntry.objects.filter(sheet__event=event, signature_image_id=pk).exists()
        or TestPhoto.objects.filter(event=event, file_id=pk).exists()
        or InstrumentFile.objects.filter(assessment__registration__event=event, file_id=pk).exists()
        or (
            stored.subject_type == TestEvent._meta.label_lower
            and stored.subject_id == str(event.pk)
            and stored.original_name.startswith(REPORT_FILENAME)
        )
    )
    return stored if belongs else None


# ---- the assessor ------------------------------------------------------------------------------


@dataclass
class AssessorEvent:
    event: TestEvent
    assessor: Assessor
    assessments: list[Assessment]
    open_lines: list[AttendanceEntry]

    @property
    def finished(self) -> int:
        return sum(1 for a in self.assessments if a.completed_at is not None)


def assessor_events(user: User) -> list[AssessorEvent]:
    """The events the user is a confirmed assessor of, newest first, with the candidates allocated to
    them and their own lines on open assessors' attendance lists."""
    assignments = list(
        AssessorAssignment.objects.filter(assessor__user=user, status=AssessorAssignment.Status.CONFIRMED)
        .select_related("assessor__user", "event__scheme", "event__site", "event__lsp")
        .order_by("-event__starts_on", "event_id")
    )
    seen: dict[int, AssessorEvent] = {}
    for assignment in assignments:
        seen.setdefault(assignment.event_id, AssessorEvent(assignment.event, assignment.assessor, [], []))
    if not seen:
        return []
    for assessment in (
        Assessment.objects.filter(registration__event_id__in=seen, assessor__user=user)
        .select_related("registration")
        .order_by("registration__full_name", "pk")
    ):
        seen[assessment.registration.event_id].assessments.append(assessment)
    for entry in (
        _entries()
        .filter(sheet__event_id__in=seen, sheet__closed_at__isnull=True, assessor__user=user)
        .select_related("sheet")
    ):
        seen[entry.sheet.event_id].open_lines.append(entry)
    return list(seen.values())


@dataclass
class UnitLine:
    unit: CompetencyUnit
    current: UnitResult | None
    history: list[UnitResult]


@dataclass
class AssessmentView:
    registration: Registration
    assessment: Assessment | None
    present_on: dt.date | None
    lines: list[UnitLine]
    instruments: list[InstrumentFile]
    locked: bool

    @property
    def all_recorded(self) -> bool:
        return all(line.current is not None for line in self.lines)


def assessment_view(registration: Registration) -> AssessmentView:
    event = registration.event
    assessment = (
        Assessment.objects.select_related("assessor__user", "feedback_by")
        .filter(registration=registration)
        .first()
    )
    results: list[UnitResult] = []
    instruments: list[InstrumentFile] = []
    if assessment is not None:
        results = list(
            UnitResult.objects.filter(assessment=assessment)
            .select_related("recorded_by", "assessor__user")
            .order_by("-recorded_at", "-id")
        )
        instruments = list(
            InstrumentFile.objects.filter(assessment=assessment).select_related("file", "unit", "uploaded_by")
        )
    lines = []
    for unit in scheme_units(event):
        history = [result for result in results if result.unit_id == unit.pk]
        current = next((result for result in history if result.is_current), None)
        lines.append(UnitLine(unit, current, history))
    return AssessmentView(
        registration=registration,
        assessment=assessment,
        present_on=present_days(event).get(registration.pk),
        lines=lines,
        instruments=instruments,
        locked=results_locked(event),
    )


# ---- the candidate -----------------------------------------------------------------------------


@dataclass
class CandidateView:
    registration: Registration
    open_line: AttendanceEntry | None
    lines: list[AttendanceEntry]
    finished: bool
    assessment: Assessment | None
    results: list[UnitLine]
    appeals: list[Appeal]

    @property
    def open_appeal(self) -> Appeal | None:
        return next((a for a in self.appeals if a.status == Appeal.Status.SUBMITTED), None)

    @property
    def may_appeal(self) -> bool:
        return (
            self.finished
            and self.assessment is not None
            and bool(self.assessment.recommendation)
            and self.open_appeal is None
        )


def candidate_views(user: User) -> list[CandidateView]:
    """The candidate's accepted registrations with their attendance lines, and — once the test day is
    finished — their results per unit, feedback and appeals."""
    registrations = list(
        Registration.objects.filter(candidate=user, status=Registration.Status.ACCEPTED)
        .select_related("event__scheme", "event__site", "event__lsp")
        .order_by("-event__starts_on", "-pk")
    )
    if not registrations:
        return []
    by_pk = {reg.pk: reg for reg in registrations}
    lines: dict[int, list[AttendanceEntry]] = {}
    for entry in _entries().filter(registration_id__in=by_pk).select_related("sheet"):
        assert entry.registration_id is not None
        lines.setdefault(entry.registration_id, []).append(entry)
    finished_events = set(
        StoredFile.objects.filter(
            subject_type=TestEvent._meta.label_lower,
            subject_id__in=[str(reg.event_id) for reg in registrations],
            document_type__code="report",
            original_name__startswith=REPORT_FILENAME,
        ).values_list("subject_id", flat=True)
    )
    assessments = {
        a.registration_id: a
        for a in Assessment.objects.filter(registration_id__in=by_pk)
        .select_related("assessor__user")
        .prefetch_related(
            Prefetch(
                "unit_results",
                queryset=UnitResult.objects.filter(is_current=True).select_related("unit"),
                to_attr="current_results",
            ),
            Prefetch("appeals", queryset=Appeal.objects.select_related("decided_by"), to_attr="all_appeals"),
        )
    }
    units: dict[int, list[CompetencyUnit]] = {}
    for unit in CompetencyUnit.objects.filter(
        scheme_id__in={reg.event.scheme_id for reg in registrations}
    ).order_by("position", "code"):
        units.setdefault(unit.scheme_id, []).append(unit)
    views = []
    for registration in registrations:
        own_lines = lines.get(registration.pk, [])
        assessment = assessments.get(registration.pk)
        finished = str(registration.event_id) in finished_events
        current = {r.unit_id: r for r in getattr(assessment, "current_results", [])} if assessment else {}
        views.append(
            CandidateView(
                registration=registration,
                open_line=next((e for e in own_lines if not e.sheet.is_closed and not e.is_signed), None),
                lines=own_lines,
                finished=finished,
                assessment=assessment,
                results=[
                    UnitLine(unit, current.get(unit.pk), [])
                    for unit in units.get(registration.event.scheme_id, [])
                ]
                if finished
                else [],
                appeals=list(getattr(assessment, "all_appeals", [])) if assessment else [],
            )
        )
    return views


def own_registration(user: User, public_id: uuid.UUID | str) -> Registration | None:
    return (
        Registration.objects.select_related(
            "event__scheme", "event__site", "event__lsp", "event__facilitator"
        )
        .filter(public_id=public_id, candidate=user)
        .first()
    )


# ---- appeals -----------------------------------------------------------------------------------


def appeal_organization_ids(user: User) -> set[int]:
    """The organizations where the user may see appeals (assessment.view or assessment.decide)."""
    return {
        assignment.organization_id
        for assignment in active_assignments(user)
        if {access.VIEW, access.DECIDE} & set(assignment.role.permissions or [])
    }


def appeals_for(user: User, *, status: str = "") -> QuerySet[Appeal]:
    """Appeals of the events the user may see, newest first."""
    appeals = Appeal.objects.select_related(
        "assessment__registration__event__lsp",
        "assessment__registration__event__scheme",
        "assessment__assessor__user",
        "submitted_by",
        "decided_by",
    )
    if not user.is_superuser:
        ids = appeal_organization_ids(user)
        appeals = appeals.filter(
            Q(assessment__registration__event__lsp_id__in=ids)
            | Q(assessment__registration__event__facilitator_id__in=ids)
            | Q(assessment__registration__event__site__owner_id__in=ids)
        )
    if status:
        appeals = appeals.filter(status=status)
    return appeals.order_by("-created_at", "-id")
