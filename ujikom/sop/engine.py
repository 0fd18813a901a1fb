"""The SOP engine: runs of approved versions, their steps and tasks, outputs and sign-off.

A run is one piece of real work done by one SOP version. Starting it names who plays each
actor (Pelaksana): a role in an organization, or named people. The engine then walks the
version's steps:

- Activating a step creates a StepRun (again, with the next iteration number, when a loop
  comes back to it) whose due time is the start plus the step's time standard on the run
  organization's working calendar, and one Task per activity, offered to the activity's
  players. Several activities in a step are parallel and all required (AND-join).
- A task is claimed by one person (optional) and completed by a candidate: the completion
  is a sign-off recorded in the audit log with the step's output files and their SHA-256.
  The last completion of a step needs every output of the step (Output, mutu baku).
- A finished step records its working time against the standard and moves on: the branch
  chosen at a decision, else the following row, else the run is complete.
- A step whose note names another SOP of the organization may start a child run; the step
  then waits until the child run ends.

Locks: every write locks its run row first, so writes to one run are serialized and cannot
deadlock each other; then the task and the step run. Two people completing the same task
at once: one wins, the other is told who already did it, and nothing of theirs is saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ujikom.core.access import active_assignments, has_permission, is_member
from ujikom.core.audit import record_event
from ujikom.core.calendar import WorkingCalendar, WorkingDuration
from ujikom.core.models import Organization, Role, RoleAssignment, User
from ujikom.documents.filetypes import DEFAULT_ALLOWED
from ujikom.documents.models import StoredFile

from .library import version_in_force
from .models import (
    Run,
    RunActor,
    Sop,
    SopActor,
    SopBranch,
    SopStep,
    SopVersion,
    StepRun,
    Task,
    TaskOutput,
)

RolePlayer: TypeAlias = tuple[Organization, Role]
Player: TypeAlias = RolePlayer | Sequence[User]
"""Who plays an actor in a run: (organization, role), or a list of named people."""

OPEN_STATUSES = (Task.Status.OPEN, Task.Status.CLAIMED)
# A loop that never ends is a mistake in the SOP; a run stops with an error long before.
MAX_ITERATIONS = 500


# ---- Reading a version's flow ---------------------------------------------------------------


def _steps_of(version: SopVersion) -> list[SopStep]:
    return list(
        version.steps.order_by("position").prefetch_related(
            Prefetch("activities", queryset=_activities()), "branches"
        )
    )


def _activities() -> QuerySet[Any]:
    from .models import SopActivity

    return SopActivity.objects.select_related("actor").order_by("position")


def step_duration(step: SopStep) -> WorkingDuration | None:
    """The step's time standard (None: the SOP gives none)."""
    if step.duration_amount is None or not step.duration_unit:
        return None
    return WorkingDuration(step.duration_amount, step.duration_unit)


def branch_label(branch: SopBranch) -> str:
    """How a way out is named to the person who chooses it."""
    return branch.label or _("Ke langkah %(number)s") % {"number": branch.target_number}


def step_choices(step: SopStep) -> list[str]:
    """The labels one must choose from to complete the step: a decision's Ya/Tidak, or the ways out
    of a step with several; empty when the way on is fixed."""
    if not step.explicit_next:
        return []
    branches = list(step.branches.all())
    if len(branches) < 2:
        return []
    return [branch_label(branch) for branch in branches]


def _successor(step: SopStep, label: str) -> int | None:
    """The number of the step that follows `step` (with `label` chosen), or None: the run ends."""
    if step.explicit_next:
        branches = list(step.branches.all())
        if not branches:
            return None
        if len(branches) == 1:
            return branches[0].target_number
        for branch in branches:
            if branch_label(branch) == label:
                return branch.target_number
        raise ValidationError(
            {"chosen_label": _("Pilihan “%(label)s” tidak dikenal pada langkah ini.") % {"label": label}}
        )
    following = (
        SopStep.objects.filter(version_id=step.version_id, position__gt=step.position)
        .order_by("position")
        .values_list("number", flat=True)
        .first()
    )
    return following


# ---- Players and candidates -------------------------------------------------------------------


def describe_player(run_actor: RunActor, users: Iterable[User] | None = None) -> str:
    """ "Kepala TUK di Disnaker Kota Tangerang", or the named people."""
    if run_actor.role_id is not None:
        return _("%(role)s di %(organization)s") % {
            "role": run_actor.role.name if run_actor.role else "",
            "organization": run_actor.organization.display_name,
        }
    people = list(users if users is not None else run_actor.users.all())
    return ", ".join(str(person) for person in people) or _("(belum ditentukan)")


def _role_pairs(user: User) -> set[tuple[int, int]]:
    """The (organization, role) pairs the user holds today, acting officials (Plt/Plh) included."""
    return {(a.organization_id, a.role_id) for a in active_assignments(user)}


def is_candidate(user: User, task: Task) -> bool:
    """Whether the task is offered to `user`: they play its actor in the run."""
    if not user.is_authenticated:
        return False
    if task.candidate_role_id is not None:
        return (task.candidate_organization_id, task.candidate_role_id) in _role_pairs(user)
    return RunActor.users.through.objects.filter(runactor_id=task.run_actor_id, user_id=user.pk).exists()


