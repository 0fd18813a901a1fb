"""The demo test event: targets, an approved plan and the event with its SOP runs past STMI steps 1-2."""

from __future__ import annotations

import pytest

from ujikom.core import demo
from ujikom.registry.demo_schemes import load_schemes_demo
from ujikom.registry.demo_sites import load_sites_demo
from ujikom.scheduling.demo_events import EVENT_TITLE, load_events_demo
from ujikom.scheduling.models import Plan, Target, TestEvent
from ujikom.scheduling.sop_binding import runs_of_event
from ujikom.sop.library import load_seed_sops_demo
from ujikom.sop.models import StepRun


@pytest.mark.django_db
def test_the_demo_event_is_facilitated_by_disnaker_with_its_runs_started(monkeypatch):
    monkeypatch.setattr(
        demo, "DEMO_LOADERS", [load_seed_sops_demo, load_schemes_demo, load_sites_demo, load_events_demo]
    )
    demo.load_demo()

    event = TestEvent.objects.get(title=EVENT_TITLE)
    assert event.facilitator.code == "disnaker-tangerang" and event.status == TestEvent.Status.REGISTRATION
    assert set(Target.objects.values_list("year", flat=True)) >= {2026, 2027}
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.APPROVED and plan.budget_lines.count() == 4
    runs = {run.version.sop.code: run for run in runs_of_event(event)}
    assert set(runs) == {"1.3.3/BPSDMI/STMI/SOP/VI/2020", "PSM/DISNAKER-10"}
    stmi_active = StepRun.objects.filter(run=runs["1.3.3/BPSDMI/STMI/SOP/VI/2020"], status="active")
    assert list(stmi_active.values_list("step__number", flat=True)) == [3]
