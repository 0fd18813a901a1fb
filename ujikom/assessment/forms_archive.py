"""Forms of the archive screens: filing an event's archive, and the archive search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin, style_widgets


class ArchiveForm(ServiceErrorsMixin, forms.Form):
    location = forms.CharField(
        label=_("Lokasi arsip fisik"),
        max_length=255,
        help_text=_("Mis. Lemari A, rak 2, map 14 — ruang arsip Bidang Pelatihan."),
        error_messages={"required": _("Tuliskan lokasi arsip fisik.")},
    )
    retain_until = forms.DateField(
        label=_("Disimpan sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Kosongkan untuk 5 tahun setelah hari terakhir uji."),
        error_messages={"invalid": _("Tanggal tidak sah.")},
    )


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Judul uji, skema, nama atau NIK peserta")}),
    )
    date_from = forms.DateField(
        label=_("Tanggal uji dari"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    state = forms.ChoiceField(
        label=_("Status arsip"),
        required=False,
        choices=[
            ("", _("Semua")),
            ("archived", _("Sudah diarsipkan")),
            ("not_archived", _("Belum diarsipkan")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Tanggal akhir sebelum tanggal awal."))
        return cleaned
