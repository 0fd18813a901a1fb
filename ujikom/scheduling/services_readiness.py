"""Getting a test day ready (SOP PSM/DISNAKER-10 steps 1–4).

1. Administrasi distributes the schedule: the recap of accepted candidates, the schedule and the
   assessors' confirmations as documents, sent to the candidates.
2. Teknis Operasional fills the facility readiness form; the Kepala TUK confirms the plan.
3. Candidates are reminded at configurable times before the test (email and WhatsApp).
4. Candidates confirm attendance by the link in the message or in their portal.

Each document is attached to the step bound to its screen (`record_step_output`), so the event's
SOP run moves as the work is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import User
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.services import store_file
from ujikom.documents.typst import indonesian_date, letterhead
from ujikom.notifications.models import Channel
from ujikom.notifications.services import queue_message
from ujikom.registry.spreadsheets import write_xlsx
from ujikom.sop import engine

from . import selectors_readiness as selectors
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
from .sop_binding import open_tasks_for_action, record_step_output

TYPST = Path(__file__).resolve().parent / "typst" / "readiness_table.typ"

DISTRIBUTION_ACTION = "scheduling.schedule_distribution"
READINESS_ACTION = "scheduling.readiness"
REMINDERS_ACTION = "scheduling.reminders"
CONFIRMATION_ACTION = "scheduling.attendance_confirmation"

DISTRIBUTION_TEMPLATE = "test_schedule_distribution"
REMINDER_TEMPLATE = "test_attendance_reminder"
TEST_TIME = "08.00 WIB"
MAX_DAYS_BEFORE = 30
DEFAULT_RULES: tuple[tuple[int, int], ...] = ((7, 8), (1, 8))
CHANNELS = (Channel.EMAIL.value, Channel.WHATSAPP.value)

# The facility readiness form (form kesiapan sarana prasarana), item by item.
READINESS_ITEMS: list[tuple[str, Any]] = [
    ("rooms", gettext_lazy("Ruang uji (teori dan praktik) sesuai jumlah peserta")),
    ("equipment", gettext_lazy("Komputer/peralatan praktik per peserta")),
    ("materials", gettext_lazy("Materi uji dan perangkat asesmen (MUK)")),
    ("safety", gettext_lazy("Keselamatan dan kesehatan kerja (K3): APD, P3K, APAR, jalur evakuasi")),
    ("consumables", gettext_lazy("Bahan habis pakai")),
    ("documentation", gettext_lazy("Dokumentasi: daftar hadir, berita acara, kamera")),
]


# ---- documents ---------------------------------------------------------------------------------


def _dates(event: TestEvent) -> str:
    if event.ends_on == event.starts_on:
        return indonesian_date(event.starts_on)
    return f"{indonesian_date(event.starts_on)} s.d. {indonesian_date(event.ends_on)}"


def _facts(event: TestEvent) -> list[list[str]]:
    return [
        [_("Uji kompetensi"), event.title],
        [_("Skema"), f"{event.scheme.code} — {event.scheme.name}"],
        [_("Tanggal uji"), _dates(event)],
        [_("TUK"), f"{event.site.name}, {event.site.address}"],
        [_("LSP"), event.lsp.name],
    ]


def _document(
    *,
    event: TestEvent,
    actor: User,
    document_type: str,
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Any]],
    empty: str = "",
    intro: str = "",
    notes: str = "",
    signer_title: str = "",
    filename: str,
    subject: Any = None,
) -> tuple[StoredFile, str]:
    organization = selectors.document_organization(event)
    data = {
        "org": letterhead(organization),
        "title": title,
        "facts": _facts(event),
        "intro": intro,
        "headers": [str(h) for h in headers],
        "widths": list(widths),
        "rows": [["" if cell is None else str(cell) for cell in row] for row in rows],
        "empty": empty or _("Tidak ada data."),
        "notes": notes,
        "place": organization.city or "Tangerang",
        "date": indonesian_date(timezone.localdate()),
        "signer": {
            "title": actor.title or signer_title,
            "name": str(actor.full_name or actor),
            "nip": actor.nip or "",
        },
    }
    return generate_document(
        organization=organization,
        document_type=document_type,
        template=TYPST,
        data=data,
        actor=actor,
        subject=subject or event,
        title=f"{title} · {event.title}"[:255],
        filename=f"{filename}-{event.public_id.hex[:8]}",
    )


def _record_output(
    *, event: TestEvent, action: str, file: StoredFile, actor: User, complete: bool = True
) -> None:
    """Attach `file` to the step bound to `action` for the tasks `actor` plays; a step played by others
    (or no run at that step) is left alone, and the document still stands on its own."""
    tasks = open_tasks_for_action(event, action)
    if not tasks:
        return
    if all(engine.can_act_on(actor, task) for task in tasks):
        record_step_output(event=event, action=action, file=file, actor=actor, complete=complete)
        return
    for task in tasks:
        if not engine.can_act_on(actor, task):
            continue
        given = set(task.step_run.outputs.values_list("output_index", flat=True))
        missing = [index for index in range(len(task.step_run.step.outputs or [])) if index not in given]
        if missing:
            engine.attach_output(task=task, output_index=missing[0], file=file, actor=actor)
        others_open = task.step_run.tasks.filter(status__in=engine.OPEN_STATUSES).exclude(pk=task.pk).exists()
        if complete and (others_open or not engine.missing_outputs(task.step_run)):
            engine.complete_task(
                task=task, actor=actor, note=_("Diselesaikan melalui layar %(screen)s.") % {"screen": action}
            )


def _record_outputs_in_order(
    *, event: TestEvent, action: str, files: dict[str, StoredFile], actor: User
) -> None:
    """Attach files to the step's outputs by what each output names (its first matching keyword),
    in the step's order, so the same screen fits a step with one output per file or fewer."""
    tasks = open_tasks_for_action(event, action)
    if not tasks:
        return
    outputs = [str(name).lower() for name in tasks[0].step_run.step.outputs or []]
    used: list[StoredFile] = []
    for name in outputs:
        chosen = next((file for key, file in files.items() if key in name and file not in used), None)
        if chosen is None:
            chosen = next((file for file in files.values() if file not in used), None)
        if chosen is None:
            break
        used.append(chosen)
    for index, file in enumerate(used):
        _record_output(event=event, action=action, file=file, actor=actor, complete=index == len(used) - 1)


