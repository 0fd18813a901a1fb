"""Forms of targets, plans (with their RAB lines) and test events. The forms parse; the services validate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import CheckboxList, DateInput, ServiceErrorsMixin, style_widgets
from ujikom.core.models import Organization
from ujikom.registry.models import Scheme, TestSite
from ujikom.registry.selectors_sites import schemes_of_lsp

from .models import Plan, Target, TestEvent
from .services_events import LineInput, facilitators_for, usable_funding, usable_sites


def _choice_errors(field: forms.Field, message: Any) -> None:
    field.error_messages["invalid_choice"] = message


class TargetForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["year", "scheme", "funding", "quantity", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scheme = cast(forms.ModelChoiceField, self.fields["scheme"])
        scheme.queryset = schemes_of_lsp(organization)
        _choice_errors(scheme, _("Skema yang dipilih bukan skema aktif LSP ini."))
        funding = cast(forms.ModelChoiceField, self.fields["funding"])
        funding.queryset = usable_funding(organization)
        funding.empty_label = _("— belum ditentukan —")
        _choice_errors(funding, _("Sumber anggaran yang dipilih tidak tersedia."))
        if not self.instance.pk:
            self.fields["year"].initial = dt.date.today().year

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class MemoForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class PlanForm(ServiceErrorsMixin, forms.ModelForm):
    targets = forms.ModelMultipleChoiceField(
        label=_("Target yang direncanakan"),
        queryset=Target.objects.none(),
        required=False,
        widget=CheckboxList,
    )

    class Meta:
        model = Plan
        fields = ["year", "title", "background", "objectives", "scope", "targets"]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = cast(forms.ModelMultipleChoiceField, self.fields["targets"])
        targets.queryset = Target.objects.filter(organization=organization).select_related(
            "scheme", "funding"
        )
        targets.error_messages["invalid_choice"] = _("Target yang dipilih bukan target LSP ini.")
        if not self.instance.pk:
            self.fields["year"].initial = dt.date.today().year

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class BudgetLineForm(forms.Form):
    description = forms.CharField(label=_("Uraian"), max_length=255, required=False)
    quantity = forms.DecimalField(
        label=_("Volume"), max_digits=10, decimal_places=2, required=False, min_value=0
    )
    unit = forms.CharField(label=_("Satuan"), max_length=40, required=False)
    unit_cost = forms.DecimalField(
        label=_("Harga satuan (Rp)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        filled = [
            cleaned.get(name) not in (None, "") for name in ("description", "quantity", "unit", "unit_cost")
        ]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Lengkapi uraian, volume, satuan dan harga satuan, atau kosongkan barisnya.")
            )
        return cleaned

    def line(self) -> LineInput | None:
        data = self.cleaned_data
        if not data or not data.get("description"):
            return None
        return LineInput(
            data["description"], Decimal(data["quantity"]), data["unit"], Decimal(data["unit_cost"])
        )


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3)


def budget_initial(plan: Plan | None) -> list[dict[str, Any]]:
    if plan is None:
        return []
    return [
        {
            "description": line.description,
            "quantity": line.quantity,
            "unit": line.unit,
            "unit_cost": line.unit_cost,
        }
        for line in plan.budget_lines.all()
    ]


def lines_of(formset: forms.BaseFormSet) -> list[LineInput]:
    return [line for form in formset.forms if (line := form.line()) is not None]


class EventForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = TestEvent
        fields = [
            "title",
            "scheme",
            "site",
            "facilitator",
            "funding",
            "plan",
            "registration_opens_on",
            "registration_closes_on",
            "starts_on",
            "ends_on",
            "quota",
            "bnsp_schedule_code",
            "max_candidates_per_assessor_per_day",
        ]
        widgets = {
            "registration_opens_on": DateInput(),
            "registration_closes_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args: Any, lsp: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        scheme = cast(forms.ModelChoiceField, fields["scheme"])
        scheme.queryset = schemes_of_lsp(lsp)
        _choice_errors(scheme, _("Skema yang dipilih bukan skema aktif LSP ini."))
        site = cast(forms.ModelChoiceField, fields["site"])
        site.queryset = usable_sites(lsp).select_related("owner")
        _choice_errors(site, _("TUK yang dipilih tidak terdaftar pada LSP ini."))
        facilitator = cast(forms.ModelChoiceField, fields["facilitator"])
        facilitator.queryset = facilitators_for(lsp)
        facilitator.empty_label = _("— tanpa fasilitator —")
        _choice_errors(facilitator, _("Instansi fasilitator yang dipilih tidak ada."))
        funding = cast(forms.ModelChoiceField, fields["funding"])
        funding.queryset = usable_funding(lsp)
        funding.empty_label = _("— belum ditentukan —")
        _choice_errors(funding, _("Sumber anggaran yang dipilih tidak tersedia."))
        plan = cast(forms.ModelChoiceField, fields["plan"])
        plan.queryset = Plan.objects.filter(organization=lsp).order_by("-year", "title")
        plan.empty_label = _("— tanpa rencana —")
        _choice_errors(plan, _("Rencana yang dipilih bukan rencana LSP ini."))
        for name in ("registration_opens_on", "registration_closes_on", "starts_on", "ends_on"):
            fields[name].error_messages["invalid"] = _(
                "Tanggal tidak sah; gunakan format tahun-bulan-tanggal."
            )
            fields[name].error_messages["required"] = _("Tanggal wajib diisi.")

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class EventSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *TestEvent.Status.choices]
    )
    scheme = forms.ModelChoiceField(label=_("Skema"), required=False, queryset=Scheme.objects.none())
    site = forms.ModelChoiceField(label=_("TUK"), required=False, queryset=TestSite.objects.none())
    month = forms.DateField(
        label=_("Bulan"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def __init__(self, *args: Any, schemes: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scheme"]).queryset = schemes
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = sites
        cast(forms.ModelChoiceField, self.fields["scheme"]).empty_label = _("Semua skema")
        cast(forms.ModelChoiceField, self.fields["site"]).empty_label = _("Semua TUK")
        style_widgets(self)


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=TestEvent.Status.choices)
    reason = forms.CharField(label=_("Alasan pembatalan"), required=False, max_length=500)
