"""The pages of the engine: "Tugas saya", a task, the runs, starting and cancelling, with their permissions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ujikom.core.models import AuditEvent
from ujikom.sop import engine
from ujikom.sop.models import Run, StepRun, Task, TaskOutput

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def run(clock, disnaker, staff, disnaker_sop) -> Run:
    return engine.start_run(
        organization=disnaker, code="PSM/DISNAKER-10", title="Uji Operator", actor=staff.kasi
    )


@pytest.fixture
def task(run) -> Task:
    return Task.objects.get(step_run__run=run)


@pytest.fixture
def outsider(make_user, lsp):
    return make_user("luar", roles=[(lsp, "org_admin")], full_name="Orang LSP")


def page(client, name, *args, **data):
    return client.get(reverse(f"sop:{name}", args=args), data)


def post(client, name, *args, **data):
    return client.post(reverse(f"sop:{name}", args=args), data)


# ---- Tugas saya ---------------------------------------------------------------------------------


def test_my_tasks_lists_my_open_task_with_its_sop_and_due_time(client_for, staff, task):
    response = page(client_for(staff.admin), "my_tasks")

    assert response.status_code == 200
    body = response.content.decode()
    assert "PSM/DISNAKER-10" in body and "Uji Operator" in body
    assert reverse("sop:task_detail", args=[task.public_id]) in body
    assert "Lewat batas waktu" not in body


def test_my_tasks_shows_overdue_tasks_first_with_a_badge(
    clock, client_for, disnaker, staff, disnaker_sop, loop_sop
):
    late = engine.start_run(
        organization=disnaker, code="PSM/DISNAKER-10", title="Yang terlambat", actor=staff.kasi
    )
    clock.advance(minutes=30)
    engine.start_run(organization=disnaker, code="UJI/LOOP-1", title="Yang masih lama", actor=staff.kasi)

    response = page(client_for(staff.admin), "my_tasks")

    body = response.content.decode().split('id="rows"')[1]
    assert body.index("Yang terlambat") < body.index("Yang masih lama")
    assert body.count('data-testid="overdue"') == 1
    assert late.title in body


def test_my_tasks_filters_by_sop_and_by_run(clock, client_for, disnaker, staff, disnaker_sop, loop_sop):
    first = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Pertama", actor=staff.kasi)
    engine.start_run(organization=disnaker, code="UJI/LOOP-1", title="Kedua", actor=staff.kasi)
    client = client_for(staff.admin)

    by_sop = page(client, "my_tasks", sop="UJI/LOOP-1").content.decode()
    by_run = page(client, "my_tasks", run=str(first.public_id)).content.decode()

    assert by_sop.count('data-testid="task-row"') == 1 and "Kedua" in by_sop.split('id="rows"')[1]
    assert by_run.count('data-testid="task-row"') == 1 and "Pertama" in by_run.split('id="rows"')[1]


def test_my_tasks_uses_the_same_number_of_queries_for_3_and_30_tasks(
    clock, client_for, disnaker, staff, disnaker_sop, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff.admin)
    for number in range(3):
        engine.start_run(
            organization=disnaker, code="PSM/DISNAKER-10", title=f"Uji {number}", actor=staff.kasi
        )
    with CaptureQueriesContext(connection) as few:
        assert page(client, "my_tasks").status_code == 200
    for number in range(3, 30):
        engine.start_run(
            organization=disnaker, code="PSM/DISNAKER-10", title=f"Uji {number}", actor=staff.kasi
        )

    with django_assert_num_queries(len(few.captured_queries)):
        response = page(client, "my_tasks")

    assert response.content.decode().count('data-testid="task-row"') == 25  # the first page
    assert len(few.captured_queries) <= 12


def test_my_tasks_htmx_request_gets_only_the_rows(client_for, staff, task):
    response = client_for(staff.admin).get(reverse("sop:my_tasks"), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="rows">')
    assert "<html" not in body


def test_another_role_sees_no_task_in_my_tasks(client_for, staff, task):
    body = page(client_for(staff.tekops), "my_tasks").content.decode()
    assert 'data-testid="task-row"' not in body


# ---- A task -------------------------------------------------------------------------------------


def test_a_candidate_sees_the_task_with_its_inputs_outputs_and_buttons(client_for, staff, task):
    response = page(client_for(staff.admin), "task_detail", task.public_id)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Mendistribusikan jadwal" in body
    assert "Daftar calon peserta uji kompetensi" in body  # Kelengkapan
    assert "Rekap daftar calon peserta" in body  # the output to give
    assert 'data-testid="claim"' in body and 'data-testid="complete"' in body


def test_a_task_is_visible_to_sop_view_holders_but_not_actionable(client_for, staff, task):
    body = page(client_for(staff.kabid), "task_detail", task.public_id).content.decode()
    assert 'data-testid="complete"' not in body


def test_a_task_of_another_organization_is_not_found(client_for, outsider, task):
    assert page(client_for(outsider), "task_detail", task.public_id).status_code == 404
    assert post(client_for(outsider), "task_complete", task.public_id).status_code == 404


def test_a_member_without_sop_view_who_is_not_offered_the_task_is_refused(client_for, staff, task):
    assert page(client_for(staff.asesor), "task_detail", task.public_id).status_code == 403


def test_completing_through_the_page_signs_off_and_moves_on(client_for, staff, task, run):
    client = client_for(staff.admin)
    upload = SimpleUploadedFile("rekap.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(
            reverse("sop:task_upload", args=[task.public_id]), {"output_index": 0, "file": upload}
        ).status_code
        == 302
    )

    response = post(client, "task_complete", task.public_id, note="Sudah dikirim")

    assert response.status_code == 302 and response.url == reverse("sop:my_tasks")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.note == "Sudah dikirim"
    assert run.step_runs.get(step__number=2).status == StepRun.Status.ACTIVE


def test_completing_without_the_outputs_shows_which_are_missing_and_changes_nothing(client_for, staff, task):
    response = post(client_for(staff.admin), "task_complete", task.public_id, note="x")

    assert response.status_code == 409
    assert "Rekap daftar calon peserta dan jadwal uji kompetensi" in response.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_completing_with_the_wrong_role_is_refused_with_a_message(client_for, staff, task):
    events = AuditEvent.objects.count()

    response = post(client_for(staff.kabid), "task_complete", task.public_id)

    assert response.status_code == 403
    assert "Bagian Administrasi" in response.content.decode()
    assert AuditEvent.objects.count() == events


def test_completing_twice_through_the_page_says_who_did_it(client_for, staff, task, make_user, disnaker):
    other = make_user("adm2", roles=[(disnaker, "admin_staff")])
    engine.upload_output(task=task, output_index=0, content=PDF, name="rekap.pdf", actor=staff.admin)
    engine.complete_task(task=task, actor=staff.admin)

    response = post(client_for(other), "task_complete", task.public_id)

    assert "sudah diselesaikan oleh Siti Administrasi" in response.content.decode()


def test_a_wrong_file_type_is_refused_in_indonesian_and_nothing_is_stored(client_for, staff, task):
    upload = SimpleUploadedFile("jadwal.exe", b"MZ\x90\x00", content_type="application/octet-stream")

    response = client_for(staff.admin).post(
        reverse("sop:task_upload", args=[task.public_id]), {"output_index": 0, "file": upload}
    )

    assert response.status_code == 400
    assert "jenis berkas tidak diizinkan" in response.content.decode()
    assert not TaskOutput.objects.exists()


def test_claim_and_release_through_the_page(client_for, staff, task):
    client = client_for(staff.admin)

    assert post(client, "task_claim", task.public_id).status_code == 302
    task.refresh_from_db()
    assert task.claimed_by == staff.admin
    assert post(client, "task_release", task.public_id).status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN


def test_claiming_someone_elses_task_is_refused(client_for, staff, task):
    assert post(client_for(staff.tekops), "task_claim", task.public_id).status_code == 403


def test_a_decision_is_chosen_with_a_radio_button(clock, client_for, disnaker, staff, loop_sop):
    run = engine.start_run(organization=disnaker, code="UJI/LOOP-1", title="Laporan", actor=staff.kasi)
    first = Task.objects.get(step_run__run=run)
    engine.upload_output(task=first, output_index=0, content=PDF, name="draf.pdf", actor=staff.admin)
    engine.complete_task(task=first, actor=staff.admin)
    decision = Task.objects.get(step_run__run=run, status=Task.Status.OPEN)
    client = client_for(staff.mutu)

    body = page(client, "task_detail", decision.public_id).content.decode()
    assert 'type="radio"' in body and 'value="Tidak"' in body
    missing = post(client, "task_complete", decision.public_id)
    assert missing.status_code == 400 and "Pilih keputusan" in missing.content.decode()
    assert post(client, "task_complete", decision.public_id, chosen_label="Tidak").status_code == 302
    assert run.step_runs.filter(step__number=1, iteration=2).exists()


# ---- Runs ---------------------------------------------------------------------------------------


def test_the_run_list_shows_the_organizations_runs(client_for, staff, run):
    response = page(client_for(staff.kasi), "run_list")

    assert response.status_code == 200
    assert "Uji Operator" in response.content.decode()


def test_the_run_list_needs_sop_view(client_for, staff, run):
    assert page(client_for(staff.asesor), "run_list").status_code == 403


def test_the_run_page_shows_steps_players_and_outputs(client_for, staff, task, run):
    engine.upload_output(task=task, output_index=0, content=PDF, name="rekap.pdf", actor=staff.admin)
    engine.complete_task(task=task, actor=staff.admin, note="Beres")

    response = page(client_for(staff.kasi), "run_detail", run.public_id, flowchart="0")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="step-run"') == 2
    assert body.count('data-testid="player-row"') == 6
    assert (
        "rekap.pdf" in body
        and reverse("documents:file_download", args=[task.outputs.get().file.public_id]) in body
    )
    assert "diselesaikan oleh Siti Administrasi" in body


def test_the_run_page_draws_the_flowchart_with_the_run_state(client_for, staff, run):
    response = page(client_for(staff.kasi), "run_detail", run.public_id)

    body = response.content.decode()
    assert 'data-testid="flowchart"' in body
    assert "<svg" in body


def test_the_run_page_of_another_organization_is_not_found(client_for, outsider, run):
    assert page(client_for(outsider), "run_detail", run.public_id).status_code == 404


def test_a_member_without_sop_view_who_plays_no_part_is_refused_the_run_page(
    clock, client_for, disnaker, staff, loop_sop
):
    run = engine.start_run(organization=disnaker, code="UJI/LOOP-1", title="Laporan", actor=staff.kasi)
    assert page(client_for(staff.asesor), "run_detail", run.public_id).status_code == 403


def test_a_player_without_sop_view_sees_the_run(client_for, staff, run):
    assert page(client_for(staff.asesor), "run_detail", run.public_id, flowchart="0").status_code == 200


def test_starting_a_run_from_the_form(clock, client_for, staff, disnaker_sop):
    client = client_for(staff.kasi)
    choose = page(client, "run_start", sop="PSM/DISNAKER-10")
    assert choose.status_code == 200 and 'data-testid="actor-kepala_tuk"' in choose.content.decode()

    response = client.post(
        reverse("sop:run_start") + "?sop=PSM/DISNAKER-10",
        {"sop": "PSM/DISNAKER-10", "title": "Uji Juni", "people_asesor": [staff.asesor.pk]},
    )

    assert response.status_code == 302
    run = Run.objects.get(title="Uji Juni")
    assert list(run.actors.get(actor__key="asesor").users.all()) == [staff.asesor]
    assert run.actors.get(actor__key="admin").role.key == "admin_staff"


def test_starting_a_run_without_a_title_says_so(clock, client_for, staff, disnaker_sop):
    response = post(client_for(staff.kasi), "run_start", sop="PSM/DISNAKER-10", title="")

    assert response.status_code == 400
    assert "Judul pelaksanaan wajib diisi" in response.content.decode()
    assert not Run.objects.exists()


def test_starting_a_run_needs_sop_run(client_for, staff, disnaker_sop):
    assert (
        page(client_for(staff.mutu), "run_start").status_code == 403
    )  # quality sees SOPs, does not start them
    assert post(client_for(staff.mutu), "run_start", sop="PSM/DISNAKER-10", title="x").status_code == 403
    assert not Run.objects.exists()


def test_cancelling_a_run_through_the_page(client_for, staff, run):
    client = client_for(staff.kasi)
    assert page(client, "run_cancel", run.public_id).status_code == 200
    assert post(client, "run_cancel", run.public_id, reason="").status_code == 400

    response = post(client, "run_cancel", run.public_id, reason="Ditunda")

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == Run.Status.CANCELLED


def test_cancelling_needs_sop_run_and_is_hidden_from_other_organizations(client_for, staff, outsider, run):
    assert post(client_for(staff.mutu), "run_cancel", run.public_id, reason="x").status_code == 403
    assert post(client_for(outsider), "run_cancel", run.public_id, reason="x").status_code == 404
    run.refresh_from_db()
    assert run.status == Run.Status.RUNNING


def test_starting_a_related_sop_from_the_task_page(clock, client_for, disnaker, staff, approved, loop_sop):
    from dataclasses import replace

    from .conftest import disnaker_10_definition

    definition = disnaker_10_definition()
    steps = list(definition.steps)
    steps[0] = replace(steps[0], note="SOP Penyusunan dan Kaji Ulang Laporan")
    approved(disnaker, replace(definition, code="PSM/DISNAKER-10A", steps=tuple(steps)))
    parent = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10A", title="Uji", actor=staff.kasi)
    parent_task = Task.objects.get(step_run__run=parent)
    client = client_for(staff.admin)
    assert "Mulai SOP terkait" in page(client, "task_detail", parent_task.public_id).content.decode()

    response = post(client, "child_run_start", parent_task.public_id, sop="UJI/LOOP-1", title="")

    assert response.status_code == 302
    child = Run.objects.get(parent_step_run__run=parent)
    assert response.url == reverse("sop:run_detail", args=[child.public_id])
    assert parent.step_runs.get().status == StepRun.Status.WAITING
    refused = post(client_for(staff.mutu), "child_run_start", parent_task.public_id, sop="UJI/LOOP-1")
    assert refused.status_code == 403


def test_the_run_list_uses_the_same_number_of_queries_for_2_and_20_runs(
    clock, client_for, disnaker, staff, disnaker_sop, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff.kasi)
    for number in range(2):
        engine.start_run(
            organization=disnaker, code="PSM/DISNAKER-10", title=f"Uji {number}", actor=staff.kasi
        )
    with CaptureQueriesContext(connection) as few:
        assert page(client, "run_list").status_code == 200
    for number in range(2, 20):
        engine.start_run(
            organization=disnaker, code="PSM/DISNAKER-10", title=f"Uji {number}", actor=staff.kasi
        )

    with django_assert_num_queries(len(few.captured_queries)):
        response = page(client, "run_list")

    assert response.content.decode().count('data-testid="run-row"') == 20


def test_the_run_page_takes_a_fixed_number_of_queries(
    clock, client_for, disnaker, staff, disnaker_sop, django_assert_max_num_queries
):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    people = {"admin": staff.admin, "tekops": staff.tekops, "kepala_tuk": staff.kepala_tuk}
    for _ in range(2):
        for task in Task.objects.filter(step_run__run=run, status=Task.Status.OPEN).select_related(
            "activity__actor", "step_run__step"
        ):
            person = people[task.activity.actor.key]
            for index in range(len(task.step_run.step.outputs)):
                engine.upload_output(task=task, output_index=index, content=PDF, name="a.pdf", actor=person)
            engine.complete_task(task=task, actor=person)

    client = client_for(staff.kasi)
    with django_assert_max_num_queries(15):
        response = page(client, "run_detail", run.public_id, flowchart="0")

    assert response.content.decode().count('data-testid="step-run"') == 3


def test_starting_a_run_of_an_sop_not_in_force_says_so(clock, client_for, staff, disnaker_sop):
    client = client_for(staff.kasi)

    shown = page(client, "run_start", sop="TIDAK/ADA").content.decode()
    posted = post(client, "run_start", sop="TIDAK/ADA", title="x")

    assert "tidak mempunyai versi yang berlaku" in shown
    assert "tidak mempunyai versi yang berlaku" in posted.content.decode()
    assert not Run.objects.exists()
