"""The filters of the period report: organization, period (kind, year, month or quarter) and scheme.

The parameter names are those of `Period.as_params` and of the API (`period`, `year`, `number`),
so the page, its exports and /api/v1/reports/period read the same query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ujikom.core.models import Organization

from .scope import Period


def period_kinds() -> list[tuple[str, str]]:
    return [("year", str(_("Tahun"))), ("quarter", str(_("Triwulan"))), ("month", str(_("Bulan")))]


class PeriodFilterForm(forms.Form):
    organization = forms.ChoiceField(
        label=_("Organisasi"),
        required=False,
        error_messages={"invalid_choice": _("Pilih organisasi dari daftar yang boleh Anda lihat.")},
    )
    period = forms.CharField(label=_("Periode"), required=False, widget=forms.Select())
    year = forms.CharField(
        label=_("Tahun"), required=False, widget=forms.NumberInput(attrs={"min": 2000, "step": 1})
    )
    number = forms.CharField(
        label=_("Bulan/triwulan ke-"),
        required=False,
        help_text=_("1–12 untuk bulan, 1–4 untuk triwulan; kosong untuk laporan tahunan."),
        widget=forms.NumberInput(attrs={"min": 1, "max": 12, "step": 1}),
    )
    scheme = forms.ChoiceField(
        label=_("Skema"),
        required=False,
        error_messages={"invalid_choice": _("Skema %(value)s tidak ada dalam laporan organisasi ini.")},
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        schemes: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, forms.ChoiceField)
        organization_field.choices = [(str(org.public_id), org.name) for org in organizations]
        scheme_field = self.fields["scheme"]
        assert isinstance(scheme_field, forms.ChoiceField)
        scheme_field.choices = [("", _("Semua skema")), *schemes]
        period_widget = self.fields["period"].widget
        assert isinstance(period_widget, forms.Select)
        period_widget.choices = period_kinds()
        for bound in self.fields.values():
            css = "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
            bound.widget.attrs.setdefault("class", css)
        self.period_value: Period | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            self.period_value = Period.parse(
                cleaned.get("period") or None, cleaned.get("year") or None, cleaned.get("number") or None
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned
