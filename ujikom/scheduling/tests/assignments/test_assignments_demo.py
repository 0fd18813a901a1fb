"""The demo event has a verified site and a confirmed assessor; the expired assessor cannot be proposed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ujikom.core import demo
from ujikom.core.models import User
from ujikom.registry.demo_schemes import load_schemes_demo
from ujikom.registry.demo_sites import load_sites_demo
from ujikom.registry.demo_training import load_training_demo
from ujikom.registry.models import Assessor
from ujikom.scheduling.demo_assignments import load_assignments_demo
from ujikom.scheduling.demo_events import EVENT_TITLE, load_events_demo
from ujikom.scheduling.models import AssessorAssignment, TestEvent
from ujikom.scheduling.selectors_assignments import assessors_confirmed
from ujikom.scheduling.services_assignments import propose_assessor, site_verified
from ujikom.scheduling.sop_binding import runs_of_event
from ujikom.sop.library import load_seed_sops_demo
from ujikom.sop.models import StepRun


@pytest.mark.django_db
def test_the_demo_event_is_verified_and_its_assessor_confirmed_while_budi_is_refused(monkeypatch):
    monkeypatch.setattr(
        demo,
        "DEMO_LOADERS",
        [
            load_seed_sops_demo,
            load_schemes_demo,
            load_sites_demo,
            load_training_demo,
            load_events_demo,
            load_assignments_demo,
        ],
    )
    demo.load_demo()
    event = TestEvent.objects.get(title=EVENT_TITLE)

    assert site_verified(event)
    assignment = AssessorAssignment.objects.get(event=event)
    assert assignment.assessor.user.username == "asesor" and assignment.status == "confirmed"
    assert "/ST/LSP-STMI/" in assignment.letter_number
    assert assessors_confirmed(event)
    stmi = next(run for run in runs_of_event(event) if run.version.sop.code.startswith("1.3.3"))
    step_3 = StepRun.objects.get(run=stmi, step__number=3)
    assert assignment.letter_id in set(step_3.outputs.values_list("file_id", flat=True))

    budi = Assessor.objects.get(user__username="budi.hartono")
    with pytest.raises(ValidationError) as refused:
        propose_assessor(
            event=event,
            assessor=budi,
            day=event.starts_on,
            candidate_count=5,
            actor=User.objects.get(username="kabid.sert"),
        )
    assert "registrasi kedaluwarsa" in refused.value.message_dict["assessor"][0]
