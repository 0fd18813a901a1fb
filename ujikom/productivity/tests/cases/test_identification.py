"""Identification: recorded with the company's own figures (which replace the earlier ones), refused
with a message per field and nothing changed; finishing it signs off SOP step 2 and moves the run to
step 3; only who records the work may, and never on a closed case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import AuditEvent
from ujikom.productivity.models import CompanyFigure, GuidanceCase
from ujikom.productivity.services_cases import FigureInput, finish_identification, record_identification
from ujikom.sop.models import StepRun

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _record(case, actor, **changes):
    fields = {
        "identified_on": TODAY() - dt.timedelta(days=1),
        "problem_statement": "Target produksi harian lini jahit tidak tercapai",
        "identification_notes": "Banyak waktu menunggu bahan di lini 2.",
        "figures": [
            FigureInput("Produksi per bulan", Decimal("45000"), "potong", "Laporan produksi"),
            FigureInput("Pekerja lini jahit", Decimal("80"), "orang"),
        ],
    }
    fields.update(changes)
    return record_identification(case=case, actor=actor, **fields)


def _active_step(case) -> int:
    return StepRun.objects.get(run=case.run, status=StepRun.Status.ACTIVE).step.number


def test_identification_is_recorded_and_figures_replaced(case, petugas):
    _record(case, petugas)
    _record(case, petugas, figures=[FigureInput("Produk cacat per bulan", Decimal("1200.5"), "potong")])

    case.refresh_from_db()
    assert case.problem_statement.startswith("Target produksi")
    assert list(CompanyFigure.objects.values_list("label", "value")) == [
        ("Produk cacat per bulan", Decimal("1200.50"))
    ]
    assert AuditEvent.objects.filter(event_type="productivity.case.identification_recorded").count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"identified_on": TODAY() - dt.timedelta(days=30)},
            "identified_on",
            "lebih awal dari tanggal permohonan",
        ),
        ({"identified_on": TODAY() + dt.timedelta(days=1)}, "identified_on", "belum tiba"),
        ({"problem_statement": "  "}, "problem_statement", "Tuliskan masalah utama"),
        ({"figures": [FigureInput("", Decimal("5"))]}, "figures", "tidak mempunyai uraian"),
    ],
)
def test_bad_identification_is_refused_and_changes_nothing(case, petugas, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        _record(case, petugas, **changes)

    assert message in refused.value.message_dict[field][0]
    case.refresh_from_db()
    assert case.identified_on is None and not CompanyFigure.objects.exists()


def test_a_closed_case_cannot_be_changed(case, petugas):
    case.status = GuidanceCase.Status.CLOSED
    case.save()

    with pytest.raises(ValidationError) as refused:
        _record(case, petugas)

    assert refused.value.messages == ["Kasus sudah ditutup; datanya tidak dapat diubah."]


def test_finishing_needs_the_problem_first(case, petugas):
    with pytest.raises(ValidationError):
        finish_identification(case=case, actor=petugas)
    assert _active_step(case) == 2


def test_identification_end_to_end_through_the_pages(client_for, case, petugas):
    client = client_for(petugas)
    url = reverse("productivity:case_identification", args=[case.public_id])
    form = client.get(url).content.decode()
    assert form.count('data-testid="figure-row"') == 10

    data = {
        "identified_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
        "problem_statement": "Target produksi harian tidak tercapai",
        "identification_notes": "",
        "data-TOTAL_FORMS": "10",
        "data-INITIAL_FORMS": "0",
        "data-MIN_NUM_FORMS": "0",
        "data-MAX_NUM_FORMS": "10",
        "data-0-label": "Produksi per bulan",
        "data-0-value": "45.000",  # written the Indonesian way: thousands with dots
        "data-0-unit": "potong",
        "data-0-source": "",
        "data-1-label": "Tingkat cacat",
        "data-1-value": "4,2",
        "data-1-unit": "%",
        "data-1-source": "Laporan QC",
    }
    saved = client.post(url, data)
    assert saved.status_code == 302 and saved["Location"].endswith("#identifikasi")
    assert [figure.value for figure in CompanyFigure.objects.order_by("position")] == [
        Decimal("45000"),
        Decimal("4.2"),
    ]

    page = client.get(reverse("productivity:case_detail", args=[case.public_id])).content.decode()
    assert "Selesaikan tahap identifikasi" in page and "Target produksi harian tidak tercapai" in page

    finished = client.post(
        reverse("productivity:case_identification_finish", args=[case.public_id]), follow=True
    )
    assert "Tahap identifikasi selesai" in finished.content.decode()
    assert _active_step(case) == 3
    step = StepRun.objects.get(run=case.run, step__number=2)
    assert step.tasks.get().completed_by == petugas and step.outputs.count() == 1


def test_a_half_filled_figure_row_is_named(client_for, case, petugas):
    url = reverse("productivity:case_identification", args=[case.public_id])
    data = {
        "identified_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
        "problem_statement": "Target tidak tercapai",
        "data-TOTAL_FORMS": "10",
        "data-INITIAL_FORMS": "0",
        "data-0-label": "",
        "data-0-value": "12",
    }

    response = client_for(petugas).post(url, data)

    assert response.status_code == 400 and "Tuliskan uraian data ini." in response.content.decode()
    case.refresh_from_db()
    assert case.identified_on is None


def test_finishing_a_step_offered_to_others_says_who(client_for, case, kasi, petugas):
    _record(case, petugas)

    response = client_for(kasi).post(
        reverse("productivity:case_identification_finish", args=[case.public_id]), follow=True
    )

    assert "ditawarkan kepada" in response.content.decode()
    assert _active_step(case) == 2


def test_identification_pages_refuse_who_may_not(client, client_for, kadis, outsider, case):
    url = reverse("productivity:case_identification", args=[case.public_id])
    finish = reverse("productivity:case_identification_finish", args=[case.public_id])

    assert client.get(url).status_code == 302
    assert client_for(kadis).get(url).status_code == 403
    assert client_for(kadis).post(finish).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(finish).status_code == 404