# ---- step 1: schedule distribution -------------------------------------------------------------


def _registration_rows(registrations: Sequence[Registration]) -> list[list[Any]]:
    return [
        [index, reg.full_name, reg.nik, reg.birth_place, reg.phone or "-", reg.email or "-"]
        for index, reg in enumerate(registrations, start=1)
    ]


@transaction.atomic
def generate_schedule_distribution(*, event: TestEvent, actor: User) -> ScheduleDistribution:
    """Generate the recap of accepted candidates, the schedule (PDF and xlsx) and the assessors'
    confirmations, and attach them to step 1 of the event's PSM/DISNAKER-10 run."""
    registrations = list(selectors.accepted_registrations(event))
    if not registrations:
        raise ValidationError(
            _("Belum ada calon peserta yang diterima; distribusi jadwal dibuat setelah permohonan diterima.")
        )
    recap, recap_number = _document(
        event=event,
        actor=actor,
        document_type="report",
        title=_("Rekap daftar calon peserta uji kompetensi"),
        headers=[_("No."), _("Nama"), _("NIK"), _("Tempat lahir"), _("Telepon"), _("Email")],
        widths=[1, 5, 4, 3, 3, 5],
        rows=_registration_rows(registrations),
        signer_title=_("Bagian Administrasi"),
        filename="rekap-calon-peserta",
    )
    days = [event.starts_on + dt.timedelta(days=n) for n in range((event.ends_on - event.starts_on).days + 1)]
    schedule_rows = [
        [index, indonesian_date(day), TEST_TIME, event.site.name, f"{event.scheme.code} {event.scheme.name}"]
        for index, day in enumerate(days, start=1)
    ]
    schedule, _number = _document(
        event=event,
        actor=actor,
        document_type="letter",
        title=_("Jadwal uji kompetensi"),
        headers=[_("No."), _("Tanggal"), _("Waktu"), _("TUK"), _("Skema")],
        widths=[1, 4, 2, 5, 6],
        rows=schedule_rows,
        intro=_("Jumlah calon peserta: %(count)s orang; kode jadwal BNSP: %(code)s.")
        % {"count": len(registrations), "code": event.bnsp_schedule_code or "-"},
        signer_title=_("Bagian Administrasi"),
        filename="jadwal-uji",
    )
    organization = selectors.document_organization(event)
    workbook = write_xlsx(
        [_("No."), _("Nama"), _("NIK"), _("Tanggal uji"), _("Waktu"), _("TUK"), _("Alamat TUK"), _("Skema")],
        (
            [
                index,
                reg.full_name,
                reg.nik,
                event.starts_on,
                TEST_TIME,
                event.site.name,
                event.site.address,
                event.scheme.name,
            ]
            for index, reg in enumerate(registrations, start=1)
        ),
        sheet_title=_("Jadwal uji"),
    )
    schedule_xlsx = store_file(
        organization=organization,
        content=workbook,
        name=f"jadwal-uji-{event.public_id.hex[:8]}.xlsx",
        actor=actor,
        title=_("Jadwal uji kompetensi (xlsx) · %(event)s") % {"event": event.title},
        subject=event,
        is_generated=True,
    )
    assignments = selectors.assessor_confirmations(event)
    confirmations, _number = _document(
        event=event,
        actor=actor,
        document_type="report",
        title=_("Konfirmasi asesor kompetensi"),
        headers=[_("No."), _("Asesor"), _("No. Reg."), _("Tanggal"), _("Asesi"), _("Jawaban"), _("Alasan")],
        widths=[1, 5, 5, 4, 2, 3, 4],
        rows=[
            [
                index,
                row["name"],
                row["registration_number"],
                indonesian_date(row["day"]) if row["day"] else "-",
                row["candidates"],
                row["status_label"],
                row["reason"] or "-",
            ]
            for index, row in enumerate(assignments, start=1)
        ],
        empty=_("Belum ada penugasan asesor."),
        signer_title=_("Bagian Administrasi"),
        filename="konfirmasi-asesor",
    )
    distribution = ScheduleDistribution.objects.create(
        event=event,
        recap=recap,
        recap_number=recap_number,
        schedule=schedule,
        schedule_xlsx=schedule_xlsx,
        confirmations=confirmations,
        created_by=actor,
    )
    record_event(
        distribution,
        "schedule_distribution.generated",
        actor=actor,
        organization=organization,
        data={"event": event.public_id, "number": recap_number, "candidates": len(registrations)},
    )
    # SOP PSM/DISNAKER-10 step 1: rekap calon peserta dan jadwal; konfirmasi dari asesor.
    _record_outputs_in_order(
        event=event,
        action=DISTRIBUTION_ACTION,
        files={"rekap": recap, "jadwal": schedule, "konfirmasi": confirmations},
        actor=actor,
    )
    return distribution


