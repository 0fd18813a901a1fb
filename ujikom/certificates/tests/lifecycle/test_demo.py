"""The demo issues the earlier batch's certificates through the services and shows the other states:
a re-certification, a certificate expiring within 90 days with its reminder, a revoked one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ujikom.assessment.demo import DEMO_TITLE
from ujikom.certificates.demo import load_certificates_demo
from ujikom.certificates.models import Certificate, ExpiryReminder
from ujikom.core import demo
from ujikom.core.models import User
from ujikom.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_demo_holds_certificates_in_every_state():
    demo.load_demo()

    batch = Certificate.objects.filter(entry__decision__event__title=DEMO_TITLE)
    assert batch.count() == 4 and not batch.filter(pdf__isnull=True).exists()
    assert set(batch.values_list("status", flat=True)) == {"valid"}

    recertified = batch.get(holder_name="Citra Lestari")
    assert recertified.supersedes is not None and recertified.supersedes.status == "superseded"
    revoked = Certificate.objects.get(status="revoked")
    assert revoked.status_reason == "fraud"

    client = Client()
    old_page = client.get(f"/v/{recertified.supersedes.public_id}").content.decode()
    assert "Sertifikat DIGANTIKAN" in old_page and recertified.certificate_number in old_page
    assert "Sertifikat DICABUT" in client.get(f"/v/{revoked.public_id}").content.decode()

    # The demo candidate sees her certificates with the LinkedIn and Open Badges links.
    candidate = User.objects.get(username="peserta")
    client.force_login(candidate)
    page = client.get(reverse("assessment:my_results")).content.decode()
    assert page.count('data-testid="held-certificate"') == 2
    assert page.count("Tambahkan ke LinkedIn") == 2

    # Her older Junior Web Developer certificate ends within 90 days: reminded, on the staff's page.
    ending = Certificate.objects.get(holder=candidate, scheme_code="SKM-JWD-01")
    assert ExpiryReminder.objects.filter(certificate=ending, days_before=90).exists()
    assert OutboxMessage.objects.filter(
        template_code="certificate_expiry_reminder", recipient_user=candidate
    ).exists()
    staff = Client()
    staff.force_login(User.objects.get(username="kabid.sert"))
    expiring = staff.get("/sertifikat/segera-kedaluwarsa/").content.decode()
    assert ending.certificate_number in expiring and "H-90" in expiring

    count = Certificate.objects.count()
    load_certificates_demo(User.objects.get(username="admin"))  # loading again adds nothing
    assert Certificate.objects.count() == count
