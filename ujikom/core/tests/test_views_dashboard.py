"""The home page: my roles (Plt/Plh too), the organization's figures, shortcuts, recent activity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import Role
from ujikom.core.services import assign_role, create_unit

pytestmark = pytest.mark.django_db


def test_dashboard_shows_plh_role_counts_and_recent_activity_for_an_admin(
    client_for, org_admin, official, disnaker, system_admin
):
    create_unit(organization=disnaker, actor=system_admin, name="Sekretariat")
    today = timezone.localdate()
    assign_role(
        actor=system_admin,
        user=org_admin,
        role=Role.objects.get(key="kadis"),
        organization=disnaker,
        capacity="plh",
        starts_on=today,
        ends_on=today + dt.timedelta(days=14),
    )

    page = client_for(org_admin).get(reverse("core:dashboard")).content.decode()

    my_roles = page.split('data-testid="my-roles"')[1].split("</ul>")[0]
    assert "Administrator Organisasi" in my_roles
    assert "Kepala Dinas (Kadis)" in my_roles and 'data-testid="badge-plh"' in my_roles
    assert '<div class="display-6" data-testid="people-count">2</div>' in page
    assert '<div class="display-6" data-testid="unit-count">1</div>' in page
    assert reverse("core:people_list") in page and reverse("core:audit_log") in page
    recent = page.split('data-testid="recent-events"')[1]
    assert "Unit kerja ditambahkan" in recent and "Peran diberikan" in recent


def test_dashboard_of_a_candidate_has_no_admin_shortcuts_or_activity(client_for, candidate):
    page = client_for(candidate).get(reverse("core:dashboard")).content.decode()

    assert "Calon Peserta Uji Kompetensi" in page
    assert reverse("core:people_list") not in page
    assert 'data-testid="recent-events"' not in page


def test_profile_marks_ended_roles_and_acting_ones(client_for, candidate, disnaker, system_admin):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assign_role(
        actor=system_admin,
        user=candidate,
        role=Role.objects.get(key="admin_staff"),
        organization=disnaker,
        capacity="plt",
        starts_on=yesterday - dt.timedelta(days=30),
        ends_on=yesterday,
    )

    page = client_for(candidate).get(reverse("core:profile")).content.decode()

    assert 'data-testid="badge-plt"' in page and "berakhir" in page
