"""Forms of the certificate status page: suspend, lift the suspension, revoke."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services_status import RevocationReason, SuspensionReason


class SuspendForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan pembekuan"), choices=SuspensionReason.choices)
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class LiftForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan pencabutan"), choices=RevocationReason.choices)
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti pencabutan bersifat final dan tidak dapat dibatalkan.")
    )
