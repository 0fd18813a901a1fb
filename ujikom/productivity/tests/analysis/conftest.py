"""Fixtures of the analysis tests: measurements through the service, and a case driven along its
SOP run to the stage a test needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ujikom.core.models import User
from ujikom.productivity import services_analysis as services
from ujikom.productivity.documents import stage_worksheet
from ujikom.productivity.models import GuidanceCase, Measurement
from ujikom.productivity.sop_binding import active_stage, finish_stage

YEAR = timezone.localdate().year - 1


def month(number: int, year: int = YEAR) -> tuple[dt.date, dt.date]:
    start = dt.date(year, number, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def fields(**changes: Any) -> dict[str, Any]:
    """A month of a sewing line: 80 workers, 12.000 pieces, 600 rejected, 13.600 hours, Rp 480 juta."""
    start, end = month(1)
    values: dict[str, Any] = {
        "label": "Sebelum: Januari",
        "period_start": start,
        "period_end": end,
        "output_quantity": Decimal("12000"),
        "defect_quantity": Decimal("600"),
        "workers": 80,
        "hours_worked": Decimal("13600"),
        "total_cost": Decimal("480000000"),
        "notes": "",
    }
    values.update(changes)
    return values


@pytest.fixture
def measure(petugas) -> Callable[..., Measurement]:
    """measure(case, month_number, **changes): a measurement of that month recorded by the officer."""

    def make(case: GuidanceCase, number: int = 1, actor: User | None = None, **changes: Any) -> Measurement:
        start, end = month(number)
        values = fields(label=f"Bulan {number}", period_start=start, period_end=end)
        values.update(changes)
        return services.add_measurement(case=case, actor=actor or petugas, **values)

    return make


def identify(case: GuidanceCase, actor: User) -> None:
    """Step 2 done: the problem stated and the identification signed off."""
    case.problem_statement = "Target produksi harian lini jahit tidak tercapai"
    case.identified_on = timezone.localdate()
    case.save(update_fields=["problem_statement", "identified_on"])
    sheet = stage_worksheet(case=case, action="productivity.identification", actor=actor)
    finish_stage(case=case, action="productivity.identification", actor=actor, file=sheet)


@pytest.fixture
def drive(petugas, measure) -> Callable[[GuidanceCase, str], GuidanceCase]:
    """drive(case, action): finish the stages in order until the step of `action` is active."""

    def run(case: GuidanceCase, action: str) -> GuidanceCase:
        for _ in range(8):
            stage = active_stage(case)
            assert stage is not None, "the run has no active stage"
            if stage.action == action:
                return case
            if stage.action == "productivity.identification":
                identify(case, petugas)
            elif stage.action == "productivity.indicators":
                if not case.measurements.exists():
                    measure(case, 1)
                services.finish_indicators(case=case, actor=petugas)
            elif stage.action == "productivity.causes":
                cause = services.add_cause(
                    case=case, actor=petugas, category="method", text="Tata letak lini jahit", is_root=True
                )
                services.set_whys(cause=cause, actor=petugas, answers=["Mesin berjauhan"])
                services.finish_causes(case=case, actor=petugas)
            elif stage.action == "productivity.plan":
                for cause in case.causes.filter(is_root=True):
                    services.add_action(
                        case=case,
                        actor=petugas,
                        description="Atur ulang tata letak",
                        owner="Kepala produksi",
                        due_on=timezone.localdate(),
                        cause=cause,
                    )
                services.finish_plan(case=case, actor=petugas)
            else:
                sheet = stage_worksheet(case=case, action=stage.action, actor=petugas)
                finish_stage(case=case, action=stage.action, actor=petugas, file=sheet)
        raise AssertionError(f"{action} was never reached")

    return run
