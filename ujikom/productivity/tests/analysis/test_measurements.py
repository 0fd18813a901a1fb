"""Measurements: each rule refused with a message naming the field and the values, nothing stored;
the derived indicators and the before/after comparison on known numbers; audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ujikom.core.models import AuditEvent
from ujikom.productivity import indicators
from ujikom.productivity import services_analysis as services
from ujikom.productivity.models import GuidanceCase, Measurement
from ujikom.productivity.selectors_analysis import comparison_rows

from .conftest import YEAR, fields, month

pytestmark = pytest.mark.django_db


def _refused(case, actor, **changes) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        services.add_measurement(case=case, actor=actor, **fields(**changes))
    assert not Measurement.objects.filter(case=case).exists()
    return caught.value.message_dict


def test_a_measurement_is_recorded_and_audited(open_case, petugas):
    measurement = services.add_measurement(case=open_case, actor=petugas, **fields())

    assert measurement.recorded_by == petugas and measurement.output_quantity == Decimal("12000")
    event = AuditEvent.objects.get(event_type="productivity.measurement.added")
    assert event.actor == petugas and event.data["label"] == "Sebelum: Januari"


def test_negative_hours_are_refused(open_case, petugas):
    errors = _refused(open_case, petugas, hours_worked=Decimal("-5"))

    assert errors["hours_worked"] == ["Jam kerja tidak boleh negatif (-5)."]


def test_negative_output_and_cost_are_refused(open_case, petugas):
    errors = _refused(open_case, petugas, output_quantity=Decimal("-1"), total_cost=Decimal("-1000"))

    assert "Jumlah output tidak boleh negatif" in errors["output_quantity"][0]
    assert errors["total_cost"] == ["Biaya tidak boleh negatif (-1.000)."]


def test_no_workers_is_refused(open_case, petugas):
    errors = _refused(open_case, petugas, workers=0)

    assert errors["workers"] == ["Jumlah pekerja sekurang-kurangnya 1 (tertulis 0)."]


def test_an_end_before_the_start_is_refused_naming_both_days(open_case, petugas):
    errors = _refused(open_case, petugas, period_start=dt.date(YEAR, 2, 1), period_end=dt.date(YEAR, 1, 31))

    assert errors["period_end"] == [
        f"Akhir periode (31 Januari {YEAR}) lebih awal dari awal periode (1 Februari {YEAR})."
    ]


def test_a_period_not_yet_ended_is_refused(open_case, petugas):
    today = timezone.localdate()
    errors = _refused(open_case, petugas, period_start=today, period_end=today + dt.timedelta(days=1))

    assert "masih di masa depan" in errors["period_end"][0]


def test_defects_above_output_are_refused(open_case, petugas):
    errors = _refused(open_case, petugas, output_quantity=Decimal("1000"), defect_quantity=Decimal("1200"))

    assert errors["defect_quantity"] == ["Output cacat (1.200) melebihi jumlah output (1.000)."]


def test_impossible_hours_are_refused_with_the_arithmetic(open_case, petugas):
    errors = _refused(open_case, petugas, hours_worked=Decimal("99000"))

    assert errors["hours_worked"] == [
        "Jam kerja 99.000 melebihi kemungkinan: 80 pekerja × 31 hari × 24 jam = 59.520 jam."
    ]


def test_a_missing_label_is_refused(open_case, petugas):
    assert _refused(open_case, petugas, label="  ")["label"] == ["Tuliskan nama periode."]


def test_an_overlapping_period_is_refused_naming_the_other(open_case, petugas, measure):
    measure(open_case, 1, label="Januari")
    start, _end = month(1)

    with pytest.raises(ValidationError) as caught:
        services.add_measurement(
            case=open_case,
            actor=petugas,
            **fields(label="Pertengahan", period_start=start + dt.timedelta(days=14), period_end=month(2)[1]),
        )

    assert "bertumpang tindih dengan pengukuran “Januari”" in caught.value.message_dict["period_start"][0]
    assert open_case.measurements.count() == 1


def test_an_update_may_keep_its_own_period_but_not_take_anothers(open_case, petugas, measure):
    january, february = measure(open_case, 1), measure(open_case, 2)

    services.update_measurement(measurement=january, actor=petugas, output_quantity=Decimal("12500"))
    with pytest.raises(ValidationError):
        services.update_measurement(
            measurement=february,
            actor=petugas,
            period_start=january.period_start,
            period_end=january.period_end,
        )

    january.refresh_from_db()
    february.refresh_from_db()
    assert january.output_quantity == Decimal("12500") and february.period_start == month(2)[0]
    assert AuditEvent.objects.get(event_type="productivity.measurement.updated").data["changes"] == {
        "output_quantity": ["12000.00", "12500"]
    }


def test_the_kadis_may_not_record(open_case, kadis):
    with pytest.raises(PermissionDenied):
        services.add_measurement(case=open_case, actor=kadis, **fields())


def test_nothing_changes_on_a_closed_case(open_case, petugas):
    GuidanceCase.objects.filter(pk=open_case.pk).update(status=GuidanceCase.Status.CLOSED)

    with pytest.raises(ValidationError) as caught:
        services.add_measurement(case=open_case, actor=petugas, **fields())

    assert caught.value.messages == ["Kasus sudah ditutup; datanya tidak dapat diubah."]


def test_a_measurement_in_the_evaluation_cannot_be_deleted(open_case, petugas, measure):
    before, after = measure(open_case, 1), measure(open_case, 6)
    services.record_evaluation(
        case=open_case,
        actor=petugas,
        before=before,
        after=after,
        evaluated_on=timezone.localdate(),
        conclusion="Membaik",
    )

    with pytest.raises(ValidationError) as caught:
        services.delete_measurement(measurement=before, actor=petugas)
    assert "dipakai dalam evaluasi" in caught.value.messages[0]
    assert Measurement.objects.filter(pk=before.pk).exists()


def test_the_derived_indicators_on_known_numbers(open_case, measure):
    measurement = measure(open_case, 1)

    values = indicators.values_of(measurement)

    assert values == {
        "per_worker": Decimal("150.0000"),
        "per_hour": Decimal("0.8824"),
        "per_million": Decimal("25.0000"),
        "quality_rate": Decimal("95.0000"),
    }


def test_the_comparison_on_known_numbers_as_the_page_shows_it(open_case, petugas, measure):
    before = measure(open_case, 1)
    after = measure(open_case, 6, output_quantity=Decimal("13800"), defect_quantity=Decimal("276"))
    evaluation = services.record_evaluation(
        case=open_case,
        actor=petugas,
        before=before,
        after=after,
        evaluated_on=timezone.localdate(),
        conclusion="-",
    )

    rows = {str(row["label"]): row for row in comparison_rows(evaluation, "potong")}

    worker = rows["Output per pekerja"]
    assert (worker["before"], worker["after"], worker["difference"], worker["percent"]) == (
        "150,0",
        "172,5",
        "+22,5",
        "+15,0 %",
    )
    assert worker["unit"] == "potong/pekerja" and worker["improved"]
    quality = rows["Tingkat mutu (output baik)"]
    assert (quality["before"], quality["after"], quality["unit"]) == ("95,0", "98,0", "%")
