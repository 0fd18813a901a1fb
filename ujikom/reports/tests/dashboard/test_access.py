"""Who sees which panels, and that another organization's data is never shown."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from ujikom.core.access import permissions_in
from ujikom.core.navigation import navigation_for
from ujikom.reports.selectors_dashboard import ASSESSOR, CANDIDATE, MY_TASKS, OFFICIAL, dashboard

pytestmark = pytest.mark.django_db


def test_a_kadis_sees_the_official_panels_and_their_tasks_on_the_home_page(world, kadis, client_for):
    page = client_for(kadis).get(reverse("core:dashboard")).content.decode()

    assert dashboard(kadis, world.disnaker).panels == {MY_TASKS, OFFICIAL}
    assert 'data-testid="panel-official"' in page and 'data-testid="panel-my-tasks"' in page
    assert 'data-testid="panel-my-assignments"' not in page and 'data-testid="panel-candidate"' not in page
    assert 'data-testid="upcoming-total">3<' in page
    assert 'data-testid="my-roles"' in page  # what the home page showed before is still there


def test_an_assessor_sees_their_upcoming_assignments_and_the_unanswered_ones(
    world, assessor_user, client_for
):
    board = dashboard(assessor_user, world.lsp)

    assert board.panels == {MY_TASKS, ASSESSOR}
    # Confirmed for "Segera", awaited for "Sewaktu Terverifikasi"; the cancelled event's is left out.
    assert (board.my_assignments.upcoming, board.my_assignments.unconfirmed) == (2, 1)
    assert [a.event.title for a in board.my_assignments.first] == [
        "Uji Kompetensi Segera",
        "Uji Kompetensi Sewaktu Terverifikasi",
    ]
    page = client_for(assessor_user).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="panel-my-assignments"' in page and 'data-testid="panel-official"' not in page
    assert reverse("scheduling:assessor_portal") in page
    assert client_for(assessor_user).get(reverse("reports:dashboard")).status_code == 403


def test_a_candidate_gets_only_the_link_to_their_portal(world, candidate, client_for):
    page = client_for(candidate).get(reverse("core:dashboard")).content.decode()

    assert dashboard(candidate, world.disnaker).panels == {CANDIDATE}
    assert 'data-testid="panel-candidate"' in page and reverse("scheduling:candidate_portal") in page
    assert 'data-testid="panel-my-tasks"' not in page and 'data-testid="panel-official"' not in page
    assert client_for(candidate).get(reverse("reports:dashboard")).status_code == 403
    assert client_for(candidate).get("/api/v1/reports/dashboard").status_code == 403


def test_the_menu_lists_the_dashboard_for_officials_only(world, kadis, candidate):
    def menu(user):
        links = navigation_for(user, world.disnaker, permissions_in(user, world.disnaker))
        return {(link.section, link.label) for link in links}

    assert ("Laporan", "Dasbor") in menu(kadis)
    assert ("Laporan", "Dasbor") not in menu(candidate)


def test_another_organizations_data_is_never_shown(world, kadis, ketua, client_for):
    for user in (kadis, ketua):
        page = client_for(user).get(reverse("reports:dashboard")).content.decode()
        assert "Uji Kompetensi Kota Lain" not in page
        assert "Uji Kompetensi Batal" not in page
        home = client_for(user).get(reverse("core:dashboard")).content.decode()
        assert "Uji Kompetensi Kota Lain" not in home


def test_asking_for_an_organization_not_allowed_is_refused_with_a_message(world, kadis, client_for):
    client = client_for(kadis)
    for wanted in (world.other.public_id, world.lsp.public_id, uuid.uuid4(), "bukan-uuid"):
        response = client.get(reverse("reports:dashboard"), {"organization": str(wanted)})
        assert response.status_code == 403
        page = response.content.decode()
        assert "Anda tidak berhak melihat laporan organisasi tersebut." in page
        assert 'data-testid="panel-official"' not in page

        api = client.get("/api/v1/reports/dashboard", {"organization": str(wanted)})
        assert api.status_code == 403
        assert api.json() == {"detail": "Anda tidak berhak melihat laporan organisasi tersebut."}


def test_an_official_of_two_organizations_chooses_between_them(world, make_user, client_for):
    both = make_user("pejabat", roles=[(world.disnaker, "kabid"), (world.lsp, "head_certification")])
    client = client_for(both)

    page = client.get(
        reverse("reports:dashboard"), {"organization": str(world.lsp.public_id)}
    ).content.decode()

    assert f'value="{world.lsp.public_id}" selected' in page and str(world.disnaker.public_id) in page
    assert "Ringkasan LSP Politeknik STMI Jakarta" in page
    assert str(world.other.public_id) not in page
