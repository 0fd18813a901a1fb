"""Screens of the test day (SOP PSM/DISNAKER-10 step 5): the officer's test-day page and attendance
lists, the assessor's tablet screen per candidate and list of allocated candidates, the results
table, the candidate's "Hasil uji saya" and the appeals register.

Every page checks role and organization through `access` (another organization: 404; no
permission: 403); the services check again what only they can know (allocation, the lock)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.documents.responses import file_response
from ujikom.registry.models import Assessor
from ujikom.scheduling.models import Registration

from . import access
from . import selectors_testday as selectors
from . import services_testday as services
from .forms_testday import (
    AbsentForm,
    AppealDecisionForm,
    AppealForm,
    FeedbackForm,
    InstrumentForm,
    OpenSheetForm,
    PhotoForm,
    SignForm,
    UnitResultForm,
)
from .models import Appeal, AttendanceEntry, AttendanceSheet, InstrumentFile, TestPhoto


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini."))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---- the officer's test-day page ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def test_day(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Days with both attendance lists, photos, allocation, results progress, finishing the day."""
    event = access.event_for(request.user, public_id)
    may_conduct = access.may(request.user, access.CONDUCT, event)
    days = selectors.event_days(event)
    photo_form = PhotoForm(days=days)
    if request.method == "POST":
        _refuse_unless(may_conduct)
        action = request.POST.get("action", "")
        try:
            if action == "open":
                form = OpenSheetForm(request.POST)
                if not form.is_valid():
                    raise ValidationError([message for errors in form.errors.values() for message in errors])
                sheet = services.open_attendance(
                    event=event,
                    day=form.cleaned_data["day"],
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                )
                messages.success(request, _("%(sheet)s dibuka.") % {"sheet": sheet.get_kind_display()})
                return redirect("assessment:attendance", sheet.public_id)
            if action == "photo":
                photo_form = PhotoForm(request.POST, request.FILES, days=days)
                if photo_form.is_valid():
                    upload = photo_form.cleaned_data["file"]
                    try:
                        services.add_photo(
                            event=event,
                            day=photo_form.cleaned_data["day"],
                            content=upload,
                            name=upload.name or "foto.jpg",
                            caption=photo_form.cleaned_data["caption"],
                            actor=request.user,
                        )
                    except ValidationError as error:
                        photo_form.add_service_errors(error)
                    else:
                        messages.success(request, _("Foto dokumentasi diunggah."))
                        return redirect("assessment:test_day", event.public_id)
            elif action == "remove_photo":
                photo = get_object_or_404(TestPhoto, public_id=request.POST.get("photo") or None, event=event)
                services.remove_photo(photo=photo, actor=request.user)
                messages.success(request, _("Foto dihapus dari dokumentasi."))
                return redirect("assessment:test_day", event.public_id)
            elif action == "allocate_auto":
                made = services.allocate_automatically(event=event, actor=request.user)
                messages.success(
                    request, _("%(count)s asesi dibagikan kepada asesor.") % {"count": len(made)}
                )
                return redirect(f"{reverse('assessment:test_day', args=[event.public_id])}#pembagian")
            elif action == "allocate":
                registration = get_object_or_404(
                    Registration, public_id=request.POST.get("registration") or None, event=event
                )
                assessor = get_object_or_404(Assessor, public_id=request.POST.get("assessor") or None)
                services.allocate(registration=registration, assessor=assessor, actor=request.user)
                messages.success(
                    request,
                    _("%(name)s dibagikan kepada %(assessor)s.")
                    % {"name": registration.full_name, "assessor": assessor.user.full_name},
                )
                return redirect(f"{reverse('assessment:test_day', args=[event.public_id])}#pembagian")
            elif action == "finish":
                report = services.finish_test_day(event=event, actor=request.user)
                messages.success(
                    request,
                    _("Pelaksanaan uji selesai; laporan %(number)s dibuat.")
                    % {"number": report.number or ""},
                )
                return redirect("assessment:test_day", event.public_id)
            elif action == "sync_tasks":
                services.record_test_day_tasks(event=event, actor=request.user)
                messages.success(request, _("Tugas SOP langkah 5 diperbarui."))
                return redirect("assessment:test_day", event.public_id)
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
            if action != "photo":
                return redirect("assessment:test_day", event.public_id)
    board = selectors.board_of(event)
    context = {
        "event": event,
        "board": board,
        "report_number": selectors.report_number(board.report) if board.report else "",
        "photo_form": photo_form,
        "may_conduct": may_conduct,
        "tasks": selectors.step_tasks(event),
    }
    return render(request, "assessment/testday_event.html", context)