def can_act_on(user: User, task: Task) -> bool:
    """A candidate, or the person who claimed it."""
    if task.claimed_by_id is not None and task.claimed_by_id == user.pk:
        return True
    return is_candidate(user, task)


def _require_actor_of(user: User, task: Task) -> None:
    if task.status == Task.Status.CLAIMED and task.claimed_by_id not in (None, user.pk):
        raise PermissionDenied(
            _("Tugas ini sedang dikerjakan oleh %(name)s; hanya dia yang dapat menyelesaikannya.")
            % {"name": task.claimed_by}
        )
    if not can_act_on(user, task):
        raise PermissionDenied(
            _("Tugas ini untuk %(player)s; Anda tidak termasuk pelaksananya.")
            % {"player": describe_player(task.run_actor)}
        )


def _refuse_if_closed(task: Task) -> None:
    if task.status == Task.Status.DONE:
        when = timezone.localtime(task.completed_at) if task.completed_at else None
        raise ValidationError(
            _("Tugas ini sudah diselesaikan oleh %(name)s pada %(when)s.")
            % {
                "name": task.completed_by or _("orang lain"),
                "when": date_format(when, "DATETIME_FORMAT") if when else "—",
            },
            code="already_done",
        )
    if task.status == Task.Status.CANCELLED:
        raise ValidationError(
            _("Tugas ini dibatalkan karena pelaksanaan SOP-nya dibatalkan."), code="cancelled"
        )


# ---- Starting a run -----------------------------------------------------------------------------


def _runnable_version(
    *, organization: Organization, version: SopVersion | None, code: str | None
) -> SopVersion:
    if version is None:
        if not code:
            raise ValidationError({"sop": _("Pilih SOP yang akan dilaksanakan.")})
        version = version_in_force(organization=organization, code=code)
        if version is None:
            raise ValidationError(
                {
                    "sop": _(
                        "SOP %(code)s tidak mempunyai versi yang berlaku di %(organization)s; "
                        "hanya versi yang sudah disahkan dan sudah tanggal efektifnya yang dapat dilaksanakan."
                    )
                    % {"code": code, "organization": organization.name}
                }
            )
    version = SopVersion.objects.select_related("sop", "escalation_role").get(pk=version.pk)
    if version.sop.organization_id != organization.pk:
        raise ValidationError({"sop": _("SOP %(code)s bukan milik organisasi ini.") % {"code": version.code}})
    if version.status != SopVersion.Status.APPROVED:
        raise ValidationError(
            {
                "sop": _("Versi %(number)s SOP %(code)s berstatus %(status)s dan tidak dapat dilaksanakan.")
                % {"number": version.number, "code": version.code, "status": version.get_status_display()}
            }
        )
    return version


@dataclass(frozen=True)
class _Resolved:
    organization: Organization
    role: Role | None
    users: tuple[User, ...]


def _resolve_players(
    actors: Sequence[SopActor], players: Mapping[str, Player], organization: Organization
) -> dict[str, _Resolved]:
    keys = {actor.key for actor in actors}
    errors: list[str] = []
    unknown = sorted(set(players) - keys)
    if unknown:
        errors.append(
            _("Pelaksana %(keys)s tidak ada dalam SOP ini.") % {"keys": ", ".join(f"“{k}”" for k in unknown)}
        )
    resolved: dict[str, _Resolved] = {}
    missing: list[str] = []
    for actor in actors:
        player = players.get(actor.key)
        if player is None:
            if actor.default_role is None:
                missing.append(f"{actor.name} ({actor.key})")
                continue
            resolved[actor.key] = _Resolved(organization, actor.default_role, ())
        elif isinstance(player, tuple) and len(player) == 2 and isinstance(player[1], Role):
            player_organization, role = player
            if not isinstance(player_organization, Organization):
                errors.append(_("Pelaksana %(name)s: organisasi tidak sah.") % {"name": actor.name})
                continue
            resolved[actor.key] = _Resolved(player_organization, role, ())
        else:
            people = tuple(player)
            if not people:
                missing.append(f"{actor.name} ({actor.key})")
                continue
            if not all(isinstance(person, User) for person in people):
                errors.append(
                    _("Pelaksana %(name)s: sebutkan peran di organisasi, atau daftar orang.")
                    % {"name": actor.name}
                )
                continue
            inactive = [str(person) for person in people if not person.is_active]
            if inactive:
                errors.append(
                    _("Pelaksana %(name)s: akun %(people)s tidak aktif.")
                    % {"name": actor.name, "people": ", ".join(inactive)}
                )
                continue
            resolved[actor.key] = _Resolved(organization, None, people)
    if missing:
        errors.append(
            _("Pelaksana %(actors)s belum ditentukan: tidak ada peran bawaannya, pilih peran atau orangnya.")
            % {"actors": ", ".join(missing)}
        )
    if errors:
        raise ValidationError({"players": errors})
    return resolved


