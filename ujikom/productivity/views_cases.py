"""Pages of the register and of the cases under /produktivitas/: the company list and forms, the case
list, opening a case, the case page (its stages and its SOP run), identification, follow-up visits
and cancelling. Every page goes through `access`: a company or case of another office is a 404, a
missing permission a 403 with a sentence saying what is missing."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest

from . import access, selectors_analysis, selectors_closing, sop_binding
from . import selectors_cases as selectors
from . import services_cases as services
from .forms_cases import (
    CancelForm,
    CaseForm,
    CompanyEditForm,
    CompanyForm,
    IdentificationForm,
    VisitForm,
    figure_formset,
    public_id_or_blank,
)
from .models import Company, FollowUpVisit, GuidanceCase, Sector

PAGE_SIZE = 50


def _office(request: AuthenticatedHttpRequest, permission: str = access.VIEW) -> Any:
    return access.chosen_office(
        request.user,
        (request.GET.get("organization") or "").strip() or None,
        request.organization,
        permission,
    )


def _page(request: AuthenticatedHttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _case_url(case: GuidanceCase, anchor: str = "") -> str:
    return reverse("productivity:case_detail", args=[case.public_id]) + (f"#{anchor}" if anchor else "")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---- the register --------------------------------------------------------------------------------


@login_required
@require_GET
def company_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office's register: search by name, filter by sector, size and whether still active."""
    office = _office(request)
    filters = selectors.CompanyFilter(
        query=(request.GET.get("q") or "").strip(),
        sector=request.GET.get("sector", "") if request.GET.get("sector") in Sector.values else "",
        size=request.GET.get("size", "") if request.GET.get("size") in Company.Size.values else "",
        active=request.GET.get("active", "") if request.GET.get("active") in ("0", "1") else "",
    )
    page = _page(request, selectors.company_rows(office, filters))
    context = {
        "office": office,
        "offices": access.offices(request.user),
        "filters": filters,
        "page_obj": page,
        "companies": list(page.object_list),
        "sectors": Sector.choices,
        "sizes": Company.Size.choices,
        "statuses": dict(GuidanceCase.Status.choices),
        "can_record": has_permission(request.user, access.RECORD, office),
        "can_lead": has_permission(request.user, access.LEAD, office),
    }
    return render(request, "productivity/company_list.html", context)


