"""Forms of the core app. Labels and messages are Indonesian; every form works without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organization, Role, RoleAssignment, Unit, User
from .permissions import PERMISSIONS
from .services import ORGANIZATION_FIELDS, SYSTEM_ONLY_ORGANIZATION_FIELDS


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Nama pengguna atau email"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}
        ),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )
    error_messages = {
        "invalid_login": _(
            "Nama pengguna/email atau kata sandi salah. Periksa kembali, huruf besar-kecil pada kata sandi berpengaruh."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator organisasi Anda."),
    }


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class, and mark fields with errors for screen readers."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])
        # `_errors`, not `errors`: reading `errors` would validate now, before a subclass's
        # __init__ has narrowed its querysets or removed fields, and keep that stale result.
        # (Django sets `_errors` in BaseForm.__init__; the type stubs do not declare it.)
        found_errors = getattr(form, "_errors", None)
        if form.is_bound and found_errors is not None and name in found_errors:
            widget.attrs["aria-invalid"] = "true"


if TYPE_CHECKING:
    # The mixin is only ever combined with a Form or ModelForm; the type checker sees it as one.
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class ServiceErrorsMixin(_FormBase):
    """Styled widgets; a service's ValidationError shown on the form's fields (or on top)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_widgets(self)

    def add_service_errors(self, error: forms.ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in self.fields else None
                for item in errors:
                    self.add_error(target, item)
        else:
            self.add_error(None, error)

    def changes(self) -> dict[str, Any]:
        """The cleaned values, by field name: keyword arguments for a service."""
        return {name: self.cleaned_data[name] for name in self.fields}


class ProfileForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        from .models import User

        model = User
        fields = ["full_name", "email", "phone", "title", "language"]

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


# Administration: organizations, units, people, role assignments and the role catalogue.
# The forms only parse; the services validate (their errors come back through add_service_errors).


class DateInput(forms.DateInput):
    """A native date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OrganizationForm(ServiceErrorsMixin, forms.ModelForm):
    """All fields for a system administrator; an organization's own administrator edits its particulars only."""

    SYSTEM_ONLY = SYSTEM_ONLY_ORGANIZATION_FIELDS

    website = forms.URLField(label=_("Situs web"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, full_access: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not full_access:
            for name in self.SYSTEM_ONLY:
                del self.fields[name]
            return
        parents = Organization.objects.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = parents
        parent.empty_label = _("— tanpa induk —")
        parent.error_messages["invalid_choice"] = _("Organisasi induk yang dipilih tidak ada.")

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class UnitForm(ServiceErrorsMixin, forms.ModelForm):
    """A unit; its parent is chosen among the same organization's units (not itself or those below it)."""

    class Meta:
        model = Unit
        fields = ["name", "code", "kind", "parent", "is_active"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = organization.units.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk__in=self._subtree_ids(organization, self.instance.pk))
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        parent.queryset = parents
        parent.empty_label = _("— langsung di bawah organisasi —")
        parent.error_messages["invalid_choice"] = _("Unit induk yang dipilih tidak ada di organisasi ini.")

    @staticmethod
    def _subtree_ids(organization: Organization, root_id: int) -> set[int]:
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in organization.units.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), [root_id]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(children.get(current, []))
        return found

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class PersonForm(ServiceErrorsMixin, forms.ModelForm):
    """A person's account and particulars. `locked` fields are shown but cannot be changed here."""

    send_link = forms.BooleanField(
        label=_("Kirim email berisi tautan untuk mengatur kata sandi"),
        required=False,
        initial=True,
        help_text=_("Pengguna baru belum punya kata sandi; tautan berlaku 24 jam dan dapat dikirim ulang."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "nik", "nip", "title", "language", "is_active"]
        labels = {
            "username": _("Nama pengguna"),
            "email": _("Email"),
            "is_active": _("Akun aktif (boleh masuk)"),
        }
        help_texts = {
            "username": _("Dipakai untuk masuk; huruf, angka dan tanda @ . + - _ saja, tanpa spasi."),
            "nik": _("16 digit angka sesuai KTP; boleh dikosongkan."),
            "is_active": _("Akun nonaktif tidak dapat masuk dan perannya tidak berlaku."),
        }

    def __init__(self, *args: Any, creating: bool = False, locked: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["send_link"]
        for name in locked:
            self.fields[name].disabled = True
            self.fields[name].help_text = _(
                "Hanya dapat diubah oleh administrator sistem, karena pengguna ini juga memegang peran di "
                "organisasi lain."
            )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("send_link") and not cleaned.get("email"):
            self.add_error("email", _("Isi email bila tautan untuk mengatur kata sandi akan dikirim."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name, field in self.fields.items()
            if name != "send_link" and not field.disabled
        }

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class AssignmentForm(ServiceErrorsMixin, forms.Form):
    """A role in one organization: only roles valid for its kind (and, for non-system administrators,
    no role granting more than the administrator holds there); only that organization's units."""

    role = forms.ModelChoiceField(
        label=_("Peran"),
        queryset=Role.objects.none(),
        error_messages={"invalid_choice": _("Peran yang dipilih tidak dapat diberikan di organisasi ini.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— tanpa unit —"),
        error_messages={"invalid_choice": _("Unit kerja yang dipilih tidak ada di organisasi ini.")},
    )
    capacity = forms.ChoiceField(
        label=_("Kedudukan"),
        choices=RoleAssignment.Capacity.choices,
        initial=RoleAssignment.Capacity.DEFINITIVE,
        help_text=_("Plt mengisi jabatan yang kosong; Plh mewakili pejabat yang berhalangan sementara."),
    )
    starts_on = forms.DateField(label=_("Mulai berlaku"), initial=timezone.localdate, widget=DateInput())
    ends_on = forms.DateField(
        label=_("Berakhir"),
        required=False,
        widget=DateInput(),
        help_text=_("Kosongkan bila tidak ditentukan. Untuk Plh biasanya diisi."),
    )
    decree_number = forms.CharField(label=_("Nomor SK/surat perintah"), max_length=120, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)

    def __init__(
        self, *args: Any, organization: Organization, grantable: set[str] | None = None, **kwargs: Any
    ) -> None:
        """`grantable`: the permissions the administrator holds there (None: a system administrator)."""
        super().__init__(*args, **kwargs)
        allowed = [
            role.pk
            for role in Role.objects.all()
            if (not role.organization_kinds or organization.kind in role.organization_kinds)
            and (grantable is None or set(role.permissions or []) <= grantable)
        ]
        cast(forms.ModelChoiceField, self.fields["role"]).queryset = Role.objects.filter(
            pk__in=allowed
        ).order_by("name")
        units = organization.units.filter(is_active=True).order_by("name")
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Tanggal berakhir tidak boleh sebelum tanggal mulai."))
        return cleaned


class EndAssignmentForm(ServiceErrorsMixin, forms.Form):
    ends_on = forms.DateField(
        label=_("Berakhir pada"),
        initial=timezone.localdate,
        widget=DateInput(),
        help_text=_("Hari terakhir peran ini berlaku."),
    )


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes laid out the Bootstrap way (one `form-check` per choice)."""

    template_name = "core/widgets/checkbox_list.html"
    option_template_name = "core/widgets/checkbox_option.html"


class RoleForm(ServiceErrorsMixin, forms.ModelForm):
    """A role of the catalogue. A built-in role keeps its code: the SOPs and the system refer to it."""

    permissions = forms.MultipleChoiceField(
        label=_("Hak akses"),
        choices=[(code, f"{label} ({code})") for code, label in PERMISSIONS.items()],
        widget=CheckboxList,
        required=False,
    )
    organization_kinds = forms.MultipleChoiceField(
        label=_("Berlaku untuk jenis organisasi"),
        choices=Organization.Kind.choices,
        widget=CheckboxList,
        required=False,
        help_text=_("Tidak dicentang sama sekali berarti berlaku untuk semua jenis organisasi."),
    )

    class Meta:
        model = Role
        fields = ["key", "name", "description", "permissions", "organization_kinds", "is_sop_actor"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"key": _("Huruf kecil, angka, tanda - dan _; tidak dapat diubah untuk peran bawaan.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_builtin:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("Kode peran bawaan tidak dapat diubah.")

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name, field in self.fields.items() if not field.disabled}

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""


class ListSearchForm(forms.Form):
    """The search box of the list pages (GET); invalid values are ignored rather than refused."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100)


class OrganizationSearchForm(ListSearchForm):
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Organization.Kind.choices]
    )


class PeopleSearchForm(ListSearchForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Peran aktif")), ("all", _("Termasuk yang sudah berakhir"))],
    )


class AuditFilterForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Peristiwa"), required=False)
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def __init__(self, *args: Any, event_types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["event_type"]).choices = [
            ("", _("Semua peristiwa")),
            *event_types,
        ]
        style_widgets(self)


class TokenForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_("Untuk apa token ini, mis. “Sinkronisasi SIAP Kerja”."),
        error_messages={"required": _("Nama token wajib diisi.")},
    )
    expires_at = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Kosongkan bila tidak kedaluwarsa. Token tidak berlaku lagi setelah hari yang dipilih berakhir."
        ),
    )
