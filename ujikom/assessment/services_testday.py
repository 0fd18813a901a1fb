"""The test day (SOP PSM/DISNAKER-10 step 5, STMI 1.3.3 step 5): attendance, documentation,
assessment results, feedback and appeals.

Step 5 has three activities: Teknis Operasional ensures and documents the test (attendance lists,
photos, allocation of candidates to assessors, the report of the test day), the assessors assess
(K/BK per unit with evidence, instruments, feedback), the candidates take the test (they sign the
attendance list). Each part signs off its own task of the bound step when its work is done; the
report "Laporan pelaksanaan uji kompetensi" is the step's output ("Uji kompetensi dilaksanakan").

Results are append-only: recording a unit again adds a UnitResult that supersedes the current one,
after the minutes lock only as a correction with a reason. The overall recommendation is always
computed by `results.refresh_recommendation`.

Every function takes keyword arguments only, names the actor, and leaves an audit event, so a demo
loader or an end-to-end test can drive the whole test day without the web layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.services import Content, open_file, store_file
from ujikom.documents.typst import indonesian_date, letterhead
from ujikom.registry.models import Assessor, CompetencyUnit
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.scheduling.selectors_readiness import document_organization
from ujikom.scheduling.sop_binding import open_tasks_for_action, record_step_output
from ujikom.sop import engine
from ujikom.sop.models import Task

from . import access
from . import selectors_testday as selectors
from .models import (
    Appeal,
    Assessment,
    AttendanceEntry,
    AttendanceSheet,
    EvidenceMethod,
    InstrumentFile,
    SignMethod,
    TestPhoto,
    UnitResult,
    Verdict,
)
from .results import refresh_recommendation, result_rows, results_locked, scheme_units
from .signatures import apply_signature, signature_mark

ACTION = selectors.ACTION
TYPST = Path(__file__).resolve().parent / "typst"
ATTENDANCE_TEMPLATE = TYPST / "attendance_list.typ"
REPORT_TEMPLATE = TYPST / "test_report.typ"
REPORT_FILENAME = selectors.REPORT_FILENAME

PHOTO_TYPES: tuple[str, ...] = ("jpeg", "png")
PHOTO_MAX_BYTES = 10 * 1024 * 1024
INSTRUMENT_TYPES: tuple[str, ...] = ("pdf", "jpeg", "png")
INSTRUMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT = 5000
NOT_ASSIGNED = gettext_lazy("Anda bukan asesor yang ditugaskan pada uji ini.")


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M") if moment else "-"


def _name(user: User | None) -> str:
    if user is None:
        return _("orang lain")
    return str(user.full_name or user.username)


def _refuse_unless_conduct(actor: User, event: TestEvent) -> None:
    if not access.may(actor, access.CONDUCT, event):
        raise PermissionDenied(
            _("Hanya petugas pelaksana uji (Teknis Operasional) yang dapat melakukan tindakan ini.")
        )


def _refuse_if_test_day_finished(event: TestEvent) -> None:
    report = selectors.finished_report(event)
    if report is not None:
        raise ValidationError(
            _("Pelaksanaan uji sudah diselesaikan pada %(when)s; data hari uji tidak dapat diubah lagi.")
            % {"when": _when(report.created_at)}
        )


def _refuse_if_closed_event(event: TestEvent) -> None:
    if event.status == TestEvent.Status.CANCELLED:
        raise ValidationError(_("Uji kompetensi ini dibatalkan."))


def _check_day(event: TestEvent, day: dt.date) -> None:
    if day not in selectors.event_days(event):
        raise ValidationError(
            {
                "day": _("Tanggal %(day)s bukan hari uji kompetensi ini (%(days)s).")
                % {
                    "day": indonesian_date(day),
                    "days": ", ".join(indonesian_date(d) for d in selectors.event_days(event)),
                }
            }
        )


def _advance_status(event: TestEvent, target: str, actor: User) -> None:
    """Move the event on to ONGOING or DONE through the scheduling service, along the transitions it
    allows (ready → ongoing → done); an event elsewhere (not yet ready, cancelled) is left alone."""
    from ujikom.scheduling.services_events import allowed_transitions, change_event_status

    order = [TestEvent.Status.ONGOING, TestEvent.Status.DONE]
    for status in order[: order.index(TestEvent.Status(target)) + 1]:
        if event.status in (status, target):
            continue
        if status not in allowed_transitions(event):
            return
        event.status = change_event_status(event=event, status=status, actor=actor).status


# ---- SOP step 5: who signs off which task ------------------------------------------------------


def _task_of(event: TestEvent, actor_key: str) -> list[Task]:
    return [task for task in open_tasks_for_action(event, ACTION) if task.activity.actor.key == actor_key]


def _sign_off(task: Task, player: User) -> bool:
    """Complete `task` for `player` when the step can go on without it being the last (the report
    is attached by the officer); returns whether it was completed."""
    others_open = task.step_run.tasks.filter(status__in=engine.OPEN_STATUSES).exclude(pk=task.pk).exists()
    if not others_open and engine.missing_outputs(task.step_run):
        return False
    engine.complete_task(
        task=task, actor=player, note=_("Diselesaikan melalui layar %(screen)s.") % {"screen": ACTION}
    )
    return True


def _first_player(task: Task, people: Iterable[User | None]) -> User | None:
    return next(
        (
            person
            for person in people
            if person is not None and person.is_active and engine.can_act_on(person, task)
        ),
        None,
    )


def _candidate_player(event: TestEvent, task: Task, actor: User | None = None) -> User | None:
    """Who signs off the candidates' task: the acting candidate, else a present candidate, else any
    accepted candidate with an account who plays the step's actor (the step is theirs)."""
    present = selectors.present_registration_ids(event)
    registrations = sorted(
        selectors.accepted_registrations(event), key=lambda reg: (reg.pk not in present, reg.full_name)
    )
    people: list[User | None] = [actor] if actor is not None and actor.is_authenticated else []
    people += [reg.candidate for reg in registrations]
    return _first_player(task, people)


