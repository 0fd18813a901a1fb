"""Pages of targets (STMI step 1), plans (step 2) and test events, with the event hub.

Targets and plans belong to the LSP the user acts for; an event is seen by its LSP, its
facilitating agency and its site's owner (access_events).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization
from ujikom.core.views.scope import acting_organization, render_list
from ujikom.registry.models import Scheme, TestSite

from . import selectors_events as selectors
from .access_events import MANAGE, VIEW, event_for, plan_for, target_for
from .forms_events import (
    BudgetLineFormSet,
    EventForm,
    EventSearchForm,
    MemoForm,
    PlanForm,
    TargetForm,
    TransitionForm,
    budget_initial,
    lines_of,
)
from .models import Plan, TestEvent
from .services_events import (
    allowed_transitions,
    approve_plan,
    change_event_status,
    create_event,
    create_plan,
    create_target,
    format_rupiah,
    issue_targets_memo,
    plan_total,
    update_event,
    update_plan,
    update_target,
)

PAGE_SIZE = 25


def _require_lsp(organization: Organization) -> None:
    if organization.kind != Organization.Kind.LSP:
        raise PermissionDenied(
            _("Halaman ini untuk LSP; %(name)s bukan LSP.") % {"name": organization.display_name}
        )


def _year(value: str | None) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


# ---- Targets ---------------------------------------------------------------------------------------


@login_required
def target_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, VIEW)
    year = _year(request.GET.get("year"))
    targets = list(selectors.targets_of(organization, year=year))
    context = {
        "organization": organization,
        "targets": targets,
        "years": selectors.target_years(organization),
        "year": year,
        "total": sum(target.quantity for target in targets),
        "memo_form": MemoForm(initial={"year": year or (targets[0].year if targets else None)}),
        "can_manage": has_permission(request.user, MANAGE, organization)
        and organization.kind == Organization.Kind.LSP,
    }
    return render(request, "scheduling/events_target_list.html", context)


@login_required
def target_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, MANAGE)
    _require_lsp(organization)
    form = TargetForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            create_target(organization=organization, actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Target disimpan."))
            return redirect("scheduling:target_list")
    return render(request, "scheduling/events_target_form.html", {"form": form, "target": None})


@login_required
def target_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    target = target_for(request.user, public_id, MANAGE)
    form = TargetForm(request.POST or None, instance=target, organization=target.organization)
    if request.method == "POST" and form.is_valid():
        try:
            update_target(target=target, actor=request.user, **form.changes())
        except ValidationError as error:
            target.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Target disimpan."))
            return redirect("scheduling:target_list")
    return render(request, "scheduling/events_target_form.html", {"form": form, "target": target})


@login_required
@require_POST
def target_memo(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Buat nota dinas: the numbered memo listing the year's targets (STMI step 1 output)."""
    organization = acting_organization(request, MANAGE)
    _require_lsp(organization)
    form = MemoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tahun nota dinas tidak sah (2000-2100)."))
        return redirect("scheduling:target_list")
    year = form.cleaned_data["year"]
    try:
        issued = issue_targets_memo(organization=organization, year=year, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Nota dinas nomor %(number)s diterbitkan dan dilampirkan ke %(count)s tugas SOP.")
            % {"number": issued.number, "count": issued.attached},
        )
    return redirect(f"{reverse('scheduling:target_list')}?year={year}")


# ---- Plans -----------------------------------------------------------------------------------------


