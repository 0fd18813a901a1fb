"""The LSP's decision on an event's results (SOP STMI 1.3.3 step 6, first part).

Once the event's minutes are locked and the site's recommendation has reached the LSP, Kabid
Sertifikasi records the plenary meeting (rapat pleno) and prepares the decree (SK Penetapan) of
the candidates recommended competent (K) — never a BK or not yet assessed one. The approval chain:
Kabid Sertifikasi proposes → Ketua LSP endorses or returns → Direktur signs or returns. Roles are
checked in the LSP, acting officials (Plt/Plh) included. Signing numbers the decree and the plenary
minutes and draws both (PDF). A returned decision stays on record and a new one may be prepared.

Each step leaves an audit event and moves the event's STMI run: the Ketua LSP's task is done at
endorsement, the Direktur's at signing with the minutes and decree (one PDF) as "Berita Acara dan
SK Penetapan hasil asesmen". The Kabid Sertifikasi's task closes the step when the BNSP numbers are
recorded (`services_blanks`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.access import active_assignments, has_any_role
from ujikom.core.audit import record_event
from ujikom.core.models import Organization, Role, RoleAssignment, User
from ujikom.core.numbering import next_number
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.typst import indonesian_date, letterhead
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.scheduling.sop_binding import open_tasks_for_action
from ujikom.sop import engine
from ujikom.sop.models import StepRun, Task

from . import results
from .models import Decision, DecisionApproval, DecisionEntry, Minutes, Recommendation, Verdict

ACTION = "assessment.decision"
TYPST = Path(__file__).resolve().parent / "typst"

HEAD_ROLE = "head_certification"  # Kabid Sertifikasi: prepares and proposes
CHAIR_ROLE = "lsp_chair"  # Ketua LSP: endorses or returns
DIRECTOR_ROLE = "director"  # Direktur: signs or returns

# Words that name each output of STMI step 6 (the step's own output names, lower case).
DECREE_OUTPUT = ("sk penetapan", "berita acara")
LETTER_OUTPUT = ("blangko",)
CERTIFICATES_OUTPUT = ("sertifikat kompetensi", "sertifikat")

COMBINED_PREFIX = "ba-sk-penetapan"
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

EVENT_LABELS = {
    "decision.prepared": gettext_lazy("Rapat pleno dicatat dan SK Penetapan disiapkan"),
    "decision.updated": gettext_lazy("Draf SK Penetapan diubah"),
    "decision.proposed": gettext_lazy("SK Penetapan diajukan Kabid Sertifikasi"),
    "decision.endorsed": gettext_lazy("SK Penetapan disetujui Ketua LSP"),
    "decision.returned": gettext_lazy("SK Penetapan dikembalikan"),
    "decision.signed": gettext_lazy("SK Penetapan ditandatangani Direktur"),
    "decision.recommendation_received": gettext_lazy("Rekomendasi TUK diterima LSP"),
}


# ---- words and people on the documents --------------------------------------------------------

_ONES = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def spelled(number: int) -> str:
    """An amount in Indonesian words, as letters write it next to the figure: 21 → "dua puluh satu"."""
    if number < 0:
        return "minus " + spelled(-number)
    if number < 12:
        return _ONES[number] or "nol"
    if number < 20:
        return f"{_ONES[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{_ONES[tens]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if number < 200:
        return "seratus" + (f" {spelled(number - 100)}" if number > 100 else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} ratus" + (f" {spelled(rest)}" if rest else "")
    if number < 2000:
        return "seribu" + (f" {spelled(number - 1000)}" if number > 1000 else "")
    if number < 1_000_000:
        thousands, rest = divmod(number, 1000)
        return f"{spelled(thousands)} ribu" + (f" {spelled(rest)}" if rest else "")
    millions, rest = divmod(number, 1_000_000)
    return f"{spelled(millions)} juta" + (f" {spelled(rest)}" if rest else "")


def weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def event_dates(event: TestEvent) -> str:
    if event.ends_on == event.starts_on:
        return indonesian_date(event.starts_on)
    return f"{indonesian_date(event.starts_on)} s.d. {indonesian_date(event.ends_on)}"


def institution_name(lsp: Organization) -> str:
    """Whose Direktur signs: the institution the LSP belongs to, else the LSP itself."""
    return lsp.parent.name if lsp.parent_id and lsp.parent is not None else lsp.name


def official(user: User, lsp: Organization, role_key: str, office: str) -> dict[str, str]:
    """A signature block: the office (prefixed Plt./Plh. when held in that capacity), name and NIP."""
    capacity = next(
        (
            assignment.capacity
            for assignment in active_assignments(user)
            if assignment.organization_id == lsp.pk and assignment.role.key == role_key
        ),
        RoleAssignment.Capacity.DEFINITIVE,
    )
    prefixes: dict[str, str] = {RoleAssignment.Capacity.PLT: "Plt. ", RoleAssignment.Capacity.PLH: "Plh. "}
    prefix = prefixes.get(str(capacity), "")
    return {"title": f"{prefix}{office}", "name": user.full_name or user.get_username(), "nip": user.nip}


def director_office(lsp: Organization) -> str:
    return f"Direktur {institution_name(lsp)}"


def chair_office(lsp: Organization) -> str:
    return f"Ketua {lsp.name}"


HEAD_OFFICE = "Kepala Bidang Sertifikasi"


# ---- who may act --------------------------------------------------------------------------------


def holds_role(user: User, lsp: Organization, role_key: str) -> bool:
    """Whether the user holds the role in the LSP today, as its holder or acting (Plt/Plh)."""
    return has_any_role(user, [role_key], lsp)


def _require_role(user: User, lsp: Organization, role_key: str, doing: str) -> None:
    if not holds_role(user, lsp, role_key):
        role = Role.objects.filter(key=role_key).first()
        raise PermissionDenied(
            _("%(doing)s hanya dapat dilakukan oleh %(role)s %(lsp)s (termasuk Plt/Plh).")
            % {"doing": doing, "role": role.name if role else role_key, "lsp": lsp.name}
        )


# ---- the SOP run ------------------------------------------------------------------------------


def _tasks_of(event: TestEvent, actor: User, role_key: str) -> list[Task]:
    """The open tasks of the step bound to the decision screen that `actor` plays as `role_key`
    (a task offered to named people counts when the actor is one of them)."""
    return [
        task
        for task in open_tasks_for_action(event, ACTION)
        if engine.can_act_on(actor, task)
        and (
            task.candidate_role_id is None
            or task.candidate_role is None
            or task.candidate_role.key == role_key
        )
    ]


def _output_index(task: Task, keywords: Sequence[str]) -> int | None:
    names = [str(name).lower() for name in task.step_run.step.outputs or []]
    for keyword in keywords:
        found = next((index for index, name in enumerate(names) if keyword in name), None)
        if found is not None:
            return found
    given = set(task.step_run.outputs.values_list("output_index", flat=True))
    return next((index for index in range(len(names)) if index not in given), None)


def record_sop_work(
    *,
    event: TestEvent,
    actor: User,
    role_key: str,
    files: Sequence[tuple[StoredFile, Sequence[str]]] = (),
    complete: bool,
    fill_missing: Sequence[tuple[StoredFile, Sequence[str]]] = (),
) -> None:
    """Attach `files` to the outputs they name on the tasks `actor` plays as `role_key`, fill the
    outputs still missing from `fill_missing`, and (when `complete`) sign the task off once that is
    allowed: another task of the step is still open, or nothing is missing. Work played by someone
    else, or no run at that step, is left alone; the documents stand on their own."""
    for task in _tasks_of(event, actor, role_key):
        for file, keywords in files:
            index = _output_index(task, keywords)
            if index is not None:
                engine.attach_output(task=task, output_index=index, file=file, actor=actor)
        for file, keywords in fill_missing:
            given = set(task.step_run.outputs.values_list("output_index", flat=True))
            index = _output_index(task, keywords)
            if index is not None and index not in given:
                engine.attach_output(task=task, output_index=index, file=file, actor=actor)
        if not complete or task.step_run.status != StepRun.Status.ACTIVE:
            continue
        others_open = task.step_run.tasks.filter(status__in=engine.OPEN_STATUSES).exclude(pk=task.pk).exists()
        if others_open or not engine.missing_outputs(task.step_run):
            engine.complete_task(
                task=task, actor=actor, note=_("Diselesaikan melalui layar %(screen)s.") % {"screen": ACTION}
            )


# ---- preparing --------------------------------------------------------------------------------


def _locked_event(event: TestEvent) -> TestEvent:
    return (
        TestEvent.objects.select_for_update(of=("self",))
        .select_related("lsp__parent", "scheme", "site", "funding")
        .get(pk=event.pk)
    )


def _locked_decision(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("lsp__parent", "event__lsp__parent", "event__scheme", "event__site", "prepared_by")
        .get(pk=decision.pk)
    )


def handed_over(event: TestEvent) -> tuple[Minutes, Recommendation]:
    """The event's locked minutes and its recommendation to the LSP; refused while either is missing."""
    minutes = Minutes.objects.filter(event=event).first()
    if minutes is None or not minutes.is_locked:
        raise ValidationError(
            _(
                "Berita acara uji kompetensi belum ditandatangani lengkap, jadi hasil uji belum dikunci. "
                "Keputusan LSP dibuat setelah berita acara dikunci."
            )
        )
    recommendation = Recommendation.objects.filter(event=event).select_related("received_by").first()
    if recommendation is None:
        raise ValidationError(_("Rekomendasi TUK kepada LSP untuk uji kompetensi ini belum diserahkan."))
    return minutes, recommendation


