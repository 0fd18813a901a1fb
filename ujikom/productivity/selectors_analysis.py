"""Reads of the analysis part: indicators, causes, plan and evaluation of a case, as the case page's
sections, the closing report and the API show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.safestring import mark_safe

from ujikom.core.models import User

from . import indicators
from .models import Cause, Evaluation, GuidanceCase, Measurement, PlanAction, WhyStep


def format_number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """A number as the reader's language writes it ("1.234,5" in Indonesian); "—" for None.
    Without `places`, a whole number shows no decimals and others their significant ones (at most 4)."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    if places is None:
        number = number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
        exponent = number.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    else:
        # Django's number_format cuts digits off; round first (0,859 → 0,86, not 0,85).
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_indicator(value: Decimal | None) -> str:
    """An indicator with two decimals below 10 (0,86 potong/orang-jam), else one (137,5)."""
    if value is None:
        return "—"
    return format_number(value, 2 if abs(value) < 10 else 1)


def format_date(day: dt.date) -> str:
    """ "14 Februari 2026" in Indonesian."""
    return formats.date_format(day, "j F Y")


def measurements_of(case: GuidanceCase) -> list[Measurement]:
    return list(Measurement.objects.filter(case=case).order_by("period_start", "id"))


def causes_of(case: GuidanceCase) -> list[Cause]:
    """The case's causes with their whys, in the order of the tree's bones."""
    return list(
        Cause.objects.filter(case=case)
        .order_by("category", "position", "id")
        .prefetch_related(Prefetch("whys", queryset=WhyStep.objects.order_by("level")))
    )


def actions_of(case: GuidanceCase) -> list[PlanAction]:
    return list(PlanAction.objects.filter(case=case).select_related("cause"))


def evaluation_of(case: GuidanceCase) -> Evaluation | None:
    return Evaluation.objects.filter(case=case).select_related("before", "after", "evaluated_by").first()


@dataclass
class CauseNode:
    """A cause with its sub-causes, for the list beside the fishbone (and the drawing)."""

    cause: Cause
    depth: int
    children: list[CauseNode] = field(default_factory=list)
    whys: list[WhyStep] = field(default_factory=list)


def cause_tree(causes: list[Cause]) -> dict[str, list[CauseNode]]:
    """The first-level causes of each category (in the categories' order), sub-causes nested."""
    nodes = {cause.pk: CauseNode(cause=cause, depth=1, whys=list(cause.whys.all())) for cause in causes}
    roots: dict[str, list[CauseNode]] = {category: [] for category in Cause.Category.values}
    for cause in causes:
        node = nodes[cause.pk]
        parent = nodes.get(cause.parent_id) if cause.parent_id is not None else None
        if parent is None:
            roots.setdefault(cause.category, []).append(node)
        else:
            parent.children.append(node)

    def set_depth(node: CauseNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for top in roots.values():
        for node in top:
            set_depth(node, 1)
    return roots


def flat_tree(tree: dict[str, list[CauseNode]]) -> list[CauseNode]:
    rows: list[CauseNode] = []

    def walk(node: CauseNode) -> None:
        rows.append(node)
        for child in node.children:
            walk(child)

    for top in tree.values():
        for node in top:
            walk(node)
    return rows


def measurement_rows(measurements: list[Measurement], output_unit: str) -> list[dict[str, Any]]:
    rows = []
    for measurement in measurements:
        values = indicators.values_of(measurement)
        rows.append(
            {
                "measurement": measurement,
                "output": format_number(measurement.output_quantity),
                "defects": format_number(measurement.defect_quantity),
                "workers": format_number(measurement.workers),
                "hours": format_number(measurement.hours_worked),
                "cost": format_number(measurement.total_cost),
                "indicators": [
                    {"key": key, "value": format_indicator(values[key])}
                    for key in (indicator.key for indicator in indicators.INDICATORS)
                ],
            }
        )
    return rows


def chart_spec(measurements: list[Measurement], output_unit: str) -> dict[str, Any]:
    """The indicators over the periods, for the line chart (static/js/charts.js; numbers as floats,
    None as gaps). The quality rate is a percentage: on its own axis so the others stay readable."""
    series = []
    values = [indicators.values_of(measurement) for measurement in measurements]
    for indicator in indicators.INDICATORS:
        series.append(
            {
                "label": f"{indicator.label} ({indicators.unit_of(indicator, output_unit)})",
                "data": [None if (value := row[indicator.key]) is None else float(value) for row in values],
                **({"axis": "percent"} if indicator.key == "quality_rate" else {}),
            }
        )
    return {"type": "line", "labels": [measurement.label for measurement in measurements], "series": series}


def comparison_rows(evaluation: Evaluation, output_unit: str) -> list[dict[str, Any]]:
    rows = []
    for change in indicators.compare(evaluation.before, evaluation.after, output_unit):
        percent = change.change_percent
        rows.append(
            {
                "label": change.indicator.label,
                "unit": change.unit,
                "before": format_indicator(change.before),
                "after": format_indicator(change.after),
                "difference": (
                    ("+" if change.difference > 0 else "") + format_indicator(change.difference)
                    if change.difference is not None
                    else "—"
                ),
                "percent": (
                    ("+" if percent > 0 else "") + format_number(percent, 1) + " %"
                    if percent is not None
                    else "—"
                ),
                "improved": change.improved,
                "worse": change.improved is False and bool(change.difference),
            }
        )
    return rows


def analysis_context(*, case: GuidanceCase, user: User) -> dict[str, Any]:
    """What the case page's sections indicators, causes, plan and evaluation show."""
    from .drawing import fishbone_svg

    measurements = measurements_of(case)
    causes = causes_of(case)
    tree = cause_tree(causes)
    actions = actions_of(case)
    evaluation = evaluation_of(case)
    today = timezone.localdate()
    action_rows = [
        {
            "action": action,
            "overdue": action.due_on < today
            and action.status in (PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS),
        }
        for action in actions
    ]
    addressed = {action.cause_id for action in actions if action.cause_id is not None}
    root_causes = [cause for cause in causes if cause.is_root]
    return {
        "indicator_list": indicators.INDICATORS,
        "indicator_units": [
            indicators.unit_of(indicator, case.output_unit) for indicator in indicators.INDICATORS
        ],
        "measurement_rows": measurement_rows(measurements, case.output_unit),
        "indicator_chart": chart_spec(measurements, case.output_unit),
        "cause_rows": flat_tree(tree),
        "cause_categories": [
            {"value": value, "label": label, "nodes": tree.get(value, [])}
            for value, label in Cause.Category.choices
        ],
        "root_causes": root_causes,
        "unaddressed_causes": [cause for cause in root_causes if cause.pk not in addressed],
        "fishbone": mark_safe(fishbone_svg(case, causes=causes)),  # noqa: S308  (every text is escaped)
        "action_rows": action_rows,
        "evaluation": evaluation,
        "comparison_rows": comparison_rows(evaluation, case.output_unit) if evaluation is not None else [],
    }
