"""The demo's home page for the Kadis and the Ketua LSP shows the dashboard with its figures."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ujikom.core import demo
from ujikom.core.models import User
from ujikom.reports.selectors_dashboard import dashboard

pytestmark = pytest.mark.django_db


def figure(page: str, testid: str) -> int:
    found = re.search(rf'data-testid="{testid}">(\d+)<', page)
    assert found, testid
    return int(found.group(1))


def test_the_demo_home_page_of_kadis_and_ketua_lsp_shows_their_figures():
    demo.load_demo()

    for username in ("kadis", "ketua.lsp"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        page = client.get(reverse("core:dashboard")).content.decode()

        assert 'data-testid="panel-official"' in page and 'data-testid="panel-my-tasks"' in page
        organization = user.assignments.get(role__key__in=["kadis", "lsp_chair"]).organization
        board = dashboard(user, organization)
        assert figure(page, "org-open-tasks") == board.organization_tasks.open
        assert figure(page, "upcoming-total") == board.upcoming_total
        assert page.count('data-testid="series-month"') == 12
        assert client.get(reverse("reports:dashboard")).status_code == 200
        assert client.get("/api/v1/reports/dashboard").status_code == 200
