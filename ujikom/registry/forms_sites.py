"""Forms of the test site (TUK) and assessor pages. They only parse; the services validate."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import DateInput, ListSearchForm, ServiceErrorsMixin, style_widgets
from ujikom.core.models import Organization, RoleAssignment, User

from .models import Assessor, Region, Scheme, TestSite
from .selectors_sites import find_person
from .services_sites import ASSESSOR_FIELDS, SITE_FIELDS, SITE_HEAD_ROLE, new_person_fields


class SiteSearchForm(ListSearchForm):
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *TestSite.Kind.choices]
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Aktif")), ("inactive", _("Nonaktif")), ("all", _("Semua"))],
    )


class TestSiteForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = TestSite
        fields = list(SITE_FIELDS)
        widgets = {
            "verified_until": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "facilities": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "verified_until": _(
                "Hanya untuk TUK Mandiri. TUK Sewaktu dan Tempat Kerja diverifikasi setiap kali dipakai."
            ),
            "lsp": _("LSP yang memverifikasi TUK ini; LSP tersebut juga dapat melihat datanya."),
            "head": _("Hanya orang yang memegang peran Kepala TUK di organisasi ini."),
        }

    def __init__(self, *args: Any, owner: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        heads = RoleAssignment.objects.active().filter(organization=owner, role__key=SITE_HEAD_ROLE)
        current = self.instance.head_id if self.instance.pk else None
        head_field = cast(forms.ModelChoiceField, self.fields["head"])
        head_field.queryset = User.objects.filter(Q(pk__in=heads.values("user_id")) | Q(pk=current)).order_by(
            "full_name"
        )
        lsp_field = cast(forms.ModelChoiceField, self.fields["lsp"])
        lsp_field.queryset = Organization.objects.filter(kind=Organization.Kind.LSP, is_active=True)
        city_field = cast(forms.ModelChoiceField, self.fields["city"])
        city_field.queryset = Region.objects.filter(level=Region.Level.REGENCY).order_by("code")
        city_field.label_from_instance = lambda region: f"{region.code} {region.name}"  # type: ignore[method-assign,assignment]

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class AssessorSearchForm(ListSearchForm):
    scheme = forms.ModelChoiceField(
        label=_("Skema"), required=False, queryset=Scheme.objects.none(), empty_label=_("Semua skema")
    )
    expiring = forms.BooleanField(label=_("Registrasi akan habis dalam 90 hari"), required=False)

    def __init__(self, *args: Any, schemes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["scheme"]).queryset = schemes
        style_widgets(self)


class SchemeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class AssessorForm(ServiceErrorsMixin, forms.ModelForm):
    """Registering an assessor (with the person: an existing one, or a new one) or editing one."""

    person = forms.CharField(
        label=_("Orang yang sudah terdaftar (nama pengguna atau email)"),
        required=False,
        max_length=254,
        help_text=_("Kosongkan untuk mendaftarkan orang baru dengan data di bawah."),
    )
    full_name = forms.CharField(label=_("Nama lengkap (orang baru)"), required=False, max_length=200)
    email = forms.EmailField(label=_("Email (orang baru)"), required=False)
    phone = forms.CharField(label=_("Telepon/WhatsApp (orang baru)"), required=False, max_length=40)
    schemes = SchemeChoices(
        label=_("Skema yang boleh diases"),
        required=False,
        queryset=Scheme.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Assessor
        fields = list(ASSESSOR_FIELDS)
        widgets = {
            "registration_expires_on": DateInput(),
            "appointment_starts_on": DateInput(),
            "appointment_ends_on": DateInput(),
        }

    def __init__(self, *args: Any, lsp: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schemes = Scheme.objects.filter(organization=lsp).filter(
            Q(is_active=True) | Q(pk__in=self.instance.schemes.all() if self.instance.pk else [])
        )
        cast(SchemeChoices, self.fields["schemes"]).queryset = schemes.order_by("code")
        if self.instance.pk:
            for name in ("person", "full_name", "email", "phone"):
                del self.fields[name]
            self.initial["schemes"] = list(self.instance.schemes.values_list("pk", flat=True))
        else:
            del self.fields["is_active"]
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.instance.pk:
            if data.get("person"):
                found = find_person(data["person"])
                if found is None:
                    self.add_error("person", _("Tidak ada pengguna dengan nama pengguna atau email itu."))
                data["found_person"] = found
            elif not data.get("full_name"):
                self.add_error(
                    "full_name", _("Isi nama orang baru, atau pilih orang yang sudah terdaftar di atas.")
                )
        return data

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments: dict[str, Any] = {name: data[name] for name in ASSESSOR_FIELDS if name in self.fields}
        arguments["schemes"] = list(data["schemes"])
        if not self.instance.pk:
            if data.get("found_person") is not None:
                arguments["person"] = data["found_person"]
            else:
                arguments["new_person"] = new_person_fields(
                    full_name=data["full_name"], email=data["email"], phone=data["phone"]
                )
        return arguments
