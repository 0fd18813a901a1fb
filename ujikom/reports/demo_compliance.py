"""Demo history for SOP time compliance (ujikom.core.demo.DEMO_LOADERS, after the SOP demo).

Completed runs of the seed SOPs over the past months, so the compliance page has something to
measure. For each SOP one run goes through the SOP engine: started, every output given and every
task signed off by the demo people (audit log entries as of the day the demo is loaded). The engine
times work by the clock, so its moments are then moved into the past in the same transaction, and
the SOP's further runs are written in bulk as copies of that run (same steps, people and outputs;
one audit entry each, saying they are demo history): driving every run through the engine would
take the demo load well past its few seconds.

Each run's steps get a start in the past, their due time and standard from the organization's
working calendar, a working time (a pace times the standard), a completion and whether they were
late; tasks and runs get the same moments. The paces make one step clearly the slowest and late in
most runs — PSM/DISNAKER-10 step 3 at Disnaker (reminding the candidates takes two to three working
days against one), STMI 1.3.3 step 6 at the LSP (issuing the certificates, about three weeks
against two) — and leave the others mostly on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone

from ujikom.core.audit import NewEvent, record_events
from ujikom.core.calendar import WorkingCalendar, WorkingDuration
from ujikom.core.models import Organization, RoleAssignment, User
from ujikom.documents.models import StoredFile
from ujikom.registry.models import Scheme
from ujikom.sop import engine
from ujikom.sop.library import version_in_force
from ujikom.sop.models import Run, RunActor, SopStep, StepRun, Task, TaskOutput

# A step's working time is its standard times the pace of the run (cycled by run).
ON_TIME = (0.4, 0.6, 0.75, 0.5, 0.9, 0.35, 1.15, 0.55)
# Steps without a standard take this much working time times the pace.
WITHOUT_STANDARD = dt.timedelta(hours=3)


@dataclass(frozen=True)
class History:
    organization: str
    code: str
    title: str  # formatted with scheme and batch
    runs: int
    weeks_back: int  # the first run starts this many weeks ago
    spacing: int  # weeks between run starts
    slow_step: int
    slow_paces: tuple[float, ...]


HISTORIES = [
    History(
        "disnaker-tangerang",
        "PSM/DISNAKER-10",
        "Fasilitasi sertifikasi peserta pelatihan {scheme}, angkatan {batch}",
        runs=8,
        weeks_back=24,
        spacing=3,
        slow_step=3,
        slow_paces=(2.4, 2.9, 1.6, 3.2, 0.8, 2.7, 2.2, 3.0),
    ),
    History(
        "disnaker-tangerang",
        "PSM/DISNAKER-08",
        "Bimbingan teknis peningkatan produktivitas, kelompok {batch}",
        runs=6,
        weeks_back=22,
        spacing=3,
        slow_step=0,
        slow_paces=(),
    ),
    History(
        "lsp-stmi",
        "1.3.3/BPSDMI/STMI/SOP/VI/2020",
        "Siklus sertifikasi {scheme}, gelombang {batch}",
        runs=7,
        weeks_back=23,
        spacing=2,
        slow_step=6,
        slow_paces=(1.5, 1.3, 1.8, 0.9, 1.6, 1.4, 1.7),
    ),
]
OUTPUT = b"nomor,uraian\n1,Dokumen pelaksanaan (riwayat demo)\n"


def _holders() -> dict[tuple[int, int], User]:
    """The first holder of each (organization, role) among the demo people."""
    holders: dict[tuple[int, int], User] = {}
    for assignment in RoleAssignment.objects.active().select_related("user").order_by("pk"):
        holders.setdefault((assignment.organization_id, assignment.role_id), assignment.user)
    return holders


def _output_file(organization: Organization, actor: User) -> StoredFile:
    from ujikom.documents.services import store_file

    return store_file(
        organization=organization,
        content=OUTPUT,
        name="dokumen-riwayat-demo.csv",
        actor=actor,
        title="Dokumen pelaksanaan (riwayat demo)",
    )


def _work_through(run: Run, holders: dict[tuple[int, int], User], file: StoredFile) -> bool:
    """Complete every task of the run with the demo people, step after step; False when a task has
    nobody to do it (the run is then left as it is)."""
    while True:
        tasks = list(
            Task.objects.filter(step_run__run=run, status__in=engine.OPEN_STATUSES)
            .select_related("step_run__step", "run_actor")
            .order_by("pk")
        )
        if not tasks:
            return True
        people = [
            holders.get((task.candidate_organization_id, task.candidate_role_id or 0)) for task in tasks
        ]
        if any(person is None for person in people):
            return False
        step_run = tasks[0].step_run
        given = set(step_run.outputs.values_list("output_index", flat=True))
        for index in range(len(step_run.step.outputs or [])):
            if index not in given:
                engine.attach_output(task=tasks[0], output_index=index, file=file, actor=people[0])  # type: ignore[arg-type]
        choices = engine.step_choices(step_run.step)
        for task, person in zip(tasks, people, strict=True):
            engine.complete_task(
                task=task,
                actor=person,  # type: ignore[arg-type]
                note="Selesai (riwayat demo).",
                chosen_label=choices[0] if choices else None,
            )


def _pace(history: History, index: int, number: int) -> float:
    """How fast step `number` goes in run `index`: its working time over its standard."""
    if number == history.slow_step:
        return history.slow_paces[index % len(history.slow_paces)]
    return ON_TIME[(index + number) % len(ON_TIME)]


@dataclass(frozen=True)
class Timing:
    """When one step of a run in the history started and ended, against which standard."""

    started_at: dt.datetime
    due_at: dt.datetime | None
    completed_at: dt.datetime
    working_seconds: int
    standard_seconds: int | None
    late: bool | None


def _schedule(
    steps: list[SopStep], start: dt.datetime, pace_of: Callable[[int], float], calendar: WorkingCalendar
) -> list[Timing]:
    """The moments of `steps` done one after the other from `start`, each at its pace."""
    moment = calendar.next_working_moment(start)
    timings = []
    for step in steps:
        duration = engine.step_duration(step)
        pace = pace_of(step.number)
        due_at: dt.datetime | None = None
        standard: int | None = None
        if duration is not None:
            due_at = calendar.add_working_time(moment, duration)
            standard = int(calendar.working_time_between(moment, due_at).total_seconds())
            planned = dt.timedelta(seconds=standard * pace)
        else:
            planned = WITHOUT_STANDARD * pace
        minutes = max(int(planned.total_seconds() // 60), 1)
        end = calendar.add_working_time(moment, WorkingDuration(minutes, "minutes"))
        worked = int(calendar.working_time_between(moment, end).total_seconds())
        late = worked > standard if standard is not None else None
        timings.append(Timing(moment, due_at, end, worked, standard, late))
        moment = end
    return timings


def _write_history(run: Run, step_runs: list[StepRun], tasks: list[Task], timings: list[Timing]) -> None:
    """Move the engine's run into the past: its steps, tasks and outputs take the scheduled moments."""
    for step_run, timing in zip(step_runs, timings, strict=True):
        step_run.started_at = timing.started_at
        step_run.due_at = timing.due_at
        step_run.completed_at = timing.completed_at
        step_run.working_seconds = timing.working_seconds
        step_run.standard_seconds = timing.standard_seconds
        step_run.late = timing.late
    by_step_run = {step_run.pk: timing for step_run, timing in zip(step_runs, timings, strict=True)}
    for task in tasks:
        timing = by_step_run[task.step_run_id]
        task.created_at = task.claimed_at = timing.started_at
        task.due_at = timing.due_at
        task.completed_at = timing.completed_at
    StepRun.objects.bulk_update(
        step_runs, ["started_at", "due_at", "completed_at", "working_seconds", "standard_seconds", "late"]
    )
    Task.objects.bulk_update(tasks, ["created_at", "due_at", "claimed_at", "completed_at"])
    outputs = list(TaskOutput.objects.filter(step_run__run=run))
    for output in outputs:
        output.added_at = by_step_run[output.step_run_id].completed_at
    TaskOutput.objects.bulk_update(outputs, ["added_at"])
    run.started_at = timings[0].started_at
    run.completed_at = timings[-1].completed_at
    run.save(update_fields=["started_at", "completed_at"])


