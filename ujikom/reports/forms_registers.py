"""Forms of the registers: recording a complaint and its follow-up. They only parse; the rules are
in `services_complaints`, whose messages land on the fields."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin
from ujikom.core.models import User
from ujikom.scheduling.models import TestEvent

from .models import Complaint
from .services_complaints import FOLLOW_UP_STATUSES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Tanggal tidak sah (format HH-BB-TTTT).")}


class ComplaintForm(ServiceErrorsMixin, forms.Form):
    received_on = forms.DateField(
        label=_("Tanggal diterima"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Isi tanggal pengaduan diterima.")},
    )
    channel = forms.ChoiceField(
        label=_("Saluran"),
        choices=Complaint.Channel.choices,
        error_messages={
            "required": _("Pilih saluran pengaduan."),
            "invalid_choice": _("Pilih saluran pengaduan."),
        },
    )
    complainant_name = forms.CharField(
        label=_("Nama pengadu"), max_length=200, error_messages={"required": _("Tuliskan nama pengadu.")}
    )
    complainant_contact = forms.CharField(
        label=_("Kontak pengadu"),
        max_length=200,
        required=False,
        help_text=_("Telepon, WhatsApp, email atau alamat untuk jawaban."),
    )
    subject = forms.CharField(
        label=_("Pokok pengaduan"),
        max_length=255,
        error_messages={"required": _("Tuliskan pokok pengaduan.")},
    )
    description = forms.CharField(
        label=_("Uraian pengaduan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tuliskan uraian pengaduan.")},
    )
    event = forms.CharField(
        label=_("Uji kompetensi terkait"),
        required=False,
        widget=forms.Select,
        help_text=_("Kosongkan bila pengaduan tidak menyangkut satu uji kompetensi."),
    )

    def __init__(self, *args: Any, events: list[TestEvent], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # The newest events are offered; whichever is sent, the service checks it is the organization's.
        self.fields["event"].widget.choices = [("", _("— tidak ada —"))] + [
            (str(event.public_id), f"{event.starts_on:%d-%m-%Y} · {event.title}") for event in events
        ]

    def clean_event(self) -> TestEvent | None:
        """The event named, of whichever organization: the service refuses one not the organization's."""
        value = (self.cleaned_data.get("event") or "").strip()
        if not value:
            return None
        try:
            key = uuid.UUID(value)
        except ValueError:
            key = None
        event = TestEvent.objects.filter(public_id=key).first() if key is not None else None
        if event is None:
            raise forms.ValidationError(_("Uji kompetensi tidak ditemukan."))
        return event


class FollowUpForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in Complaint.Status.choices if value in FOLLOW_UP_STATUSES],
        error_messages={
            "required": _("Pilih status tindak lanjut."),
            "invalid_choice": _("Pilih status tindak lanjut."),
        },
    )
    response = forms.CharField(
        label=_("Tindak lanjut / jawaban"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    resolved_on = forms.DateField(
        label=_("Tanggal selesai"),
        widget=DATE_WIDGET,
        required=False,
        error_messages=DATE_ERRORS,
        help_text=_("Untuk status Selesai atau Tidak dapat diproses; kosongkan untuk hari ini."),
    )
    handled_by = forms.ChoiceField(label=_("Ditangani oleh"), required=False)

    def __init__(self, *args: Any, handlers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handlers = {str(person.public_id): person for person in handlers}
        handled_by = self.fields["handled_by"]
        assert isinstance(handled_by, forms.ChoiceField)
        handled_by.choices = [("", _("— saya sendiri —"))] + [
            (key, person.full_name) for key, person in self.handlers.items()
        ]

    def clean_handled_by(self) -> User | None:
        value = self.cleaned_data.get("handled_by") or ""
        return self.handlers.get(value)
