"""The public page `/verifikasi/pdf`: upload a certificate PDF and learn whether its PAdES signature is
genuine and the file unaltered, with the certificate's live status (what POST /api/v1/verify does
with a `file`). No login; rate-limited like the verification page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import pades
from .views_verification import too_many


@require_http_methods(["GET", "POST"])
def verify_pdf_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"max_mb": pades.MAX_PDF_BYTES // (1024 * 1024)}
    status = 200
    if request.method == "POST":
        refused = too_many(request)
        if refused is not None:
            return refused
        problem, data = pades.read_upload(request.FILES.get("file"))
        if problem:
            context["error"], status = problem, 400
        else:
            context["result"] = pades.verify_pdf(data)
    response = render(request, "certificates/verify_pdf.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
