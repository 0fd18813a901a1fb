"""The working calendar: office hours, holidays and time standards counted in working time.

SOP time standards ("15 menit", "4 jam", "1 hari", "2 minggu", "1 bulan", "3 x 24 jam")
are turned into due times on an organization's working calendar. Everything is computed
in Asia/Jakarta; every datetime going in or coming out is timezone-aware.

The calendar of an organization
- Office hours per weekday: the default rows (organization empty, seeded Monday–Friday
  08:00–16:00) apply unless the organization has its own row for that weekday, which then
  replaces the default for that weekday only (e.g. Friday until 16:30). A weekday without
  hours is not a working day.
- Holidays: the national ones (including cuti bersama) plus the organization's own local
  ones. Every holiday row counts, confirmed or not: a seeded date is most likely right, and
  confirmation only records that an official checked it; a wrong one is deleted.
- A working day is a day with office hours that is not a holiday. Office time is the
  half-open interval [opening, closing) of each working day.

How a time standard is added to a start
- A start outside office time first moves to the next opening: before opening → that
  day's opening; at or after closing, on a weekend or on a holiday → the next working
  day's opening. This holds for every unit.
- Minutes and hours consume office time, day after day. A task may end exactly at closing
  time (Thursday 12:00 + 4 jam = Thursday 16:00).
- "N hari" (also "N x 24 jam"): the same position in the office day, i.e. the time
  elapsed since that day's opening, N working days later; clamped to that day's closing
  when the day is shorter. Friday 15:00 + 1 hari = Monday 15:00.
- "N minggu": 5N working days, as above.
- "N bulan": the same calendar date N months later (clamped to the month's last day) at
  the same time of day, then moved to the next working moment when that is not office
  time. 31 January + 1 bulan = 28 (or 29) February.

`WorkingCalendar` loads the office hours once and the holidays by year range when first
needed (one query each), so one instance answers many questions cheaply; it does not see
changes made after it loaded them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Holiday, OfficeHours

if TYPE_CHECKING:
    from .models import Organization

JAKARTA = ZoneInfo("Asia/Jakarta")
WORKING_DAYS_PER_WEEK = 5
# Looking further ahead than this for a working day means the calendar has none.
MAX_SEARCH_DAYS = 3 * 366

UNITS = ("minutes", "hours", "days", "weeks", "months")
UNIT_WORDS: dict[str, str] = {
    "menit": "minutes",
    "mnt": "minutes",
    "jam": "hours",
    "hari": "days",
    "hari kerja": "days",
    "minggu": "weeks",
    "minggu kerja": "weeks",
    "pekan": "weeks",
    "bulan": "months",
}
UNIT_LABELS: dict[str, str] = {
    "minutes": "menit",
    "hours": "jam",
    "days": "hari",
    "weeks": "minggu",
    "months": "bulan",
}

_TIMES_PATTERN = re.compile(r"^(\d+)\s*x\s*(\d+)\s*(.*)$")
_AMOUNT_PATTERN = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(.*)$")
_EXAMPLES = '"15 menit", "4 jam", "1 hari", "2 minggu", "1 bulan", "3 x 24 jam"'


@dataclass(frozen=True)
class WorkingDuration:
    """A time standard in working time: `amount` of `unit` (minutes, hours, days, weeks, months)."""

    amount: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; expected one of {', '.join(UNITS)}")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 0:
            raise ValueError(f"amount must be a whole number not below zero, got {self.amount!r}")

    def __str__(self) -> str:
        return f"{self.amount} {_(UNIT_LABELS[self.unit])}"

    @property
    def working_days(self) -> int | None:
        """The number of working days for day and week standards; None for the others."""
        if self.unit == "days":
            return self.amount
        if self.unit == "weeks":
            return self.amount * WORKING_DAYS_PER_WEEK
        return None


def parse_duration(text: str | None) -> WorkingDuration | None:
    """Read an Indonesian time standard; None when blank (no standard).

    Accepts `15 menit`, `4 jam`, `1,5 jam` (= 90 menit), `1 hari` / `1 hari kerja`, `2 minggu`
    (`pekan`), `1 bulan`, and `3 x 24 jam` / `3x24 jam` (= 3 working days). Raises ValueError
    with an Indonesian message naming what could not be read.
    """
    if text is None:
        return None
    normalized = " ".join(str(text).replace("×", "x").replace("X", "x").lower().split()).rstrip(".")
    if not normalized:
        return None
    times = _TIMES_PATTERN.match(normalized)
    if times:
        count, hours, unit_text = int(times.group(1)), int(times.group(2)), times.group(3).strip()
        if UNIT_WORDS.get(unit_text) != "hours":
            if unit_text and unit_text not in UNIT_WORDS:
                raise ValueError(_('satuan waktu tidak dikenal "%(unit)s"') % {"unit": unit_text})
            raise ValueError(
                _('bentuk waktu "%(text)s" tidak dikenal; yang dikenal "N x 24 jam" (N hari kerja)')
                % {"text": normalized}
            )
        if hours != 24:
            raise ValueError(
                _('bentuk waktu "%(text)s" tidak dikenal; gunakan "N x 24 jam" untuk hari kerja atau "N jam"')
                % {"text": normalized}
            )
        return WorkingDuration(count, "days")
    match = _AMOUNT_PATTERN.match(normalized)
    if not match or not match.group(2):
        raise ValueError(
            _('waktu "%(text)s" tidak dapat dibaca; tulis angka dan satuannya, mis. %(examples)s')
            % {"text": normalized, "examples": _EXAMPLES}
        )
    amount_text, unit_text = match.group(1).replace(",", "."), match.group(2).strip()
    unit = UNIT_WORDS.get(unit_text)
    if unit is None:
        raise ValueError(_('satuan waktu tidak dikenal "%(unit)s"') % {"unit": unit_text})
    try:
        amount = Decimal(amount_text)
    except InvalidOperation as error:  # pragma: no cover - the pattern only lets digits through
        raise ValueError(_('jumlah waktu "%(text)s" tidak dapat dibaca') % {"text": amount_text}) from error
    if amount != amount.to_integral_value():
        minutes = amount * 60
        if unit == "hours" and minutes == minutes.to_integral_value():
            return WorkingDuration(int(minutes), "minutes")
        raise ValueError(
            _('jumlah "%(amount)s %(unit)s" harus bilangan bulat')
            % {"amount": match.group(1), "unit": unit_text}
        )
    return WorkingDuration(int(amount), unit)


def _aware(moment: dt.datetime, name: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return moment.astimezone(JAKARTA)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


class WorkingCalendar:
    """The working calendar of one organization (None = the default and national holidays only)."""

    def __init__(self, organization: Organization | None = None) -> None:
        self.organization = organization
        self._hours: dict[int, tuple[dt.time, dt.time]] | None = None
        self._holidays: set[dt.date] = set()
        self._loaded_years: set[int] = set()

    # Loading -------------------------------------------------------------------------------

    def _scope(self) -> Q:
        if self.organization is None:
            return Q(organization__isnull=True)
        return Q(organization__isnull=True) | Q(organization=self.organization)

    @property
    def office_hours(self) -> dict[int, tuple[dt.time, dt.time]]:
        """{weekday: (opens, closes)} in effect for this organization; weekdays missing are closed."""
        if self._hours is None:
            hours: dict[int, tuple[dt.time, dt.time]] = {}
            own: dict[int, tuple[dt.time, dt.time]] = {}
            for organization_id, weekday, opens, closes in OfficeHours.objects.filter(
                self._scope()
            ).values_list("organization_id", "weekday", "opens_at", "closes_at"):
                (hours if organization_id is None else own)[weekday] = (opens, closes)
            hours.update(own)
            self._hours = hours
        return self._hours

    def load_years(self, first: int, last: int | None = None) -> None:
        """Load the holidays of the years first..last (inclusive) not loaded yet, in one query."""
        wanted = [
            year
            for year in range(first, (last if last is not None else first) + 1)
            if year not in self._loaded_years
        ]
        if not wanted:
            return
        start, end = dt.date(min(wanted), 1, 1), dt.date(max(wanted), 12, 31)
        days = Holiday.objects.filter(self._scope(), date__gte=start, date__lte=end).values_list(
            "date", flat=True
        )
        self._holidays.update(day for day in days if day.year in wanted)
        self._loaded_years.update(wanted)

    def _ensure_year(self, year: int) -> None:
        if year not in self._loaded_years:
            # Work usually runs on into the next year, so load it with the same query.
            self.load_years(year, year + 1)

    # Questions about days -------------------------------------------------------------------

    def is_holiday(self, day: dt.date) -> bool:
        self._ensure_year(day.year)
        return day in self._holidays

    def hours_on(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        """(opens, closes) on a working day; None when the day is not a working day."""
        hours = self.office_hours.get(day.weekday())
        if hours is None or self.is_holiday(day):
            return None
        return hours

    def is_working_day(self, day: dt.date) -> bool:
        return self.hours_on(day) is not None

    def next_working_day(self, after: dt.date) -> dt.date:
        """The first working day strictly after `after`."""
        day = after
        for _step in range(MAX_SEARCH_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError(
            _("Tidak ada hari kerja dalam kalender kerja sejak %(day)s.") % {"day": after.isoformat()}
        )

    def working_days_in(self, first: dt.date, last: dt.date) -> int:
        """How many working days lie in first..last (inclusive)."""
        self.load_years(first.year, last.year)
        count, day = 0, first
        while day <= last:
            if self.is_working_day(day):
                count += 1
            day += dt.timedelta(days=1)
        return count

    def _opening(self, day: dt.date) -> dt.datetime:
        hours = self.hours_on(day)
        assert hours is not None
        return dt.datetime.combine(day, hours[0], tzinfo=JAKARTA)

    def _closing(self, day: dt.date) -> dt.datetime:
        hours = self.hours_on(day)
        assert hours is not None
        return dt.datetime.combine(day, hours[1], tzinfo=JAKARTA)

    # Questions about moments ----------------------------------------------------------------

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """`moment` itself when it is office time, else the next opening (see the module docstring)."""
        local = _aware(moment, "moment")
        hours = self.hours_on(local.date())
        if hours is not None:
            opens, closes = hours
            if local.time() < opens:
                return self._opening(local.date())
            if local.time() < closes:
                return local
        return self._opening(self.next_working_day(local.date()))

    def add_working_time(self, start: dt.datetime, duration: WorkingDuration) -> dt.datetime:
        """The due time of a task started at `start` with the time standard `duration`."""
        current = self.next_working_moment(start)
        if duration.unit in ("minutes", "hours"):
            remaining = dt.timedelta(minutes=duration.amount * (60 if duration.unit == "hours" else 1))
            while True:
                available = self._closing(current.date()) - current
                if remaining <= available:
                    return current + remaining
                remaining -= available
                current = self._opening(self.next_working_day(current.date()))
        if duration.unit == "months":
            target = dt.datetime.combine(
                _add_months(current.date(), duration.amount), current.time(), tzinfo=JAKARTA
            )
            return self.next_working_moment(target)
        into_day = current - self._opening(current.date())
        day = current.date()
        for _step in range(duration.working_days or 0):
            day = self.next_working_day(day)
        return min(self._opening(day) + into_day, self._closing(day))

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Office time within [start, end]; zero when end is not after start."""
        first, last = _aware(start, "start"), _aware(end, "end")
        total = dt.timedelta(0)
        if last <= first:
            return total
        self.load_years(first.year, last.year)
        day = first.date()
        while day <= last.date():
            hours = self.hours_on(day)
            if hours is not None:
                opens = dt.datetime.combine(day, hours[0], tzinfo=JAKARTA)
                closes = dt.datetime.combine(day, hours[1], tzinfo=JAKARTA)
                overlap = min(closes, last) - max(opens, first)
                if overlap > dt.timedelta(0):
                    total += overlap
            day += dt.timedelta(days=1)
        return total


