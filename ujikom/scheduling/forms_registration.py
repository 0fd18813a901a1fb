"""Forms of registration: the batch picker, the application (FR.APL.01) with its uploads, the
self-assessment (FR.APL.02), the review decision, and the review list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin
from ujikom.documents.filetypes import accept_attribute
from ujikom.registry.models import CompetencyUnit, Participant, Region

from .models import ApplicationDocument, Registration
from .services_registration import BNSP_FIELDS, DOCUMENT_TYPES, REQUIRED_DOCUMENTS


class RegistrationSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIK"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *Registration.Status.choices]
    )


class BatchForm(ServiceErrorsMixin, forms.Form):
    """Which participants of the chosen program to register: all of them, or those ticked."""

    everyone = forms.BooleanField(label=_("Daftarkan semua peserta program ini"), required=False)
    participants = forms.MultipleChoiceField(
        label=_("Peserta yang didaftarkan"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, participants: list[tuple[Participant, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (str(participant.public_id), f"{participant.full_name} — {participant.nik}")
            for participant, _taken in participants
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("everyone") and not cleaned.get("participants"):
            raise forms.ValidationError(_("Pilih peserta yang didaftarkan, atau centang “semua peserta”."))
        return cleaned

    def chosen(self) -> list[str] | None:
        """The chosen participants' public ids; None means all of them."""
        if self.cleaned_data.get("everyone"):
            return None
        return list(self.cleaned_data["participants"])


class CityChoiceField(forms.ModelChoiceField):
    """A city/regency shown with its province, so two places of the same name are told apart."""

    def label_from_instance(self, obj: Any) -> str:
        province = obj.province.name if obj.province_id else ""
        return f"{obj.name} — {province}" if province else str(obj.name)


def province_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Provinsi"),
        queryset=Region.objects.filter(level=Region.Level.PROVINCE).order_by("name"),
        empty_label="—",
        error_messages={
            "required": _("Pilih provinsi tempat tinggal."),
            "invalid_choice": _("Provinsi yang dipilih tidak dikenal."),
        },
    )


def city_field() -> CityChoiceField:
    return CityChoiceField(
        label=_("Kabupaten/kota"),
        queryset=Region.objects.filter(level=Region.Level.REGENCY)
        .select_related("province")
        .order_by("name", "code"),
        empty_label="—",
        error_messages={
            "required": _("Pilih kabupaten/kota tempat tinggal."),
            "invalid_choice": _("Kabupaten/kota yang dipilih tidak dikenal."),
        },
    )


class BnspDataForm(ServiceErrorsMixin, forms.Form):
    """What BNSP's candidate list needs beyond the identity: where the candidate lives, education,
    occupation and the institution they come from (asked on FR.APL.01; completed by the LSP)."""

    address = forms.CharField(
        label=_("Alamat tempat tinggal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Jalan, nomor, RT/RW, kelurahan, kecamatan."),
        error_messages={"required": _("Alamat tempat tinggal wajib diisi (data BNSP).")},
    )
    province = province_field()
    city = city_field()
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=[("", "—"), *Participant.Education.choices],
        error_messages={"required": _("Pilih pendidikan terakhir.")},
    )
    occupation = forms.CharField(
        label=_("Pekerjaan"),
        max_length=100,
        required=False,
        help_text=_("Mis. Pelajar/mahasiswa, Karyawan swasta, Wiraswasta, Belum/tidak bekerja."),
    )
    institution = forms.CharField(
        label=_("Asal lembaga"),
        max_length=255,
        required=False,
        help_text=_("Lembaga pelatihan, sekolah/kampus atau perusahaan asal Anda."),
    )

    def bnsp_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in BNSP_FIELDS}


class ApplicationForm(ServiceErrorsMixin, forms.Form):
    """FR.APL.01: the candidate's identity, where they live and their background (BNSP's data), and
    the required uploads."""

    nik = forms.CharField(label=_("NIK"), max_length=16, min_length=16, help_text=_("16 digit sesuai KTP."))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—"), *Participant.Sex.choices])
    phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = BnspDataForm.base_fields["address"]
    province = BnspDataForm.base_fields["province"]
    city = BnspDataForm.base_fields["city"]
    education = BnspDataForm.base_fields["education"]
    occupation = BnspDataForm.base_fields["occupation"]
    institution = BnspDataForm.base_fields["institution"]
    ktp = forms.FileField(label=_("KTP"), required=False)
    photo = forms.FileField(label=_("Pas foto"), required=False, help_text=_("JPG atau PNG, latar polos."))
    diploma = forms.FileField(label=_("Ijazah terakhir"), required=False)
    training = forms.FileField(label=_("Sertifikat pelatihan (bila ada)"), required=False)

    def __init__(self, *args: Any, existing: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = existing or set()
        for kind, types in DOCUMENT_TYPES.items():
            field = self.fields[kind]
            field.widget.attrs["accept"] = accept_attribute(types)
            if kind in existing:
                field.help_text = _("Sudah diunggah; pilih berkas hanya untuk menggantinya.")
            elif kind in REQUIRED_DOCUMENTS:
                field.label = f"{field.label} *"

    def identity(self) -> dict[str, Any]:
        """The identity and BNSP's data, as the registration services take them."""
        return {
            name: self.cleaned_data.get(name)
            for name in (
                "nik",
                "full_name",
                "birth_place",
                "birth_date",
                "sex",
                "phone",
                "email",
                *BNSP_FIELDS,
            )
        }

    def documents(self) -> dict[str, Any]:
        return {kind: self.cleaned_data.get(kind) for kind in ApplicationDocument.Kind.values}


class SelfAssessmentForm(ServiceErrorsMixin, forms.Form):
    """FR.APL.02: for each unit of the scheme, "can I do this?" and what shows it."""

    def __init__(
        self,
        *args: Any,
        units: list[CompetencyUnit],
        initial_answers: dict[int, tuple[bool, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            competent, evidence = initial_answers.get(unit.pk, (False, ""))
            self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                label=f"{unit.code} — {unit.title}",
                choices=[("K", _("Kompeten (K)")), ("BK", _("Belum kompeten (BK)"))],
                widget=forms.RadioSelect,
                initial="K" if competent else ("BK" if unit.pk in initial_answers else None),
                required=True,
                error_messages={"required": _("Pilih K atau BK untuk unit ini.")},
            )
            self.fields[f"evidence_{unit.pk}"] = forms.CharField(
                label=_("Bukti pendukung"),
                required=False,
                initial=evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[CompetencyUnit, forms.BoundField, forms.BoundField]]:
        return [(unit, self[f"unit_{unit.pk}"], self[f"evidence_{unit.pk}"]) for unit in self.units]

    def answers(self) -> dict[int, tuple[bool, str]]:
        return {
            unit.pk: (
                self.cleaned_data[f"unit_{unit.pk}"] == "K",
                self.cleaned_data.get(f"evidence_{unit.pk}") or "",
            )
            for unit in self.units
        }


class ReviewForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            ("accept", _("Terima")),
            ("return", _("Kembalikan untuk perbaikan")),
            ("reject", _("Tolak")),
        ],
    )
    reason = forms.CharField(
        label=_("Alasan / catatan perbaikan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila permohonan dikembalikan atau ditolak."),
    )
