"""Forms of the core app. Labels and messages are Indonesian; every form works without JavaScript."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Nama pengguna atau email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )
    error_messages = {
        "invalid_login": _("Nama pengguna/email atau kata sandi salah. Periksa kembali, huruf besar-kecil pada kata sandi berpengaruh."),
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
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if form.is_bound and name in form.errors:
            widget.attrs["aria-invalid"] = "true"


class ServiceErrorsMixin:
    """Styled widgets; a service's ValidationError shown on the form's fields (or on top)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        style_widgets(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        style_widgets(self)  # type: ignore[arg-type]

    def add_service_errors(self, error: "forms.ValidationError") -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in self.fields else None  # type: ignore[attr-defined]
                for item in errors:
                    self.add_error(target, item)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error)  # type: ignore[attr-defined]

    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.fields}  # type: ignore[attr-defined]


class ProfileForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        from .models import User

        model = User
        fields = ["full_name", "email", "phone", "title", "language"]

    def _post_clean(self) -> None:
        """Validation happens in the service; the form only parses."""
