"""The review chain of a test event, its minutes of meeting and the recommendation to the LSP
(SOP PSM/DISNAKER-10 step 7).

Once the minutes are signed, Teknis Operasional, the Kepala TUK, Manajemen Mutu and finally the
Kepala TUK again review the test in that order; each records notes and approves or returns it. A
return keeps every review but takes it out of the chain (`is_current=False`), which starts again at
Teknis Operasional. The minutes of meeting of the review must exist before Manajemen Mutu reviews;
Manajemen Mutu's approval makes the recommendation to the LSP: a numbered letter listing the
candidates recommended K and BK, and the package of every document of the test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import User
from ujikom.documents.models import StoredFile
from ujikom.documents.typst import indonesian_date, letterhead
from ujikom.scheduling.models import TestEvent
from ujikom.sop import engine
from ujikom.sop.models import Task

from . import selectors_minutes
from . import selectors_review as selectors
from .models import AttendanceSheet, MeetingNotes, Minutes, Recommendation, Review, Verdict
from .services_minutes import (
    event_facts,
    fill_step,
    render_pdf,
    signer_data,
    store_zip,
    zip_bytes,
)

ACTION = "assessment.review"
TYPST = Path(__file__).resolve().parent / "typst"
MAX_TEXT = 10_000

EVENT_LABELS = {
    "meeting_notes.recorded": gettext_lazy("Minutes of meeting kaji ulang dibuat"),
    "meeting_notes.updated": gettext_lazy("Minutes of meeting kaji ulang diperbarui"),
    "review.approved": gettext_lazy("Kaji ulang uji kompetensi: sesuai"),
    "review.returned": gettext_lazy("Kaji ulang uji kompetensi: dikembalikan untuk perbaikan"),
    "recommendation.made": gettext_lazy("Rekomendasi hasil uji kompetensi ke LSP dibuat"),
}


def _locked_event(event: TestEvent) -> TestEvent:
    return (
        TestEvent.objects.select_for_update(of=("self",))
        .select_related("lsp", "facilitator", "site__owner", "site__head", "scheme", "funding")
        .get(pk=event.pk)
    )


def _signed_minutes(event: TestEvent, what: str) -> Minutes:
    minutes = (
        Minutes.objects.select_related("file", "results_bundle", "photos_bundle").filter(event=event).first()
    )
    if minutes is None or not minutes.is_locked:
        raise ValidationError(
            _("%(what)s dilakukan setelah berita acara uji kompetensi ditandatangani lengkap.")
            % {"what": what}
        )
    return minutes


# ---- minutes of meeting ------------------------------------------------------------------------


def _clean_notes(
    event: TestEvent, *, held_at: dt.datetime | None, fields: dict[str, str]
) -> tuple[dt.datetime, dict[str, str]]:
    errors: dict[str, str] = {}
    labels = {
        "place": _("tempat rapat"),
        "attendees": _("peserta rapat"),
        "agenda": _("agenda"),
        "discussion": _("pembahasan"),
        "conclusions": _("kesimpulan dan tindak lanjut"),
    }
    cleaned = {name: (value or "").strip() for name, value in fields.items()}
    for name, value in cleaned.items():
        if not value:
            errors[name] = _("Isi %(field)s.") % {"field": labels[name]}
        elif len(value) > (255 if name == "place" else MAX_TEXT):
            errors[name] = _("%(field)s terlalu panjang.") % {"field": str(labels[name]).capitalize()}
    if held_at is None:
        errors["held_at"] = _("Isi waktu rapat.")
    else:
        if timezone.is_naive(held_at):
            held_at = timezone.make_aware(held_at)
        if held_at > timezone.now() + dt.timedelta(minutes=5):
            errors["held_at"] = _("Waktu rapat belum terjadi; minutes of meeting dicatat setelah rapat.")
        elif timezone.localdate(held_at) < event.starts_on:
            errors["held_at"] = _("Rapat kaji ulang diadakan setelah uji kompetensi (mulai %(day)s).") % {
                "day": indonesian_date(event.starts_on)
            }
    if errors:
        raise ValidationError(errors)
    assert held_at is not None
    return held_at, cleaned


@transaction.atomic
def record_meeting_notes(
    *,
    event: TestEvent,
    actor: User,
    held_at: dt.datetime | None,
    place: str,
    attendees: str,
    agenda: str,
    discussion: str,
    conclusions: str,
) -> MeetingNotes:
    """Record (or correct, under the same number) the minutes of meeting of the review and print it.

    Refused: minutes not yet signed; a field left empty; a meeting in the future or before the test;
    once Manajemen Mutu has approved with it (it is then part of the recommendation)."""
    event = _locked_event(event)
    _signed_minutes(event, _("Minutes of meeting kaji ulang"))
    held, cleaned = _clean_notes(
        event,
        held_at=held_at,
        fields={
            "place": place,
            "attendees": attendees,
            "agenda": agenda,
            "discussion": discussion,
            "conclusions": conclusions,
        },
    )
    quality = selectors.current_reviews(event).get(Review.Stage.QUALITY)
    if quality is not None and quality.outcome == Review.Outcome.APPROVED:
        raise ValidationError(
            _(
                "Minutes of meeting sudah menjadi bagian rekomendasi ke LSP dan tidak dapat diubah; "
                "perubahan hanya setelah kaji ulang dikembalikan."
            )
        )
    notes = MeetingNotes.objects.select_for_update().filter(event=event).order_by("-held_at", "-id").first()
    updating = notes is not None
    if notes is None:
        notes = MeetingNotes(event=event, created_by=actor)
    notes.held_at = held
    for name, value in cleaned.items():
        setattr(notes, name, value)
    notes.save()
    organization = selectors_minutes.document_organization(event)
    local = timezone.localtime(held)
    data = {
        "org": letterhead(organization),
        "title": _("Minutes of Meeting Kaji Ulang Uji Kompetensi"),
        "facts": [
            *event_facts(event),
            [_("Waktu rapat"), f"{indonesian_date(local.date())}, {local:%H.%M} WIB"],
            [_("Tempat rapat"), notes.place],
        ],
        "sections": [
            [_("Peserta rapat"), notes.attendees],
            [_("Agenda"), notes.agenda],
            [_("Pembahasan"), notes.discussion],
            [_("Kesimpulan dan tindak lanjut"), notes.conclusions],
        ],
        "place": organization.city or "Tangerang",
        "date": indonesian_date(timezone.localdate()),
        "signer": signer_data(actor, _("Notulis")),
    }
    stored, number = render_pdf(
        organization=organization,
        document_type="meeting_notes",
        template=TYPST / "meeting_notes.typ",
        data=data,
        actor=actor,
        subject=notes,
        title=_("Minutes of meeting kaji ulang · %(event)s") % {"event": event.title},
        filename=f"minutes-of-meeting-{event.public_id.hex[:8]}",
        number=notes.number or None,
    )
    notes.file = stored
    notes.number = number
    notes.save(update_fields=["file", "number", "updated_at"])
    record_event(
        notes,
        "meeting_notes.updated" if updating else "meeting_notes.recorded",
        actor=actor,
        organization=organization,
        data={"event": event.public_id, "number": number, "held_at": held, "file": stored.public_id},
    )
    return notes


# ---- the chain ---------------------------------------------------------------------------------


def _check_order(stage: str, current: dict[str, Review]) -> None:
    upcoming = selectors.next_stage(current)
    if stage == upcoming:
        return
    if upcoming is None or selectors.STAGES.index(stage) < selectors.STAGES.index(upcoming):
        review = current[stage]
        raise ValidationError(
            _("Kaji ulang %(stage)s sudah dicatat oleh %(name)s pada %(when)s.")
            % {
                "stage": selectors.stage_label(stage),
                "name": review.reviewer,
                "when": timezone.localtime(review.created_at).strftime("%d-%m-%Y %H.%M"),
            }
        )
    raise ValidationError(
        _("Kaji ulang %(stage)s menunggu kaji ulang %(waiting)s.")
        % {"stage": selectors.stage_label(stage), "waiting": selectors.stage_label(upcoming)}
    )


@transaction.atomic
def record_review(*, event: TestEvent, stage: str, outcome: str, notes: str, actor: User) -> Review:
    """Record one stage of the review: notes and approved or returned, in the chain's order.

    Refused: minutes not yet signed; a stage out of order (the message names the stage waited
    for); someone without the stage's role (PermissionDenied); no notes; Manajemen Mutu's review
    before the minutes of meeting exist; a return once the LSP has received the recommendation.
    Manajemen Mutu's approval makes the recommendation to the LSP (`make_recommendation`); a return
    takes every current review out of the chain, which starts again at Teknis Operasional."""
    event = _locked_event(event)
    errors: dict[str, str] = {}
    if stage not in selectors.STAGES:
        errors["stage"] = _("Pilih tahap kaji ulang.")
    if outcome not in Review.Outcome.values:
        errors["outcome"] = _("Pilih hasil kaji ulang: sesuai atau dikembalikan.")
    notes = (notes or "").strip()
    if not notes:
        errors["notes"] = _("Tuliskan catatan kaji ulang.")
    elif len(notes) > MAX_TEXT:
        errors["notes"] = _("Catatan kaji ulang paling panjang 10.000 karakter.")
    if "stage" in errors:
        raise ValidationError(errors)
    minutes = _signed_minutes(event, _("Kaji ulang"))
    if not selectors.may_review(actor, event, stage):
        raise PermissionDenied(
            _("Kaji ulang tahap %(stage)s dilakukan oleh %(player)s.")
            % {"stage": selectors.stage_label(stage), "player": selectors.STAGE_PLAYERS[stage]}
        )
    current = selectors.current_reviews(event)
    _check_order(stage, current)
    if errors:
        raise ValidationError(errors)
    if stage == Review.Stage.QUALITY and selectors.meeting_notes_of(event) is None:
        raise ValidationError(
            _("Minutes of meeting kaji ulang belum dibuat; buat dahulu sebelum kaji ulang Manajemen Mutu.")
        )
    recommendation = selectors.recommendation_of(event)
    if outcome == Review.Outcome.RETURNED and recommendation is not None and recommendation.received_at:
        raise ValidationError(
            _("Rekomendasi sudah diterima LSP pada %(when)s; kaji ulang tidak dapat dikembalikan lagi.")
            % {"when": timezone.localtime(recommendation.received_at).strftime("%d-%m-%Y %H.%M")}
        )
    review = Review.objects.create(event=event, stage=stage, outcome=outcome, notes=notes, reviewer=actor)
    organization = selectors_minutes.document_organization(event)
    record_event(
        review,
        "review.approved" if outcome == Review.Outcome.APPROVED else "review.returned",
        actor=actor,
        organization=organization,
        data={"event": event.public_id, "stage": stage, "notes": notes},
    )
    if outcome == Review.Outcome.RETURNED:
        Review.objects.filter(event=event, is_current=True).update(is_current=False)
        review.is_current = False
        return review
    if stage == Review.Stage.QUALITY:
        recommendation = make_recommendation(event=event, actor=actor)
    attach_review_to_step(event=event, review=review, minutes=minutes, recommendation=recommendation)
    return review


def _stage_task(review: Review) -> Any:
    """Which task of the step a review signs off: the task of the stage's role (the first Kepala TUK
    activity for the Kepala TUK's review, the last one for the final review), when it is still open."""
    role = selectors.STAGE_ROLES[review.stage]

    def assign(tasks: list[Task]) -> list[tuple[Task, User]]:
        every = sorted(
            tasks[0].step_run.tasks.select_related("activity", "candidate_role"),
            key=lambda task: (task.activity.position, task.pk),
        )
        fitting = [t for t in every if t.candidate_role is not None and t.candidate_role.key == role]
        if not fitting:
            fitting = [t for t in every if engine.can_act_on(review.reviewer, t)]
        if not fitting:
            return []
        target = fitting[-1] if review.stage == Review.Stage.FINAL else fitting[0]
        open_task = next((task for task in tasks if task.pk == target.pk), None)
        if open_task is None or not engine.can_act_on(review.reviewer, open_task):
            return []
        return [(open_task, review.reviewer)]

    return assign