def _assessor_player(event: TestEvent, task: Task, actor: User | None = None) -> User | None:
    people: list[User | None] = [actor] if actor is not None and actor.is_authenticated else []
    people += [assessor.user for assessor in selectors.confirmed_assessors(event)]
    return _first_player(task, people)


def _complete_candidates_task(event: TestEvent, actor: User | None = None) -> None:
    """The candidates took the test once every candidates' attendance list is closed."""
    if not selectors.candidate_sheets_closed(event):
        return
    for task in _task_of(event, "peserta"):
        player = _candidate_player(event, task, actor)
        if player is not None:
            _sign_off(task, player)


def _complete_assessors_task(event: TestEvent, actor: User | None = None) -> None:
    """The assessors assessed once every present candidate's assessment is finished; the assessor
    who finished last signs off when they play the step's actor, else another assessor of the event."""
    if selectors.unfinished_assessments(event):
        return
    if not selectors.present_registration_ids(event):
        return
    for task in _task_of(event, "asesor"):
        player = _assessor_player(event, task, actor)
        if player is not None:
            _sign_off(task, player)


@transaction.atomic
def record_test_day_tasks(*, event: TestEvent, actor: User) -> None:
    """Bring the step 5 tasks up to date: the candidates' and assessors' tasks whose work is done, and
    (once the test day is finished) the officer's with the report. Safe to call again."""
    _complete_candidates_task(event)
    _complete_assessors_task(event)
    report = selectors.finished_report(event)
    if report is not None:
        _record_output(event=event, file=report, actor=actor)


def _record_output(*, event: TestEvent, file: StoredFile, actor: User) -> None:
    """Attach the report to step 5 for the officer's task and complete it (the pattern of the
    readiness screens): a task played by others is left for them."""
    tasks = open_tasks_for_action(event, ACTION)
    if not tasks:
        return
    if all(engine.can_act_on(actor, task) for task in tasks):
        record_step_output(event=event, action=ACTION, file=file, actor=actor)
        return
    for task in tasks:
        if not engine.can_act_on(actor, task):
            continue
        given = set(task.step_run.outputs.values_list("output_index", flat=True))
        missing = [index for index in range(len(task.step_run.step.outputs or [])) if index not in given]
        if missing:
            engine.attach_output(task=task, output_index=missing[0], file=file, actor=actor)
        _sign_off(task, actor)


# ---- attendance --------------------------------------------------------------------------------


@transaction.atomic
def open_attendance(*, event: TestEvent, day: dt.date, kind: str, actor: User) -> AttendanceSheet:
    """Open the attendance list of the candidates or of the assessors for one test day: one line per
    accepted candidate, or per assessor confirmed for that day. Opening again adds the people
    accepted or confirmed since. The first list opened starts the event (status ONGOING)."""
    _refuse_unless_conduct(actor, event)
    _refuse_if_closed_event(event)
    _refuse_if_test_day_finished(event)
    if kind not in AttendanceSheet.Kind.values:
        raise ValidationError({"kind": _("Jenis daftar hadir harus peserta atau asesor.")})
    _check_day(event, day)
    if day > timezone.localdate():
        raise ValidationError(
            {
                "day": _("Daftar hadir tanggal %(day)s baru dapat dibuka pada hari uji.")
                % {"day": indonesian_date(day)}
            }
        )
    sheet, created = AttendanceSheet.objects.select_for_update().get_or_create(
        event=event, day=day, kind=kind
    )
    if sheet.is_closed:
        raise ValidationError(
            _("%(sheet)s tanggal %(day)s sudah ditutup pada %(when)s.")
            % {"sheet": sheet.get_kind_display(), "day": indonesian_date(day), "when": _when(sheet.closed_at)}
        )
    if kind == AttendanceSheet.Kind.CANDIDATES:
        registrations = selectors.accepted_registrations(event)
        if not registrations and created:
            raise ValidationError(_("Belum ada peserta yang diterima untuk uji ini."))
        have = set(sheet.entries.values_list("registration_id", flat=True))
        AttendanceEntry.objects.bulk_create(
            [AttendanceEntry(sheet=sheet, registration=reg) for reg in registrations if reg.pk not in have]
        )
    else:
        assessors = selectors.confirmed_assessors(event, day)
        if not assessors and created:
            raise ValidationError(
                _("Belum ada asesor yang dikonfirmasi untuk tanggal %(day)s.") % {"day": indonesian_date(day)}
            )
        have = set(sheet.entries.values_list("assessor_id", flat=True))
        AttendanceEntry.objects.bulk_create(
            [
                AttendanceEntry(sheet=sheet, assessor=assessor)
                for assessor in assessors
                if assessor.pk not in have
            ]
        )
    if created:
        record_event(
            sheet,
            "attendance_sheet.opened",
            actor=actor,
            organization=document_organization(event),
            data={"event": event.public_id, "day": day, "kind": kind, "lines": sheet.entries.count()},
        )
        _advance_status(event, TestEvent.Status.ONGOING, actor)
    return sheet


def _entry_person(entry: AttendanceEntry) -> User | None:
    if entry.registration_id is not None:
        return entry.registration.candidate if entry.registration else None
    return entry.assessor.user if entry.assessor else None


def _entry_name(entry: AttendanceEntry) -> str:
    if entry.registration is not None:
        return entry.registration.full_name
    return str(entry.assessor.user.full_name if entry.assessor else "")


def _locked_entry(entry: AttendanceEntry) -> AttendanceEntry:
    locked = (
        AttendanceEntry.objects.select_for_update(of=("self",))
        .select_related("sheet__event", "registration__candidate", "assessor__user")
        .get(pk=entry.pk)
    )
    if locked.sheet.is_closed:
        raise ValidationError(
            _("Daftar hadir ini sudah ditutup pada %(when)s.") % {"when": _when(locked.sheet.closed_at)}
        )
    return locked


