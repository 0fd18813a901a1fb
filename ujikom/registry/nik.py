"""The Indonesian national identity number (NIK) and what its digits say.

A NIK has 16 digits: province (1–2), city/regency (3–4), district (5–6), then the birth date
as DDMMYY (7–12) with 40 added to the day for women, then a serial (13–16, from 0001).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container

from django.utils.translation import gettext as _

WOMAN_DAY_OFFSET = 40


def nik_problems(
    nik: str,
    *,
    birth_date: dt.date | None,
    sex: str | None,
    provinces: Container[str] | None = None,
) -> list[str]:
    """What is wrong with `nik` for a person born on `birth_date` of `sex` ("L"/"P"), in Indonesian.

    `birth_date` or `sex` None (unknown, reported elsewhere) skips that comparison; `provinces`,
    when given, holds the known two-digit province codes.
    """
    if len(nik) != 16 or not nik.isdigit():
        return [_("NIK harus 16 digit angka.")]
    problems: list[str] = []
    if provinces is not None and nik[:2] not in provinces:
        problems.append(
            _("NIK tidak sah: kode provinsi %(code)s (digit 1–2) tidak dikenal.") % {"code": nik[:2]}
        )
    if nik[12:] == "0000":
        problems.append(_("NIK tidak sah: nomor urut (digit 13–16) tidak boleh 0000."))
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    is_woman = day > WOMAN_DAY_OFFSET
    if is_woman:
        day -= WOMAN_DAY_OFFSET
    if not (1 <= month <= 12 and 1 <= day <= 31) or not _possible(day, month, year):
        problems.append(
            _("NIK tidak sah: digit 7–12 (%(digits)s) bukan tanggal lahir.") % {"digits": nik[6:12]}
        )
        return problems
    if birth_date is not None and (day, month, year) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        problems.append(
            _(
                "NIK tidak cocok dengan tanggal lahir: digit 7–12 menunjukkan %(nik_date)s, tanggal lahir %(date)s."
            )
            % {
                "nik_date": f"{day:02d}-{month:02d}-{year:02d}",
                "date": birth_date.strftime("%d-%m-%Y"),
            }
        )
    if sex in {"L", "P"} and (sex == "P") != is_woman:
        if is_woman:
            message = _(
                "NIK tidak cocok dengan jenis kelamin: NIK ini milik perempuan (tanggal + 40), tertulis L."
            )
        else:
            message = _("NIK tidak cocok dengan jenis kelamin: NIK ini milik laki-laki, tertulis P.")
        problems.append(message)
    return problems


def _possible(day: int, month: int, year: int) -> bool:
    """Whether the day exists in that month in a century the two year digits may mean."""
    for century in (1900, 2000):
        try:
            dt.date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def nik_for(*, region_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """A NIK consistent with the birth date and sex, for demo data and benchmarks (`region_code` 6 digits)."""
    day = birth_date.day + (WOMAN_DAY_OFFSET if sex == "P" else 0)
    return f"{region_code[:6]:0<6}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
