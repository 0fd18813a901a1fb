"""Numbers and dates in official documents are written the Indonesian way whatever the reader's
interface language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from ujikom.documents.typst import indonesian_date, indonesian_number


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (12500, 0, "12.500"),
        (Decimal("12500.255"), 2, "12.500,26"),
        (Decimal("0.859"), 2, "0,86"),
        (2.675, 2, "2,68"),  # as written, not as the float is stored (2,67499…)
        (Decimal("-1234567.5"), 0, "-1.234.568"),
        (7, 1, "7,0"),
    ],
)
def test_numbers_have_dots_between_thousands_and_a_decimal_comma(value, places, text):
    assert indonesian_number(value, places) == text


def test_the_readers_english_does_not_change_a_documents_number_or_date():
    with translation.override("en"):
        assert indonesian_number(Decimal("480000000.5"), 1) == "480.000.000,5"
        assert indonesian_date(dt.date(2026, 2, 14)) == "14 Februari 2026"
