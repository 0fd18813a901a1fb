"""The analysis pages: the officer records through the forms (Indonesian numbers, messages on the
fields) and lands on the case page's section; the Kadis may see but not record; another office's
Kasi gets a 404; the case page shows the table, the fishbone and the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ujikom.productivity import services_analysis as services
from ujikom.productivity.models import Cause, Measurement, PlanAction

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _url(name, case, *args):
    return reverse(f"productivity:{name}", args=[case.public_id, *args])


def _page(case, anchor):
    return reverse("productivity:case_detail", args=[case.public_id]) + f"#{anchor}"


MEASUREMENT = {
    "label": "Sebelum: Januari",
    "period_start": f"{YEAR}-01-01",
    "period_end": f"{YEAR}-01-31",
    "output_quantity": "12.000",
    "defect_quantity": "600",
    "workers": "80",
    "hours_worked": "13.600",
    "total_cost": "480.000.000",
}


def test_the_officer_records_a_measurement_in_indonesian_numbers(client_for, open_case, petugas):
    response = client_for(petugas).post(_url("case_measurement_create", open_case), MEASUREMENT)

    assert response.status_code == 302 and response.url == _page(open_case, "indikator")
    measurement = Measurement.objects.get()
    assert measurement.total_cost == 480_000_000 and measurement.hours_worked == 13600


def test_impossible_hours_come_back_on_the_field_and_nothing_is_stored(client_for, open_case, petugas):
    response = client_for(petugas).post(
        _url("case_measurement_create", open_case), {**MEASUREMENT, "hours_worked": "99.000"}
    )

    assert response.status_code == 400
    assert "Jam kerja 99.000 melebihi kemungkinan: 80 pekerja × 31 hari × 24 jam = 59.520 jam." in (
        response.content.decode()
    )
    assert not Measurement.objects.exists()


def test_the_edit_form_shows_the_numbers_the_indonesian_way(client_for, open_case, petugas, measure):
    measurement = measure(open_case, 1)

    response = client_for(petugas).get(_url("case_measurement_edit", open_case, measurement.pk))

    assert response.status_code == 200 and 'value="480.000.000"' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("case_measurement_create", "get"),
        ("case_cause_create", "get"),
        ("case_action_create", "get"),
        ("case_evaluation", "get"),
        ("case_indicators_finish", "post"),
        ("case_causes_finish", "post"),
        ("case_plan_finish", "post"),
        ("case_evaluation_finish", "post"),
    ],
)
def test_the_kadis_may_not_record_and_another_office_does_not_find_the_case(
    client_for, open_case, kadis, outsider, name, method
):
    url = _url(name, open_case)

    refused = getattr(client_for(kadis), method)(url)
    hidden = getattr(client_for(outsider), method)(url)

    assert refused.status_code == 403
    assert "Anda tidak berhak mencatat pekerjaan bimbingan produktivitas" in refused.content.decode()
    assert hidden.status_code == 404


def test_deleting_a_measurement_of_another_office_is_a_404(client_for, open_case, outsider, measure):
    measurement = measure(open_case, 1)

    response = client_for(outsider).post(_url("case_measurement_delete", open_case, measurement.pk))

    assert response.status_code == 404 and Measurement.objects.filter(pk=measurement.pk).exists()


def test_a_sub_cause_and_its_whys_are_added_through_the_forms(client_for, open_case, petugas):
    client = client_for(petugas)
    client.post(_url("case_cause_create", open_case), {"category": "people", "text": "Operator baru"})
    parent = Cause.objects.get()

    client.post(
        _url("case_cause_create", open_case),
        {"parent": parent.pk, "text": "Tanpa pelatihan", "is_root": "on"},
    )
    child = Cause.objects.get(parent=parent)
    response = client.post(
        _url("case_cause_whys", open_case, child.pk),
        {"why_1": "Tidak ada anggaran", "why_2": "", "why_3": ""},
    )

    assert response.status_code == 302 and response.url == _page(open_case, "sebab")
    assert child.category == "people" and child.is_root
    assert list(child.whys.values_list("answer", flat=True)) == ["Tidak ada anggaran"]


def test_the_case_page_shows_the_indicators_the_fishbone_and_the_plan(
    client_for, open_case, kadis, petugas, measure, django_assert_max_num_queries
):
    open_case.problem_statement = "Target harian tidak tercapai"
    open_case.save(update_fields=["problem_statement"])
    measure(open_case, 1)
    measure(open_case, 6)
    root = services.add_cause(
        case=open_case, actor=petugas, category="machine", text="Mesin obras sering macet", is_root=True
    )
    services.set_whys(cause=root, actor=petugas, answers=["Perawatan tidak terjadwal"])
    action = services.add_action(
        case=open_case,
        actor=petugas,
        description="Jadwal perawatan mingguan",
        owner="Teknisi",
        due_on=timezone.localdate(),
        cause=root,
    )
    PlanAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - dt.timedelta(days=2))
    client = client_for(kadis)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("productivity:case_detail", args=[open_case.public_id]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "Mesin obras sering macet" in page and "Perawatan tidak terjadwal" in page
    assert "150,0" in page and "12.000" in page and 'id="indicator-chart-data"' in page
    assert "Jadwal perawatan mingguan" in page and 'data-testid="overdue"' in page
    assert _url("case_measurement_create", open_case) not in page  # the Kadis records nothing


def test_finishing_a_step_that_is_not_active_says_so(client_for, open_case, petugas, measure):
    measure(open_case, 1)
    client = client_for(petugas)

    response = client.post(_url("case_indicators_finish", open_case), follow=True)

    assert "tidak sedang aktif" in response.content.decode()
    assert "Identifikasi permasalahan" in response.content.decode()


def test_finishing_indicators_from_the_page_moves_the_run(client_for, open_case, petugas, measure, drive):
    drive(open_case, "productivity.indicators")
    measure(open_case, 1)

    response = client_for(petugas).post(_url("case_indicators_finish", open_case), follow=True)

    assert "Langkah “Pengukuran indikator” diselesaikan" in response.content.decode()


def test_the_fishbone_downloads_as_svg(client_for, open_case, kadis):
    response = client_for(kadis).get(_url("case_fishbone", open_case))

    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in response.content


def test_the_evaluation_form_offers_the_earliest_and_latest_periods_and_records(
    client_for, open_case, petugas, measure
):
    january, _march, june = measure(open_case, 1), measure(open_case, 3), measure(open_case, 6)
    client = client_for(petugas)

    form = client.get(_url("case_evaluation", open_case)).context["form"]
    response = client.post(
        _url("case_evaluation", open_case),
        {
            "before": january.pk,
            "after": june.pk,
            "evaluated_on": timezone.localdate().isoformat(),
            "conclusion": "Output per jam naik.",
        },
    )

    assert (form.initial["before"], form.initial["after"]) == (january.pk, june.pk)
    assert response.status_code == 302 and response.url == _page(open_case, "evaluasi")
    assert open_case.evaluation.after == june


def test_marking_an_action_done_without_its_day_is_named_on_the_field(client_for, open_case, petugas):
    action = services.add_action(
        case=open_case, actor=petugas, description="Pelatihan", owner="HRD", due_on=timezone.localdate()
    )
    data = {
        "description": "Pelatihan",
        "owner": "HRD",
        "due_on": timezone.localdate().isoformat(),
        "status": PlanAction.Status.DONE,
        "done_on": "",
        "progress_note": "",
    }

    response = client_for(petugas).post(_url("case_action_edit", open_case, action.pk), data)

    assert response.status_code == 400 and "Isi tanggal tindakan selesai." in response.content.decode()
    action.refresh_from_db()
    assert action.status == PlanAction.Status.PLANNED


def test_small_indicators_show_two_decimals_rounded_as_the_closing_report_writes_them(
    client_for, open_case, kadis, measure
):
    # 11.000 potong in 12.800 person-hours: 0,859… potong per person-hour
    measure(open_case, 1, output_quantity=Decimal("11000"), hours_worked=Decimal("12800"))

    page = (
        client_for(kadis)
        .get(reverse("productivity:case_detail", args=[open_case.public_id]))
        .content.decode()
    )

    assert "0,86" in page and "0,85" not in page
