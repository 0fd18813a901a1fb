"""Forms of the readiness screens (PSM/DISNAKER-10 steps 1–4). They only parse; services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin, style_widgets

from .services_readiness import CHANNELS, READINESS_ITEMS, ReadinessItem

READY_CHOICES = [("ready", _("Siap")), ("not_ready", _("Belum siap"))]
CHANNEL_CHOICES = [("email", _("Email")), ("whatsapp", _("WhatsApp"))]


class ReadinessFillForm(ServiceErrorsMixin, forms.Form):
    """One pair of fields per item of the form kesiapan sarana prasarana: ready or not, and a note."""

    notes = forms.CharField(label=_("Catatan umum"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        notes = self.fields.pop("notes")
        for key, label in READINESS_ITEMS:
            self.fields[f"{key}_ready"] = forms.ChoiceField(
                label=label,
                choices=READY_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih siap atau belum siap.")},
            )
            self.fields[f"{key}_note"] = forms.CharField(label=_("Catatan"), required=False, max_length=500)
        self.fields["notes"] = notes
        style_widgets(self)

    def items(self) -> list[ReadinessItem]:
        return [
            ReadinessItem(
                key=key,
                ready=self.cleaned_data.get(f"{key}_ready") == "ready",
                note=self.cleaned_data.get(f"{key}_note", ""),
            )
            for key, _label in READINESS_ITEMS
            if self.cleaned_data.get(f"{key}_ready")
        ]


class ReadinessConfirmForm(ServiceErrorsMixin, forms.Form):
    notes = forms.CharField(
        label=_("Catatan Kepala TUK"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReminderRuleForm(ServiceErrorsMixin, forms.Form):
    days_before = forms.IntegerField(
        label=_("Hari sebelum uji (H-)"),
        min_value=0,
        max_value=30,
        error_messages={
            "required": _("Isi berapa hari sebelum uji."),
            "invalid": _("Hari sebelum uji harus angka."),
            "min_value": _("Hari sebelum uji paling sedikit 0."),
            "max_value": _("Hari sebelum uji paling banyak 30."),
        },
    )
    hour = forms.IntegerField(
        label=_("Jam (WIB)"),
        min_value=0,
        max_value=23,
        initial=8,
        error_messages={
            "required": _("Isi jam pengiriman."),
            "invalid": _("Jam harus angka 0 sampai 23."),
            "min_value": _("Jam harus 0 sampai 23."),
            "max_value": _("Jam harus 0 sampai 23."),
        },
    )
    channels = forms.MultipleChoiceField(
        label=_("Kanal"),
        choices=CHANNEL_CHOICES,
        initial=list(CHANNELS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sedikitnya satu kanal.")},
    )


class AttendanceForm(ServiceErrorsMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Kehadiran"),
        choices=[("attending", _("Saya akan hadir")), ("absent", _("Saya tidak dapat hadir"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih hadir atau tidak dapat hadir.")},
    )
    reason = forms.CharField(
        label=_("Alasan (jika tidak dapat hadir)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
