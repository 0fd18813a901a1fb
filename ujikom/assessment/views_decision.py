"""Screens of the LSP's decision (STMI 1.3.3 step 6): the event's decision page (plenary, decree,
approval chain, documents, blank request, BNSP numbers), the list of decisions, the candidate data
BNSP needs, the numbers form and upload, and the blank log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ujikom.core.access import permission_required
from ujikom.core.http import AuthenticatedHttpRequest, OrganizationHttpRequest
from ujikom.documents.models import StoredFile
from ujikom.documents.responses import file_response
from ujikom.registry.spreadsheets import write_xlsx
from ujikom.scheduling.forms_registration import BnspDataForm
from ujikom.scheduling.models import TestEvent
from ujikom.scheduling.services_registration import BNSP_FIELDS, update_bnsp_data

from . import results
from . import selectors_decision as selectors
from . import services_blanks as blanks
from . import services_decision as services
from .access import BLANKS, DECIDE, VIEW, Where, event_for, may
from .forms_decision import (
    CorrectionForm,
    DecisionForm,
    MovementForm,
    NoteForm,
    NumbersForm,
    NumbersUploadForm,
)
from .models import BlankRequest, Decision

NO_ACCESS = gettext_lazy("Anda tidak memiliki hak akses untuk tindakan ini.")

# The approval chain's buttons: the service and what the page says when it went through.
CHAIN: dict[str, tuple[Callable[..., Decision], Any]] = {
    "propose": (services.propose_decision, gettext_lazy("SK Penetapan diajukan kepada Ketua LSP.")),
    "endorse": (
        services.endorse_decision,
        gettext_lazy("SK Penetapan disetujui; menunggu tanda tangan Direktur."),
    ),
    "return": (services.return_decision, gettext_lazy("SK Penetapan dikembalikan kepada Kabid Sertifikasi.")),
    "sign": (services.sign_decision, gettext_lazy("SK Penetapan ditandatangani dan diberi nomor.")),
}


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(str(NO_ACCESS))


def _back(event: TestEvent) -> HttpResponse:
    return redirect("assessment:decision", event.public_id)


def _decision_form(event: TestEvent, decision: Decision | None, data: object = None) -> DecisionForm:
    competent = results.competent_registrations(event)
    if decision is not None:
        listed = {str(entry.registration.public_id) for entry in selectors.entries_of(decision)}
        initial = {
            "meeting_held_on": decision.meeting_held_on,
            "meeting_place": decision.meeting_place,
            "attendees": decision.attendees,
            "meeting_notes": decision.meeting_notes,
            "registrations": sorted(listed),
        }
    else:
        initial = {
            "meeting_held_on": timezone.localdate(),
            "meeting_place": event.lsp.name,
            "registrations": [str(r.public_id) for r in competent],
        }
    return DecisionForm(data, competent=competent, initial=initial)


def _run(request: AuthenticatedHttpRequest, work: Callable[[], object], success: str) -> bool:
    """Call a service; its refusal becomes a message. Returns whether it went through."""
    try:
        work()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The event's decision page: the plenary and decree, the approval chain, the documents, the
    blank request and the BNSP numbers."""
    event = event_for(request.user, public_id, VIEW)
    user = request.user
    current = selectors.current_decision(event)
    may_decide = may(user, DECIDE, event, Where.LSP)
    may_blanks = may(user, BLANKS, event, Where.LSP)
    form = _decision_form(event, current)
    if request.method == "POST":
        event = event_for(user, public_id, DECIDE, Where.LSP)
        action = request.POST.get("action", "")
        note = request.POST.get("note", "")
        if action in ("prepare", "update"):
            form = _decision_form(event, current, request.POST)
            if form.is_valid():
                try:
                    if action == "prepare":
                        services.prepare_decision(
                            event=event, actor=user, registrations=form.chosen(), **form.meeting()
                        )
                    else:
                        if current is None:
                            raise Http404(_("Keputusan tidak ditemukan."))
                        services.update_decision(
                            decision=current, actor=user, registrations=form.chosen(), **form.meeting()
                        )
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    messages.success(request, _("Rapat pleno dan draf SK Penetapan disimpan."))
                    return _back(event)
        elif action in CHAIN:
            if current is None:
                raise Http404(_("Keputusan tidak ditemukan."))
            work, success = CHAIN[action]
            target = current
            if _run(request, lambda: work(decision=target, actor=user, note=note), str(success)):
                return _back(event)
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
        current = selectors.current_decision(event)
    minutes, recommendation = selectors.handover_of(event)
    sheet = None
    requests: list[BlankRequest] = []
    if current is not None and current.status == Decision.Status.APPROVED:
        requests = selectors.blank_requests_of(current)
        if may_blanks:
            sheet = blanks.bnsp_sheet(event)
    entries = selectors.entries_of(current) if current is not None else []
    context = {
        "event": event,
        "decision": current,
        "entries": entries,
        "numbered": sum(1 for entry in entries if entry.certificate_number),
        "approvals": selectors.approvals_of(current) if current is not None else [],
        "history": [d for d in selectors.decision_history(event) if current is None or d.pk != current.pk],
        "candidates": selectors.candidate_rows(event, current),
        "minutes": minutes,
        "recommendation": recommendation,
        "ready": minutes is not None and minutes.is_locked and recommendation is not None,
        "form": form,
        "note_form": NoteForm(),
        "may_decide": may_decide,
        "may_blanks": may_blanks,
        "is_head": may_decide and services.holds_role(user, event.lsp, services.HEAD_ROLE),
        "is_chair": may_decide and services.holds_role(user, event.lsp, services.CHAIR_ROLE),
        "is_director": may_decide and services.holds_role(user, event.lsp, services.DIRECTOR_ROLE),
        "combined": services.combined_file(current) if current is not None else None,
        "certificate_list": blanks.latest_certificate_list(current) if current is not None else None,
        "requests": requests,
        "open_request": next((r for r in requests if r.status != BlankRequest.Status.FULFILLED), None),
        "sheet": sheet,
        "missing": blanks.missing_data_messages(sheet, event) if sheet is not None else [],
        "stock": blanks.blank_stock(event.lsp) if may_blanks else None,
    }
    return render(request, "assessment/decision_page.html", context)


