"""Archive completeness: the organization's done events of the period, archived or not, complete or
not, what each lacks, where the paper is and until when; totals and the share complete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ujikom.scheduling.models import TestEvent

from .conftest import YEAR
from .pages import count, number, texts, tree, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("reports:register_archives")


@pytest.fixture
def events(make_event, make_archive, other_event):
    complete = make_event(dt.date(YEAR, 2, 1), title="Angkatan Lengkap")
    partial = make_event(dt.date(YEAR, 3, 1), title="Angkatan Sebagian")
    bare = make_event(dt.date(YEAR, 4, 1), title="Angkatan Belum Arsip")
    make_archive(complete)
    make_archive(partial, missing=("minutes", "photos"), location="Lemari B")
    make_archive(make_event(dt.date(YEAR - 1, 12, 1), title="Tahun Lalu"))
    make_event(dt.date(YEAR, 5, 1), status=TestEvent.Status.CANCELLED, title="Batal")
    make_event(dt.date(YEAR, 6, 1), status=TestEvent.Status.ONGOING, title="Berlangsung")
    make_archive(other_event)
    return [complete, partial, bare]


def _rows(response) -> dict[str, str]:
    return {
        row.xpath(".//td[1]/a")[0].text_content().strip(): " ".join(row.text_content().split())
        for row in tree(response).xpath('//tr[@data-testid="row"]')
    }


def test_totals_count_the_periods_done_events(events, viewer, client_for):
    response = client_for(viewer).get(URL, {"year": YEAR})

    done = [
        e for e in TestEvent.objects.filter(status="done", starts_on__year=YEAR, facilitator__code="disnaker")
    ]
    archived = [e for e in done if hasattr(e, "archive")]
    complete = [e for e in archived if e.archive.is_complete]
    assert response.status_code == 200
    assert number(response, "total-done") == len(done) == 3
    assert number(response, "total-archived") == len(archived) == 2
    assert number(response, "total-not-archived") == 1
    assert number(response, "total-complete") == len(complete) == 1
    assert texts(response, "share") == ["33,3%"]


def test_each_event_says_what_it_lacks(events, viewer, client_for):
    rows = _rows(client_for(viewer).get(URL, {"year": YEAR}))

    assert set(rows) == {e.title for e in events}
    partial = rows["Angkatan Sebagian"]
    assert "Diarsipkan, belum lengkap" in partial and "Minutes" in partial and "Photos" in partial
    assert "Lemari B" in partial and "1 Maret 2030" in partial
    bare = rows["Angkatan Belum Arsip"]
    assert "Belum diarsipkan" in bare
    assert "Berita acara (ditandatangani)" in bare and "Absensi peserta" in bare
    complete = rows["Angkatan Lengkap"]
    assert "Lengkap" in complete and "Lemari A, rak 2" in complete


def test_no_done_event_shows_a_dash_and_says_so(events, viewer, client_for):
    response = client_for(viewer).get(URL, {"year": YEAR, "period": "month", "number": 12})

    assert number(response, "total-done") == 0
    assert texts(response, "share") == ["–"]
    assert texts(response, "empty") == ["Tidak ada data untuk filter ini."]


def test_only_the_users_organizations(events, outsider, disnaker, client_for):
    own = client_for(outsider).get(URL, {"year": YEAR})
    refused = client_for(outsider).get(URL, {"year": YEAR, "organization": str(disnaker.public_id)})

    assert number(own, "total-done") == 1 and number(own, "total-complete") == 1
    assert refused.status_code == 403


def test_the_xlsx_holds_the_pages_figures(events, viewer, client_for):
    client = client_for(viewer)

    page = client.get(URL, {"year": YEAR})
    sheets = xlsx_rows(client.get(URL, {"year": YEAR, "format": "xlsx"}).content)

    summary = {row[0]: row[1] for row in sheets["Ringkasan"] if row and len(row) > 1}
    assert summary["Uji kompetensi selesai"] == number(page, "total-done")
    assert summary["Sudah diarsipkan"] == number(page, "total-archived")
    assert summary["Arsip lengkap"] == number(page, "total-complete")
    assert summary["Persentase lengkap"] == texts(page, "share")[0]
    rows = sheets["Arsip"][1:]
    assert [row[0] for row in rows] == ["Angkatan Lengkap", "Angkatan Sebagian", "Angkatan Belum Arsip"]
    assert [row[4] for row in rows] == ["Ya", "Tidak", "Tidak"]
    assert rows[1][5] == "Minutes; Photos"


def test_the_page_takes_the_same_queries_for_more_events(make_event, make_archive, viewer, client_for):
    client = client_for(viewer)
    make_archive(make_event(dt.date(YEAR, 1, 5)))
    make_event(dt.date(YEAR, 1, 6))
    client.get(URL, {"year": YEAR})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": YEAR})
    for day in range(1, 11):
        event = make_event(dt.date(YEAR, 2, day))
        if day % 2:
            make_archive(event, missing=("minutes",))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": YEAR})

    assert count(response, "row") == 12
    assert len(many) == len(few)