@transaction.atomic
def sign_attendance(
    *, entry: AttendanceEntry, actor: User, method: str, drawing: str = ""
) -> AttendanceEntry:
    """Record the person of `entry` present with their signature: by their own account (the
    candidate or assessor signed in as themselves), or drawn on the screen — by the person, or by a
    candidate on the officer's tablet (the officer is signed in)."""
    entry = _locked_entry(entry)
    event = entry.sheet.event
    person = _entry_person(entry)
    is_self = person is not None and person.pk == actor.pk
    if method == SignMethod.ACCOUNT and not is_self:
        raise PermissionDenied(
            _("Tanda tangan melalui akun hanya oleh %(name)s sendiri; petugas memakai tanda tangan digambar.")
            % {"name": _entry_name(entry)}
        )
    if not is_self:
        _refuse_unless_conduct(actor, event)
    if entry.is_signed:
        raise ValidationError(
            _("%(name)s sudah menandatangani daftar hadir pada %(when)s.")
            % {"name": _entry_name(entry), "when": _when(entry.signed_at)}
        )
    apply_signature(
        entry,
        actor=actor,
        method=method,
        organization=document_organization(event),
        drawing=drawing,
        title=_("Tanda tangan daftar hadir: %(name)s") % {"name": _entry_name(entry)},
    )
    entry.present = True
    entry.note = ""
    entry.recorded_by = actor
    entry.recorded_at = entry.signed_at
    entry.save()
    record_event(
        entry.sheet,
        "attendance_entry.signed",
        actor=actor,
        organization=document_organization(event),
        data={
            "event": event.public_id,
            "day": entry.sheet.day,
            "kind": entry.sheet.kind,
            "name": _entry_name(entry),
            "method": method,
        },
    )
    return entry


@transaction.atomic
def mark_absent(*, entry: AttendanceEntry, actor: User, note: str) -> AttendanceEntry:
    """The officer records that the person of `entry` did not come, with a note (why, if known)."""
    entry = _locked_entry(entry)
    event = entry.sheet.event
    _refuse_unless_conduct(actor, event)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Tuliskan keterangan ketidakhadiran, mis. “sakit” atau “tanpa kabar”.")}
        )
    if len(note) > 255:
        raise ValidationError({"note": _("Keterangan paling panjang 255 karakter.")})
    if entry.is_signed:
        raise ValidationError(
            _("%(name)s sudah menandatangani daftar hadir pada %(when)s; tidak dapat ditandai tidak hadir.")
            % {"name": _entry_name(entry), "when": _when(entry.signed_at)}
        )
    entry.present = False
    entry.note = note
    entry.recorded_by = actor
    entry.recorded_at = timezone.now()
    entry.save(update_fields=["present", "note", "recorded_by", "recorded_at"])
    record_event(
        entry.sheet,
        "attendance_entry.absent",
        actor=actor,
        organization=document_organization(event),
        data={"event": event.public_id, "day": entry.sheet.day, "name": _entry_name(entry), "note": note},
    )
    return entry


def _signature_image(entry: AttendanceEntry) -> list[int]:
    """The drawn signature's PNG bytes for Typst (`bytes(array)`), or [] when there is none."""
    if entry.signature_image is None:
        return []
    try:
        with open_file(entry.signature_image) as handle:
            return list(handle.read())
    except FileNotFoundError:
        return []


def _facts(event: TestEvent, day: dt.date | None = None) -> list[list[str]]:
    days = selectors.event_days(event)
    when = indonesian_date(day) if day else ", ".join(indonesian_date(d) for d in days)
    return [
        [_("Uji kompetensi"), event.title],
        [_("Skema"), f"{event.scheme.code} — {event.scheme.name}"],
        [_("Tanggal uji"), when],
        [_("TUK"), f"{event.site.name}, {event.site.address}"],
        [_("LSP"), event.lsp.name],
        [_("Kode jadwal BNSP"), event.bnsp_schedule_code or "-"],
    ]


def _place(organization: Organization, event: TestEvent) -> str:
    """Where a document is signed: the organization's city, else the site's city (KOTA X → Kota X)."""
    if organization.city:
        return organization.city
    city = event.site.city
    return city.name.title() if city is not None else event.site.name


def _signer(actor: User, title: str) -> dict[str, str]:
    return {"title": actor.title or title, "name": _name(actor), "nip": actor.nip or ""}


def _attendance_rows(sheet: AttendanceSheet) -> list[dict[str, Any]]:
    rows = []
    for index, entry in enumerate(selectors.entries_of(sheet), start=1):
        if entry.registration is not None:
            identity = entry.registration.nik
        else:
            identity = entry.assessor.registration_number if entry.assessor else ""
        mark = signature_mark(entry)
        if entry.present:
            signed = _("%(how)s pada %(when)s") % {"how": mark["how"], "when": mark["when"]}
        else:
            signed = ""
        rows.append(
            {
                "no": str(index),
                "name": _entry_name(entry),
                "identity": identity,
                "present": _("Hadir") if entry.present else _("Tidak hadir"),
                "is_present": entry.present,
                "signed": signed,
                "image": _signature_image(entry) if entry.present else [],
                "note": entry.note or "",
            }
        )
    return rows