@login_required
def event_file(request: AuthenticatedHttpRequest, public_id: uuid.UUID, file_id: uuid.UUID) -> FileResponse:
    """A file of the test day (list PDF, signature, photo, instrument, report) for whoever sees the event."""
    event = access.event_for(request.user, public_id)
    stored = selectors.event_file(event, file_id)
    if stored is None:
        raise Http404(_("Berkas tidak ditemukan."))
    inline = request.GET.get("lihat") == "1" and stored.content_type in ("image/png", "image/jpeg")
    return file_response(stored, inline=inline)


# ---- attendance lists --------------------------------------------------------------------------


def _sheet_for(request: AuthenticatedHttpRequest, public_id: uuid.UUID, code: str) -> AttendanceSheet:
    sheet = get_object_or_404(AttendanceSheet.objects.select_related("event"), public_id=public_id)
    sheet.event = access.event_for(request.user, sheet.event.public_id, code)
    return sheet


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One attendance list: its lines with sign/absent links and closing it (the numbered PDF)."""
    sheet = _sheet_for(request, public_id, access.VIEW)
    event = sheet.event
    may_conduct = access.may(request.user, access.CONDUCT, event)
    if request.method == "POST":
        _refuse_unless(may_conduct)
        if request.POST.get("action") == "close":
            try:
                services.close_attendance(sheet=sheet, actor=request.user)
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("Daftar hadir ditutup; PDF daftar hadir dibuat."))
        elif request.POST.get("action") == "refresh":
            try:
                services.open_attendance(event=event, day=sheet.day, kind=sheet.kind, actor=request.user)
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("Daftar hadir diperbarui."))
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
        return redirect("assessment:attendance", sheet.public_id)
    entries = selectors.entries_of(sheet)
    context = {
        "event": event,
        "sheet": sheet,
        "entries": entries,
        "waiting": sum(1 for entry in entries if entry.recorded_at is None),
        "may_conduct": may_conduct,
    }
    return render(request, "assessment/testday_attendance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_line(request: AuthenticatedHttpRequest, public_id: uuid.UUID, entry_id: int) -> HttpResponse:
    """The officer's tablet: the person draws their signature, or the officer marks them absent."""
    sheet = _sheet_for(request, public_id, access.CONDUCT)
    entry = get_object_or_404(
        AttendanceEntry.objects.select_related("registration", "assessor__user"), pk=entry_id, sheet=sheet
    )
    sign_form = SignForm(initial={"sign_method": "drawn"})
    absent_form = AbsentForm(initial={"note": entry.note})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "sign":
            sign_form = SignForm(request.POST)
            if sign_form.is_valid():
                try:
                    services.sign_attendance(
                        entry=entry,
                        actor=request.user,
                        method=sign_form.cleaned_data["sign_method"],
                        drawing=sign_form.cleaned_data["signature"],
                    )
                except ValidationError as error:
                    sign_form.add_service_errors(error)
                else:
                    messages.success(request, _("Tanda tangan tercatat."))
                    return redirect("assessment:attendance", sheet.public_id)
        elif action == "absent":
            absent_form = AbsentForm(request.POST)
            if absent_form.is_valid():
                try:
                    services.mark_absent(
                        entry=entry, actor=request.user, note=absent_form.cleaned_data["note"]
                    )
                except ValidationError as error:
                    absent_form.add_service_errors(error)
                else:
                    messages.success(request, _("Ditandai tidak hadir."))
                    return redirect("assessment:attendance", sheet.public_id)
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    context = {
        "event": sheet.event,
        "sheet": sheet,
        "entry": entry,
        "name": entry.registration.full_name if entry.registration else entry.assessor.user.full_name,  # type: ignore[union-attr]
        "sign_form": sign_form,
        "absent_form": absent_form,
    }
    return render(request, "assessment/testday_attendance_line.html", context)


PORTALS = {"assessor": "assessment:my_assessments", "candidate": "assessment:my_results"}


