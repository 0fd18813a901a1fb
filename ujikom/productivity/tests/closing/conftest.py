"""A case worked through every stage up to the evaluation, its SOP run at the closing step, and the
office's numbering of closing reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ujikom.core.numbering import create_pattern
from ujikom.productivity.documents import stage_worksheet
from ujikom.productivity.models import (
    Cause,
    CompanyFigure,
    Evaluation,
    FollowUpVisit,
    GuidanceCase,
    PlanAction,
    WhyStep,
)
from ujikom.productivity.sop_binding import finish_stage

WORK_STAGES = (
    "productivity.identification",
    "productivity.indicators",
    "productivity.causes",
    "productivity.plan",
    "productivity.follow_up",
    "productivity.evaluation",
)


@pytest.fixture
def report_numbering(disnaker, system_admin):
    return create_pattern(
        organization=disnaker,
        document_type="productivity_report",
        pattern="560/{seq:03}/LAP-BTP/{year}",
        actor=system_admin,
    )


def record_work(case: GuidanceCase, officer, *, evaluate: bool = True, make_measurement=None) -> None:
    """The records of every stage as rows, each stage finished with its worksheet by `officer`."""
    today = timezone.localdate()
    case.identified_on = case.requested_on
    case.problem_statement = "Target produksi harian lini jahit tidak tercapai"
    case.identification_notes = "Banyak waktu tunggu bahan antar meja jahit."
    case.save()
    CompanyFigure.objects.create(
        case=case, position=1, label="Produksi per bulan", value=Decimal("12000"), unit="potong"
    )
    assert make_measurement is not None
    before = make_measurement(case, 2026, 1, output=12000, hours=13600, label="Sebelum: Januari 2026")
    after = make_measurement(
        case, 2026, 6, output=14200, hours=13592, defects=300, label="Sesudah: Juni 2026"
    )
    cause = Cause.objects.create(
        case=case, category=Cause.Category.METHOD, text="Tata letak meja jahit berjauhan", is_root=True
    )
    WhyStep.objects.create(cause=cause, level=1, answer="Bahan dipindahkan manual antar meja")
    WhyStep.objects.create(cause=cause, level=2, answer="Belum ada alur kerja satu arah")
    PlanAction.objects.create(
        case=case,
        cause=cause,
        description="Menata ulang meja jahit menjadi alur satu arah",
        owner="Kepala produksi",
        due_on=today,
        status=PlanAction.Status.DONE,
        done_on=today,
    )
    FollowUpVisit.objects.create(
        case=case,
        visited_on=today - dt.timedelta(days=1),
        officer=officer,
        met_with="Kepala produksi",
        findings="Tata letak baru sudah dipakai di dua lini.",
    )
    if evaluate:
        Evaluation.objects.create(
            case=case,
            before=before,
            after=after,
            evaluated_on=today,
            conclusion="Produktivitas lini jahit meningkat setelah penataan ulang.",
            recommendations="Terapkan tata letak yang sama pada lini lain.",
            evaluated_by=officer,
        )
    stages = WORK_STAGES if evaluate else WORK_STAGES[:-1]
    for action in stages:
        sheet = stage_worksheet(case=case, action=action, actor=officer)
        assert finish_stage(case=case, action=action, actor=officer, file=sheet), action


@pytest.fixture
def evaluated_case(open_case, petugas, make_measurement, report_numbering) -> GuidanceCase:
    """The open case with every stage recorded and finished; its run waits at step 8 (the Kasi's)."""
    record_work(open_case, petugas, make_measurement=make_measurement)
    open_case.refresh_from_db()
    return open_case
