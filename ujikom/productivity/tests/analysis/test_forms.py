"""Numbers are read the Indonesian way: a dot groups thousands, a comma marks decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ujikom.productivity.forms_analysis import MeasurementForm, parse_indonesian_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12.500", Decimal("12500")),
        ("12,5", Decimal("12.5")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("12500", Decimal("12500")),
        ("Rp 480.000.000", Decimal("480000000")),
        ("12.5", Decimal("12.5")),
        ("-5", Decimal("-5")),
    ],
)
def test_indonesian_numbers_are_read(text, number):
    assert parse_indonesian_number(text) == number


@pytest.mark.parametrize("text", ["12,5,0", "1.23.4", "abc", "12.50,5", ","])
def test_unreadable_numbers_are_none(text):
    assert parse_indonesian_number(text) is None


def test_the_form_reads_the_numbers_and_names_an_unreadable_one(db):
    form = MeasurementForm(
        {
            "label": "Januari",
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "output_quantity": "12.000",
            "defect_quantity": "",
            "workers": "80",
            "hours_worked": "13.600,5",
            "total_cost": "banyak",
        }
    )

    assert not form.is_valid()
    assert form.errors["total_cost"] == ["Tuliskan angka, mis. 12.500 atau 12,5."]
    assert form.cleaned_data["output_quantity"] == Decimal("12000")
    assert form.cleaned_data["hours_worked"] == Decimal("13600.5")
