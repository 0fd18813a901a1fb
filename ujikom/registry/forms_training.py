"""Forms of the training program and participant pages. They only parse; the services validate."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import DateInput, ServiceErrorsMixin
from ujikom.core.models import Organization
from ujikom.documents.filetypes import accept_attribute

from .models import Participant, Region, TrainingProgram
from .selectors_training import funding_for_programs, schemes_for_programs
from .services_training import IMPORT_FILE_TYPES, PARTICIPANT_FIELDS, PROGRAM_FIELDS


class ProgramSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari kode atau nama pelatihan"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Tahun mulai"), required=False, min_value=2000, max_value=2100)


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIK"), required=False, max_length=100)


class ProgramForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = TrainingProgram
        fields = list(PROGRAM_FIELDS)
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args: Any, provider: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scheme"]).queryset = schemes_for_programs()
        cast(forms.ModelChoiceField, self.fields["funding"]).queryset = funding_for_programs(
            provider=provider
        )

    def _post_clean(self) -> None:
        """Validation happens in the service."""


class ParticipantForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = list(PARTICIPANT_FIELDS)
        widgets = {"birth_date": DateInput(), "address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["city"]).queryset = Region.objects.filter(
            level=Region.Level.REGENCY
        ).order_by("code")
        cast(forms.ModelChoiceField, self.fields["province"]).queryset = Region.objects.filter(
            level=Region.Level.PROVINCE
        ).order_by("code")

    def _post_clean(self) -> None:
        """Validation happens in the service."""


class ParticipantImportForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas peserta (XLSX atau CSV)"),
        help_text=_(
            "Gunakan templat; paling besar %(size)s. Semua baris diperiksa dulu; bila ada satu saja yang salah, tidak ada yang disimpan."
        )
        % {"size": filesizeformat(settings.MAX_UPLOAD_SIZE)},
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(IMPORT_FILE_TYPES)}),
    )
