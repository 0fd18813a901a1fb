"""Registration pages (STMI step 3): the review list and detail for Administrasi, the batch
registration of a training program by a facilitator, and the candidate portal.

Staff pages work on an event seen by its LSP, the facilitating agency or the site owner: an
outsider gets 404, a member without the permission 403. The candidate portal is for every signed-in
person and shows only their own registrations (someone else's is 404).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.views.scope import render_list
from ujikom.documents.responses import file_response
from ujikom.registry.models import CompetencyUnit

from . import selectors_registration as selectors
from . import services_registration as services
from .forms_registration import (
    ApplicationForm,
    BatchForm,
    RegistrationSearchForm,
    ReviewForm,
    SelfAssessmentForm,
)
from .models import Registration

PAGE_SIZE = 50
VIEW, REGISTER = "scheduling.view", "scheduling.register"


# --- Administrasi ------------------------------------------------------------------------------


@login_required
def registration_list(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event, organization = selectors.event_for(request.user, public_id, VIEW)
    search = RegistrationSearchForm(request.GET)
    search.is_valid()
    registrations = selectors.registrations_for_list(
        event=event,
        status=search.cleaned_data.get("status") or "",
        query=search.cleaned_data.get("q") or "",
    )
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "search": search,
        "page_obj": page,
        "counts": selectors.status_counts(event),
        "can_register": any(
            has_permission(request.user, REGISTER, org) for org in selectors.event_organizations(event)
        ),
        "organization": organization,
    }
    return render_list(request, "scheduling/registration_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def registration_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    code = REGISTER if request.method == "POST" else VIEW
    registration, _organization = selectors.registration_for(request.user, public_id, code)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == "accept":
                services.accept_registration(registration=registration, actor=request.user)
                messages.success(request, _("Pendaftaran diterima; kartu peserta diterbitkan."))
            elif decision == "return":
                services.return_registration(registration=registration, reason=reason, actor=request.user)
                messages.success(request, _("Permohonan dikembalikan kepada calon peserta untuk diperbaiki."))
            else:
                services.reject_registration(registration=registration, reason=reason, actor=request.user)
                messages.success(request, _("Pendaftaran ditolak."))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("scheduling:registration_detail", public_id=registration.public_id)
    context = {
        "registration": registration,
        "event": registration.event,
        "documents": selectors.documents_of(registration),
        "assessment": selectors.self_assessment_rows(registration),
        "form": form,
        "can_review": any(
            has_permission(request.user, REGISTER, org)
            for org in selectors.event_organizations(registration.event)
        ),
    }
    return render(request, "scheduling/registration_detail.html", context)


@login_required
def registration_file(request: AuthenticatedHttpRequest, public_id: uuid.UUID, what: str) -> FileResponse:
    """An upload of the application or the participant card, for the event's staff or the candidate."""
    registration = selectors.registration_by_public_id(public_id)
    if registration is None:
        raise Http404(_("Pendaftaran tidak ditemukan."))
    if registration.candidate_id != request.user.pk:
        selectors.event_for(request.user, registration.event.public_id, VIEW)
    if what == "kartu":
        if registration.card is None:
            raise Http404(_("Kartu peserta belum diterbitkan."))
        return file_response(registration.card)
    document = registration.documents.select_related("file").filter(kind=what).first()
    if document is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    return file_response(document.file)