def _subject_fields(subject: models.Model | None) -> tuple[str, str, str]:
    if subject is None:
        return "", "", ""
    return subject._meta.label_lower, str(subject.pk), str(subject)[:255]


@transaction.atomic
def start_run(
    *,
    organization: Organization,
    title: str,
    actor: User | None,
    version: SopVersion | None = None,
    code: str | None = None,
    subject: models.Model | None = None,
    players: Mapping[str, Player] | None = None,
    parent_step_run: StepRun | None = None,
) -> Run:
    """Start a run of `version`, or of the version of SOP `code` in force in `organization`.

    Every actor needs a player: the one given in `players`, else its default role in the run's
    organization; an actor with neither is an error naming it. The first step is activated.
    """
    version = _runnable_version(organization=organization, version=version, code=code)
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [
            _("Judul pelaksanaan wajib diisi, mis. “Uji kompetensi Operator Komputer Mei 2025”.")
        ]
    elif len(title) > 255:
        errors["title"] = [_("Judul paling panjang 255 karakter.")]
    actors = list(version.actors.select_related("default_role").order_by("position"))
    try:
        resolved = _resolve_players(actors, players or {}, organization)
    except ValidationError as error:
        errors.update(error.message_dict)
        resolved = {}
    steps = _steps_of(version)
    if not steps:
        errors.setdefault("sop", []).append(_("SOP ini tidak mempunyai langkah."))
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    subject_type, subject_id, subject_label = _subject_fields(subject)
    run = Run.objects.create(
        version=version,
        organization=organization,
        title=title,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=subject_label,
        parent_step_run=parent_step_run,
        started_at=now,
        started_by=actor if actor is not None and actor.is_authenticated else None,
    )
    run_actors: dict[int, RunActor] = {}
    shown_players: dict[str, str] = {}
    for sop_actor in actors:
        player = resolved[sop_actor.key]
        run_actor = RunActor.objects.create(
            run=run, actor=sop_actor, organization=player.organization, role=player.role
        )
        if player.users:
            run_actor.users.set(player.users)
        run_actors[sop_actor.pk] = run_actor
        shown_players[sop_actor.key] = describe_player(run_actor, player.users)
    record_event(
        run,
        "sop_run.started",
        actor=actor,
        organization=organization,
        data={
            "public_id": run.public_id,
            "code": version.code,
            "version": version.number,
            "title": title,
            "subject": f"{subject_type}:{subject_id}" if subject_type else "",
            "subject_label": subject_label,
            "players": shown_players,
            "parent_step_run": parent_step_run.pk if parent_step_run else None,
        },
    )
    _activate(run=run, step=steps[0], now=now, actor=actor, run_actors=run_actors)
    return run


# ---- Moving through the steps -------------------------------------------------------------------


def _activate(
    *,
    run: Run,
    step: SopStep,
    now: dt.datetime,
    actor: User | None,
    run_actors: Mapping[int, RunActor] | None = None,
) -> StepRun:
    """Open a step: a StepRun with its due time, and a task per activity for its players."""
    iteration = StepRun.objects.filter(run=run, step=step).count() + 1
    if iteration > MAX_ITERATIONS:
        raise ValidationError(
            _("Langkah %(number)s sudah diulang %(count)s kali; periksa alur SOP ini.")
            % {"number": step.number, "count": MAX_ITERATIONS}
        )
    duration = step_duration(step)
    due_at: dt.datetime | None = None
    standard: int | None = None
    if duration is not None:
        calendar = WorkingCalendar(run.organization)
        due_at = calendar.add_working_time(now, duration)
        standard = int(calendar.working_time_between(now, due_at).total_seconds())
    step_run = StepRun.objects.create(
        run=run,
        step=step,
        iteration=iteration,
        status=StepRun.Status.ACTIVE,
        started_at=now,
        due_at=due_at,
        standard_seconds=standard,
    )
    if run_actors is None:
        run_actors = {ra.actor_id: ra for ra in run.actors.all()}
    tasks = [
        Task(
            step_run=step_run,
            activity=activity,
            run_actor=run_actors[activity.actor_id],
            candidate_organization_id=run_actors[activity.actor_id].organization_id,
            candidate_role_id=run_actors[activity.actor_id].role_id,
            due_at=due_at,
            created_at=now,
        )
        for activity in step.activities.all()
    ]
    Task.objects.bulk_create(tasks)
    record_event(
        step_run,
        "sop_step.activated",
        actor=actor,
        organization=run.organization,
        data={
            "run": run.public_id,
            "step": step.number,
            "iteration": iteration,
            "due_at": due_at,
            "standard": step.time_text,
            "tasks": len(tasks),
        },
    )
    if not tasks:  # a step nobody acts in passes at once
        _finish_step(run=run, step_run=step_run, step=step, label="", now=now, actor=actor)
    return step_run