def attach_review_to_step(
    *, event: TestEvent, review: Review, minutes: Minutes, recommendation: Recommendation | None
) -> int:
    """Give the review's documents to the step bound to the review screen ("Berkas hasil uji kompetensi":
    the recommendation package once made, the results bundle before; "Form berita acara": the minutes)
    and sign off the reviewer's task there."""
    results: StoredFile | None = (
        recommendation.package if recommendation is not None else minutes.results_bundle
    )
    files = [("berkas hasil", results), ("berita acara", minutes.file)]
    return fill_step(
        event=event,
        action=ACTION,
        files=[(key, file) for key, file in files if file is not None],
        assign=_stage_task(review),
        subject=review,
        note=_("Kaji ulang %(stage)s: %(outcome)s. %(notes)s")
        % {
            "stage": review.get_stage_display(),
            "outcome": review.get_outcome_display(),
            "notes": review.notes,
        },
    )


# ---- the recommendation ------------------------------------------------------------------------


def _recommended(event: TestEvent) -> tuple[list[list[str]], list[list[str]], int]:
    content = selectors_minutes.minutes_content(event)
    competent: list[list[str]] = []
    not_yet: list[list[str]] = []
    for row in content.rows:
        if row.registration.pk not in content.present:
            continue
        if row.recommendation == Verdict.COMPETENT:
            competent.append([str(len(competent) + 1), row.registration.full_name, row.registration.nik])
        elif row.recommendation == Verdict.NOT_YET_COMPETENT:
            not_yet.append([str(len(not_yet) + 1), row.registration.full_name, row.registration.nik])
    return competent, not_yet, content.accepted - content.present_count