@login_required
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, VIEW)
    year = _year(request.GET.get("year"))
    page = Paginator(selectors.plans_of(organization, year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "page_obj": page,
        "year": year,
        "can_manage": has_permission(request.user, MANAGE, organization)
        and organization.kind == Organization.Kind.LSP,
    }
    return render_list(request, "scheduling/events_plan_list.html", context)


def _plan_form(
    request: AuthenticatedHttpRequest, organization: Organization, plan: Plan | None
) -> HttpResponse:
    form = PlanForm(request.POST or None, instance=plan, organization=organization)
    lines = BudgetLineFormSet(request.POST or None, initial=budget_initial(plan), prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        arguments = {**form.changes(), "budget_lines": lines_of(lines)}
        try:
            if plan is None:
                plan = create_plan(organization=organization, actor=request.user, **arguments)
            else:
                plan = update_plan(plan=plan, actor=request.user, **arguments)
        except ValidationError as error:
            form.add_service_errors(error)
            if hasattr(error, "error_dict") and "budget_lines" in error.error_dict:
                form.add_error(None, error.error_dict["budget_lines"])
        else:
            messages.success(request, _("Rencana %(title)s disimpan.") % {"title": plan.title})
            return redirect("scheduling:plan_detail", public_id=plan.public_id)
    return render(request, "scheduling/events_plan_form.html", {"form": form, "lines": lines, "plan": plan})


@login_required
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, MANAGE)
    _require_lsp(organization)
    return _plan_form(request, organization, None)


@login_required
def plan_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    plan = plan_for(request.user, public_id, MANAGE)
    if plan.status == Plan.Status.APPROVED:
        messages.error(request, _("Rencana yang sudah diterbitkan tidak dapat diubah."))
        return redirect("scheduling:plan_detail", public_id=plan.public_id)
    return _plan_form(request, plan.organization, plan)


@login_required
def plan_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    plan = plan_for(request.user, public_id, VIEW)
    lines = list(plan.budget_lines.all())
    context = {
        "plan": plan,
        "lines": [(line, format_rupiah(line.unit_cost), format_rupiah(line.total)) for line in lines],
        "total": format_rupiah(plan_total(lines)),
        "targets": plan.targets.select_related("scheme", "funding").order_by("scheme__code"),
        "events": plan.events.select_related("scheme", "site").order_by("starts_on", "pk"),
        "can_manage": request.user.is_superuser or has_permission(request.user, MANAGE, plan.organization),
    }
    return render(request, "scheduling/events_plan_detail.html", context)


@login_required
@require_POST
def plan_approve(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """Terbitkan: TOR, RAB and SK Jadwal as numbered PDFs (STMI step 2 outputs)."""
    plan = plan_for(request.user, public_id, MANAGE)
    try:
        documents = approve_plan(plan=plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Rencana diterbitkan: TOR %(tor)s, RAB %(rab)s, SK Jadwal %(sk)s.")
            % {
                "tor": documents.tor.number,
                "rab": documents.budget.number,
                "sk": documents.schedule_decree.number,
            },
        )
    return redirect("scheduling:plan_detail", public_id=plan.public_id)


# ---- Test events -----------------------------------------------------------------------------------


@login_required
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = request.organization
    if not (request.user.is_superuser and organization is None):
        organization = acting_organization(request, VIEW)
    visible = TestEvent.objects.all() if organization is None else selectors.events_visible_to(organization)
    search = EventSearchForm(
        request.GET,
        schemes=Scheme.objects.filter(pk__in=visible.values("scheme_id")).order_by("code"),
        sites=TestSite.objects.filter(pk__in=visible.values("site_id")).order_by("name"),
    )
    search.is_valid()
    data = search.cleaned_data
    events = selectors.events_for_list(
        organization=organization,
        query=data.get("q", ""),
        status=data.get("status", ""),
        scheme=data.get("scheme"),
        site=data.get("site"),
        month=data.get("month"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "search": search,
        "page_obj": page,
        "organization": organization,
        "can_create": organization is not None
        and organization.kind == Organization.Kind.LSP
        and has_permission(request.user, MANAGE, organization),
    }
    return render_list(request, "scheduling/events_event_list.html", context)


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, MANAGE)
    _require_lsp(organization)
    form = EventForm(request.POST or None, lsp=organization)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_event(lsp=organization, actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Jadwal uji %(title)s dibuat.") % {"title": event.title})
            return redirect("scheduling:event_detail", public_id=event.public_id)
    return render(request, "scheduling/events_event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    event = event_for(request.user, public_id, MANAGE)
    form = EventForm(request.POST or None, instance=event, lsp=event.lsp)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                update_event(event=event, actor=request.user, **form.changes())
        except ValidationError as error:
            event.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Jadwal uji disimpan."))
            return redirect("scheduling:event_detail", public_id=event.public_id)
    return render(request, "scheduling/events_event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The event hub: summary, status and its transitions, readiness, the other screens, the SOP runs."""
    event = event_for(request.user, public_id, VIEW)
    checks = selectors.readiness_checks(event)
    statuses = dict(TestEvent.Status.choices)
    context = {
        "event": event,
        "checks": checks,
        "all_ok": all(check.ok for check in checks),
        "transitions": [(status, statuses[status]) for status in allowed_transitions(event)],
        "counts": selectors.registration_count(event),
        "links": selectors.hub_links(event),
        "runs": selectors.event_run_rows(event),
        "can_manage": selectors.can_manage_event(request.user, event),
        "transition_form": TransitionForm(),
    }
    return render(request, "scheduling/events_event_detail.html", context)


@login_required
@require_POST
def event_transition(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    event = event_for(request.user, public_id, MANAGE)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Status yang dipilih tidak dikenal."))
        return redirect("scheduling:event_detail", public_id=event.public_id)
    try:
        event = change_event_status(
            event=event,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Status uji kompetensi: %(status)s.") % {"status": event.get_status_display()}
        )
    return redirect("scheduling:event_detail", public_id=event.public_id)
