"""The analysis pages of a case under /produktivitas/kasus/<id>/: measurements, causes and their
5-why chains, plan actions and the evaluation (forms, deletions) and finishing each of those stages.
Writing needs `productivity.record` in the case's office; after a change the case page opens at the
section changed, with a message."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import User
from ujikom.sop.models import Task

from . import access, sop_binding
from . import selectors_analysis as selectors
from . import services_analysis as services
from .drawing import fishbone_svg
from .forms_analysis import ActionForm, CauseForm, EvaluationForm, MeasurementForm, WhysForm
from .models import Cause, GuidanceCase, Measurement, PlanAction


def _case_page(case: GuidanceCase, anchor: str) -> str:
    return reverse("productivity:case_detail", args=[case.public_id]) + f"#{anchor}"


def _back(
    request: AuthenticatedHttpRequest, case: GuidanceCase, anchor: str, error: ValidationError
) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return redirect(_case_page(case, anchor))


def _finished(
    request: AuthenticatedHttpRequest, case: GuidanceCase, action: str, tasks: list[Task]
) -> HttpResponse:
    """The case page with what finishing did, or why it signed off nothing."""
    stage = sop_binding.STAGE_BY_ACTION[action]
    if tasks:
        messages.success(
            request,
            _(
                "Langkah “%(stage)s” diselesaikan; lembar kerjanya tersimpan dan kasus berlanjut ke langkah berikutnya."
            )
            % {"stage": stage.label},
        )
        return redirect(_case_page(case, stage.anchor))
    active = sop_binding.active_stage(case)
    if active is None or active.action != action:
        message = _(
            "Langkah “%(stage)s” tidak sedang aktif pada pelaksanaan SOP kasus ini%(active)s; belum ada yang diselesaikan."
        ) % {
            "stage": stage.label,
            "active": _(" (langkah aktif: %(label)s)") % {"label": active.label}
            if active is not None
            else "",
        }
    else:
        names = sop_binding.stage_actor_names(case, action)
        message = _(
            "Langkah “%(stage)s” ditugaskan kepada %(names)s, bukan kepada Anda; mereka menyelesaikannya dari "
            "halaman kasus atau halaman tugas."
        ) % {"stage": stage.label, "names": ", ".join(names) or _("orang lain")}
    messages.warning(request, message)
    return redirect(_case_page(case, stage.anchor))


def _render(
    request: AuthenticatedHttpRequest, template: str, case: GuidanceCase, **context: object
) -> HttpResponse:
    form = context.get("form")
    status = 400 if form is not None and getattr(form, "errors", None) else 200
    return render(request, f"productivity/{template}", {"case": case, **context}, status=status)


def _measurement(case: GuidanceCase, measurement_id: int) -> Measurement:
    return get_object_or_404(Measurement, case=case, pk=measurement_id)


def _cause(case: GuidanceCase, cause_id: int) -> Cause:
    return get_object_or_404(Cause.objects.select_related("parent"), case=case, pk=cause_id)


def _action(case: GuidanceCase, action_id: int) -> PlanAction:
    return get_object_or_404(PlanAction.objects.select_related("cause"), case=case, pk=action_id)


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


# ---- indicators -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def measurement_form(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, measurement_id: int | None = None
) -> HttpResponse:
    """Add or change the indicators of one period."""
    case = access.case_for(request.user, public_id, access.RECORD)
    measurement = _measurement(case, measurement_id) if measurement_id is not None else None
    form = MeasurementForm(request.POST or None, measurement=measurement)
    if request.method == "POST" and form.is_valid():
        try:
            if measurement is None:
                measurement = services.add_measurement(case=case, actor=_user(request), **form.values())
                message = _("Pengukuran “%(label)s” dicatat.")
            else:
                measurement = services.update_measurement(
                    measurement=measurement, actor=_user(request), **form.values()
                )
                message = _("Pengukuran “%(label)s” diubah.")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, message % {"label": measurement.label})
            return redirect(_case_page(case, "indikator"))
    return _render(
        request, "measurement_form.html", case, form=form, measurement=measurement, section="indikator"
    )


@login_required
@require_POST
def measurement_delete(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, measurement_id: int
) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    measurement = _measurement(case, measurement_id)
    try:
        services.delete_measurement(measurement=measurement, actor=_user(request))
    except ValidationError as error:
        return _back(request, case, "indikator", error)
    messages.success(request, _("Pengukuran “%(label)s” dihapus.") % {"label": measurement.label})
    return redirect(_case_page(case, "indikator"))


@login_required
@require_POST
def indicators_finish(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    try:
        tasks = services.finish_indicators(case=case, actor=_user(request))
    except ValidationError as error:
        return _back(request, case, "indikator", error)
    return _finished(request, case, "productivity.indicators", tasks)


# ---- causes ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cause_form(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, cause_id: int | None = None
) -> HttpResponse:
    """Add a cause (on a bone, or under a parent cause) or change one."""
    case = access.case_for(request.user, public_id, access.RECORD)
    cause = _cause(case, cause_id) if cause_id is not None else None
    causes = selectors.causes_of(case)
    initial: dict[str, object] = {}
    if cause is not None:
        initial = {"category": cause.category, "text": cause.text, "is_root": cause.is_root}
    elif request.GET.get("induk", "").isdigit():
        initial = {"parent": int(request.GET["induk"])}
    elif request.GET.get("kategori") in Cause.Category.values:
        initial = {"category": request.GET["kategori"]}
    form = CauseForm(request.POST or None, causes=causes, editing=cause, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if cause is None:
                cause = services.add_cause(
                    case=case,
                    actor=_user(request),
                    category=data.get("category") or "",
                    text=data["text"],
                    parent=data.get("parent"),
                    is_root=data["is_root"],
                )
                message = _("Sebab “%(text)s” dicatat.")
            else:
                cause = services.update_cause(
                    cause=cause,
                    actor=_user(request),
                    text=data["text"],
                    is_root=data["is_root"],
                    category=data.get("category") or None,
                )
                message = _("Sebab “%(text)s” diubah.")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, message % {"text": cause.text})
            return redirect(_case_page(case, "sebab"))
    return _render(request, "cause_form.html", case, form=form, cause=cause, section="sebab")


@login_required
@require_POST
def cause_delete(request: AuthenticatedHttpRequest, public_id: uuid.UUID, cause_id: int) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    cause = _cause(case, cause_id)
    try:
        services.delete_cause(cause=cause, actor=_user(request))
    except ValidationError as error:
        return _back(request, case, "sebab", error)
    messages.success(request, _("Sebab “%(text)s” dihapus beserta sebab turunannya.") % {"text": cause.text})
    return redirect(_case_page(case, "sebab"))


@login_required
@require_http_methods(["GET", "POST"])
def whys_form(request: AuthenticatedHttpRequest, public_id: uuid.UUID, cause_id: int) -> HttpResponse:
    """The 5-why chain of a cause: five answers, each saying why the one before happens."""
    case = access.case_for(request.user, public_id, access.RECORD)
    cause = _cause(case, cause_id)
    form = WhysForm(request.POST or None, cause=cause)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_whys(cause=cause, actor=_user(request), answers=form.answers())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Analisis 5 mengapa untuk “%(text)s” disimpan.") % {"text": cause.text}
            )
            return redirect(_case_page(case, "sebab"))
    return _render(request, "whys_form.html", case, form=form, cause=cause, section="sebab")


@login_required
@require_POST
def causes_finish(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    try:
        tasks = services.finish_causes(case=case, actor=_user(request))
    except ValidationError as error:
        return _back(request, case, "sebab", error)
    return _finished(request, case, "productivity.causes", tasks)


@login_required
@require_GET
def fishbone(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The fishbone as an SVG file (to download or put in a slide)."""
    case = access.case_for(request.user, public_id)
    response = HttpResponse(fishbone_svg(case), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="diagram-tulang-ikan-{case.number or case.pk}.svg"'.replace("/", "-")
    )
    response["Cache-Control"] = "private, no-store"
    return response


