"""Forms of the test-day screens (SOP PSM/DISNAKER-10 step 5). They only parse; services validate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin
from ujikom.documents.typst import indonesian_date
from ujikom.registry.models import CompetencyUnit

from .models import Appeal, AttendanceSheet, EvidenceMethod, InstrumentFile, SignMethod, Verdict

MAX_DRAWING = 500_000  # characters of a PNG data URL; the service checks the image itself


class OpenSheetForm(ServiceErrorsMixin, forms.Form):
    day = forms.DateField(widget=forms.HiddenInput, error_messages={"required": _("Pilih tanggal uji.")})
    kind = forms.ChoiceField(
        choices=AttendanceSheet.Kind.choices,
        widget=forms.HiddenInput,
        error_messages={"required": _("Pilih jenis daftar hadir.")},
    )


class SignForm(ServiceErrorsMixin, forms.Form):
    """A signature from `_signature_field.html`: by account, or the drawing as a PNG data URL."""

    sign_method = forms.ChoiceField(
        choices=SignMethod.choices,
        error_messages={
            "required": _("Pilih cara tanda tangan: melalui akun atau digambar."),
            "invalid_choice": _("Pilih cara tanda tangan: melalui akun atau digambar."),
        },
    )
    signature = forms.CharField(required=False, max_length=MAX_DRAWING, strip=True)


class AbsentForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Keterangan tidak hadir"),
        max_length=255,
        error_messages={"required": _("Tuliskan keterangan ketidakhadiran.")},
    )


class PhotoForm(ServiceErrorsMixin, forms.Form):
    day = forms.TypedChoiceField(
        label=_("Tanggal uji"),
        coerce=dt.date.fromisoformat,
        error_messages={"required": _("Pilih tanggal uji.")},
    )
    file = forms.FileField(
        label=_("Foto (JPG/PNG, maks. 10 MB)"),
        error_messages={"required": _("Pilih foto yang akan diunggah.")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("Keterangan foto"), required=False, max_length=255)

    def __init__(self, *args: Any, days: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["day"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(day.isoformat(), indonesian_date(day)) for day in days]


class UnitResultForm(ServiceErrorsMixin, forms.Form):
    """K/BK of one unit, the evidence methods, a note, the current result the assessor saw and —
    after the minutes lock — the reason of the correction."""

    unit = forms.CharField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label=_("Hasil"),
        choices=Verdict.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={"required": _("Pilih K atau BK.")},
    )
    methods = forms.MultipleChoiceField(
        label=_("Metode asesmen"),
        choices=EvidenceMethod.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Pilih sedikitnya satu metode asesmen (bukti).")},
    )
    note = forms.CharField(
        label=_("Catatan asesor"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_current = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan koreksi"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_expected_current(self) -> int | None:
        value = (self.cleaned_data.get("expected_current") or "").strip()
        if not value:
            return None
        if not value.isdigit():
            raise forms.ValidationError(_("Data halaman tidak sah; muat ulang halaman."))
        return int(value)


class InstrumentForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis instrumen"),
        choices=InstrumentFile.Kind.choices,
        error_messages={"required": _("Pilih jenis instrumen.")},
    )
    unit = forms.ChoiceField(label=_("Unit kompetensi (bila khusus satu unit)"), required=False)
    file = forms.FileField(
        label=_("Berkas (PDF/JPG/PNG, maks. 10 MB)"),
        error_messages={"required": _("Pilih berkas instrumen yang sudah diisi.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, units: list[CompetencyUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Semua unit")), *[(unit.code, f"{unit.code} {unit.title}") for unit in units]]


class FeedbackForm(ServiceErrorsMixin, forms.Form):
    feedback = forms.CharField(
        label=_("Umpan balik untuk asesi (FR.AK.03)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan umpan balik untuk asesi.")},
    )


class AppealForm(ServiceErrorsMixin, forms.Form):
    grounds = forms.CharField(
        label=_("Alasan banding (FR.AK.04)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan alasan banding Anda.")},
    )


class AppealDecisionForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (Appeal.Status.UPHELD, Appeal.Status.UPHELD.label),
            (Appeal.Status.DISMISSED, Appeal.Status.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih keputusan banding.")},
    )
    decision = forms.CharField(
        label=_("Isi keputusan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan isi keputusan banding.")},
    )
