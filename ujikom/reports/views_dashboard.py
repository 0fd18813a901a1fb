"""The dashboard page `/laporan/dasbor/`: the official panels of one organization the user may report
on (chosen among `report_organizations`), and the home page's section with the panels of the
organization the user acts for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ujikom.core.http import AuthenticatedHttpRequest

from . import selectors_dashboard as selectors
from .scope import chosen_organization, report_organizations


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organization's figures for officials (`reports.view`); another organization than those
    allowed is refused with a message and the choice of the allowed ones."""
    allowed = report_organizations(request.user)
    if not allowed:
        raise PermissionDenied(_("Anda tidak berhak melihat laporan organisasi mana pun."))
    wanted = request.GET.get("organization", "").strip()
    context: dict[str, object] = {"organizations": allowed, "wanted": wanted}
    try:
        organization = chosen_organization(request.user, wanted, getattr(request, "organization", None))
    except PermissionDenied as error:
        context["error"] = str(error)
        return render(request, "reports/dashboard.html", context, status=403)
    context["board"] = selectors.dashboard(request.user, organization, panels={selectors.OFFICIAL})
    context["organization"] = organization
    return render(request, "reports/dashboard.html", context)


def home_section(request: AuthenticatedHttpRequest) -> str:
    """The panels of the home page for the organization the user acts for ("" when none apply)."""
    board = selectors.dashboard(request.user, getattr(request, "organization", None))
    if not board.panels:
        return ""
    return render_to_string("reports/dashboard_panels.html", {"board": board, "on_home": True}, request)