def _meeting(
    *,
    event: TestEvent,
    meeting_held_on: dt.date | None,
    meeting_place: str,
    attendees: str,
    meeting_notes: str,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "meeting_held_on": meeting_held_on,
        "meeting_place": " ".join((meeting_place or "").split()),
        "attendees": (attendees or "").strip(),
        "meeting_notes": (meeting_notes or "").strip(),
    }
    errors: dict[str, str] = {}
    if meeting_held_on is None:
        errors["meeting_held_on"] = _("Isi tanggal rapat pleno.")
    elif meeting_held_on > timezone.localdate():
        errors["meeting_held_on"] = _("Tanggal rapat pleno tidak boleh di masa depan.")
    elif meeting_held_on < event.starts_on:
        errors["meeting_held_on"] = _("Rapat pleno tidak mungkin sebelum uji kompetensi (%(date)s).") % {
            "date": indonesian_date(event.starts_on)
        }
    if not values["meeting_place"]:
        errors["meeting_place"] = _("Isi tempat rapat pleno.")
    elif len(values["meeting_place"]) > 255:
        errors["meeting_place"] = _("Tempat rapat paling panjang 255 karakter.")
    if not values["attendees"]:
        errors["attendees"] = _("Tuliskan peserta rapat pleno, satu orang per baris.")
    if errors:
        raise ValidationError(errors)
    return values


