"""Forms of the SOP library pages. They only parse; the library services validate the whole SOP."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import DateInput, ServiceErrorsMixin, style_widgets
from ujikom.core.models import Role

from .actions import registered_actions
from .definition import Activity, Branch, SopDefinition, Step
from .models import SopStep, SopVersion

MAX_UPLOAD_BYTES = 1_000_000
YAML_SUFFIXES = (".yaml", ".yml")


class SopUploadForm(ServiceErrorsMixin, forms.Form):
    """An SOP file: at most 1 MB, named .yaml/.yml, UTF-8 text. `cleaned_data["file"]` is its text."""

    file = forms.FileField(
        label=_("Berkas SOP (YAML)"),
        help_text=_("Format sop/v1, teks UTF-8, paling besar 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
        error_messages={"required": _("Pilih berkas SOP yang akan diunggah.")},
    )

    def clean_file(self) -> str:
        upload = cast(UploadedFile, self.cleaned_data["file"])
        name = upload.name or ""
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Berkas %(name)s terlalu besar (%(size)s bait); paling besar 1 MB.")
                % {"name": name, "size": upload.size}
            )
        if not name.lower().endswith(YAML_SUFFIXES):
            raise forms.ValidationError(
                _("Berkas %(name)s bukan berkas YAML; namanya harus berakhiran .yaml atau .yml.")
                % {"name": name}
            )
        content = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Berkas %(name)s terlalu besar; paling besar 1 MB.") % {"name": name}
            )
        if b"\x00" in content:
            raise forms.ValidationError(_("Berkas %(name)s bukan teks (berisi data biner).") % {"name": name})
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _(
                    "Berkas %(name)s bukan teks UTF-8 (bait ke-%(position)s tidak dapat dibaca); simpan ulang sebagai UTF-8."
                )
                % {"name": name, "position": error.start + 1}
            ) from error

    @property
    def file_name(self) -> str:
        upload = self.files.get("file")
        return getattr(upload, "name", "") or ""


def _lines_initial(values: Any) -> str:
    return "\n".join(values or [])


def _role_choice(label: Any, help_text: Any = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Role.objects.order_by("name"),
        required=False,
        empty_label=_("— belum ditentukan —"),
        help_text=help_text,
        error_messages={"invalid_choice": _("Peran yang dipilih tidak ada.")},
    )


class IdentityForm(ServiceErrorsMixin, forms.Form):
    """Bagian Identitas and the documentation part of a draft; lists one entry per line."""

    name = forms.CharField(label=_("Nama SOP"), max_length=255)
    organization = forms.CharField(label=_("Instansi (seperti tertulis di dokumen)"), max_length=255)
    unit = forms.CharField(label=_("Unit kerja"), max_length=255, required=False)
    created = forms.DateField(label=_("Tanggal pembuatan"), widget=DateInput())
    revised = forms.DateField(label=_("Tanggal revisi"), widget=DateInput(), required=False)
    effective = forms.DateField(label=_("Tanggal efektif"), widget=DateInput())
    approver_title = forms.CharField(label=_("Disahkan oleh: jabatan"), max_length=255)
    approver_name = forms.CharField(label=_("Disahkan oleh: nama"), max_length=255)
    approver_nip = forms.CharField(label=_("Disahkan oleh: NIP/nomor pejabat"), max_length=60, required=False)
    approver_role = _role_choice(
        _("Peran yang mengesahkan"), _("Pemegang peran ini (termasuk Plt/Plh) yang dapat mengesahkan draf.")
    )
    escalation_role = _role_choice(
        _("Peran atasan untuk eskalasi"), _("Kepada siapa pekerjaan yang terlambat dilaporkan.")
    )
    scope = forms.CharField(
        label=_("Ruang lingkup"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary = forms.CharField(
        label=_("Ringkasan prosedur"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    definitions = forms.CharField(
        label=_("Definisi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Satu per baris: Istilah: arti."),
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Satu per baris."),
    )
    qualifications = forms.CharField(
        label=_("Kualifikasi pelaksana"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Satu per baris."),
    )
    related = forms.CharField(
        label=_("Keterkaitan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Satu per baris."),
    )
    equipment = forms.CharField(
        label=_("Peralatan/perlengkapan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Satu per baris."),
    )
    provisions = forms.CharField(
        label=_("Ketentuan/keterangan lain"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Satu per baris."),
    )
    warning = forms.CharField(label=_("Peringatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    recording = forms.CharField(
        label=_("Pencatatan dan pendataan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    @staticmethod
    def initial_for(version: SopVersion, definition: SopDefinition) -> dict[str, Any]:
        return {
            "name": definition.name,
            "organization": definition.organization,
            "unit": definition.unit,
            "created": definition.created,
            "revised": definition.revised,
            "effective": definition.effective,
            "approver_title": definition.approved_by.title,
            "approver_name": definition.approved_by.name,
            "approver_nip": definition.approved_by.nip,
            "approver_role": version.approver_role_id,
            "escalation_role": version.escalation_role_id,
            "scope": definition.scope,
            "summary": definition.summary,
            "definitions": "\n".join(f"{t.term}: {t.meaning}" for t in definition.definitions),
            "legal_basis": _lines_initial(definition.legal_basis),
            "qualifications": _lines_initial(definition.qualifications),
            "related": _lines_initial(definition.related),
            "equipment": _lines_initial(definition.equipment),
            "provisions": _lines_initial(definition.provisions),
            "warning": definition.warning,
            "recording": definition.recording,
        }


class ActorForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Nama pelaksana"), max_length=200)
    default_role = _role_choice(
        _("Peran bawaan"), _("Peran yang memainkan pelaksana ini, kecuali pelaksanaan SOP menentukan lain.")
    )


class MoveForm(forms.Form):
    position = forms.IntegerField(min_value=1)


class WithdrawForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Alasan pencabutan wajib diisi.")},
    )


NEXT_AUTO, NEXT_BRANCHES, NEXT_END = "auto", "branches", "end"


class StepForm(ServiceErrorsMixin, forms.Form):
    """A row of the activity table. Its activities and branches come in the two formsets below."""

    kind = forms.ChoiceField(label=_("Jenis"), choices=SopStep.Kind.choices)
    inputs = forms.CharField(
        label=_("Kelengkapan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Satu per baris."),
    )
    time = forms.CharField(
        label=_("Waktu"),
        max_length=50,
        required=False,
        help_text=_("Mis. 15 menit, 2 jam, 1 hari, 1 minggu, 3 x 24 jam. Kosong: tanpa standar waktu."),
    )
    outputs = forms.CharField(
        label=_("Output"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Satu per baris."),
    )
    note = forms.CharField(label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    next_mode = forms.ChoiceField(
        label=_("Sesudah langkah ini"),
        choices=[
            (NEXT_AUTO, _("Langkah berikutnya (baris di bawahnya)")),
            (NEXT_BRANCHES, _("Ke langkah yang ditentukan pada cabang di bawah")),
            (NEXT_END, _("Proses selesai di langkah ini")),
        ],
        widget=forms.RadioSelect,
    )
    action = forms.ChoiceField(label=_("Layar kerja"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = sorted(registered_actions().values(), key=lambda a: str(a.label))
        choices: list[tuple[str, Any]] = [
            ("", _("— tanpa layar kerja: diselesaikan dengan unggahan dan catatan —"))
        ]
        choices += [(a.key, f"{a.label} ({a.key})") for a in actions]
        current = self.initial.get("action")
        if current and current not in registered_actions():
            choices.append((current, current))
        cast(forms.ChoiceField, self.fields["action"]).choices = choices

    @staticmethod
    def initial_for(step: Step | None) -> dict[str, Any]:
        if step is None:
            return {"kind": "process", "next_mode": NEXT_AUTO}
        mode = NEXT_AUTO if step.next is None else (NEXT_BRANCHES if step.next else NEXT_END)
        return {
            "kind": step.kind,
            "inputs": _lines_initial(step.inputs),
            "time": step.time or "",
            "outputs": _lines_initial(step.outputs),
            "note": step.note,
            "next_mode": mode,
            "action": step.action or "",
        }


class ActivityForm(forms.Form):
    actor = forms.ChoiceField(label=_("Pelaksana"), required=False)
    text = forms.CharField(
        label=_("Uraian kegiatan"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, actors: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["actor"]).choices = [
            ("", _("— pilih pelaksana —")),
            *(actors or []),
        ]
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("text") or "").strip() and not cleaned.get("actor"):
            self.add_error("actor", _("Pilih pelaksana kegiatan ini."))
        return cleaned


class BranchForm(forms.Form):
    to = forms.IntegerField(label=_("Ke langkah"), min_value=1, required=False)
    label = forms.CharField(label=_("Label"), max_length=50, required=False, help_text=_("Mis. Ya, Tidak"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("label") or "").strip() and cleaned.get("to") is None:
            self.add_error("to", _("Isi nomor langkah tujuan cabang ini."))
        return cleaned


ActivityFormSet = forms.formset_factory(ActivityForm, extra=2, max_num=30, absolute_max=30)
BranchFormSet = forms.formset_factory(BranchForm, extra=2, max_num=20, absolute_max=20)


def activity_initial(step: Step | None) -> list[dict[str, str]]:
    return [{"actor": a.actor, "text": a.text} for a in step.activities] if step else []


def branch_initial(step: Step | None) -> list[dict[str, Any]]:
    return [{"to": b.to, "label": b.label} for b in step.next or ()] if step else []


def step_from_forms(
    form: StepForm, activities: forms.BaseFormSet, branches: forms.BaseFormSet, *, number: int
) -> Step:
    """The step the three valid forms describe; blank activity and branch rows are left out."""
    data = form.cleaned_data
    acts = tuple(
        Activity(actor=row.cleaned_data["actor"], text=row.cleaned_data["text"].strip())
        for row in activities.forms
        if row.cleaned_data.get("text", "").strip()
    )
    ways = tuple(
        Branch(to=row.cleaned_data["to"], label=(row.cleaned_data.get("label") or "").strip())
        for row in branches.forms
        if row.cleaned_data.get("to") is not None
    )
    mode = data["next_mode"]
    next_steps: tuple[Branch, ...] | None = (
        None if mode == NEXT_AUTO else (ways if mode == NEXT_BRANCHES else ())
    )
    return Step(
        number=number,
        activities=acts,
        inputs=tuple(data["inputs"].splitlines()),
        time=data["time"] or None,
        outputs=tuple(data["outputs"].splitlines()),
        note=data["note"],
        kind=data["kind"],
        next=next_steps,
        action=data["action"] or None,
    )
