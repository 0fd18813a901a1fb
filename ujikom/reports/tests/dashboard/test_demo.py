"""The demo's home page for the Kadis and the Ketua LSP shows the dashboard with its figures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ujikom.core import demo
from ujikom.core.models import User
from ujikom.scheduling.models import TestEvent
from ujikom.sop.models import Task

pytestmark = pytest.mark.django_db


def figure(page: str, testid: str) -> int:
    found = re.search(rf'data-testid="{testid}">(\d+)<', page)
    assert found, testid
    return int(found.group(1))


def test_the_demo_home_page_of_kadis_and_ketua_lsp_shows_their_figures():
    demo.load_demo()
    today = timezone.localdate()

    for username in ("kadis", "ketua.lsp"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        page = client.get(reverse("core:dashboard")).content.decode()

        assert 'data-testid="panel-official"' in page and 'data-testid="panel-my-tasks"' in page
        organization = user.assignments.get(role__key__in=["kadis", "lsp_chair"]).organization
        open_tasks = [
            task
            for task in Task.objects.select_related("step_run__run")
            if task.step_run.run.organization_id == organization.pk and task.status in ("open", "claimed")
        ]
        until = today + dt.timedelta(days=30)
        upcoming = [
            event
            for event in TestEvent.objects.select_related("site")
            if organization.pk in (event.lsp_id, event.facilitator_id, event.site.owner_id)
            and event.status != "cancelled"
            and today <= event.starts_on <= until
        ]
        assert figure(page, "org-open-tasks") == len(open_tasks)
        assert figure(page, "upcoming-total") == len(upcoming)
        assert page.count('data-testid="series-month"') == 12
        assert 'data-testid="series-empty"' not in page  # the demo batch was tested and certified
        assert client.get(reverse("reports:dashboard")).status_code == 200
        assert client.get("/api/v1/reports/dashboard").status_code == 200
    # The demo candidate's older certificate ends within 90 days: on the Ketua LSP's dashboard.
    assert figure(page, "certificates-90") >= 1