def _finish_step(
    *, run: Run, step_run: StepRun, step: SopStep, label: str, now: dt.datetime, actor: User | None
) -> None:
    """The step's tasks are all done: record its times and go on to the next step (or end the run)."""
    calendar = WorkingCalendar(run.organization)
    worked = int(calendar.working_time_between(step_run.started_at, now).total_seconds())
    target = _successor(step, label)
    step_run.status = StepRun.Status.DONE
    step_run.completed_at = now
    step_run.working_seconds = worked
    step_run.late = worked > step_run.standard_seconds if step_run.standard_seconds is not None else None
    step_run.chosen_label = label
    step_run.next_number = target
    step_run.save(
        update_fields=["status", "completed_at", "working_seconds", "late", "chosen_label", "next_number"]
    )
    record_event(
        step_run,
        "sop_step.completed",
        actor=actor,
        organization=run.organization,
        data={
            "run": run.public_id,
            "step": step.number,
            "iteration": step_run.iteration,
            "started_at": step_run.started_at,
            "completed_at": now,
            "working_seconds": worked,
            "standard_seconds": step_run.standard_seconds,
            "late": step_run.late,
            "chosen_label": label,
            "next": target,
        },
    )
    if target is None:
        _complete_run(run=run, now=now, actor=actor)
        return
    following = (
        SopStep.objects.filter(version_id=run.version_id, number=target)
        .prefetch_related(Prefetch("activities", queryset=_activities()), "branches")
        .first()
    )
    if following is None:
        raise ValidationError(
            _("Langkah %(number)s yang dituju tidak ada dalam SOP ini.") % {"number": target}
        )
    _activate(run=run, step=following, now=now, actor=actor)


def _complete_run(*, run: Run, now: dt.datetime, actor: User | None) -> None:
    run.status = Run.Status.COMPLETED
    run.completed_at = now
    run.save(update_fields=["status", "completed_at"])
    record_event(
        run,
        "sop_run.completed",
        actor=actor,
        organization=run.organization,
        data={"public_id": run.public_id, "code": run.version.code, "completed_at": now},
    )
    if run.parent_step_run_id is not None:
        _resume_parent(run=run, actor=actor)


def _resume_parent(*, run: Run, actor: User | None) -> None:
    """A child run ended: the parent step goes on once none of its child runs is still running."""
    parent = (
        StepRun.objects.select_for_update()
        .select_related("run__organization", "step")
        .get(pk=int(run.parent_step_run_id or 0))
    )
    if parent.status != StepRun.Status.WAITING:
        return
    if parent.child_runs.filter(status=Run.Status.RUNNING).exclude(pk=run.pk).exists():
        return
    parent.status = StepRun.Status.ACTIVE
    parent.save(update_fields=["status"])
    record_event(
        parent,
        "sop_step.resumed",
        actor=actor,
        organization=parent.run.organization,
        data={"run": parent.run.public_id, "step": parent.step.number, "child_run": run.public_id},
    )


# ---- Locks --------------------------------------------------------------------------------------


def _lock_run(run_id: int) -> Run:
    """Lock a run, after its parent runs (top down), so that a child run finishing, which resumes
    its parent's step, and the parent being cancelled or worked on take their locks in one order.
    The audit chain head is only ever locked after these."""
    chain = [run_id]
    while len(chain) < MAX_ITERATIONS:
        parent = Run.objects.filter(pk=chain[-1]).values_list("parent_step_run__run_id", flat=True).first()
        if parent is None:
            break
        chain.append(parent)
    locked: Run | None = None
    for ancestor_id in reversed(chain):
        locked = (
            Run.objects.select_for_update(of=("self",))
            .select_related("organization", "version")
            .get(pk=ancestor_id)
        )
    assert locked is not None
    return locked


def _lock_task(task: Task) -> tuple[Run, Task]:
    """Lock the task's run, then the task itself, and read both afresh."""
    run_id = Task.objects.filter(pk=task.pk).values_list("step_run__run_id", flat=True).first()
    if run_id is None:
        raise Task.DoesNotExist
    run = _lock_run(run_id)
    fresh = (
        Task.objects.select_for_update(of=("self",))
        .select_related(
            "step_run__step",
            "activity__actor",
            "run_actor__role",
            "run_actor__organization",
            "claimed_by",
            "completed_by",
        )
        .get(pk=task.pk)
    )
    fresh.step_run.run = run
    return run, fresh


# ---- Tasks: claim, release, outputs, completion -------------------------------------------------


@transaction.atomic
def claim_task(*, task: Task, actor: User) -> Task:
    """Take an open task so the others offered it see that someone is on it."""
    run, task = _lock_task(task)
    _refuse_if_closed(task)
    if task.status == Task.Status.CLAIMED:
        if task.claimed_by_id == actor.pk:
            return task
        raise ValidationError(
            _("Tugas ini sudah diambil oleh %(name)s.") % {"name": task.claimed_by}, code="claimed"
        )
    _require_actor_of(actor, task)
    task.status = Task.Status.CLAIMED
    task.claimed_by = actor
    task.claimed_at = timezone.now()
    task.save(update_fields=["status", "claimed_by", "claimed_at"])
    record_event(
        task,
        "sop_task.claimed",
        actor=actor,
        organization=run.organization,
        data={"run": run.public_id, "step": task.step_run.step.number, "activity": task.activity.text[:200]},
    )
    return task