def refuse_not_competent(event: TestEvent, chosen: Iterable[Registration]) -> list[Registration]:
    """The chosen candidates in name order, each recommended K; refused naming the others."""
    competent = results.competent_registrations(event)
    competent_ids = {registration.pk for registration in competent}
    chosen = list(chosen)
    others = [registration for registration in chosen if registration.event_id != event.pk]
    if others:
        raise ValidationError(
            {
                "registrations": _("Bukan asesi uji kompetensi ini: %(names)s")
                % {"names": ", ".join(r.full_name for r in others)}
            }
        )
    refused = [registration for registration in chosen if registration.pk not in competent_ids]
    if refused:
        raise ValidationError(
            {
                "registrations": _("SK Penetapan tidak boleh memuat asesi Belum Kompeten: %(names)s")
                % {"names": ", ".join(r.full_name for r in refused)}
            }
        )
    wanted = {registration.pk for registration in chosen}
    return [registration for registration in competent if registration.pk in wanted]


def _entries_for(event: TestEvent, registrations: Sequence[Registration] | None) -> list[Registration]:
    if registrations is None:
        chosen = results.competent_registrations(event)
        if not chosen:
            raise ValidationError(
                _(
                    "Tidak ada asesi yang direkomendasikan Kompeten (K) pada uji ini; SK Penetapan tidak dapat dibuat."
                )
            )
        return chosen
    if not registrations:
        raise ValidationError(
            {"registrations": _("Pilih sedikitnya satu asesi Kompeten untuk SK Penetapan.")}
        )
    return refuse_not_competent(event, registrations)


