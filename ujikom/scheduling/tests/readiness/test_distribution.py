"""Step 1: the recap and the schedule with the assessors' answers, generated and sent to the candidates."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ujikom.notifications.models import OutboxMessage
from ujikom.scheduling.models import ScheduleDistribution
from ujikom.scheduling.services_readiness import generate_schedule_distribution, send_schedule_distribution

from .helpers import output_names, pdf_text, step_status

pytestmark = pytest.mark.django_db


def test_administrasi_generates_the_recap_and_schedule_and_step_1_of_the_run_is_done(
    client_for, admin_staff, event, registrations, numbering, disnaker_run
):
    response = client_for(admin_staff).post(
        reverse("scheduling:schedule_distribution", args=[event.public_id]), {"action": "generate"}
    )

    assert response.status_code == 302
    distribution = ScheduleDistribution.objects.get(event=event)
    recap = pdf_text(distribution.recap)
    assert "Budi Santoso" in recap and "Siti Aminah" in recap
    assert distribution.recap_number.startswith("560/001/LAP-Disnaker/")
    assert "belum ada penugasan asesor" in pdf_text(distribution.confirmations).lower()
    sheet = load_workbook(BytesIO(distribution.schedule_xlsx.file.open("rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Nama" and {row[1] for row in rows[1:]} == {"Budi Santoso", "Siti Aminah"}
    assert step_status(disnaker_run, 1) == "done"
    names = output_names(disnaker_run, 1)
    assert len(names) >= 2 and any("konfirmasi-asesor" in name for name in names)
    assert step_status(disnaker_run, 2) == "active"


def test_sending_the_schedule_queues_an_email_and_a_whatsapp_for_each_candidate(
    admin_staff, event, registrations, numbering
):
    distribution = generate_schedule_distribution(event=event, actor=admin_staff)

    reached = send_schedule_distribution(distribution=distribution, actor=admin_staff)

    messages = OutboxMessage.objects.filter(template_code="test_schedule_distribution")
    assert reached == 2
    assert sorted(messages.values_list("channel", flat=True)) == ["email", "email", "whatsapp", "whatsapp"]
    email = messages.get(channel="email", recipient=registrations[0].email)
    assert "Operator Komputer Muda" in email.body
    assert f"/uji/konfirmasi/{registrations[0].confirmation_token}/" in email.body


def test_the_page_lists_candidates_and_says_no_assessor_is_assigned_yet(
    client_for, admin_staff, event, registrations, django_assert_max_num_queries
):
    client = client_for(admin_staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("scheduling:schedule_distribution", args=[event.public_id]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Siti Aminah" in page and "belum ada penugasan asesor" in page


def test_no_accepted_candidate_means_nothing_generated(client_for, admin_staff, event, numbering):
    response = client_for(admin_staff).post(
        reverse("scheduling:schedule_distribution", args=[event.public_id]),
        {"action": "generate"},
        follow=True,
    )

    assert "Belum ada calon peserta yang diterima" in response.content.decode()
    assert not ScheduleDistribution.objects.exists()


def test_a_member_without_the_role_is_refused_and_another_organization_sees_nothing(
    client_for, no_role, outsider, event
):
    url = reverse("scheduling:schedule_distribution", args=[event.public_id])

    assert client_for(no_role).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, {"action": "generate"}).status_code == 404
