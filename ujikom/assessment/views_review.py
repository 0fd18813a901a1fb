"""The review screen (kaji ulang, SOP PSM/DISNAKER-10 step 7): the chain with its history, the form
of the stage that is next, the minutes of meeting and the recommendation to the LSP."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ujikom.core.http import AuthenticatedHttpRequest

from . import selectors_minutes
from . import selectors_review as selectors
from . import services_review as services
from .access import REVIEW, VIEW, event_for, may
from .forms_review import MeetingNotesForm, ReviewForm
from .models import Review


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = event_for(request.user, public_id, REVIEW if request.method == "POST" else VIEW)
    minutes = selectors_minutes.minutes_of(event)
    rows = selectors.chain_rows(event, request.user)
    upcoming = next((row for row in rows if row.is_next), None)
    form = ReviewForm(initial={"stage": upcoming.stage if upcoming else ""})
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                recorded = services.record_review(
                    event=event,
                    stage=form.cleaned_data["stage"],
                    outcome=form.cleaned_data["outcome"],
                    notes=form.cleaned_data["notes"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                if recorded.outcome == Review.Outcome.RETURNED:
                    messages.warning(
                        request,
                        _("Kaji ulang dikembalikan; rantai kaji ulang dimulai lagi dari Teknis Operasional."),
                    )
                else:
                    messages.success(
                        request,
                        _("Kaji ulang %(stage)s tercatat.") % {"stage": recorded.get_stage_display()},
                    )
                return redirect("assessment:review", event.public_id)
    context = {
        "event": event,
        "tab": "review",
        "minutes": minutes,
        "rows": rows,
        "upcoming": upcoming,
        "form": form
        if form.is_bound
        or (upcoming is not None and upcoming.may_act and minutes is not None and minutes.is_locked)
        else None,
        "history": selectors.reviews_of(event),
        "meeting_notes": selectors.meeting_notes_of(event),
        "recommendation": selectors.recommendation_of(event),
        "may_write_notes": may(request.user, REVIEW, event) and minutes is not None and minutes.is_locked,
    }
    return render(request, "assessment/review_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_notes(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The minutes of meeting of the review: written (or corrected) by a reviewer."""
    event = event_for(request.user, public_id, REVIEW)
    current = selectors.meeting_notes_of(event)
    initial: dict[str, object] = {
        "place": event.site.name,
        "held_at": timezone.localtime().replace(second=0, microsecond=0),
    }
    if current is not None:
        initial = {
            "held_at": timezone.localtime(current.held_at),
            "place": current.place,
            "attendees": current.attendees,
            "agenda": current.agenda,
            "discussion": current.discussion,
            "conclusions": current.conclusions,
        }
    form = MeetingNotesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notes = services.record_meeting_notes(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Minutes of meeting %(number)s tersimpan.") % {"number": notes.number}
            )
            return redirect("assessment:review", event.public_id)
    context = {"event": event, "tab": "review", "form": form, "current": current}
    return render(request, "assessment/review_meeting_notes.html", context)
