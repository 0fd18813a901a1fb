"""The SOP engine: my tasks, a task, claiming, uploading an output, completing; starting, reading
and cancelling runs.

The same rules as the pages: a task is seen by the people it is offered to and by the `sop.view`
holders of the run's organization, a run by those holders and by its players; anyone else from
another organization gets 404, a member without the permission 403. Starting and cancelling need
`sop.run`. The engine refuses completions by someone not offered the task, a second completion
(naming who did the first), and a last completion with outputs missing (naming them): a 403 or a
422 with the reason, and nothing changed.
"""

import datetime as dt
import uuid
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict, StringConstraints

from ujikom.core.access import has_permission, require_permission
from ujikom.core.models import Organization, Role, User
from ujikom.sop import engine
from ujikom.sop.models import Run, StepRun, Task, TaskOutput

from ..auth import caller
from ..errors import InputError, input_error, service_errors
from ..lookups import organization_in_body, organization_in_path, role_in_body
from ..schemas import Message, ValidationErrors

router = Router(tags=["Pelaksanaan SOP"])

PAGE_SIZE = 50
ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}
OrganizationInPath = Annotated[str, Path(description="public_id (UUID) atau kode organisasi")]


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---- Schemas ------------------------------------------------------------------------------------


class PersonRef(Schema):
    public_id: uuid.UUID
    full_name: str


def _person(user: User | None) -> PersonRef | None:
    return PersonRef(public_id=user.public_id, full_name=user.get_full_name()) if user is not None else None


class TaskOut(Schema):
    public_id: uuid.UUID
    status: str
    sop: str = Field(description="Nomor SOP")
    run: uuid.UUID
    run_title: str
    step: int
    iteration: int
    actor: str = Field(description="Pelaksana (kolom SOP)")
    activity: str
    offered_to: str = Field(description="Peran dan organisasi, atau orang yang ditunjuk")
    due_at: dt.datetime | None
    is_overdue: bool
    waiting: bool = Field(description="Langkahnya menunggu SOP terkait selesai")
    claimed_by: PersonRef | None
    completed_by: PersonRef | None
    completed_at: dt.datetime | None
    note: str
    chosen_label: str


def _task_out(task: Task, now: dt.datetime | None = None) -> dict[str, Any]:
    moment = now or timezone.now()
    step_run = task.step_run
    if task.candidate_role_id is not None:
        offered = f"{task.candidate_role.name} · {task.candidate_organization.display_name}"  # type: ignore[union-attr]
    else:
        offered = _("orang yang ditunjuk")
    return {
        "public_id": task.public_id,
        "status": task.status,
        "sop": step_run.run.version.code,
        "run": step_run.run.public_id,
        "run_title": step_run.run.title,
        "step": step_run.step.number,
        "iteration": step_run.iteration,
        "actor": task.activity.actor.name,
        "activity": task.activity.text,
        "offered_to": offered,
        "due_at": task.due_at,
        "is_overdue": task.status in engine.OPEN_STATUSES
        and task.due_at is not None
        and task.due_at < moment,
        "waiting": step_run.status == StepRun.Status.WAITING,
        "claimed_by": _person(task.claimed_by),
        "completed_by": _person(task.completed_by),
        "completed_at": task.completed_at,
        "note": task.note,
        "chosen_label": task.chosen_label,
    }


class OutputOut(Schema):
    index: int = Field(description="Nomor output pada langkah, mulai 0")
    name: str
    file: uuid.UUID | None = Field(None, description="public_id berkas (unduh lewat halaman Berkas)")
    file_name: str | None = None
    sha256: str | None = None
    added_by: PersonRef | None = None
    added_at: dt.datetime | None = None


def _output_out(index: int, name: str, output: TaskOutput | None) -> dict[str, Any]:
    if output is None:
        return {"index": index, "name": name}
    return {
        "index": index,
        "name": name,
        "file": output.file.public_id,
        "file_name": output.file.original_name,
        "sha256": output.file.sha256,
        "added_by": _person(output.added_by),
        "added_at": output.added_at,
    }