@transaction.atomic
def release_task(*, task: Task, actor: User) -> Task:
    """Give a claimed task back to everyone offered it (the claimer, or an official who runs SOPs there)."""
    run, task = _lock_task(task)
    _refuse_if_closed(task)
    if task.status != Task.Status.CLAIMED:
        raise ValidationError(_("Tugas ini belum diambil siapa pun."), code="not_claimed")
    if task.claimed_by_id != actor.pk and not has_permission(actor, "sop.run", run.organization):
        raise PermissionDenied(
            _("Hanya %(name)s yang mengambil tugas ini yang dapat melepasnya.") % {"name": task.claimed_by}
        )
    previous = task.claimed_by
    task.status = Task.Status.OPEN
    task.claimed_by = None
    task.claimed_at = None
    task.save(update_fields=["status", "claimed_by", "claimed_at"])
    record_event(
        task,
        "sop_task.released",
        actor=actor,
        organization=run.organization,
        data={"run": run.public_id, "step": task.step_run.step.number, "claimed_by": str(previous)},
    )
    return task


def _output_name(step: SopStep, output_index: int) -> str:
    outputs = list(step.outputs or [])
    if not 0 <= output_index < len(outputs):
        raise ValidationError(
            {
                "output_index": _("Langkah %(number)s tidak mempunyai output nomor %(index)s.")
                % {"number": step.number, "index": output_index + 1}
            }
        )
    return str(outputs[output_index])


@transaction.atomic
def attach_output(*, task: Task, output_index: int, file: StoredFile, actor: User) -> TaskOutput:
    """Give `file` as output number `output_index` (0-based) of the task's step; replaces an earlier one.

    The file is stored by the caller (`ujikom.documents.services.store_file`, which checks its kind
    and size) in the run's organization; a step's screen attaches what it generates the same way.
    """
    from ujikom.documents.services import attach_file

    run, task = _lock_task(task)
    _refuse_if_closed(task)
    _require_actor_of(actor, task)
    step = task.step_run.step
    name = _output_name(step, output_index)
    if file.organization_id != run.organization_id:
        raise ValidationError({"file": _("Berkas harus disimpan untuk organisasi pelaksana SOP ini.")})
    if not file.is_attached:
        attach_file(stored=file, subject=task, actor=actor)
    now = timezone.now()
    existing = TaskOutput.objects.filter(step_run_id=task.step_run_id, output_index=output_index).first()
    replaced = None
    if existing is not None:
        replaced = existing.file.sha256
        existing.task = task
        existing.file = file
        existing.output_name = name
        existing.added_by = actor
        existing.added_at = now
        existing.save(update_fields=["task", "file", "output_name", "added_by", "added_at"])
        output = existing
    else:
        output = TaskOutput.objects.create(
            step_run_id=task.step_run_id,
            task=task,
            output_index=output_index,
            output_name=name,
            file=file,
            added_by=actor,
            added_at=now,
        )
    record_event(
        task,
        "sop_output.replaced" if replaced else "sop_output.attached",
        actor=actor,
        organization=run.organization,
        data={
            "run": run.public_id,
            "step": step.number,
            "output": name,
            "file": file.public_id,
            "file_name": file.original_name,
            "sha256": file.sha256,
            "replaced_sha256": replaced,
        },
    )
    return output


def upload_output(
    *,
    task: Task,
    output_index: int,
    content: Any,
    name: str,
    actor: User,
    allowed_types: tuple[str, ...] = DEFAULT_ALLOWED,
) -> TaskOutput:
    """Store an uploaded file (kind and size checked) and give it as one of the step's outputs.

    Both happen in one transaction: a refused file leaves nothing behind.
    """
    from ujikom.documents.services import store_file

    with transaction.atomic():
        # The run is locked before the file is stored (storing writes the audit log), and the
        # request is refused before then when the person may not act on the task at all.
        run, current = _lock_task(task)
        _refuse_if_closed(current)
        _require_actor_of(actor, current)
        output_name = _output_name(current.step_run.step, output_index)
        stored = store_file(
            organization=run.organization,
            content=content,
            name=name,
            actor=actor,
            title=output_name[:255],
            allowed_types=allowed_types,
        )
        return attach_output(task=current, output_index=output_index, file=stored, actor=actor)


def missing_outputs(step_run: StepRun) -> list[str]:
    """The step's outputs that have no file yet, by name."""
    have = set(TaskOutput.objects.filter(step_run=step_run).values_list("output_index", flat=True))
    return [str(name) for index, name in enumerate(step_run.step.outputs or []) if index not in have]