@login_required
def decision_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Decision.Status.values:
        status = ""
    if not request.user.is_superuser and not selectors.decision_lsps(request.user):
        raise PermissionDenied(str(NO_ACCESS))
    decisions = selectors.decisions_for(request.user, status=status)[: selectors.LIST_LIMIT]
    context = {"decisions": decisions, "status": status, "statuses": Decision.Status.choices}
    return render(request, "assessment/decision_list.html", context)


def _decision_of(event: TestEvent) -> Decision:
    current = selectors.current_decision(event)
    if current is None:
        raise Http404(_("Keputusan tidak ditemukan."))
    return current


@login_required
def decision_file(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, file_id: uuid.UUID
) -> FileResponse:
    """A document of the event's decisions: minutes, decree, the list of certificates, the request
    letter, the xlsx and the bundle. For the LSP's people who decide or handle blanks."""
    event = event_for(request.user, public_id, VIEW)
    _refuse_unless(may(request.user, DECIDE, event, Where.LSP) or may(request.user, BLANKS, event, Where.LSP))
    decisions = {str(pk) for pk in Decision.objects.filter(event=event).values_list("pk", flat=True)}
    stored = get_object_or_404(
        StoredFile,
        public_id=file_id,
        organization=event.lsp,
        subject_type=Decision._meta.label_lower,
        subject_id__in=decisions,
    )
    return file_response(stored)


