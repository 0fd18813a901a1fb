"""Pages of targets, plans and test events: what each role sees, and who is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ujikom.scheduling.models import Plan, Target, TestEvent
from ujikom.scheduling.services_events import change_event_status, create_event

pytestmark = pytest.mark.django_db


def test_the_target_list_shows_the_years_targets_and_their_total(client_for, chair, target, year):
    response = client_for(chair).get(reverse("scheduling:target_list"), {"year": year})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Operator Komputer Muda" in page and "Buat nota dinas" in page


def test_a_member_without_a_scheduling_role_is_refused_the_lists(client_for, no_role):
    client = client_for(no_role)
    for name in ("scheduling:target_list", "scheduling:plan_list", "scheduling:event_list"):
        assert client.get(reverse(name)).status_code == 403


def test_another_organizations_target_plan_and_event_are_not_found(client_for, outsider, target, plan, event):
    client = client_for(outsider)

    assert client.get(reverse("scheduling:target_edit", args=[target.public_id])).status_code == 404
    assert client.get(reverse("scheduling:plan_detail", args=[plan.public_id])).status_code == 404
    assert client.get(reverse("scheduling:event_detail", args=[event.public_id])).status_code == 404
    assert client.post(reverse("scheduling:event_transition", args=[event.public_id])).status_code == 404


def test_a_member_without_the_role_is_refused_the_event_hub(client_for, no_role, event):
    assert (
        client_for(no_role).get(reverse("scheduling:event_detail", args=[event.public_id])).status_code == 403
    )


def test_the_facilitating_agency_sees_the_event_but_may_not_change_it(client_for, make_user, disnaker, event):
    kasi = make_user("kasi", roles=[(disnaker, "kasi")])
    client = client_for(kasi)

    assert client.get(reverse("scheduling:event_detail", args=[event.public_id])).status_code == 200
    assert client.get(reverse("scheduling:event_edit", args=[event.public_id])).status_code == 403


def test_creating_a_target_through_the_page(client_for, chair, scheme, funding, year):
    response = client_for(chair).post(
        reverse("scheduling:target_create"),
        {"year": year, "scheme": scheme.pk, "funding": funding.pk, "quantity": 25, "note": ""},
    )

    assert response.status_code == 302
    assert Target.objects.get().quantity == 25


def test_the_memo_button_issues_the_numbered_memo(client_for, director, numbering, target, year):
    response = client_for(director).post(reverse("scheduling:target_memo"), {"year": year}, follow=True)

    target.refresh_from_db()
    assert target.memo_number.startswith("001/ND/LSP-STMI/")
    assert target.memo_number in response.content.decode()


def test_a_plan_is_written_with_budget_lines_and_shows_their_totals(client_for, chair, target, year):
    data = {
        "year": year,
        "title": "Rencana 2027",
        "background": "",
        "objectives": "",
        "scope": "",
        "targets": [target.pk],
        "lines-TOTAL_FORMS": 3,
        "lines-INITIAL_FORMS": 0,
        "lines-0-description": "Honor asesor",
        "lines-0-quantity": "5",
        "lines-0-unit": "OH",
        "lines-0-unit_cost": "250000",
    }
    response = client_for(chair).post(reverse("scheduling:plan_create"), data, follow=True)

    page = response.content.decode()
    plan = Plan.objects.get()
    assert plan.budget_lines.count() == 1
    assert "Rp 1.250.000" in page


def test_a_half_filled_budget_line_is_refused_and_nothing_saved(client_for, chair, year):
    data = {
        "year": year,
        "title": "Rencana 2027",
        "lines-TOTAL_FORMS": 1,
        "lines-INITIAL_FORMS": 0,
        "lines-0-description": "Honor asesor",
    }
    response = client_for(chair).post(reverse("scheduling:plan_create"), data)

    assert response.status_code == 200
    assert "Lengkapi uraian" in response.content.decode()
    assert not Plan.objects.exists()


def test_publishing_a_plan_from_its_page(client_for, chair, numbering, plan, event):
    event.plan = plan
    event.save()

    response = client_for(chair).post(reverse("scheduling:plan_approve", args=[plan.public_id]), follow=True)

    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert plan.schedule_decree_number in response.content.decode()


def test_an_event_with_impossible_dates_is_refused_on_the_form(client_for, chair, scheme, site, year):
    data = {
        "title": "Uji",
        "scheme": scheme.pk,
        "site": site.pk,
        "registration_opens_on": f"{year}-03-01",
        "registration_closes_on": f"{year}-03-10",
        "starts_on": f"{year}-03-12",
        "ends_on": f"{year}-03-11",
        "quota": 10,
        "max_candidates_per_assessor_per_day": 10,
    }
    response = client_for(chair).post(reverse("scheduling:event_create"), data)

    assert response.status_code == 200
    assert "Tanggal selesai uji tidak boleh sebelum tanggal mulai uji." in response.content.decode()
    assert not TestEvent.objects.exists()


def test_the_event_hub_shows_the_checklist_and_refuses_ready(client_for, chair, event):
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)
    client = client_for(chair)

    page = client.get(reverse("scheduling:event_detail", args=[event.public_id])).content.decode()
    response = client.post(
        reverse("scheduling:event_transition", args=[event.public_id]), {"status": "ready"}, follow=True
    )

    assert "TUK terverifikasi" in page and "Peserta diterima" in page
    assert "Belum siap" in response.content.decode()
    event.refresh_from_db()
    assert event.status == TestEvent.Status.REGISTRATION


def test_opening_registration_from_the_hub_starts_the_runs_shown_there(client_for, chair, seed_sops, event):
    response = client_for(chair).post(
        reverse("scheduling:event_transition", args=[event.public_id]),
        {"status": "registration"},
        follow=True,
    )

    page = response.content.decode()
    assert "1.3.3/BPSDMI/STMI/SOP/VI/2020" in page and "PSM/DISNAKER-10" in page
    assert page.count('data-testid="event-run"') == 2


def test_the_event_list_query_count_does_not_grow_with_rows(
    client_for, chair, lsp, event_values, django_assert_max_num_queries
):
    for day in range(30):
        create_event(
            lsp=lsp,
            actor=chair,
            **{
                **event_values,
                "title": f"Uji {day}",
                "starts_on": event_values["starts_on"] + dt.timedelta(days=day),
                "ends_on": event_values["starts_on"] + dt.timedelta(days=day),
            },
        )
    client = client_for(chair)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("scheduling:event_list"), {"status": "planned"})

    assert response.content.decode().count('data-testid="event-row"') == 25


def test_the_event_list_filters_by_month(client_for, chair, event, year):
    client = client_for(chair)

    assert (
        'data-testid="event-row"'
        in client.get(reverse("scheduling:event_list"), {"month": f"{year}-03"}).content.decode()
    )
    assert (
        'data-testid="event-row"'
        not in client.get(reverse("scheduling:event_list"), {"month": f"{year}-04"}).content.decode()
    )