class TaskDetailOut(TaskOut):
    inputs: list[str] = Field(description="Kelengkapan langkah")
    outputs: list[OutputOut] = Field(description="Output langkah; yang belum berberkas tanpa `file`")
    choices: list[str] = Field(
        description="Keputusan yang harus dipilih saat menyelesaikan; kosong bila tidak ada"
    )
    action: str | None = Field(None, description="Kode layar kerja langkah ini, bila ada")
    can_complete: bool


class TaskCompletion(Input):
    note: Annotated[str, StringConstraints(max_length=4000)] = ""
    chosen_label: Annotated[str, StringConstraints(max_length=50)] | None = Field(
        None, description="Wajib pada langkah keputusan: salah satu dari `choices` tugas"
    )


class PlayerIn(Input):
    """Either a role (in `organization`, default: the run's organization) or named `people`."""

    role: Annotated[str, StringConstraints(min_length=1, max_length=50)] | None = Field(
        None, examples=["kabid"]
    )
    organization: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        None, description="public_id atau kode organisasi pemegang peran"
    )
    people: list[uuid.UUID] | None = Field(None, description="public_id orang-orang yang ditunjuk")


class RunStart(Input):
    organization: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(
        description="public_id atau kode organisasi pelaksana", examples=["disnaker"]
    )
    sop: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description="Nomor SOP; versi yang berlaku yang dilaksanakan", examples=["PSM/DISNAKER-10"]
    )
    title: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    players: dict[str, PlayerIn] = Field(
        default_factory=dict, description="Per kode pelaksana; yang tidak disebut memakai peran bawaannya"
    )


class RunCancel(Input):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class PlayerOut(Schema):
    actor: str
    name: str
    organization: str
    role: str | None
    people: list[PersonRef]
    shown: str


class StepRunOut(Schema):
    step: int
    iteration: int
    status: str
    started_at: dt.datetime
    due_at: dt.datetime | None
    completed_at: dt.datetime | None
    working_seconds: int | None
    standard_seconds: int | None
    late: bool | None
    chosen_label: str
    next_step: int | None
    tasks: list[TaskOut]
    outputs: list[OutputOut]
    child_runs: list[uuid.UUID]


class RunOut(Schema):
    public_id: uuid.UUID
    title: str
    sop: str
    version: int
    organization: str
    status: str
    subject_label: str
    started_at: dt.datetime
    started_by: PersonRef | None
    completed_at: dt.datetime | None
    parent_run: uuid.UUID | None
    players: list[PlayerOut]
    step_runs: list[StepRunOut]


class RunSummary(Schema):
    public_id: uuid.UUID
    title: str
    sop: str
    version: int
    status: str
    started_at: dt.datetime
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_sop(obj: Run) -> str:
        return obj.version.code

    @staticmethod
    def resolve_version(obj: Run) -> int:
        return obj.version.number


def _run_out(run: Run) -> dict[str, Any]:
    step_runs = engine.step_runs_of(run)
    now = timezone.now()
    players = []
    for run_actor in run.actors.all():
        people = list(run_actor.users.all())
        players.append(
            {
                "actor": run_actor.actor.key,
                "name": run_actor.actor.name,
                "organization": run_actor.organization.code,
                "role": run_actor.role.key if run_actor.role else None,
                "people": [_person(p) for p in people],
                "shown": engine.describe_player(run_actor, people),
            }
        )
    shown_steps = []
    for step_run in step_runs:
        step_run.run = run
        tasks = []
        for task in step_run.tasks.all():
            task.step_run = step_run
            tasks.append(_task_out(task, now))
        given = {output.output_index: output for output in step_run.outputs.all()}
        shown_steps.append(
            {
                "step": step_run.step.number,
                "iteration": step_run.iteration,
                "status": step_run.status,
                "started_at": step_run.started_at,
                "due_at": step_run.due_at,
                "completed_at": step_run.completed_at,
                "working_seconds": step_run.working_seconds,
                "standard_seconds": step_run.standard_seconds,
                "late": step_run.late,
                "chosen_label": step_run.chosen_label,
                "next_step": step_run.next_number,
                "tasks": tasks,
                "outputs": [
                    _output_out(index, str(name), given.get(index))
                    for index, name in enumerate(step_run.step.outputs or [])
                ],
                "child_runs": [child.public_id for child in step_run.child_runs.all()],
            }
        )
    return {
        "public_id": run.public_id,
        "title": run.title,
        "sop": run.version.code,
        "version": run.version.number,
        "organization": run.organization.code,
        "status": run.status,
        "subject_label": run.subject_label,
        "started_at": run.started_at,
        "started_by": _person(run.started_by),
        "completed_at": run.completed_at,
        "parent_run": run.parent_step_run.run.public_id if run.parent_step_run else None,
        "players": players,
        "step_runs": shown_steps,
    }


