"""A built data set for SOP time compliance: a small SOP in force at Disnaker, and runs written
straight into the tables with the working times each test chooses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from ujikom.core.models import Organization, Role, User
from ujikom.sop.definition import Activity, Actor, Approver, SopDefinition, Step
from ujikom.sop.library import approve_version, import_definition
from ujikom.sop.models import Run, RunActor, SopStep, SopVersion, StepRun, Task

JAKARTA = ZoneInfo("Asia/Jakarta")
HOUR = 3600


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=JAKARTA)


def compliance_definition(code: str = "UJI/KEPATUHAN-1") -> SopDefinition:
    """Three steps: 4 jam (Administrasi), 1 hari (Administrasi and Mutu), no standard (Mutu)."""
    return SopDefinition(
        code=code,
        name="Pengolahan Berkas Uji Kompetensi",
        organization="Dinas Ketenagakerjaan Kota Tangerang",
        created=dt.date(2024, 1, 2),
        effective=dt.date(2024, 1, 2),
        approved_by=Approver(title="Kepala Dinas Ketenagakerjaan", name="Kadis"),
        actors=(Actor("admin", "Bagian Administrasi"), Actor("mutu", "Bidang Manajemen Mutu")),
        steps=(
            Step(1, (Activity("admin", "Menerima dan memeriksa berkas peserta"),), time="4 jam"),
            Step(
                2,
                (
                    Activity("admin", "Menyusun rekap hasil uji kompetensi"),
                    Activity("mutu", "Memeriksa rekap hasil uji kompetensi"),
                ),
                time="1 hari",
            ),
            Step(3, (Activity("mutu", "Mengarsipkan berkas"),)),
        ),
    )


@dataclass
class Built:
    """Runs written for a test; `step_runs` in the order they were made."""

    runs: list[Run]
    step_runs: list[StepRun]


@pytest.fixture
def compliance_sop(system_admin, disnaker) -> SopVersion:
    version = import_definition(organization=disnaker, definition=compliance_definition(), actor=system_admin)
    return approve_version(version=version, actor=system_admin)


@pytest.fixture
def clerk(make_user, disnaker) -> User:
    return make_user("siti", roles=[(disnaker, "admin_staff")], full_name="Siti Administrasi")


@pytest.fixture
def quality(make_user, disnaker) -> User:
    return make_user("dewi", roles=[(disnaker, "quality")], full_name="Dewi Mutu")


@pytest.fixture
def kabid(make_user, disnaker) -> User:
    """Holds reports.view at Disnaker."""
    return make_user("kabid", roles=[(disnaker, "kabid")], full_name="Ir. Kabid Pelatihan")


@pytest.fixture
def build_runs(clerk, quality) -> Callable[..., Built]:
    """build_runs(version, [[(number, working_seconds, completed_at), …] per run], organization=…):
    completed runs whose steps took those working times; each task is claimed and completed by the
    holder of its actor's role (Siti for Administrasi, Dewi for Mutu)."""
    people = {"admin_staff": clerk, "quality": quality}
    counter = iter(range(1, 100_000))

    def build(
        version: SopVersion,
        plans: Sequence[Sequence[tuple[int, int, dt.datetime]]],
        organization: Organization | None = None,
        status: str = StepRun.Status.DONE,
    ) -> Built:
        organization = organization or version.sop.organization
        steps = {
            step.number: step
            for step in SopStep.objects.filter(version=version).prefetch_related("activities")
        }
        actors = list(version.actors.select_related("default_role"))
        built = Built([], [])
        for plan in plans:
            run = Run.objects.create(
                version=version,
                organization=organization,
                title=f"Pelaksanaan uji {next(counter)}",
                subject_label="Skema Operator Komputer Muda",
                status=Run.Status.COMPLETED,
                started_at=plan[0][2] - dt.timedelta(days=1),
                completed_at=plan[-1][2],
            )
            run_actors = {
                actor.pk: RunActor.objects.create(
                    run=run, actor=actor, organization=organization, role=actor.default_role
                )
                for actor in actors
            }
            iterations: dict[int, int] = {}
            for number, worked, completed_at in plan:
                step = steps[number]
                standard = {"4 jam": 4 * HOUR, "1 hari": 8 * HOUR}.get(step.time_text)
                iterations[number] = iterations.get(number, 0) + 1
                step_run = StepRun.objects.create(
                    run=run,
                    step=step,
                    iteration=iterations[number],
                    status=status,
                    started_at=completed_at - dt.timedelta(seconds=worked),
                    completed_at=completed_at,
                    due_at=completed_at if standard else None,
                    working_seconds=worked,
                    standard_seconds=standard,
                    late=worked > standard if standard is not None else None,
                )
                built.step_runs.append(step_run)
                for activity in step.activities.all():
                    run_actor = run_actors[activity.actor_id]
                    role: Role | None = run_actor.role
                    person = people.get(role.key) if role is not None else None
                    Task.objects.create(
                        step_run=step_run,
                        activity=activity,
                        run_actor=run_actor,
                        candidate_organization=organization,
                        candidate_role=role,
                        status=Task.Status.DONE,
                        created_at=step_run.started_at,
                        claimed_by=person,
                        claimed_at=step_run.started_at,
                        completed_by=person,
                        completed_at=completed_at,
                    )
            built.runs.append(run)
        return built

    return build
