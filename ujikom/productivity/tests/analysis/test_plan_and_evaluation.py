"""The improvement plan (actions on root causes, due dates, done and dropped) and the evaluation
(two periods of the case, the after one later)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ujikom.core.models import AuditEvent
from ujikom.productivity import services_analysis as services
from ujikom.productivity.models import Evaluation, PlanAction

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _root(case, actor, text="Tata letak mesin berjauhan", is_root=True):
    return services.add_cause(case=case, actor=actor, category="method", text=text, is_root=is_root)


def _action(case, actor, **changes) -> PlanAction:
    values = {
        "description": "Atur ulang tata letak lini jahit",
        "owner": "Kepala produksi",
        "due_on": TODAY() + dt.timedelta(days=30),
    }
    values.update(changes)
    return services.add_action(case=case, actor=actor, **values)


def test_an_action_on_a_root_cause_is_recorded(open_case, petugas):
    root = _root(open_case, petugas)

    action = _action(open_case, petugas, cause=root)

    assert action.status == PlanAction.Status.PLANNED and action.cause == root
    assert AuditEvent.objects.get(event_type="productivity.action.added").data["cause"] == root.text


def test_an_action_on_a_cause_that_is_not_a_root_cause_is_refused(open_case, petugas):
    cause = _root(open_case, petugas, is_root=False)

    with pytest.raises(ValidationError) as caught:
        _action(open_case, petugas, cause=cause)

    assert "bukan akar masalah" in caught.value.message_dict["cause"][0]
    assert not PlanAction.objects.exists()


def test_a_due_date_already_past_is_refused_when_added(open_case, petugas):
    with pytest.raises(ValidationError) as caught:
        _action(open_case, petugas, due_on=TODAY() - dt.timedelta(days=1))

    assert "sudah lewat" in caught.value.message_dict["due_on"][0]


def test_done_needs_the_day_and_dropped_needs_a_note(open_case, petugas):
    action = _action(open_case, petugas)

    with pytest.raises(ValidationError) as done:
        services.update_action(action=action, actor=petugas, status=PlanAction.Status.DONE)
    with pytest.raises(ValidationError) as dropped:
        services.update_action(action=action, actor=petugas, status=PlanAction.Status.DROPPED)

    assert done.value.message_dict["done_on"] == ["Isi tanggal tindakan selesai."]
    assert dropped.value.message_dict["progress_note"] == ["Tuliskan alasan tindakan tidak dilanjutkan."]
    action.refresh_from_db()
    assert action.status == PlanAction.Status.PLANNED

    services.update_action(action=action, actor=petugas, status=PlanAction.Status.DONE, done_on=TODAY())
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE and action.done_on == TODAY()


def test_finishing_the_plan_names_the_root_causes_left(open_case, petugas, drive):
    drive(open_case, "productivity.plan")
    left = _root(open_case, petugas, text="Tidak ada standar kerja")
    _action(open_case, petugas)

    with pytest.raises(ValidationError) as caught:
        services.finish_plan(case=open_case, actor=petugas)

    assert caught.value.messages == [
        "Akar masalah berikut belum ditangani tindakan perbaikan: “Tata letak lini jahit”; “Tidak ada standar kerja”."
    ]
    assert left.pk


def test_the_evaluation_compares_two_periods_and_is_replaced_while_open(open_case, petugas, measure):
    january, february, june = measure(open_case, 1), measure(open_case, 2), measure(open_case, 6)

    services.record_evaluation(
        case=open_case, actor=petugas, before=january, after=february, evaluated_on=TODAY(), conclusion="Awal"
    )
    evaluation = services.record_evaluation(
        case=open_case, actor=petugas, before=january, after=june, evaluated_on=TODAY(), conclusion="Membaik"
    )

    assert Evaluation.objects.get() == evaluation and evaluation.after == june
    assert [
        event.data["replaced"]
        for event in AuditEvent.objects.filter(event_type="productivity.evaluation.recorded").order_by(
            "sequence"
        )
    ] == [False, True]


def test_the_after_period_must_start_after_the_before_period_ends(open_case, petugas, measure):
    january, february = measure(open_case, 1), measure(open_case, 2)

    with pytest.raises(ValidationError) as caught:
        services.record_evaluation(
            case=open_case,
            actor=petugas,
            before=february,
            after=january,
            evaluated_on=TODAY(),
            conclusion="-",
        )
    with pytest.raises(ValidationError) as same:
        services.record_evaluation(
            case=open_case, actor=petugas, before=january, after=january, evaluated_on=TODAY(), conclusion="-"
        )

    assert "tidak sesudah periode sebelum “Bulan 2” berakhir" in caught.value.message_dict["after"][0]
    assert same.value.message_dict["after"] == ["Periode sesudah harus periode lain dari periode sebelum."]
    assert not Evaluation.objects.exists()


def test_a_measurement_of_another_case_and_a_missing_conclusion_are_refused(
    open_case, petugas, measure, make_measurement, company, kasi
):
    from ujikom.productivity.models import GuidanceCase

    other = GuidanceCase.objects.create(
        organization=company.organization,
        company=company,
        title="Lain",
        origin=GuidanceCase.Origin.OUTREACH,
        requested_on=TODAY(),
        request_summary="-",
        output_unit="unit",
        opened_by=kasi,
    )
    foreign = make_measurement(other, TODAY().year - 1, 9)
    january = measure(open_case, 1)

    with pytest.raises(ValidationError) as caught:
        services.record_evaluation(
            case=open_case, actor=petugas, before=january, after=foreign, evaluated_on=TODAY(), conclusion=" "
        )

    assert caught.value.message_dict["after"] == ["Pengukuran itu bukan bagian dari kasus ini."]
    assert caught.value.message_dict["conclusion"] == ["Tuliskan kesimpulan evaluasi."]