@transaction.atomic
def make_recommendation(*, event: TestEvent, actor: User) -> Recommendation:
    """The recommendation to the LSP: the numbered letter listing the candidates recommended K and BK,
    and the package (letter, minutes, results, documentation, minutes of meeting, attendance lists).
    Made again under the same number when the chain comes back to Manajemen Mutu after a return."""
    minutes = _signed_minutes(event, _("Rekomendasi ke LSP"))
    meeting = selectors.meeting_notes_of(event)
    if meeting is None or meeting.file is None:
        raise ValidationError(_("Minutes of meeting kaji ulang belum dibuat."))
    existing = Recommendation.objects.select_for_update().filter(event=event).first()
    organization = selectors_minutes.document_organization(event)
    competent, not_yet, absent = _recommended(event)
    head = selectors_minutes.site_head_of(event) or actor
    sheets = [sheet for sheet in selectors_minutes.attendance_sheets(event) if sheet.file is not None]
    enclosures = [
        _("Berita acara uji kompetensi nomor %(number)s") % {"number": minutes.number},
        _("Berkas hasil uji kompetensi (instrumen asesmen dan rekap hasil)"),
        _("Dokumentasi pelaksanaan uji kompetensi"),
        _("Minutes of meeting kaji ulang nomor %(number)s") % {"number": meeting.number},
        _("Daftar hadir peserta dan asesor (%(count)s berkas)") % {"count": len(sheets)},
    ]
    data = {
        "org": letterhead(organization),
        "title": _("Surat Rekomendasi Hasil Uji Kompetensi"),
        "to": _("Yth. Ketua %(lsp)s") % {"lsp": event.lsp.name},
        "intro": _(
            "Berdasarkan hasil uji kompetensi dan kaji ulang pelaksanaannya, bersama ini kami sampaikan "
            "rekomendasi hasil uji kompetensi berikut untuk ditetapkan dalam rapat pleno LSP."
        ),
        "facts": event_facts(event),
        "competent_title": _("Peserta yang direkomendasikan Kompeten (K): %(n)s orang")
        % {"n": len(competent)},
        "competent": competent,
        "not_yet_title": _("Peserta yang direkomendasikan Belum Kompeten (BK): %(n)s orang")
        % {"n": len(not_yet)},
        "not_yet": not_yet,
        "absent": _("Peserta yang tidak hadir: %(n)s orang.") % {"n": absent} if absent else "",
        "none": _("Tidak ada."),
        "enclosures_title": _("Lampiran"),
        "enclosures": enclosures,
        "closing": _("Demikian rekomendasi ini kami sampaikan. Atas perhatiannya kami ucapkan terima kasih."),
        "place": organization.city or "Tangerang",
        "date": indonesian_date(timezone.localdate()),
        "signer": signer_data(head, _("Kepala TUK")),
    }
    letter, number = render_pdf(
        organization=organization,
        document_type="recommendation",
        template=TYPST / "recommendation.typ",
        data=data,
        actor=actor,
        subject=event,
        title=_("Surat rekomendasi hasil uji kompetensi · %(event)s") % {"event": event.title},
        filename=f"rekomendasi-{event.public_id.hex[:8]}",
        number=existing.number if existing is not None else None,
    )
    stored: list[tuple[str, StoredFile]] = [("01-surat-rekomendasi.pdf", letter)]
    if minutes.file is not None:
        stored.append(("02-berita-acara.pdf", minutes.file))
    if minutes.results_bundle is not None:
        stored.append(("03-berkas-hasil-uji-kompetensi.zip", minutes.results_bundle))
    if minutes.photos_bundle is not None:
        stored.append(("04-dokumentasi.zip", minutes.photos_bundle))
    stored.append(("05-minutes-of-meeting.pdf", meeting.file))
    for sheet in sheets:
        kind = "peserta" if sheet.kind == AttendanceSheet.Kind.CANDIDATES else "asesor"
        assert sheet.file is not None
        stored.append((f"06-daftar-hadir/{sheet.day.isoformat()}-absensi-{kind}.pdf", sheet.file))
    package = store_zip(
        organization=organization,
        content=zip_bytes([], stored),
        name=f"paket-rekomendasi-{event.public_id.hex[:8]}.zip",
        actor=actor,
        title=_("Paket rekomendasi ke LSP · %(event)s") % {"event": event.title},
        subject=event,
    )
    recommendation = existing or Recommendation(event=event)
    recommendation.number = number
    recommendation.letter = letter
    recommendation.package = package
    recommendation.handed_over_by = actor
    recommendation.save()
    record_event(
        recommendation,
        "recommendation.made",
        actor=actor,
        organization=organization,
        data={
            "event": event.public_id,
            "number": number,
            "competent": len(competent),
            "not_yet_competent": len(not_yet),
            "letter": letter.public_id,
            "package": package.public_id,
        },
    )
    return recommendation
