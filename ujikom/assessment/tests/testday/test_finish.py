"""Finishing the test day: refused while anything is missing, then the numbered report attached to
SOP PSM/DISNAKER-10 step 5, each task of the step signed off by the one who did the work."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ujikom.assessment import services_testday as services
from ujikom.assessment.models import SignMethod
from ujikom.scheduling.models import TestEvent
from ujikom.sop.models import Task

from .helpers import (
    advance_run_to,
    allocated_user,
    assess,
    assessors_present,
    attend,
    candidates_sheet,
    drawing,
    line_of,
    pdf_text,
    photo,
    step_run,
)

pytestmark = pytest.mark.django_db


def test_finishing_is_refused_listing_everything_still_missing(
    event, tekops, registrations, assessors, numbering
):
    budi, siti, agus = registrations
    attend(event, tekops, present=[budi, siti], absent=[agus], close=True)
    services.allocate_automatically(event=event, actor=tekops)
    assess(budi, allocated_user(budi), ["K", "K", "K"])

    with pytest.raises(ValidationError) as refused:
        services.finish_test_day(event=event, actor=tekops)

    message = refused.value.messages[0]
    assert "Absensi asesor tanggal" in message and "belum dibuka" in message
    assert "belum ada foto dokumentasi" in message
    assert "asesmen belum selesai: Siti Aminah" in message
    assert "Budi" not in message and "Agus" not in message
    assert services.selectors.finished_report(event) is None


def test_the_report_counts_attendance_and_photos_and_lists_each_recommendation(
    event, tekops, registrations, assessors, numbering
):
    budi, siti, agus = registrations
    attend(event, tekops, present=[budi, siti], absent=[agus], close=True)
    assessors_present(event, tekops)
    photo(event, tekops, "Pembukaan uji")
    photo(event, tekops, "Praktik mengetik")
    services.allocate_automatically(event=event, actor=tekops)
    assess(budi, allocated_user(budi), ["K", "K", "K"])
    assess(siti, allocated_user(siti), ["K", "BK", "K"])

    report = services.finish_test_day(event=event, actor=tekops)

    text = pdf_text(report.file)
    assert report.number.startswith("560/001/LAP-Disnaker/") and report.number in text
    assert "LAPORAN PELAKSANAAN UJI KOMPETENSI" in text
    assert "2 foto dokumentasi" in text and "Praktik mengetik" in text
    assert "Budi Santoso Hadir Rudi Hartono 3 K / 0 BK Kompeten (K)" in text
    assert "Siti Aminah Hadir Wati Susanti 2 K / 1 BK Belum Kompeten (BK)" in text
    assert "Agus Salim Tidak hadir" in text
    event.refresh_from_db()
    assert event.status == TestEvent.Status.DONE
    with pytest.raises(ValidationError, match="sudah diselesaikan"):
        services.finish_test_day(event=event, actor=tekops)
    with pytest.raises(ValidationError, match="sudah diselesaikan"):
        photo(event, tekops)


def test_step_5_of_the_disnaker_run_completes_with_the_report_as_its_output(
    runs, disnaker, event, admin_staff, site_head, tekops, candidate_user, registrations, assessors, numbering
):
    run = next(run for run in runs if run.organization_id == disnaker.pk)
    advance_run_to(run, 5)
    budi, siti, agus = registrations
    assert step_run(run, 5).status == "active"

    # The candidates take the test: Budi signs his own line, Siti on the tablet, Agus is absent.
    sheet = candidates_sheet(event, tekops)
    services.sign_attendance(entry=line_of(sheet, budi), actor=candidate_user, method=SignMethod.ACCOUNT)
    services.sign_attendance(
        entry=line_of(sheet, siti), actor=tekops, method=SignMethod.DRAWN, drawing=drawing()
    )
    services.mark_absent(entry=line_of(sheet, agus), actor=tekops, note="Tanpa kabar")
    services.close_attendance(sheet=sheet, actor=tekops)
    tasks = {task.activity.actor.key: task for task in Task.objects.filter(step_run=step_run(run, 5))}
    assert tasks["peserta"].status == "done" and tasks["peserta"].completed_by == candidate_user
    assert tasks["asesor"].status == "open" and tasks["tekops"].status == "open"

    # The assessors assess; the one who finishes last signs off the assessors' task.
    assessors_present(event, tekops)
    photo(event, tekops)
    services.allocate_automatically(event=event, actor=tekops)
    assess(budi, allocated_user(budi), ["K", "K", "K"])
    assert Task.objects.get(pk=tasks["asesor"].pk).status == "open"
    assess(siti, allocated_user(siti), ["K", "K", "BK"])
    asesor = Task.objects.get(pk=tasks["asesor"].pk)
    assert asesor.status == "done" and asesor.completed_by == allocated_user(siti)

    # The officer finishes the day: the report is the step's output and the run moves to step 6.
    report = services.finish_test_day(event=event, actor=tekops)

    done = step_run(run, 5)
    assert done.status == "done"
    assert [output.file for output in done.outputs.all()] == [report.file]
    assert Task.objects.get(pk=tasks["tekops"].pk).completed_by == tekops
    assert step_run(run, 6).status == "active"


def test_a_day_finished_before_the_run_reached_step_5_is_recorded_there_later(
    client_for,
    runs,
    disnaker,
    event,
    admin_staff,
    site_head,
    tekops,
    candidate_user,
    registrations,
    assessors,
    numbering,
):
    run = next(run for run in runs if run.organization_id == disnaker.pk)
    budi, siti, agus = registrations
    sheet = candidates_sheet(event, tekops)
    services.sign_attendance(entry=line_of(sheet, budi), actor=candidate_user, method=SignMethod.ACCOUNT)
    services.mark_absent(entry=line_of(sheet, siti), actor=tekops, note="Sakit")
    services.mark_absent(entry=line_of(sheet, agus), actor=tekops, note="Sakit")
    services.close_attendance(sheet=sheet, actor=tekops)
    assessors_present(event, tekops)
    photo(event, tekops)
    services.allocate_automatically(event=event, actor=tekops)
    assess(budi, allocated_user(budi), ["K", "K", "K"])
    report = services.finish_test_day(event=event, actor=tekops)
    advance_run_to(run, 5)
    page_url = reverse("assessment:test_day", args=[event.public_id])
    before = client_for(tekops).get(page_url).content.decode()

    synced = client_for(tekops).post(page_url, {"action": "sync_tasks"})

    tasks = Task.objects.filter(step_run=step_run(run, 5))
    assert "Perbarui tugas SOP" in before
    assert all(reverse("sop:task_detail", args=[task.public_id]) in before for task in tasks)
    assert synced.status_code == 302
    assert step_run(run, 5).status == "done"
    assert [output.file for output in step_run(run, 5).outputs.all()] == [report.file]
    assert {task.activity.actor.key: task.completed_by for task in tasks} == {
        "tekops": tekops,
        "asesor": allocated_user(budi),
        "peserta": candidate_user,
    }