def confirmation_link(registration: Registration) -> str:
    return settings.SITE_URL + reverse("scheduling:confirm_by_link", args=[registration.confirmation_token])


def _message_context(registration: Registration, number: str = "") -> dict[str, Any]:
    event = registration.event
    return {
        "name": registration.full_name,
        "scheme": event.scheme.name,
        "event": event.title,
        "date": _dates(event),
        "time": TEST_TIME,
        "site": event.site.name,
        "address": event.site.address,
        "number": number,
        "link": confirmation_link(registration),
    }


def _send_to_candidate(
    *,
    registration: Registration,
    template_code: str,
    channels: Sequence[str],
    actor: User | None,
    number: str = "",
) -> tuple[list[str], list[str]]:
    """Queue the message on each channel the candidate has an address for; returns (sent, problems)."""
    event = registration.event
    sent: list[str] = []
    problems: list[str] = []
    for channel in channels:
        address = registration.email if channel == Channel.EMAIL else registration.phone
        if not address:
            problems.append(_("%(channel)s: alamat belum diisi") % {"channel": Channel(channel).label})
            continue
        try:
            with transaction.atomic():
                queue_message(
                    template_code=template_code,
                    channel=channel,
                    recipient=address,
                    context=_message_context(registration, number),
                    organization=selectors.document_organization(event),
                    subject=event,
                    actor=actor,
                )
        except ValidationError as error:
            problems.append(f"{Channel(channel).label}: {' '.join(error.messages)}")
            continue
        sent.append(channel)
    return sent, problems


