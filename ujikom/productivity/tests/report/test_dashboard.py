"""The home page panel of guidance and the report's menu entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ujikom.sop.models import Task

pytestmark = pytest.mark.django_db


def test_the_kasi_sees_open_cases_by_stage_overdue_ones_and_the_last_closed(
    guidance_year, open_case, kasi, client_for
):
    Task.objects.filter(step_run__run=open_case.run).update(due_at=timezone.now() - dt.timedelta(days=2))

    page = client_for(kasi).get(reverse("core:dashboard")).content.decode()

    assert 'data-testid="panel-productivity"' in page
    assert "Identifikasi permasalahan" in page  # the open case's stage
    assert "BTP/001/2026" in page  # overdue
    assert "BTP/001/2025" in page and "naik 18,4 %" in page  # last closed with its headline
    assert reverse("productivity:report") in page


def test_who_holds_no_guidance_role_sees_no_panel_nor_menu_entry(
    guidance_year, make_user, disnaker, client_for
):
    assessor = make_user("asesor", roles=[(disnaker, "assessor")])

    page = client_for(assessor).get(reverse("core:dashboard")).content.decode()

    assert 'data-testid="panel-productivity"' not in page
    assert reverse("productivity:report") not in page


def test_the_menu_leads_officials_to_the_report(kadis, client_for):
    page = client_for(kadis).get(reverse("core:dashboard")).content.decode()

    assert "Bimbingan produktivitas" in page
    assert reverse("productivity:report") in page
