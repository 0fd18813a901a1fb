"""The SOP engine: runs go from the first step to the last, each step done by the right people."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ujikom.core.models import AuditEvent, Holiday, Role, RoleAssignment
from ujikom.sop import engine
from ujikom.sop.models import Run, StepRun, Task, TaskOutput

from .conftest import at, stmi_definition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def open_tasks(run: Run) -> list[Task]:
    return list(
        Task.objects.filter(step_run__run=run, status__in=engine.OPEN_STATUSES)
        .select_related("step_run__step", "step_run__run", "activity__actor", "run_actor")
        .order_by("activity__position")
    )


def give_outputs(task: Task, user) -> None:
    for index in range(len(task.step_run.step.outputs)):
        engine.upload_output(
            task=task, output_index=index, content=PDF, name=f"output-{index}.pdf", actor=user
        )


def do_step(run: Run, people: dict, label: str | None = None) -> int:
    """Each open task of the active step completed by the person playing its actor; the step's number."""
    tasks = open_tasks(run)
    assert tasks, "no open task"
    number = tasks[0].step_run.step.number
    for position, task in enumerate(tasks):
        user = people[task.activity.actor.key]
        if position == len(tasks) - 1:
            give_outputs(task, user)
        engine.complete_task(task=task, actor=user, note=f"langkah {number} beres", chosen_label=label)
    return number


def test_a_disnaker_10_run_goes_through_all_eight_steps_each_done_by_its_role(
    clock, disnaker, staff, disnaker_sop
):
    run = engine.start_run(
        organization=disnaker,
        code="PSM/DISNAKER-10",
        title="Uji kompetensi Operator Komputer",
        actor=staff.kasi,
    )
    people = {
        key: staff.for_actor(key) for key in ("admin", "tekops", "asesor", "peserta", "mutu", "kepala_tuk")
    }

    done = []
    while Task.objects.filter(step_run__run=run, status__in=engine.OPEN_STATUSES).exists():
        clock.advance(minutes=10)
        done.append(do_step(run, people))

    run.refresh_from_db()
    assert done == [1, 2, 3, 4, 5, 6, 7, 8]
    assert run.status == Run.Status.COMPLETED
    assert run.completed_at is not None
    step_runs = list(run.step_runs.select_related("step").order_by("started_at", "id"))
    assert [s.status for s in step_runs] == [StepRun.Status.DONE] * 8
    assert step_runs[0].standard_seconds == 15 * 60
    assert step_runs[0].working_seconds == 10 * 60 and step_runs[0].late is False
    assert step_runs[5].standard_seconds is None and step_runs[5].late is None  # step 6 has no time standard
    completed = Task.objects.filter(step_run__run=run).select_related("activity__actor", "completed_by")
    assert {(t.activity.actor.key, t.completed_by.username) for t in completed} == {
        ("admin", "adm"),
        ("tekops", "tekops"),
        ("kepala_tuk", "kepalatuk"),
        ("peserta", "peserta"),
        ("asesor", "asesor"),
        ("mutu", "mutu"),
    }
    assert AuditEvent.objects.filter(event_type="sop_run.completed", subject_id=str(run.pk)).exists()


def test_the_stmi_cycle_runs_at_the_lsp_with_its_roles(clock, approved, lsp, make_user):
    approved(lsp, stmi_definition())
    people = {
        "direktur": make_user("direktur", roles=[(lsp, "director")]),
        "ketua": make_user("ketua", roles=[(lsp, "lsp_chair")]),
        "kabid_adm": make_user("kabidadm", roles=[(lsp, "head_admin")]),
        "kabid_sert": make_user("kabidsert", roles=[(lsp, "head_certification")]),
        "asesor": make_user("asesorlsp", roles=[(lsp, "assessor")]),
        "peserta": make_user("asesi", roles=[(lsp, "candidate")]),
    }
    run = engine.start_run(
        organization=lsp,
        code="1.3.3/BPSDMI/STMI/SOP/VI/2020",
        title="Sertifikasi 2027",
        actor=people["ketua"],
    )

    done = []
    while run.step_runs.filter(status=StepRun.Status.ACTIVE).exists():
        clock.advance(hours=1)
        done.append(do_step(run, people))

    run.refresh_from_db()
    assert done == [1, 2, 3, 4, 5, 6, 7]
    assert run.status == Run.Status.COMPLETED
    step_six = run.step_runs.get(step__number=6)
    assert set(step_six.tasks.values_list("completed_by__username", flat=True)) == {
        "kabidsert",
        "ketua",
        "direktur",
    }


