"""Step 3: reminders at set times before the test, each sent once, by email and WhatsApp."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ujikom.notifications.models import OutboxMessage
from ujikom.scheduling.models import ReadinessReport, ReminderRule, ReminderSent
from ujikom.scheduling.services_readiness import (
    add_default_reminder_rules,
    add_reminder_rule,
    send_due_reminders,
)

from .helpers import step_status

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_each_due_reminder_goes_once_to_each_candidate_on_both_channels(admin_staff, event, registrations):
    add_default_reminder_rules(event=event, actor=admin_staff)
    week_before = event.starts_on - dt.timedelta(days=7)

    before = send_due_reminders(now=at(week_before, 7, 59))
    first = send_due_reminders(now=at(week_before, 8, 0))
    again = send_due_reminders(now=at(week_before, 9, 30))

    assert (before, first, again) == (0, 2, 0)
    rule = ReminderRule.objects.get(event=event, days_before=7)
    assert ReminderSent.objects.filter(rule=rule).count() == 2
    messages = OutboxMessage.objects.filter(template_code="test_attendance_reminder")
    assert sorted(messages.values_list("channel", flat=True)) == ["email", "email", "whatsapp", "whatsapp"]
    body = messages.get(channel="whatsapp", recipient="6281234560001").body
    assert f"/uji/konfirmasi/{registrations[0].confirmation_token}/" in body


def test_the_day_before_rule_follows_and_a_late_registration_still_gets_the_week_reminder(
    admin_staff, event, registrations, make_registration
):
    add_default_reminder_rules(event=event, actor=admin_staff)
    send_due_reminders(now=at(event.starts_on - dt.timedelta(days=7), 8))
    late = make_registration(full_name="Dewi Terlambat")

    sent = send_due_reminders(now=at(event.starts_on - dt.timedelta(days=1), 8, 5))

    assert sent == 4  # the day-before reminder to three, and the week reminder to the late one
    assert ReminderSent.objects.filter(registration=late).count() == 2


def test_a_candidate_without_a_phone_gets_the_email_and_the_gap_is_recorded(
    admin_staff, event, make_registration
):
    registration = make_registration(phone="")
    add_reminder_rule(event=event, actor=admin_staff, days_before=2, hour=10)

    send_due_reminders(now=at(event.starts_on - dt.timedelta(days=2), 10))

    sent = ReminderSent.objects.get(registration=registration)
    assert sent.channels == ["email"] and "alamat belum diisi" in sent.problems


def test_send_now_reminds_everyone_records_the_report_and_step_3_is_done(
    client_for, admin_staff, tekops, site_head, event, registrations, numbering, disnaker_run
):
    from ujikom.scheduling.services_readiness import (
        READINESS_ITEMS,
        ReadinessItem,
        confirm_readiness,
        fill_readiness,
        generate_schedule_distribution,
    )

    generate_schedule_distribution(event=event, actor=admin_staff)
    fill_readiness(
        event=event, actor=tekops, items=[ReadinessItem(key, True, "") for key, _label in READINESS_ITEMS]
    )
    confirm_readiness(event=event, actor=site_head)

    response = client_for(admin_staff).post(
        reverse("scheduling:reminders", args=[event.public_id]), {"action": "send_now"}
    )

    assert response.status_code == 302
    assert ReminderSent.objects.filter(rule=None).count() == 2
    assert ReadinessReport.objects.filter(event=event, kind="reminders").exists()
    assert step_status(disnaker_run, 3) == "done"
    assert step_status(disnaker_run, 4) == "active"


def test_rules_are_checked_and_shown(client_for, admin_staff, event, django_assert_max_num_queries):
    client = client_for(admin_staff)
    url = reverse("scheduling:reminders", args=[event.public_id])

    refused = client.post(
        url, {"action": "add_rule", "days_before": "40", "hour": "8", "channels": ["email"]}
    )
    client.post(
        url, {"action": "add_rule", "days_before": "3", "hour": "9", "channels": ["email", "whatsapp"]}
    )
    with django_assert_max_num_queries(20):
        page = client.get(url)

    assert "paling banyak 30" in refused.content.decode()
    assert ReminderRule.objects.filter(event=event).count() == 1
    assert "H-3 pukul 09.00 WIB" in page.content.decode()


def test_reminders_page_refuses_others(client_for, no_role, outsider, event):
    url = reverse("scheduling:reminders", args=[event.public_id])

    assert client_for(no_role).get(url).status_code == 403
    assert client_for(outsider).post(url, {"action": "send_now"}).status_code == 404
