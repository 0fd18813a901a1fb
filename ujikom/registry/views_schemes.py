"""Pages of funding sources (sumber anggaran) and certification schemes with their units.

A scheme belongs to its LSP: people of other organizations get 404, members without the
permission 403. Shared funding sources (no organization) are changed by system administrators only.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ujikom.core.access import has_permission, require_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization
from ujikom.core.views.scope import authorize_in, render_list

from . import selectors_schemes as selectors
from .forms_schemes import (
    BaseUnitFormSet,
    FundingImportForm,
    FundingSearchForm,
    FundingSourceForm,
    SchemeForm,
    SchemeImportForm,
    SchemeSearchForm,
    UnitFormSet,
    unit_initial,
)
from .imports_schemes import (
    SchemeImportRejected,
    export_funding_sources,
    export_schemes,
    import_funding_sources,
    import_schemes,
    import_template,
)
from .imports_schemes import (
    funding_import_template as funding_template,
)
from .models import FundingSource, Scheme
from .services_schemes import create_funding_source, create_scheme, update_funding_source, update_scheme

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _list_scope(request: AuthenticatedHttpRequest, code: str) -> Organization | None:
    """The organization whose records a list shows: the one acted for, where `code` is held.

    A system administrator acting for no organization sees every organization's records (None).
    """
    organization = request.organization
    if request.user.is_superuser and organization is None:
        return None
    require_permission(request.user, code, organization)
    return organization


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- Funding sources ------------------------------------------------------------------------------


@login_required
def funding_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = _list_scope(request, "registry.view")
    search = FundingSearchForm(request.GET)
    search.is_valid()
    sources = selectors.funding_sources_for(organization=organization, query=search.cleaned_data.get("q", ""))
    page = Paginator(sources, PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = request.user.is_superuser or has_permission(request.user, "registry.manage", organization)
    context = {"search": search, "page_obj": page, "can_add": can_add, "organization": organization}
    return render_list(request, "registry/funding_list.html", context)


@login_required
@require_GET
def funding_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = _list_scope(request, "registry.view")
    search = FundingSearchForm(request.GET)
    search.is_valid()
    sources = selectors.funding_sources_for(organization=organization, query=search.cleaned_data.get("q", ""))
    stamp = timezone.localdate().isoformat()
    return _xlsx(export_funding_sources(sources=sources), f"sumber-anggaran-{stamp}.xlsx")


def _funding_to_view(request: AuthenticatedHttpRequest, pk: int) -> FundingSource:
    """A shared source is seen by anyone holding registry.view where they act; an organization's own
    source only inside that organization (another organization: 404)."""
    source = get_object_or_404(FundingSource.objects.select_related("organization"), pk=pk)
    if request.user.is_superuser:
        return source
    if source.organization is None:
        require_permission(request.user, "registry.view", request.organization)
    else:
        authorize_in(request.user, "registry.view", source.organization)
    return source


@login_required
def funding_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = _funding_to_view(request, pk)
    if source.organization is None:
        can_manage = request.user.is_superuser
    else:
        can_manage = request.user.is_superuser or has_permission(
            request.user, "registry.manage", source.organization
        )
    context = {"source": source, "can_manage": can_manage}
    return render(request, "registry/funding_detail.html", context)


def _funding_import_scope(request: AuthenticatedHttpRequest) -> Organization | None:
    """Where imported sources go: the organization acted for (registry.manage there), or for a
    system administrator acting for no organization the shared sources."""
    user = request.user
    if user.is_superuser:
        return request.organization
    require_permission(user, "registry.manage", request.organization)
    return request.organization


@login_required
def funding_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = _funding_import_scope(request)
    user = request.user
    form = FundingImportForm(request.POST or None, request.FILES or None, may_share=user.is_superuser)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        target = None if form.cleaned_data.get("shared") or organization is None else organization
        try:
            result = import_funding_sources(
                organization=target, actor=user, source=upload.read(), filename=upload.name
            )
        except SchemeImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _("Impor selesai: %(created)s sumber anggaran baru, %(updated)s diperbarui.")
                % {"created": len(result.created), "updated": len(result.updated)},
            )
            return redirect("registry:funding_list")
    context = {"form": form, "errors": errors, "organization": organization}
    return render(request, "registry/funding_import.html", context)


@login_required
@require_GET
def funding_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    _funding_import_scope(request)
    return _xlsx(funding_template(), "templat-impor-sumber-anggaran.xlsx")


@login_required
def funding_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    organization = request.organization
    if not user.is_superuser:
        require_permission(user, "registry.manage", organization)
    form = FundingSourceForm(request.POST or None, may_share=user.is_superuser)
    if request.method == "POST" and form.is_valid():
        shared = form.cleaned_data.get("shared", False) or organization is None
        try:
            source = create_funding_source(
                actor=user, organization=None if shared else organization, **form.changes()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Sumber anggaran %(name)s ditambahkan.") % {"name": source.name})
            return redirect("registry:funding_list")
    return render(request, "registry/funding_form.html", {"form": form, "source": None})


def _funding_to_manage(request: AuthenticatedHttpRequest, pk: int) -> FundingSource:
    source = get_object_or_404(FundingSource.objects.select_related("organization"), pk=pk)
    if source.organization is None:
        if not request.user.is_superuser:
            raise PermissionDenied(_("Sumber anggaran bersama hanya dapat diubah administrator sistem."))
    else:
        authorize_in(request.user, "registry.manage", source.organization)
    return source


@login_required
def funding_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = _funding_to_manage(request, pk)
    form = FundingSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        try:
            update_funding_source(funding_source=source, actor=request.user, **form.changes())
        except ValidationError as error:
            source.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Sumber anggaran %(name)s disimpan.") % {"name": source.name})
            return redirect("registry:funding_detail", pk=source.pk)
    return render(request, "registry/funding_form.html", {"form": form, "source": source})


# ---- Schemes --------------------------------------------------------------------------------------


def _search(request: AuthenticatedHttpRequest) -> tuple[SchemeSearchForm, str, str]:
    search = SchemeSearchForm(request.GET)
    search.is_valid()
    return search, search.cleaned_data.get("q", ""), search.cleaned_data.get("kind", "")


@login_required
def scheme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = _list_scope(request, "registry.view")
    search, query, kind = _search(request)
    schemes = selectors.schemes_for_list(organization=organization, query=query, kind=kind)
    page = Paginator(schemes, PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = (
        organization is not None
        and organization.kind == Organization.Kind.LSP
        and has_permission(request.user, "registry.manage", organization)
    )
    context = {"search": search, "page_obj": page, "can_manage": can_manage, "organization": organization}
    return render_list(request, "registry/scheme_list.html", context)


@login_required
@require_GET
def scheme_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = _list_scope(request, "registry.view")
    _search_form, query, kind = _search(request)
    schemes = selectors.schemes_for_list(organization=organization, query=query, kind=kind).prefetch_related(
        "units"
    )
    stamp = timezone.localdate().isoformat()
    return _xlsx(export_schemes(schemes=schemes), f"skema-{stamp}.xlsx")


@login_required
def scheme_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    scheme = selectors.scheme_by_public_id(public_id)
    if scheme is None:
        raise Http404(_("Skema tidak ditemukan."))
    authorize_in(request.user, "registry.view", scheme.organization)
    context = {
        "scheme": scheme,
        "units": list(scheme.units.all()),
        "can_manage": has_permission(request.user, "registry.manage", scheme.organization),
    }
    return render(request, "registry/scheme_detail.html", context)


def _lsp_to_manage(request: AuthenticatedHttpRequest) -> Organization:
    organization = request.organization
    require_permission(request.user, "registry.manage", organization)
    assert organization is not None
    if organization.kind != Organization.Kind.LSP:
        raise PermissionDenied(_("Skema sertifikasi hanya dikelola oleh LSP."))
    return organization


def _scheme_form_page(
    request: AuthenticatedHttpRequest, organization: Organization, scheme: Scheme | None
) -> HttpResponse:
    """Create or edit a scheme and its units in one form; nothing is saved while anything is wrong."""
    data = request.POST if request.method == "POST" else None
    form = SchemeForm(data, instance=scheme, prefix="scheme")
    units = cast(BaseUnitFormSet, UnitFormSet(data, initial=unit_initial(scheme), prefix="units"))
    unit_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and units.is_valid():
        try:
            with transaction.atomic():
                if scheme is None:
                    saved = create_scheme(
                        organization=organization, actor=request.user, units=units.units(), **form.changes()
                    )
                else:
                    saved = update_scheme(
                        scheme=scheme, actor=request.user, units=units.units(), **form.changes()
                    )
        except ValidationError as error:
            if scheme is not None:
                scheme.refresh_from_db()
            if hasattr(error, "error_dict"):
                unit_errors = [text for item in error.error_dict.pop("units", []) for text in item.messages]
            form.add_service_errors(error)
        else:
            messages.success(request, _("Skema %(code)s disimpan.") % {"code": saved.code})
            return redirect("registry:scheme_detail", public_id=saved.public_id)
    context = {"form": form, "units": units, "unit_errors": unit_errors, "scheme": scheme}
    return render(request, "registry/scheme_form.html", context)


@login_required
def scheme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _scheme_form_page(request, _lsp_to_manage(request), None)


@login_required
def scheme_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    scheme = selectors.scheme_by_public_id(public_id)
    if scheme is None:
        raise Http404(_("Skema tidak ditemukan."))
    authorize_in(request.user, "registry.manage", scheme.organization)
    return _scheme_form_page(request, scheme.organization, scheme)


@login_required
def scheme_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = _lsp_to_manage(request)
    form = SchemeImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_schemes(
                organization=organization, actor=request.user, source=upload.read(), filename=upload.name
            )
        except SchemeImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                _("Impor selesai: %(created)s skema baru, %(updated)s skema diperbarui, %(units)s unit.")
                % {"created": len(result.created), "updated": len(result.updated), "units": result.units},
            )
            return redirect("registry:scheme_list")
    return render(request, "registry/scheme_import.html", {"form": form, "errors": errors})


@login_required
@require_GET
def scheme_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    _lsp_to_manage(request)
    return _xlsx(import_template(), "templat-impor-skema.xlsx")