def test_a_step_of_one_day_started_friday_afternoon_is_due_monday_afternoon(
    clock, disnaker, staff, disnaker_sop
):
    clock.set(at(2027, 1, 8, 13, 45))  # Friday
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    clock.set(at(2027, 1, 8, 14))
    first = open_tasks(run)[0]
    give_outputs(first, staff.admin)
    engine.complete_task(task=first, actor=staff.admin)

    step_two = run.step_runs.get(step__number=2)
    assert step_two.due_at == at(2027, 1, 11, 14)  # Monday
    assert step_two.standard_seconds == 8 * 3600
    assert {t.due_at for t in step_two.tasks.all()} == {at(2027, 1, 11, 14)}


def test_a_holiday_pushes_the_due_time_to_the_next_working_day(clock, disnaker, staff, disnaker_sop):
    Holiday.objects.create(date=at(2027, 1, 11).date(), name="Libur uji")
    clock.set(at(2027, 1, 8, 14))
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    first = open_tasks(run)[0]
    give_outputs(first, staff.admin)
    engine.complete_task(task=first, actor=staff.admin)

    assert run.step_runs.get(step__number=2).due_at == at(2027, 1, 12, 14)


def test_a_step_taking_longer_than_its_standard_is_late(clock, disnaker, staff, disnaker_sop):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    first = open_tasks(run)[0]
    give_outputs(first, staff.admin)
    clock.advance(minutes=40)
    engine.complete_task(task=first, actor=staff.admin)

    step_one = run.step_runs.get(step__number=1)
    assert step_one.working_seconds == 40 * 60
    assert step_one.late is True


def test_the_last_task_of_a_step_needs_every_output_and_the_error_names_them(
    clock, disnaker, staff, approved
):
    approved(disnaker, stmi_definition().__class__(**{**stmi_definition().__dict__, "code": "STMI-DI-DINAS"}))
    run = engine.start_run(
        organization=disnaker,
        code="STMI-DI-DINAS",
        title="Uji",
        actor=staff.kasi,
        players={key: [staff.kasi] for key in ("direktur", "ketua", "kabid_adm", "kabid_sert")},
    )
    task = open_tasks(run)[0]
    with pytest.raises(ValidationError) as refused:
        engine.complete_task(task=task, actor=staff.kasi)
    assert "Nota dinas" in str(refused.value)
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN

    # Step 2 has two outputs; with one given the other is named.
    give_outputs(task, staff.kasi)
    engine.complete_task(task=task, actor=staff.kasi)
    second = open_tasks(run)[0]
    engine.upload_output(task=second, output_index=0, content=PDF, name="tor.pdf", actor=staff.kasi)
    with pytest.raises(ValidationError) as refused:
        engine.complete_task(task=second, actor=staff.kasi)
    assert "SK Jadwal Uji Kompetensi" in str(refused.value)
    assert "TOR dan RAB" not in str(refused.value)


def test_a_parallel_step_joins_only_when_all_its_tasks_are_done(clock, disnaker, staff, disnaker_sop):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    first = open_tasks(run)[0]
    give_outputs(first, staff.admin)
    engine.complete_task(task=first, actor=staff.admin)
    tekops_task, tuk_task = open_tasks(run)

    engine.upload_output(task=tekops_task, output_index=0, content=PDF, name="sarana.pdf", actor=staff.tekops)
    engine.complete_task(task=tekops_task, actor=staff.tekops)

    step_two = run.step_runs.get(step__number=2)
    assert step_two.status == StepRun.Status.ACTIVE
    assert not run.step_runs.filter(step__number=3).exists()

    engine.complete_task(task=tuk_task, actor=staff.kepala_tuk)
    step_two.refresh_from_db()
    assert step_two.status == StepRun.Status.DONE
    assert run.step_runs.get(step__number=3).status == StepRun.Status.ACTIVE


def test_a_decision_takes_the_chosen_branch_and_a_loop_counts_as_iteration_two(
    clock, disnaker, staff, loop_sop
):
    people = {"admin": staff.admin, "mutu": staff.mutu}
    run = engine.start_run(
        organization=disnaker, code="UJI/LOOP-1", title="Laporan triwulan", actor=staff.kasi
    )

    assert do_step(run, people) == 1
    with pytest.raises(ValidationError) as refused:
        engine.complete_task(task=open_tasks(run)[0], actor=staff.mutu)
    assert "Ya, Tidak" in str(refused.value)
    with pytest.raises(ValidationError):
        engine.complete_task(task=open_tasks(run)[0], actor=staff.mutu, chosen_label="Mungkin")
    assert do_step(run, people, label="Tidak") == 2
    assert do_step(run, people) == 1
    assert do_step(run, people, label="Ya") == 2
    assert do_step(run, people) == 3

    run.refresh_from_db()
    assert run.status == Run.Status.COMPLETED
    iterations = list(run.step_runs.order_by("started_at", "id").values_list("step__number", "iteration"))
    assert iterations == [(1, 1), (2, 1), (1, 2), (2, 2), (3, 1)]
    decisions = run.step_runs.filter(step__number=2).order_by("iteration")
    assert [(d.chosen_label, d.next_number) for d in decisions] == [("Tidak", 1), ("Ya", 3)]


