"""Each dashboard figure against a count of the objects the test created, made in Python over the
rows (never the dashboard's own query)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from django.urls import reverse

from ujikom.certificates.models import Certificate
from ujikom.registry.models import Assessor
from ujikom.reports.selectors_dashboard import dashboard, series_months
from ujikom.scheduling.models import AssessorAssignment, Registration, TestEvent
from ujikom.sop import engine
from ujikom.sop.models import Task

pytestmark = pytest.mark.django_db


def involves(event: TestEvent, organization) -> bool:
    return organization.pk in (event.lsp_id, event.facilitator_id, event.site.owner_id)


def events_of(organization) -> list[TestEvent]:
    return [
        event
        for event in TestEvent.objects.select_related("site")
        if involves(event, organization) and event.status != TestEvent.Status.CANCELLED
    ]


def upcoming_of(world, organization) -> list[TestEvent]:
    until = world.today + dt.timedelta(days=30)
    return sorted(
        (event for event in events_of(organization) if world.today <= event.starts_on <= until),
        key=lambda event: (event.starts_on, event.pk),
    )


def test_the_organizations_open_and_overdue_tasks_by_step(world, runs, kadis):
    board = dashboard(kadis, world.disnaker)

    open_tasks = [
        task
        for task in Task.objects.select_related("step_run__run", "step_run__step__version")
        if task.step_run.run.organization_id == world.disnaker.pk and task.status in ("open", "claimed")
    ]
    overdue = [task for task in open_tasks if task.due_at is not None and task.due_at < board.now]
    assert open_tasks and overdue
    assert board.organization_tasks.open == len(open_tasks)
    assert board.organization_tasks.overdue == len(overdue)
    per_step = Counter((t.step_run.step.version.code, t.step_run.step.number) for t in open_tasks)
    late_per_step = Counter((t.step_run.step.version.code, t.step_run.step.number) for t in overdue)
    shown = board.organization_tasks.steps
    assert 0 < len(shown) <= 5
    for step in shown:
        key = (step.sop_code, step.step_number)
        assert (step.open, step.overdue) == (per_step[key], late_per_step[key])
    assert shown[0].overdue == max(late_per_step.values())
    assert all(step.activity for step in shown)


def test_my_open_and_overdue_tasks_are_those_offered_to_my_role_or_claimed_by_me(
    world, runs, make_user, client_for
):
    offered = Task.objects.filter(step_run__run__organization=world.disnaker, status="open").first()
    worker = make_user("pelaksana", roles=[(world.disnaker, offered.candidate_role.key)])
    engine.claim_task(task=offered, actor=worker)

    board = dashboard(worker, world.disnaker)

    pair = (offered.candidate_organization_id, offered.candidate_role_id)
    mine = [
        task
        for task in Task.objects.all()
        if (task.status == "claimed" and task.claimed_by_id == worker.pk)
        or (task.status == "open" and (task.candidate_organization_id, task.candidate_role_id) == pair)
    ]
    assert board.my_tasks.open == len(mine) >= 1
    assert board.my_tasks.overdue == len([t for t in mine if t.due_at and t.due_at < board.now])
    assert offered.pk in [task.pk for task in board.my_tasks.first]
    assert len(board.my_tasks.first) == min(5, len(mine))

    html = client_for(worker).get(reverse("core:dashboard")).content.decode()
    assert reverse("sop:task_detail", args=[offered.public_id]) in html
    assert f'data-testid="my-open-tasks">{len(mine)} tugas terbuka' in html


def test_upcoming_events_with_their_readiness(world, kadis):
    board = dashboard(kadis, world.disnaker)

    expected = upcoming_of(world, world.disnaker)
    assert [row.event.title for row in board.upcoming] == [event.title for event in expected]
    assert board.upcoming_total == len(expected) == 3
    for row in board.upcoming:
        registrations = list(Registration.objects.filter(event=row.event))
        accepted = [r for r in registrations if r.status == "accepted"]
        assignments = list(AssessorAssignment.objects.filter(event=row.event))
        assert row.accepted == len(accepted)
        assert row.quota == row.event.quota
        assert row.unconfirmed_candidates == len([r for r in accepted if r.attendance_confirmed_at is None])
        assert row.assessors_confirmed == len([a for a in assignments if a.status == "confirmed"])
        assert row.assessors_assigned == len([a for a in assignments if a.status != "declined"])
    soon, verified, unverified = board.upcoming
    assert (
        soon.site_verified,
        soon.readiness_confirmed,
        soon.assessors_confirmed,
        soon.assessors_assigned,
    ) == (
        True,
        True,
        1,
        2,
    )
    assert (verified.site_verified, verified.readiness_confirmed) == (True, False)  # verified for this event
    assert (unverified.site_verified, unverified.accepted, unverified.quota) == (False, 1, 10)


def test_unconfirmed_candidates_and_assessors_of_upcoming_events(world, kadis, ketua):
    for user, organization in [(kadis, world.disnaker), (ketua, world.lsp)]:
        board = dashboard(user, organization)

        upcoming = upcoming_of(world, organization)
        candidates = [
            r
            for r in Registration.objects.all()
            if r.event in upcoming and r.status == "accepted" and r.attendance_confirmed_at is None
        ]
        assessors = [
            a for a in AssessorAssignment.objects.all() if a.event in upcoming and a.status == "proposed"
        ]
        assert board.unconfirmed.candidates == len(candidates)
        assert board.unconfirmed.assessors == len(assessors)
        assert {row.title: row.count for row in board.unconfirmed.candidate_events} == dict(
            Counter(r.event.title for r in candidates)
        )
        assert {row.title: row.count for row in board.unconfirmed.assessor_events} == dict(
            Counter(a.event.title for a in assessors)
        )
    assert (
        board.unconfirmed.candidates == 7 and board.unconfirmed.assessors == 2
    )  # the cancelled event left out


def test_certificates_and_assessor_registrations_expiring_within_30_and_90_days(world, kadis, ketua):
    for user, organization in [(kadis, world.disnaker), (ketua, world.lsp)]:
        expiring = dashboard(user, organization).expiring

        def ending(rows, attribute, days):
            until = world.today + dt.timedelta(days=days)
            return len([row for row in rows if world.today <= getattr(row, attribute) <= until])

        valid = [c for c in Certificate.objects.all() if c.lsp_id == organization.pk and c.status == "valid"]
        assessors = [a for a in Assessor.objects.all() if a.lsp_id == organization.pk and a.is_active]
        assert expiring.certificates_30 == ending(valid, "valid_until", 30)
        assert expiring.certificates_90 == ending(valid, "valid_until", 90)
        assert expiring.assessors_30 == ending(assessors, "registration_expires_on", 30)
        assert expiring.assessors_90 == ending(assessors, "registration_expires_on", 90)
    # The LSP: 2 within 30 days, 1 more within 90 (not the revoked one, nor another LSP's).
    assert (
        expiring.certificates_30,
        expiring.certificates_90,
        expiring.assessors_30,
        expiring.assessors_90,
    ) == (
        2,
        3,
        1,
        2,
    )


@pytest.mark.parametrize("who", ["kadis", "ketua"])
def test_results_and_certificates_per_month_of_the_last_12(world, kadis, ketua, who):
    user, organization = (kadis, world.disnaker) if who == "kadis" else (ketua, world.lsp)
    board = dashboard(user, organization)

    months = series_months(world.today)
    assert [month.month for month in board.series] == months
    first = months[0]
    tested: Counter[dt.date] = Counter()
    competent: Counter[dt.date] = Counter()
    events = {event.pk for event in TestEvent.objects.select_related("site") if involves(event, organization)}
    for registration in Registration.objects.select_related("event", "assessment"):
        event = registration.event
        assessment = getattr(registration, "assessment", None)
        if (
            event.pk in events
            and event.status != "cancelled"
            and registration.status not in ("draft", "withdrawn")
            and assessment is not None
            and assessment.recommendation in ("K", "BK")
            and event.starts_on >= first
        ):
            tested[event.starts_on.replace(day=1)] += 1
            competent[event.starts_on.replace(day=1)] += assessment.recommendation == "K"
    issued: Counter[dt.date] = Counter(
        c.issued_on.replace(day=1)
        for c in Certificate.objects.select_related("registration")
        if (c.lsp_id == organization.pk or (c.registration and c.registration.event_id in events))
        and c.issued_on >= first
    )
    for month in board.series:
        assert (month.tested, month.competent, month.certificates) == (
            tested[month.month],
            competent[month.month],
            issued[month.month],
        )
    expected = {"kadis": (9, 6), "ketua": (8, 5)}[who]  # the other LSP's test at Disnaker's TUK
    assert (sum(m.tested for m in board.series), sum(m.certificates for m in board.series)) == expected
    assert board.has_results


def test_the_dashboard_page_shows_the_figures_and_the_chart_data(world, runs, kadis, client_for):
    page = client_for(kadis).get(reverse("reports:dashboard")).content.decode()

    board = dashboard(kadis, world.disnaker)
    assert f'data-testid="org-open-tasks">{board.organization_tasks.open}<' in page
    assert 'data-testid="upcoming-total">3<' in page
    assert 'data-testid="unconfirmed-candidates">7<' in page
    assert 'data-testid="unconfirmed-assessors">2<' in page
    assert page.count('data-testid="upcoming-event"') == 3
    assert 'data-testid="event-accepted">5/20<' in page and 'data-testid="event-assessors">' in page
    assert page.count('data-testid="event-status">Pendaftaran dibuka<') == 3
    assert reverse("scheduling:unconfirmed", args=[world.events["Segera"].public_id]) in page
    assert reverse("scheduling:assessor_assignment", args=[world.events["Segera"].public_id]) in page
    assert 'data-chart="dashboard-series"' in page and "js/charts.js" in page and "chart.umd" in page
    chart = page.split('id="dashboard-series" type="application/json">', 1)[1].split("</script>", 1)[0]
    spec = json.loads(chart)
    assert [series["label"] for series in spec["series"]] == ["Diuji", "Kompeten", "Sertifikat terbit"]
    assert [len(series["data"]) for series in spec["series"]] == [12, 12, 12]
    assert page.count('data-testid="series-month"') == 12
    assert 'data-testid="panel-my-tasks"' not in page  # the page shows the organization's panels only
    assert 'data-testid="certificates-90"' not in page  # an agency issues no certificates


def test_an_lsp_sees_its_expiring_certificates_linked_to_the_expiring_soon_page(world, ketua, client_for):
    page = client_for(ketua).get(reverse("reports:dashboard")).content.decode()

    assert 'data-testid="certificates-30">2<' in page and 'data-testid="certificates-90">3<' in page
    assert 'data-testid="assessors-30">1<' in page and 'data-testid="assessors-90">2<' in page
    assert f"{reverse('certificates:expiring')}?days=90&amp;lsp={world.lsp.public_id}" in page


def test_an_organization_without_any_data_says_so(make_organization, make_user, client_for):
    empty = make_organization("Dinas Kosong")
    official = make_user("kasi.kosong", roles=[(empty, "kasi")])

    page = client_for(official).get(reverse("reports:dashboard")).content.decode()

    assert 'data-testid="upcoming-total">0<' in page
    assert "Tidak ada uji kompetensi dalam 30 hari ke depan." in page
    assert "Tidak ada data untuk filter ini." in page
