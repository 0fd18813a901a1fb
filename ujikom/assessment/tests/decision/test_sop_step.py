"""STMI 1.3.3 step 6 ("Melaksanakan penerbitan sertifikat kompetensi") is done by doing the work:
the Ketua LSP's task at endorsement, the Direktur's at signing (BA pleno + SK), and Kabid
Sertifikasi's when the blank request is made and the BNSP numbers of every candidate are recorded."""

from __future__ import annotations

import pytest

from ujikom.assessment import services_blanks as blanks
from ujikom.assessment import services_decision as decisions
from ujikom.sop.models import StepRun, Task

from .helpers import bring_to_step, output_names, prepared_decision, step_run, stmi_run, task_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_step_6(
    runs, handed_over, head_certification, lsp_chair, director, head_admin, assessors, candidate_user
):
    run = stmi_run(runs)
    bring_to_step(run, 6)
    return run


def _number_everyone(decision, actor) -> None:
    entries = list(decision.entries.order_by("position"))
    blanks.record_certificate_numbers(
        decision=decision,
        numbers=[
            blanks.NumberInput(
                entry, f"62090 2432 000123{index} 2026", f"Reg. TIK 1166 0001{index} 2026", index
            )
            for index, entry in enumerate(entries, start=1)
        ],
        actor=actor,
    )


def test_the_decision_work_completes_step_6_with_its_three_outputs(
    at_step_6, event, head_certification, lsp_chair, director, lsp
):
    run = at_step_6
    assert step_run(run, 6).status == StepRun.Status.ACTIVE
    decision = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=decision, actor=head_certification)

    decisions.endorse_decision(decision=decision, actor=lsp_chair)
    assert task_status(run, 6, "lsp_chair") == Task.Status.DONE
    assert task_status(run, 6, "director") == Task.Status.OPEN

    decisions.sign_decision(decision=decision, actor=director)
    assert task_status(run, 6, "director") == Task.Status.DONE
    assert output_names(run, 6)[0].startswith("ba-sk-penetapan-")

    blanks.prepare_blank_request(decision=decision, actor=head_certification)
    blanks.record_blank_movement(lsp=lsp, kind="received", quantity=2, actor=head_certification)
    assert task_status(run, 6, "head_certification") == Task.Status.OPEN

    _number_everyone(decision, head_certification)

    assert task_status(run, 6, "head_certification") == Task.Status.DONE
    assert step_run(run, 6).status == StepRun.Status.DONE
    names = output_names(run, 6)
    assert names[0].startswith("ba-sk-penetapan-")
    assert names[1].startswith("surat-permohonan-blangko-")
    assert names[2].startswith("daftar-sertifikat-")
    assert step_run(run, 7).status == StepRun.Status.ACTIVE


def test_numbers_recorded_by_someone_else_leave_the_task_to_kabid_sertifikasi(
    at_step_6, event, head_certification, lsp_chair, director, head_admin, lsp
):
    run = at_step_6
    decision = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=decision, actor=head_certification)
    decisions.endorse_decision(decision=decision, actor=lsp_chair)
    decisions.sign_decision(decision=decision, actor=director)
    blanks.prepare_blank_request(decision=decision, actor=head_admin)
    blanks.record_blank_movement(lsp=lsp, kind="received", quantity=2, actor=head_admin)

    _number_everyone(decision, head_admin)
    assert task_status(run, 6, "head_certification") == Task.Status.OPEN

    blanks.complete_certificate_task(decision=decision, actor=head_certification)

    assert step_run(run, 6).status == StepRun.Status.DONE
    assert [name.split("-")[0] for name in output_names(run, 6)] == ["ba", "surat", "daftar"]
