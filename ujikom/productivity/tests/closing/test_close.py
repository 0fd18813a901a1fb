"""Closing a case: refused without its evaluation (nothing changes); with it, the numbered closing
report shows the improvement in words and numbers, and the case's SOP run completes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ujikom.core.models import AuditEvent
from ujikom.documents.models import StoredFile
from ujikom.productivity.models import GuidanceCase
from ujikom.productivity.services_closing import close_case
from ujikom.sop.models import Run, StepRun

from .conftest import record_work

pytestmark = pytest.mark.django_db

SENTENCE = "Output per jam kerja naik 18,4 % dari 0,88 menjadi 1,04 potong/orang-jam."


def pdf_text(stored: StoredFile) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(Path(stored.file.path)), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())


def test_a_case_without_evaluation_cannot_close_and_nothing_changes(
    open_case, petugas, kasi, make_measurement, report_numbering
):
    record_work(open_case, petugas, evaluate=False, make_measurement=make_measurement)
    files_before = StoredFile.objects.count()

    with pytest.raises(ValidationError) as error:
        close_case(case=open_case, actor=kasi, closing_summary="Selesai.")

    assert "evaluasi sebelum dan sesudah perbaikan belum dicatat" in " ".join(error.value.messages)
    open_case.refresh_from_db()
    assert open_case.status == GuidanceCase.Status.OPEN
    assert (
        open_case.closing_report is None and open_case.closed_on is None and open_case.closing_summary == ""
    )
    assert StoredFile.objects.count() == files_before
    assert open_case.run.status == Run.Status.RUNNING


def test_closing_issues_the_numbered_report_and_completes_the_run(evaluated_case, kasi):
    closed = close_case(
        case=evaluated_case, actor=kasi, closing_summary="Bimbingan selesai dengan hasil baik."
    )

    closed.refresh_from_db()
    assert closed.status == GuidanceCase.Status.CLOSED
    assert closed.closed_on == timezone.localdate()
    assert closed.closing_summary == "Bimbingan selesai dengan hasil baik."
    assert closed.closing_report.title.startswith("Laporan penutup")
    run = Run.objects.get(pk=closed.run_id)
    assert run.status == Run.Status.COMPLETED
    steps = list(StepRun.objects.filter(run=run).select_related("step").order_by("step__number"))
    assert [step.step.number for step in steps] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(step.status == StepRun.Status.DONE and step.working_seconds is not None for step in steps)
    assert steps[-1].outputs.get().file_id == closed.closing_report_id
    event = AuditEvent.objects.get(event_type="productivity.case.closed")
    assert event.data["number"] == f"560/001/LAP-BTP/{timezone.localdate().year}"


def test_the_closing_report_shows_the_improvement_in_words_and_numbers(evaluated_case, kasi):
    closed = close_case(
        case=evaluated_case, actor=kasi, closing_summary="Bimbingan selesai dengan hasil baik."
    )

    text = pdf_text(closed.closing_report)

    assert f"560/001/LAP-BTP/{timezone.localdate().year}" in text
    assert SENTENCE in text
    assert "0,88" in text and "1,04" in text and "+18,4 %" in text  # the evaluation table
    assert "PT Sinar Garmen Tangerang" in text
    assert "Target produksi harian lini jahit tidak tercapai" in text
    assert "Tata letak meja jahit berjauhan" in text and "Belum ada alur kerja satu arah" in text
    assert "Menata ulang meja jahit" in text  # the plan
    assert "Mengapa 2: Belum ada alur kerja satu arah" in text
    assert "Tata letak baru sudah dipakai di dua lini." in text
    assert "Bimbingan selesai dengan hasil baik." in text
    assert "Identifikasi permasalahan" in text and "Laporan penutup" in text  # the SOP steps
    assert "Budi Santoso, S.T." in text  # the signer
    assert "Halaman 1 dari" in text


def test_a_closed_or_cancelled_case_is_not_closed_again(evaluated_case, kasi):
    close_case(case=evaluated_case, actor=kasi, closing_summary="Selesai.")
    with pytest.raises(ValidationError, match="sudah ditutup"):
        close_case(case=evaluated_case, actor=kasi, closing_summary="Lagi.")

    GuidanceCase.objects.filter(pk=evaluated_case.pk).update(status=GuidanceCase.Status.CANCELLED)
    with pytest.raises(ValidationError, match="dibatalkan"):
        close_case(case=evaluated_case, actor=kasi, closing_summary="Lagi.")


def test_closing_needs_a_summary(evaluated_case, kasi):
    with pytest.raises(ValidationError) as error:
        close_case(case=evaluated_case, actor=kasi, closing_summary="   ")

    assert error.value.message_dict == {"closing_summary": ["Kesimpulan penutup wajib diisi."]}
    evaluated_case.refresh_from_db()
    assert evaluated_case.status == GuidanceCase.Status.OPEN


def test_closing_waits_for_the_earlier_stages_of_the_run(
    open_case, kasi, make_measurement, petugas, report_numbering
):
    """An evaluation recorded while the run is still at identification does not close the case."""
    from ujikom.productivity.models import Evaluation

    before = make_measurement(open_case, 2026, 1)
    after = make_measurement(open_case, 2026, 6, output=13000)
    Evaluation.objects.create(
        case=open_case,
        before=before,
        after=after,
        evaluated_on=timezone.localdate(),
        conclusion="Naik.",
        evaluated_by=petugas,
    )

    with pytest.raises(ValidationError, match="Identifikasi permasalahan"):
        close_case(case=open_case, actor=kasi, closing_summary="Selesai.")
