"""The demo: the proposed revision beside the published PSM/DISNAKER-08, and the register of
companies of Kota Tangerang, without cases."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ujikom.core import demo
from ujikom.core.models import Organization, User
from ujikom.productivity.demo_productivity import load_productivity_demo
from ujikom.productivity.models import Company, GuidanceCase
from ujikom.sop.library import version_in_force
from ujikom.sop.models import SopVersion

pytestmark = pytest.mark.django_db


def test_the_demo_registers_companies_beside_the_proposed_revision():
    admin = demo.load_demo()

    office = Organization.objects.get(code="disnaker-tangerang")
    companies = Company.objects.filter(organization=office)
    assert 6 <= companies.count() <= 8
    assert {"C", "G", "I", "H", "P"} <= set(companies.values_list("sector", flat=True))
    assert not GuidanceCase.objects.exists()
    versions = {
        v.number: v for v in SopVersion.objects.filter(sop__organization=office, sop__code="PSM/DISNAKER-08")
    }
    assert versions[2].status == SopVersion.Status.DRAFT
    assert version_in_force(organization=office, code="PSM/DISNAKER-08").number == 1

    load_productivity_demo(admin)  # again: nothing doubles
    assert Company.objects.filter(organization=office).count() == companies.count()

    client = Client()
    client.force_login(User.objects.get(username="kasi"))
    page = client.get(reverse("productivity:report")).content.decode()
    assert "PT Tirta Garmen Nusantara" in page
