"""Pages of site verification (STMI step 4), assessor assignment (PSM/DISNAKER-10 step 1) and the
assessor portal where assessors confirm or decline."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.documents.responses import file_response
from ujikom.registry.selectors_sites import assessor_records_of, site_verification_state

from . import selectors_assignments as selectors
from .forms_assignments import ChecklistForm, DeclineForm, ProposalForm, VerifierForm
from .models import AssessorAssignment, SiteVerification
from .services_assignments import (
    CHECKLIST_ITEMS,
    assign_site_verifier,
    confirm_assignment,
    decline_assignment,
    propose_assessor,
    record_independent_site_verification,
    record_site_verification,
    site_verified,
    valid_independent_site,
)

# ---- Site verification ---------------------------------------------------------------------------


@login_required
def site_verification(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The event's site: its verification state, the verifications with their letters and results, and
    (for the LSP) the assignment of a verifier."""
    event = selectors.event_for(request.user, public_id)
    can_manage = selectors.can_manage(request.user, event)
    form = VerifierForm(request.POST or None, event=event) if can_manage else None
    if request.method == "POST":
        event = selectors.event_for(request.user, public_id, selectors.MANAGE)
        assert form is not None
        if form.is_valid():
            try:
                verification = assign_site_verifier(
                    event=event, verifier=form.cleaned_data["verifier"], actor=request.user
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("Verifikator ditugaskan dengan surat tugas nomor %(number)s.")
                    % {"number": verification.letter_number},
                )
                return redirect("scheduling:site_verification", event.public_id)
    independent = valid_independent_site(event)
    context = {
        "event": event,
        "state": site_verification_state(event.site, on=event.ends_on),
        "verified": site_verified(event),
        "verifications": list(selectors.verifications_of(event)),
        "form": form,
        "can_manage": can_manage,
        "independent": independent,
        "independent_records": list(selectors.independent_site_records_of(event)) if independent else [],
    }
    return render(
        request,
        "scheduling/assignments_site_verification.html",
        context,
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def independent_site_record(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The LSP records that the event's TUK Mandiri holds a valid verification (STMI step 4 output)."""
    event = selectors.event_for(request.user, public_id, selectors.MANAGE)
    try:
        _stored, number = record_independent_site_verification(event=event, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if number:
            messages.success(
                request,
                _("Verifikasi TUK Mandiri yang berlaku dicatat dengan nomor %(number)s.")
                % {"number": number},
            )
        else:
            messages.success(request, _("Verifikasi TUK Mandiri yang berlaku dicatat."))
    return redirect("scheduling:site_verification", event.public_id)


@login_required
def independent_site_record_file(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, file_id: uuid.UUID
) -> FileResponse:
    event = selectors.event_for(request.user, public_id)
    return file_response(selectors.independent_site_records_of(event).filter(public_id=file_id).first())


@login_required
def site_verification_fill(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The verifier's checklist, result and notes; saving generates the result form."""
    verification = selectors.verification_for(request.user, public_id)
    if verification.is_done:
        messages.info(request, _("Hasil verifikasi ini sudah dicatat."))
        return redirect("scheduling:site_verification_detail", verification.public_id)
    form = ChecklistForm(request.POST or None, verification=verification)
    if request.method == "POST" and form.is_valid():
        try:
            record_site_verification(
                verification=verification,
                checklist=form.checklist(),
                result=form.cleaned_data["result"],
                notes=form.cleaned_data["notes"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Hasil verifikasi TUK tersimpan dan formulirnya dibuat."))
            return redirect("scheduling:site_verification_detail", verification.public_id)
    context = {"verification": verification, "event": verification.event, "form": form}
    return render(
        request, "scheduling/assignments_verification_form.html", context, status=422 if form.errors else 200
    )


@login_required
def site_verification_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    verification = selectors.verification_for(request.user, public_id, selectors.VIEW)
    labels = dict(CHECKLIST_ITEMS)
    items = [
        (labels[key], item.get("ok"), item.get("note", ""))
        for key, item in verification.checklist.items()
        if key in labels
    ]
    context = {"verification": verification, "event": verification.event, "items": items}
    return render(request, "scheduling/assignments_verification_detail.html", context)


@login_required
def site_verification_file(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, kind: str
) -> FileResponse:
    verification = selectors.verification_for(request.user, public_id, selectors.VIEW)
    if kind == "surat-tugas":
        return file_response(verification.letter)
    if kind == "hasil":
        return file_response(verification.result_file)
    raise Http404(_("Tidak ditemukan."))


# ---- Assessor assignment -------------------------------------------------------------------------


@login_required
def assessor_assignment(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The event's assessors per test day, and (for the LSP) proposing one with their assignment letter."""
    event = selectors.event_for(request.user, public_id)
    can_manage = selectors.can_manage(request.user, event)
    form = ProposalForm(request.POST or None, event=event) if can_manage else None
    if request.method == "POST":
        event = selectors.event_for(request.user, public_id, selectors.MANAGE)
        assert form is not None
        if form.is_valid():
            try:
                assignment = propose_assessor(
                    event=event,
                    assessor=form.cleaned_data["assessor"],
                    day=form.cleaned_data["day"],
                    candidate_count=form.cleaned_data["candidate_count"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("%(name)s diusulkan dengan surat tugas nomor %(number)s; asesor diberi tahu.")
                    % {"name": assignment.assessor.user.full_name, "number": assignment.letter_number},
                )
                return redirect("scheduling:assessor_assignment", event.public_id)
    assignments = list(selectors.assignments_of(event))
    context = {
        "event": event,
        "assignments": assignments,
        "cover": selectors.cover_by_day(event, assignments),
        "confirmed": selectors.assessors_confirmed(event),
        "form": form,
        "can_manage": can_manage,
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "scheduling/assignments_assessors.html", context, status=status)


@login_required
def assignment_letter(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> FileResponse:
    """The assignment letter, for the assessor it names or whoever sees the event."""
    try:
        assignment = AssessorAssignment.objects.select_related("letter", "event", "assessor").get(
            public_id=public_id
        )
    except AssessorAssignment.DoesNotExist as error:
        raise Http404(_("Tidak ditemukan.")) from error
    if assignment.assessor.user_id != request.user.pk:
        selectors.event_for(request.user, assignment.event.public_id)
    return file_response(assignment.letter)


# ---- Assessor portal -----------------------------------------------------------------------------


@login_required
def assessor_portal(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My assignments (upcoming first) and the site verifications I was assigned."""
    records = list(assessor_records_of(request.user))
    verifications = list(selectors.verifications_assigned_to(request.user))
    if not records and not verifications:
        raise PermissionDenied(_("Portal asesor hanya untuk asesor kompetensi yang terdaftar."))
    context = {
        "records": records,
        "assignments": selectors.assignments_for_assessor(request.user),
        "verifications": verifications,
        "decline_form": DeclineForm(),
        "Status": AssessorAssignment.Status,
        "Result": SiteVerification.Result,
    }
    return render(request, "scheduling/assignments_portal.html", context)


@login_required
@require_POST
def assignment_confirm(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = selectors.assignment_for_assessor(request.user, public_id)
    try:
        confirm_assignment(assignment=assignment, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Terima kasih, penugasan Anda telah dikonfirmasi."))
    return redirect("scheduling:assessor_portal")


@login_required
def assignment_decline(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = selectors.assignment_for_assessor(request.user, public_id)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decline_assignment(assignment=assignment, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Penolakan penugasan dicatat; LSP akan menugaskan asesor lain."))
            return redirect("scheduling:assessor_portal")
    context = {"assignment": assignment, "form": form}
    return render(request, "scheduling/assignments_decline.html", context, status=422 if form.errors else 200)