def test_someone_without_the_role_cannot_complete_and_nothing_changes(clock, disnaker, staff, disnaker_sop):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    task = open_tasks(run)[0]
    give_outputs(task, staff.admin)
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied) as refused:
        engine.complete_task(task=task, actor=staff.tekops)

    assert "Bagian Administrasi" in str(refused.value)
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN and task.completed_by is None
    assert AuditEvent.objects.count() == events


def test_an_acting_official_plt_receives_and_completes_the_task(
    clock, disnaker, staff, disnaker_sop, make_user
):
    plt = make_user("plt", full_name="Plt Administrasi")
    RoleAssignment.objects.create(
        user=plt,
        organization=disnaker,
        role=Role.objects.get(key="admin_staff"),
        capacity=RoleAssignment.Capacity.PLT,
    )
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)

    task = engine.tasks_for(plt).get()
    give_outputs(task, plt)
    engine.complete_task(task=task, actor=plt)

    assert run.step_runs.get(step__number=1).status == StepRun.Status.DONE


def test_completing_twice_is_refused_naming_who_did_it(clock, disnaker, staff, disnaker_sop, make_user):
    other = make_user("adm2", roles=[(disnaker, "admin_staff")], full_name="Andi Administrasi")
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    task = open_tasks(run)[0]
    stale = Task.objects.get(pk=task.pk)  # what the second person's page loaded
    give_outputs(task, staff.admin)
    engine.complete_task(task=task, actor=staff.admin, note="pertama")
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        engine.complete_task(task=stale, actor=other, note="kedua")
    with pytest.raises(ValidationError):
        engine.complete_task(task=task, actor=staff.admin)

    assert "sudah diselesaikan oleh Siti Administrasi" in str(refused.value)
    task.refresh_from_db()
    assert task.completed_by == staff.admin and task.note == "pertama"
    assert AuditEvent.objects.count() == events
    assert run.step_runs.filter(step__number=2).count() == 1


def test_a_claimed_task_is_the_claimers_until_released(clock, disnaker, staff, disnaker_sop, make_user):
    other = make_user("adm2", roles=[(disnaker, "admin_staff")], full_name="Andi Administrasi")
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    task = open_tasks(run)[0]

    engine.claim_task(task=task, actor=staff.admin)
    assert list(engine.tasks_for(other)) == []
    with pytest.raises(ValidationError):
        engine.claim_task(task=task, actor=other)
    with pytest.raises(PermissionDenied) as refused:
        engine.complete_task(task=task, actor=other)
    assert "Siti Administrasi" in str(refused.value)

    engine.release_task(task=task, actor=staff.admin)
    assert [t.pk for t in engine.tasks_for(other)] == [task.pk]
    with pytest.raises(PermissionDenied):
        engine.claim_task(task=task, actor=staff.tekops)


def test_completion_is_a_sign_off_in_the_audit_log_with_the_output_hashes(
    clock, disnaker, staff, disnaker_sop
):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    task = open_tasks(run)[0]
    output = engine.upload_output(task=task, output_index=0, content=PDF, name="rekap.pdf", actor=staff.admin)

    engine.complete_task(task=task, actor=staff.admin, note="jadwal dikirim")

    event = AuditEvent.objects.get(event_type="sop_task.completed", subject_id=str(task.pk))
    assert event.actor == staff.admin
    assert event.data["note"] == "jadwal dikirim"
    assert event.data["outputs"] == [
        {
            "output": "Rekap daftar calon peserta dan jadwal uji kompetensi",
            "file": str(output.file.public_id),
            "file_name": "rekap.pdf",
            "sha256": output.file.sha256,
        }
    ]


def test_a_refused_upload_leaves_no_file_and_says_why_in_indonesian(clock, disnaker, staff, disnaker_sop):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    task = open_tasks(run)[0]

    with pytest.raises(ValidationError) as refused:
        engine.upload_output(
            task=task, output_index=0, content=b"MZ\x90\x00", name="virus.exe", actor=staff.admin
        )

    assert "jenis berkas tidak diizinkan" in str(refused.value)
    assert not TaskOutput.objects.exists()


