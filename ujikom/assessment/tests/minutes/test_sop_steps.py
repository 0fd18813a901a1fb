"""The SOP runs of the event move as the work is done: PSM/DISNAKER-10 steps 6, 7 and 8 and STMI 1.3.3
step 5 complete with every output attached, each task signed off by the person who did the work."""

from __future__ import annotations

import pytest

from ujikom.assessment.models import Review
from ujikom.assessment.services_archive import file_archive
from ujikom.assessment.services_minutes import attach_minutes_to_steps, prepare_minutes, sign_minutes
from ujikom.assessment.services_review import record_review
from ujikom.sop.models import Run, Task

from .conftest import SignMethod
from .flow import review_all
from .helpers import advance, output_files, step_run, step_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def disnaker_run(runs, disnaker) -> Run:
    return next(run for run in runs if run.organization_id == disnaker.pk)


@pytest.fixture
def stmi_run(runs, lsp) -> Run:
    return next(run for run in runs if run.organization_id == lsp.pk)


def completers(run: Run, number: int) -> list[tuple[str, str]]:
    found = step_run(run, number)
    return sorted(
        (task.activity.actor.key, task.completed_by.username if task.completed_by else "")
        for task in Task.objects.filter(step_run=found).select_related("activity__actor", "completed_by")
    )


def test_signing_the_minutes_completes_disnaker_step_6_and_stmi_step_5(
    event, tested, tekops, numbering, assessors, site_head, add_photo, add_instrument, disnaker_run, stmi_run
):
    advance(disnaker_run, 6)
    advance(stmi_run, 5)
    add_photo()
    add_instrument(tested[0])
    minutes = prepare_minutes(event=event, actor=tekops)

    for user in [assessors[0].user, assessors[1].user]:
        sign_minutes(minutes=minutes, actor=user, method=SignMethod.ACCOUNT)
    assert step_status(disnaker_run, 6) == "active"
    sign_minutes(minutes=minutes, actor=site_head, method=SignMethod.ACCOUNT)
    minutes.refresh_from_db()

    assert step_status(disnaker_run, 6) == "done"
    outputs = output_files(disnaker_run, 6)
    assert outputs["Berkas hasil uji kompetensi"] == minutes.results_bundle
    assert outputs["Dokumentasi"] == minutes.photos_bundle
    assert outputs["Berita acara"] == minutes.file
    assert completers(disnaker_run, 6) == [("asesor", "asesor1"), ("kepala_tuk", "kepala.tuk")]

    assert step_status(stmi_run, 5) == "done"
    stmi = output_files(stmi_run, 5)
    assert stmi["Dokumen asesmen yang sudah terisi"].sha256 == minutes.results_bundle.sha256
    assert stmi["Berita acara asesmen"].sha256 == minutes.file.sha256
    assert {file.organization_id for file in stmi.values()} == {event.lsp_id}
    assert completers(stmi_run, 5) == [("asesor", "asesor1"), ("peserta", "budi")]
    assert step_status(stmi_run, 6) == "active"


def test_a_run_reaching_the_minutes_step_later_gets_the_outputs_when_attached_again(
    event, locked_minutes, stmi_run
):
    assert step_status(stmi_run, 5) is None
    advance(stmi_run, 5)

    assert attach_minutes_to_steps(minutes=locked_minutes) == 2
    assert step_status(stmi_run, 5) == "done"


def test_the_review_chain_completes_disnaker_step_7_task_by_task(
    event, locked_minutes, tekops, site_head, quality, disnaker_run
):
    advance(disnaker_run, 7)

    record_review(
        event=event, stage=Review.Stage.TECHNICAL, outcome="approved", notes="Sesuai.", actor=tekops
    )
    after_technical = completers(disnaker_run, 7)
    record_review(
        event=event, stage=Review.Stage.SITE_HEAD, outcome="returned", notes="Kurang.", actor=site_head
    )
    after_return = completers(disnaker_run, 7)
    record_review(event=event, stage=Review.Stage.TECHNICAL, outcome="approved", notes="Sudah.", actor=tekops)
    record_review(
        event=event, stage=Review.Stage.SITE_HEAD, outcome="approved", notes="Sesuai.", actor=site_head
    )
    after_site_head = completers(disnaker_run, 7)

    assert after_technical == [("kepala_tuk", ""), ("kepala_tuk", ""), ("mutu", ""), ("tekops", "tekops")]
    assert after_return == after_technical
    assert after_site_head == [
        ("kepala_tuk", ""),
        ("kepala_tuk", "kepala.tuk"),
        ("mutu", ""),
        ("tekops", "tekops"),
    ]
    heads = Task.objects.filter(
        step_run=step_run(disnaker_run, 7), activity__actor__key="kepala_tuk"
    ).order_by("activity__position")
    assert [task.completed_by_id for task in heads] == [site_head.pk, None]  # the final review's task waits
    assert step_status(disnaker_run, 7) == "active"


def test_disnaker_steps_7_and_8_complete_with_their_outputs(
    event,
    locked_minutes,
    tekops,
    site_head,
    quality,
    admin_staff,
    disnaker_run,
    assignment_letters,
    independent_site_record,
):
    advance(disnaker_run, 7)

    review_all(event, tekops, site_head, quality)

    assert step_status(disnaker_run, 7) == "done"
    outputs = output_files(disnaker_run, 7)
    assert outputs["Berkas hasil uji kompetensi"] == event.recommendation.package
    assert outputs["Form berita acara"] == locked_minutes.file
    assert completers(disnaker_run, 7) == [
        ("kepala_tuk", "kepala.tuk"),
        ("kepala_tuk", "kepala.tuk"),
        ("mutu", "mutu"),
        ("tekops", "tekops"),
    ]
    assert step_status(disnaker_run, 8) == "active"

    file_archive(event=event, actor=admin_staff, location="Lemari arsip A")

    assert step_status(disnaker_run, 8) == "done"
    outputs = output_files(disnaker_run, 8)
    assert outputs["Berkas hasil uji kompetensi"] == locked_minutes.results_bundle
    assert outputs["Form berita acara"] == locked_minutes.file
    assert completers(disnaker_run, 8) == [("admin", "adm"), ("admin", "adm")]
    disnaker_run.refresh_from_db()
    assert disnaker_run.status == Run.Status.COMPLETED