# ---- Lookups ------------------------------------------------------------------------------------


def _task(user: User, public_id: uuid.UUID) -> Task:
    try:
        return engine.task_for_viewer(user, public_id)
    except Task.DoesNotExist as error:
        raise Http404(_("Tugas tidak ditemukan.")) from error


def _run(user: User, public_id: uuid.UUID) -> Run:
    try:
        return engine.run_for_viewer(user, public_id)
    except Run.DoesNotExist as error:
        raise Http404(_("Pelaksanaan SOP tidak ditemukan.")) from error


def _task_detail(user: User, task: Task) -> dict[str, Any]:
    step = task.step_run.step
    given = {o.output_index: o for o in task.step_run.outputs.select_related("file", "added_by")}
    return {
        **_task_out(task),
        "inputs": [str(item) for item in step.inputs or []],
        "outputs": [
            _output_out(index, str(name), given.get(index)) for index, name in enumerate(step.outputs or [])
        ],
        "choices": engine.step_choices(step),
        "action": step.action or None,
        "can_complete": task.status in engine.OPEN_STATUSES
        and task.step_run.status == StepRun.Status.ACTIVE
        and engine.can_act_on(user, task)
        and (task.claimed_by_id in (None, user.pk)),
    }


# ---- Tasks --------------------------------------------------------------------------------------


class TaskFilter(Schema):
    sop: str = Field("", description="Hanya tugas SOP bernomor ini")
    run: uuid.UUID | None = Field(None, description="Hanya tugas pelaksanaan ini (public_id)")


@router.get("/tasks", response={200: list[TaskOut], **ERRORS}, summary="Tugas saya")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def task_list(request: HttpRequest, filters: Query[TaskFilter]) -> list[dict[str, Any]]:
    """Tasks the caller claimed and open tasks offered to them, overdue first then by due time."""
    tasks = engine.tasks_for(caller(request), sop_code=filters.sop, run=filters.run)
    return _LazyTasks(tasks)  # type: ignore[return-value]


class _LazyTasks:
    """The task query shaped for the response one page at a time (the paginator slices it)."""

    def __init__(self, tasks: QuerySet[Task]) -> None:
        self.tasks = tasks

    def __len__(self) -> int:
        return self.tasks.count()

    def count(self) -> int:
        return self.tasks.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        now = timezone.now()
        return [_task_out(task, now) for task in engine.task_rows(self.tasks[window], now)]


@router.get("/tasks/{public_id}", response={200: TaskDetailOut, **ERRORS}, summary="Rincian tugas")
def task_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = caller(request)
    return _task_detail(user, _task(user, public_id))


