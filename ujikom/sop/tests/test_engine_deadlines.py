"""Due times: a warning before a task is due, an escalation to the superior once it is overdue."""

from __future__ import annotations

import pytest
from django.core import mail

from ujikom.core.models import AuditEvent, Role
from ujikom.notifications.models import OutboxMessage
from ujikom.sop import engine
from ujikom.sop.deadlines import sweep_deadlines, sweep_sop_deadlines, warning_threshold
from ujikom.sop.models import SopVersion, Task

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(clock, disnaker, staff, disnaker_sop):
    SopVersion.objects.filter(pk=disnaker_sop.pk).update(escalation_role=Role.objects.get(key="kabid"))
    return engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji Mei", actor=staff.kasi)


def sweep(clock, capture):
    with capture(execute=True):
        return sweep_deadlines(now=clock.now)


def test_an_overdue_task_is_escalated_to_the_kabid_once(
    clock, run, staff, django_capture_on_commit_callbacks
):
    clock.advance(minutes=20)  # step 1 ("15 menit") was due at 09:15

    outcome = sweep(clock, django_capture_on_commit_callbacks)
    again = sweep(clock, django_capture_on_commit_callbacks)

    assert outcome["escalated"] == 1 and again["escalated"] == 0
    overdue = [m for m in mail.outbox if "melewati batas waktu" in m.subject]
    assert [m.to for m in overdue] == [[staff.kabid.email]]
    assert "Uji Mei" in overdue[0].body
    task = Task.objects.get(step_run__run=run)
    assert task.escalated_at == clock.now
    event = AuditEvent.objects.get(event_type="sop_task.escalated")
    assert event.data["role"] == "kabid" and event.data["to"] == [staff.kabid.full_name]


def test_without_an_escalation_role_overdue_work_goes_to_the_organization_administrators(
    clock, disnaker, staff, disnaker_sop, django_capture_on_commit_callbacks
):
    engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    clock.advance(hours=1)

    sweep(clock, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[staff.org_admin.email]]


def test_a_task_about_to_be_due_is_announced_to_its_candidates_once(
    clock, run, staff, django_capture_on_commit_callbacks
):
    clock.advance(minutes=5)  # 10 minutes left of 15: not yet (a fifth of 15 minutes is 3)
    assert sweep(clock, django_capture_on_commit_callbacks)["warned"] == 0

    clock.advance(minutes=8)  # 2 minutes left
    outcome = sweep(clock, django_capture_on_commit_callbacks)
    again = sweep(clock, django_capture_on_commit_callbacks)

    assert outcome["warned"] == 1 and again["warned"] == 0
    assert [m.to for m in mail.outbox] == [[staff.admin.email]]
    assert "Segera jatuh tempo" in mail.outbox[0].subject
    assert "09.15" in mail.outbox[0].body or "09:15" in mail.outbox[0].body
    assert Task.objects.get(step_run__run=run).warned_at == clock.now


def test_a_claimed_task_warns_only_the_person_who_claimed_it(
    clock, run, staff, make_user, disnaker, django_capture_on_commit_callbacks
):
    make_user("adm2", roles=[(disnaker, "admin_staff")])
    engine.claim_task(task=Task.objects.get(step_run__run=run), actor=staff.admin)
    clock.advance(minutes=13)

    sweep(clock, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[staff.admin.email]]


def test_a_warning_counts_working_time_so_friday_evening_warns_of_monday_morning(
    clock, disnaker, staff, disnaker_sop, django_capture_on_commit_callbacks
):
    clock.set(at(2027, 1, 8, 15, 50))  # Friday; step 1 ("15 menit") is due Monday 08:05
    run = engine.start_run(organization=disnaker, code="PSM/DISNAKER-10", title="Uji", actor=staff.kasi)
    task = Task.objects.get(step_run__run=run)
    assert task.due_at == at(2027, 1, 11, 8, 5)

    clock.set(at(2027, 1, 8, 19))  # 5 working minutes left, though 61 hours away
    assert sweep(clock, django_capture_on_commit_callbacks)["warned"] == 0  # a fifth of 15 minutes is 3
    clock.set(at(2027, 1, 11, 8, 3))
    assert sweep(clock, django_capture_on_commit_callbacks)["warned"] == 1


def test_the_warning_comes_an_hour_before_or_a_fifth_of_the_standard_if_shorter():
    assert warning_threshold(8 * 3600).total_seconds() == 3600
    assert warning_threshold(15 * 60).total_seconds() == 180
    assert warning_threshold(None).total_seconds() == 3600


def test_done_tasks_are_neither_warned_nor_escalated(clock, run, staff, django_capture_on_commit_callbacks):
    task = Task.objects.get(step_run__run=run)
    engine.upload_output(
        task=task, output_index=0, content=b"nama,jadwal\nRina,Senin\n", name="rekap.csv", actor=staff.admin
    )
    engine.complete_task(task=task, actor=staff.admin)
    clock.advance(minutes=30)

    sweep(clock, django_capture_on_commit_callbacks)

    assert not OutboxMessage.objects.filter(subject_id=str(task.pk)).exists()


def test_the_periodic_job_runs_the_sweep_once_per_period(
    clock, run, staff, django_capture_on_commit_callbacks
):
    clock.advance(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_sop_deadlines.call_local()
        second = sweep_sop_deadlines.call_local()

    assert first == {"escalated": 1}
    assert second == {}
