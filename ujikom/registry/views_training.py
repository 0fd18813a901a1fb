"""Training programs and their participants: list, detail, create, edit, import from a spreadsheet
(run in the job worker, its progress on its own page), the import template and the export.

A program belongs to its provider (a training provider or the agency): registry.view there to
see, registry.manage to change or import. Someone outside the provider gets 404.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.views.scope import acting_organization, authorize_in, render_list

from . import selectors_training as selectors
from .forms_training import (
    ParticipantForm,
    ParticipantImportForm,
    ParticipantSearchForm,
    ProgramForm,
    ProgramSearchForm,
)
from .models import ImportJob, Participant, TrainingProgram
from .participant_import import HEADERS
from .services_training import (
    create_participant,
    create_training_program,
    start_participant_import,
    update_participant,
    update_training_program,
)
from .spreadsheets import write_xlsx

PAGE_SIZE = 25
PARTICIPANTS_PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _program(request: AuthenticatedHttpRequest, public_id: uuid.UUID | str, code: str) -> TrainingProgram:
    program = selectors.program_by_public_id(public_id)
    if program is None:
        raise Http404(_("Program pelatihan tidak ditemukan."))
    authorize_in(request.user, code, program.provider)
    return program


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    provider = acting_organization(request, "registry.view")
    search = ProgramSearchForm(request.GET)
    search.is_valid()
    programs = selectors.programs_for_list(
        provider=provider,
        query=search.cleaned_data.get("q") or "",
        year=search.cleaned_data.get("year"),
    )
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "page_obj": page,
        "provider": provider,
        "can_manage": has_permission(request.user, "registry.manage", provider),
    }
    return render_list(request, "registry/program_list.html", context)


@login_required
def program_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    provider = acting_organization(request, "registry.manage")
    form = ProgramForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            program = create_training_program(provider=provider, actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Program %(name)s ditambahkan.") % {"name": program.name})
            return redirect("registry:program_detail", public_id=program.public_id)
    return render(
        request, "registry/program_form.html", {"form": form, "program": None, "provider": provider}
    )


@login_required
def program_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    program = _program(request, public_id, "registry.view")
    search = ParticipantSearchForm(request.GET)
    search.is_valid()
    participants = selectors.participants_of(program=program, query=search.cleaned_data.get("q") or "")
    page = Paginator(participants, PARTICIPANTS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "search": search,
        "page_obj": page,
        "jobs": selectors.import_jobs_of(program=program),
        "can_manage": has_permission(request.user, "registry.manage", program.provider),
    }
    return render_list(request, "registry/program_detail.html", context)


@login_required
def program_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    program = _program(request, public_id, "registry.manage")
    form = ProgramForm(request.POST or None, instance=program, provider=program.provider)
    if request.method == "POST" and form.is_valid():
        try:
            update_training_program(program=program, actor=request.user, **form.changes())
        except ValidationError as error:
            program.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Program pelatihan disimpan."))
            return redirect("registry:program_detail", public_id=program.public_id)
    context = {"form": form, "program": program, "provider": program.provider}
    return render(request, "registry/program_form.html", context)


@login_required
def participant_create(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    program = _program(request, public_id, "registry.manage")
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = create_participant(program=program, actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Peserta %(name)s ditambahkan.") % {"name": participant.full_name})
            return redirect("registry:program_detail", public_id=program.public_id)
    context = {"form": form, "program": program, "participant": None}
    return render(request, "registry/participant_form.html", context)


@login_required
def participant_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    participant = selectors.participant_by_public_id(public_id)
    if participant is None:
        raise Http404(_("Peserta tidak ditemukan."))
    program = participant.program
    authorize_in(request.user, "registry.manage", program.provider)
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        try:
            update_participant(participant=participant, actor=request.user, **form.changes())
        except ValidationError as error:
            participant = Participant.objects.get(pk=participant.pk)
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data peserta disimpan."))
            return redirect("registry:program_detail", public_id=program.public_id)
    context = {"form": form, "program": program, "participant": participant}
    return render(request, "registry/participant_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def participant_import(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    program = _program(request, public_id, "registry.manage")
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_participant_import(
                program=program,
                content=upload,
                name=upload.name,
                actor=request.user,
                content_type=upload.content_type,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("registry:import_job", public_id=job.public_id)
    context = {"form": form, "program": program, "headers": HEADERS}
    return render(request, "registry/participant_import.html", context)


@login_required
def import_job(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    job = selectors.import_job_by_public_id(public_id)
    if job is None:
        raise Http404(_("Impor tidak ditemukan."))
    authorize_in(request.user, "registry.manage", job.program.provider)
    template = "registry/import_job.html"
    if getattr(request, "htmx", None):
        template += "#status"
    return render(request, template, {"job": job, "program": job.program, "Status": ImportJob.Status})


@login_required
def participant_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    acting_organization(request, "registry.view")
    return _xlsx(write_xlsx(HEADERS, [], sheet_title=_("Peserta")), "templat-peserta-pelatihan.xlsx")


@login_required
def participant_export(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    program = _program(request, public_id, "registry.view")
    content = write_xlsx(
        selectors.EXPORT_HEADERS, selectors.export_rows(program=program), sheet_title="Asesi"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    code = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in program.code)
    return _xlsx(content, f"peserta-{code}-{stamp}.xlsx")