# ---- plan -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_form(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, action_id: int | None = None
) -> HttpResponse:
    """Add an action to the plan, or change one and record how it went."""
    case = access.case_for(request.user, public_id, access.RECORD)
    action = _action(case, action_id) if action_id is not None else None
    root_causes = [cause for cause in selectors.causes_of(case) if cause.is_root]
    form = ActionForm(request.POST or None, root_causes=root_causes, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                action = services.add_action(case=case, actor=_user(request), **form.cleaned_data)
                message = _("Tindakan perbaikan dicatat.")
            else:
                action = services.update_action(action=action, actor=_user(request), **form.cleaned_data)
                message = _("Tindakan perbaikan diubah.")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, message)
            return redirect(_case_page(case, "rencana"))
    return _render(request, "action_form.html", case, form=form, action=action, section="rencana")


@login_required
@require_POST
def action_delete(request: AuthenticatedHttpRequest, public_id: uuid.UUID, action_id: int) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    action = _action(case, action_id)
    try:
        services.delete_action(action=action, actor=_user(request))
    except ValidationError as error:
        return _back(request, case, "rencana", error)
    messages.success(request, _("Tindakan perbaikan dihapus."))
    return redirect(_case_page(case, "rencana"))


@login_required
@require_POST
def plan_finish(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    try:
        tasks = services.finish_plan(case=case, actor=_user(request))
    except ValidationError as error:
        return _back(request, case, "rencana", error)
    return _finished(request, case, "productivity.plan", tasks)


# ---- evaluation -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_form(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record the evaluation (or replace it): a period before against a period after."""
    case = access.case_for(request.user, public_id, access.RECORD)
    measurements = selectors.measurements_of(case)
    if len(measurements) < 2:
        messages.warning(
            request,
            _(
                "Evaluasi membandingkan dua periode; catat dulu pengukuran periode sebelum dan sesudah perbaikan."
            ),
        )
        return redirect(_case_page(case, "indikator"))
    evaluation = selectors.evaluation_of(case)
    form = EvaluationForm(request.POST or None, measurements=measurements, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_evaluation(case=case, actor=_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Evaluasi sebelum dan sesudah perbaikan disimpan."))
            return redirect(_case_page(case, "evaluasi"))
    return _render(
        request, "evaluation_form.html", case, form=form, evaluation=evaluation, section="evaluasi"
    )


@login_required
@require_POST
def evaluation_finish(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    try:
        tasks = services.finish_evaluation(case=case, actor=_user(request))
    except ValidationError as error:
        return _back(request, case, "evaluasi", error)
    return _finished(request, case, "productivity.evaluation", tasks)
