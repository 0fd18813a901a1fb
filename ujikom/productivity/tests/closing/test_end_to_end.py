"""A Kasi opens a case for a company; the officer records every stage with the case services; the
Kasi closes it: the closing report shows the improvement and the case's SOP run is complete."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ujikom.core.numbering import create_pattern
from ujikom.productivity import services_analysis as analysis
from ujikom.productivity import services_cases as cases
from ujikom.productivity.models import Cause, GuidanceCase, PlanAction
from ujikom.productivity.services_closing import close_case
from ujikom.sop.models import Run, StepRun

from .test_close import SENTENCE, pdf_text

pytestmark = pytest.mark.django_db


def test_a_case_worked_through_every_stage_closes_with_its_report_and_a_complete_run(
    company, kasi, petugas, system_admin, revision_in_force, report_numbering
):
    create_pattern(
        organization=company.organization,
        document_type="guidance_case",
        pattern="BTP/{seq:03}/{year}",
        actor=system_admin,
    )
    today = timezone.localdate()
    case = cases.open_case(
        organization=company.organization,
        company=company,
        title="Peningkatan produktivitas lini jahit",
        origin=GuidanceCase.Origin.REQUEST,
        requested_on=today,
        request_summary="Target produksi harian sering tidak tercapai.",
        output_unit="potong",
        officer=petugas,
        actor=kasi,
    )
    cases.record_identification(
        case=case,
        actor=petugas,
        identified_on=today,
        problem_statement="Target produksi harian lini jahit tidak tercapai",
        identification_notes="Waktu tunggu bahan antar meja jahit.",
        figures=[cases.FigureInput(label="Produksi per bulan", value=Decimal("12000"), unit="potong")],
    )
    assert cases.finish_identification(case=case, actor=petugas)
    year = today.year if today.month > 6 else today.year - 1
    before = analysis.add_measurement(
        case=case,
        actor=petugas,
        label="Sebelum",
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 1, 31),
        output_quantity=Decimal(12000),
        defect_quantity=Decimal(600),
        workers=80,
        hours_worked=Decimal(13600),
        total_cost=Decimal(480_000_000),
    )
    assert analysis.finish_indicators(case=case, actor=petugas)
    cause = analysis.add_cause(
        case=case,
        actor=petugas,
        category=Cause.Category.METHOD,
        text="Tata letak meja berjauhan",
        is_root=True,
    )
    analysis.set_whys(
        cause=cause, actor=petugas, answers=["Bahan dipindah manual", "Belum ada alur satu arah"]
    )
    assert analysis.finish_causes(case=case, actor=petugas)
    action = analysis.add_action(
        case=case,
        actor=petugas,
        description="Menata ulang meja jahit",
        owner="Kepala produksi",
        due_on=today,
        cause=cause,
    )
    assert analysis.finish_plan(case=case, actor=petugas)
    analysis.update_action(action=action, actor=petugas, status=PlanAction.Status.DONE, done_on=today)
    cases.add_visit(
        case=case,
        actor=petugas,
        visited_on=today,
        met_with="Kepala produksi",
        findings="Tata letak baru dipakai.",
    )
    assert cases.finish_follow_up(case=case, actor=petugas)
    after = analysis.add_measurement(
        case=case,
        actor=petugas,
        label="Sesudah",
        period_start=dt.date(year, 6, 1),
        period_end=dt.date(year, 6, 30),
        output_quantity=Decimal(14200),
        defect_quantity=Decimal(300),
        workers=80,
        hours_worked=Decimal(13592),
        total_cost=Decimal(480_000_000),
    )
    analysis.record_evaluation(
        case=case,
        actor=petugas,
        before=before,
        after=after,
        evaluated_on=today,
        conclusion="Produktivitas naik setelah penataan ulang.",
    )
    assert analysis.finish_evaluation(case=case, actor=petugas)

    closed = close_case(case=case, actor=kasi, closing_summary="Bimbingan selesai.")

    assert closed.status == GuidanceCase.Status.CLOSED
    run = Run.objects.get(pk=closed.run_id)
    assert run.status == Run.Status.COMPLETED
    steps = StepRun.objects.filter(run=run)
    assert steps.count() == 8 and all(step.working_seconds is not None for step in steps)
    text = pdf_text(closed.closing_report)
    assert SENTENCE in text
    assert "Tata letak meja berjauhan" in text and "Belum ada alur satu arah" in text