@login_required
@require_http_methods(["GET", "POST"])
def registration_batch(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A facilitator registers the participants of a training program (all or some) at once."""
    event, organization = selectors.event_for(request.user, public_id, REGISTER)
    programs = selectors.programs_for_batch(event=event, organization=organization)
    program = None
    wanted = request.GET.get("program") or request.POST.get("program")
    if wanted:
        program = programs.filter(public_id=wanted).first() if selectors.is_uuid(wanted) else None
        if program is None:
            raise Http404(_("Program pelatihan tidak ditemukan."))
    participants = selectors.participants_for_batch(program=program, event=event) if program else []
    form = BatchForm(request.POST or None, participants=participants)
    problems: list[services.RowProblem] = []
    if request.method == "POST" and program is not None and form.is_valid():
        try:
            chosen = services.participants_of_program(program, form.chosen())
            registrations = services.register_batch(event=event, participants=chosen, actor=request.user)
        except services.BatchRefused as refused:
            problems = refused.problems
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("%(count)s peserta didaftarkan dan menunggu pemeriksaan Administrasi.")
                % {"count": len(registrations)},
            )
            return redirect("scheduling:registration_list", public_id=event.public_id)
    context = {
        "event": event,
        "programs": programs,
        "program": program,
        "participants": participants,
        "form": form,
        "problems": problems,
    }
    return render(request, "scheduling/registration_batch.html", context)


# --- candidate portal --------------------------------------------------------------------------


@login_required
def candidate_portal(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    context = {
        "events": selectors.open_events(query=query)[:50],
        "registered": selectors.registered_event_ids(request.user),
        "registrations": selectors.registrations_of_candidate(request.user),
        "q": query,
    }
    return render(request, "scheduling/registration_portal.html", context)


def _initial_identity(request: AuthenticatedHttpRequest) -> dict[str, str]:
    user = request.user
    return {"nik": user.nik, "full_name": user.full_name, "email": user.email, "phone": user.phone}


@login_required
@require_http_methods(["GET", "POST"])
def candidate_apply(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """FR.APL.01 for an event whose registration is open."""
    event = selectors.event_by_public_id(public_id)
    if event is None or not selectors.registration_is_open(event):
        raise Http404(_("Uji kompetensi tidak ditemukan atau pendaftarannya tidak dibuka."))
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=_initial_identity(request))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.self_register(
                event=event, candidate=request.user, fields=form.identity(), documents=form.documents()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Permohonan Anda diajukan. Lanjutkan dengan asesmen mandiri (FR.APL.02)."),
            )
            return redirect("scheduling:candidate_self_assessment", public_id=registration.public_id)
    return render(
        request, "scheduling/registration_apply.html", {"event": event, "form": form, "registration": None}
    )


@login_required
def candidate_registration(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    registration = selectors.own_registration(request.user, public_id)
    context = {
        "registration": registration,
        "event": registration.event,
        "documents": selectors.documents_of(registration),
        "assessment": selectors.self_assessment_rows(registration),
    }
    return render(request, "scheduling/registration_mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_correct(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Correct a returned application and submit it again."""
    registration = selectors.own_registration(request.user, public_id)
    if registration.status != Registration.Status.RETURNED:
        messages.info(request, _("Permohonan ini tidak sedang dikembalikan untuk perbaikan."))
        return redirect("scheduling:candidate_registration", public_id=registration.public_id)
    existing = {document.kind for document in selectors.documents_of(registration)}
    initial = {
        name: getattr(registration, name) for name in (*services.IDENTITY_FIELDS, *services.BNSP_FIELDS)
    }
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.resubmit_registration(
                registration=registration,
                candidate=request.user,
                fields=form.identity(),
                documents=form.documents(),
            )
        except ValidationError as error:
            registration.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Permohonan yang diperbaiki telah diajukan ulang."))
            return redirect("scheduling:candidate_registration", public_id=registration.public_id)
    context = {"event": registration.event, "form": form, "registration": registration}
    return render(request, "scheduling/registration_apply.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_self_assessment(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """FR.APL.02: the candidate assesses themselves on each unit of the scheme."""
    registration = selectors.own_registration(request.user, public_id)
    rows = selectors.self_assessment_rows(registration)
    units: list[CompetencyUnit] = [unit for unit, _answer in rows]
    initial = {unit.pk: (answer.competent, answer.evidence) for unit, answer in rows if answer is not None}
    form = SelfAssessmentForm(request.POST or None, units=units, initial_answers=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_self_assessment(
                registration=registration, answers=form.answers(), actor=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Asesmen mandiri disimpan."))
            return redirect("scheduling:candidate_registration", public_id=registration.public_id)
    context = {
        "registration": registration,
        "event": registration.event,
        "form": form,
        "editable": registration.status in (Registration.Status.SUBMITTED, Registration.Status.RETURNED),
    }
    return render(request, "scheduling/registration_self_assessment.html", context)
