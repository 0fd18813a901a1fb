"""Reading what the minutes (berita acara) of an event are made of (SOP PSM/DISNAKER-10 step 6,
STMI 1.3.3 step 5): the test days, their attendance lists, the results, who signs, and what still
stops the minutes from being prepared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.models import NumberingPattern, Organization, RoleAssignment, User
from ujikom.documents.typst import indonesian_date
from ujikom.registry.models import Assessor
from ujikom.scheduling.models import AssessorAssignment, TestEvent
from ujikom.scheduling.selectors_readiness import document_organization

from .models import (
    AttendanceEntry,
    AttendanceSheet,
    Minutes,
    MinutesSignature,
    TestPhoto,
    UnitResult,
    Verdict,
)
from .results import ResultRow, result_rows

__all__ = ["document_organization"]


def confirmed_assignments(event: TestEvent) -> list[AssessorAssignment]:
    return list(
        AssessorAssignment.objects.filter(event=event, status=AssessorAssignment.Status.CONFIRMED)
        .select_related("assessor__user", "letter")
        .order_by("day", "assessor__user__full_name", "id")
    )


def test_days(event: TestEvent) -> list[dt.date]:
    """Every day from the event's first to its last test day (as the test-day screen keeps them)."""
    count = max((event.ends_on - event.starts_on).days, 0) + 1
    return [event.starts_on + dt.timedelta(days=n) for n in range(count)]


def attendance_sheets(event: TestEvent) -> list[AttendanceSheet]:
    return list(AttendanceSheet.objects.filter(event=event).select_related("file").order_by("day", "kind"))


def minutes_of(event: TestEvent) -> Minutes | None:
    signatures = Prefetch(
        "signatures",
        queryset=MinutesSignature.objects.select_related("signer", "assessor", "signature_image").order_by(
            "role", "id"
        ),
    )
    return (
        Minutes.objects.filter(event=event)
        .select_related("file", "results_bundle", "photos_bundle", "created_by")
        .prefetch_related(signatures)
        .first()
    )


def site_head_of(event: TestEvent) -> User | None:
    """The head of the event's site: the site's named head, else an active holder of `site_head` in
    the site's owner."""
    head = event.site.head
    if head is not None and head.is_active:
        return head
    holder = (
        RoleAssignment.objects.active()
        .filter(organization=event.site.owner, role__key="site_head", user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "id")
        .first()
    )
    return holder.user if holder is not None else None


@dataclass(frozen=True)
class Signer:
    role: str  # MinutesSignature.Role
    user: User
    assessor: Assessor | None = None


def minutes_signers(event: TestEvent, assignments: list[AssessorAssignment] | None = None) -> list[Signer]:
    """Who signs the minutes: every assessor confirmed for the event, then the head of site.

    SOP PSM/DISNAKER-10 step 6: the berita acara is signed by the assessors and the Kepala TUK."""
    assignments = confirmed_assignments(event) if assignments is None else assignments
    signers: list[Signer] = []
    seen: set[int] = set()
    for assignment in assignments:
        if assignment.assessor_id in seen:
            continue
        seen.add(assignment.assessor_id)
        signers.append(Signer(MinutesSignature.Role.ASSESSOR, assignment.assessor.user, assignment.assessor))
    head = site_head_of(event)
    if head is not None:
        signers.append(Signer(MinutesSignature.Role.SITE_HEAD, head))
    return signers


def present_registration_ids(event: TestEvent) -> set[int]:
    """Candidates marked present on any candidates' attendance list of the event."""
    return set(
        AttendanceEntry.objects.filter(
            sheet__event=event,
            sheet__kind=AttendanceSheet.Kind.CANDIDATES,
            present=True,
            registration__isnull=False,
        ).values_list("registration_id", flat=True)
    )


def _has_pattern(organization: Organization, document_type: str) -> bool:
    return NumberingPattern.objects.filter(
        organization=organization, document_type__code=document_type
    ).exists()


def missing_pattern_message(organization: Organization, document_type: str, label: str) -> str | None:
    if _has_pattern(organization, document_type):
        return None
    return _(
        "Belum ada pola penomoran %(type)s di %(organization)s; minta pengelola penomoran menambahkannya."
    ) % {"type": label, "organization": organization.name}


def attendance_problems(event: TestEvent, days: list[dt.date], sheets: list[AttendanceSheet]) -> list[str]:
    """What is missing of the attendance lists of each test day (none made, or not closed)."""
    by_key = {(sheet.day, sheet.kind): sheet for sheet in sheets}
    problems = []
    for day in days:
        for kind, label in AttendanceSheet.Kind.choices:
            sheet = by_key.get((day, kind))
            if sheet is None:
                problems.append(
                    _("%(list)s tanggal %(day)s belum dibuat.") % {"list": label, "day": indonesian_date(day)}
                )
            elif not sheet.is_closed:
                problems.append(
                    _("%(list)s tanggal %(day)s belum ditutup.")
                    % {"list": label, "day": indonesian_date(day)}
                )
    for sheet in sheets:  # a list of another day, made by the test-day screen, must be closed too
        if sheet.day not in days and not sheet.is_closed:
            problems.append(
                _("%(list)s tanggal %(day)s belum ditutup.")
                % {"list": sheet.get_kind_display(), "day": indonesian_date(sheet.day)}
            )
    return problems


