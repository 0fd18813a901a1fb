"""Productivity indicators computed from a measurement, and the comparison of two periods.

Every page, the API, the closing report and the reports read the indicators from here, so they
agree. An indicator that cannot be computed (no cost given, no hours worked) is None and shows
as "—", never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import Measurement

MILLION = Decimal(1_000_000)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any  # lazy translated
    unit: Any  # lazy translated; "%(unit)s" is the case's output unit
    higher_is_better: bool = True


INDICATORS: tuple[Indicator, ...] = (
    Indicator("per_worker", _("Output per pekerja"), _("%(unit)s/pekerja")),
    Indicator("per_hour", _("Output per jam kerja"), _("%(unit)s/orang-jam")),
    Indicator("per_million", _("Output per Rp 1 juta biaya"), _("%(unit)s/Rp 1 juta")),
    Indicator("quality_rate", _("Tingkat mutu (output baik)"), _("%")),
)


def unit_of(indicator: Indicator, output_unit: str) -> str:
    """The indicator's unit with the case's output unit in it ("potong/orang-jam", "%")."""
    text = str(indicator.unit)
    return text.replace("%(unit)s", output_unit)


def _ratio(numerator: Decimal, denominator: Decimal | int | None) -> Decimal | None:
    if denominator is None or not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def values_of(measurement: Measurement) -> dict[str, Decimal | None]:
    """The four indicators of one period (None where the data does not allow one)."""
    output = measurement.output_quantity
    good = output - (measurement.defect_quantity or Decimal(0))
    cost_millions = measurement.total_cost / MILLION if measurement.total_cost else None
    return {
        "per_worker": _ratio(output, measurement.workers),
        "per_hour": _ratio(output, measurement.hours_worked),
        "per_million": _ratio(output, cost_millions),
        "quality_rate": _ratio(good * HUNDRED, output),
    }


@dataclass(frozen=True)
class Change:
    """One indicator before and after, and how it moved (change_percent is None without a base)."""

    indicator: Indicator
    unit: str
    before: Decimal | None
    after: Decimal | None
    difference: Decimal | None
    change_percent: Decimal | None

    @property
    def improved(self) -> bool | None:
        if self.difference is None or self.difference == 0:
            return None if self.difference is None else False
        return (self.difference > 0) == self.indicator.higher_is_better


def compare(before: Measurement, after: Measurement, output_unit: str) -> list[Change]:
    """Each indicator of `after` against `before`. For the quality rate the change is in
    percentage points as well as percent."""
    old, new = values_of(before), values_of(after)
    changes = []
    for indicator in INDICATORS:
        a, b = old[indicator.key], new[indicator.key]
        difference = (b - a) if a is not None and b is not None else None
        percent = _ratio(difference * HUNDRED, a) if difference is not None and a else None
        changes.append(
            Change(
                indicator=indicator,
                unit=unit_of(indicator, output_unit),
                before=a,
                after=b,
                difference=difference,
                change_percent=percent,
            )
        )
    return changes


def headline(changes: list[Change]) -> Change | None:
    """The indicator a summary leads with: output per hour when it can be computed, else the first that can."""
    by_key = {change.indicator.key: change for change in changes}
    preferred = by_key.get("per_hour")
    if preferred is not None and preferred.change_percent is not None:
        return preferred
    return next((change for change in changes if change.change_percent is not None), None)