def _acknowledge(recommendation: Recommendation, *, event: TestEvent, actor: User) -> None:
    """The LSP's receipt of the recommendation, recorded by the first decision prepared on it."""
    if recommendation.received_at is not None:
        return
    recommendation.received_at = timezone.now()
    recommendation.received_by = actor
    recommendation.save(update_fields=["received_at", "received_by", "updated_at"])
    record_event(
        recommendation,
        "decision.recommendation_received",
        actor=actor,
        organization=event.lsp,
        data={"event": event.public_id, "number": recommendation.number},
    )


def _write_entries(decision: Decision, registrations: Sequence[Registration]) -> None:
    DecisionEntry.objects.bulk_create(
        DecisionEntry(decision=decision, registration=registration, position=position)
        for position, registration in enumerate(registrations, start=1)
    )


@transaction.atomic
def prepare_decision(
    *,
    event: TestEvent,
    actor: User,
    meeting_held_on: dt.date | None,
    meeting_place: str,
    attendees: str,
    meeting_notes: str = "",
    registrations: Sequence[Registration] | None = None,
) -> Decision:
    """Kabid Sertifikasi records the plenary meeting and prepares the decree (a draft).

    `registrations`: the candidates the decree lists (None: every candidate recommended K); a BK or
    not yet assessed candidate is refused. The recommendation's receipt is recorded if it was not."""
    _require_role(actor, event.lsp, HEAD_ROLE, _("Menyiapkan SK Penetapan"))
    event = _locked_event(event)
    _minutes, recommendation = handed_over(event)
    current = Decision.objects.filter(event=event).exclude(status=Decision.Status.RETURNED).first()
    if current is not None:
        raise ValidationError(
            _(
                "Keputusan untuk uji kompetensi ini sudah ada (status: %(status)s); ubah draf itu bila masih draf."
            )
            % {"status": current.get_status_display()}
        )
    values = _meeting(
        event=event,
        meeting_held_on=meeting_held_on,
        meeting_place=meeting_place,
        attendees=attendees,
        meeting_notes=meeting_notes,
    )
    chosen = _entries_for(event, registrations)
    _acknowledge(recommendation, event=event, actor=actor)
    decision = Decision.objects.create(lsp=event.lsp, event=event, prepared_by=actor, **values)
    _write_entries(decision, chosen)
    record_event(
        decision,
        "decision.prepared",
        actor=actor,
        organization=event.lsp,
        data={
            "event": event.public_id,
            "meeting_held_on": values["meeting_held_on"],
            "entries": [registration.full_name for registration in chosen],
        },
    )
    return decision


