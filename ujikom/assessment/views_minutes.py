"""The minutes screen (berita acara, SOP PSM/DISNAKER-10 step 6 and STMI 1.3.3 step 5): what still
stops the minutes, preparing them, the signatures, signing in the browser, and the event's documents."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.documents.responses import file_response
from ujikom.scheduling.sop_binding import open_tasks_for_action

from . import selectors_archive
from . import selectors_minutes as selectors
from . import services_minutes as services
from .access import CONDUCT, VIEW, event_for, may
from .forms_minutes import PrepareMinutesForm, SignMinutesForm
from .models import Verdict


def _back(public_id: uuid.UUID) -> HttpResponse:
    return redirect("assessment:minutes", public_id)


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The event's minutes: their state and signatures; Teknis Operasional or the Kepala TUK prepares
    them (POST action "prepare") or gives the signed minutes to a step reached later ("attach")."""
    event = event_for(request.user, public_id, CONDUCT if request.method == "POST" else VIEW)
    current = selectors.minutes_of(event)
    form = PrepareMinutesForm(initial={"notes": current.notes if current else ""})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "prepare":
            form = PrepareMinutesForm(request.POST)
            if form.is_valid():
                try:
                    made = services.prepare_minutes(
                        event=event, actor=request.user, notes=form.cleaned_data["notes"]
                    )
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    messages.success(
                        request,
                        _("Berita acara %(number)s dibuat; menunggu tanda tangan asesor dan Kepala TUK.")
                        % {"number": made.number},
                    )
                    return _back(event.public_id)
        elif action == "attach" and current is not None:
            done = services.attach_minutes_to_steps(minutes=current)
            messages.success(request, _("%(count)s tugas SOP diselesaikan.") % {"count": done})
            return _back(event.public_id)
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
            return _back(event.public_id)
    content = selectors.minutes_content(event)
    signatures = list(current.signatures.all()) if current is not None else []
    mine = [s for s in signatures if s.signer_id == request.user.pk and not s.is_signed]
    may_conduct = may(request.user, CONDUCT, event)
    context = {
        "event": event,
        "tab": "minutes",
        "minutes": current,
        "problems": [] if current is not None and current.is_locked else selectors.minutes_problems(event),
        "content": content,
        "rows": [
            {
                "registration": row.registration,
                "present": row.registration.pk in content.present,
                "recommendation": row.recommendation,
                "label": Verdict(row.recommendation).label if row.recommendation else "",
                "assessor": row.assessment.assessor if row.assessment is not None else None,
            }
            for row in content.rows
        ],
        "signatures": signatures,
        "sign_form": SignMinutesForm() if mine and current is not None and not current.is_locked else None,
        "form": form if may_conduct and not (current is not None and current.is_locked) else None,
        "may_attach": may_conduct
        and current is not None
        and current.is_locked
        and bool(open_tasks_for_action(event, services.ACTION)),
    }
    return render(request, "assessment/minutes_page.html", context)


@login_required
@require_POST
def minutes_sign(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The signer signs the minutes by account or with a drawing; only the signer themselves."""
    event = event_for(request.user, public_id, VIEW)
    current = selectors.minutes_of(event)
    if current is None:
        raise Http404(_("Berita acara belum dibuat."))
    form = SignMinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(event.public_id)
    try:
        services.sign_minutes(
            minutes=current,
            actor=request.user,
            method=form.cleaned_data["sign_method"],
            drawing=form.cleaned_data["signature"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        current.refresh_from_db()
        if current.is_locked:
            messages.success(
                request, _("Berita acara ditandatangani lengkap; hasil uji dikunci dan berkas hasil dibuat.")
            )
        else:
            messages.success(request, _("Tanda tangan Anda pada berita acara tersimpan."))
    return _back(event.public_id)


@login_required
def event_file(request: AuthenticatedHttpRequest, public_id: uuid.UUID, file_id: uuid.UUID) -> FileResponse:
    """A document of the event's minutes, review or archive, for anyone who sees the event."""
    event = event_for(request.user, public_id, VIEW)
    stored = selectors_archive.event_files(event).get(str(file_id))
    if stored is None:
        raise Http404(_("Berkas tidak ditemukan."))
    return file_response(stored)