@transaction.atomic
def send_schedule_distribution(*, distribution: ScheduleDistribution, actor: User) -> int:
    """Send the schedule to every accepted candidate by email and WhatsApp; returns how many were reached."""
    event = distribution.event
    reached = 0
    problems: dict[str, list[str]] = {}
    for registration in selectors.accepted_registrations(event):
        registration.event = event
        sent, trouble = _send_to_candidate(
            registration=registration,
            template_code=DISTRIBUTION_TEMPLATE,
            channels=CHANNELS,
            actor=actor,
            number=distribution.recap_number,
        )
        reached += bool(sent)
        if trouble:
            problems[registration.full_name] = trouble
    distribution.sent_at = timezone.now()
    distribution.sent_by = actor
    distribution.recipients = reached
    distribution.save(update_fields=["sent_at", "sent_by", "recipients", "updated_at"])
    record_event(
        distribution,
        "schedule_distribution.sent",
        actor=actor,
        organization=selectors.document_organization(event),
        data={"event": event.public_id, "recipients": reached, "problems": problems},
    )
    return reached


# ---- step 2: readiness form --------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessItem:
    key: str
    ready: bool
    note: str


def _complete_own_tasks(*, event: TestEvent, action: str, actor: User) -> None:
    """Sign off the actor's own open task of the step when it does not close the step (no output needed yet)."""
    for task in open_tasks_for_action(event, action):
        others_open = task.step_run.tasks.filter(status__in=engine.OPEN_STATUSES).exclude(pk=task.pk).exists()
        if others_open and engine.can_act_on(actor, task):
            engine.complete_task(task=task, actor=actor, note=_("Form kesiapan sarana prasarana diisi."))


@transaction.atomic
def fill_readiness(
    *, event: TestEvent, actor: User, items: Sequence[ReadinessItem], notes: str = ""
) -> ReadinessForm:
    """Teknis Operasional records each item as ready or not, with a note (SOP PSM/DISNAKER-10 step 2.1)."""
    if not selectors.may_fill_readiness(actor, event):
        raise PermissionDenied(_("Form kesiapan diisi oleh Bidang Teknis Operasional."))
    known = {key for key, _label in READINESS_ITEMS}
    given = {item.key: item for item in items}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(given) - known)
    if unknown:
        errors.setdefault("__all__", []).append(
            _("Butir %(keys)s tidak dikenal.") % {"keys": ", ".join(unknown)}
        )
    for key, label in READINESS_ITEMS:
        item = given.get(key)
        if item is None:
            errors.setdefault(f"{key}_ready", []).append(
                _("Butir “%(label)s” belum diisi.") % {"label": label}
            )
        elif not item.ready and not item.note.strip():
            errors.setdefault(f"{key}_note", []).append(
                _("Butir “%(label)s” belum siap: tulis catatan apa yang kurang.") % {"label": label}
            )
    if errors:
        raise ValidationError(errors)
    checklist = [
        {"key": key, "ready": given[key].ready, "note": given[key].note.strip()}
        for key, _label in READINESS_ITEMS
    ]
    form = ReadinessForm.objects.select_for_update().filter(event=event).first()
    if form is not None and form.is_confirmed:
        raise ValidationError(
            _("Form kesiapan sudah dikonfirmasi Kepala TUK pada %(when)s dan tidak dapat diubah lagi.")
            % {"when": timezone.localtime(form.confirmed_at).strftime("%d-%m-%Y %H:%M")}
        )
    now = timezone.now()
    if form is None:
        form = ReadinessForm(event=event)
    form.checklist = checklist
    form.notes = notes.strip()
    form.filled_by = actor
    form.filled_at = now
    form.save()
    record_event(
        form,
        "readiness.filled",
        actor=actor,
        organization=event.site.owner,
        data={"event": event.public_id, "checklist": checklist, "notes": form.notes},
    )
    _complete_own_tasks(event=event, action=READINESS_ACTION, actor=actor)
    return form