@transaction.atomic
def update_decision(
    *,
    decision: Decision,
    actor: User,
    meeting_held_on: dt.date | None,
    meeting_place: str,
    attendees: str,
    meeting_notes: str = "",
    registrations: Sequence[Registration] | None = None,
) -> Decision:
    """Change the plenary record or the decree's list while the decision is still a draft."""
    _require_role(actor, decision.lsp, HEAD_ROLE, _("Mengubah draf SK Penetapan"))
    decision = _locked_decision(decision)
    if decision.status != Decision.Status.DRAFT:
        raise ValidationError(
            _("Hanya draf yang dapat diubah; SK ini berstatus %(status)s.")
            % {"status": decision.get_status_display()}
        )
    event = decision.event
    values = _meeting(
        event=event,
        meeting_held_on=meeting_held_on,
        meeting_place=meeting_place,
        attendees=attendees,
        meeting_notes=meeting_notes,
    )
    chosen = _entries_for(event, registrations)
    for name, value in values.items():
        setattr(decision, name, value)
    decision.save()
    decision.entries.all().delete()
    _write_entries(decision, chosen)
    record_event(
        decision,
        "decision.updated",
        actor=actor,
        organization=decision.lsp,
        data={"entries": [registration.full_name for registration in chosen]},
    )
    return decision


def _entry_registrations(decision: Decision) -> list[Registration]:
    return [
        entry.registration for entry in decision.entries.select_related("registration").order_by("position")
    ]


def _approve(decision: Decision, *, stage: str, outcome: str, note: str, actor: User) -> DecisionApproval:
    return DecisionApproval.objects.create(
        decision=decision, stage=stage, outcome=outcome, note=note, actor=actor, acted_at=timezone.now()
    )


def _require_status(decision: Decision, status: str, doing: str) -> None:
    if decision.status != status:
        raise ValidationError(
            _("SK Penetapan berstatus %(status)s tidak dapat %(doing)s.")
            % {"status": decision.get_status_display(), "doing": doing}
        )


@transaction.atomic
def propose_decision(*, decision: Decision, actor: User, note: str = "") -> Decision:
    """Kabid Sertifikasi proposes the draft to the Ketua LSP."""
    _require_role(actor, decision.lsp, HEAD_ROLE, _("Mengajukan SK Penetapan"))
    decision = _locked_decision(decision)
    _require_status(decision, Decision.Status.DRAFT, _("diajukan"))
    refuse_not_competent(decision.event, _entry_registrations(decision))
    _approve(
        decision,
        stage=DecisionApproval.Stage.PROPOSE,
        outcome=DecisionApproval.Outcome.APPROVED,
        note=(note or "").strip(),
        actor=actor,
    )
    decision.status = Decision.Status.PROPOSED
    decision.save(update_fields=["status", "updated_at"])
    record_event(decision, "decision.proposed", actor=actor, organization=decision.lsp, data={"note": note})
    return decision


@transaction.atomic
def endorse_decision(*, decision: Decision, actor: User, note: str = "") -> Decision:
    """The Ketua LSP endorses the proposed decree; their SOP task is done."""
    _require_role(actor, decision.lsp, CHAIR_ROLE, _("Menyetujui SK Penetapan"))
    decision = _locked_decision(decision)
    _require_status(decision, Decision.Status.PROPOSED, _("disetujui Ketua LSP"))
    _approve(
        decision,
        stage=DecisionApproval.Stage.ENDORSE,
        outcome=DecisionApproval.Outcome.APPROVED,
        note=(note or "").strip(),
        actor=actor,
    )
    decision.status = Decision.Status.ENDORSED
    decision.save(update_fields=["status", "updated_at"])
    record_event(decision, "decision.endorsed", actor=actor, organization=decision.lsp, data={"note": note})
    record_sop_work(event=decision.event, actor=actor, role_key=CHAIR_ROLE, complete=True)
    return decision