@transaction.atomic
def complete_task(*, task: Task, actor: User, note: str = "", chosen_label: str | None = None) -> Task:
    """Sign off a task. The step is done when its last task is; it then needs all its outputs.

    Refused, with nothing changed: someone not offered the task; a task already done (the message
    names who did it); a waiting step; a decision without one of its labels; the last task of a step
    whose outputs are not all given (the message lists them).
    """
    run, task = _lock_task(task)
    _refuse_if_closed(task)
    if run.status != Run.Status.RUNNING:
        raise ValidationError(
            _("Pelaksanaan SOP ini sudah %(status)s.") % {"status": run.get_status_display()}
        )
    _require_actor_of(actor, task)
    step_run = StepRun.objects.select_for_update(of=("self",)).select_related("step").get(pk=task.step_run_id)
    step_run.run = run
    step = step_run.step
    if step_run.status == StepRun.Status.WAITING:
        raise ValidationError(
            _("Langkah %(number)s menunggu SOP terkait selesai; tugas ini dapat diselesaikan sesudahnya.")
            % {"number": step.number},
            code="waiting",
        )
    if step_run.status != StepRun.Status.ACTIVE:
        raise ValidationError(_("Langkah ini tidak sedang berjalan."))
    note = (note or "").strip()
    label = (chosen_label or "").strip()
    choices = step_choices(step)
    if choices:
        if not label:
            raise ValidationError(
                {"chosen_label": _("Pilih salah satu: %(choices)s.") % {"choices": ", ".join(choices)}}
            )
        if label not in choices:
            raise ValidationError(
                {
                    "chosen_label": _("Pilihan “%(label)s” tidak ada; pilih salah satu: %(choices)s.")
                    % {"label": label, "choices": ", ".join(choices)}
                }
            )
    else:
        label = ""
    last = not Task.objects.filter(step_run=step_run, status__in=OPEN_STATUSES).exclude(pk=task.pk).exists()
    if last:
        missing = missing_outputs(step_run)
        if missing:
            raise ValidationError(
                {
                    "outputs": _("Output langkah %(number)s belum lengkap; unggah dahulu: %(names)s.")
                    % {"number": step.number, "names": "; ".join(missing)}
                },
                code="missing_outputs",
            )
    now = timezone.now()
    task.status = Task.Status.DONE
    task.completed_by = actor
    task.completed_at = now
    task.note = note
    task.chosen_label = label
    if task.claimed_by_id is None:
        task.claimed_by = actor
        task.claimed_at = now
    task.save(
        update_fields=[
            "status",
            "completed_by",
            "completed_at",
            "note",
            "chosen_label",
            "claimed_by",
            "claimed_at",
        ]
    )
    outputs = list(step_run.outputs.select_related("file").order_by("output_index"))
    record_event(
        task,
        "sop_task.completed",
        actor=actor,
        organization=run.organization,
        data={
            "run": run.public_id,
            "code": run.version.code,
            "step": step.number,
            "iteration": step_run.iteration,
            "activity": task.activity.text[:300],
            "actor": task.activity.actor.name,
            "player": describe_player(task.run_actor),
            "signed_by": actor.get_full_name(),
            "completed_at": now,
            "note": note,
            "chosen_label": label,
            "outputs": [
                {
                    "output": output.output_name,
                    "file": output.file.public_id,
                    "file_name": output.file.original_name,
                    "sha256": output.file.sha256,
                }
                for output in outputs
            ],
        },
    )
    if last:
        _finish_step(run=run, step_run=step_run, step=step, label=label, now=now, actor=actor)
    return task


# ---- Child runs and cancellation ----------------------------------------------------------------


def related_sops(step: SopStep, organization: Organization) -> list[Sop]:
    """The organization's SOPs (other than this one) that the step's note names, by code or name."""
    note = (step.note or "").casefold()
    if not note:
        return []
    own_sop_id = SopVersion.objects.filter(pk=step.version_id).values_list("sop_id", flat=True).first()
    found = []
    for sop in Sop.objects.filter(organization=organization).exclude(pk=own_sop_id or 0).order_by("code"):
        if sop.code.casefold() in note or sop.name.casefold() in note:
            found.append(sop)
    return found


@transaction.atomic
def start_child_run(
    *,
    step_run: StepRun,
    code: str,
    actor: User,
    players: Mapping[str, Player] | None = None,
    title: str = "",
) -> Run:
    """Run the related SOP `code` named in the step's note; the step waits until that run ends."""
    run = _lock_run(step_run.run_id)
    step_run = StepRun.objects.select_for_update(of=("self",)).select_related("step").get(pk=step_run.pk)
    if run.status != Run.Status.RUNNING or step_run.status not in (
        StepRun.Status.ACTIVE,
        StepRun.Status.WAITING,
    ):
        raise ValidationError(_("Langkah ini tidak sedang berjalan."))
    sop = next((s for s in related_sops(step_run.step, run.organization) if s.code == code), None)
    if sop is None:
        raise ValidationError(
            {
                "sop": _("Keterangan langkah %(number)s tidak menyebut SOP %(code)s dari pustaka %(org)s.")
                % {"number": step_run.step.number, "code": code, "org": run.organization.name}
            }
        )
    child = start_run(
        organization=run.organization,
        code=code,
        title=(title or "").strip() or f"{sop.name} — {run.title}"[:255],
        actor=actor,
        players=players,
        parent_step_run=step_run,
    )
    child.refresh_from_db(fields=["status"])
    if child.status == Run.Status.RUNNING and step_run.status != StepRun.Status.WAITING:
        step_run.status = StepRun.Status.WAITING
        step_run.save(update_fields=["status"])
    record_event(
        step_run,
        "sop_step.waiting",
        actor=actor,
        organization=run.organization,
        data={"run": run.public_id, "step": step_run.step.number, "child_run": child.public_id, "code": code},
    )
    return child


