"""Screens of the lifecycle part: certificates and assessor registrations expiring soon."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.views.scope import render_list

from . import selectors_lifecycle as selectors
from .forms_lifecycle import ExpiringFilterForm

PAGE_SIZE = 50
ASSESSOR_LIMIT = 200


@login_required
def expiring_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Certificates and assessor registrations that end within 30, 90 or 180 days, in the LSPs the
    user may see, soonest first, with the days left and the reminders already sent."""
    lsps = selectors.lsps_for(request.user)
    if not lsps:
        raise PermissionDenied(_("Anda tidak memiliki hak melihat sertifikat di LSP mana pun."))
    form = ExpiringFilterForm(request.GET or None, lsps=lsps, schemes=selectors.schemes_of(lsps))
    if form.is_bound:
        form.is_valid()
    days, lsp, scheme = form.window_parts()
    today = timezone.localdate()
    window = selectors.Window(today=today, days=days, lsps=lsps, lsp=lsp, scheme=scheme)
    page = Paginator(selectors.expiring_certificates(window), PAGE_SIZE).get_page(request.GET.get("page"))
    assessors = list(selectors.expiring_assessors(window)[: ASSESSOR_LIMIT + 1])
    context = {
        "form": form,
        "window": window,
        "page_obj": page,
        "certificates": selectors.with_days_left(list(page.object_list), today),
        "assessors": [
            (assessor, (assessor.registration_expires_on - today).days)
            for assessor in assessors[:ASSESSOR_LIMIT]
        ],
        "more_assessors": len(assessors) > ASSESSOR_LIMIT,
        "show_lsp": len(window.organizations) > 1,
    }
    return render_list(request, "certificates/expiring_list.html", context)
