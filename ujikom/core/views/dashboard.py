"""The home page, switching the organization one acts for, and one's own profile."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..audit import event_label
from ..forms import ProfileForm
from ..http import AuthenticatedHttpRequest
from ..middleware import SESSION_KEY
from ..services import update_profile

# What apps above core add to the home page (the reports app: the panels of the user's roles): each
# is called with the request and returns HTML, or "" when it has nothing for this user.
HOME_SECTIONS: list[Callable[[AuthenticatedHttpRequest], str]] = []


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = request.organization
    summary = selectors.dashboard_summary(user=request.user, organization=organization)
    for event in summary.get("recent_events", []):
        event.label = event_label(event.event_type)
    sections = [section(request) for section in HOME_SECTIONS] if organization is not None else []
    context = {"summary": summary, "home_sections": [html for html in sections if html]}
    return render(request, "core/dashboard.html", context)


@login_required
@require_POST
def switch_organization(request: AuthenticatedHttpRequest) -> HttpResponse:
    wanted = request.POST.get("organization", "")
    chosen = next((org for org in request.organizations if str(org.public_id) == wanted), None)
    if chosen is None:
        messages.error(request, _("Anda tidak terdaftar di organisasi tersebut."))
    else:
        request.session[SESSION_KEY] = chosen.pk
        messages.success(request, _("Sekarang Anda bertindak untuk %(org)s.") % {"org": chosen.name})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "core:dashboard"
    return redirect(next_url)


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(user=user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if "language" in form.changed_data:
                from django.utils import translation

                translation.activate(user.language)
                response = redirect("core:profile")
                response.set_cookie("django_language", user.language, samesite="Lax")
                messages.success(request, _("Profil disimpan."))
                return response
            messages.success(request, _("Profil disimpan."))
            return redirect("core:profile")
    assignments = selectors.assignments_of(user=user)
    context = {"form": form, "assignments": assignments, "today": timezone.localdate()}
    return render(request, "core/profile.html", context)
