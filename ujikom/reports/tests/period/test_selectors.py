"""The period report's figures, counted again in Python from the objects the test created."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ujikom.reports.scope import Period
from ujikom.reports.selectors_period import period_report

from .conftest import MIXED, YEAR, counted, make_event, register, tally

pytestmark = pytest.mark.django_db


def figures(row):
    return (row.registered, row.tested, row.competent, row.certified)


PERIODS = [
    Period("year", YEAR),
    Period("quarter", YEAR, 1),
    Period("quarter", YEAR, 3),
    Period("quarter", YEAR, 4),
    Period("month", YEAR, 2),
    Period("month", YEAR, 6),
    Period("year", YEAR - 1),
]


@pytest.mark.parametrize("who", ["lsp", "disnaker", "other_lsp", "other_agency"])
def test_totals_match_a_count_of_the_created_registrations(world, expected, who):
    organization = getattr(world, who)
    for period in PERIODS:
        report = period_report(organization, period)

        counts = expected(world, organization, period.start, period.end)
        assert figures(report.totals) == (
            counts.registered,
            counts.tested,
            counts.competent,
            counts.certified,
        )
        assert report.target == counts.target
        assert report.totals.pass_rate == counts.pass_rate
        assert report.totals.not_competent == counts.tested - counts.competent


def test_the_yearly_report_of_the_lsp_has_the_figures_worked_out_by_hand(world):
    report = period_report(world.lsp, Period("year", YEAR))

    # February: 10 counted of 12 (draft and withdrawn left out), 6 tested, 4 K, 3 certified;
    # August: the first 9 of the same list: 7 counted, 3 tested, 3 K, 2 certified;
    # November: 3 counted, 1 tested K and certified. Cancelled, earlier and other events: none.
    assert figures(report.totals) == (20, 10, 8, 6)
    assert report.target == 60
    assert report.totals.pass_rate == 80.0
    assert report.totals.realisation == round(100 * 10 / 60, 1)


def test_every_breakdown_matches_a_count_grouped_in_python(world, expected):
    period = Period("year", YEAR)
    report = period_report(world.lsp, period)
    items = counted(world, world.lsp, period.start, period.end)

    def grouped(key):
        groups = defaultdict(list)
        for item in items:
            groups[key(item)].append(item)
        return {name: tally(group) for name, group in groups.items()}

    def table(name):
        return {row.label: row for row in report.breakdown(name).rows}

    for label, counts in grouped(lambda i: f"{i.event.scheme.code} — {i.event.scheme.name}").items():
        row = table("scheme")[label]
        assert figures(row) == (counts.registered, counts.tested, counts.competent, counts.certified)
    assert {row.key: row.target for row in report.breakdown("scheme").rows} == {"SKM-OKM": 40, "SKM-JWD": 20}

    for label, counts in grouped(lambda i: i.event.site.name).items():
        assert figures(table("site")[label]) == (
            counts.registered,
            counts.tested,
            counts.competent,
            counts.certified,
        )
    assert len(table("site")) == 2

    funding = grouped(lambda i: i.event.funding.name if i.event.funding else "Tanpa sumber anggaran")
    for label, counts in funding.items():
        assert figures(table("funding")[label]) == (
            counts.registered,
            counts.tested,
            counts.competent,
            counts.certified,
        )
    assert {row.label: row.target for row in report.breakdown("funding").rows} == {
        "APBD Kota": 30,
        "APBN": 10,
        "Tanpa sumber anggaran": 20,
    }

    facilitators = grouped(
        lambda i: i.event.facilitator.name if i.event.facilitator else "Tanpa instansi fasilitator"
    )
    for label, counts in facilitators.items():
        assert figures(table("facilitator")[label]) == (
            counts.registered,
            counts.tested,
            counts.competent,
            counts.certified,
        )

    programs = grouped(
        lambda i: (
            f"{i.registration.program.code} — {i.registration.program.name}"
            if i.registration.program
            else None
        )
    )
    programs.pop(None)
    assert set(table("program")) == set(programs)
    for label, counts in programs.items():
        assert figures(table("program")[label]) == (
            counts.registered,
            counts.tested,
            counts.competent,
            counts.certified,
        )

    assessors = grouped(
        lambda i: (
            f"{i.assessor.user.full_name} ({i.assessor.registration_number})"
            if i.assessor
            else "Tanpa asesor"
        )
    )
    for label, counts in assessors.items():
        row = table("assessor")[label]
        assert row.registered is None  # not defined per assessor
        assert (row.tested, row.competent, row.certified) == (
            counts.tested,
            counts.competent,
            counts.certified,
        )


def test_a_scheme_filter_counts_that_scheme_only(world, expected):
    period = Period("year", YEAR)

    report = period_report(world.lsp, period, "SKM-JWD")

    counts = expected(world, world.lsp, period.start, period.end, "SKM-JWD")
    assert figures(report.totals) == (counts.registered, counts.tested, counts.competent, counts.certified)
    assert report.target == counts.target == 20
    assert [row.key for row in report.breakdown("scheme").rows] == ["SKM-JWD"]


def test_a_filter_matching_nothing_gives_an_empty_report(world):
    report = period_report(world.lsp, Period("year", YEAR), "TIDAK-ADA")

    assert report.is_empty
    assert figures(report.totals) == (0, 0, 0, 0)
    assert report.totals.pass_rate is None and report.totals.pass_rate_label == "–"
    assert all(not breakdown.rows for breakdown in report.breakdowns)


def test_another_organizations_events_are_never_counted(world):
    report = period_report(world.other_lsp, Period("year", YEAR))

    keys = {row.key for breakdown in report.breakdowns for row in breakdown.rows}
    assert "SKM-OKM" not in keys and "TUK-DSN" not in keys and "PLT-01" in keys
    assert report.totals.registered == 10
    assert report.target == 99
    disnaker = period_report(world.disnaker, Period("year", YEAR))
    assert "TUK-LAIN" not in {row.key for row in disnaker.breakdown("site").rows}


def test_the_report_takes_a_fixed_number_of_queries_whatever_the_data_size(world):
    period = Period("year", YEAR)

    def queries():
        with CaptureQueriesContext(connection) as context:
            period_report(world.lsp, period)
        return len(context.captured_queries)

    small = queries()
    for month in range(1, 13):
        event = make_event(
            world,
            f"more-{month}",
            dt.date(YEAR, month, 14),
            scheme=world.schemes["jwd" if month % 2 else "okm"],
            site=world.sites["lsp" if month % 3 else "dsn"],
            funding=world.funding["apbn"],
            facilitator=world.disnaker,
        )
        register(world, event, MIXED)
    large = queries()

    assert small == large <= 10
    assert period_report(world.lsp, period).totals.registered == 20 + 12 * 10
