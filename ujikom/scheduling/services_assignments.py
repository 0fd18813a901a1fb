"""Site verification (STMI step 4) and assessor assignment (PSM/DISNAKER-10 step 1) of a test event.

The LSP assigns a verifier with a numbered assignment letter; the verifier fills a checklist and
the result form is generated. Assessors are proposed per test day, each with a numbered assignment
letter (surat tugas); they confirm or decline in their portal. Both letters are outputs of STMI
step 3 ("Surat tugas verifikasi TUK", "Surat tugas asesor kompetensi"); the result form is the
output of step 4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.access import active_assignments
from ujikom.core.audit import record_event
from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.typst import indonesian_date, letterhead
from ujikom.notifications.models import Channel
from ujikom.notifications.services import notify_user
from ujikom.registry.models import Assessor, TestSite
from ujikom.registry.selectors_sites import assessor_status, competent_assessors, site_verification_state

from .models import AssessorAssignment, SiteVerification, TestEvent
from .sop_binding import record_step_output

ASSESSOR_ROLE = "assessor"

TYPST = Path(__file__).resolve().parent / "typst"

REGISTRATION_ACTION = "scheduling.registration"  # STMI step 3: its outputs include both letters
SITE_VERIFICATION_ACTION = "scheduling.site_verification"  # STMI step 4

# The checklist of a site verification, in the order of the result form.
CHECKLIST_ITEMS: list[tuple[str, Any]] = [
    ("facilities", gettext_lazy("Sarana dan prasarana (ruang uji, ruang asesor, ruang tunggu)")),
    ("equipment", gettext_lazy("Peralatan uji sesuai skema")),
    ("materials", gettext_lazy("Bahan uji / bahan habis pakai")),
    ("k3", gettext_lazy("Keselamatan dan kesehatan kerja (K3)")),
    ("capacity", gettext_lazy("Kapasitas TUK sesuai kuota peserta")),
]
CHECKLIST_KEYS = [key for key, _label in CHECKLIST_ITEMS]

EVENT_LABELS = {
    "scheduling.site_verifier_assigned": gettext_lazy("Verifikator TUK ditugaskan"),
    "scheduling.site_verified": gettext_lazy("Hasil verifikasi TUK dicatat"),
    "scheduling.independent_site_recorded": gettext_lazy("Verifikasi TUK Mandiri yang berlaku dicatat"),
    "scheduling.assessor_proposed": gettext_lazy("Asesor diusulkan untuk uji kompetensi"),
    "scheduling.assessor_confirmed": gettext_lazy("Asesor mengonfirmasi penugasan"),
    "scheduling.assessor_declined": gettext_lazy("Asesor menolak penugasan"),
}

CLOSED_STATUSES = {TestEvent.Status.DONE, TestEvent.Status.CANCELLED}


# ---- Document data -------------------------------------------------------------------------------


def _position(user: User, organization: Organization) -> str:
    """The person's post in the organization, as printed on letters (their first role there)."""
    for assignment in active_assignments(user):
        if assignment.organization_id == organization.pk:
            return assignment.role.name
    return ""


def _signer(actor: User, organization: Organization) -> dict[str, str]:
    title = actor.title or _position(actor, organization) or _("Pejabat yang berwenang")
    return {"title": title, "name": str(actor.full_name or actor), "nip": actor.nip or ""}


def _event_dates(event: TestEvent) -> str:
    if event.starts_on == event.ends_on:
        return indonesian_date(event.starts_on)
    return f"{indonesian_date(event.starts_on)} s.d. {indonesian_date(event.ends_on)}"


def _event_data(event: TestEvent) -> dict[str, Any]:
    return {
        "title": event.title,
        "scheme": f"{event.scheme.code} {event.scheme.name}",
        "dates": _event_dates(event),
        "quota": event.quota,
    }


def _site_data(site: TestSite) -> dict[str, Any]:
    return {
        "name": site.name,
        "kind": str(site.get_kind_display()),
        "address": site.address,
        "capacity": site.capacity,
    }


def _common(organization: Organization, actor: User) -> dict[str, Any]:
    return {
        "org": letterhead(organization),
        "place": organization.city or "Jakarta",
        "date": indonesian_date(timezone.localdate()),
        "signer": _signer(actor, organization),
    }


