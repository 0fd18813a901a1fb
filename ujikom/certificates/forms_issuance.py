"""Forms of the issuance screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Certificate


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nomor atau nama"), required=False, max_length=100, strip=True)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *Certificate.Status.choices]
    )