def minutes_problems(event: TestEvent, *, numbering: bool = True) -> list[str]:
    """Everything that stops the minutes from being prepared, as sentences; empty when they can be.
    `numbering`: whether a numbering pattern is still needed (not for minutes already numbered)."""
    problems: list[str] = []
    if event.starts_on > timezone.localdate():
        problems.append(
            _("Uji kompetensi belum dilaksanakan (tanggal uji %(day)s).")
            % {"day": indonesian_date(event.starts_on)}
        )
    assignments = confirmed_assignments(event)
    days = test_days(event)
    problems += attendance_problems(event, days, attendance_sheets(event))
    present = present_registration_ids(event)
    unfinished = [
        row.registration.full_name
        for row in result_rows(event)
        if row.registration.pk in present and not row.recommendation
    ]
    if unfinished:
        problems.append(
            _("Hasil asesmen belum lengkap (belum ada rekomendasi K/BK) untuk peserta yang hadir: %(names)s.")
            % {"names": ", ".join(unfinished)}
        )
    if not assignments:
        problems.append(_("Belum ada asesor yang dikonfirmasi untuk uji kompetensi ini."))
    if site_head_of(event) is None:
        problems.append(
            _(
                "%(site)s belum mempunyai Kepala TUK: isi kepala TUK pada data TUK, atau beri seseorang peran "
                "Kepala TUK di %(owner)s."
            )
            % {"site": event.site.name, "owner": event.site.owner.name}
        )
    missing = missing_pattern_message(document_organization(event), "minutes", _("Berita Acara"))
    if numbering and missing:
        problems.append(missing)
    return problems


@dataclass
class MinutesContent:
    """What the berita acara says: candidates with K/BK, assessors, counts, attendance per day."""

    rows: list[ResultRow]
    present: set[int]
    assignments: list[AssessorAssignment]
    days: list[dt.date]
    sheets: list[AttendanceSheet]
    attendance: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return len(self.rows)

    @property
    def present_count(self) -> int:
        return sum(1 for row in self.rows if row.registration.pk in self.present)

    @property
    def competent(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.registration.pk in self.present and row.recommendation == Verdict.COMPETENT
        )

    @property
    def not_yet_competent(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.registration.pk in self.present and row.recommendation == Verdict.NOT_YET_COMPETENT
        )

    def assessors(self) -> list[dict[str, str]]:
        """One line per assessor: name, MET number, the numbers of their assignment letters."""
        found: dict[int, dict[str, str]] = {}
        for assignment in self.assignments:
            assessor = assignment.assessor
            line = found.setdefault(
                assessor.pk,
                {
                    "name": str(assessor.user.full_name or assessor.user),
                    "met": assessor.registration_number,
                    "letters": "",
                },
            )
            if assignment.letter_number and assignment.letter_number not in line["letters"].split(", "):
                line["letters"] = ", ".join(filter(None, [line["letters"], assignment.letter_number]))
        return list(found.values())


def minutes_content(event: TestEvent) -> MinutesContent:
    assignments = confirmed_assignments(event)
    days = test_days(event)
    sheets = attendance_sheets(event)
    counts: dict[tuple[int, bool], int] = {}
    for sheet_id, present in AttendanceEntry.objects.filter(sheet__event=event).values_list(
        "sheet_id", "present"
    ):
        counts[(sheet_id, present)] = counts.get((sheet_id, present), 0) + 1
    attendance = []
    for sheet in sheets:
        attendance.append(
            {
                "day": sheet.day,
                "kind": sheet.get_kind_display(),
                "present": counts.get((sheet.pk, True), 0),
                "absent": counts.get((sheet.pk, False), 0),
                "number": sheet.number,
            }
        )
    return MinutesContent(
        rows=result_rows(event),
        present=present_registration_ids(event),
        assignments=assignments,
        days=days,
        sheets=sheets,
        attendance=attendance,
    )


def results_changed_since(event: TestEvent, when: dt.datetime) -> bool:
    """Whether a result was recorded or an attendance list closed after `when`."""
    return (
        UnitResult.objects.filter(assessment__registration__event=event, recorded_at__gt=when).exists()
        or AttendanceSheet.objects.filter(event=event, closed_at__gt=when).exists()
    )


def photos_of(event: TestEvent) -> list[TestPhoto]:
    return list(
        TestPhoto.objects.filter(event=event)
        .select_related("file", "uploaded_by")
        .order_by("day", "created_at", "id")
    )