def checklist_rows(form: ReadinessForm) -> list[dict[str, Any]]:
    labels = dict(READINESS_ITEMS)
    return [
        {
            "key": row["key"],
            "label": labels.get(row["key"], row["key"]),
            "ready": row["ready"],
            "note": row["note"],
        }
        for row in form.checklist
    ]


@transaction.atomic
def confirm_readiness(*, event: TestEvent, actor: User, notes: str = "") -> ReadinessForm:
    """The Kepala TUK confirms the plan (SOP PSM/DISNAKER-10 step 2.2); the form is printed and attached."""
    if not selectors.may_confirm_readiness(actor, event):
        raise PermissionDenied(
            _("Rencana pelaksanaan hanya dapat dikonfirmasi oleh Kepala TUK %(site)s.")
            % {"site": event.site.name}
        )
    form = ReadinessForm.objects.select_for_update().filter(event=event).first()
    if form is None:
        raise ValidationError(_("Form kesiapan belum diisi oleh Bidang Teknis Operasional."))
    if form.is_confirmed:
        raise ValidationError(_("Form kesiapan sudah dikonfirmasi."))
    if notes.strip():
        form.notes = "\n".join(
            part for part in (form.notes, _("Kepala TUK: %(note)s") % {"note": notes.strip()}) if part
        )
    now = timezone.now()
    form.confirmed_by = actor
    form.confirmed_at = now
    not_ready = [row["label"] for row in checklist_rows(form) if not row["ready"]]
    stored, number = _document(
        event=event,
        actor=actor,
        document_type="report",
        title=_("Form kesiapan sarana prasarana uji kompetensi"),
        headers=[_("No."), _("Butir"), _("Kesiapan"), _("Catatan")],
        widths=[1, 8, 3, 6],
        rows=[
            [index, row["label"], _("Siap") if row["ready"] else _("Belum siap"), row["note"] or "-"]
            for index, row in enumerate(checklist_rows(form), start=1)
        ],
        intro=_("Diisi oleh %(name)s (Bidang Teknis Operasional) pada %(date)s; dikonfirmasi Kepala TUK.")
        % {
            "name": form.filled_by.full_name or form.filled_by,
            "date": indonesian_date(timezone.localdate(form.filled_at)),
        },
        notes=form.notes,
        signer_title=_("Kepala TUK"),
        filename="kesiapan-sarpras",
        subject=form,
    )
    form.file = stored
    form.number = number
    form.save(update_fields=["confirmed_by", "confirmed_at", "file", "number", "notes", "updated_at"])
    record_event(
        form,
        "readiness.confirmed",
        actor=actor,
        organization=event.site.owner,
        data={"event": event.public_id, "number": number, "not_ready": not_ready},
    )
    _record_output(event=event, action=READINESS_ACTION, file=stored, actor=actor)
    return form


# ---- step 3: reminders -------------------------------------------------------------------------


def _check_rule(days_before: int, hour: int, channels: Sequence[str]) -> None:
    errors: dict[str, str] = {}
    if not 0 <= days_before <= MAX_DAYS_BEFORE:
        errors["days_before"] = _("Hari sebelum uji harus 0 sampai %(max)s.") % {"max": MAX_DAYS_BEFORE}
    if not 0 <= hour <= 23:
        errors["hour"] = _("Jam harus 0 sampai 23 (WIB).")
    if not channels:
        errors["channels"] = _("Pilih sedikitnya satu kanal: email atau WhatsApp.")
    elif any(channel not in CHANNELS for channel in channels):
        errors["channels"] = _("Kanal pengingat hanya email dan WhatsApp.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_reminder_rule(
    *, event: TestEvent, actor: User, days_before: int, hour: int = 8, channels: Sequence[str] = CHANNELS
) -> ReminderRule:
    _check_rule(days_before, hour, channels)
    if ReminderRule.objects.filter(event=event, days_before=days_before, hour=hour).exists():
        raise ValidationError(
            {
                "days_before": _("Pengingat H-%(days)s pukul %(hour)02d.00 sudah ada.")
                % {"days": days_before, "hour": hour}
            }
        )
    rule = ReminderRule.objects.create(
        event=event, days_before=days_before, hour=hour, channels=list(channels)
    )
    record_event(
        event,
        "reminder_rule.added",
        actor=actor,
        organization=event.lsp,
        data={"days_before": days_before, "hour": hour, "channels": list(channels)},
    )
    return rule