@login_required
@require_POST
def sign_own_line(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    """A candidate or assessor signs their own line of an open list from their portal."""
    back = PORTALS.get(request.POST.get("portal", ""), "assessment:my_results")
    entry = AttendanceEntry.objects.select_related("registration", "assessor").filter(pk=entry_id).first()
    if entry is None:
        raise Http404(_("Tidak ditemukan."))
    person = entry.registration.candidate_id if entry.registration else entry.assessor.user_id  # type: ignore[union-attr]
    if person != request.user.pk:
        raise Http404(_("Tidak ditemukan."))
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect(back)
    try:
        services.sign_attendance(
            entry=entry,
            actor=request.user,
            method=form.cleaned_data["sign_method"],
            drawing=form.cleaned_data["signature"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Kehadiran Anda tercatat. Terima kasih."))
    return redirect(back)


# ---- the assessor ------------------------------------------------------------------------------


@login_required
def my_assessments(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The assessor's events with the candidates allocated to them, and their open attendance lines."""
    groups = selectors.assessor_events(request.user)
    if not groups and not request.user.assessor_records.exists():
        raise PermissionDenied(_("Halaman ini untuk asesor kompetensi yang terdaftar."))
    return render(request, "assessment/testday_my_assessments.html", {"groups": groups})


def _unit_forms(
    view: selectors.AssessmentView, bound: UnitResultForm | None
) -> list[tuple[Any, UnitResultForm]]:
    forms = []
    for line in view.lines:
        prefix = f"u{line.unit.pk}"
        if bound is not None and bound.prefix == prefix:
            forms.append((line, bound))
            continue
        initial: dict[str, Any] = {
            "unit": line.unit.code,
            "expected_current": line.current.pk if line.current else "",
        }
        if line.current is not None:
            initial.update(
                {"verdict": line.current.verdict, "methods": line.current.methods, "note": line.current.note}
            )
        forms.append((line, UnitResultForm(prefix=prefix, initial=initial)))
    return forms


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The assessor's tablet screen for one candidate: K/BK per unit with methods and a note,
    instruments, finishing the assessment and the feedback."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "candidate"), public_id=public_id
    )
    event = access.event_for(request.user, registration.event.public_id, access.ASSESS)
    registration.event = event
    assessor = selectors.assessor_of(request.user, event)
    if assessor is None:
        raise PermissionDenied(str(services.NOT_ASSIGNED))
    view = selectors.assessment_view(registration)
    bound: UnitResultForm | None = None
    instrument_form = InstrumentForm(units=[line.unit for line in view.lines])
    feedback_form = FeedbackForm(initial={"feedback": view.assessment.feedback if view.assessment else ""})
    here = reverse("assessment:assess", args=[registration.public_id])
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "unit":
                bound = UnitResultForm(request.POST, prefix=request.POST.get("prefix", "")[:20])
                if bound.is_valid():
                    try:
                        result = services.record_unit_result(
                            registration=registration,
                            unit_code=bound.cleaned_data["unit"],
                            verdict=bound.cleaned_data["verdict"],
                            methods=bound.cleaned_data["methods"],
                            note=bound.cleaned_data["note"],
                            expected_current=bound.cleaned_data["expected_current"],
                            reason=bound.cleaned_data["reason"],
                            actor=request.user,
                        )
                    except ValidationError as error:
                        bound.add_service_errors(error)
                    else:
                        messages.success(
                            request,
                            _("Unit %(code)s: %(verdict)s tercatat.")
                            % {"code": result.unit.code, "verdict": result.verdict},
                        )
                        return redirect(f"{here}#unit-{result.unit_id}")
            elif action == "instrument":
                instrument_form = InstrumentForm(
                    request.POST, request.FILES, units=[line.unit for line in view.lines]
                )
                if instrument_form.is_valid():
                    upload = instrument_form.cleaned_data["file"]
                    try:
                        services.upload_instrument(
                            registration=registration,
                            kind=instrument_form.cleaned_data["kind"],
                            unit_code=instrument_form.cleaned_data["unit"],
                            content=upload,
                            name=upload.name or "instrumen.pdf",
                            actor=request.user,
                        )
                    except ValidationError as error:
                        instrument_form.add_service_errors(error)
                    else:
                        messages.success(request, _("Instrumen diunggah."))
                        return redirect(f"{here}#instrumen")
            elif action == "finish":
                services.finish_assessment(registration=registration, actor=request.user)
                messages.success(request, _("Asesmen %(name)s selesai.") % {"name": registration.full_name})
                return redirect(f"{here}#umpan-balik")
            elif action == "feedback":
                feedback_form = FeedbackForm(request.POST)
                if feedback_form.is_valid():
                    try:
                        services.give_feedback(
                            registration=registration,
                            actor=request.user,
                            feedback=feedback_form.cleaned_data["feedback"],
                        )
                    except ValidationError as error:
                        feedback_form.add_service_errors(error)
                    else:
                        messages.success(
                            request, _("Umpan balik disimpan; asesi dapat membacanya di portalnya.")
                        )
                        return redirect(f"{here}#umpan-balik")
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(here)
        view = selectors.assessment_view(registration)
    allocated = view.assessment is not None and view.assessment.assessor_id == assessor.pk
    context = {
        "event": event,
        "registration": registration,
        "view": view,
        "unit_forms": _unit_forms(view, bound),
        "instrument_form": instrument_form,
        "feedback_form": feedback_form,
        "allocated": allocated,
        "may_record": allocated and view.present_on is not None,
        "labels": dict(InstrumentFile.Kind.choices),
    }
    return render(request, "assessment/testday_assess.html", context)


# ---- results -----------------------------------------------------------------------------------


@login_required
def results(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The event's results table: candidate × unit (K/BK), the assessor, the recommendation."""
    event = access.event_for(request.user, public_id)
    board = selectors.results_grid(event)
    assessor = selectors.assessor_of(request.user, event)
    context = {"event": event, "board": board, "my_assessor_id": assessor.pk if assessor else None}
    return render(request, "assessment/testday_results.html", context)


# ---- the candidate -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_results(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Hasil uji saya: schedule, signing one's own attendance line, results after the test day,
    feedback, appeals; the certificate later."""
    appeal_forms: dict[int, AppealForm] = {}
    if request.method == "POST" and request.POST.get("action") == "appeal":
        registration = selectors.own_registration(request.user, request.POST.get("registration", ""))
        if registration is None:
            raise Http404(_("Tidak ditemukan."))
        form = AppealForm(request.POST)
        if form.is_valid():
            try:
                services.submit_appeal(
                    registration=registration, actor=request.user, grounds=form.cleaned_data["grounds"]
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Banding Anda diajukan; LSP akan memutuskannya."))
                return redirect("assessment:my_results")
        appeal_forms[registration.pk] = form
    elif request.method == "POST":
        messages.error(request, _("Tindakan tidak dikenal."))
        return redirect("assessment:my_results")
    views = selectors.candidate_views(request.user)
    for view in views:
        if view.finished and view.assessment is not None and view.assessment.feedback:
            services.mark_feedback_read(registration=view.registration, actor=request.user)
    rows = [(view, appeal_forms.get(view.registration.pk) or AppealForm()) for view in views]
    return render(request, "assessment/testday_my_results.html", {"rows": rows})


# ---- appeals -----------------------------------------------------------------------------------


@login_required
def appeals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The appeals register (FR.AK.04) of the events the user may see."""
    if not request.user.is_superuser and not selectors.appeal_organization_ids(request.user):
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk melihat register banding."))
    status = request.GET.get("status", "")
    if status not in Appeal.Status.values:
        status = ""
    rows = list(selectors.appeals_for(request.user, status=status)[:200])
    deciders = {
        appeal.pk
        for appeal in rows
        if appeal.status == Appeal.Status.SUBMITTED
        and access.may(request.user, access.DECIDE, appeal.assessment.registration.event, access.Where.LSP)
    }
    context = {"appeals": rows, "status": status, "statuses": Appeal.Status.choices, "deciders": deciders}
    return render(request, "assessment/testday_appeals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The LSP decides one appeal: upheld (assessed again) or dismissed."""
    appeal = get_object_or_404(
        Appeal.objects.select_related(
            "assessment__registration__event", "assessment__assessor__user", "submitted_by", "decided_by"
        ),
        public_id=public_id,
    )
    event = access.event_for(
        request.user, appeal.assessment.registration.event.public_id, access.DECIDE, access.Where.LSP
    )
    form = AppealDecisionForm()
    if request.method == "POST":
        form = AppealDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide_appeal(
                    appeal=appeal,
                    actor=request.user,
                    status=form.cleaned_data["status"],
                    decision=form.cleaned_data["decision"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Keputusan banding disimpan."))
                return redirect("assessment:appeals")
    context = {"appeal": appeal, "event": event, "form": form}
    return render(request, "assessment/testday_appeal_decide.html", context)
