"""Forms of site verification, assessor assignment and the assessor portal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin, style_widgets
from ujikom.core.models import User
from ujikom.documents.typst import indonesian_date
from ujikom.registry.models import Assessor
from ujikom.registry.selectors_sites import assessor_status

from .models import SiteVerification, TestEvent
from .selectors_assignments import test_days
from .services_assignments import CHECKLIST_ITEMS, verifier_candidates

OK_CHOICES = [("1", _("Sesuai")), ("0", _("Tidak sesuai"))]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj)


class VerifierForm(ServiceErrorsMixin, forms.Form):
    verifier = PersonChoiceField(
        label=_("Verifikator (staf atau asesor LSP)"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Pilih verifikator."),
            "invalid_choice": _("Verifikator yang dipilih tidak tersedia."),
        },
    )

    def __init__(self, *args: Any, event: TestEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = verifier_candidates(event)
        field = self.fields["verifier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[user.pk for user in candidates]).order_by(
            "full_name", "pk"
        )


class ChecklistForm(ServiceErrorsMixin, forms.Form):
    """One ok/not-ok choice and a note per checklist item, then the result and the verifier's notes."""

    result = forms.ChoiceField(
        label=_("Hasil verifikasi"),
        choices=SiteVerification.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih hasil verifikasi: memenuhi atau tidak memenuhi.")},
    )
    notes = forms.CharField(
        label=_("Catatan verifikator"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, verification: SiteVerification, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items: dict[str, forms.Field] = {}
        site, event = verification.site, verification.event
        for key, label in CHECKLIST_ITEMS:
            help_text = ""
            if key == "capacity":
                help_text = _("Kapasitas TUK %(capacity)s orang; kuota peserta %(quota)s orang.") % {
                    "capacity": site.capacity,
                    "quota": event.quota,
                }
            items[f"{key}_ok"] = forms.ChoiceField(
                label=label,
                choices=OK_CHOICES,
                widget=forms.RadioSelect,
                help_text=help_text,
                error_messages={"required": _("Pilih sesuai atau tidak sesuai untuk butir ini.")},
            )
            items[f"{key}_note"] = forms.CharField(
                label=_("Catatan: %(item)s") % {"item": label}, required=False, max_length=500
            )
        self.fields = {**items, **self.fields}
        style_widgets(self)

    def checklist(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            key: {"ok": data.get(f"{key}_ok") == "1", "note": data.get(f"{key}_note", "")}
            for key, _label in CHECKLIST_ITEMS
            if data.get(f"{key}_ok") in ("0", "1")
        }


class AssessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        status = assessor_status(obj, timezone.localdate())
        label = f"{obj.user.full_name} ({obj.registration_number})"
        return label if status.ok else f"{label} — {status.label}"


class ProposalForm(ServiceErrorsMixin, forms.Form):
    assessor = AssessorChoiceField(
        label=_("Asesor"),
        queryset=Assessor.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Pilih asesor."),
            "invalid_choice": _("Asesor yang dipilih bukan asesor LSP ini."),
        },
    )
    day = forms.ChoiceField(
        label=_("Tanggal uji"),
        error_messages={
            "required": _("Pilih tanggal uji."),
            "invalid_choice": _("Tanggal yang dipilih bukan tanggal uji kompetensi ini."),
        },
    )
    candidate_count = forms.IntegerField(
        label=_("Jumlah asesi"),
        min_value=1,
        error_messages={
            "required": _("Isi jumlah asesi yang diases."),
            "invalid": _("Jumlah asesi harus bilangan bulat."),
            "min_value": _("Jumlah asesi minimal 1."),
        },
    )

    def __init__(self, *args: Any, event: TestEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assessor = self.fields["assessor"]
        assert isinstance(assessor, forms.ModelChoiceField)
        assessor.queryset = (
            Assessor.objects.filter(lsp=event.lsp, is_active=True)
            .select_related("user")
            .order_by("user__full_name", "pk")
        )
        day = self.fields["day"]
        assert isinstance(day, forms.ChoiceField)
        day.choices = [(value.isoformat(), indonesian_date(value)) for value in test_days(event)]
        cap = self.fields["candidate_count"]
        cap.help_text = _("Paling banyak %(cap)s asesi per asesor per hari.") % {
            "cap": event.max_candidates_per_assessor_per_day
        }
        if not self.is_bound:
            self.initial.setdefault(
                "candidate_count", min(event.quota, event.max_candidates_per_assessor_per_day)
            )

    def clean_day(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["day"])


class DeclineForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan menolak"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis alasan menolak penugasan ini.")},
    )
