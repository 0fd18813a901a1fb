"""How the scheduling screens drive the SOP runs of a test event.

A test event is the subject of the runs of the SOPs that govern it: the LSP's certification SOP
(STMI 1.3.3) and, when a manpower office facilitates it, that office's SOP (PSM/DISNAKER-10).
Each screen is registered as a step action (`ujikom.sop.actions`); when a screen produces a
document, `record_step_output` attaches it to the open task of the step bound to that screen and,
once the step's outputs are all there and the person may sign off the task, completes it — so
doing the work and running the SOP are the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ujikom.core.models import User
from ujikom.documents.models import StoredFile
from ujikom.sop import engine
from ujikom.sop.actions import StepAction, register_action
from ujikom.sop.library import version_in_force
from ujikom.sop.models import Run, Task, TaskOutput

from .models import TestEvent

# Which SOP governs an event in which organization: (organization attribute, SOP code).
EVENT_SOPS: list[tuple[str, str]] = [
    ("lsp", "1.3.3/BPSDMI/STMI/SOP/VI/2020"),
    ("facilitator", "PSM/DISNAKER-10"),
]


def event_subject_type() -> str:
    return TestEvent._meta.label_lower


def runs_of_event(event: TestEvent) -> list[Run]:
    return list(
        Run.objects.filter(subject_type=event_subject_type(), subject_id=str(event.pk)).select_related(
            "version", "organization"
        )
    )


@transaction.atomic
def start_event_runs(*, event: TestEvent, actor: User) -> list[Run]:
    """Start a run of each SOP in force that governs the event and is not already running for it."""
    running = {run.version.sop_id for run in runs_of_event(event) if run.status == Run.Status.RUNNING}
    started = []
    for attribute, code in EVENT_SOPS:
        organization = getattr(event, attribute)
        if organization is None:
            continue
        version = version_in_force(organization=organization, code=code)
        if version is None or version.sop_id in running:
            continue
        started.append(
            engine.start_run(
                version=version,
                organization=organization,
                title=f"{event.title} · {code}",
                subject=event,
                actor=actor,
            )
        )
    return started


def open_tasks_for_action(event: TestEvent, action: str) -> list[Task]:
    return list(
        Task.objects.filter(
            step_run__run__subject_type=event_subject_type(),
            step_run__run__subject_id=str(event.pk),
            step_run__run__status=Run.Status.RUNNING,
            step_run__step__action=action,
            status__in=[Task.Status.OPEN, Task.Status.CLAIMED],
        ).select_related("step_run__step", "step_run__run", "run_actor", "activity")
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _output_for(step_outputs: list[str], missing: list[int], hint: str) -> int | None:
    """The missing output `hint` names best (most words in common), or the first missing one when
    there is no hint; None when a hint matches no missing output."""
    if not missing:
        return None
    if not hint:
        return missing[0]
    wanted = _words(hint)
    scored = [(len(wanted & _words(step_outputs[index])), -index) for index in missing]
    best_score, best = max(scored)
    return -best if best_score else None


@transaction.atomic
def record_step_output(
    *, event: TestEvent, action: str, file: StoredFile, actor: User, output: str = "", complete: bool = True
) -> list[TaskOutput]:
    """Attach `file` to the open tasks of the step bound to `action` that `actor` plays, at the output
    `output` names (e.g. "kartu peserta"; without it, the first output still missing), and complete
    each task once nothing is missing. Tasks played by others are left for them: the document stays
    stored and they attach it from the task page. Returns the outputs attached."""
    attached = []
    for task in open_tasks_for_action(event, action):
        if not engine.can_act_on(actor, task):
            continue
        step_run = task.step_run
        outputs = [str(name) for name in step_run.step.outputs or []]
        given = set(step_run.outputs.values_list("output_index", flat=True))
        index = _output_for(outputs, [i for i in range(len(outputs)) if i not in given], output)
        if index is not None:
            attached.append(engine.attach_output(task=task, output_index=index, file=file, actor=actor))
        if complete and not engine.missing_outputs(step_run):
            engine.complete_task(
                task=task, actor=actor, note=_("Diselesaikan melalui layar %(screen)s.") % {"screen": action}
            )
    return attached


def register_event_action(key: str, label: Any, url: Callable[[TestEvent], str]) -> None:
    """Bind a scheduling screen to SOP steps: the task page links to it for the run's event."""

    def task_url(task: Task) -> str:
        # A run started by hand (no test event as its subject) opens the list of test events instead.
        run = task.step_run.run
        event = None
        if run.subject_type == event_subject_type() and run.subject_id.isdigit():
            event = TestEvent.objects.filter(pk=run.subject_id).first()
        return url(event) if event is not None else reverse("scheduling:event_list")

    register_action(StepAction(key=key, label=label, url=task_url))


def event_url(name: str) -> Callable[[TestEvent], str]:
    return lambda event: reverse(name, args=[event.public_id])
