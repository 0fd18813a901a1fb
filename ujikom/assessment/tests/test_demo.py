"""The demo holds an earlier batch carried from the test day to the BNSP numbers, through the services."""

from __future__ import annotations

import pytest
from django.test import Client

from ujikom.assessment.demo import BK_NAME, DEMO_TITLE, load_assessment_demo
from ujikom.assessment.models import Archive, BlankRequest, Decision, DecisionEntry, Minutes
from ujikom.core import demo
from ujikom.core.models import User
from ujikom.scheduling.models import Registration, TestEvent

pytestmark = pytest.mark.django_db


def test_the_demo_batch_is_tested_decided_and_numbered():
    demo.load_demo()
    event = TestEvent.objects.get(title=DEMO_TITLE)

    assert event.status == TestEvent.Status.DONE
    assert Minutes.objects.get(event=event).locked_at is not None
    assert Archive.objects.get(event=event).is_complete
    decision = Decision.objects.get(event=event)
    assert decision.status == Decision.Status.APPROVED and decision.decree_number
    names = set(
        DecisionEntry.objects.filter(decision=decision).values_list("registration__full_name", flat=True)
    )
    assert BK_NAME not in names and len(names) == 4
    assert not DecisionEntry.objects.filter(decision=decision, certificate_number="").exists()
    assert BlankRequest.objects.get(decision=decision).status == BlankRequest.Status.FULFILLED

    # The demo candidate is the same person in both events: one NIK, one birth date.
    assert (
        len(set(Registration.objects.filter(candidate__username="peserta").values_list("nik", "birth_date")))
        == 1
    )

    # The demo candidate sees her results and the assessor's feedback in her portal.
    client = Client()
    client.force_login(User.objects.get(username="peserta"))
    page = client.get(_my_results_url()).content.decode()
    assert "Hasil asesmen" in page and "Kompeten (K)" in page
    assert "pintasan papan ketik" in page

    load_assessment_demo(User.objects.get(username="admin"))  # loading again adds nothing
    assert TestEvent.objects.filter(title=DEMO_TITLE).count() == 1


def _my_results_url() -> str:
    from django.urls import reverse

    return reverse("assessment:my_results")
