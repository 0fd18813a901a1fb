"""The filter of the expiring-soon page: the window, the LSP and the scheme."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ujikom.core.models import Organization
from ujikom.registry.models import Scheme

from .selectors_lifecycle import DEFAULT_WINDOW, WINDOWS


def window_choices() -> list[tuple[int, str]]:
    """The windows in the language of the request (a callable: evaluated when the form is drawn)."""
    return [(days, ngettext("%(days)s hari", "%(days)s hari", days) % {"days": days}) for days in WINDOWS]


class ExpiringFilterForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Berakhir dalam"),
        coerce=int,
        required=False,
        empty_value=None,
        initial=DEFAULT_WINDOW,
        choices=window_choices,
        error_messages={"invalid_choice": _("Pilih 30, 90 atau 180 hari.")},
    )
    lsp = forms.ChoiceField(label=_("LSP"), required=False)
    scheme = forms.ChoiceField(label=_("Skema"), required=False)

    def __init__(
        self, *args: object, lsps: list[Organization], schemes: list[Scheme], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lsps = {str(lsp.public_id): lsp for lsp in lsps}
        self.schemes = {scheme.code: scheme for scheme in schemes}
        lsp_field = self.fields["lsp"]
        scheme_field = self.fields["scheme"]
        assert isinstance(lsp_field, forms.ChoiceField) and isinstance(scheme_field, forms.ChoiceField)
        lsp_field.choices = [
            ("", _("Semua LSP")),
            *((key, lsp.name) for key, lsp in self.lsps.items()),
        ]
        self.fields["lsp"].error_messages["invalid_choice"] = _(
            "LSP ini tidak ada dalam daftar yang boleh Anda lihat."
        )
        scheme_field.choices = [
            ("", _("Semua skema")),
            *((code, f"{code} — {scheme.name}") for code, scheme in self.schemes.items()),
        ]
        self.fields["scheme"].error_messages["invalid_choice"] = _("Skema %(value)s tidak dikenal.")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def window_parts(self) -> tuple[int, Organization | None, Scheme | None]:
        """(days, LSP or None, scheme or None): what is valid of the filter, the default for the rest."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        days = data.get("days") or DEFAULT_WINDOW
        return days, self.lsps.get(data.get("lsp") or ""), self.schemes.get(data.get("scheme") or "")
