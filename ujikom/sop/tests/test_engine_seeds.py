"""The seed SOPs as shipped (ujikom/sop/seeds/*.yaml) run from their first step to their last."""

from __future__ import annotations

from pathlib import Path

import pytest

from ujikom.core.models import Organization, RoleAssignment
from ujikom.sop import engine
from ujikom.sop.definition import SopDefinition
from ujikom.sop.models import Run, StepRun, Task

from .conftest import disnaker_10_definition, stmi_definition

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def seed(name: str, fallback: SopDefinition) -> SopDefinition:
    path = SEEDS / name
    if not path.exists():
        return fallback
    from ujikom.sop.fileformat import load_definition

    return load_definition(path.read_text(encoding="utf-8"), source=str(path))


def players_for(version, organization: Organization, make_user) -> dict[str, object]:
    """One person holding each actor's default role in the organization."""
    people = {}
    for actor in version.actors.select_related("default_role"):
        assert actor.default_role is not None, f"actor {actor.key} has no default role"
        people[actor.key] = make_user(
            f"p-{actor.key}",
            roles=[(organization, actor.default_role.key)],
            full_name=f"Pemeran {actor.name}",
        )
    return people


def run_to_the_end(clock, run: Run, people: dict) -> list[int]:
    done = []
    while True:
        tasks = list(
            Task.objects.filter(step_run__run=run, status=Task.Status.OPEN)
            .select_related("step_run__step", "step_run__run", "activity__actor", "run_actor")
            .order_by("activity__position")
        )
        if not tasks:
            return done
        clock.advance(minutes=30)
        step_run = tasks[0].step_run
        for position, task in enumerate(tasks):
            user = people[task.activity.actor.key]
            if position == len(tasks) - 1:
                for index in range(len(step_run.step.outputs)):
                    engine.upload_output(
                        task=task, output_index=index, content=PDF, name=f"o{index}.pdf", actor=user
                    )
            engine.complete_task(task=task, actor=user, note="selesai")
        done.append(step_run.step.number)


def assert_each_task_done_by_its_actors_role(run: Run) -> None:
    for task in Task.objects.filter(step_run__run=run).select_related("run_actor", "completed_by"):
        assert RoleAssignment.objects.filter(
            user=task.completed_by, organization=task.run_actor.organization, role=task.run_actor.role
        ).exists(), f"{task} done by {task.completed_by}"


def test_psm_disnaker_10_from_the_seed_runs_all_steps_by_the_right_roles(
    clock, approved, disnaker, make_user
):
    version = approved(disnaker, seed("psm-disnaker-10.yaml", disnaker_10_definition()))
    people = players_for(version, disnaker, make_user)
    run = engine.start_run(
        organization=disnaker,
        code="PSM/DISNAKER-10",
        title="Fasilitasi sertifikasi 2027",
        actor=people["admin"],
    )

    done = run_to_the_end(clock, run, people)

    run.refresh_from_db()
    assert done == [1, 2, 3, 4, 5, 6, 7, 8]
    assert run.status == Run.Status.COMPLETED
    assert_each_task_done_by_its_actors_role(run)
    assert not run.step_runs.exclude(status=StepRun.Status.DONE).exists()


def test_the_stmi_seed_runs_all_steps_at_the_lsp_by_the_right_roles(clock, approved, lsp, make_user):
    version = approved(lsp, seed("stmi-1.3.3.yaml", stmi_definition()))
    people = players_for(version, lsp, make_user)
    run = engine.start_run(
        organization=lsp, code="1.3.3/BPSDMI/STMI/SOP/VI/2020", title="Siklus sertifikasi 2027", actor=None
    )

    done = run_to_the_end(clock, run, people)

    run.refresh_from_db()
    assert done == [1, 2, 3, 4, 5, 6, 7]
    assert run.status == Run.Status.COMPLETED
    assert_each_task_done_by_its_actors_role(run)
    # A week of working days for step 3 ("1 minggu"): 40 working hours.
    assert run.step_runs.get(step__number=3).standard_seconds == 5 * 8 * 3600
