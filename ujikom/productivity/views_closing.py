"""Screens of closing a case: the close form (the summary, and whether the evaluation is recorded)
and the download of the closing report."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ujikom.core.forms import ServiceErrorsMixin
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.documents.responses import file_response

from .access import LEAD, VIEW, case_for
from .models import GuidanceCase
from .selectors_closing import closing_context
from .services_closing import close_case


class ClosingForm(ServiceErrorsMixin, forms.Form):
    closing_summary = forms.CharField(
        label=gettext_lazy("Kesimpulan penutup"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Ringkasan hasil bimbingan dan saran bagi perusahaan; dicetak pada laporan penutup."
        ),
    )


def case_url(case: GuidanceCase, anchor: str = "penutupan") -> str:
    try:
        return reverse("productivity:case_detail", args=[case.public_id]) + f"#{anchor}"
    except NoReverseMatch:
        return reverse("productivity:case_close", args=[case.public_id])


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Close the case (Kasi or Kabid): the closing report is issued and the SOP run's last step signed off."""
    case = case_for(request.user, public_id, LEAD)
    form = ClosingForm(request.POST or None, initial={"closing_summary": case.closing_summary})
    if request.method == "POST" and form.is_valid():
        try:
            closed = close_case(
                case=case, actor=request.user, closing_summary=form.cleaned_data["closing_summary"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Kasus %(number)s ditutup; laporan penutup telah diterbitkan.")
                % {"number": closed.number or closed.title},
            )
            return redirect(case_url(closed))
    context = {
        "case": case,
        "form": form,
        "back": case_url(case),
        **closing_context(case=case, user=request.user),
    }
    return render(request, "productivity/case_close.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def case_closing_report(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> FileResponse:
    case = case_for(request.user, public_id, VIEW)
    if case.closing_report_id is None:
        raise Http404(_("Kasus ini belum mempunyai laporan penutup."))
    return file_response(case.closing_report)
