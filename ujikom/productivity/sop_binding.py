"""How the case screens drive the case's SOP run (PSM/DISNAKER-08, the version in force).

Opening a case starts a run of the version in force in the case's office, with the case as its
subject. Each stage of the work (identification, indicators, causes, plan, follow-up, evaluation,
closing) is a step action (`ujikom.sop.actions`); when a person finishes a stage on the case page,
`finish_stage` gives the stage's worksheet as each missing output of the open step bound to that
stage and signs off the tasks of it that the person plays — so doing the work and running the SOP
are the same thing. No case opens under a version that binds no stage (the published one, whose
activity table is SOP-10's; `services_cases.open_case`); the steps of a version bound to no stage
are done from the task pages, as in any run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.models import User
from ujikom.documents.models import StoredFile
from ujikom.sop import engine
from ujikom.sop.actions import StepAction, register_action
from ujikom.sop.library import version_in_force
from ujikom.sop.models import Run, StepRun, Task

from .models import GuidanceCase

SOP_CODE = "PSM/DISNAKER-08"


@dataclass(frozen=True)
class Stage:
    action: str  # the step action key
    label: Any  # lazy translated
    anchor: str  # the section of the case page


STAGES: tuple[Stage, ...] = (
    Stage("productivity.open_case", gettext_lazy("Pembukaan kasus"), "kasus"),
    Stage("productivity.identification", gettext_lazy("Identifikasi permasalahan"), "identifikasi"),
    Stage("productivity.indicators", gettext_lazy("Pengukuran indikator"), "indikator"),
    Stage("productivity.causes", gettext_lazy("Analisis akar masalah"), "sebab"),
    Stage("productivity.plan", gettext_lazy("Rencana perbaikan"), "rencana"),
    Stage("productivity.follow_up", gettext_lazy("Kunjungan tindak lanjut"), "kunjungan"),
    Stage("productivity.evaluation", gettext_lazy("Evaluasi sebelum dan sesudah"), "evaluasi"),
    Stage("productivity.close", gettext_lazy("Laporan penutup"), "penutupan"),
)
STAGE_BY_ACTION = {stage.action: stage for stage in STAGES}


def case_subject_type() -> str:
    return GuidanceCase._meta.label_lower


def _case_of(task: Task) -> GuidanceCase | None:
    run = task.step_run.run
    if run.subject_type != case_subject_type() or not run.subject_id.isdigit():
        return None
    return GuidanceCase.objects.filter(pk=run.subject_id).first()


def register_actions() -> None:
    """Bind each stage's section of the case page to the SOP steps that name its action."""
    for stage in STAGES:

        def url(task: Task, stage: Stage = stage) -> str:
            case = _case_of(task)
            if case is None:
                return reverse("productivity:case_list")
            return reverse("productivity:case_detail", args=[case.public_id]) + f"#{stage.anchor}"

        register_action(StepAction(key=stage.action, label=stage.label, url=url))


def start_case_run(*, case: GuidanceCase, actor: User) -> Run:
    """Start the run of the SOP version in force in the case's office; the case is its subject.
    ValidationError (naming the SOP) when the office has no version in force."""
    version = version_in_force(organization=case.organization, code=SOP_CODE)
    if version is None:
        raise ValidationError(
            _(
                "SOP %(code)s tidak mempunyai versi yang berlaku di %(organization)s, jadi kasus belum "
                "dapat dibuka; sahkan dulu versinya di pustaka SOP."
            )
            % {"code": SOP_CODE, "organization": case.organization}
        )
    return engine.start_run(
        version=version,
        organization=case.organization,
        title=f"{case.number} {case.company.name}".strip()[:255],
        subject=case,
        actor=actor,
    )


def open_stage_tasks(case: GuidanceCase, action: str) -> list[Task]:
    """The open tasks of the run's active step bound to `action` (none when the step is not active)."""
    if case.run_id is None:
        return []
    return list(
        Task.objects.filter(
            step_run__run_id=case.run_id,
            step_run__run__status=Run.Status.RUNNING,
            step_run__status=StepRun.Status.ACTIVE,
            step_run__step__action=action,
            status__in=[Task.Status.OPEN, Task.Status.CLAIMED],
        ).select_related("step_run__step", "step_run__run", "run_actor", "activity")
    )


def active_stage(case: GuidanceCase) -> Stage | None:
    """The stage whose step is active in the case's run, if that step is bound to one."""
    if case.run_id is None:
        return None
    actions = (
        StepRun.objects.filter(run_id=case.run_id, status=StepRun.Status.ACTIVE)
        .values_list("step__action", flat=True)
        .first()
    )
    return STAGE_BY_ACTION.get(actions or "")


@transaction.atomic
def finish_stage(*, case: GuidanceCase, action: str, actor: User, file: StoredFile) -> list[Task]:
    """Give `file` as every missing output of the open step bound to `action` and sign off the tasks
    of that step `actor` plays. Returns the tasks signed off: none, and nothing given, when the step
    is not active (the run is elsewhere, or its version binds no step to this stage) or is offered
    only to others, who finish the stage themselves."""
    done = []
    for task in open_stage_tasks(case, action):
        if not engine.can_act_on(actor, task):
            continue
        step_run = task.step_run
        given = set(step_run.outputs.values_list("output_index", flat=True))
        for index in range(len(step_run.step.outputs or [])):
            if index not in given:
                engine.attach_output(task=task, output_index=index, file=file, actor=actor)
        label = STAGE_BY_ACTION[action].label if action in STAGE_BY_ACTION else action
        done.append(
            engine.complete_task(
                task=task,
                actor=actor,
                note=_("Diselesaikan dari halaman kasus: %(stage)s.") % {"stage": label},
            )
        )
    return done


def stage_actor_names(case: GuidanceCase, action: str) -> list[str]:
    """Who the open tasks of the stage are offered to, for the sentence shown when `actor` cannot sign off."""
    return [engine.describe_player(task.run_actor) for task in open_stage_tasks(case, action)]