@login_required
@require_POST
def blank_request(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Prepare the bundle for BNSP, or mark it submitted."""
    event = event_for(request.user, public_id, BLANKS, Where.LSP)
    current = _decision_of(event)
    action = request.POST.get("action", "")
    if action == "prepare":
        _run(
            request,
            lambda: blanks.prepare_blank_request(decision=current, actor=request.user),
            _("Berkas permohonan blangko disiapkan; unduh ZIP-nya dan unggah ke sistem BNSP."),
        )
    elif action == "submit":
        chosen = get_object_or_404(
            BlankRequest, public_id=request.POST.get("request") or None, decision=current
        )
        _run(
            request,
            lambda: blanks.submit_blank_request(request=chosen, actor=request.user),
            _("Permohonan ditandai sudah diajukan ke BNSP."),
        )
    elif action == "complete_task":
        _run(
            request,
            lambda: blanks.complete_certificate_task(decision=current, actor=request.user),
            _("Dokumen dilampirkan pada langkah SOP."),
        )
    else:
        messages.error(request, _("Tindakan tidak dikenal."))
    return _back(event)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_numbers(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The numbers BNSP assigned, one row per candidate of the decree, or an xlsx upload."""
    event = event_for(request.user, public_id, BLANKS, Where.LSP)
    current = _decision_of(event)
    entries = selectors.entries_of(current)
    form = NumbersForm(entries=entries)
    upload = NumbersUploadForm()
    errors: list[object] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "upload":
                upload = NumbersUploadForm(request.POST, request.FILES)
                if upload.is_valid():
                    file = upload.cleaned_data["file"]
                    recorded = blanks.import_certificate_numbers(
                        decision=current, source=file.read(), filename=file.name, actor=request.user
                    )
                    messages.success(request, _("%(n)s nomor sertifikat dicatat.") % {"n": len(recorded)})
                    return redirect("assessment:certificate_numbers", event.public_id)
            else:
                form = NumbersForm(request.POST, entries=entries)
                if form.is_valid():
                    numbers = [
                        blanks.NumberInput(entry, certificate, registration, entry.position)
                        for entry, certificate, registration in form.given()
                    ]
                    recorded = blanks.record_certificate_numbers(
                        decision=current, numbers=numbers, actor=request.user
                    )
                    messages.success(request, _("%(n)s nomor sertifikat dicatat.") % {"n": len(recorded)})
                    return redirect("assessment:certificate_numbers", event.public_id)
        except blanks.NumbersRefused as refused:
            errors = list(refused.errors)
    context = {
        "event": event,
        "decision": current,
        "form": form,
        "upload": upload,
        "errors": errors,
        "stock": blanks.blank_stock(event.lsp),
        "certificate_help": blanks.CERTIFICATE_NUMBER_HELP,
        "registration_help": blanks.REGISTRATION_NUMBER_HELP,
    }
    return render(request, "assessment/decision_numbers.html", context)


@login_required
def certificate_numbers_template(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The upload template, filled with the decree's candidates (NIK and name)."""
    event = event_for(request.user, public_id, BLANKS, Where.LSP)
    current = _decision_of(event)
    content = write_xlsx(
        [blanks.NIK_COLUMN, "NAMA ASESI", blanks.CERTIFICATE_COLUMN, blanks.REGISTRATION_COLUMN],
        (
            [
                entry.registration.nik,
                entry.registration.full_name,
                entry.certificate_number,
                entry.registration_number,
            ]
            for entry in selectors.entries_of(current)
        ),
        sheet_title="Nomor sertifikat",
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="nomor-sertifikat-{event.public_id.hex[:8]}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificate_number_correct(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, position: int
) -> HttpResponse:
    event = event_for(request.user, public_id, BLANKS, Where.LSP)
    current = _decision_of(event)
    entry = selectors.entry_at(current, position)
    if entry is None or not entry.certificate_number:
        raise Http404(_("Nomor sertifikat asesi ini belum dicatat."))
    form = CorrectionForm(
        request.POST or None,
        initial={
            "certificate_number": entry.certificate_number,
            "registration_number": entry.registration_number,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            blanks.correct_certificate_numbers(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Nomor sertifikat %(name)s dikoreksi.") % {"name": entry.registration.full_name}
            )
            return redirect("assessment:certificate_numbers", event.public_id)
    context = {"event": event, "decision": current, "entry": entry, "form": form}
    return render(request, "assessment/decision_correct.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_data(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, registration_id: uuid.UUID
) -> HttpResponse:
    """Complete a candidate's data for BNSP (address, city, province, education, occupation, institution)."""
    event = event_for(request.user, public_id, BLANKS, Where.LSP)
    registration = selectors.registration_of_event(event, registration_id)
    if registration is None:
        raise Http404(_("Asesi tidak ditemukan pada uji kompetensi ini."))
    initial = {name: getattr(registration, name) for name in BNSP_FIELDS}
    form = BnspDataForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_bnsp_data(registration=registration, fields=form.bnsp_data(), actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data BNSP %(name)s disimpan.") % {"name": registration.full_name})
            return _back(event)
    context = {"event": event, "registration": registration, "form": form}
    return render(request, "assessment/decision_candidate.html", context)


# ---- the blank log ----------------------------------------------------------------------------


@login_required
@permission_required(BLANKS)
@require_http_methods(["GET", "POST"])
def blank_log(request: OrganizationHttpRequest) -> HttpResponse:
    """The blank register of the LSP the user acts for: stock and history; record a movement."""
    lsp = request.organization
    form = MovementForm(
        request.POST or None,
        request.FILES or None,
        requests=selectors.open_blank_requests(lsp),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            blanks.record_blank_movement(
                lsp=lsp,
                kind=data["kind"],
                quantity=data["quantity"],
                occurred_on=data["occurred_on"],
                request=data["request"],
                serial_from=data["serial_from"],
                serial_to=data["serial_to"],
                reference=data["reference"],
                note=data["note"],
                document=data["document"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Mutasi blangko dicatat."))
            return redirect("assessment:blanks")
    context = {
        "lsp": lsp,
        "stock": blanks.blank_stock(lsp),
        "movements": selectors.movements_of(lsp),
        "form": form,
    }
    return render(request, "assessment/blanks_log.html", context)


@login_required
@permission_required(BLANKS)
def blank_file(request: OrganizationHttpRequest, movement_id: uuid.UUID) -> FileResponse:
    movement = selectors.movement_for(request.organization, movement_id)
    if movement is None or movement.document is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    return file_response(movement.document)
