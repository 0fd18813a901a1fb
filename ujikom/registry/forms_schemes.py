"""Forms of the funding-source and scheme pages. They parse; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ListSearchForm, ServiceErrorsMixin

from .models import FundingSource, Scheme, unit_code_validator


class FundingSourceForm(ServiceErrorsMixin, forms.ModelForm):
    shared = forms.BooleanField(
        label=_("Sumber anggaran bersama (untuk semua organisasi)"),
        required=False,
        help_text=_("Hanya administrator sistem yang dapat menambah sumber anggaran bersama."),
    )

    class Meta:
        model = FundingSource
        fields = ["code", "name", "kind", "ministry_code", "is_active"]

    def __init__(self, *args: Any, may_share: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_share or self.instance.pk:
            del self.fields["shared"]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "shared"}

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class FundingSearchForm(ListSearchForm):
    pass


class SchemeSearchForm(ListSearchForm):
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Scheme.Kind.choices]
    )


class SchemeForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ["code", "name", "kind", "kkni_level", "validity_years", "basic_requirements", "is_active"]
        widgets = {"basic_requirements": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "kkni_level": _("1 sampai 9; wajib untuk skema KKNI, boleh kosong untuk okupasi dan klaster."),
            "code": _("Kode skema sesuai dokumen skema LSP, mis. SKM-JWD-01."),
        }

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class UnitForm(ServiceErrorsMixin, forms.Form):
    """One competency unit row of the scheme form; a row left empty is ignored."""

    position = forms.IntegerField(label=_("Urutan"), required=False, min_value=1, max_value=999)
    code = forms.CharField(
        label=_("Kode unit"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "J.620100.017.02"}),
    )
    title = forms.CharField(label=_("Judul unit"), max_length=255, required=False)
    elements = forms.CharField(
        label=_("Elemen (satu per baris, boleh kosong)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code") or "").strip().upper()
        if code:
            unit_code_validator(code)
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("DELETE") or not (cleaned.get("code") or cleaned.get("title")):
            return cleaned
        if not cleaned.get("code") and "code" not in self.errors:
            self.add_error("code", _("Kode unit wajib diisi."))
        if not cleaned.get("title"):
            self.add_error("title", _("Judul unit wajib diisi."))
        return cleaned


class BaseUnitFormSet(forms.BaseFormSet):
    def units(self) -> list[dict[str, Any]]:
        """The filled-in rows not marked for removal, ordered by their position (then as listed)."""
        rows = []
        for index, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or not (data.get("code") or data.get("title")):
                continue
            rows.append((data.get("position") or 10_000, index, data))
        rows.sort(key=lambda item: (item[0], item[1]))
        return [
            {"code": data["code"], "title": data["title"].strip(), "elements": data.get("elements", "")}
            for _position, _index, data in rows
        ]


UnitFormSet = forms.formset_factory(
    UnitForm, formset=BaseUnitFormSet, extra=3, can_delete=True, max_num=200, absolute_max=200
)


def unit_initial(scheme: Scheme | None) -> list[dict[str, Any]]:
    if scheme is None:
        return []
    return [
        {
            "position": unit.position,
            "code": unit.code,
            "title": unit.title,
            "elements": "\n".join(unit.elements or []),
        }
        for unit in scheme.units.all()
    ]


class SchemeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx) atau CSV"),
        help_text=_(
            "Satu baris per unit: Kode Skema, Nama Skema, Jenis, Jenjang, Masa Berlaku, Kode Unit, "
            "Judul Unit, dan (boleh) Elemen."
        ),
        error_messages={"required": _("Pilih berkas yang akan diimpor.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.xls,.csv"})


class FundingImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx) atau CSV"),
        help_text=_(
            "Kolom: Kode, Nama, Jenis (APBN, APBD, Perusahaan, Mandiri, Lainnya), Kode Kementerian, Aktif."
        ),
        error_messages={"required": _("Pilih berkas yang akan diimpor.")},
    )
    shared = forms.BooleanField(
        label=_("Impor sebagai sumber anggaran bersama (untuk semua organisasi)"), required=False
    )

    def __init__(self, *args: Any, may_share: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.xls,.csv"})
        if not may_share:
            del self.fields["shared"]
        else:
            self.fields["shared"].widget.attrs.update({"class": "form-check-input"})