@transaction.atomic
def add_default_reminder_rules(*, event: TestEvent, actor: User) -> list[ReminderRule]:
    """H-7 and H-1 at 08.00 WIB, by email and WhatsApp (those not already there)."""
    return [
        add_reminder_rule(event=event, actor=actor, days_before=days, hour=hour)
        for days, hour in DEFAULT_RULES
        if not ReminderRule.objects.filter(event=event, days_before=days, hour=hour).exists()
    ]


@transaction.atomic
def remove_reminder_rule(*, rule: ReminderRule, actor: User) -> None:
    record_event(
        rule.event,
        "reminder_rule.removed",
        actor=actor,
        organization=rule.event.lsp,
        data={"days_before": rule.days_before, "hour": rule.hour},
    )
    rule.delete()


def rule_due_at(rule: ReminderRule, event: TestEvent) -> dt.datetime:
    day = event.starts_on - dt.timedelta(days=rule.days_before)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rule.hour)))


@transaction.atomic
def _send_reminder(
    *, registration: Registration, rule: ReminderRule | None, actor: User | None, now: dt.datetime
) -> ReminderSent | None:
    """One reminder to one candidate; once per rule (a second call for the same rule does nothing)."""
    if rule is not None:
        try:
            with transaction.atomic():
                sent = ReminderSent.objects.create(
                    registration=registration, rule=rule, sent_at=now, sent_by=actor
                )
        except IntegrityError:
            return None
    else:
        sent = ReminderSent(registration=registration, rule=None, sent_at=now, sent_by=actor)
    channels = rule.channels if rule is not None else list(CHANNELS)
    done, problems = _send_to_candidate(
        registration=registration, template_code=REMINDER_TEMPLATE, channels=channels, actor=actor
    )
    sent.channels = done
    sent.problems = "; ".join(problems)
    sent.save()
    return sent


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Send every reminder whose time has come to each accepted candidate who has not had it; returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = (
        ReminderRule.objects.filter(
            event__starts_on__gte=today,
            event__starts_on__lte=today + dt.timedelta(days=MAX_DAYS_BEFORE),
        )
        .exclude(event__status__in=[TestEvent.Status.CANCELLED, TestEvent.Status.DONE])
        .select_related("event__scheme", "event__site", "event__facilitator", "event__lsp")
    )
    count = 0
    for rule in rules:
        if rule_due_at(rule, rule.event) > now:
            continue
        pending = Registration.objects.filter(event=rule.event, status=Registration.Status.ACCEPTED).exclude(
            reminders_sent__rule=rule
        )
        for registration in pending:
            registration.event = rule.event
            if _send_reminder(registration=registration, rule=rule, actor=None, now=now) is not None:
                count += 1
    return count


@transaction.atomic
def send_reminders_now(
    *, event: TestEvent, actor: User, registrations: Iterable[Registration] | None = None
) -> int:
    """ "Kirim pengingat sekarang": remind the accepted candidates (or those given) at once, then record
    the reminders-sent report for step 3."""
    now = timezone.now()
    chosen = (
        list(registrations) if registrations is not None else list(selectors.accepted_registrations(event))
    )
    if not chosen:
        raise ValidationError(_("Belum ada calon peserta yang diterima untuk diingatkan."))
    for registration in chosen:
        registration.event = event
        _send_reminder(registration=registration, rule=None, actor=actor, now=now)
    record_event(
        event, "reminders.sent_now", actor=actor, organization=event.lsp, data={"count": len(chosen)}
    )
    if registrations is None:
        record_reminders_report(event=event, actor=actor)
    return len(chosen)


