"""Forms of the working-calendar pages. They only parse; the calendar services validate."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .calendar import OfficeDay
from .forms import ServiceErrorsMixin, style_widgets
from .models import Holiday

TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class HolidayForm(ServiceErrorsMixin, forms.Form):
    """A holiday entered by hand. Without `allow_national` it is a local holiday of the organization."""

    date = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    name = forms.CharField(label=_("Nama hari libur"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=Holiday.Kind.choices,
        initial=Holiday.Kind.LOCAL,
        help_text=_(
            "Libur nasional dan cuti bersama berlaku untuk semua organisasi; libur lokal hanya untuk organisasi ini."
        ),
    )

    def __init__(self, *args: object, allow_national: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not allow_national:
            del self.fields["kind"]

    @property
    def holiday_kind(self) -> str:
        return self.cleaned_data.get("kind") or Holiday.Kind.LOCAL


class OfficeHoursForm(ServiceErrorsMixin, forms.Form):
    """Opening and closing time for each weekday; both empty means closed (default) or "follow the default"."""

    def __init__(self, *args: object, week: list[OfficeDay], default_scope: bool, **kwargs: object) -> None:
        initial: dict[str, dt.time] = {}
        for day in week:
            shown = day.default if default_scope else day.own
            if shown is not None:
                initial[f"opens_{day.weekday}"], initial[f"closes_{day.weekday}"] = shown
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.week = week
        for day in week:
            for prefix, label in (("opens", _("%(day)s, jam buka")), ("closes", _("%(day)s, jam tutup"))):
                self.fields[f"{prefix}_{day.weekday}"] = forms.TimeField(
                    label=label % {"day": day.label},
                    required=False,
                    input_formats=TIME_INPUT_FORMATS,
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                )
        style_widgets(self)

    def rows(self) -> list[tuple[OfficeDay, forms.BoundField, forms.BoundField]]:
        return [(day, self[f"opens_{day.weekday}"], self[f"closes_{day.weekday}"]) for day in self.week]

    def hours(self) -> dict[int, tuple[dt.time | None, dt.time | None] | None]:
        """{weekday: (opens, closes)} with None where both are empty; half-filled rows go to the service to report."""
        result: dict[int, tuple[dt.time | None, dt.time | None] | None] = {}
        for day in self.week:
            opens = self.cleaned_data.get(f"opens_{day.weekday}")
            closes = self.cleaned_data.get(f"closes_{day.weekday}")
            result[day.weekday] = None if opens is None and closes is None else (opens, closes)
        return result