@dataclass
class _Copies:
    runs: list[Run] = field(default_factory=list)
    run_actors: list[RunActor] = field(default_factory=list)
    step_runs: list[StepRun] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    outputs: list[TaskOutput] = field(default_factory=list)


def _copy_runs(
    template: Run, plans: list[tuple[Run, list[Timing]]], step_runs: list[StepRun], actor: User
) -> None:
    """Write further runs that went through the same steps, people and outputs as `template`, each
    with its own moments (in bulk: a few queries for all of them)."""
    run_actors = list(RunActor.objects.filter(run=template))
    tasks = list(Task.objects.filter(step_run__run=template).order_by("pk"))
    outputs = list(TaskOutput.objects.filter(step_run__run=template).order_by("pk"))
    copies = _Copies()
    for run, timings in plans:
        run.started_at = timings[0].started_at
        run.completed_at = timings[-1].completed_at
        copies.runs.append(run)
    Run.objects.bulk_create(copies.runs)
    for run in copies.runs:
        for run_actor in run_actors:
            copies.run_actors.append(
                RunActor(
                    run=run,
                    actor_id=run_actor.actor_id,
                    organization_id=run_actor.organization_id,
                    role_id=run_actor.role_id,
                )
            )
    RunActor.objects.bulk_create(copies.run_actors)
    actor_of = {(ra.run_id, ra.actor_id): ra for ra in copies.run_actors}
    template_actor = {ra.pk: ra.actor_id for ra in run_actors}
    for run, (_, timings) in zip(copies.runs, plans, strict=True):
        for step_run, timing in zip(step_runs, timings, strict=True):
            copies.step_runs.append(
                StepRun(
                    run=run,
                    step_id=step_run.step_id,
                    iteration=step_run.iteration,
                    status=StepRun.Status.DONE,
                    chosen_label=step_run.chosen_label,
                    next_number=step_run.next_number,
                    started_at=timing.started_at,
                    due_at=timing.due_at,
                    completed_at=timing.completed_at,
                    working_seconds=timing.working_seconds,
                    standard_seconds=timing.standard_seconds,
                    late=timing.late,
                )
            )
    StepRun.objects.bulk_create(copies.step_runs)
    per_run = len(step_runs)
    for offset in range(len(copies.runs)):
        made = copies.step_runs[offset * per_run : (offset + 1) * per_run]
        new_step_run = {old.pk: new for old, new in zip(step_runs, made, strict=True)}
        new_task = {}
        for task in tasks:
            step_run = new_step_run[task.step_run_id]
            copy = Task(
                step_run=step_run,
                activity_id=task.activity_id,
                run_actor=actor_of[(step_run.run_id, template_actor[task.run_actor_id])],
                candidate_organization_id=task.candidate_organization_id,
                candidate_role_id=task.candidate_role_id,
                status=Task.Status.DONE,
                due_at=step_run.due_at,
                created_at=step_run.started_at,
                claimed_by_id=task.claimed_by_id,
                claimed_at=step_run.started_at,
                completed_by_id=task.completed_by_id,
                completed_at=step_run.completed_at,
                note=task.note,
                chosen_label=task.chosen_label,
            )
            new_task[task.pk] = copy
            copies.tasks.append(copy)
        for output in outputs:
            copies.outputs.append(
                TaskOutput(
                    step_run=new_step_run[output.step_run_id],
                    task=new_task[output.task_id],
                    output_index=output.output_index,
                    output_name=output.output_name,
                    file_id=output.file_id,
                    added_by_id=output.added_by_id,
                    added_at=new_step_run[output.step_run_id].completed_at or output.added_at,
                )
            )
    Task.objects.bulk_create(copies.tasks)
    for output in copies.outputs:
        output.task_id = output.task.pk
    TaskOutput.objects.bulk_create(copies.outputs)
    record_events(
        [
            NewEvent(
                run,
                "sop_run.completed",
                actor=actor,
                organization=run.organization,
                data={
                    "public_id": run.public_id,
                    "code": template.version.code,
                    "completed_at": run.completed_at,
                    "history": f"riwayat demo, disalin dari pelaksanaan {template.public_id}",
                },
            )
            for run in copies.runs
        ]
    )