def _has_pattern(organization: Organization, document_type: str) -> bool:
    return NumberingPattern.objects.filter(
        organization=organization, document_type__code=document_type
    ).exists()


def _require_pattern(organization: Organization, document_type: str, field: str) -> None:
    """A letter cannot be issued without a number: say so on the form instead of failing later."""
    if not _has_pattern(organization, document_type):
        kind = DocumentType.objects.filter(code=document_type).first()
        raise ValidationError(
            {
                field: _(
                    "Belum ada pola penomoran %(type)s di %(organization)s; minta pengelola penomoran "
                    "menambahkannya terlebih dahulu."
                )
                % {"type": kind.name if kind else document_type, "organization": organization.name}
            }
        )


def _require_open(event: TestEvent) -> None:
    if event.status in CLOSED_STATUSES:
        raise ValidationError(
            _("Uji kompetensi ini berstatus %(status)s; tidak dapat diubah lagi.")
            % {"status": event.get_status_display()}
        )


def _attach_to_step(*, event: TestEvent, action: str, file: StoredFile, actor: User, output: str = "") -> int:
    """Attach the document to the open task of the step bound to `action`. A person who does not play
    that step's actor cannot sign it off: the document stays stored, and the step's actor attaches it
    from the task page. Returns how many tasks it was attached to."""
    try:
        with transaction.atomic():
            return len(record_step_output(event=event, action=action, file=file, actor=actor, output=output))
    except PermissionDenied:
        return 0


# ---- Site verification (STMI step 4) -------------------------------------------------------------


def verifier_candidates(event: TestEvent) -> list[User]:
    """Who may verify the event's site: the LSP's staff and its active assessors."""
    from ujikom.core.models import RoleAssignment

    staff = RoleAssignment.objects.active().filter(organization=event.lsp).values_list("user_id", flat=True)
    assessors = Assessor.objects.filter(lsp=event.lsp, is_active=True).values_list("user_id", flat=True)
    return list(
        User.objects.filter(is_active=True, pk__in=[*staff, *assessors])
        .distinct()
        .order_by("full_name", "pk")
    )


@transaction.atomic
def assign_site_verifier(*, event: TestEvent, verifier: User, actor: User) -> SiteVerification:
    """Assign a verifier to the event's site and issue their numbered assignment letter."""
    event = TestEvent.objects.select_for_update().select_related("lsp", "scheme", "site").get(pk=event.pk)
    _require_open(event)
    if verifier not in verifier_candidates(event):
        raise ValidationError(
            {"verifier": _("Verifikator harus staf atau asesor aktif %(lsp)s.") % {"lsp": event.lsp.name}}
        )
    if event.site_verifications.filter(result="").exists():
        raise ValidationError(
            {
                "verifier": _(
                    "Masih ada verifikasi TUK yang belum diisi hasilnya untuk uji kompetensi ini; "
                    "selesaikan itu terlebih dahulu."
                )
            }
        )
    _require_pattern(event.lsp, "assignment_letter", "verifier")
    verification = SiteVerification.objects.create(
        event=event, site=event.site, verifier=verifier, assigned_by=actor
    )
    assessor = Assessor.objects.filter(lsp=event.lsp, user=verifier).first()
    data = {
        **_common(event.lsp, actor),
        "verifier": {
            "name": str(verifier.full_name or verifier),
            "position": _("Asesor Kompetensi") if assessor else (_position(verifier, event.lsp) or "-"),
            "registration": assessor.registration_number if assessor else "",
        },
        "event": _event_data(event),
        "site": _site_data(event.site),
    }
    letter, number = generate_document(
        organization=event.lsp,
        document_type="assignment_letter",
        template=TYPST / "site_verification_letter.typ",
        data=data,
        actor=actor,
        subject=verification,
        title=_("Surat tugas verifikasi TUK %(site)s") % {"site": event.site.name},
    )
    verification.letter = letter
    verification.letter_number = number
    verification.save(update_fields=["letter", "letter_number", "updated_at"])
    record_event(
        verification,
        "scheduling.site_verifier_assigned",
        actor=actor,
        organization=event.lsp,
        data={"event": str(event.public_id), "verifier": verifier.username, "letter_number": number},
    )
    _attach_to_step(
        event=event, action=REGISTRATION_ACTION, file=letter, actor=actor, output="surat tugas verifikasi TUK"
    )
    return verification


