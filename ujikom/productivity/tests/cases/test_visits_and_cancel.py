"""Follow-up visits (recorded by the officer, dated within the case, corrected, removed; finishing the
stage needs one) and cancelling a case (Kasi/Kabid, with a reason; the SOP run is cancelled too)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import AuditEvent
from ujikom.productivity.models import FollowUpVisit, GuidanceCase
from ujikom.productivity.services_cases import (
    add_visit,
    cancel_case,
    delete_visit,
    finish_follow_up,
    update_visit,
)
from ujikom.sop.models import Run, Task

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_visit_is_recorded_by_the_officer_corrected_and_removed(case, petugas):
    visit = add_visit(
        case=case,
        actor=petugas,
        visited_on=TODAY(),
        met_with="Ahmad Fauzi",
        findings="Tata letak lini 2 diubah.",
    )
    assert visit.officer == petugas

    update_visit(
        visit=visit, actor=petugas, findings="Tata letak lini 2 sudah diubah.", next_steps="Ukur ulang."
    )
    visit.refresh_from_db()
    assert visit.next_steps == "Ukur ulang."

    delete_visit(visit=visit, actor=petugas)
    assert not FollowUpVisit.objects.exists()
    assert [
        e.event_type
        for e in AuditEvent.objects.filter(event_type__startswith="productivity.visit").order_by("sequence")
    ] == [
        "productivity.visit.added",
        "productivity.visit.updated",
        "productivity.visit.deleted",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"visited_on": TODAY() - dt.timedelta(days=30)}, "lebih awal dari tanggal permohonan"),
        ({"visited_on": TODAY() + dt.timedelta(days=3)}, "belum tiba"),
    ],
)
def test_a_visit_dated_outside_the_case_is_refused(case, petugas, changes, message):
    fields = {"visited_on": TODAY(), "met_with": "", "findings": "Temuan."}
    fields.update(changes)

    with pytest.raises(ValidationError) as refused:
        add_visit(case=case, actor=petugas, **fields)

    assert message in refused.value.message_dict["visited_on"][0]
    assert not FollowUpVisit.objects.exists()


def test_a_visit_before_the_identification_is_refused(case, petugas):
    case.identified_on = TODAY() - dt.timedelta(days=1)
    case.save()

    with pytest.raises(ValidationError) as refused:
        add_visit(
            case=case, actor=petugas, visited_on=TODAY() - dt.timedelta(days=2), met_with="", findings="x"
        )

    assert "lebih awal dari tanggal identifikasi" in refused.value.message_dict["visited_on"][0]


def test_finishing_follow_up_needs_a_visit_and_says_the_step_is_not_active_yet(client_for, case, petugas):
    with pytest.raises(ValidationError):
        finish_follow_up(case=case, actor=petugas)
    add_visit(case=case, actor=petugas, visited_on=TODAY(), met_with="", findings="Temuan.")

    assert finish_follow_up(case=case, actor=petugas) == []
    response = client_for(petugas).post(
        reverse("productivity:case_follow_up_finish", args=[case.public_id]), follow=True
    )
    assert "belum aktif" in response.content.decode()


def test_visits_through_the_pages(client_for, case, petugas):
    client = client_for(petugas)
    created = client.post(
        reverse("productivity:case_visit_create", args=[case.public_id]),
        {"visited_on": TODAY().isoformat(), "met_with": "Ahmad", "findings": "Lini 2 lancar."},
    )
    visit = FollowUpVisit.objects.get()
    edited = client.post(
        reverse("productivity:case_visit_edit", args=[case.public_id, visit.pk]),
        {"visited_on": TODAY().isoformat(), "met_with": "Ahmad", "findings": "Lini 2 lancar sekali."},
    )
    page = client.get(reverse("productivity:case_detail", args=[case.public_id])).content.decode()
    deleted = client.post(reverse("productivity:case_visit_delete", args=[case.public_id, visit.pk]))

    assert created.status_code == edited.status_code == deleted.status_code == 302
    assert "Lini 2 lancar sekali." in page
    assert not FollowUpVisit.objects.exists()


def test_visit_pages_refuse_who_may_not(client, client_for, kadis, outsider, case, petugas):
    visit = add_visit(case=case, actor=petugas, visited_on=TODAY(), met_with="", findings="Temuan.")
    urls = [
        ("get", reverse("productivity:case_visit_create", args=[case.public_id])),
        ("get", reverse("productivity:case_visit_edit", args=[case.public_id, visit.pk])),
        ("post", reverse("productivity:case_visit_delete", args=[case.public_id, visit.pk])),
        ("post", reverse("productivity:case_follow_up_finish", args=[case.public_id])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302
        assert getattr(client_for(kadis), method)(url).status_code == 403
        assert getattr(client_for(outsider), method)(url).status_code == 404
    assert FollowUpVisit.objects.count() == 1


def test_a_cancelled_case_stops_its_run_and_keeps_the_reason(case, kasi, petugas):
    cancel_case(case=case, actor=kasi, reason="Perusahaan menunda karena pindah lokasi.")

    case.refresh_from_db()
    assert case.status == GuidanceCase.Status.CANCELLED
    assert case.cancel_reason == "Perusahaan menunda karena pindah lokasi."
    assert case.run.status == Run.Status.CANCELLED
    assert not Task.objects.filter(step_run__run=case.run, status=Task.Status.OPEN).exists()
    with pytest.raises(ValidationError):
        add_visit(case=case, actor=petugas, visited_on=TODAY(), met_with="", findings="x")


def test_a_cancel_without_reason_changes_nothing(case, kasi):
    with pytest.raises(ValidationError) as refused:
        cancel_case(case=case, actor=kasi, reason="  ")

    assert "alasan" in refused.value.message_dict["reason"][0]
    case.refresh_from_db()
    assert case.status == GuidanceCase.Status.OPEN and case.run.status == Run.Status.RUNNING


def test_cancelling_through_the_page(client_for, case, kasi, kadis, petugas, outsider, client):
    url = reverse("productivity:case_cancel", args=[case.public_id])
    assert client.get(url).status_code == 302
    assert client_for(kadis).get(url).status_code == 403
    assert client_for(petugas).post(url, {"reason": "x"}).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(kasi).post(url, {"reason": ""}).status_code == 400

    response = client_for(kasi).post(url, {"reason": "Perusahaan tutup."}, follow=True)

    case.refresh_from_db()
    assert case.status == GuidanceCase.Status.CANCELLED
    assert "Perusahaan tutup." in response.content.decode()