def _as_duration(duration: WorkingDuration | str) -> WorkingDuration:
    if isinstance(duration, WorkingDuration):
        return duration
    parsed = parse_duration(duration)
    if parsed is None:
        raise ValueError(_("waktu kosong: tidak ada standar waktu untuk dihitung"))
    return parsed


def add_working_time(
    start: dt.datetime, duration: WorkingDuration | str, organization: Organization | None = None
) -> dt.datetime:
    """`start` plus a time standard on the organization's working calendar (see the module docstring)."""
    return WorkingCalendar(organization).add_working_time(start, _as_duration(duration))


def working_time_between(
    a: dt.datetime, b: dt.datetime, organization: Organization | None = None
) -> dt.timedelta:
    """Office time between two moments on the organization's working calendar."""
    return WorkingCalendar(organization).working_time_between(a, b)


# Reads for the calendar pages -------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeDay:
    weekday: int
    label: str
    default: tuple[dt.time, dt.time] | None
    own: tuple[dt.time, dt.time] | None

    @property
    def effective(self) -> tuple[dt.time, dt.time] | None:
        return self.own or self.default


def office_week(*, organization: Organization | None) -> list[OfficeDay]:
    """The seven weekdays with the default hours and the organization's own hours, in one query."""
    default: dict[int, tuple[dt.time, dt.time]] = {}
    own: dict[int, tuple[dt.time, dt.time]] = {}
    scope = Q(organization__isnull=True)
    if organization is not None:
        scope |= Q(organization=organization)
    for row in OfficeHours.objects.filter(scope):
        (default if row.organization_id is None else own)[row.weekday] = (row.opens_at, row.closes_at)
    return [
        OfficeDay(weekday, str(label), default.get(weekday), own.get(weekday))
        for weekday, label in OfficeHours.Weekday.choices
    ]


def holidays_of_year(*, organization: Organization | None, year: int) -> list[Holiday]:
    """National holidays and the organization's local ones in a year, by date."""
    scope = Q(organization__isnull=True)
    if organization is not None:
        scope |= Q(organization=organization)
    return list(
        Holiday.objects.filter(scope, date__year=year)
        .select_related("organization", "confirmed_by")
        .order_by("date", "organization_id", "name")
    )