@transaction.atomic
def cancel_run(*, run: Run, actor: User, reason: str) -> Run:
    """Stop a run for good: its open tasks and running child runs are cancelled; the reason is logged."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pembatalan wajib diisi.")})
    run = _lock_run(run.pk)
    if run.status != Run.Status.RUNNING:
        raise ValidationError(
            _("Pelaksanaan ini sudah %(status)s dan tidak dapat dibatalkan.")
            % {"status": run.get_status_display()}
        )
    for child in Run.objects.filter(parent_step_run__run=run, status=Run.Status.RUNNING).order_by("pk"):
        cancel_run(
            run=child,
            actor=actor,
            reason=_("Pelaksanaan induknya dibatalkan: %(reason)s") % {"reason": reason},
        )
    now = timezone.now()
    open_tasks = Task.objects.filter(step_run__run=run, status__in=OPEN_STATUSES)
    cancelled_tasks = open_tasks.update(status=Task.Status.CANCELLED)
    StepRun.objects.filter(run=run, status__in=[StepRun.Status.ACTIVE, StepRun.Status.WAITING]).update(
        status=StepRun.Status.CANCELLED, completed_at=now
    )
    run.status = Run.Status.CANCELLED
    run.completed_at = now
    run.save(update_fields=["status", "completed_at"])
    record_event(
        run,
        "sop_run.cancelled",
        actor=actor,
        organization=run.organization,
        data={"public_id": run.public_id, "reason": reason, "tasks_cancelled": cancelled_tasks},
    )
    if run.parent_step_run_id is not None:
        _resume_parent(run=run, actor=actor)
    return run


# ---- Reads --------------------------------------------------------------------------------------


def _task_list_related(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related(
        "step_run__run__version",
        "step_run__run__organization",
        "step_run__step",
        "activity__actor",
        "candidate_role",
        "candidate_organization",
        "claimed_by",
    )


def tasks_for(user: User, *, sop_code: str = "", run: Run | uuid.UUID | None = None) -> QuerySet[Task]:
    """ "Tugas saya": tasks I claimed and have not finished, and open tasks offered to me (through a
    role I hold today, Plt/Plh included, or by name), overdue first then by due time.

    The query reads the task table alone (its filters and order are on task columns, with small
    lookups), so counting and paging stay cheap however many tasks there are; `task_rows` then
    loads one page with everything the list shows. The role assignments are read once per request.
    """
    if not user.is_authenticated:
        return Task.objects.none()
    offered = Q(run_actor_id__in=RunActor.users.through.objects.filter(user_id=user.pk).values("runactor_id"))
    for organization_id, role_id in sorted(_role_pairs(user)):
        offered |= Q(candidate_organization_id=organization_id, candidate_role_id=role_id)
    mine = Q(status=Task.Status.CLAIMED, claimed_by_id=user.pk) | (Q(status=Task.Status.OPEN) & offered)
    tasks = Task.objects.filter(mine)
    if sop_code:
        # Through the activity (a small table) rather than the run: same version, cheaper join.
        tasks = tasks.filter(activity__step__version__code=sop_code)
    if isinstance(run, Run):
        tasks = tasks.filter(step_run__run_id=run.pk)
    elif run is not None:
        tasks = tasks.filter(step_run__run__public_id=run)
    return tasks.order_by(F("due_at").asc(nulls_last=True), "id")


def task_rows(tasks: Iterable[Task], now: dt.datetime | None = None) -> list[Task]:
    """One page of `tasks_for` with everything the list shows, in its order; each has `is_overdue`.

    Two queries: the page's ids, then those tasks with their run, step, activity and people.
    """
    ids = (
        [task.pk for task in tasks]
        if not isinstance(tasks, QuerySet)
        else list(tasks.values_list("pk", flat=True))
    )
    loaded = {task.pk: task for task in _task_list_related(Task.objects.filter(pk__in=ids))}
    moment = now or timezone.now()
    rows = [loaded[pk] for pk in ids if pk in loaded]
    for task in rows:
        task.is_overdue = task.due_at is not None and task.due_at < moment  # type: ignore[attr-defined]
    return rows


def task_sop_codes(tasks: QuerySet[Task]) -> list[str]:
    """The SOP codes among `tasks` (for the filter), in one query."""
    return list(
        tasks.order_by()
        .values_list("activity__step__version__code", flat=True)
        .distinct()
        .order_by("activity__step__version__code")
    )


def task_for_viewer(user: User, public_id: Any) -> Task:
    """A task its candidates and the run organization's sop.view holders may see.

    Someone outside the run's organization who is not offered it gets 404 (Task.DoesNotExist);
    a member of that organization without sop.view gets 403.
    """
    task = (
        Task.objects.select_related(
            "step_run__run__version",
            "step_run__run__organization",
            "step_run__step",
            "activity__actor",
            "run_actor__role",
            "run_actor__organization",
            "candidate_role",
            "candidate_organization",
            "claimed_by",
            "completed_by",
        )
        .filter(public_id=public_id)
        .first()
    )
    if task is None:
        raise Task.DoesNotExist
    organization = task.step_run.run.organization
    if can_act_on(user, task) or task.completed_by_id == user.pk:
        return task
    if has_permission(user, "sop.view", organization):
        return task
    if is_member(user, organization):
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk melihat tugas ini."))
    raise Task.DoesNotExist


def plays_in(user: User, run: Run) -> bool:
    """Whether `user` plays an actor of the run (by role or by name)."""
    pairs = _role_pairs(user)
    for run_actor in run.actors.all():
        if run_actor.role_id is not None and (run_actor.organization_id, run_actor.role_id) in pairs:
            return True
        if run_actor.role_id is None and any(person.pk == user.pk for person in run_actor.users.all()):
            return True
    return False


def run_for_viewer(user: User, public_id: Any) -> Run:
    """A run the organization's sop.view holders and its players may see; 404 for outsiders, 403 for
    members without sop.view who play no part in it."""
    run = (
        Run.objects.select_related("version__sop", "organization", "started_by", "parent_step_run__run")
        .prefetch_related(
            Prefetch(
                "actors",
                queryset=RunActor.objects.select_related("actor", "role", "organization").prefetch_related(
                    "users"
                ),
            )
        )
        .filter(public_id=public_id)
        .first()
    )
    if run is None:
        raise Run.DoesNotExist
    if has_permission(user, "sop.view", run.organization) or plays_in(user, run):
        return run
    if is_member(user, run.organization):
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk melihat pelaksanaan SOP ini."))
    raise Run.DoesNotExist


def runs_of(organization: Organization, *, status: str = "", code: str = "") -> QuerySet[Run]:
    """The organization's runs, newest first."""
    runs = Run.objects.filter(organization=organization).select_related("version", "started_by")
    if status:
        runs = runs.filter(status=status)
    if code:
        runs = runs.filter(version__code=code)
    return runs.order_by("-started_at", "-id")