@transaction.atomic
def close_attendance(*, sheet: AttendanceSheet, actor: User) -> AttendanceSheet:
    """Close a list once every line is signed or marked absent; the numbered PDF (Daftar Hadir) shows
    each line, how and when it was signed and the drawn signatures. Closing the candidates' lists
    signs off the candidates' task of step 5."""
    sheet = (
        AttendanceSheet.objects.select_for_update(of=("self",))
        .select_related("event__scheme", "event__site", "event__lsp", "event__facilitator")
        .get(pk=sheet.pk)
    )
    event = sheet.event
    _refuse_unless_conduct(actor, event)
    if sheet.is_closed:
        raise ValidationError(
            _("Daftar hadir ini sudah ditutup pada %(when)s.") % {"when": _when(sheet.closed_at)}
        )
    entries = selectors.entries_of(sheet)
    if not entries:
        raise ValidationError(_("Daftar hadir ini tidak mempunyai baris."))
    waiting = [_entry_name(entry) for entry in entries if entry.recorded_at is None]
    if waiting:
        raise ValidationError(
            _("Belum tercatat hadir atau tidak hadir: %(names)s.") % {"names": ", ".join(waiting)}
        )
    candidates = sheet.kind == AttendanceSheet.Kind.CANDIDATES
    title = _("Daftar hadir peserta uji kompetensi") if candidates else _("Daftar hadir asesor kompetensi")
    rows = _attendance_rows(sheet)
    present = sum(1 for row in rows if row["is_present"])
    organization = document_organization(event)
    stored, number = generate_document(
        organization=organization,
        document_type="attendance_list",
        template=ATTENDANCE_TEMPLATE,
        data={
            "org": letterhead(organization),
            "title": title,
            "facts": _facts(event, sheet.day),
            "identity_header": _("NIK") if candidates else _("No. Reg. Asesor"),
            "rows": rows,
            "summary": _("Hadir: %(present)s orang; tidak hadir: %(absent)s orang.")
            % {"present": present, "absent": len(rows) - present},
            "place": _place(organization, event),
            "date": indonesian_date(sheet.day),
            "signer": _signer(actor, _("Bidang Teknis Operasional")),
        },
        actor=actor,
        subject=sheet,
        title=f"{title} {indonesian_date(sheet.day)} · {event.title}"[:255],
        filename=f"daftar-hadir-{'peserta' if candidates else 'asesor'}-{sheet.day:%Y%m%d}-{event.public_id.hex[:8]}",
    )
    sheet.closed_at = timezone.now()
    sheet.closed_by = actor
    sheet.file = stored
    sheet.number = number
    sheet.save(update_fields=["closed_at", "closed_by", "file", "number", "updated_at"])
    record_event(
        sheet,
        "attendance_sheet.closed",
        actor=actor,
        organization=organization,
        data={
            "event": event.public_id,
            "day": sheet.day,
            "kind": sheet.kind,
            "number": number,
            "present": present,
            "absent": len(rows) - present,
            "file": stored.public_id,
        },
    )
    if candidates:
        _complete_candidates_task(event)
    return sheet


# ---- documentation photos ----------------------------------------------------------------------


