"""Organizations and their units: list, detail (units as a tree, active members), create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import selectors
from ..access import has_permission, organizations_of
from ..forms import OrganizationForm, OrganizationSearchForm, UnitForm
from ..http import AuthenticatedHttpRequest
from ..models import Organization, Unit
from ..services import create_organization, create_unit, update_organization, update_unit
from .scope import authorize_in, render_list

PAGE_SIZE = 25
MEMBERS_PAGE_SIZE = 50


@login_required
def organization_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.is_superuser:
        scope = Organization.objects.all()
    else:
        allowed = [
            org.pk for org in organizations_of(user) if has_permission(user, "core.view_organization", org)
        ]
        if not allowed:
            raise PermissionDenied(_("Anda tidak memiliki hak akses untuk melihat data organisasi."))
        scope = Organization.objects.filter(pk__in=allowed)
    search = OrganizationSearchForm(request.GET)
    search.is_valid()
    organizations = selectors.organizations_for_list(
        organizations=scope, query=search.cleaned_data.get("q", ""), kind=search.cleaned_data.get("kind", "")
    )
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(request, "core/organization_list.html", {"search": search, "page_obj": page})


@login_required
def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied(_("Hanya administrator sistem yang dapat mendaftarkan organisasi."))
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = create_organization(actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Organisasi %(name)s didaftarkan.") % {"name": organization.name})
            return redirect("core:organization_detail", public_id=organization.public_id)
    return render(request, "core/organization_form.html", {"form": form, "organization": None})


@login_required
def organization_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    organization = get_object_or_404(Organization, public_id=public_id)
    authorize_in(request.user, "core.view_organization", organization)
    members = Paginator(selectors.people_in(organization=organization), MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "organization": organization,
        "units": selectors.unit_tree(organization=organization),
        "page_obj": members,
        "can_manage": has_permission(request.user, "core.manage_organization", organization),
        "can_manage_people": has_permission(request.user, "core.manage_people", organization),
    }
    return render_list(request, "core/organization_detail.html", context)


@login_required
def organization_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    organization = get_object_or_404(Organization, public_id=public_id)
    authorize_in(request.user, "core.manage_organization", organization)
    form = OrganizationForm(
        request.POST or None, instance=organization, full_access=request.user.is_superuser
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_organization(organization=organization, actor=request.user, **form.changes())
        except ValidationError as error:
            organization.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data organisasi disimpan."))
            return redirect("core:organization_detail", public_id=organization.public_id)
    return render(request, "core/organization_form.html", {"form": form, "organization": organization})


@login_required
def unit_create(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    organization = get_object_or_404(Organization, public_id=public_id)
    authorize_in(request.user, "core.manage_organization", organization)
    initial = {}
    wanted_parent = request.GET.get("parent", "")
    if wanted_parent:
        initial["parent"] = (
            organization.units.filter(public_id=wanted_parent).values_list("pk", flat=True).first()
        )
    form = UnitForm(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = create_unit(organization=organization, actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Unit %(name)s ditambahkan.") % {"name": unit.name})
            return redirect("core:organization_detail", public_id=organization.public_id)
    return render(request, "core/unit_form.html", {"form": form, "organization": organization, "unit": None})


@login_required
def unit_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("organization"), public_id=public_id)
    organization = unit.organization
    authorize_in(request.user, "core.manage_organization", organization)
    form = UnitForm(request.POST or None, instance=unit, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            update_unit(unit=unit, actor=request.user, **form.changes())
        except ValidationError as error:
            unit.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
            return redirect("core:organization_detail", public_id=organization.public_id)
    return render(request, "core/unit_form.html", {"form": form, "organization": organization, "unit": unit})
