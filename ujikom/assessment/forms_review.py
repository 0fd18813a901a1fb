"""Forms of the review screen and its minutes of meeting. They only parse; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin

from .models import Review


class ReviewForm(ServiceErrorsMixin, forms.Form):
    stage = forms.ChoiceField(choices=Review.Stage.choices, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Hasil kaji ulang"),
        choices=Review.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih hasil kaji ulang: sesuai atau dikembalikan.")},
    )
    notes = forms.CharField(
        label=_("Catatan kaji ulang"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan catatan kaji ulang.")},
    )


class MeetingNotesForm(ServiceErrorsMixin, forms.Form):
    held_at = forms.DateTimeField(
        label=_("Waktu rapat"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Isi waktu rapat."), "invalid": _("Waktu rapat tidak sah.")},
    )
    place = forms.CharField(
        label=_("Tempat"), max_length=255, error_messages={"required": _("Isi tempat rapat.")}
    )
    attendees = forms.CharField(
        label=_("Peserta rapat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu nama per baris, dengan jabatannya."),
        error_messages={"required": _("Isi peserta rapat.")},
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Isi agenda.")},
    )
    discussion = forms.CharField(
        label=_("Pembahasan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Isi pembahasan.")},
    )
    conclusions = forms.CharField(
        label=_("Kesimpulan dan tindak lanjut"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Isi kesimpulan dan tindak lanjut.")},
    )
