"""One's own API tokens, in the profile area: create (the secret is shown once) and revoke."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import TokenForm
from ..http import AuthenticatedHttpRequest
from ..models import ApiToken
from ..tokens import create_token, revoke_token


def _end_of_day(day: dt.date | None) -> dt.datetime | None:
    """The token stops working when the chosen day ends, in the office's time zone."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's tokens and a form for a new one. A new token's secret appears in this response only."""
    user = request.user
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = create_token(
                user=user,
                name=form.cleaned_data["name"],
                expires_at=_end_of_day(form.cleaned_data["expires_at"]),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
    response = render(request, "core/token_list.html", {"form": form, "tokens": tokens, "secret": secret})
    if secret is not None:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, prefix: str) -> HttpResponse:
    token = get_object_or_404(ApiToken, user=request.user, prefix=prefix)
    revoke_token(token=token, actor=request.user)
    messages.success(
        request,
        _("Token “%(name)s” dicabut; aplikasi yang memakainya tidak dapat masuk lagi.")
        % {"name": token.name},
    )
    return redirect("core:token_list")
