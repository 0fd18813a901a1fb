"""The demo holds complaints of both demo organizations in different states, numbered by their
patterns, and the registers open for the demo people."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ujikom.core import demo
from ujikom.core.models import User
from ujikom.reports.models import Complaint

pytestmark = pytest.mark.django_db


def test_the_demo_complaints_are_recorded_and_followed_up():
    demo.load_demo()

    complaints = list(Complaint.objects.select_related("organization").order_by("received_on"))
    assert {c.status for c in complaints} == {"received", "in_progress", "resolved"}
    assert {c.organization.code for c in complaints} == {"disnaker-tangerang", "lsp-stmi"}
    assert all("/ADU" in c.number for c in complaints)

    client = Client()
    client.force_login(User.objects.get(username="mutu"))
    year = Complaint.objects.get(organization__code="disnaker-tangerang").received_on.year
    for name in ("register_appeals", "register_complaints", "register_blanks", "register_archives"):
        assert client.get(reverse(f"reports:{name}"), {"year": year}).status_code == 200
    page = client.get(reverse("reports:register_complaints"), {"year": year}).content.decode()
    assert "Ruang uji panas" in page