@transaction.atomic
def record_reminders_report(*, event: TestEvent, actor: User) -> ReadinessReport:
    """The report of the reminders sent (SOP PSM/DISNAKER-10 step 3 output), attached to the step."""
    sent = selectors.reminders_sent_of(event, limit=10_000)
    if not sent:
        raise ValidationError(_("Belum ada pengingat yang terkirim."))
    labels = dict(Channel.choices)
    stored, number = _document(
        event=event,
        actor=actor,
        document_type="report",
        title=_("Laporan pengingat kepada calon peserta"),
        headers=[_("No."), _("Nama"), _("Pengingat"), _("Dikirim"), _("Kanal"), _("Kendala")],
        widths=[1, 5, 3, 4, 3, 5],
        rows=[
            [
                index,
                row.registration.full_name,
                str(row.rule) if row.rule else _("manual"),
                timezone.localtime(row.sent_at).strftime("%d-%m-%Y %H.%M"),
                ", ".join(str(labels.get(c, c)) for c in row.channels) or "-",
                row.problems or "-",
            ]
            for index, row in enumerate(reversed(sent), start=1)
        ],
        intro=_(
            "Informasi kesiapan sarana dan prasarana serta tempat uji kompetensi telah disampaikan kepada calon peserta."
        ),
        signer_title=_("Bagian Administrasi"),
        filename="laporan-pengingat",
    )
    report = ReadinessReport.objects.create(
        event=event, kind=ReadinessReport.Kind.REMINDERS, file=stored, number=number, created_by=actor
    )
    record_event(report, "reminders.reported", actor=actor, organization=event.lsp, data={"number": number})
    _record_output(event=event, action=REMINDERS_ACTION, file=stored, actor=actor)
    return report


# ---- step 4: attendance confirmation -----------------------------------------------------------


