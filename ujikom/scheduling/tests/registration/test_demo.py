"""The demo event has the BLK batch registered (most accepted with cards, one returned with its reason)
and the demo candidate registered through the portal; the first card is the STMI step 3 output."""

from __future__ import annotations

import pytest

from ujikom.core import demo
from ujikom.core.models import User
from ujikom.registry.demo_schemes import load_schemes_demo
from ujikom.registry.demo_sites import load_sites_demo
from ujikom.registry.demo_training import load_training_demo
from ujikom.scheduling.demo_events import EVENT_TITLE, load_events_demo
from ujikom.scheduling.demo_registration import load_registration_demo
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.sop.library import load_seed_sops_demo
from ujikom.sop.models import TaskOutput


@pytest.mark.django_db
def test_the_demo_event_has_its_batch_reviewed_and_the_portal_candidate(monkeypatch):
    monkeypatch.setattr(
        demo,
        "DEMO_LOADERS",
        [
            load_seed_sops_demo,
            load_schemes_demo,
            load_sites_demo,
            load_training_demo,
            load_events_demo,
            load_registration_demo,
        ],
    )
    demo.load_demo()
    event = TestEvent.objects.get(title=EVENT_TITLE)

    statuses = list(
        Registration.objects.filter(event=event, program__isnull=False).values_list("status", flat=True)
    )
    assert statuses.count("accepted") == 18 and statuses.count("returned") == 1
    assert Registration.objects.filter(event=event, status="returned").exclude(status_reason="").exists()
    assert not Registration.objects.filter(event=event, status="accepted", card__isnull=True).exists()
    mine = Registration.objects.get(event=event, candidate=User.objects.get(username="peserta"))
    assert mine.status == "submitted" and mine.documents.count() == 4
    assert mine.self_assessments.exists()
    assert TaskOutput.objects.filter(file__document_type__code="participant_card").count() == 1
