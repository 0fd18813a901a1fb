"""SOP time compliance figures, checked against counts made by hand from the data each test builds."""

from __future__ import annotations

import statistics

import pytest
from django.core.exceptions import ValidationError

from ujikom.reports import selectors_compliance as selectors
from ujikom.reports.scope import Period
from ujikom.sop.library import approve_version, import_definition

from .conftest import HOUR, at, compliance_definition

pytestmark = pytest.mark.django_db

YEAR = Period("year", 2026)
STEP_1 = [3000, 9000, 12000, 15000, 20000, 7200, 30000]  # standard 4 jam = 14,400 s
STEP_2 = [10000, 20000, 27000, 35000, 50000, 60000, 40000]  # standard 1 hari = 28,800 s
STEP_3 = [90000, 100000, 80000, 95000, 110000, 85000, 70000]  # no standard
EXTRA_STEP_2 = 33000  # run 1 did step 2 twice (a loop back)


def p90_of_seven(values: list[int]) -> float:
    """0.9 × (7 − 1) = 5.4: the sixth value plus 0.4 of the way to the seventh."""
    ordered = sorted(values)
    return ordered[5] + 0.4 * (ordered[6] - ordered[5])


def p90_of_eight(values: list[int]) -> float:
    """0.9 × (8 − 1) = 6.3: the seventh value plus 0.3 of the way to the eighth."""
    ordered = sorted(values)
    return ordered[6] + 0.3 * (ordered[7] - ordered[6])


@pytest.fixture
def seven_runs(compliance_sop, build_runs):
    plans = []
    for index in range(7):
        day = 2 + index * 3
        plan = [
            (1, STEP_1[index], at(2026, 3, day, 10)),
            (2, STEP_2[index], at(2026, 3, day + 1, 10)),
        ]
        if index == 0:
            plan.append((2, EXTRA_STEP_2, at(2026, 3, day + 1, 14)))
        plan.append((3, STEP_3[index], at(2026, 3, day + 2, 10)))
        plans.append(plan)
    return build_runs(compliance_sop, plans)


def _step(report, number):
    return next(step for sop in report.sops for step in sop.steps if step.number == number)


def test_each_step_counts_its_step_runs_runs_median_p90_standard_and_share_late(disnaker, seven_runs):
    report = selectors.compliance(disnaker, YEAR)

    assert [sop.code for sop in report.sops] == ["UJI/KEPATUHAN-1"]
    assert [step.number for step in report.sops[0].steps] == [1, 2, 3]
    first, second, third = (_step(report, n) for n in (1, 2, 3))

    assert (first.step_runs, first.runs) == (7, 7)
    assert first.median == pytest.approx(statistics.median(STEP_1))
    assert first.p90 == pytest.approx(p90_of_seven(STEP_1))
    assert first.standard == 4 * HOUR
    assert first.ratio == pytest.approx(statistics.median(STEP_1) / (4 * HOUR))
    assert (first.late, first.judged) == (sum(v > 4 * HOUR for v in STEP_1), 7)
    assert first.late_share == pytest.approx(3 / 7)

    all_second = [*STEP_2, EXTRA_STEP_2]
    assert (second.step_runs, second.runs) == (8, 7)
    assert second.median == pytest.approx(statistics.median(all_second))
    assert second.p90 == pytest.approx(p90_of_eight(all_second))
    assert second.standard == 8 * HOUR
    assert second.late == sum(v > 8 * HOUR for v in all_second) == 5

    assert third.standard is None and third.ratio is None
    assert (third.late, third.judged, third.late_share) == (0, 0, None)
    assert third.median == pytest.approx(statistics.median(STEP_3))


def test_steps_are_ranked_by_median_over_standard_and_the_slowest_has_the_highest_median(
    disnaker, seven_runs
):
    report = selectors.compliance(disnaker, YEAR)
    first, second, third = (_step(report, n) for n in (1, 2, 3))
    ratios = {
        1: statistics.median(STEP_1) / (4 * HOUR),
        2: statistics.median([*STEP_2, EXTRA_STEP_2]) / (8 * HOUR),
    }
    expected_order = sorted(ratios, key=lambda number: -ratios[number])

    assert [n for n in expected_order] == [2, 1]
    assert (second.rank, first.rank, third.rank) == (1, 2, None)
    assert second.is_bottleneck  # median 34,000 s > 28,800 s
    assert not first.is_bottleneck  # median 12,000 s < 14,400 s
    assert report.sops[0].bottlenecks == [second]
    assert report.slowest is third  # 90,000 s median, the highest even without a standard


