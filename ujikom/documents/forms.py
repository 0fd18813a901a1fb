"""Forms of the documents app; the service does the real checks on the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ujikom.core.forms import ServiceErrorsMixin
from ujikom.core.models import DocumentType

from .filetypes import DEFAULT_ALLOWED, accept_attribute, labels


class UploadForm(ServiceErrorsMixin, forms.Form):
    document_type = forms.ModelChoiceField(
        label=_("Jenis dokumen"),
        queryset=DocumentType.objects.order_by("name"),
        required=False,
        empty_label=_("— Tanpa jenis —"),
    )
    title = forms.CharField(label=_("Judul"), max_length=255, required=False)
    file = forms.FileField(label=_("Berkas"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = accept_attribute(DEFAULT_ALLOWED)
        self.fields["file"].help_text = _(
            "Jenis yang diterima: %(accepted)s; ukuran paling besar %(limit)s."
        ) % {
            "accepted": labels(DEFAULT_ALLOWED),
            "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
        }