@transaction.atomic
def answer_attendance(
    *, registration: Registration, attending: bool, reason: str = "", via: str, actor: User | None
) -> AttendanceAnswer:
    """The candidate confirms attendance, or says they cannot come and why (SOP PSM/DISNAKER-10 step 4)."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("event__scheme", "event__site")
        .get(pk=registration.pk)
    )
    event = registration.event
    if registration.status != Registration.Status.ACCEPTED:
        raise ValidationError(
            _("Hanya peserta yang permohonannya diterima yang dapat mengonfirmasi kehadiran.")
        )
    if (
        event.status in (TestEvent.Status.CANCELLED, TestEvent.Status.DONE)
        or event.ends_on < timezone.localdate()
    ):
        raise ValidationError(_("Uji kompetensi ini sudah selesai atau dibatalkan."))
    reason = reason.strip()
    if not attending and not reason:
        raise ValidationError({"reason": _("Tuliskan alasan Anda tidak dapat hadir.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Alasan paling panjang 1.000 karakter.")})
    now = timezone.now()
    answer, _created = AttendanceAnswer.objects.update_or_create(
        registration=registration,
        defaults={
            "answer": AttendanceAnswer.Answer.ATTENDING if attending else AttendanceAnswer.Answer.ABSENT,
            "reason": "" if attending else reason,
            "via": via,
            "answered_at": now,
            "answered_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )
    registration.attendance_confirmed_at = now if attending else None
    registration.save(update_fields=["attendance_confirmed_at", "updated_at"])
    record_event(
        registration,
        "attendance.confirmed" if attending else "attendance.declined",
        actor=actor,
        organization=selectors.document_organization(event),
        data={"event": event.public_id, "via": via, "reason": answer.reason},
    )
    if selectors.confirmation_summary(event).complete:
        _record_confirmation_list(event=event, actor=actor, registration=registration)
    return answer


def _candidate_player(event: TestEvent, actor: User | None) -> User | None:
    """Who signs off step 4 for the candidates: the one who answered last when they play the step's
    actor, else another accepted candidate who does (the step is theirs, not the office's)."""
    tasks = open_tasks_for_action(event, CONFIRMATION_ACTION)
    if not tasks:
        return None
    people = [actor] if actor is not None and actor.is_authenticated else []
    people += [
        reg.candidate
        for reg in selectors.accepted_registrations(event)
        if reg.candidate is not None and reg.candidate.is_active
    ]
    return next((person for person in people if engine.can_act_on(person, tasks[0])), None)


@transaction.atomic
def _record_confirmation_list(
    *, event: TestEvent, actor: User | None, registration: Registration
) -> ReadinessReport | None:
    """Every accepted candidate has answered: print the confirmation list and attach it to step 4."""
    player = _candidate_player(event, actor)
    signer = player or (actor if actor is not None and actor.is_authenticated else None)
    if signer is None:
        distribution = selectors.latest_distribution(event)
        signer = distribution.created_by if distribution is not None else None
    if signer is None:
        return None
    return record_confirmation_list(event=event, actor=signer, player=player)


@transaction.atomic
def record_confirmation_list(*, event: TestEvent, actor: User, player: User | None = None) -> ReadinessReport:
    """The list of attendance answers (step 4 output): generated and attached to the candidates' step."""
    answered = list(selectors.answered_registrations(event))
    stored, number = _document(
        event=event,
        actor=actor,
        document_type="report",
        title=_("Daftar konfirmasi kehadiran calon peserta"),
        headers=[_("No."), _("Nama"), _("NIK"), _("Jawaban"), _("Alasan"), _("Melalui"), _("Waktu")],
        widths=[1, 5, 4, 3, 5, 3, 3],
        rows=[
            [
                index,
                reg.full_name,
                reg.nik,
                reg.attendance_answer.get_answer_display(),
                reg.attendance_answer.reason or "-",
                reg.attendance_answer.get_via_display(),
                timezone.localtime(reg.attendance_answer.answered_at).strftime("%d-%m-%Y %H.%M"),
            ]
            for index, reg in enumerate(answered, start=1)
        ],
        signer_title=_("Bagian Administrasi"),
        filename="konfirmasi-kehadiran",
    )
    report = ReadinessReport.objects.create(
        event=event, kind=ReadinessReport.Kind.CONFIRMATIONS, file=stored, number=number, created_by=actor
    )
    record_event(
        report, "attendance.list_recorded", actor=actor, organization=event.lsp, data={"number": number}
    )
    player = player if player is not None else _candidate_player(event, actor)
    if player is not None:
        _record_output(event=event, action=CONFIRMATION_ACTION, file=stored, actor=player)
    return report


@transaction.atomic
def resend_confirmation_request(*, registration: Registration, actor: User) -> ReminderSent | None:
    """Send the reminder with the confirmation link again to one candidate who has not answered."""
    if hasattr(registration, "attendance_answer"):
        raise ValidationError(_("%(name)s sudah menjawab.") % {"name": registration.full_name})
    return _send_reminder(registration=registration, rule=None, actor=actor, now=timezone.now())


EVENT_LABELS = {
    "schedule_distribution.generated": gettext_lazy("Rekap dan jadwal uji kompetensi dibuat"),
    "schedule_distribution.sent": gettext_lazy("Jadwal uji dikirim kepada calon peserta"),
    "readiness.filled": gettext_lazy("Form kesiapan sarana prasarana diisi"),
    "readiness.confirmed": gettext_lazy("Rencana pelaksanaan dikonfirmasi Kepala TUK"),
    "reminder_rule.added": gettext_lazy("Aturan pengingat ditambahkan"),
    "reminder_rule.removed": gettext_lazy("Aturan pengingat dihapus"),
    "reminders.sent_now": gettext_lazy("Pengingat dikirim sekarang"),
    "reminders.reported": gettext_lazy("Laporan pengingat dibuat"),
    "attendance.confirmed": gettext_lazy("Calon peserta mengonfirmasi kehadiran"),
    "attendance.declined": gettext_lazy("Calon peserta tidak dapat hadir"),
    "attendance.list_recorded": gettext_lazy("Daftar konfirmasi kehadiran dibuat"),
}
