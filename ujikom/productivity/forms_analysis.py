"""Forms of the analysis part. They only parse (Indonesian numbers included); the rules are in
`services_analysis`, whose messages land on the fields."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import DateInput, ServiceErrorsMixin

from .models import Cause, Measurement, PlanAction
from .selectors_analysis import cause_tree, flat_tree, format_date, format_number

DATE_ERRORS = {"invalid": _("Tanggal tidak sah (format HH-BB-TTTT).")}
GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_indonesian_number(text: str) -> Decimal | None:
    """ "12.500" → 12500, "12,5" → 12.5, "1.234.567,89" → 1234567.89, "12.5" → 12.5; None when unreadable.

    A dot is a thousands separator when the digits are grouped by three (as Indonesians write them);
    a lone dot followed by other than three digits is read as a decimal point."""
    value = re.sub(r"[\s\u00a0]", "", text or "")
    value = re.sub(r"^(rp\.?)", "", value, flags=re.IGNORECASE)
    sign = ""
    if value[:1] in "+-" and value:
        sign, value = value[0].replace("+", ""), value[1:]
    if not value:
        return None
    if "," in value:
        whole, _sep, fraction = value.partition(",")
        if "," in fraction or not fraction.isdigit():
            return None
        if "." in whole and not GROUPED.match(whole):
            return None
        whole = whole.replace(".", "")
        if not whole.isdigit():
            return None
        value = f"{whole}.{fraction}"
    elif "." in value:
        if GROUPED.match(value):
            value = value.replace(".", "")
        elif value.count(".") != 1:
            return None
    if not re.fullmatch(r"\d+(\.\d+)?", value):
        return None
    try:
        return Decimal(sign + value)
    except InvalidOperation:
        return None


class IndonesianDecimalField(forms.CharField):
    """A number written the Indonesian way; shown back the same way."""

    default_error_messages = {"invalid": _("Tuliskan angka, mis. 12.500 atau 12,5.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int):
            return format_number(value)
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        number = parse_indonesian_number(str(text))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class MeasurementForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(
        label=_("Nama periode"),
        max_length=100,
        help_text=_("Mis. “Sebelum: Januari 2026”."),
        error_messages={"required": _("Tuliskan nama periode.")},
    )
    period_start = forms.DateField(
        label=_("Awal periode"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Isi awal periode.")},
    )
    period_end = forms.DateField(
        label=_("Akhir periode"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Isi akhir periode.")},
    )
    output_quantity = IndonesianDecimalField(
        label=_("Jumlah output"), error_messages={"required": _("Isi jumlah output.")}
    )
    defect_quantity = IndonesianDecimalField(
        label=_("Output cacat/ditolak"), required=False, help_text=_("Kosongkan bila tidak ada.")
    )
    workers = forms.IntegerField(
        label=_("Jumlah pekerja"),
        error_messages={
            "required": _("Isi jumlah pekerja."),
            "invalid": _("Jumlah pekerja bukan bilangan bulat."),
        },
    )
    hours_worked = IndonesianDecimalField(
        label=_("Jam kerja (orang-jam)"),
        help_text=_("Jumlah jam kerja seluruh pekerja dalam periode ini."),
        error_messages={"required": _("Isi jam kerja.")},
    )
    total_cost = IndonesianDecimalField(
        label=_("Biaya (Rp)"),
        required=False,
        help_text=_("Biaya input periode ini: tenaga kerja, bahan, energi. Kosongkan bila tidak diketahui."),
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, measurement: Measurement | None = None, **kwargs: Any) -> None:
        if measurement is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(measurement, name) for name in self.base_fields if hasattr(measurement, name)},
            )
        super().__init__(*args, **kwargs)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("defect_quantity") is None:
            data["defect_quantity"] = Decimal(0)
        return data


class CauseForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Kategori (tulang)"),
        choices=Cause.Category.choices,
        required=False,
        help_text=_("Sebab turunan mengikuti kategori induknya."),
    )
    parent = forms.TypedChoiceField(
        label=_("Sebab induk"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Kosongkan untuk sebab utama pada tulang."),
    )
    text = forms.CharField(
        label=_("Uraian sebab"), max_length=300, error_messages={"required": _("Tuliskan uraian sebab.")}
    )
    is_root = forms.BooleanField(label=_("Akar masalah"), required=False)

    def __init__(self, *args: Any, causes: list[Cause], editing: Cause | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.causes = {cause.pk: cause for cause in causes}
        if editing is not None:
            del self.fields["parent"]
            if editing.parent_id is not None:
                del self.fields["category"]
            else:
                self.fields["category"].required = True
        else:
            from .services_analysis import MAX_CAUSE_DEPTH

            cast(forms.ChoiceField, self.fields["parent"]).choices = [("", _("— sebab utama —"))] + [
                (
                    node.cause.pk,
                    f"{node.cause.get_category_display()} · {'— ' * (node.depth - 1)}{node.cause.text}",
                )
                for node in flat_tree(cause_tree(causes))
                if node.depth < MAX_CAUSE_DEPTH
            ]

    def clean_parent(self) -> Cause | None:
        value = self.cleaned_data.get("parent")
        return self.causes.get(value) if value is not None else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "parent" in self.fields and data.get("parent") is None and not data.get("category"):
            self.add_error("category", _("Pilih kategori sebab, atau pilih sebab induknya."))
        return data


class WhysForm(ServiceErrorsMixin, forms.Form):
    """The 5-why chain: the first answer says why the cause happens, each next one why the answer before."""

    def __init__(self, *args: Any, cause: Cause, **kwargs: Any) -> None:
        answers = [step.answer for step in cause.whys.all()]
        kwargs.setdefault(
            "initial", {f"why_{level}": answer for level, answer in enumerate(answers, start=1)}
        )
        super().__init__(*args, **kwargs)
        for level in range(1, 6):
            self.fields[f"why_{level}"] = forms.CharField(
                label=_("Mengapa ke-%(level)s") % {"level": level},
                max_length=300,
                required=level == 1,
                error_messages={"required": _("Isi sekurang-kurangnya jawaban “mengapa” yang pertama.")},
            )
        from ujikom.core.forms import style_widgets

        style_widgets(self)

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"why_{level}") or "" for level in range(1, 6)]

    def add_service_errors(self, error: forms.ValidationError) -> None:
        if hasattr(error, "error_dict") and "answers" in error.error_dict:
            for item in error.error_dict.pop("answers"):
                self.add_error("why_1", item)
        super().add_service_errors(error)


class ActionForm(ServiceErrorsMixin, forms.Form):
    description = forms.CharField(
        label=_("Tindakan perbaikan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan tindakan perbaikan.")},
    )
    cause = forms.TypedChoiceField(
        label=_("Akar masalah yang ditangani"), required=False, coerce=int, empty_value=None
    )
    owner = forms.CharField(
        label=_("Penanggung jawab"),
        max_length=200,
        error_messages={"required": _("Tuliskan penanggung jawab tindakan.")},
    )
    due_on = forms.DateField(
        label=_("Batas waktu"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Isi batas waktu tindakan.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)
    done_on = forms.DateField(
        label=_("Tanggal selesai"), widget=DateInput(), required=False, error_messages=DATE_ERRORS
    )
    progress_note = forms.CharField(
        label=_("Catatan kemajuan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila tindakan tidak dilanjutkan: tuliskan alasannya."),
    )

    def __init__(
        self, *args: Any, root_causes: list[Cause], action: PlanAction | None = None, **kwargs: Any
    ) -> None:
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "description": action.description,
                    "cause": action.cause_id,
                    "owner": action.owner,
                    "due_on": action.due_on,
                    "status": action.status,
                    "done_on": action.done_on,
                    "progress_note": action.progress_note,
                },
            )
        super().__init__(*args, **kwargs)
        self.root_causes = {cause.pk: cause for cause in root_causes}
        cast(forms.ChoiceField, self.fields["cause"]).choices = [
            ("", _("— tidak menunjuk akar masalah —"))
        ] + [(cause.pk, f"{cause.get_category_display()} · {cause.text}") for cause in root_causes]
        if action is None:
            for name in ("status", "done_on", "progress_note"):
                del self.fields[name]

    def clean_cause(self) -> Cause | None:
        value = self.cleaned_data.get("cause")
        return self.root_causes.get(value) if value is not None else None


class EvaluationForm(ServiceErrorsMixin, forms.Form):
    before = forms.TypedChoiceField(
        label=_("Periode sebelum perbaikan"),
        coerce=int,
        error_messages={"required": _("Pilih periode sebelum perbaikan.")},
    )
    after = forms.TypedChoiceField(
        label=_("Periode sesudah perbaikan"),
        coerce=int,
        error_messages={"required": _("Pilih periode sesudah perbaikan.")},
    )
    evaluated_on = forms.DateField(
        label=_("Tanggal evaluasi"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Isi tanggal evaluasi.")},
    )
    conclusion = forms.CharField(
        label=_("Kesimpulan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan kesimpulan evaluasi.")},
    )
    recommendations = forms.CharField(
        label=_("Rekomendasi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, measurements: list[Measurement], evaluation: Any = None, **kwargs: Any
    ) -> None:
        if evaluation is not None:
            initial = {
                "before": evaluation.before_id,
                "after": evaluation.after_id,
                "evaluated_on": evaluation.evaluated_on,
                "conclusion": evaluation.conclusion,
                "recommendations": evaluation.recommendations,
            }
        else:
            initial = {"evaluated_on": timezone.localdate()}
            if measurements:
                initial.update({"before": measurements[0].pk, "after": measurements[-1].pk})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.measurements = {measurement.pk: measurement for measurement in measurements}
        choices = [
            (
                measurement.pk,
                f"{measurement.label} ({format_date(measurement.period_start)} – {format_date(measurement.period_end)}; "
                f"output {format_number(measurement.output_quantity)})",
            )
            for measurement in measurements
        ]
        cast(forms.ChoiceField, self.fields["before"]).choices = choices
        cast(forms.ChoiceField, self.fields["after"]).choices = choices

    def clean_before(self) -> Measurement | None:
        return self.measurements.get(self.cleaned_data.get("before"))  # type: ignore[arg-type]

    def clean_after(self) -> Measurement | None:
        return self.measurements.get(self.cleaned_data.get("after"))  # type: ignore[arg-type]
