"""Numbering patterns of the organization one acts for, and the register of numbers issued."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import numbering
from ..access import permission_required
from ..forms import ServiceErrorsMixin
from ..http import AuthenticatedHttpRequest, OrganizationHttpRequest
from ..models import DocumentType, NumberingPattern, Organization

FORM_TEMPLATE = "core/numbering_form.html"


class PatternForm(ServiceErrorsMixin, forms.Form):
    document_type = forms.ModelChoiceField(
        label=gettext_lazy("Jenis dokumen"),
        queryset=DocumentType.objects.all(),
        empty_label=gettext_lazy("— pilih —"),
    )
    pattern = forms.CharField(
        label=gettext_lazy("Pola nomor"),
        max_length=200,
        help_text=gettext_lazy(
            "Mis. {seq:03}/ST/LSP-STMI/{month_roman}/{year} menghasilkan 007/ST/LSP-STMI/XI/2026."
        ),
    )
    reset = forms.ChoiceField(
        label=gettext_lazy("Nomor urut diulang"), choices=NumberingPattern.Reset.choices
    )

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        preview_url: str,
        with_document_type: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_document_type:
            # Types already numbered here are changed on their own page, not created twice.
            cast(
                forms.ModelChoiceField, self.fields["document_type"]
            ).queryset = DocumentType.objects.exclude(numbering_patterns__organization=organization)
        else:
            del self.fields["document_type"]
        live = {
            "hx-post": preview_url,
            "hx-target": "#pattern-preview",
            "hx-swap": "outerHTML",
            "hx-include": "closest form",
            "hx-vals": '{"preview": "1"}',
        }
        self.fields["pattern"].widget.attrs.update(
            {**live, "hx-trigger": "input changed delay:300ms", "autocomplete": "off", "spellcheck": "false"}
        )
        for name in ("reset", "document_type"):
            if name in self.fields:
                self.fields[name].widget.attrs.update({**live, "hx-trigger": "change"})


def _preview(
    request: AuthenticatedHttpRequest,
    *,
    organization: Organization,
    numbering_pattern: NumberingPattern | None,
) -> dict[str, Any]:
    """The number the submitted (not yet saved) pattern would give next, or why it cannot give one."""
    text = request.POST.get("pattern", "").strip() if request.method == "POST" else ""
    if numbering_pattern is not None and request.method != "POST":
        text = numbering_pattern.pattern
    if not text:
        return {"number": "", "errors": []}
    reset = request.POST.get("reset") or (
        numbering_pattern.reset if numbering_pattern else NumberingPattern.Reset.YEARLY
    )
    if numbering_pattern is not None:
        document_type: DocumentType | None = numbering_pattern.document_type
    else:
        wanted = request.POST.get("document_type")
        document_type = DocumentType.objects.filter(pk=wanted).first() if wanted else None
    try:
        numbering.validate_pattern(text, reset)
        sequence = (
            numbering.next_sequence(numbering_pattern=numbering_pattern, reset=reset)
            if numbering_pattern
            else 1
        )
        number = numbering.preview_number(
            text, organization=organization, document_type=document_type, sequence=sequence
        )
    except ValidationError as error:
        return {"number": "", "errors": error.messages}
    return {"number": number, "errors": []}


def _wants_preview(request: AuthenticatedHttpRequest) -> bool:
    return request.method == "POST" and "preview" in request.POST


def _form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: PatternForm,
    organization: Organization,
    numbering_pattern: NumberingPattern | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "organization": organization,
        "numbering_pattern": numbering_pattern,
        "preview": _preview(request, organization=organization, numbering_pattern=numbering_pattern),
        "tokens": numbering.TOKENS,
    }
    if request.htmx and _wants_preview(request):
        return render(request, FORM_TEMPLATE + "#preview", context)
    if numbering_pattern is not None:
        context["register"] = numbering.issued_register(
            organization=organization, numbering_pattern=numbering_pattern, limit=10
        )
    return render(request, FORM_TEMPLATE, context)


@login_required
@permission_required("core.manage_numbering")
def numbering_list(request: OrganizationHttpRequest) -> HttpResponse:
    organization: Organization = request.organization
    context = {
        "organization": organization,
        "rows": numbering.patterns_of(organization=organization),
        "register": numbering.issued_register(organization=organization),
    }
    return render(request, "core/numbering_list.html", context)


@login_required
@permission_required("core.manage_numbering")
def pattern_create(request: OrganizationHttpRequest) -> HttpResponse:
    organization: Organization = request.organization
    form = PatternForm(
        request.POST or None,
        organization=organization,
        preview_url=request.path,
        initial={"reset": NumberingPattern.Reset.YEARLY},
    )
    if request.method == "POST" and not _wants_preview(request) and form.is_valid():
        try:
            created = numbering.create_pattern(
                organization=organization,
                actor=request.user,
                document_type=form.cleaned_data["document_type"],
                pattern=form.cleaned_data["pattern"],
                reset=form.cleaned_data["reset"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Pola penomoran %(type)s disimpan.") % {"type": created.document_type.name}
            )
            return redirect("core:numbering_list")
    return _form_page(request, form=form, organization=organization)


@login_required
@permission_required("core.manage_numbering")
def pattern_edit(request: OrganizationHttpRequest, pk: int) -> HttpResponse:
    organization: Organization = request.organization
    numbering_pattern = get_object_or_404(
        NumberingPattern.objects.select_related("document_type", "organization"),
        pk=pk,
        organization=organization,
    )
    form = PatternForm(
        request.POST or None,
        organization=organization,
        preview_url=request.path,
        with_document_type=False,
        initial={"pattern": numbering_pattern.pattern, "reset": numbering_pattern.reset},
    )
    if request.method == "POST" and not _wants_preview(request) and form.is_valid():
        try:
            numbering.update_pattern(
                numbering_pattern=numbering_pattern,
                actor=request.user,
                pattern=form.cleaned_data["pattern"],
                reset=form.cleaned_data["reset"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Pola penomoran %(type)s diubah.") % {"type": numbering_pattern.document_type.name}
            )
            return redirect("core:numbering_list")
    return _form_page(request, form=form, organization=organization, numbering_pattern=numbering_pattern)