def _describe(history: History, index: int, schemes: list[Scheme]) -> tuple[str, Scheme | None]:
    """The title of run `index` and its subject (a scheme of the LSP, when the title names one)."""
    scheme = schemes[index % len(schemes)] if schemes and "{scheme}" in history.title else None
    return history.title.format(scheme=scheme.name if scheme else "", batch=index + 1), scheme


@transaction.atomic
def load_compliance_demo(actor: User) -> None:
    """Add the completed demo runs of each seed SOP in force whose organization has none yet."""
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    holders = _holders()
    schemes = list(Scheme.objects.filter(organization__code="lsp-stmi").order_by("code"))
    files: dict[int, StoredFile] = {}
    for history in HISTORIES:
        organization = Organization.objects.filter(code=history.organization).first()
        version = version_in_force(organization=organization, code=history.code) if organization else None
        if organization is None or version is None:
            continue
        if Run.objects.filter(
            organization=organization, version__code=history.code, status=Run.Status.COMPLETED
        ).exists():
            continue
        if organization.pk not in files:
            files[organization.pk] = _output_file(organization, actor)
        calendar = WorkingCalendar(organization)

        title, scheme = _describe(history, 0, schemes)
        template = engine.start_run(
            organization=organization, version=version, title=title, actor=actor, subject=scheme
        )
        if not _work_through(template, holders, files[organization.pk]):
            engine.cancel_run(run=template, actor=actor, reason="Riwayat demo: pelaksana tidak lengkap.")
            continue
        step_runs = list(
            StepRun.objects.filter(run=template).select_related("step").order_by("started_at", "pk")
        )
        steps = [step_run.step for step_run in step_runs]
        plans: list[tuple[Run, list[Timing]]] = []
        for index in range(history.runs):
            day = today - dt.timedelta(weeks=history.weeks_back - index * history.spacing)
            start = dt.datetime.combine(day, dt.time(8 + index % 3, (10 * index) % 60), tzinfo=zone)
            timings = _schedule(steps, start, partial(_pace, history, index), calendar)
            if index == 0:
                tasks = list(Task.objects.filter(step_run__run=template))
                _write_history(template, step_runs, tasks, timings)
                continue
            title, scheme = _describe(history, index, schemes)
            subject_type, subject_id, subject_label = engine._subject_fields(scheme)
            run = Run(
                version=version,
                organization=organization,
                title=title,
                status=Run.Status.COMPLETED,
                subject_type=subject_type,
                subject_id=subject_id,
                subject_label=subject_label,
                started_by=actor,
            )
            plans.append((run, timings))
        _copy_runs(template, plans, step_runs, actor)
