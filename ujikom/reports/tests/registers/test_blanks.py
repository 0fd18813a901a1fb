"""The blank stock register: per LSP the balance at the period's start, what came in and went out in
it, the closing balance, the movements themselves, and a warning when the stock does not cover the
approved decrees still waiting for certificate numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ujikom.assessment.models import BlankMovement, Decision

from .conftest import YEAR
from .pages import count, texts, tree, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("reports:register_blanks")
R, U, D, X = (
    BlankMovement.Kind.RECEIVED,
    BlankMovement.Kind.USED,
    BlankMovement.Kind.DAMAGED,
    BlankMovement.Kind.RETURNED,
)
LOG = [  # (kind, quantity, day)
    (R, 100, dt.date(YEAR - 1, 12, 1)),
    (U, 10, dt.date(YEAR - 1, 12, 15)),
    (R, 50, dt.date(YEAR, 1, 10)),
    (U, 20, dt.date(YEAR, 2, 3)),
    (D, 2, dt.date(YEAR, 3, 1)),
    (X, 3, dt.date(YEAR, 3, 31)),
    (U, 5, dt.date(YEAR, 4, 1)),
]
Q1 = (dt.date(YEAR, 1, 1), dt.date(YEAR, 3, 31))


def _sign(kind: str) -> int:
    return 1 if kind == R else -1


@pytest.fixture
def log(lsp, other_lsp, make_movement):
    for kind, quantity, day in LOG:
        make_movement(
            lsp, kind, quantity, day, reference=f"REF-{day:%m%d}", serial_from="A0001", serial_to="A0050"
        )
    make_movement(other_lsp, R, 7, dt.date(YEAR, 2, 1))


def _cells(response, lsp_code: str) -> dict[str, int]:
    """The figures of one LSP's line, by column."""
    (row,) = tree(response).xpath(f'//tr[@data-testid="line"][@data-lsp="{lsp_code}"]')
    return {
        cell.get("data-testid"): int(cell.text_content().strip()) for cell in row.xpath(".//td[@data-testid]")
    }


def test_the_quarter_shows_opening_movements_and_closing(log, lsp, lsp_head, client_for):
    response = client_for(lsp_head).get(URL, {"period": "quarter", "year": YEAR, "number": 1})

    start, end = Q1
    opening = sum(_sign(kind) * quantity for kind, quantity, day in LOG if day < start)
    within = [(kind, quantity) for kind, quantity, day in LOG if start <= day <= end]
    figures = _cells(response, lsp.code)
    assert response.status_code == 200
    assert figures["opening"] == opening == 90
    assert figures["received"] == sum(q for k, q in within if k == R)
    assert figures["used"] == sum(q for k, q in within if k == U)
    assert figures["damaged"] == sum(q for k, q in within if k == D)
    assert figures["returned"] == sum(q for k, q in within if k == X)
    assert figures["closing"] == opening + sum(_sign(k) * q for k, q in within) == 115
    assert figures["stock_now"] == sum(_sign(k) * q for k, q, _d in LOG) == 110
    assert count(response, "movement") == len(within)
    assert "REF-0110" in response.content.decode() and "A0001" in response.content.decode()
    assert count(response, "line") == 1  # the other LSP's stock is not shown


def test_a_shortage_against_approved_decrees_is_warned(
    log, lsp, lsp_head, client_for, make_event, make_decision
):
    event = make_event(dt.date(YEAR, 6, 1))
    make_decision(event, numbered=3, pending=120)
    make_decision(make_event(dt.date(YEAR, 7, 1)), pending=50, status=Decision.Status.PROPOSED)

    response = client_for(lsp_head).get(URL, {"year": YEAR})

    assert _cells(response, lsp.code)["pending"] == 120
    (warning,) = texts(response, "short")
    assert "saat ini 110" in warning and "tertunda 120" in warning


def test_no_warning_when_the_stock_covers_the_need(log, lsp_head, client_for, make_event, make_decision):
    make_decision(make_event(dt.date(YEAR, 6, 1)), pending=110)

    response = client_for(lsp_head).get(URL, {"year": YEAR})

    assert texts(response, "short") == []


def test_every_lsp_for_the_system_administrator_and_one_on_request(
    log, lsp, other_lsp, system_admin, client_for
):
    client = client_for(system_admin)

    every = client.get(URL, {"year": YEAR})
    one = client.get(URL, {"year": YEAR, "organization": str(other_lsp.public_id)})

    assert count(every, "line") == 2
    assert _cells(every, other_lsp.code)["received"] == 7
    assert count(one, "line") == 1 and _cells(one, other_lsp.code)["closing"] == 7
    assert count(one, "movement") == 1


def test_an_agency_has_no_blank_book(log, viewer, disnaker, client_for):
    response = client_for(viewer).get(URL, {"year": YEAR, "organization": str(disnaker.public_id)})

    assert response.status_code == 200
    assert texts(response, "empty") == [
        "Dinas Ketenagakerjaan Kota Tangerang bukan LSP; buku blangko hanya dimiliki LSP."
    ]


def test_another_lsp_is_refused_and_a_quiet_period_says_so(log, lsp, outsider, lsp_head, client_for):
    refused = client_for(outsider).get(URL, {"year": YEAR, "organization": str(lsp.public_id)})
    quiet = client_for(lsp_head).get(URL, {"year": YEAR, "period": "month", "number": 11})

    assert refused.status_code == 403
    assert count(quiet, "movement") == 0
    assert texts(quiet, "no-movements") == ["Tidak ada mutasi blangko dalam periode ini."]
    assert _cells(quiet, lsp.code)["opening"] == _cells(quiet, lsp.code)["closing"] == 110


def test_the_xlsx_holds_the_pages_figures(log, lsp, lsp_head, client_for):
    client = client_for(lsp_head)
    params = {"period": "quarter", "year": YEAR, "number": 1}

    page = client.get(URL, params)
    sheets = xlsx_rows(client.get(URL, {**params, "format": "xlsx"}).content)

    (line,) = sheets["Stok per LSP"][1:]
    figures = _cells(page, lsp.code)
    assert line[1:] == [
        figures[name]
        for name in ("opening", "received", "used", "damaged", "returned", "closing", "stock_now", "pending")
    ]
    movements = sheets["Mutasi"][1:]
    assert len(movements) == count(page, "movement")
    assert [row[3] for row in movements] == [50, -20, -2, -3]


def test_the_page_takes_the_same_queries_for_more_movements(lsp, lsp_head, client_for, make_movement):
    client = client_for(lsp_head)
    make_movement(lsp, R, 10, dt.date(YEAR, 1, 2))
    client.get(URL, {"year": YEAR})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": YEAR})
    for day in range(1, 20):
        make_movement(lsp, U, 1, dt.date(YEAR, 2, day))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": YEAR})

    assert count(response, "movement") == 20
    assert len(many) == len(few)
