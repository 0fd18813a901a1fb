"""Reading an event's archive (SOP PSM/DISNAKER-10 step 8): the live completeness check of the files
the archive must hold, and the archive search. Both work on a batch of events with a fixed number of
queries, so the search page costs the same for 5 events or 50."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, organizations_of
from ujikom.core.models import Organization, User
from ujikom.documents.models import StoredFile
from ujikom.documents.typst import indonesian_date
from ujikom.registry.models import TestSite
from ujikom.scheduling.models import AssessorAssignment, Registration, SiteVerification, TestEvent

from .access import VIEW
from .models import Archive, AttendanceSheet, MeetingNotes, Minutes, Recommendation, TestPhoto
from .selectors_minutes import test_days

PAGE_SIZE = 25


@dataclass
class Item:
    """One thing the archive must hold: present or not, its files, and what is missing."""

    key: str
    label: str
    present: bool
    files: list[StoredFile] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "present": self.present,
            "files": [str(file.public_id) for file in self.files],
            "missing": self.missing,
        }


@dataclass
class Checklist:
    items: list[Item]

    @property
    def complete(self) -> bool:
        return all(item.present for item in self.items)

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.present]

    def missing_text(self) -> str:
        parts = []
        for item in self.missing:
            detail = f" ({'; '.join(item.missing)})" if item.missing else ""
            parts.append(f"{item.label}{detail}")
        return "; ".join(parts)


def _attendance_item(
    key: str, label: str, kind: str, days: list[dt.date], sheets: dict[tuple[dt.date, str], AttendanceSheet]
) -> Item:
    item = Item(key=key, label=label, present=True)
    for day in days:
        sheet = sheets.get((day, kind))
        when = indonesian_date(day)
        if sheet is None:
            item.missing.append(_("%(day)s belum dibuat") % {"day": when})
        elif not sheet.is_closed:
            item.missing.append(_("%(day)s belum ditutup") % {"day": when})
        elif sheet.file is None:
            item.missing.append(_("%(day)s belum ada PDF") % {"day": when})
        else:
            item.files.append(sheet.file)
    item.present = not item.missing
    return item


def checklists_for(events: Sequence[TestEvent]) -> dict[int, Checklist]:
    """The completeness check of each event (its site loaded), by event id: eight queries in all."""
    ids = [event.pk for event in events]
    if not ids:
        return {}
    sheets: dict[int, dict[tuple[dt.date, str], AttendanceSheet]] = {}
    for sheet in AttendanceSheet.objects.filter(event_id__in=ids).select_related("file"):
        sheets.setdefault(sheet.event_id, {})[(sheet.day, sheet.kind)] = sheet
    assignments: dict[int, list[AssessorAssignment]] = {}
    for assignment in (
        AssessorAssignment.objects.filter(event_id__in=ids, status=AssessorAssignment.Status.CONFIRMED)
        .select_related("letter", "assessor__user")
        .order_by("day", "id")
    ):
        assignments.setdefault(assignment.event_id, []).append(assignment)
    minutes = {
        m.event_id: m
        for m in Minutes.objects.filter(event_id__in=ids).select_related(
            "file", "results_bundle", "photos_bundle"
        )
    }
    notes: dict[int, MeetingNotes] = {}
    for written in (
        MeetingNotes.objects.filter(event_id__in=ids).select_related("file").order_by("-held_at", "-id")
    ):
        notes.setdefault(written.event_id, written)
    photos = dict(
        TestPhoto.objects.filter(event_id__in=ids)
        .values("event_id")
        .annotate(n=Count("id"))
        .values_list("event_id", "n")
    )
    verifications: dict[int, list[StoredFile]] = {}
    for verification in SiteVerification.objects.filter(
        event_id__in=ids, result=SiteVerification.Result.MEETS, result_file__isnull=False
    ).select_related("result_file"):
        assert verification.result_file is not None
        verifications.setdefault(verification.event_id, []).append(verification.result_file)
    # A TUK Mandiri whose periodic verification is valid: the LSP's record for the event
    # (services_assignments.record_independent_site_verification).
    for record in StoredFile.objects.filter(
        subject_type=TestEvent._meta.label_lower,
        subject_id__in=[str(pk) for pk in ids],
        document_type__code="site_verification",
    ):
        verifications.setdefault(int(record.subject_id), []).append(record)
    recommendations = {
        r.event_id: r
        for r in Recommendation.objects.filter(event_id__in=ids).select_related("package", "letter")
    }

    result: dict[int, Checklist] = {}
    for event in events:
        days = test_days(event)
        event_sheets = sheets.get(event.pk, {})
        items = [
            _attendance_item(
                "attendance_candidates",
                _("Absensi peserta"),
                AttendanceSheet.Kind.CANDIDATES,
                days,
                event_sheets,
            ),
            _attendance_item(
                "attendance_assessors",
                _("Absensi asesor"),
                AttendanceSheet.Kind.ASSESSORS,
                days,
                event_sheets,
            ),
        ]
        minute = minutes.get(event.pk)
        signed = minute is not None and minute.is_locked and minute.file is not None
        items.append(
            Item(
                "minutes",
                _("Berita acara (ditandatangani)"),
                signed,
                [minute.file] if signed and minute is not None and minute.file is not None else [],
                []
                if signed
                else [_("belum dibuat") if minute is None else _("belum ditandatangani lengkap")],
            )
        )
        note = notes.get(event.pk)
        items.append(
            Item(
                "meeting_notes",
                _("Minutes of meeting"),
                note is not None and note.file is not None,
                [note.file] if note is not None and note.file is not None else [],
                [] if note is not None and note.file is not None else [_("belum dibuat")],
            )
        )
        bundle = minute.results_bundle if minute is not None else None
        items.append(
            Item(
                "results",
                _("Berkas hasil uji kompetensi"),
                bundle is not None,
                [bundle] if bundle is not None else [],
                [] if bundle is not None else [_("dibuat saat berita acara ditandatangani lengkap")],
            )
        )
        photo_count = photos.get(event.pk, 0)
        photo_bundle = minute.photos_bundle if minute is not None else None
        items.append(
            Item(
                "photos",
                _("Dokumentasi (foto)"),
                photo_count > 0,
                [photo_bundle] if photo_bundle is not None and photo_count else [],
                [] if photo_count else [_("belum ada foto")],
            )
        )
        confirmed = assignments.get(event.pk, [])
        without = [str(a.assessor.user) for a in confirmed if a.letter is None]
        letters: list[StoredFile] = []
        for assignment in confirmed:
            if assignment.letter is not None and assignment.letter not in letters:
                letters.append(assignment.letter)
        items.append(
            Item(
                "assignment_letters",
                _("Surat tugas asesor"),
                bool(confirmed) and not without,
                letters,
                (
                    [_("belum ada asesor yang dikonfirmasi")]
                    if not confirmed
                    else (
                        [_("belum ada surat tugas: %(names)s") % {"names": ", ".join(without)}]
                        if without
                        else []
                    )
                ),
            )
        )
        site_files = [
            file
            for file in verifications.get(event.pk, [])
            if file.subject_type != TestEvent._meta.label_lower
            or event.site.kind == TestSite.Kind.INDEPENDENT
        ]
        items.append(
            Item(
                "site_verification",
                _("Hasil verifikasi TUK"),
                bool(site_files),
                site_files,
                [] if site_files else [_("belum ada hasil verifikasi yang memenuhi")],
            )
        )
        recommendation = recommendations.get(event.pk)
        items.append(
            Item(
                "recommendation",
                _("Paket rekomendasi ke LSP"),
                recommendation is not None,
                [recommendation.letter, recommendation.package] if recommendation is not None else [],
                [] if recommendation is not None else [_("dibuat pada kaji ulang Manajemen Mutu")],
            )
        )
        result[event.pk] = Checklist(items)
    return result


def archive_checklist(event: TestEvent) -> Checklist:
    return checklists_for([event])[event.pk]


def archive_of(event: TestEvent) -> Archive | None:
    return Archive.objects.filter(event=event).select_related("index_file", "archived_by").first()


# ---- search ------------------------------------------------------------------------------------


def searchable_organizations(user: User) -> list[Organization] | None:
    """The organizations whose events the user may find (None: every one, for a superuser)."""
    if user.is_superuser:
        return None
    return [
        organization for organization in organizations_of(user) if has_permission(user, VIEW, organization)
    ]


@dataclass
class SearchRow:
    event: TestEvent
    archive: Archive | None
    checklist: Checklist


def archive_search(
    user: User,
    *,
    query: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    state: str = "",
    page: int | str | None = 1,
) -> tuple[Page[TestEvent], list[SearchRow]]:
    """Events of the user's organizations by title, scheme, candidate name or NIK and test dates, with
    their archive (when filed) and completeness; `state` "archived" or "not_archived"."""
    organizations = searchable_organizations(user)
    events: QuerySet[TestEvent] = TestEvent.objects.exclude(status=TestEvent.Status.CANCELLED)
    if organizations is not None:
        events = events.filter(
            Q(lsp__in=organizations) | Q(facilitator__in=organizations) | Q(site__owner__in=organizations)
        )
    query = (query or "").strip()[:100]
    if query:
        candidates = Registration.objects.filter(event=OuterRef("pk")).filter(
            Q(full_name__icontains=query) | Q(nik__startswith=query)
        )
        events = events.filter(
            Q(title__icontains=query)
            | Q(scheme__code__icontains=query)
            | Q(scheme__name__icontains=query)
            | Exists(candidates)
        )
    if date_from is not None:
        events = events.filter(ends_on__gte=date_from)
    if date_to is not None:
        events = events.filter(starts_on__lte=date_to)
    if state == "archived":
        events = events.filter(archive__isnull=False)
    elif state == "not_archived":
        events = events.filter(archive__isnull=True)
    events = events.select_related("scheme", "site", "lsp", "facilitator", "archive").order_by(
        "-starts_on", "-id"
    )
    found = Paginator(events, PAGE_SIZE).get_page(page)
    listed = list(found.object_list)
    checklists = checklists_for(listed)
    rows = [SearchRow(event, getattr(event, "archive", None), checklists[event.pk]) for event in listed]
    return found, rows


def event_files(event: TestEvent) -> dict[str, StoredFile]:
    """The documents of the event's minutes, review and archive, by public id as text: what the event's
    file download serves to anyone who sees the event, whichever organization stored the file."""
    files: list[StoredFile] = [file for item in archive_checklist(event).items for file in item.files]
    minutes = (
        Minutes.objects.filter(event=event).select_related("file", "results_bundle", "photos_bundle").first()
    )
    if minutes is not None:
        files += [f for f in (minutes.file, minutes.results_bundle, minutes.photos_bundle) if f is not None]
    notes = MeetingNotes.objects.filter(event=event).select_related("file")
    files += [note.file for note in notes if note.file is not None]
    recommendation = Recommendation.objects.filter(event=event).select_related("letter", "package").first()
    if recommendation is not None:
        files += [recommendation.letter, recommendation.package]
    archive = archive_of(event)
    if archive is not None and archive.index_file is not None:
        files.append(archive.index_file)
    return {str(file.public_id): file for file in files}
