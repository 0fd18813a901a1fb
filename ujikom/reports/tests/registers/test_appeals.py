"""The appeals register: the period's appeals of the organization's events, by status, with the
decision and how long it took; the same as xlsx; only for the organizations the user may see."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ujikom.assessment.models import Appeal

from .conftest import YEAR
from .pages import count, number, texts, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("reports:register_appeals")


@pytest.fixture
def appeals(make_event, make_appeal, other_event):
    march = make_event(dt.date(YEAR, 3, 1))
    may = make_event(dt.date(YEAR, 5, 1))
    made = [
        make_appeal(march, dt.date(YEAR, 3, 5)),
        make_appeal(march, dt.date(YEAR, 4, 2), Appeal.Status.UPHELD, days=3),
        make_appeal(may, dt.date(YEAR, 5, 10), Appeal.Status.DISMISSED, days=10),
        make_appeal(may, dt.date(YEAR, 6, 30), Appeal.Status.DISMISSED, days=0),
    ]
    make_appeal(march, dt.date(YEAR - 1, 12, 31), Appeal.Status.DISMISSED, days=1)  # the year before
    make_appeal(other_event, dt.date(YEAR, 3, 6))  # another LSP's event
    return made


def test_the_register_counts_the_periods_appeals_by_status(appeals, viewer, client_for):
    response = client_for(viewer).get(URL, {"period": "year", "year": YEAR})

    assert response.status_code == 200
    expected = Counter(appeal.status for appeal in appeals)
    for status in Appeal.Status.values:
        assert number(response, f"total-{status}") == expected.get(status, 0)
    assert number(response, "total") == len(appeals)
    assert count(response, "row") == len(appeals)
    assert texts(response, "days") == ["—", "3", "10", "0"]
    page = response.content.decode()
    assert "Diterima: asesmen ulang" in page and "Dewi Kabid Sertifikasi" in page
    assert "5 Maret 2025" in page


def test_each_appeal_opens_where_the_user_may_act(appeals, viewer, decider, client_for):
    seen = client_for(viewer).get(URL, {"year": YEAR})
    deciding = client_for(decider).get(URL, {"year": YEAR})

    submitted = appeals[0]
    decide_url = reverse("assessment:appeal_decide", args=[submitted.public_id])
    results_url = reverse("assessment:results", args=[submitted.assessment.registration.event.public_id])
    assert texts(seen, "link") == ["Hasil uji"] * 4
    assert decide_url not in seen.content.decode() and results_url in seen.content.decode()
    assert texts(deciding, "link")[0] == "Putuskan" and decide_url in deciding.content.decode()


def test_a_quarter_and_a_status_narrow_the_list(appeals, viewer, client_for):
    client = client_for(viewer)

    second = client.get(URL, {"period": "quarter", "year": YEAR, "number": 2})
    dismissed = client.get(URL, {"period": "year", "year": YEAR, "status": "dismissed"})

    in_q2 = [a for a in appeals if 4 <= a.created_at.month <= 6]
    assert count(second, "row") == len(in_q2) == 3
    assert number(second, "total") == 3
    assert count(dismissed, "row") == sum(1 for a in appeals if a.status == "dismissed")
    assert number(dismissed, "total") == len(appeals)  # the totals stay those of the period


def test_a_filter_matching_nothing_says_so(appeals, viewer, client_for):
    response = client_for(viewer).get(URL, {"period": "year", "year": YEAR - 3})

    assert response.status_code == 200
    assert texts(response, "empty") == ["Tidak ada data untuk filter ini."]
    assert number(response, "total") == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "week"}, "Periode harus bulan, triwulan atau tahun."),
        ({"year": "dua ribu"}, "Tahun harus berupa angka"),
        ({"year": "1990"}, "Tahun harus antara 2000"),
        ({"period": "month", "number": "13"}, "Bulan harus 1 sampai 12."),
        ({"status": "lost"}, "Status lost tidak dikenal"),
    ],
)
def test_bad_filters_are_named_and_show_no_figures(appeals, viewer, client_for, params, message):
    response = client_for(viewer).get(URL, params)

    assert response.status_code == 400
    assert message in " ".join(texts(response, "filter-errors"))
    assert count(response, "row") == 0 and count(response, "total") == 0


def test_only_the_users_organizations_are_shown(
    appeals, outsider, viewer, disnaker, candidate_only, client_for
):
    theirs = client_for(outsider).get(URL, {"year": YEAR})
    asked = client_for(outsider).get(URL, {"year": YEAR, "organization": str(disnaker.public_id)})
    nobody = client_for(candidate_only).get(URL, {"year": YEAR})
    unknown = client_for(viewer).get(URL, {"year": YEAR, "organization": "bukan-organisasi"})

    assert count(theirs, "row") == 1 and "Juru Las" in theirs.content.decode()
    assert asked.status_code == 403
    assert texts(asked, "filter-errors") == ["Anda tidak berhak melihat laporan organisasi tersebut."]
    assert count(asked, "row") == 0 and "Juru Las" not in asked.content.decode()
    assert nobody.status_code == 403
    assert texts(nobody, "filter-errors") == ["Anda tidak berhak melihat laporan organisasi mana pun."]
    assert unknown.status_code == 403


def test_the_xlsx_holds_the_pages_figures(appeals, viewer, client_for):
    client = client_for(viewer)
    params = {"period": "year", "year": YEAR}

    page = client.get(URL, params)
    download = client.get(URL, {**params, "format": "xlsx"})

    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = xlsx_rows(download.content)
    summary = {row[0]: row[1] for row in sheets["Ringkasan"] if row and len(row) > 1}
    for status, label in Appeal.Status.choices:
        assert summary[str(label)] == number(page, f"total-{status}")
    assert summary["Jumlah"] == number(page, "total")
    rows = sheets["Banding"][1:]
    assert len(rows) == count(page, "row")
    assert [row[-1] for row in rows] == [None, 3, 10, 0]
    assert rows[0][0] == dt.datetime(YEAR, 3, 5)


def test_the_page_takes_the_same_queries_for_more_appeals(make_event, make_appeal, viewer, client_for):
    client = client_for(viewer)
    event = make_event(dt.date(YEAR, 3, 1))
    make_appeal(event, dt.date(YEAR, 3, 5), Appeal.Status.UPHELD, days=2)
    client.get(URL, {"year": YEAR})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": YEAR})
    for day in range(1, 13):
        make_appeal(make_event(dt.date(YEAR, 4, day)), dt.date(YEAR, 4, day), Appeal.Status.DISMISSED, days=1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": YEAR})

    assert count(response, "row") == 13
    assert len(many) == len(few)