def _clean_checklist(
    checklist: Mapping[str, Mapping[str, Any]], event: TestEvent, site: TestSite
) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, dict[str, Any]] = {}
    labels = dict(CHECKLIST_ITEMS)
    unknown = sorted(set(checklist) - set(CHECKLIST_KEYS))
    if unknown:
        errors.setdefault("checklist", []).append(
            _("Butir periksa tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    for key in CHECKLIST_KEYS:
        item = checklist.get(key)
        if item is None or item.get("ok") is None:
            errors.setdefault(f"{key}_ok", []).append(
                _("Pilih sesuai atau tidak sesuai untuk butir %(item)s.") % {"item": labels[key]}
            )
            continue
        ok = bool(item["ok"])
        note = str(item.get("note") or "").strip()
        if not ok and not note:
            errors.setdefault(f"{key}_note", []).append(
                _("Tulis catatan mengapa butir %(item)s tidak sesuai.") % {"item": labels[key]}
            )
        cleaned[key] = {"ok": ok, "note": note}
    capacity = cleaned.get("capacity")
    if capacity and capacity["ok"] and site.capacity < event.quota:
        errors.setdefault("capacity_ok", []).append(
            _(
                "Kapasitas TUK %(capacity)s orang lebih kecil dari kuota %(quota)s peserta; butir ini tidak sesuai."
            )
            % {"capacity": site.capacity, "quota": event.quota}
        )
    return cleaned, errors


@transaction.atomic
def record_site_verification(
    *,
    verification: SiteVerification,
    checklist: Mapping[str, Mapping[str, Any]],
    result: str,
    notes: str = "",
    actor: User,
) -> SiteVerification:
    """The verifier's checklist and result; the result form is generated and attached to STMI step 4."""
    verification = (
        SiteVerification.objects.select_for_update()
        .select_related("event__lsp", "event__scheme", "site", "verifier")
        .get(pk=verification.pk)
    )
    event = verification.event
    _require_open(event)
    if verification.is_done:
        raise ValidationError(
            _("Hasil verifikasi ini sudah dicatat; tugaskan verifikasi baru bila TUK perlu diperiksa ulang.")
        )
    cleaned, errors = _clean_checklist(checklist, event, verification.site)
    if result not in SiteVerification.Result.values:
        errors.setdefault("result", []).append(_("Pilih hasil verifikasi: memenuhi atau tidak memenuhi."))
    elif result == SiteVerification.Result.MEETS:
        failing = [str(label) for key, label in CHECKLIST_ITEMS if key in cleaned and not cleaned[key]["ok"]]
        if failing:
            errors.setdefault("result", []).append(
                _("TUK tidak dapat dinyatakan memenuhi karena butir berikut tidak sesuai: %(items)s.")
                % {"items": "; ".join(failing)}
            )
    notes = notes.strip()
    if result == SiteVerification.Result.DOES_NOT_MEET and not notes:
        errors.setdefault("notes", []).append(_("Tulis catatan mengapa TUK tidak memenuhi persyaratan."))
    if errors:
        raise ValidationError(errors)

    verification.checklist = cleaned
    verification.result = result
    verification.notes = notes
    verification.verified_at = timezone.now()
    items = [
        {"label": str(label), "ok": cleaned[key]["ok"], "note": cleaned[key]["note"] or "-"}
        for key, label in CHECKLIST_ITEMS
    ]
    data = {
        **_common(event.lsp, actor),
        "signer": {
            "title": _("Verifikator TUK"),
            "name": str(verification.verifier.full_name or verification.verifier),
            "nip": verification.verifier.nip or "",
        },
        "letter_number": verification.letter_number or "-",
        "event": _event_data(event),
        "site": _site_data(verification.site),
        "items": items,
        "result": str(SiteVerification.Result(result).label),
        "notes": notes,
    }
    result_file, number = generate_document(
        organization=event.lsp,
        document_type="site_verification",
        template=TYPST / "site_verification_result.typ",
        data=data,
        actor=actor,
        subject=verification,
        title=_("Formulir hasil verifikasi TUK %(site)s") % {"site": verification.site.name},
        numbered=_has_pattern(event.lsp, "site_verification"),
        filename=f"verifikasi-tuk-{verification.public_id}",
    )
    verification.result_file = result_file
    verification.result_number = number
    verification.save()
    record_event(
        verification,
        "scheduling.site_verified",
        actor=actor,
        organization=event.lsp,
        data={"event": str(event.public_id), "result": result, "checklist": cleaned},
    )
    _attach_to_step(event=event, action=SITE_VERIFICATION_ACTION, file=result_file, actor=actor)
    return verification


def valid_independent_site(event: TestEvent) -> bool:
    """Whether the event's site is a TUK Mandiri whose verification lasts through the last test day."""
    return (
        event.site.kind == TestSite.Kind.INDEPENDENT
        and site_verification_state(event.site, on=event.ends_on).is_valid
    )


@transaction.atomic
def record_independent_site_verification(*, event: TestEvent, actor: User) -> tuple[StoredFile, str]:
    """For an event at a TUK Mandiri whose verification is still valid, the LSP records that no new
    verification is needed: a result form (numbered when the LSP has a pattern) stating the site, the
    date its verification lasts until and the event, given as the output of STMI step 4."""
    event = TestEvent.objects.select_for_update().select_related("lsp", "scheme", "site").get(pk=event.pk)
    _require_open(event)
    site = event.site
    if not valid_independent_site(event):
        raise ValidationError(
            _(
                "%(site)s bukan TUK Mandiri yang verifikasinya berlaku sampai hari terakhir uji; "
                "tugaskan verifikator untuk memverifikasi TUK ini."
            )
            % {"site": site.name}
        )
    assert site.verified_until is not None
    data = {
        **_common(event.lsp, actor),
        "event": _event_data(event),
        "site": _site_data(site),
        "valid_until": indonesian_date(site.verified_until),
    }
    stored, number = generate_document(
        organization=event.lsp,
        document_type="site_verification",
        template=TYPST / "site_verification_independent.typ",
        data=data,
        actor=actor,
        subject=event,
        title=_("Formulir hasil verifikasi TUK Mandiri %(site)s") % {"site": site.name},
        numbered=_has_pattern(event.lsp, "site_verification"),
        filename=f"verifikasi-tuk-mandiri-{event.public_id}",
    )
    record_event(
        event,
        "scheduling.independent_site_recorded",
        actor=actor,
        organization=event.lsp,
        data={
            "site": site.code,
            "verified_until": site.verified_until.isoformat(),
            "number": number,
            "file": str(stored.public_id),
        },
    )
    _attach_to_step(
        event=event, action=SITE_VERIFICATION_ACTION, file=stored, actor=actor, output="hasil verifikasi TUK"
    )
    return stored, number


def site_verified(event: TestEvent) -> bool:
    """Whether the event may go ahead at its site: a TUK Mandiri whose verification lasts through the
    last test day, or a passing verification of the site for this event (Sewaktu, Tempat Kerja, or a
    Mandiri whose verification has lapsed)."""
    if site_verification_state(event.site, on=event.ends_on).is_valid:
        return True
    return event.site_verifications.filter(
        site_id=event.site_id, result=SiteVerification.Result.MEETS
    ).exists()


# ---- Assessor assignment (PSM/DISNAKER-10 step 1) ------------------------------------------------


def _check_proposal(*, event: TestEvent, assessor: Assessor, day: dt.date, candidate_count: int) -> None:
    errors: dict[str, list[str]] = {}
    if not event.starts_on <= day <= event.ends_on:
        errors.setdefault("day", []).append(
            _("Tanggal %(day)s di luar tanggal uji (%(dates)s).")
            % {"day": date_format(day), "dates": _event_dates(event)}
        )
    if candidate_count is None or candidate_count < 1:
        errors.setdefault("candidate_count", []).append(_("Jumlah asesi minimal 1."))
    elif candidate_count > event.max_candidates_per_assessor_per_day:
        errors.setdefault("candidate_count", []).append(
            _(
                "Seorang asesor paling banyak mengases %(cap)s asesi per hari pada uji kompetensi ini; diminta %(count)s."
            )
            % {"cap": event.max_candidates_per_assessor_per_day, "count": candidate_count}
        )
    if errors:
        raise ValidationError(errors)

    name = str(assessor.user.full_name or assessor.user)
    if not competent_assessors(event.scheme, on=day).filter(pk=assessor.pk).exists():
        status = assessor_status(assessor, on=day)
        reasons = list(status.reasons)
        if assessor.lsp_id != event.scheme.organization_id:
            reasons.insert(0, _("bukan asesor %(lsp)s") % {"lsp": event.lsp.name})
        elif not assessor.schemes.filter(pk=event.scheme_id).exists():
            reasons.insert(0, _("tidak berwenang mengases skema %(scheme)s") % {"scheme": event.scheme.name})
        raise ValidationError(
            {
                "assessor": _("%(name)s tidak dapat ditugaskan pada %(day)s: %(reasons)s.")
                % {
                    "name": name,
                    "day": date_format(day),
                    "reasons": "; ".join(reasons) or _("tidak memenuhi syarat"),
                }
            }
        )
    busy = (
        AssessorAssignment.objects.filter(assessor__user_id=assessor.user_id, day=day)
        .exclude(status=AssessorAssignment.Status.DECLINED)
        .select_related("event__site")
    )
    same = busy.filter(event=event).first()
    if same is not None:
        raise ValidationError(
            {
                "assessor": _("%(name)s sudah ditugaskan pada uji kompetensi ini tanggal %(day)s.")
                % {"name": name, "day": date_format(day)}
            }
        )
    other = busy.exclude(event=event).first()
    if other is not None:
        raise ValidationError(
            {
                "assessor": _(
                    "%(name)s sudah ditugaskan pada %(day)s di uji kompetensi lain (%(event)s, %(site)s); "
                    "seorang asesor tidak dapat berada di dua tempat sekaligus."
                )
                % {
                    "name": name,
                    "day": date_format(day),
                    "event": other.event.title,
                    "site": other.event.site.name,
                }
            }
        )


def _notify_assessor(assignment: AssessorAssignment, actor: User) -> int:
    """Tell the assessor by email and WhatsApp; returns how many messages were queued (0 when the
    assessor has no address: the letter still stands, and the page says they must be told otherwise)."""
    event = assignment.event
    link = settings.SITE_URL + reverse("scheduling:assessor_portal")
    try:
        messages = notify_user(
            user=assignment.assessor.user,
            template_code="assessor_assignment",
            context={
                "scheme": event.scheme.name,
                "date": indonesian_date(assignment.day),
                "site": event.site.name,
                "link": link,
            },
            channels=(Channel.EMAIL, Channel.WHATSAPP),
            organization=event.lsp,
            subject=event,
            actor=actor,
        )
    except ValidationError:
        return 0
    return len(messages)


@transaction.atomic
def propose_assessor(
    *, event: TestEvent, assessor: Assessor, day: dt.date, candidate_count: int, actor: User
) -> AssessorAssignment:
    """Propose an assessor for a test day: competent for the scheme with a valid registration that day,
    not busy elsewhere that day, within the cap of candidates per assessor per day. Issues the
    numbered assignment letter and tells the assessor."""
    event = TestEvent.objects.select_related("lsp", "scheme", "site").get(pk=event.pk)
    # Lock the person's assessor records so two proposals for the same day cannot both pass the clash check.
    assessor = Assessor.objects.select_related("user", "lsp").get(pk=assessor.pk)
    list(Assessor.objects.select_for_update().filter(user_id=assessor.user_id).values_list("pk", flat=True))
    _require_open(event)
    _check_proposal(event=event, assessor=assessor, day=day, candidate_count=candidate_count)
    _require_pattern(event.lsp, "assignment_letter", "assessor")
    assignment = AssessorAssignment.objects.create(
        event=event, assessor=assessor, day=day, candidate_count=candidate_count, proposed_by=actor
    )
    data = {
        **_common(event.lsp, actor),
        "assessor": {
            "name": str(assessor.user.full_name or assessor.user),
            "registration": assessor.registration_number,
        },
        "event": _event_data(event),
        "site": _site_data(event.site),
        "day": indonesian_date(day),
        "candidate_count": candidate_count,
    }
    letter, number = generate_document(
        organization=event.lsp,
        document_type="assignment_letter",
        template=TYPST / "assessor_assignment_letter.typ",
        data=data,
        actor=actor,
        subject=assignment,
        title=_("Surat tugas asesor %(name)s, %(day)s")
        % {"name": assessor.user.full_name, "day": indonesian_date(day)},
    )
    assignment.letter = letter
    assignment.letter_number = number
    assignment.save(update_fields=["letter", "letter_number", "updated_at"])
    record_event(
        assignment,
        "scheduling.assessor_proposed",
        actor=actor,
        organization=event.lsp,
        data={
            "event": str(event.public_id),
            "assessor": assessor.registration_number,
            "day": day,
            "candidate_count": candidate_count,
            "letter_number": number,
        },
    )
    _attach_to_step(
        event=event,
        action=REGISTRATION_ACTION,
        file=letter,
        actor=actor,
        output="surat tugas asesor kompetensi",
    )
    _notify_assessor(assignment, actor)
    return assignment


def _locked_assignment(assignment: AssessorAssignment) -> AssessorAssignment:
    return (
        AssessorAssignment.objects.select_for_update()
        .select_related("event__lsp", "assessor__user")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def confirm_assignment(*, assignment: AssessorAssignment, actor: User) -> AssessorAssignment:
    """The assessor confirms they will assess that day (the "konfirmasi dari Asesor Kompetensi")."""
    assignment = _locked_assignment(assignment)
    _require_open(assignment.event)
    if assignment.status != AssessorAssignment.Status.PROPOSED:
        raise ValidationError(
            _("Penugasan ini sudah %(status)s; hanya usulan yang dapat dikonfirmasi.")
            % {"status": assignment.get_status_display().lower()}
        )
    assignment.status = AssessorAssignment.Status.CONFIRMED
    assignment.responded_at = timezone.now()
    assignment.save(update_fields=["status", "responded_at", "updated_at"])
    record_event(assignment, "scheduling.assessor_confirmed", actor=actor, organization=assignment.event.lsp)
    _ensure_facilitator_assessor_role(assignment=assignment, actor=actor)
    return assignment


def _ensure_facilitator_assessor_role(*, assignment: AssessorAssignment, actor: User) -> None:
    """A confirmed assessor of a facilitated event plays "Asesor Kompetensi" in the facilitator's SOP
    too (PSM/DISNAKER-10 steps 5-6: they assess and sign the minutes), so they hold the assessor role
    there, as candidates hold the candidate role."""
    from ujikom.core.models import Role, RoleAssignment
    from ujikom.core.services import assign_role

    facilitator = assignment.event.facilitator
    user = assignment.assessor.user
    if facilitator is None or (
        RoleAssignment.objects.active()
        .filter(user=user, organization=facilitator, role__key=ASSESSOR_ROLE)
        .exists()
    ):
        return
    assign_role(
        actor=actor,
        user=user,
        role=Role.objects.get(key=ASSESSOR_ROLE),
        organization=facilitator,
        note=str(_("Asesor yang ditugaskan pada %(event)s") % {"event": assignment.event.title})[:255],
    )


@transaction.atomic
def decline_assignment(*, assignment: AssessorAssignment, reason: str, actor: User) -> AssessorAssignment:
    """The assessor declines (before the day), with a reason; the LSP proposes someone else."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tulis alasan menolak penugasan ini.")})
    assignment = _locked_assignment(assignment)
    _require_open(assignment.event)
    if assignment.status == AssessorAssignment.Status.DECLINED:
        raise ValidationError(_("Penugasan ini sudah ditolak."))
    if assignment.day < timezone.localdate():
        raise ValidationError(_("Tanggal penugasan sudah lewat; penugasan tidak dapat ditolak lagi."))
    assignment.status = AssessorAssignment.Status.DECLINED
    assignment.reason = reason
    assignment.responded_at = timezone.now()
    assignment.save(update_fields=["status", "reason", "responded_at", "updated_at"])
    record_event(
        assignment,
        "scheduling.assessor_declined",
        actor=actor,
        organization=assignment.event.lsp,
        data={"reason": reason},
    )
    return assignment
