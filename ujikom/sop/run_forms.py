"""Forms of the run and task pages. They only parse; the engine's services validate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin
from ujikom.core.models import Organization, Role, RoleAssignment, User

from .engine import Player
from .models import Run, SopActor, SopVersion


class TaskFilterForm(forms.Form):
    """The filters of "Tugas saya" (GET); an unknown value is ignored. A run is chosen by following
    its name in the list (the list of every run would be long), and shown while it filters."""

    sop = forms.ChoiceField(label=_("SOP"), required=False)
    run = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, codes: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sop"]).choices = [("", _("Semua SOP")), *[(c, c) for c in codes]]
        self.fields["sop"].widget.attrs["class"] = "form-select"


class RunFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *Run.Status.choices]
    )
    sop = forms.ChoiceField(label=_("SOP"), required=False)

    def __init__(self, *args: Any, codes: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sop"]).choices = [("", _("Semua SOP")), *[(c, c) for c in codes]]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class ChooseSopForm(ServiceErrorsMixin, forms.Form):
    """Step one of starting a run: which SOP (only those with a version in force)."""

    sop = forms.ChoiceField(label=_("SOP yang dilaksanakan"))

    def __init__(self, *args: Any, versions: Sequence[SopVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sop"]).choices = [
            ("", _("— pilih SOP —")),
            *[
                (
                    v.code,
                    _("%(code)s · %(name)s (versi %(number)s)")
                    % {"code": v.code, "name": v.name, "number": v.number},
                )
                for v in versions
            ],
        ]


def people_of(organization: Organization) -> QuerySet[User]:
    """People holding a role in the organization today."""
    holders = RoleAssignment.objects.active().filter(organization=organization).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "username")


class StartRunForm(ServiceErrorsMixin, forms.Form):
    """Step two: the title and who plays each actor (a role in an organization, or named people)."""

    sop = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Judul pelaksanaan"),
        max_length=255,
        help_text=_("Mis. “Uji kompetensi Operator Komputer, TUK Disnaker, Mei 2025”."),
        error_messages={"required": _("Judul pelaksanaan wajib diisi.")},
    )

    def __init__(self, *args: Any, version: SopVersion, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.organization = organization
        self.fields["sop"].initial = version.code
        self.actors: list[SopActor] = list(version.actors.select_related("default_role").order_by("position"))
        roles = Role.objects.order_by("name")
        organizations = Organization.objects.filter(is_active=True).order_by("name")
        people = people_of(organization)
        self.actor_rows: list[dict[str, Any]] = []
        for actor in self.actors:
            role_field = forms.ModelChoiceField(
                label=_("Peran"),
                queryset=roles,
                required=False,
                initial=actor.default_role,
                empty_label=_("— pilih peran —"),
                error_messages={"invalid_choice": _("Peran yang dipilih tidak ada.")},
            )
            org_field = forms.ModelChoiceField(
                label=_("Di organisasi"),
                queryset=organizations,
                required=False,
                initial=organization,
                empty_label=_("— organisasi ini —"),
                error_messages={"invalid_choice": _("Organisasi yang dipilih tidak ada.")},
            )
            people_field = forms.ModelMultipleChoiceField(
                label=_("Atau orang tertentu"),
                queryset=people,
                required=False,
                help_text=_("Bila diisi, tugas pelaksana ini hanya untuk orang-orang ini."),
                error_messages={
                    "invalid_choice": _("Orang yang dipilih tidak memegang peran di organisasi ini.")
                },
            )
            self.fields[f"role_{actor.key}"] = role_field
            self.fields[f"org_{actor.key}"] = org_field
            self.fields[f"people_{actor.key}"] = people_field
        from ujikom.core.forms import style_widgets

        style_widgets(self)
        for actor in self.actors:
            self.actor_rows.append(
                {
                    "actor": actor,
                    "role": self[f"role_{actor.key}"],
                    "organization": self[f"org_{actor.key}"],
                    "people": self[f"people_{actor.key}"],
                }
            )

    def players(self) -> dict[str, Player]:
        """The players chosen; an actor left empty gets its default role from the service."""
        chosen: dict[str, Player] = {}
        for actor in self.actors:
            people = list(self.cleaned_data.get(f"people_{actor.key}") or [])
            role = self.cleaned_data.get(f"role_{actor.key}")
            where = self.cleaned_data.get(f"org_{actor.key}") or self.organization
            if people:
                chosen[actor.key] = people
            elif role is not None:
                chosen[actor.key] = (where, role)
        return chosen


class CompleteTaskForm(ServiceErrorsMixin, forms.Form):
    chosen_label = forms.ChoiceField(
        label=_("Keputusan"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Pilihan itu tidak ada pada langkah ini.")},
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tercatat bersama penyelesaian tugas di log audit."),
    )

    def __init__(self, *args: Any, choices: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choices:
            field = cast(forms.ChoiceField, self.fields["chosen_label"])
            field.choices = [(label, label) for label in choices]
            field.required = True
            field.error_messages["required"] = _("Pilih keputusan langkah ini.")
        else:
            del self.fields["chosen_label"]


class OutputUploadForm(ServiceErrorsMixin, forms.Form):
    output_index = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    file = forms.FileField(
        label=_("Berkas"),
        error_messages={
            "required": _("Pilih berkas yang akan diunggah."),
            "empty": _("Berkas yang dipilih kosong."),
        },
    )


class CancelRunForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Alasan pembatalan wajib diisi.")},
    )


class ChildRunForm(ServiceErrorsMixin, forms.Form):
    sop = forms.ChoiceField(label=_("SOP terkait"))
    title = forms.CharField(label=_("Judul (boleh dikosongkan)"), max_length=255, required=False)

    def __init__(self, *args: Any, codes: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sop"]).choices = list(codes)