def step_runs_of(run: Run) -> list[StepRun]:
    """The run's steps as they happened, with their tasks, outputs and files, in a fixed number of queries."""
    return list(
        StepRun.objects.filter(run=run)
        .select_related("step")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.select_related(
                    "activity__actor",
                    "claimed_by",
                    "completed_by",
                    "candidate_role",
                    "candidate_organization",
                ).order_by("activity__position"),
            ),
            Prefetch("outputs", queryset=TaskOutput.objects.select_related("file", "added_by")),
            Prefetch("child_runs", queryset=Run.objects.select_related("version")),
        )
        .order_by("started_at", "id")
    )


def run_outputs(run: Run, *, before: StepRun | None = None) -> list[TaskOutput]:
    """The files given so far in the run (before `before` started, when given)."""
    outputs = TaskOutput.objects.filter(step_run__run=run).select_related("file", "step_run__step")
    if before is not None:
        outputs = outputs.exclude(step_run=before).filter(step_run__started_at__lte=before.started_at)
    return list(outputs.order_by("step_run__started_at", "output_index"))


def flow_state(step_runs: Iterable[StepRun], now: dt.datetime | None = None) -> dict[int, str]:
    """{step number: "done" | "active" | "overdue" | "waiting"} for drawing the run's flowchart.

    The latest iteration of a step decides its state.
    """
    moment = now or timezone.now()
    state: dict[int, str] = {}
    for step_run in sorted(step_runs, key=lambda s: (s.started_at, s.pk)):
        number = step_run.step.number
        if step_run.status == StepRun.Status.DONE:
            state[number] = "done"
        elif step_run.status == StepRun.Status.WAITING:
            state[number] = "waiting"
        elif step_run.status == StepRun.Status.ACTIVE:
            overdue = step_run.due_at is not None and step_run.due_at < moment
            state[number] = "overdue" if overdue else "active"
        else:
            state.pop(number, None)
    return state


def escalation_recipients(run: Run) -> list[User]:
    """Who hears of overdue work: holders of the version's escalation role in the run's organization,
    else its organization administrators."""
    role = run.version.escalation_role
    role_key = role.key if role is not None else "org_admin"
    ids = (
        RoleAssignment.objects.active()
        .filter(organization_id=run.organization_id, role__key=role_key)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk"))


def candidates_of(task: Task) -> list[User]:
    """The people a task is offered to: the holders of its role there today, or its named people."""
    if task.candidate_role_id is None:
        return list(task.run_actor.users.filter(is_active=True).order_by("full_name", "pk"))
    ids = (
        RoleAssignment.objects.active()
        .filter(organization_id=task.candidate_organization_id, role_id=task.candidate_role_id)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk"))
