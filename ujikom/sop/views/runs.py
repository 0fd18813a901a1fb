"""Pages of the SOP engine: "Tugas saya", a task, the runs of an organization, a run, starting and
cancelling one, and starting a related SOP from a step.

Who may see what: a task is shown to the people it is offered to (and whoever claimed or did
it) and to the `sop.view` holders of the run's organization; a run to those holders and to its
players. Anyone else from another organization gets 404, a member without the permission 403.
Starting and cancelling need `sop.run`. Claiming, uploading and completing are the engine's to
refuse (someone not offered the task, a task already done, missing outputs): the page then shows
the reason and nothing is changed.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.views.scope import acting_organization, authorize_in, render_list

from .. import engine
from ..actions import get_action
from ..library import version_definition, version_in_force
from ..models import Run, Sop, SopVersion, StepRun, Task, TaskOutput
from ..run_forms import (
    CancelRunForm,
    ChildRunForm,
    ChooseSopForm,
    CompleteTaskForm,
    OutputUploadForm,
    RunFilterForm,
    StartRunForm,
    TaskFilterForm,
)

logger = logging.getLogger(__name__)

TASKS_PAGE_SIZE = 25
RUNS_PAGE_SIZE = 50
FLOWCHART_CACHE_SECONDS = 24 * 3600


# ---- Tugas saya -------------------------------------------------------------------------------


@login_required
def my_tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tasks I claimed and the open ones offered to me: overdue first, then by due time."""
    user = request.user
    filters = TaskFilterForm(request.GET, codes=engine.task_sop_codes(engine.tasks_for(user)))
    filters.is_valid()  # an unknown value is left out; the rest still applies
    code = filters.cleaned_data.get("sop", "")
    run_id = filters.cleaned_data.get("run")
    tasks = engine.tasks_for(user, sop_code=code, run=run_id)
    page = Paginator(tasks, TASKS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = engine.task_rows(page.object_list)
    # The run's title is shown from its tasks: a run with none of mine stays unnamed.
    first = page.object_list[0] if run_id and page.object_list else None
    context = {
        "page_obj": page,
        "filters": filters,
        "run_id": run_id,
        "run_title": first.step_run.run.title if first is not None else "",
    }
    return render_list(request, "sop/my_tasks.html", context)


# ---- A task -----------------------------------------------------------------------------------


def _task(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> Task:
    try:
        return engine.task_for_viewer(request.user, public_id)
    except Task.DoesNotExist as error:
        raise Http404(_("Tugas tidak ditemukan.")) from error


def _output_slots(task: Task) -> list[dict[str, Any]]:
    given = {
        output.output_index: output for output in task.step_run.outputs.select_related("file", "added_by")
    }
    return [
        {"index": index, "name": name, "output": given.get(index)}
        for index, name in enumerate(task.step_run.step.outputs or [])
    ]


def _inputs(task: Task) -> tuple[list[dict[str, Any]], list[TaskOutput]]:
    """Each Kelengkapan item with the documents of earlier steps of the run that match its name,
    and the earlier documents that match none."""
    earlier = engine.run_outputs(task.step_run.run, before=task.step_run)
    used: set[int] = set()
    rows = []
    for name in task.step_run.step.inputs or []:
        wanted = str(name).casefold()
        matches = [
            o for o in earlier if wanted in o.output_name.casefold() or o.output_name.casefold() in wanted
        ]
        used.update(o.pk for o in matches)
        rows.append({"name": name, "documents": matches})
    return rows, [o for o in earlier if o.pk not in used]


def _child_run_choices(task: Task) -> list[tuple[str, str]]:
    run = task.step_run.run
    choices = []
    for sop in engine.related_sops(task.step_run.step, run.organization):
        version = version_in_force(organization=run.organization, code=sop.code)
        if version is not None:
            choices.append((sop.code, f"{sop.code} · {sop.name}"))
    return choices


def _task_page(
    request: AuthenticatedHttpRequest,
    task: Task,
    *,
    complete_form: CompleteTaskForm | None = None,
    upload_form: OutputUploadForm | None = None,
    child_form: ChildRunForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    step_run = task.step_run
    run = step_run.run
    step = step_run.step
    is_open = task.status in engine.OPEN_STATUSES
    can_act = is_open and run.status == Run.Status.RUNNING and engine.can_act_on(user, task)
    claimed_by_other = task.status == Task.Status.CLAIMED and task.claimed_by_id != user.pk
    inputs, other_documents = _inputs(task)
    child_choices = _child_run_choices(task) if is_open else []
    can_start_child = bool(child_choices) and (can_act or has_permission(user, "sop.run", run.organization))
    action = get_action(step.action) if step.action else None
    context = {
        "task": task,
        "step_run": step_run,
        "run": run,
        "step": step,
        "outputs": _output_slots(task),
        "inputs": inputs,
        "other_documents": other_documents,
        "choices": engine.step_choices(step),
        "action": action,
        "action_url": action.url(task) if action is not None else "",
        "can_act": can_act and not claimed_by_other,
        "can_claim": can_act and task.status == Task.Status.OPEN,
        "can_release": task.status == Task.Status.CLAIMED
        and (task.claimed_by_id == user.pk or has_permission(user, "sop.run", run.organization)),
        "claimed_by_other": claimed_by_other,
        "waiting": step_run.status == StepRun.Status.WAITING,
        "child_runs": list(step_run.child_runs.select_related("version").order_by("started_at")),
        "parallel_tasks": list(
            step_run.tasks.exclude(pk=task.pk)
            .select_related("activity__actor", "claimed_by", "completed_by")
            .order_by("activity__position")
        ),
        "complete_form": complete_form or CompleteTaskForm(choices=engine.step_choices(step)),
        "upload_form": upload_form,
        "child_form": child_form or (ChildRunForm(codes=child_choices) if can_start_child else None),
        "can_start_child": can_start_child,
        "player": engine.describe_player(task.run_actor),
        "is_overdue": is_open and task.due_at is not None and task.due_at < timezone.now(),
        "can_download": _can_download(request, run),
        "error": error,
    }
    return render(request, "sop/task_detail.html", context, status=status)


def _can_download(request: AuthenticatedHttpRequest, run: Run) -> bool:
    """Files open through the documents page, for those who see the run organization's files there."""
    return getattr(request, "organization", None) == run.organization and has_permission(
        request.user, "documents.view", run.organization
    )


@login_required
def task_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _task_page(request, _task(request, public_id))


def _refused(
    request: AuthenticatedHttpRequest, task: Task, error: PermissionDenied, **forms: Any
) -> HttpResponse:
    return _task_page(request, task, error=str(error), status=403, **forms)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def task_claim(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    task = _task(request, public_id)
    try:
        engine.claim_task(task=task, actor=request.user)
    except PermissionDenied as error:
        return _refused(request, task, error)
    except ValidationError as error:
        return _task_page(request, _task(request, public_id), error=_message(error), status=409)
    messages.success(request, _("Tugas diambil; tugas ini sekarang tercatat sedang Anda kerjakan."))
    return redirect("sop:task_detail", public_id=task.public_id)


@login_required
@require_POST
def task_release(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    task = _task(request, public_id)
    try:
        engine.release_task(task=task, actor=request.user)
    except PermissionDenied as error:
        return _refused(request, task, error)
    except ValidationError as error:
        return _task_page(request, _task(request, public_id), error=_message(error), status=409)
    messages.success(request, _("Tugas dilepas; kini terbuka lagi untuk semua pelaksananya."))
    return redirect("sop:task_detail", public_id=task.public_id)


@login_required
@require_POST
def task_upload(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    task = _task(request, public_id)
    form = OutputUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _task_page(request, task, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        output = engine.upload_output(
            task=task,
            output_index=form.cleaned_data["output_index"],
            content=upload,
            name=upload.name,
            actor=request.user,
        )
    except PermissionDenied as error:
        return _refused(request, task, error)
    except ValidationError as error:
        form.add_service_errors(error)
        return _task_page(request, _task(request, public_id), upload_form=form, status=400)
    messages.success(
        request,
        _("Berkas %(file)s tersimpan sebagai output “%(output)s”.")
        % {"file": output.file.original_name, "output": output.output_name},
    )
    return redirect(reverse("sop:task_detail", args=[task.public_id]) + "#output")


@login_required
@require_POST
def task_complete(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    task = _task(request, public_id)
    choices = engine.step_choices(task.step_run.step)
    form = CompleteTaskForm(request.POST, choices=choices)
    if not form.is_valid():
        return _task_page(request, task, complete_form=form, status=400)
    try:
        engine.complete_task(
            task=task,
            actor=request.user,
            note=form.cleaned_data["note"],
            chosen_label=form.cleaned_data.get("chosen_label") or None,
        )
    except PermissionDenied as error:
        return _refused(request, task, error, complete_form=form)
    except ValidationError as error:
        return _task_page(
            request, _task(request, public_id), complete_form=form, error=_message(error), status=409
        )
    messages.success(
        request,
        _("Tugas langkah %(number)s pada “%(run)s” selesai dan tercatat atas nama Anda.")
        % {"number": task.step_run.step.number, "run": task.step_run.run.title},
    )
    return redirect("sop:my_tasks")


@login_required
@require_POST
def child_run_start(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Start the related SOP named in the step's note; the step waits until it completes."""
    task = _task(request, public_id)
    run = task.step_run.run
    if not (
        engine.can_act_on(request.user, task) or has_permission(request.user, "sop.run", run.organization)
    ):
        return _refused(
            request, task, PermissionDenied(_("Anda tidak dapat memulai SOP terkait untuk langkah ini."))
        )
    form = ChildRunForm(request.POST, codes=_child_run_choices(task))
    if not form.is_valid():
        return _task_page(request, task, child_form=form, status=400)
    try:
        child = engine.start_child_run(
            step_run=task.step_run,
            code=form.cleaned_data["sop"],
            title=form.cleaned_data["title"],
            actor=request.user,
        )
    except ValidationError as error:
        return _task_page(request, task, child_form=form, error=_message(error), status=409)
    messages.success(
        request,
        _("SOP %(code)s dimulai; langkah ini menunggu sampai pelaksanaannya selesai.")
        % {"code": child.version.code},
    )
    return redirect("sop:run_detail", public_id=child.public_id)


# ---- Runs -------------------------------------------------------------------------------------


def _run(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> Run:
    try:
        return engine.run_for_viewer(request.user, public_id)
    except Run.DoesNotExist as error:
        raise Http404(_("Pelaksanaan SOP tidak ditemukan.")) from error


@login_required
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "sop.view")
    codes = list(
        Run.objects.filter(organization=organization)
        .order_by("version__code")
        .values_list("version__code", flat=True)
        .distinct()
    )
    filters = RunFilterForm(request.GET, codes=codes)
    filters.is_valid()
    runs = engine.runs_of(
        organization, status=filters.cleaned_data.get("status", ""), code=filters.cleaned_data.get("sop", "")
    )
    page = Paginator(runs, RUNS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "filters": filters,
        "page_obj": page,
        "can_start": has_permission(request.user, "sop.run", organization),
    }
    return render_list(request, "sop/run_list.html", context)


def _versions_in_force(organization: Any) -> list[SopVersion]:
    versions = []
    for code in Sop.objects.filter(organization=organization).order_by("code").values_list("code", flat=True):
        version = version_in_force(organization=organization, code=code)
        if version is not None:
            versions.append(version)
    return versions


@login_required
def run_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a run: choose the SOP in force, then the title and who plays each actor."""
    organization = acting_organization(request, "sop.run")
    versions = _versions_in_force(organization)
    code = request.POST.get("sop") if request.method == "POST" else request.GET.get("sop")
    choose = ChooseSopForm({"sop": code} if code else None, versions=versions)
    version = next((v for v in versions if v.code == code), None)
    if code and version is None:
        choose.add_error("sop", _("SOP %(code)s tidak mempunyai versi yang berlaku.") % {"code": code})
    form: StartRunForm | None = None
    status = 200
    if version is not None:
        form = StartRunForm(
            request.POST if request.method == "POST" else None, version=version, organization=organization
        )
        if request.method == "POST" and form.is_valid():
            try:
                run = engine.start_run(
                    organization=organization,
                    version=version,
                    title=form.cleaned_data["title"],
                    players=form.players(),
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
                status = 400
            else:
                messages.success(request, _("Pelaksanaan “%(title)s” dimulai.") % {"title": run.title})
                return redirect("sop:run_detail", public_id=run.public_id)
        elif request.method == "POST":
            status = 400
    context = {
        "organization": organization,
        "choose": choose,
        "form": form,
        "version": version,
        "versions": versions,
    }
    return render(request, "sop/run_start.html", context, status=status)


def _flowchart(run: Run, state: dict[int, str]) -> list[str]:
    """The version's flowchart coloured with the run's state; empty when it cannot be drawn here."""
    shown = ",".join(f"{number}={status}" for number, status in sorted(state.items()))
    key = "sop-run-flow:" + hashlib.sha256(f"{run.version_id}:{shown}".encode()).hexdigest()
    pages = cache.get(key)
    if pages is not None:
        return pages
    try:
        from ..rendering import render_svg

        pages = render_svg(version_definition(run.version), state=state, flowchart_only=True)
    except Exception:  # the step list below shows the same; the drawing is a help, not a necessity
        logger.exception("Flowchart of run %s could not be drawn", run.public_id)
        return []
    cache.set(key, pages, FLOWCHART_CACHE_SECONDS)
    return pages


@login_required
def run_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    run = _run(request, public_id)
    step_runs = engine.step_runs_of(run)
    state = engine.flow_state(step_runs)
    run_actors = list(run.actors.all())
    labels = {ra.pk: engine.describe_player(ra, ra.users.all()) for ra in run_actors}
    players = [{"run_actor": ra, "label": labels[ra.pk]} for ra in run_actors]
    open_tasks = [
        {"task": task, "step_run": step_run, "player": labels.get(task.run_actor_id, "")}
        for step_run in step_runs
        for task in step_run.tasks.all()
        if task.status in engine.OPEN_STATUSES
    ]
    context = {
        "run": run,
        "step_runs": step_runs,
        "players": players,
        "open_tasks": open_tasks,
        "pages": _flowchart(run, state) if request.GET.get("flowchart") != "0" else [],
        "state": state,
        "now": timezone.now(),
        "can_cancel": run.status == Run.Status.RUNNING
        and has_permission(request.user, "sop.run", run.organization),
        "can_download": _can_download(request, run),
    }
    return render(request, "sop/run_detail.html", context)


@login_required
def run_cancel(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    run = _run(request, public_id)
    authorize_in(request.user, "sop.run", run.organization)
    form = CancelRunForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                engine.cancel_run(run=run, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Pelaksanaan “%(title)s” dibatalkan.") % {"title": run.title})
                return redirect("sop:run_detail", public_id=run.public_id)
        status = 400
    return render(request, "sop/run_cancel.html", {"run": run, "form": form}, status=status)
