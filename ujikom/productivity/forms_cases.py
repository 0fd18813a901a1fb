"""Forms of the register and of a case's first stages. They only parse; the rules are in
`services_cases`, whose messages land on the fields."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin, style_widgets
from ujikom.core.models import User

from .forms_analysis import IndonesianDecimalField
from .models import Company, GuidanceCase, Sector
from .services_cases import MAX_FIGURES, FigureInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Tanggal tidak sah (format HH-BB-TTTT).")}


class CompanyForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Nama perusahaan/instansi"),
        max_length=200,
        error_messages={"required": _("Tuliskan nama perusahaan/instansi.")},
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=Company.Kind.choices, initial=Company.Kind.COMPANY)
    sector = forms.ChoiceField(
        label=_("Sektor (KBLI)"),
        choices=[("", _("— pilih sektor —")), *Sector.choices],
        error_messages={"required": _("Pilih sektor KBLI."), "invalid_choice": _("Pilih sektor KBLI.")},
    )
    size = forms.ChoiceField(
        label=_("Skala usaha"),
        choices=[("", _("— pilih skala —")), *Company.Size.choices],
        error_messages={"required": _("Pilih skala usaha."), "invalid_choice": _("Pilih skala usaha.")},
    )
    workers = forms.IntegerField(
        label=_("Jumlah pekerja"),
        required=False,
        error_messages={"invalid": _("Jumlah pekerja harus bilangan bulat.")},
    )
    address = forms.CharField(
        label=_("Alamat"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan alamat perusahaan/instansi.")},
    )
    contact_name = forms.CharField(
        label=_("Narahubung"),
        max_length=200,
        error_messages={"required": _("Tuliskan nama narahubung di perusahaan/instansi.")},
    )
    contact_position = forms.CharField(label=_("Jabatan narahubung"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=20, required=False)
    contact_email = forms.EmailField(
        label=_("Email"), required=False, error_messages={"invalid": _("Alamat email tidak sah.")}
    )
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CompanyEditForm(CompanyForm):
    is_active = forms.BooleanField(
        label=_("Aktif di register (hapus centang bila tutup atau bergabung dengan usaha lain)"),
        required=False,
    )


class CaseForm(ServiceErrorsMixin, forms.Form):
    company = forms.ChoiceField(
        label=_("Perusahaan/instansi"),
        error_messages={
            "required": _("Pilih perusahaan/instansi."),
            "invalid_choice": _("Pilih perusahaan/instansi."),
        },
    )
    title = forms.CharField(
        label=_("Judul kasus"), max_length=255, error_messages={"required": _("Tuliskan judul kasus.")}
    )
    origin = forms.ChoiceField(
        label=_("Asal"),
        choices=GuidanceCase.Origin.choices,
        widget=forms.RadioSelect,
        initial=GuidanceCase.Origin.REQUEST,
        error_messages={"required": _("Pilih asal kasus."), "invalid_choice": _("Pilih asal kasus.")},
    )
    requested_on = forms.DateField(
        label=_("Tanggal permohonan/penjangkauan"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Isi tanggal permohonan atau penjangkauan.")},
    )
    request_summary = forms.CharField(
        label=_("Ringkasan permohonan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan ringkasan permohonan atau hasil penjangkauan.")},
    )
    output_unit = forms.CharField(
        label=_("Satuan output"),
        max_length=50,
        help_text=_("Mis. unit, kg, potong, dokumen, pelanggan."),
        error_messages={"required": _("Tuliskan satuan output perusahaan.")},
    )
    officer = forms.ChoiceField(label=_("Petugas pembimbing"), required=False)

    def __init__(self, *args: Any, companies: list[Company], officers: list[User], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("requested_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self._companies = {str(company.public_id): company for company in companies}
        self._officers = {str(officer.public_id): officer for officer in officers}
        company_field = cast(forms.ChoiceField, self.fields["company"])
        officer_field = cast(forms.ChoiceField, self.fields["officer"])
        company_field.choices = [("", _("— pilih perusahaan/instansi —"))] + [
            (key, company.name) for key, company in self._companies.items()
        ]
        officer_field.choices = [("", _("— belum ditetapkan —"))] + [
            (key, str(officer)) for key, officer in self._officers.items()
        ]

    def clean_company(self) -> Company:
        return self._companies[self.cleaned_data["company"]]

    def clean_officer(self) -> User | None:
        value = self.cleaned_data.get("officer") or ""
        return self._officers.get(value)


class IdentificationForm(ServiceErrorsMixin, forms.Form):
    identified_on = forms.DateField(
        label=_("Tanggal identifikasi"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Isi tanggal identifikasi.")},
    )
    problem_statement = forms.CharField(
        label=_("Masalah utama"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kepala diagram tulang ikan: akibat yang ingin diperbaiki."),
        error_messages={"required": _("Tuliskan masalah utama yang ingin diperbaiki.")},
    )
    identification_notes = forms.CharField(
        label=_("Hasil identifikasi"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class FigureForm(forms.Form):
    """One row of the company's figures; a row left empty is ignored."""

    label = forms.CharField(label=_("Uraian"), max_length=200, required=False)
    value = IndonesianDecimalField(label=_("Nilai"), required=False)
    unit = forms.CharField(label=_("Satuan"), max_length=50, required=False)
    source = forms.CharField(label=_("Sumber data"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
        for field in self.fields.values():
            field.widget.attrs["class"] = field.widget.attrs.get("class", "") + " form-control-sm"

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(
            (data.get("label"), data.get("value") is not None, data.get("unit"), data.get("source"))
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank():
            return data
        if not data.get("label"):
            self.add_error("label", _("Tuliskan uraian data ini."))
        if data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Isi nilainya."))
        return data

    def figure(self) -> FigureInput | None:
        if self.is_blank():
            return None
        data = self.cleaned_data
        return FigureInput(label=data["label"], value=data["value"], unit=data["unit"], source=data["source"])


def figure_formset(data: Any = None, *, initial: list[dict[str, Any]]) -> Any:
    """The figures table: the recorded rows, then empty rows up to MAX_FIGURES."""
    formset = forms.formset_factory(
        FigureForm, extra=max(MAX_FIGURES - len(initial), 0), max_num=MAX_FIGURES, absolute_max=MAX_FIGURES
    )
    return formset(data, initial=initial, prefix="data")


class VisitForm(ServiceErrorsMixin, forms.Form):
    visited_on = forms.DateField(
        label=_("Tanggal kunjungan"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Isi tanggal kunjungan.")},
    )
    met_with = forms.CharField(
        label=_("Ditemui"),
        max_length=300,
        required=False,
        help_text=_("Nama dan jabatan orang yang ditemui."),
    )
    findings = forms.CharField(
        label=_("Temuan dan kemajuan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan temuan dan kemajuan yang dilihat pada kunjungan.")},
    )
    next_steps = forms.CharField(
        label=_("Tindak lanjut berikutnya"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("visited_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class CancelForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan pembatalan kasus.")},
    )


def public_id_or_blank(value: str | None) -> str:
    """A public id from a query string, or "" for anything that is not one."""
    try:
        return str(uuid.UUID((value or "").strip()))
    except ValueError:
        return ""
