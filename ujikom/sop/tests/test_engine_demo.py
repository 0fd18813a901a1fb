"""The demo starts runs so the demo's officials find work in "Tugas saya"."""

from __future__ import annotations

import pytest

from ujikom.core.demo import load_demo
from ujikom.core.models import User
from ujikom.sop import engine
from ujikom.sop.models import Run

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_step_two_of_disnaker_10_waiting_for_technical_operations():
    load_demo()

    run = Run.objects.get(version__code="PSM/DISNAKER-10", subject_type="")  # not a test event's run
    assert run.step_runs.get(step__number=1).status == "done"
    assert run.step_runs.get(step__number=2).status == "active"
    tekops = User.objects.filter(assignments__role__key="technical_ops").first()
    assert [t.step_run.step.number for t in engine.tasks_for(tekops)] == [2]
    assert Run.objects.filter(version__code="1.3.3/BPSDMI/STMI/SOP/VI/2020").exists()
