"""Forms of the decision screens (STMI 1.3.3 step 6). They parse; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import DateInput, ServiceErrorsMixin
from ujikom.documents.filetypes import accept_attribute
from ujikom.scheduling.models import Registration

from .models import BlankMovement, BlankRequest, DecisionEntry
from .services_blanks import CERTIFICATE_NUMBER_HELP, DOCUMENT_TYPES, REGISTRATION_NUMBER_HELP

NUMBER_FILE_TYPES = ("xlsx", "csv")


class DecisionForm(ServiceErrorsMixin, forms.Form):
    """The plenary meeting and the candidates the decree lists (only those recommended K are offered)."""

    meeting_held_on = forms.DateField(
        label=_("Tanggal rapat pleno"),
        widget=DateInput(),
        error_messages={"required": _("Isi tanggal rapat pleno."), "invalid": _("Tanggal tidak sah.")},
    )
    meeting_place = forms.CharField(
        label=_("Tempat rapat"), max_length=255, error_messages={"required": _("Isi tempat rapat pleno.")}
    )
    attendees = forms.CharField(
        label=_("Peserta rapat pleno"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu orang per baris: nama dan jabatan."),
        error_messages={"required": _("Tuliskan peserta rapat pleno, satu orang per baris.")},
    )
    meeting_notes = forms.CharField(
        label=_("Pembahasan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    registrations = forms.MultipleChoiceField(
        label=_("Asesi yang ditetapkan dalam SK"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya asesi yang direkomendasikan Kompeten (K). Hapus centang untuk tidak memuatnya."),
        error_messages={
            "required": _("Pilih sedikitnya satu asesi Kompeten untuk SK Penetapan."),
            "invalid_choice": _("Asesi yang dipilih tidak direkomendasikan Kompeten."),
        },
    )

    def __init__(self, *args: Any, competent: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["registrations"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(r.public_id), f"{r.full_name} — {r.nik}") for r in competent]
        self.competent = {str(r.public_id): r for r in competent}

    def chosen(self) -> list[Registration]:
        return [self.competent[value] for value in self.cleaned_data["registrations"]]

    def meeting(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("meeting_held_on", "meeting_place", "attendees", "meeting_notes")
        }


class NoteForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NumbersForm(ServiceErrorsMixin, forms.Form):
    """One row per candidate of the decree: the certificate and registration numbers BNSP assigned.
    A row left blank is skipped; a candidate already numbered is changed by a correction."""

    def __init__(self, *args: Any, entries: list[DecisionEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            locked = bool(entry.certificate_number)
            self.fields[f"certificate_{entry.pk}"] = forms.CharField(
                label=_("Nomor sertifikat"),
                required=False,
                max_length=60,
                initial=entry.certificate_number,
                disabled=locked,
            )
            self.fields[f"registration_{entry.pk}"] = forms.CharField(
                label=_("Nomor registrasi"),
                required=False,
                max_length=60,
                initial=entry.registration_number,
                disabled=locked,
            )
            self.fields[f"certificate_{entry.pk}"].widget.attrs["placeholder"] = "62090 2432 0001234 2024"
            self.fields[f"registration_{entry.pk}"].widget.attrs["placeholder"] = "Reg. TIK 1166 00010 2024"

    certificate_help = CERTIFICATE_NUMBER_HELP
    registration_help = REGISTRATION_NUMBER_HELP

    def rows(self) -> list[tuple[DecisionEntry, forms.BoundField, forms.BoundField]]:
        return [(e, self[f"certificate_{e.pk}"], self[f"registration_{e.pk}"]) for e in self.entries]

    def given(self) -> list[tuple[DecisionEntry, str, str]]:
        """The rows with something typed in, for candidates not yet numbered."""
        found = []
        for entry in self.entries:
            if entry.certificate_number:
                continue
            certificate = self.cleaned_data.get(f"certificate_{entry.pk}", "")
            registration = self.cleaned_data.get(f"registration_{entry.pk}", "")
            if certificate or registration:
                found.append((entry, certificate, registration))
        return found


class NumbersUploadForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas nomor sertifikat (XLSX atau CSV)"),
        help_text=_(
            "Kolom: NIK, NOMOR SERTIFIKAT, NOMOR REGISTRASI; paling besar %(size)s. Semua baris diperiksa dulu; "
            "bila satu saja salah, tidak ada yang disimpan."
        )
        % {"size": filesizeformat(settings.MAX_UPLOAD_SIZE)},
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(NUMBER_FILE_TYPES)}),
    )


class CorrectionForm(ServiceErrorsMixin, forms.Form):
    certificate_number = forms.CharField(
        label=_("Nomor sertifikat yang benar"), max_length=60, help_text=CERTIFICATE_NUMBER_HELP
    )
    registration_number = forms.CharField(
        label=_("Nomor registrasi yang benar"), max_length=60, help_text=REGISTRATION_NUMBER_HELP
    )
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan alasan koreksi nomor.")},
    )


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number or '-'} — {obj.decision.event.title} ({obj.quantity})"


MOVEMENT_KINDS = [
    (BlankMovement.Kind.RECEIVED.value, BlankMovement.Kind.RECEIVED.label),
    (BlankMovement.Kind.DAMAGED.value, BlankMovement.Kind.DAMAGED.label),
    (BlankMovement.Kind.RETURNED.value, BlankMovement.Kind.RETURNED.label),
]


class MovementForm(ServiceErrorsMixin, forms.Form):
    """A line of the blank log typed in: received, damaged or returned (used is recorded with the
    certificate numbers)."""

    kind = forms.ChoiceField(label=_("Jenis mutasi"), choices=MOVEMENT_KINDS)
    quantity = forms.IntegerField(
        label=_("Jumlah blangko"),
        min_value=1,
        max_value=100000,
        error_messages={
            "required": _("Isi jumlah blangko."),
            "invalid": _("Jumlah harus bilangan bulat."),
            "min_value": _("Jumlah blangko paling sedikit 1."),
        },
    )
    occurred_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    request = RequestChoiceField(
        label=_("Untuk permohonan"),
        queryset=BlankRequest.objects.none(),
        required=False,
        help_text=_("Untuk penerimaan: permohonan yang dijawab BNSP; ditandai blangko diterima."),
    )
    serial_from = forms.CharField(label=_("Nomor seri dari"), max_length=60, required=False)
    serial_to = forms.CharField(label=_("sampai"), max_length=60, required=False)
    reference = forms.CharField(
        label=_("Nomor dokumen rujukan"),
        max_length=200,
        required=False,
        help_text=_("Wajib untuk blangko rusak: nomor berita acara kerusakan."),
    )
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(
        label=_("Dokumen (tanda terima BNSP / BA kerusakan)"),
        required=False,
        help_text=_("PDF, JPG atau PNG; tidak wajib."),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(DOCUMENT_TYPES)}),
    )

    def __init__(self, *args: Any, requests: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["request"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = requests
