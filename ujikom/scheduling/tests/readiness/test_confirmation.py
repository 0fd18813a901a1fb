"""Step 4: candidates confirm by the link (no login) or in their portal; the office sees who has not."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ujikom.scheduling.models import AttendanceAnswer, ReadinessReport, Registration
from ujikom.scheduling.services_readiness import (
    READINESS_ITEMS,
    ReadinessItem,
    confirm_readiness,
    fill_readiness,
    generate_schedule_distribution,
    send_reminders_now,
)

from .helpers import step_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def link(registration: Registration) -> str:
    return reverse("scheduling:confirm_by_link", args=[registration.confirmation_token])


def test_the_link_shows_only_the_event_and_first_name_and_records_the_answer(event, registrations):
    siti = registrations[1]
    page = Client().get(link(siti)).content.decode()

    response = Client().post(link(siti), {"answer": "attending"})

    assert "Halo, Siti." in page and "Aminah" not in page and siti.nik not in page
    assert response.status_code == 200 and "telah kami terima" in response.content.decode()
    siti.refresh_from_db()
    assert siti.attendance_confirmed_at is not None
    assert siti.attendance_answer.via == AttendanceAnswer.Via.LINK


def test_cannot_attend_needs_a_reason(event, registrations):
    response = Client().post(link(registrations[1]), {"answer": "absent", "reason": ""})

    assert "Tuliskan alasan" in response.content.decode()
    assert not AttendanceAnswer.objects.exists()


def test_an_unknown_token_is_plainly_not_found_and_many_tries_are_slowed_down(settings, event):
    settings.CONFIRMATION_LINK_ATTEMPTS = 3
    client = Client()

    answers = [client.get("/uji/konfirmasi/tebak-tebakan/") for _ in range(4)]

    assert [a.status_code for a in answers] == [404, 404, 404, 429]
    assert answers[0].content.decode() == "Tidak ditemukan."


def test_the_candidate_confirms_own_registration_in_the_portal_but_not_anyone_elses(
    client_for, candidate_user, registrations
):
    client = client_for(candidate_user)
    own = reverse("scheduling:confirm_attendance", args=[registrations[0].public_id])
    other = reverse("scheduling:confirm_attendance", args=[registrations[1].public_id])

    response = client.post(own, {"answer": "absent", "reason": "Sakit"})

    assert response.status_code == 200
    assert registrations[0].attendance_answer.answer == "absent"
    assert client.get(other).status_code == 404
    assert Client().get(own).status_code == 302  # login first


def test_unconfirmed_page_lists_who_has_not_answered_and_resends(
    client_for, admin_staff, event, registrations, django_assert_max_num_queries
):
    Client().post(link(registrations[1]), {"answer": "attending"})
    client = client_for(admin_staff)
    url = reverse("scheduling:unconfirmed", args=[event.public_id])

    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    client.post(url, {"action": "resend", "registration": str(registrations[0].public_id)})

    waiting = page.split('data-testid="waiting"')[1].split("</table>")[0]
    assert "Budi Santoso" in waiting and "Siti Aminah" not in waiting
    assert registrations[0].reminders_sent.count() == 1


def test_when_everyone_answered_the_list_is_attached_and_step_4_is_done(
    client_for, admin_staff, tekops, site_head, candidate_user, event, registrations, numbering, disnaker_run
):
    generate_schedule_distribution(event=event, actor=admin_staff)
    fill_readiness(event=event, actor=tekops, items=[ReadinessItem(k, True, "") for k, _l in READINESS_ITEMS])
    confirm_readiness(event=event, actor=site_head)
    send_reminders_now(event=event, actor=admin_staff)
    assert step_status(disnaker_run, 4) == "active"

    Client().post(link(registrations[1]), {"answer": "absent", "reason": "Bekerja shift"})
    client_for(candidate_user).post(
        reverse("scheduling:confirm_attendance", args=[registrations[0].public_id]), {"answer": "attending"}
    )

    assert ReadinessReport.objects.filter(event=event, kind="confirmations").count() == 1
    assert step_status(disnaker_run, 4) == "done"
    assert step_status(disnaker_run, 5) == "active"


def test_unconfirmed_page_refuses_others(client_for, no_role, outsider, event):
    url = reverse("scheduling:unconfirmed", args=[event.public_id])

    assert client_for(no_role).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404


def test_the_periodic_job_runs_once_a_minute(admin_staff, event, registrations):
    from ujikom.scheduling.services_readiness import add_reminder_rule
    from ujikom.scheduling.tasks import send_test_reminders

    add_reminder_rule(event=event, actor=admin_staff, days_before=10, hour=0)  # due since midnight

    first = send_test_reminders.call_local()
    second = send_test_reminders.call_local()  # another worker in the same minute

    assert (first, second) == (2, 0)