@router.post("/tasks/{public_id}/claim", response={200: TaskDetailOut, **ERRORS}, summary="Ambil tugas")
def task_claim(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = caller(request)
    task = _task(user, public_id)
    with service_errors():
        engine.claim_task(task=task, actor=user)
    return _task_detail(user, _task(user, public_id))


@router.post("/tasks/{public_id}/release", response={200: TaskDetailOut, **ERRORS}, summary="Lepas tugas")
def task_release(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    user = caller(request)
    task = _task(user, public_id)
    with service_errors():
        engine.release_task(task=task, actor=user)
    return _task_detail(user, _task(user, public_id))


@router.post(
    "/tasks/{public_id}/outputs/{output_index}",
    response={201: OutputOut, **ERRORS},
    summary="Unggah berkas output langkah",
)
def task_upload(
    request: HttpRequest, public_id: uuid.UUID, output_index: int, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    """Upload (multipart, field `file`) the file for output number `output_index` (from 0) of the
    task's step; an earlier file for that output is replaced. Kind and size are checked."""
    user = caller(request)
    task = _task(user, public_id)
    with service_errors(renames={"output_index": "output_index"}):
        output = engine.upload_output(
            task=task, output_index=output_index, content=file, name=file.name or "berkas", actor=user
        )
    return Status(201, _output_out(output.output_index, output.output_name, output))


@router.post(
    "/tasks/{public_id}/complete", response={200: TaskDetailOut, **ERRORS}, summary="Selesaikan tugas"
)
def task_complete(request: HttpRequest, public_id: uuid.UUID, payload: TaskCompletion) -> dict[str, Any]:
    """Sign the task off. The last task of a step needs every output of the step."""
    user = caller(request)
    task = _task(user, public_id)
    with service_errors():
        engine.complete_task(task=task, actor=user, note=payload.note, chosen_label=payload.chosen_label)
    return _task_detail(user, _task(user, public_id))


# ---- Runs ---------------------------------------------------------------------------------------


def _players(payload: RunStart, organization: Organization) -> dict[str, engine.Player]:
    players: dict[str, engine.Player] = {}
    errors: list[tuple[str, str]] = []
    for key, player in payload.players.items():
        location = f"body.players.{key}"
        if player.people:
            found = {u.public_id: u for u in User.objects.filter(public_id__in=player.people, is_active=True)}
            unknown = [str(ref) for ref in player.people if ref not in found]
            if unknown:
                errors.append(
                    (
                        f"{location}.people",
                        _("Orang %(refs)s tidak ditemukan.") % {"refs": ", ".join(unknown)},
                    )
                )
                continue
            players[key] = [found[ref] for ref in player.people]
        elif player.role:
            try:
                role: Role = role_in_body(player.role, f"{location}.role")
                where = (
                    organization_in_body(player.organization, f"{location}.organization")
                    if player.organization
                    else organization
                )
            except InputError as error:
                errors.extend(error.errors)
                continue
            players[key] = (where, role)
        else:
            errors.append((location, _("Sebutkan `role` (dan `organization`) atau `people`.")))
    if errors:
        raise InputError(errors)
    return players


@router.post("/runs", response={201: RunOut, **ERRORS}, summary="Mulai pelaksanaan SOP")
def run_start(request: HttpRequest, payload: RunStart) -> Status[dict[str, Any]]:
    """Start a run of the SOP's version in force (needs sop.run in the organization)."""
    user = caller(request)
    organization = organization_in_body(payload.organization)
    require_permission(user, "sop.run", organization)
    players = _players(payload, organization)
    with service_errors():
        run = engine.start_run(
            organization=organization, code=payload.sop, title=payload.title, players=players, actor=user
        )
    return Status(201, _run_out(_run(user, run.public_id)))


@router.get("/runs/{public_id}", response={200: RunOut, **ERRORS}, summary="Rincian pelaksanaan SOP")
def run_detail(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """The run with its players and its steps as they happened: times, standard, tasks and outputs."""
    user = caller(request)
    return _run_out(_run(user, public_id))


@router.post("/runs/{public_id}/cancel", response={200: RunOut, **ERRORS}, summary="Batalkan pelaksanaan SOP")
def run_cancel(request: HttpRequest, public_id: uuid.UUID, payload: RunCancel) -> dict[str, Any]:
    user = caller(request)
    run = _run(user, public_id)
    if not has_permission(user, "sop.run", run.organization):
        raise PermissionDenied(
            _("Membatalkan pelaksanaan SOP memerlukan hak akses sop.run di organisasinya.")
        )
    with service_errors():
        engine.cancel_run(run=run, actor=user, reason=payload.reason)
    return _run_out(_run(user, public_id))


@router.get(
    "/organizations/{organization}/runs",
    response={200: list[RunSummary], **ERRORS},
    summary="Daftar pelaksanaan SOP organisasi",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def run_list(
    request: HttpRequest, organization: OrganizationInPath, status: str = "", sop: str = ""
) -> QuerySet[Run]:
    target = organization_in_path(caller(request), organization, "sop.view")
    if status and status not in Run.Status.values:
        raise input_error(
            "query.status",
            _("harus salah satu dari: %(choices)s") % {"choices": ", ".join(Run.Status.values)},
        )
    return engine.runs_of(target, status=status, code=sop)
