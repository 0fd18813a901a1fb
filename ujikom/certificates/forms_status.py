"""Forms of the certificate status page: suspend, lift the suspension, revoke."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin

from .services_status import RevocationReason, SuspensionReason


def note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class SuspendForm(ServiceErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Alasan pembekuan"), choices=SuspensionReason.choices)
    note = note_field()


class LiftForm(ServiceErrorsMixin, forms.Form):
    note = note_field()


class RevokeForm(ServiceErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Alasan pencabutan"), choices=RevocationReason.choices)
    note = note_field()
    confirm = forms.BooleanField(
        label=_("Saya mengerti pencabutan bersifat final dan tidak dapat dibatalkan.")
    )