def test_ties_in_ratio_are_ranked_by_share_late(disnaker, compliance_sop, build_runs):
    # Both medians are exactly the standard (ratio 1); step 1 is late in 1 of 3, step 2 in 0 of 3.
    build_runs(
        compliance_sop,
        [
            [(1, 4 * HOUR, at(2026, 4, 6)), (2, 8 * HOUR, at(2026, 4, 7))],
            [(1, 4 * HOUR + 60, at(2026, 4, 8)), (2, 8 * HOUR, at(2026, 4, 9))],
            [(1, 60, at(2026, 4, 13)), (2, 60, at(2026, 4, 14))],
        ],
    )

    report = selectors.compliance(disnaker, YEAR)

    assert (_step(report, 1).rank, _step(report, 2).rank) == (1, 2)
    assert not _step(report, 1).is_bottleneck


def test_only_done_step_runs_completed_in_the_period_in_runs_of_the_organization_count(
    disnaker, make_organization, compliance_sop, build_runs
):
    build_runs(compliance_sop, [[(1, 1000, at(2026, 5, 4))]])
    build_runs(compliance_sop, [[(1, 2000, at(2025, 12, 31, 23))]])  # the year before
    build_runs(compliance_sop, [[(1, 3000, at(2027, 1, 1, 0))]])  # midnight WIB = 17:00 UTC the day before
    build_runs(compliance_sop, [[(1, 4000, at(2026, 5, 5))]], status="cancelled")
    build_runs(compliance_sop, [[(1, 5000, at(2026, 5, 6))]], organization=make_organization("Lain"))
    build_runs(compliance_sop, [[(1, 6000, at(2026, 12, 31, 23))]])  # last hour of the year

    report = selectors.compliance(disnaker, YEAR)

    step = _step(report, 1)
    assert (step.step_runs, step.median) == (2, statistics.median([1000, 6000]))
    may = selectors.compliance(disnaker, Period("month", 2026, 5))
    assert _step(may, 1).step_runs == 1
    assert selectors.compliance(disnaker, Period("quarter", 2026, 1)).is_empty


def test_the_sop_filter_keeps_one_sop_and_every_version_of_it_adds_up(
    disnaker, system_admin, compliance_sop, build_runs
):
    other = approve_version(
        version=import_definition(
            organization=disnaker, definition=compliance_definition("UJI/KEPATUHAN-2"), actor=system_admin
        ),
        actor=system_admin,
    )
    build_runs(compliance_sop, [[(1, 1000, at(2026, 6, 1))]])
    build_runs(other, [[(1, 9000, at(2026, 6, 2))], [(1, 7000, at(2026, 6, 3))]])

    both = selectors.compliance(disnaker, YEAR)
    only = selectors.compliance(disnaker, YEAR, selectors.sop_of(disnaker, "UJI/KEPATUHAN-2"))

    assert [sop.code for sop in both.sops] == ["UJI/KEPATUHAN-1", "UJI/KEPATUHAN-2"]
    assert [sop.code for sop in only.sops] == ["UJI/KEPATUHAN-2"]
    assert _step(only, 1).median == 8000
    assert only.slowest is not None and only.slowest.sop_code == "UJI/KEPATUHAN-2"


def test_an_sop_of_another_organization_or_unknown_is_refused_with_its_name(disnaker, lsp, compliance_sop):
    with pytest.raises(ValidationError) as refused:
        selectors.sop_of(lsp, "UJI/KEPATUHAN-1")
    assert "UJI/KEPATUHAN-1 tidak ada di LSP Politeknik STMI Jakarta" in refused.value.message_dict["sop"][0]
    assert selectors.sop_of(disnaker, str(compliance_sop.sop.public_id)) == compliance_sop.sop
    assert selectors.sop_of(disnaker, "") is None


def test_the_grouped_times_read_in_python_give_the_database_figures(disnaker, seven_runs):
    """On PostgreSQL the report computes percentiles in the database; the Python reading used on
    SQLite must give the same numbers on the same data."""
    report = selectors.compliance(disnaker, YEAR)
    step_runs = selectors.done_step_runs(disnaker, YEAR)
    groups = {
        (row["group_sop"], row["group_number"]): selectors.StepFigures(row["group_sop"], row["group_number"])
        for row in selectors._grouped(step_runs, with_percentiles=False)
    }
    selectors._percentiles_in_python(step_runs, groups)

    for sop in report.sops:
        for step in sop.steps:
            in_python = groups[(step.sop_id, step.number)]
            assert (in_python.median, in_python.p90, in_python.standard) == pytest.approx(
                (step.median, step.p90, step.standard)
            )


def test_an_organization_without_runs_in_the_period_has_an_empty_report(disnaker, compliance_sop):
    report = selectors.compliance(disnaker, YEAR)

    assert report.is_empty and report.slowest is None