def test_starting_needs_a_player_for_every_actor_without_a_default_role(clock, disnaker, staff, approved):
    definition = stmi_definition()
    definition = definition.__class__(
        **{
            **definition.__dict__,
            "code": "X-1",
            "actors": (definition.actors[0].__class__("tamu", "Tamu Undangan"), *definition.actors[1:]),
        }
    )
    steps = tuple(
        step.__class__(
            **{
                **step.__dict__,
                "activities": tuple(
                    a.__class__("tamu" if a.actor == "direktur" else a.actor, a.text) for a in step.activities
                ),
            }
        )
        for step in definition.steps
    )
    approved(disnaker, definition.__class__(**{**definition.__dict__, "steps": steps}))

    with pytest.raises(ValidationError) as refused:
        engine.start_run(organization=disnaker, code="X-1", title="Uji", actor=staff.kasi)
    assert "Tamu Undangan (tamu)" in str(refused.value)
    assert not Run.objects.exists()

    run = engine.start_run(
        organization=disnaker, code="X-1", title="Uji", actor=staff.kasi, players={"tamu": [staff.kabid]}
    )
    assert [t.pk for t in engine.tasks_for(staff.kabid)] == [open_tasks(run)[0].pk]


def test_a_draft_or_withdrawn_version_cannot_be_run(clock, disnaker, staff, system_admin):
    from ujikom.sop.library import import_definition

    from .conftest import review_loop_definition

    draft = import_definition(organization=disnaker, definition=review_loop_definition(), actor=system_admin)
    with pytest.raises(ValidationError) as refused:
        engine.start_run(organization=disnaker, version=draft, title="Uji", actor=staff.kasi)
    assert "Draf" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        engine.start_run(organization=disnaker, code="UJI/LOOP-1", title="Uji", actor=staff.kasi)
    assert "tidak mempunyai versi yang berlaku" in str(refused.value)


def test_cancelling_a_run_cancels_its_open_tasks_and_needs_a_reason(clock, disnaker, staff, disnaker_sop):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)

    with pytest.raises(ValidationError):
        engine.cancel_run(run=run, actor=staff.kasi, reason=" ")
    engine.cancel_run(run=run, actor=staff.kasi, reason="Jadwal ditunda BNSP")

    run.refresh_from_db()
    assert run.status == Run.Status.CANCELLED
    assert list(engine.tasks_for(staff.admin)) == []
    with pytest.raises(ValidationError):
        engine.complete_task(task=Task.objects.get(step_run__run=run), actor=staff.admin)


def test_a_child_run_makes_the_parent_step_wait_until_it_completes(
    clock, disnaker, staff, approved, loop_sop
):
    from dataclasses import replace

    from .conftest import disnaker_10_definition

    definition = disnaker_10_definition()
    steps = list(definition.steps)
    steps[0] = replace(steps[0], note="SOP Penyusunan dan Kaji Ulang Laporan")
    approved(disnaker, replace(definition, code="PSM/DISNAKER-10A", steps=tuple(steps)))
    parent = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10A", title="Uji", actor=staff.kasi)
    parent_task = open_tasks(parent)[0]
    step_run = parent_task.step_run
    assert [s.code for s in engine.related_sops(step_run.step, disnaker)] == ["UJI/LOOP-1"]

    child = engine.start_child_run(step_run=step_run, code="UJI/LOOP-1", actor=staff.admin)

    step_run.refresh_from_db()
    assert step_run.status == StepRun.Status.WAITING
    assert child.parent_step_run == step_run
    give_outputs(parent_task, staff.admin)
    with pytest.raises(ValidationError) as refused:
        engine.complete_task(task=parent_task, actor=staff.admin)
    assert "menunggu SOP terkait" in str(refused.value)

    people = {"admin": staff.admin, "mutu": staff.mutu}
    do_step(child, people)
    do_step(child, people, label="Ya")
    do_step(child, people)
    child.refresh_from_db()
    step_run.refresh_from_db()
    assert child.status == Run.Status.COMPLETED
    assert step_run.status == StepRun.Status.ACTIVE

    engine.complete_task(task=parent_task, actor=staff.admin)
    assert parent.step_runs.get(step__number=2).status == StepRun.Status.ACTIVE


def test_a_child_run_must_be_named_in_the_step_note(clock, disnaker, staff, disnaker_sop, loop_sop):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    with pytest.raises(ValidationError):
        engine.start_child_run(step_run=open_tasks(run)[0].step_run, code="UJI/LOOP-1", actor=staff.admin)
