"""Screens of a test day's readiness (SOP PSM/DISNAKER-10 steps 1–4): schedule distribution,
readiness form, reminders, attendance confirmation (staff list, the candidate's link and portal)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ujikom.core.http import AuthenticatedHttpRequest

from . import selectors_readiness as selectors
from . import services_readiness as services
from .forms_readiness import AttendanceForm, ReadinessConfirmForm, ReadinessFillForm, ReminderRuleForm
from .models import AttendanceAnswer, Registration, ReminderRule, ScheduleDistribution, TestEvent
from .throttle_readiness import too_many_link_attempts


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini."))


def _back(event: TestEvent, name: str) -> HttpResponse:
    return redirect(f"scheduling:{name}", event.public_id)


# ---- step 1 ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def schedule_distribution(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = selectors.event_for(request.user, public_id)
    may_act = selectors.may(request.user, event, selectors.REGISTER)
    if request.method == "POST":
        _refuse_unless(may_act)
        action = request.POST.get("action", "")
        try:
            if action == "generate":
                services.generate_schedule_distribution(event=event, actor=request.user)
                messages.success(request, _("Rekap, jadwal dan konfirmasi asesor telah dibuat."))
            elif action == "send":
                distribution = get_object_or_404(
                    ScheduleDistribution.objects.select_related("event"),
                    pk=request.POST.get("distribution"),
                    event=event,
                )
                reached = services.send_schedule_distribution(distribution=distribution, actor=request.user)
                messages.success(
                    request, _("Jadwal dikirim kepada %(count)s calon peserta.") % {"count": reached}
                )
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return _back(event, "schedule_distribution")
    context = {
        "event": event,
        "registrations": list(selectors.accepted_registrations(event)),
        "assessors": selectors.assessor_confirmations(event),
        "distribution": selectors.latest_distribution(event),
        "may_act": may_act,
    }
    return render(request, "scheduling/readiness_distribution.html", context)


# ---- step 2 ------------------------------------------------------------------------------------


def _initial_of(form: object) -> dict[str, str]:
    from .models import ReadinessForm

    if not isinstance(form, ReadinessForm):
        return {}
    initial = {"notes": form.notes}
    for row in form.checklist:
        initial[f"{row['key']}_ready"] = "ready" if row["ready"] else "not_ready"
        initial[f"{row['key']}_note"] = row["note"]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def readiness(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = selectors.event_for(request.user, public_id)
    current = selectors.readiness_form_of(event)
    may_fill = selectors.may_fill_readiness(request.user, event)
    may_confirm = selectors.may_confirm_readiness(request.user, event)
    fill_form = ReadinessFillForm(initial=_initial_of(current))
    confirm_form = ReadinessConfirmForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "fill":
            _refuse_unless(may_fill)
            fill_form = ReadinessFillForm(request.POST)
            if fill_form.is_valid():
                try:
                    services.fill_readiness(
                        event=event,
                        actor=request.user,
                        items=fill_form.items(),
                        notes=fill_form.cleaned_data["notes"],
                    )
                except ValidationError as error:
                    fill_form.add_service_errors(error)
                else:
                    messages.success(request, _("Form kesiapan disimpan; menunggu konfirmasi Kepala TUK."))
                    return _back(event, "readiness")
        elif action == "confirm":
            _refuse_unless(may_confirm)
            confirm_form = ReadinessConfirmForm(request.POST)
            if confirm_form.is_valid():
                try:
                    services.confirm_readiness(
                        event=event, actor=request.user, notes=confirm_form.cleaned_data["notes"]
                    )
                except ValidationError as error:
                    confirm_form.add_service_errors(error)
                else:
                    messages.success(request, _("Rencana pelaksanaan dikonfirmasi; form kesiapan dicetak."))
                    return _back(event, "readiness")
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    context = {
        "event": event,
        "current": current,
        "rows": services.checklist_rows(current) if current else [],
        "fill_form": fill_form,
        "fill_fields": [
            (fill_form[f"{key}_ready"], fill_form[f"{key}_note"]) for key, _label in services.READINESS_ITEMS
        ],
        "confirm_form": confirm_form,
        "may_fill": may_fill and not (current and current.is_confirmed),
        "may_confirm": may_confirm and current is not None and not current.is_confirmed,
    }
    return render(request, "scheduling/readiness_form.html", context)


# ---- step 3 ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = selectors.event_for(request.user, public_id)
    may_act = selectors.may(request.user, event, selectors.REGISTER)
    rule_form = ReminderRuleForm()
    if request.method == "POST":
        _refuse_unless(may_act)
        action = request.POST.get("action", "")
        try:
            if action == "add_rule":
                rule_form = ReminderRuleForm(request.POST)
                if rule_form.is_valid():
                    try:
                        services.add_reminder_rule(event=event, actor=request.user, **rule_form.cleaned_data)
                    except ValidationError as error:
                        rule_form.add_service_errors(error)
                    else:
                        messages.success(request, _("Aturan pengingat ditambahkan."))
                        return _back(event, "reminders")
            elif action == "defaults":
                services.add_default_reminder_rules(event=event, actor=request.user)
                messages.success(request, _("Pengingat H-7 dan H-1 pukul 08.00 WIB ditambahkan."))
                return _back(event, "reminders")
            elif action == "remove_rule":
                rule = get_object_or_404(ReminderRule, pk=request.POST.get("rule"), event=event)
                services.remove_reminder_rule(rule=rule, actor=request.user)
                messages.success(request, _("Aturan pengingat dihapus."))
                return _back(event, "reminders")
            elif action == "send_now":
                count = services.send_reminders_now(event=event, actor=request.user)
                messages.success(
                    request, _("Pengingat dikirim kepada %(count)s calon peserta.") % {"count": count}
                )
                return _back(event, "reminders")
            elif action == "report":
                services.record_reminders_report(event=event, actor=request.user)
                messages.success(request, _("Laporan pengingat dibuat."))
                return _back(event, "reminders")
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _back(event, "reminders")
    context = {
        "event": event,
        "rules": selectors.reminder_rules_of(event),
        "sent": selectors.reminders_sent_of(event),
        "reports": selectors.reports_of(event, "reminders"),
        "rule_form": rule_form,
        "may_act": may_act,
    }
    return render(request, "scheduling/readiness_reminders.html", context)


# ---- step 4 ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unconfirmed(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = selectors.event_for(request.user, public_id)
    may_act = selectors.may(request.user, event, selectors.REGISTER)
    if request.method == "POST":
        _refuse_unless(may_act)
        action = request.POST.get("action", "")
        try:
            if action == "resend":
                registration = get_object_or_404(
                    Registration.objects.select_related("event__scheme", "event__site"),
                    public_id=request.POST.get("registration"),
                    event=event,
                    status=Registration.Status.ACCEPTED,
                )
                services.resend_confirmation_request(registration=registration, actor=request.user)
                messages.success(
                    request, _("Pengingat dikirim ulang kepada %(name)s.") % {"name": registration.full_name}
                )
            elif action == "record_list":
                services.record_confirmation_list(event=event, actor=request.user)
                messages.success(request, _("Daftar konfirmasi kehadiran dibuat."))
            else:
                messages.error(request, _("Tindakan tidak dikenal."))
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _back(event, "unconfirmed")
    context = {
        "event": event,
        "summary": selectors.confirmation_summary(event),
        "waiting": list(selectors.unconfirmed_registrations(event)),
        "answered": list(selectors.answered_registrations(event)),
        "reports": selectors.reports_of(event, "confirmations"),
        "may_act": may_act,
    }
    return render(request, "scheduling/readiness_unconfirmed.html", context)


def _attendance_page(
    request: HttpRequest, registration: Registration, *, via: str, template: str, actor: object
) -> HttpResponse:
    form = AttendanceForm()
    done = False
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if form.is_valid():
            try:
                services.answer_attendance(
                    registration=registration,
                    attending=form.cleaned_data["answer"] == "attending",
                    reason=form.cleaned_data["reason"],
                    via=via,
                    actor=actor,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                done = True
                registration.refresh_from_db()
    answer = AttendanceAnswer.objects.filter(registration=registration).first()
    event = registration.event
    context = {
        "event": event,
        "registration": registration,
        "first_name": (registration.full_name.split() or [""])[0],
        "answer": answer,
        "form": form,
        "done": done,
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def confirm_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The public page a reminder links to: no login; shows only the event and the first name."""
    if too_many_link_attempts(request):
        return HttpResponse(_("Terlalu banyak percobaan. Coba lagi beberapa menit lagi."), status=429)
    registration = selectors.registration_by_token(token)
    if registration is None:
        return HttpResponse(_("Tidak ditemukan."), status=404, content_type="text/plain; charset=utf-8")
    return _attendance_page(
        request,
        registration,
        via=AttendanceAnswer.Via.LINK,
        template="scheduling/readiness_confirm_link.html",
        actor=request.user if request.user.is_authenticated else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm_attendance(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The candidate's portal page for confirming attendance of their own registration."""
    registration = selectors.own_registration(request.user, public_id)
    if registration.status != Registration.Status.ACCEPTED:
        raise Http404(_("Tidak ditemukan."))
    return _attendance_page(
        request,
        registration,
        via=AttendanceAnswer.Via.PORTAL,
        template="scheduling/readiness_confirm_portal.html",
        actor=request.user,
    )
