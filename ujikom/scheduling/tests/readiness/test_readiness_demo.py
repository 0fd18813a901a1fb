"""The demo readiness: reminder rules and a confirmed readiness form on the demo event."""

from __future__ import annotations

import pytest

from ujikom.scheduling.demo_events import EVENT_TITLE
from ujikom.scheduling.demo_readiness import load_readiness_demo
from ujikom.scheduling.models import ReminderRule
from ujikom.scheduling.selectors_readiness import readiness_confirmed

pytestmark = pytest.mark.django_db


def test_the_demo_event_gets_reminders_and_a_confirmed_readiness_form(
    system_admin, make_user, disnaker, event
):
    event.title = EVENT_TITLE
    event.save(update_fields=["title"])
    make_user("tekops", roles=[(disnaker, "technical_ops")])
    make_user("kepala.tuk", roles=[(disnaker, "site_head")])

    load_readiness_demo(system_admin)
    load_readiness_demo(system_admin)  # loading twice changes nothing

    assert sorted(ReminderRule.objects.filter(event=event).values_list("days_before", flat=True)) == [1, 7]
    assert readiness_confirmed(event)


def test_without_the_demo_event_nothing_is_loaded(system_admin, event):
    load_readiness_demo(system_admin)

    assert not ReminderRule.objects.exists()
