"""Forms of the minutes screen (berita acara). They only parse; the services validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin


class PrepareMinutesForm(ServiceErrorsMixin, forms.Form):
    notes = forms.CharField(
        label=_("Catatan berita acara"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. kejadian selama uji; dicetak pada berita acara."),
    )


class SignMinutesForm(ServiceErrorsMixin, forms.Form):
    """The choice of `_signature_field.html`: by account, or the drawing as a PNG data URL."""

    sign_method = forms.ChoiceField(
        choices=[("account", _("Melalui akun")), ("drawn", _("Digambar"))],
        error_messages={"required": _("Pilih cara tanda tangan: melalui akun atau digambar.")},
    )
    signature = forms.CharField(required=False, max_length=500_000)
