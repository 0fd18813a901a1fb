"""Two people acting at the same moment (PostgreSQL row locks; processes, not a simulation).

The deterministic half — a second completion working from a stale copy of the task is refused
after the engine re-reads it under lock — is in test_engine.py
(test_completing_twice_is_refused_naming_who_did_it).
"""

from __future__ import annotations

import multiprocessing
import traceback

import pytest
from django.db import connection, connections

from ujikom.core.models import AuditEvent, User
from ujikom.sop import engine
from ujikom.sop.models import StepRun, Task

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("builtin_data"),
]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _complete_in_child(task_pk, user_pk, barrier, results):
    try:
        connections.close_all()  # never reuse the parent's connection
        task = Task.objects.get(pk=task_pk)
        user = User.objects.get(pk=user_pk)
        barrier.wait(timeout=60)
        try:
            engine.complete_task(task=task, actor=user, note=f"oleh {user.username}")
        except Exception as error:  # the loser's refusal is the point of the test
            results.put((user.username, "refused", " ".join(getattr(error, "messages", [str(error)]))))
        else:
            results.put((user.username, "done", ""))
    except Exception:
        results.put(("?", "crashed", traceback.format_exc()))
    finally:
        connections.close_all()


def _race(pairs):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(pairs))
    results = context.Queue()
    connections.close_all()
    children = [
        context.Process(target=_complete_in_child, args=(task_pk, user_pk, barrier, results))
        for task_pk, user_pk in pairs
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    assert [child.exitcode for child in children] == [0] * len(children)
    return sorted(results.get(timeout=10) for _ in children)


def test_two_people_completing_the_same_task_at_once_one_wins_the_other_is_told(
    disnaker, staff, disnaker_sop, make_user
):
    other = make_user("adm2", roles=[(disnaker, "admin_staff")], full_name="Andi Administrasi")
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    task = Task.objects.get(step_run__run=run)
    engine.upload_output(task=task, output_index=0, content=PDF, name="rekap.pdf", actor=staff.admin)

    outcome = _race([(task.pk, staff.admin.pk), (task.pk, other.pk)])

    assert [status for _name, status, _message in outcome].count("done") == 1, outcome
    (winner,) = [name for name, status, _message in outcome if status == "done"]
    (loser_message,) = [message for _name, status, message in outcome if status == "refused"]
    winner_name = User.objects.get(username=winner).full_name
    assert f"sudah diselesaikan oleh {winner_name}" in loser_message
    task.refresh_from_db()
    assert task.completed_by.username == winner and task.note == f"oleh {winner}"
    assert AuditEvent.objects.filter(event_type="sop_task.completed").count() == 1
    assert run.step_runs.filter(step__number=2).count() == 1


def test_the_last_two_parallel_tasks_completed_at_once_join_exactly_once(disnaker, staff, disnaker_sop):
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    first = Task.objects.get(step_run__run=run)
    engine.upload_output(task=first, output_index=0, content=PDF, name="rekap.pdf", actor=staff.admin)
    engine.complete_task(task=first, actor=staff.admin)
    tekops_task = Task.objects.get(step_run__run=run, run_actor__actor__key="tekops")
    tuk_task = Task.objects.get(step_run__run=run, run_actor__actor__key="kepala_tuk")
    engine.upload_output(task=tekops_task, output_index=0, content=PDF, name="sarana.pdf", actor=staff.tekops)

    outcome = _race([(tekops_task.pk, staff.tekops.pk), (tuk_task.pk, staff.kepala_tuk.pk)])

    assert [status for _name, status, _message in outcome] == ["done", "done"], outcome
    assert run.step_runs.get(step__number=2).status == StepRun.Status.DONE
    assert run.step_runs.filter(step__number=3).count() == 1
    assert Task.objects.filter(step_run__run=run, step_run__step__number=3).count() == 1
