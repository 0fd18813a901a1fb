"""The demo TUKs and assessors, loaded after the demo schemes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ujikom.core import demo
from ujikom.registry.demo_schemes import load_schemes_demo
from ujikom.registry.demo_sites import load_sites_demo
from ujikom.registry.models import Assessor, Scheme, TestSite
from ujikom.registry.selectors_sites import Verification, competent_assessors, site_verification_state


@pytest.mark.django_db
def test_the_demo_has_the_three_tuks_and_an_expired_assessor(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_LOADERS", [load_schemes_demo, load_sites_demo])
    demo.load_demo()
    today = timezone.localdate()

    mandiri = TestSite.objects.get(name="TUK Mandiri Disnaker Kota Tangerang")
    assert mandiri.head.username == "kepala.tuk" and mandiri.capacity == 40 and mandiri.city_id == "36.71"
    assert mandiri.verified_until == dt.date(today.year + 1, 12, 31)
    assert site_verification_state(mandiri).status == Verification.VALID
    assert set(TestSite.objects.values_list("kind", flat=True)) == {"mandiri", "tempat_kerja", "sewaktu"}

    rizky = Assessor.objects.get(user__username="asesor")
    expired = Assessor.objects.get(registration_expires_on__lt=today)
    scheme = Scheme.objects.filter(organization__code="lsp-stmi").order_by("code").first()
    assert scheme is not None
    competent = list(competent_assessors(scheme))
    assert rizky in competent and expired not in competent