@transaction.atomic
def return_decision(*, decision: Decision, actor: User, note: str) -> Decision:
    """The Ketua LSP (a proposed decree) or the Direktur (an endorsed one) sends it back, saying why.
    The decision stays on record as returned; a new one can then be prepared for the event."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Tuliskan alasan pengembalian agar Kabid Sertifikasi tahu yang diperbaiki.")}
        )
    decision = _locked_decision(decision)
    if decision.status == Decision.Status.PROPOSED:
        _require_role(actor, decision.lsp, CHAIR_ROLE, _("Mengembalikan SK yang diajukan"))
        stage = DecisionApproval.Stage.ENDORSE
    elif decision.status == Decision.Status.ENDORSED:
        _require_role(actor, decision.lsp, DIRECTOR_ROLE, _("Mengembalikan SK yang disetujui Ketua LSP"))
        stage = DecisionApproval.Stage.SIGN
    else:
        raise ValidationError(
            _("SK Penetapan berstatus %(status)s tidak dapat dikembalikan.")
            % {"status": decision.get_status_display()}
        )
    _approve(decision, stage=stage, outcome=DecisionApproval.Outcome.RETURNED, note=note, actor=actor)
    decision.status = Decision.Status.RETURNED
    decision.save(update_fields=["status", "updated_at"])
    record_event(
        decision,
        "decision.returned",
        actor=actor,
        organization=decision.lsp,
        data={"stage": stage, "note": note},
    )
    return decision


# ---- signing: the decree and the plenary minutes ----------------------------------------------


def _last_approval(decision: Decision, stage: str) -> DecisionApproval | None:
    return (
        decision.approvals.filter(stage=stage, outcome=DecisionApproval.Outcome.APPROVED)
        .select_related("actor")
        .order_by("-acted_at", "-id")
        .first()
    )


def _document_data(
    decision: Decision, *, minutes: Minutes, recommendation: Recommendation, director: User, day: dt.date
) -> dict[str, Any]:
    event, lsp = decision.event, decision.lsp
    rows = [row for row in results.result_rows(event) if row.recommendation]
    listed = {entry.registration_id for entry in decision.entries.all()}
    entries = [
        {
            "name": registration.full_name,
            "birth": f"{registration.birth_place or '-'}, {indonesian_date(registration.birth_date)}",
            "scheme": f"{event.scheme.name} ({event.scheme.code})",
        }
        for registration in _entry_registrations(decision)
    ]
    chair_approval = _last_approval(decision, DecisionApproval.Stage.ENDORSE)
    chair = chair_approval.actor if chair_approval else None
    competent = sum(1 for row in rows if row.recommendation == Verdict.COMPETENT)
    return {
        "org": letterhead(lsp),
        "lsp": lsp.name,
        "office": director_office(lsp),
        "minutes_number": decision.minutes_number,
        "decree_number": decision.decree_number,
        "scheme": f"{event.scheme.name} ({event.scheme.code})",
        "event": {
            "title": event.title,
            "dates": event_dates(event),
            "site": event.site.name,
            "schedule_code": event.bnsp_schedule_code or "-",
            "minutes_number": minutes.number or "-",
            "recommendation_number": recommendation.number or "-",
        },
        "meeting": {
            "day": weekday(decision.meeting_held_on),
            "date": indonesian_date(decision.meeting_held_on),
            "place": decision.meeting_place,
            "attendees": [line.strip() for line in decision.attendees.splitlines() if line.strip()],
            "notes": decision.meeting_notes or "-",
        },
        "counts": {
            "tested": len(rows),
            "competent": competent,
            "not_yet": len(rows) - competent,
            "listed": len(entries),
            "listed_words": spelled(len(entries)),
        },
        "results": [
            {
                "name": row.registration.full_name,
                "birth": f"{row.registration.birth_place or '-'}, {indonesian_date(row.registration.birth_date)}",
                "verdict": row.recommendation,
                "listed": "Ya" if row.registration.pk in listed else "-",
            }
            for row in rows
        ],
        "entries": entries,
        "place": lsp.city or "Jakarta",
        "date": indonesian_date(day),
        "director": official(director, lsp, DIRECTOR_ROLE, director_office(lsp)),
        "chair": official(chair, lsp, CHAIR_ROLE, chair_office(lsp)) if chair else None,
        "head": official(decision.prepared_by, lsp, HEAD_ROLE, HEAD_OFFICE),
    }


@transaction.atomic
def sign_decision(*, decision: Decision, actor: User, note: str = "") -> Decision:
    """The Direktur signs the endorsed decree: the plenary minutes (`minutes` numbering of the LSP)
    and the decree (`decree` numbering) are numbered and drawn, the decision is APPROVED, and the
    minutes and decree (one PDF) are the Direktur's output of STMI step 6."""
    _require_role(actor, decision.lsp, DIRECTOR_ROLE, _("Menandatangani SK Penetapan"))
    decision = _locked_decision(decision)
    _require_status(decision, Decision.Status.ENDORSED, _("ditandatangani Direktur"))
    event, lsp = decision.event, decision.lsp
    refuse_not_competent(event, _entry_registrations(decision))
    minutes, recommendation = handed_over(event)
    day = timezone.localdate()
    decision.minutes_number = next_number(
        organization=lsp, document_type="minutes", actor=actor, subject=decision
    ).number
    decision.decree_number = next_number(
        organization=lsp, document_type="decree", actor=actor, subject=decision
    ).number
    data = _document_data(decision, minutes=minutes, recommendation=recommendation, director=actor, day=day)
    short = event.public_id.hex[:8]
    decision.minutes_file, _number = generate_document(
        organization=lsp,
        document_type="minutes",
        template=TYPST / "decision_minutes.typ",
        data=data,
        actor=actor,
        subject=decision,
        title=f"Berita Acara Rapat Pleno {decision.minutes_number} · {event.title}"[:255],
        numbered=False,
        filename=f"ba-rapat-pleno-{short}",
    )
    decision.decree_file, _number = generate_document(
        organization=lsp,
        document_type="decree",
        template=TYPST / "decree.typ",
        data=data,
        actor=actor,
        subject=decision,
        title=f"SK Penetapan Hasil Uji Kompetensi {decision.decree_number} · {event.title}"[:255],
        numbered=False,
        filename=f"sk-penetapan-{short}",
    )
    combined, _number = generate_document(
        organization=lsp,
        document_type="decree",
        template=TYPST / "decision_combined.typ",
        data=data,
        actor=actor,
        subject=decision,
        title=f"Berita Acara Rapat Pleno dan SK Penetapan · {event.title}"[:255],
        numbered=False,
        filename=f"{COMBINED_PREFIX}-{short}",
    )
    _approve(
        decision,
        stage=DecisionApproval.Stage.SIGN,
        outcome=DecisionApproval.Outcome.APPROVED,
        note=(note or "").strip(),
        actor=actor,
    )
    decision.status = Decision.Status.APPROVED
    decision.decided_on = day
    decision.save()
    record_event(
        decision,
        "decision.signed",
        actor=actor,
        organization=lsp,
        data={
            "decree_number": decision.decree_number,
            "minutes_number": decision.minutes_number,
            "decree": decision.decree_file.public_id,
            "minutes": decision.minutes_file.public_id,
            "entries": len(data["entries"]),
        },
    )
    # SOP STMI 1.3.3 step 6: "Berita Acara dan SK Penetapan hasil asesmen".
    record_sop_work(
        event=event, actor=actor, role_key=DIRECTOR_ROLE, files=[(combined, DECREE_OUTPUT)], complete=True
    )
    return decision


def combined_file(decision: Decision) -> StoredFile | None:
    """The one PDF holding the plenary minutes and the decree (the SOP output)."""
    return (
        StoredFile.objects.filter(
            subject_type=Decision._meta.label_lower,
            subject_id=str(decision.pk),
            original_name__startswith=COMBINED_PREFIX,
        )
        .order_by("-created_at", "-id")
        .first()
    )