@transaction.atomic
def add_photo(
    *, event: TestEvent, day: dt.date, content: Content, name: str, caption: str = "", actor: User
) -> TestPhoto:
    """A documentation photo of a test day (JPG or PNG, at most 10 MB), with an optional caption."""
    _refuse_unless_conduct(actor, event)
    _refuse_if_closed_event(event)
    _refuse_if_test_day_finished(event)
    _check_day(event, day)
    caption = (caption or "").strip()
    if len(caption) > 255:
        raise ValidationError({"caption": _("Keterangan foto paling panjang 255 karakter.")})
    try:
        stored = store_file(
            organization=document_organization(event),
            content=content,
            name=name,
            actor=actor,
            title=(caption or _("Dokumentasi uji %(day)s") % {"day": indonesian_date(day)})[:255],
            subject=event,
            allowed_types=PHOTO_TYPES,
            max_size=PHOTO_MAX_BYTES,
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    photo = TestPhoto.objects.create(event=event, day=day, file=stored, caption=caption, uploaded_by=actor)
    record_event(
        photo,
        "test_photo.added",
        actor=actor,
        organization=document_organization(event),
        data={"event": event.public_id, "day": day, "file": stored.public_id, "caption": caption},
    )
    return photo


@transaction.atomic
def remove_photo(*, photo: TestPhoto, actor: User) -> None:
    """Take a photo out of the documentation (the stored file stays in the file log)."""
    event = photo.event
    _refuse_unless_conduct(actor, event)
    _refuse_if_test_day_finished(event)
    record_event(
        event,
        "test_photo.removed",
        actor=actor,
        organization=document_organization(event),
        data={"day": photo.day, "file": photo.file.public_id, "caption": photo.caption},
    )
    photo.delete()


# ---- allocation of candidates to assessors -----------------------------------------------------


def _refuse_if_locked(event: TestEvent) -> None:
    if results_locked(event):
        raise ValidationError(_("Hasil uji sudah dikunci oleh berita acara yang ditandatangani."))


@transaction.atomic
def allocate_automatically(*, event: TestEvent, actor: User) -> list[Assessment]:
    """Share the present candidates not yet allocated evenly among the assessors confirmed for the
    day they attended (the one with the fewest goes first); returns the new allocations."""
    _refuse_unless_conduct(actor, event)
    _refuse_if_locked(event)
    present = selectors.present_days(event)
    if not present:
        raise ValidationError(_("Belum ada peserta yang hadir; isi daftar hadir peserta dahulu."))
    existing = {a.registration_id: a for a in Assessment.objects.filter(registration__event=event)}
    load: dict[tuple[dt.date, int], int] = {}
    for assessment in existing.values():
        if assessment.assessor_id is not None and assessment.day is not None:
            key = (assessment.day, assessment.assessor_id)
            load[key] = load.get(key, 0) + 1
    made: list[Assessment] = []
    for registration in selectors.accepted_registrations(event):
        day = present.get(registration.pk)
        if day is None:
            continue
        found = existing.get(registration.pk)
        if found is not None and found.assessor_id is not None:
            continue
        assessors = selectors.confirmed_assessors(event, day)
        if not assessors:
            raise ValidationError(
                _("Belum ada asesor yang dikonfirmasi untuk tanggal %(day)s.") % {"day": indonesian_date(day)}
            )
        chosen = min(assessors, key=lambda a: (load.get((day, a.pk), 0), a.user.full_name, a.pk))
        load[(day, chosen.pk)] = load.get((day, chosen.pk), 0) + 1
        if found is None:
            found = Assessment.objects.create(registration=registration, assessor=chosen, day=day)
        else:
            found.assessor = chosen
            found.day = day
            found.save(update_fields=["assessor", "day", "updated_at"])
        made.append(found)
    if made:
        record_event(
            event,
            "assessment.allocated",
            actor=actor,
            organization=document_organization(event),
            data={
                "automatic": True,
                "allocations": [
                    {"registration": a.registration.public_id, "assessor": a.assessor.registration_number}
                    for a in made
                    if a.assessor is not None
                ],
            },
        )
    return made


@transaction.atomic
def allocate(*, registration: Registration, assessor: Assessor, actor: User) -> Assessment:
    """Allocate (or move) one present candidate to an assessor confirmed for the day they attended."""
    event = registration.event
    _refuse_unless_conduct(actor, event)
    _refuse_if_locked(event)
    day = selectors.present_days(event).get(registration.pk)
    if registration.status != Registration.Status.ACCEPTED or day is None:
        raise ValidationError(
            {"registration": _("%(name)s tidak tercatat hadir.") % {"name": registration.full_name}}
        )
    if assessor.pk not in {a.pk for a in selectors.confirmed_assessors(event, day)}:
        raise ValidationError(
            {
                "assessor": _("%(name)s bukan asesor yang dikonfirmasi untuk tanggal %(day)s.")
                % {"name": assessor.user.full_name, "day": indonesian_date(day)}
            }
        )
    assessment, _created = Assessment.objects.select_for_update().get_or_create(
        registration=registration, defaults={"assessor": assessor, "day": day}
    )
    if assessment.completed_at is not None and assessment.assessor_id != assessor.pk:
        raise ValidationError(
            _("Asesmen %(name)s sudah diselesaikan asesornya; pembagian tidak dapat diubah.")
            % {"name": registration.full_name}
        )
    previous = assessment.assessor
    assessment.assessor = assessor
    assessment.day = day
    assessment.save(update_fields=["assessor", "day", "updated_at"])
    record_event(
        assessment,
        "assessment.allocated",
        actor=actor,
        organization=document_organization(event),
        data={
            "automatic": False,
            "registration": registration.public_id,
            "assessor": assessor.registration_number,
            "previous": previous.registration_number if previous else None,
        },
    )
    return assessment


# ---- results -----------------------------------------------------------------------------------


def assessor_for(user: User, event: TestEvent) -> Assessor | None:
    """The user's Assessor record with a CONFIRMED assignment to the event, if any."""
    return selectors.assessor_of(user, event)


def _allocated_assessment(*, registration: Registration, actor: User, lock: bool = False) -> Assessment:
    """The candidate's assessment when `actor` holds assessment.assess and is the assessor assigned
    to the event and allocated to the candidate; refused otherwise."""
    event = registration.event
    assessor = selectors.assessor_of(actor, event)
    if assessor is None or not access.may(actor, access.ASSESS, event):
        raise PermissionDenied(str(NOT_ASSIGNED))
    if registration.status != Registration.Status.ACCEPTED:
        raise ValidationError(
            _("Pendaftaran %(name)s tidak berstatus diterima; hasil tidak dapat dicatat.")
            % {"name": registration.full_name}
        )
    if registration.pk not in selectors.present_days(event):
        raise ValidationError(
            _("%(name)s tidak tercatat hadir pada daftar hadir peserta; hasil tidak dapat dicatat.")
            % {"name": registration.full_name}
        )
    queryset = Assessment.objects.select_related("assessor__user", "registration__event__scheme")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    assessment = queryset.filter(registration=registration).first()
    if assessment is None or assessment.assessor_id is None:
        raise PermissionDenied(
            _("%(name)s belum dibagikan kepada asesor; minta petugas membagi asesi dahulu.")
            % {"name": registration.full_name}
        )
    if assessment.assessor_id != assessor.pk:
        raise PermissionDenied(
            _("%(name)s dibagikan kepada asesor %(other)s, bukan kepada Anda.")
            % {
                "name": registration.full_name,
                "other": _name(assessment.assessor.user if assessment.assessor else None),
            }
        )
    return assessment


def _unit_of(event: TestEvent, unit_code: str) -> CompetencyUnit:
    code = (unit_code or "").strip()
    unit = next((unit for unit in scheme_units(event) if unit.code == code), None)
    if unit is None:
        raise ValidationError(
            {
                "unit": _("Unit %(code)s bukan unit skema %(scheme)s.")
                % {"code": code or "-", "scheme": event.scheme.code}
            }
        )
    return unit


def _current_result(assessment: Assessment, unit: CompetencyUnit) -> UnitResult | None:
    return (
        UnitResult.objects.select_related("recorded_by")
        .filter(assessment=assessment, unit=unit, is_current=True)
        .first()
    )


def _stale(current: UnitResult | None) -> ValidationError:
    if current is None:
        message = _("Hasil yang Anda lihat sudah tidak ada; muat ulang halaman.")
    else:
        message = _("Hasil unit ini baru saja dicatat oleh %(name)s pada %(when)s; muat ulang.") % {
            "name": _name(current.recorded_by),
            "when": _when(current.recorded_at),
        }
    return ValidationError({"expected_current": message}, code="stale")


@transaction.atomic
def record_unit_result(
    *,
    registration: Registration,
    unit_code: str,
    verdict: str,
    methods: Sequence[str],
    note: str = "",
    expected_current: int | None,
    actor: User,
    reason: str = "",
) -> UnitResult:
    """Record K or BK for one unit of the candidate's scheme, with the evidence methods, by the
    assessor allocated to the candidate. `expected_current` is the id of the current result the
    assessor saw (None: none); when another was recorded since, nothing is saved and the message
    names who recorded it. Recording again supersedes the current result; after the minutes lock
    only a correction with a `reason` is accepted. Returns the new current result."""
    event = registration.event
    assessment = _allocated_assessment(registration=registration, actor=actor, lock=True)
    unit = _unit_of(event, unit_code)
    errors: dict[str, str] = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("Pilih hasil: K (kompeten) atau BK (belum kompeten).")
    chosen = list(dict.fromkeys(methods or []))
    if not chosen:
        errors["methods"] = _("Pilih sedikitnya satu metode asesmen (bukti).")
    elif any(method not in EvidenceMethod.values for method in chosen):
        errors["methods"] = _("Metode asesmen tidak dikenal: %(methods)s.") % {
            "methods": ", ".join(m for m in chosen if m not in EvidenceMethod.values)
        }
    note = (note or "").strip()
    reason = (reason or "").strip()
    if len(note) > MAX_TEXT:
        errors["note"] = _("Catatan paling panjang 5.000 karakter.")
    locked = results_locked(event)
    if locked and not reason:
        errors["reason"] = _(
            "Hasil sudah dikunci oleh berita acara; koreksi hanya dapat dicatat dengan alasan koreksi."
        )
    if len(reason) > MAX_TEXT:
        errors["reason"] = _("Alasan koreksi paling panjang 5.000 karakter.")
    if errors:
        raise ValidationError(errors)
    current = _current_result(assessment, unit)
    if (current.pk if current else None) != expected_current:
        raise _stale(current)
    now = timezone.now()
    assessor = assessment.assessor
    assert assessor is not None
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    try:
        with transaction.atomic():
            result = UnitResult.objects.create(
                assessment=assessment,
                unit=unit,
                verdict=verdict,
                methods=chosen,
                note=note,
                kind=UnitResult.Kind.CORRECTION if locked else UnitResult.Kind.ENTRY,
                reason=reason if locked else "",
                supersedes=current,
                is_current=True,
                assessor=assessor,
                recorded_by=actor,
                recorded_at=now,
            )
    except IntegrityError as error:
        raise _stale(_current_result(assessment, unit)) from error
    recommendation = refresh_recommendation(assessment)
    record_event(
        assessment,
        "unit_result.corrected" if locked else "unit_result.recorded",
        actor=actor,
        organization=document_organization(event),
        data={
            "event": event.public_id,
            "registration": registration.public_id,
            "candidate": registration.full_name,
            "unit": unit.code,
            "verdict": verdict,
            "methods": chosen,
            "note": note,
            "reason": reason if locked else "",
            "supersedes": current.pk if current else None,
            "previous_verdict": current.verdict if current else None,
            "result": result.pk,
            "recommendation": recommendation,
        },
    )
    return result


@transaction.atomic
def upload_instrument(
    *,
    registration: Registration,
    kind: str,
    content: Content,
    name: str,
    actor: User,
    unit_code: str = "",
) -> InstrumentFile:
    """A filled instrument (FR.AK.01, FR.IA.xx, FR.AK.02…) for the candidate: PDF, JPG or PNG, at most
    10 MB, optionally for one unit, by the allocated assessor; refused once the results are locked."""
    event = registration.event
    assessment = _allocated_assessment(registration=registration, actor=actor)
    if kind not in InstrumentFile.Kind.values:
        raise ValidationError({"kind": _("Pilih jenis instrumen dari daftar.")})
    unit = _unit_of(event, unit_code) if (unit_code or "").strip() else None
    if results_locked(event):
        raise ValidationError(_("Hasil uji sudah dikunci oleh berita acara; instrumen tidak dapat ditambah."))
    label = InstrumentFile.Kind(kind).label
    try:
        stored = store_file(
            organization=document_organization(event),
            content=content,
            name=name,
            actor=actor,
            title=f"{label} · {registration.full_name}"[:255],
            subject=assessment,
            allowed_types=INSTRUMENT_TYPES,
            max_size=INSTRUMENT_MAX_BYTES,
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    instrument = InstrumentFile.objects.create(
        assessment=assessment, kind=kind, unit=unit, file=stored, uploaded_by=actor
    )
    record_event(
        assessment,
        "instrument.uploaded",
        actor=actor,
        organization=document_organization(event),
        data={
            "registration": registration.public_id,
            "kind": kind,
            "unit": unit.code if unit else None,
            "file": stored.public_id,
            "sha256": stored.sha256,
        },
    )
    return instrument


@transaction.atomic
def finish_assessment(*, registration: Registration, actor: User) -> Assessment:
    """The allocated assessor declares the candidate's assessment finished: every unit of the scheme
    has a result. When every present candidate is finished the assessors' task of step 5 is signed off."""
    event = registration.event
    assessment = _allocated_assessment(registration=registration, actor=actor, lock=True)
    if assessment.completed_at is not None:
        raise ValidationError(
            _("Asesmen %(name)s sudah diselesaikan pada %(when)s.")
            % {"name": registration.full_name, "when": _when(assessment.completed_at)}
        )
    recorded = set(
        UnitResult.objects.filter(assessment=assessment, is_current=True).values_list("unit_id", flat=True)
    )
    missing = [unit.code for unit in scheme_units(event) if unit.pk not in recorded]
    if missing:
        raise ValidationError(
            _("Belum ada hasil untuk unit: %(units)s.") % {"units": ", ".join(missing)}, code="incomplete"
        )
    recommendation = refresh_recommendation(assessment)
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["completed_at", "updated_at"])
    record_event(
        assessment,
        "assessment.finished",
        actor=actor,
        organization=document_organization(event),
        data={
            "registration": registration.public_id,
            "candidate": registration.full_name,
            "recommendation": recommendation,
        },
    )
    _complete_assessors_task(event, actor)
    return assessment


@transaction.atomic
def give_feedback(*, registration: Registration, actor: User, feedback: str) -> Assessment:
    """The assessor's feedback to the candidate (FR.AK.03), once the assessment is finished; giving it
    again replaces it and the candidate reads it anew."""
    event = registration.event
    assessment = _allocated_assessment(registration=registration, actor=actor, lock=True)
    feedback = (feedback or "").strip()
    if assessment.completed_at is None:
        raise ValidationError(_("Selesaikan asesmen dahulu; umpan balik diberikan sesudahnya."))
    if not feedback:
        raise ValidationError({"feedback": _("Tuliskan umpan balik untuk asesi.")})
    if len(feedback) > MAX_TEXT:
        raise ValidationError({"feedback": _("Umpan balik paling panjang 5.000 karakter.")})
    assessment.feedback = feedback
    assessment.feedback_by = actor
    assessment.feedback_at = timezone.now()
    assessment.feedback_read_at = None
    assessment.save(
        update_fields=["feedback", "feedback_by", "feedback_at", "feedback_read_at", "updated_at"]
    )
    record_event(
        assessment,
        "assessment.feedback_given",
        actor=actor,
        organization=document_organization(event),
        data={"registration": registration.public_id, "feedback": feedback},
    )
    return assessment


@transaction.atomic
def mark_feedback_read(*, registration: Registration, actor: User) -> Assessment | None:
    """The candidate has read the feedback (recorded the first time they see it)."""
    if registration.candidate_id != actor.pk:
        raise PermissionDenied(_("Hanya asesi yang bersangkutan yang dapat membaca umpan balik ini."))
    assessment = Assessment.objects.select_for_update().filter(registration=registration).first()
    if assessment is None or not assessment.feedback or assessment.feedback_read_at is not None:
        return assessment
    assessment.feedback_read_at = timezone.now()
    assessment.save(update_fields=["feedback_read_at", "updated_at"])
    record_event(
        assessment,
        "assessment.feedback_read",
        actor=actor,
        organization=document_organization(registration.event),
        data={"registration": registration.public_id},
    )
    return assessment


# ---- appeals (FR.AK.04) ------------------------------------------------------------------------


@transaction.atomic
def submit_appeal(*, registration: Registration, actor: User, grounds: str) -> Appeal:
    """The candidate appeals against their assessment, with grounds; only once the results are out
    (the test day finished, every unit recorded) and with no other appeal still open."""
    if registration.candidate_id != actor.pk:
        raise PermissionDenied(_("Banding hanya dapat diajukan oleh asesi yang bersangkutan."))
    event = registration.event
    assessment = Assessment.objects.select_for_update().filter(registration=registration).first()
    if assessment is None or not assessment.recommendation or selectors.finished_report(event) is None:
        raise ValidationError(_("Banding dapat diajukan setelah hasil asesmen Anda tersedia."))
    grounds = (grounds or "").strip()
    if not grounds:
        raise ValidationError({"grounds": _("Tuliskan alasan banding Anda.")})
    if len(grounds) > MAX_TEXT:
        raise ValidationError({"grounds": _("Alasan banding paling panjang 5.000 karakter.")})
    open_appeal = assessment.appeals.filter(status=Appeal.Status.SUBMITTED).first()
    if open_appeal is not None:
        raise ValidationError(
            _("Banding Anda yang diajukan pada %(when)s masih menunggu keputusan LSP.")
            % {"when": _when(open_appeal.created_at)}
        )
    appeal = Appeal.objects.create(assessment=assessment, grounds=grounds, submitted_by=actor)
    record_event(
        appeal,
        "appeal.submitted",
        actor=actor,
        organization=event.lsp,
        data={"event": event.public_id, "registration": registration.public_id, "grounds": grounds},
    )
    return appeal


@transaction.atomic
def decide_appeal(*, appeal: Appeal, actor: User, status: str, decision: str) -> Appeal:
    """The LSP decides an appeal: upheld (assessed again) or dismissed, with the decision's text."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("assessment__registration__event__lsp", "decided_by")
        .get(pk=appeal.pk)
    )
    event = appeal.assessment.registration.event
    if not access.may(actor, access.DECIDE, event, access.Where.LSP):
        raise PermissionDenied(_("Banding diputuskan oleh LSP (Kabid Sertifikasi, Ketua LSP, Direktur)."))
    if appeal.status != Appeal.Status.SUBMITTED:
        raise ValidationError(
            _("Banding ini sudah diputuskan oleh %(name)s pada %(when)s.")
            % {"name": _name(appeal.decided_by), "when": _when(appeal.decided_at)}
        )
    errors: dict[str, str] = {}
    if status not in (Appeal.Status.UPHELD, Appeal.Status.DISMISSED):
        errors["status"] = _("Pilih keputusan: diterima (asesmen ulang) atau ditolak.")
    decision = (decision or "").strip()
    if not decision:
        errors["decision"] = _("Tuliskan isi keputusan banding.")
    elif len(decision) > MAX_TEXT:
        errors["decision"] = _("Keputusan paling panjang 5.000 karakter.")
    if errors:
        raise ValidationError(errors)
    appeal.status = status
    appeal.decision = decision
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["status", "decision", "decided_by", "decided_at", "updated_at"])
    record_event(
        appeal,
        "appeal.decided",
        actor=actor,
        organization=event.lsp,
        data={"event": event.public_id, "status": status, "decision": decision},
    )
    return appeal


# ---- finishing the test day --------------------------------------------------------------------


@dataclass(frozen=True)
class TestDayReport:
    """The report of a finished test day: the stored PDF and its number."""

    __test__ = False

    file: StoredFile
    number: str


def _report_sections(event: TestEvent) -> list[dict[str, Any]]:
    sheets = selectors.sheets_by_day(event)
    attendance_rows = []
    for day in selectors.event_days(event):
        cells = [indonesian_date(day)]
        for kind in (AttendanceSheet.Kind.CANDIDATES, AttendanceSheet.Kind.ASSESSORS):
            sheet = sheets.get((day, kind))
            entries = selectors.entries_of(sheet) if sheet else []
            present = sum(1 for entry in entries if entry.present)
            cells += [str(present), str(len(entries) - present), (sheet.number if sheet else "") or "-"]
        attendance_rows.append(cells)
    photos = selectors.photos_of(event)
    present_days = selectors.present_days(event)
    labels = dict(Verdict.choices)
    candidate_rows = []
    for index, row in enumerate(result_rows(event), start=1):
        attended = row.registration.pk in present_days
        assessor = row.assessment.assessor if row.assessment else None
        verdicts = [result.verdict for result in row.verdicts.values()]
        candidate_rows.append(
            [
                str(index),
                row.registration.full_name,
                _("Hadir") if attended else _("Tidak hadir"),
                str(assessor.user.full_name) if assessor else "-",
                f"{verdicts.count(Verdict.COMPETENT)} K / {verdicts.count(Verdict.NOT_YET_COMPETENT)} BK"
                if attended
                else "-",
                str(labels.get(row.recommendation, "-")) if attended else "-",
            ]
        )
    return [
        {
            "heading": _("Kehadiran"),
            "headers": [
                _("Tanggal"),
                _("Peserta hadir"),
                _("Peserta tidak hadir"),
                _("No. daftar hadir peserta"),
                _("Asesor hadir"),
                _("Asesor tidak hadir"),
                _("No. daftar hadir asesor"),
            ],
            "widths": [4, 2, 2, 5, 2, 2, 5],
            "rows": attendance_rows,
        },
        {
            "heading": _("Dokumentasi"),
            "text": _("%(count)s foto dokumentasi pelaksanaan uji.") % {"count": len(photos)},
            "headers": [_("No."), _("Tanggal"), _("Keterangan")],
            "widths": [1, 4, 12],
            "rows": [
                [str(i), indonesian_date(photo.day), photo.caption or "-"]
                for i, photo in enumerate(photos, 1)
            ],
        },
        {
            "heading": _("Rekomendasi asesor per peserta"),
            "text": _(
                "Rekomendasi asesor (K bila semua unit kompeten); keputusan sertifikasi ditetapkan oleh LSP."
            ),
            "headers": [_("No."), _("Nama"), _("Kehadiran"), _("Asesor"), _("Unit"), _("Rekomendasi")],
            "widths": [1, 6, 3, 5, 3, 4],
            "rows": candidate_rows,
        },
    ]


@transaction.atomic
def finish_test_day(*, event: TestEvent, actor: User) -> TestDayReport:
    """Finish the test day: refused while anything is missing (every attendance list closed, at least
    one photo, every present candidate's assessment finished — each named). Generates the numbered
    "Laporan pelaksanaan uji kompetensi", attaches it to step 5 ("Uji kompetensi dilaksanakan"),
    signs off the step's tasks whose work is done and marks the event done."""
    event = (
        TestEvent.objects.select_for_update(of=("self",))
        .select_related("scheme", "site", "lsp", "facilitator")
        .get(pk=event.pk)
    )
    _refuse_unless_conduct(actor, event)
    _refuse_if_closed_event(event)
    _refuse_if_test_day_finished(event)
    missing = selectors.missing_to_finish(event)
    if missing:
        raise ValidationError(
            _("Pelaksanaan uji belum dapat diselesaikan: %(missing)s.") % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    organization = document_organization(event)
    stored, number = generate_document(
        organization=organization,
        document_type="report",
        template=REPORT_TEMPLATE,
        data={
            "org": letterhead(organization),
            "title": _("Laporan pelaksanaan uji kompetensi"),
            "facts": _facts(event),
            "intro": _(
                "Uji kompetensi telah dilaksanakan sesuai jadwal dengan rincian kehadiran, dokumentasi "
                "dan rekomendasi asesor sebagai berikut."
            ),
            "sections": _report_sections(event),
            "place": _place(organization, event),
            "date": indonesian_date(timezone.localdate()),
            "signer": _signer(actor, _("Bidang Teknis Operasional")),
        },
        actor=actor,
        subject=event,
        title=_("Laporan pelaksanaan uji kompetensi · %(event)s") % {"event": event.title},
        filename=f"{REPORT_FILENAME}-{event.public_id.hex[:8]}",
    )
    record_event(
        event,
        "test_day.finished",
        actor=actor,
        organization=organization,
        data={"number": number, "file": stored.public_id, "sha256": stored.sha256},
    )
    # SOP PSM/DISNAKER-10 step 5: candidates and assessors first, the officer's report last.
    _complete_candidates_task(event)
    _complete_assessors_task(event)
    _record_output(event=event, file=stored, actor=actor)
    _advance_status(event, TestEvent.Status.DONE, actor)
    return TestDayReport(file=stored, number=number)


EVENT_LABELS = {
    "attendance_sheet.opened": gettext_lazy("Daftar hadir dibuka"),
    "attendance_sheet.closed": gettext_lazy("Daftar hadir ditutup dan dicetak"),
    "attendance_entry.signed": gettext_lazy("Daftar hadir ditandatangani"),
    "attendance_entry.absent": gettext_lazy("Ditandai tidak hadir"),
    "test_photo.added": gettext_lazy("Foto dokumentasi uji ditambahkan"),
    "test_photo.removed": gettext_lazy("Foto dokumentasi uji dihapus"),
    "assessment.allocated": gettext_lazy("Asesi dibagikan kepada asesor"),
    "unit_result.recorded": gettext_lazy("Hasil unit kompetensi dicatat"),
    "unit_result.corrected": gettext_lazy("Hasil unit kompetensi dikoreksi setelah berita acara"),
    "instrument.uploaded": gettext_lazy("Instrumen asesmen diunggah"),
    "assessment.finished": gettext_lazy("Asesmen asesi diselesaikan"),
    "assessment.feedback_given": gettext_lazy("Umpan balik asesor diberikan (FR.AK.03)"),
    "assessment.feedback_read": gettext_lazy("Umpan balik dibaca asesi"),
    "appeal.submitted": gettext_lazy("Banding diajukan (FR.AK.04)"),
    "appeal.decided": gettext_lazy("Banding diputuskan LSP"),
    "test_day.finished": gettext_lazy("Pelaksanaan uji kompetensi selesai; laporan dibuat"),
}