def _company_values(form: CompanyForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.COMPANY_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    office = _office(request, access.RECORD)
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.create_company(
                organization=office, actor=request.user, **_company_values(form)
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s didaftarkan di register.") % {"name": company.name})
            return redirect("productivity:company_detail", company.public_id)
    context = {"form": form, "office": office, "company": None}
    return render(request, "productivity/company_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def company_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    company = access.company_for(request.user, public_id)
    context = {
        "company": company,
        "cases": selectors.company_cases(company),
        "can_record": has_permission(request.user, access.RECORD, company.organization),
        "can_lead": has_permission(request.user, access.LEAD, company.organization),
    }
    return render(request, "productivity/company_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    company = access.company_for(request.user, public_id, access.RECORD)
    initial = {name: getattr(company, name) for name in services.COMPANY_FIELDS}
    initial["is_active"] = company.is_active
    form = CompanyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                company = services.update_company(
                    company=company, actor=request.user, **_company_values(form)
                )
                services.set_company_active(
                    company=company, actor=request.user, active=form.cleaned_data["is_active"]
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": company.name})
            return redirect("productivity:company_detail", company.public_id)
    context = {"form": form, "office": company.organization, "company": company}
    return render(request, "productivity/company_form.html", context, status=400 if form.errors else 200)


# ---- the cases -----------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office's cases: filter by status, company, officer and year."""
    office = _office(request)
    year = request.GET.get("year", "")
    filters = selectors.CaseFilter(
        status=request.GET.get("status", "")
        if request.GET.get("status") in GuidanceCase.Status.values
        else "",
        company=public_id_or_blank(request.GET.get("company")),
        officer=public_id_or_blank(request.GET.get("officer")),
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )
    page = _page(request, selectors.case_rows(office, filters))
    cases = list(page.object_list)
    for case in cases:
        case.stage_label = selectors.stage_label(case.active_step_action)  # type: ignore[attr-defined]
    context = {
        "office": office,
        "offices": access.offices(request.user),
        "filters": filters,
        "page_obj": page,
        "cases": cases,
        "statuses": GuidanceCase.Status.choices,
        "companies": selectors.active_companies(office),
        "officers": selectors.officers_of(office),
        "years": selectors.case_years(office),
        "can_lead": has_permission(request.user, access.LEAD, office),
        "now": timezone.now(),
    }
    return render(request, "productivity/case_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a case (Kasi/Kabid); `?perusahaan=<public_id>` preselects the company."""
    wanted = (request.GET.get("perusahaan") or "").strip()
    if wanted:
        preselected = access.company_for(request.user, wanted, access.LEAD)
        office = preselected.organization
    else:
        office = _office(request, access.LEAD)
    version, problem = services.opening_problem(office)
    numbering = services.numbering_problem(office)
    initial = {"company": wanted} if wanted else {}
    form = CaseForm(
        request.POST or None,
        initial=initial,
        companies=selectors.active_companies(office),
        officers=selectors.officers_of(office),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(organization=office, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kasus %(number)s dibuka.") % {"number": case.number})
            if sop_binding.open_stage_tasks(case, "productivity.open_case"):
                _say_why_not_signed(request, case, "productivity.open_case")
            return redirect(_case_url(case))
    context = {
        "form": form,
        "office": office,
        "version": version,
        "problem": problem,
        "numbering_problem": numbering,
        "library_url": services.library_url(version),
    }
    return render(request, "productivity/case_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def case_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id)
    context = selectors.case_page(case, request.user)
    context.update(selectors_analysis.analysis_context(case=case, user=request.user))
    context.update(selectors_closing.closing_context(case=case, user=request.user))
    return render(request, "productivity/case_detail.html", context)


def _say_why_not_signed(request: AuthenticatedHttpRequest, case: GuidanceCase, action: str) -> None:
    """The sentence shown when finishing a stage signed off nothing on the SOP run."""
    stage = sop_binding.STAGE_BY_ACTION[action]
    tasks = sop_binding.open_stage_tasks(case, action)
    if not tasks:
        active = sop_binding.active_stage(case)
        if active is not None and active.action == action:
            return
        messages.info(
            request,
            _(
                "Data disimpan, tetapi langkah SOP “%(stage)s” belum aktif pada pelaksanaan SOP kasus ini "
                "(sekarang: %(active)s), jadi belum ada yang ditandatangani."
            )
            % {"stage": stage.label, "active": active.label if active is not None else _("langkah lain")},
        )
        return
    names = ", ".join(sorted(set(sop_binding.stage_actor_names(case, action))))
    messages.info(
        request,
        _(
            "Langkah SOP “%(stage)s” ditawarkan kepada %(who)s; mereka menyelesaikannya dari halaman "
            "kasus atau halaman tugasnya."
        )
        % {"stage": stage.label, "who": names},
    )


def _finish_stage(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, action: str, finish: Any, done_message: str
) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    anchor = sop_binding.STAGE_BY_ACTION[action].anchor
    try:
        done = finish(case=case, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_case_url(case, anchor))
    if done:
        messages.success(request, done_message)
    else:
        _say_why_not_signed(request, case, action)
    return redirect(_case_url(case, anchor))


# ---- identification ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_identification(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    initial = {
        "identified_on": case.identified_on,
        "problem_statement": case.problem_statement,
        "identification_notes": case.identification_notes,
    }
    rows = [
        {"label": figure.label, "value": figure.value, "unit": figure.unit, "source": figure.source}
        for figure in case.figures.all()
    ]
    form = IdentificationForm(request.POST or None, initial=initial if case.identified_on else {})
    figures = figure_formset(request.POST or None, initial=rows)
    if request.method == "POST":
        valid = form.is_valid()
        valid = figures.is_valid() and valid
        if valid:
            inputs = [row.figure() for row in figures.forms]
            try:
                services.record_identification(
                    case=case,
                    actor=request.user,
                    figures=[figure for figure in inputs if figure is not None],
                    **form.cleaned_data,
                )
            except ValidationError as refused:
                form.add_service_errors(refused)
            else:
                messages.success(request, _("Hasil identifikasi disimpan."))
                return redirect(_case_url(case, "identifikasi"))
    invalid = bool(form.errors or (figures.is_bound and not figures.is_valid()))
    context = {"case": case, "form": form, "figures": figures}
    return render(request, "productivity/identification_form.html", context, status=400 if invalid else 200)


@login_required
@require_POST
def case_identification_finish(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _finish_stage(
        request,
        public_id,
        "productivity.identification",
        services.finish_identification,
        _("Tahap identifikasi selesai; langkah SOP berikutnya dimulai."),
    )


# ---- follow-up visits ----------------------------------------------------------------------------


def _visit(case: GuidanceCase, visit_id: int) -> FollowUpVisit:
    visit = case.visits.filter(pk=visit_id).select_related("case").first()
    if visit is None:
        raise Http404(_("Kunjungan tidak ditemukan."))
    return visit


@login_required
@require_http_methods(["GET", "POST"])
def case_visit_create(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_visit(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kunjungan dicatat."))
            return redirect(_case_url(case, "kunjungan"))
    context = {"case": case, "form": form, "visit": None, "section": "kunjungan"}
    return render(request, "productivity/visit_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def case_visit_edit(request: AuthenticatedHttpRequest, public_id: uuid.UUID, visit_id: int) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    visit = _visit(case, visit_id)
    initial = {name: getattr(visit, name) for name in services.VISIT_FIELDS}
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_visit(visit=visit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kunjungan disimpan."))
            return redirect(_case_url(case, "kunjungan"))
    context = {"case": case, "form": form, "visit": visit, "section": "kunjungan"}
    return render(request, "productivity/visit_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def case_visit_delete(request: AuthenticatedHttpRequest, public_id: uuid.UUID, visit_id: int) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.RECORD)
    visit = _visit(case, visit_id)
    try:
        services.delete_visit(visit=visit, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Kunjungan dihapus."))
    return redirect(_case_url(case, "kunjungan"))


@login_required
@require_POST
def case_follow_up_finish(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _finish_stage(
        request,
        public_id,
        "productivity.follow_up",
        services.finish_follow_up,
        _("Tahap kunjungan tindak lanjut selesai; langkah SOP berikutnya dimulai."),
    )


# ---- cancelling ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_cancel(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = access.case_for(request.user, public_id, access.LEAD)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_case(case=case, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kasus %(number)s dibatalkan.") % {"number": case.number})
            return redirect(_case_url(case))
    context = {"case": case, "form": form}
    return render(request, "productivity/case_cancel.html", context, status=400 if form.errors else 200)
