"""Which organizations a user may report on, and the period a report covers.

Every report, dashboard and register goes through `report_organizations` /
`chosen_organization`: a user sees the organizations where one of their roles holds
`reports.view` (a system administrator sees every organization), never others.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, organizations_of
from ujikom.core.models import Organization, User

VIEW = "reports.view"
PeriodKind = Literal["month", "quarter", "year"]
ROMAN = ("I", "II", "III", "IV")


def report_organizations(user: User) -> list[Organization]:
    """The organizations whose reports `user` may see, by name."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organization.objects.filter(is_active=True).order_by("name"))
    return [
        organization for organization in organizations_of(user) if has_permission(user, VIEW, organization)
    ]


def chosen_organization(user: User, wanted: str | None, default: Organization | None) -> Organization:
    """The organization a report is for: the one asked for by public id (`wanted`), else the one the
    user acts for (`default`), else the first they may see. PermissionDenied when none is allowed."""
    allowed = report_organizations(user)
    if wanted:
        for organization in allowed:
            if str(organization.public_id) == wanted:
                return organization
        raise PermissionDenied(_("Anda tidak berhak melihat laporan organisasi tersebut."))
    if default is not None and any(organization.pk == default.pk for organization in allowed):
        return default
    if allowed:
        return allowed[0]
    raise PermissionDenied(_("Anda tidak berhak melihat laporan organisasi mana pun."))


@dataclass(frozen=True)
class Period:
    """A month (number 1–12), a quarter (1–4) or a year (number 0) of the calendar."""

    kind: PeriodKind
    year: int
    number: int = 0

    @property
    def start(self) -> dt.date:
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        if self.kind == "month":
            return dt.date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])
        if self.kind == "quarter":
            month = 3 * self.number
            return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])
        return dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{MONTHS[self.number]} {self.year}"
        if self.kind == "quarter":
            return _("Triwulan %(roman)s %(year)s") % {"roman": ROMAN[self.number - 1], "year": self.year}
        return _("Tahun %(year)s") % {"year": self.year}

    def as_params(self) -> dict[str, str]:
        params = {"period": self.kind, "year": str(self.year)}
        if self.kind != "year":
            params["number"] = str(self.number)
        return params

    @classmethod
    def current(cls, kind: PeriodKind = "year", today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        if kind == "month":
            return cls("month", today.year, today.month)
        if kind == "quarter":
            return cls("quarter", today.year, (today.month - 1) // 3 + 1)
        return cls("year", today.year)

    @classmethod
    def parse(cls, kind: str | None, year: str | None, number: str | None) -> Period:
        """The period from query parameters (`period`, `year`, `number`); missing ones default to the
        current year. ValidationError in Indonesian naming the wrong field."""
        kind = kind or "year"
        if kind not in ("month", "quarter", "year"):
            raise ValidationError({"period": _("Periode harus bulan, triwulan atau tahun.")})
        today = timezone.localdate()
        try:
            year_value = int(year) if year else today.year
        except ValueError:
            raise ValidationError(
                {"year": _("Tahun harus berupa angka, misalnya %(year)s.") % {"year": today.year}}
            ) from None
        if not 2000 <= year_value <= today.year + 5:
            raise ValidationError(
                {"year": _("Tahun harus antara 2000 dan %(last)s.") % {"last": today.year + 5}}
            )
        if kind == "year":
            return cls("year", year_value)
        last = 12 if kind == "month" else 4
        default = today.month if kind == "month" else (today.month - 1) // 3 + 1
        try:
            number_value = int(number) if number else default
        except ValueError:
            number_value = 0
        if not 1 <= number_value <= last:
            field = _("Bulan harus 1 sampai 12.") if kind == "month" else _("Triwulan harus 1 sampai 4.")
            raise ValidationError({"number": field})
        return cls(kind, year_value, number_value)  # type: ignore[arg-type]
