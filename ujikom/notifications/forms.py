"""Forms of the notifications app; they only parse, the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin

from .models import Channel, MessageTemplate, OutboxMessage


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *OutboxMessage.Status.choices],
        widget=forms.Select(attrs={"data-autosubmit": "", "class": "form-select form-select-sm"}),
    )


class TemplateForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Nama templat"), max_length=150)
    subject = forms.CharField(
        label=_("Subjek email"),
        max_length=200,
        required=False,
        help_text=_("Boleh memakai variabel, mis. Pengingat uji kompetensi {{ scheme }}."),
    )
    body = forms.CharField(
        label=_("Isi pesan"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        help_text=_(
            "Sintaks templat Django: {{ name }} untuk variabel, {% if time %}…{% endif %} untuk bagian yang "
            'bersyarat, {{ organization|default:"Ujikom" }} untuk nilai cadangan.'
        ),
    )

    def __init__(self, *args: Any, template: MessageTemplate, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"name": template.name, "subject": template.subject, "body": template.body}
        )
        super().__init__(*args, **kwargs)
        if template.channel != Channel.EMAIL:
            del self.fields["subject"]

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        data.setdefault("subject", "")
        return data
