"""Pages of test sites (TUK) and assessors: list, detail, create/edit, Excel import and export.

Who sees and changes which record is decided in access_sites.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.access import has_permission
from ujikom.core.http import AuthenticatedHttpRequest
from ujikom.core.models import Organization
from ujikom.core.views.scope import acting_organization, render_list

from . import selectors_sites as selectors
from .access_sites import MANAGE, VIEW, assessor_for, require_lsp, site_for
from .forms_sites import AssessorForm, AssessorSearchForm, SiteSearchForm, TestSiteForm
from .imports_sites import (
    ASSESSOR_COLUMNS,
    SITE_COLUMNS,
    ImportRejected,
    export_assessors,
    export_test_sites,
    import_assessors,
    import_test_sites,
)
from .models import Assessor, Scheme, TestSite
from .services_sites import create_test_site, register_assessor, update_assessor, update_test_site

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas Excel (.xlsx) atau CSV"),
        error_messages={"required": gettext_lazy("Pilih berkas yang akan diimpor.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.xls,.csv"})


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---- Test sites ---------------------------------------------------------------------------------


def _site_search(
    request: AuthenticatedHttpRequest, organization: Organization
) -> tuple[SiteSearchForm, QuerySet[TestSite]]:
    search = SiteSearchForm(request.GET)
    search.is_valid()
    data = search.cleaned_data
    sites = selectors.sites_for_list(
        organization=organization,
        query=data.get("q", ""),
        kind=data.get("kind", ""),
        active=data.get("active", ""),
    )
    return search, sites


@login_required
def site_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.view")
    search, sites = _site_search(request, organization)
    page = Paginator(sites, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(site, selectors.site_verification_state(site, today)) for site in page]
    context = {
        "search": search,
        "page_obj": page,
        "rows": rows,
        "organization": organization,
        "can_manage": has_permission(request.user, "registry.manage", organization),
    }
    return render_list(request, "registry/site_list.html", context)


@login_required
def site_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.view")
    _search, sites = _site_search(request, organization)
    return _xlsx(export_test_sites(sites), f"tuk-{organization.code}.xlsx")


def _import_page(
    request: AuthenticatedHttpRequest,
    run_import: Callable[[bytes, str], Any],
    *,
    columns: Any,
    title: str,
    back: str,
    done: Callable[[Any], str],
) -> HttpResponse:
    """An all-or-nothing Excel import page: every bad row listed, or a message and back to the list."""
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run_import(upload.read(), upload.name)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, done(result))
            return redirect(back)
    context = {"form": form, "errors": errors, "columns": columns, "title": title, "back": back}
    return render(request, "registry/sites_import_form.html", context, status=422 if errors else 200)


@login_required
def site_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.manage")
    return _import_page(
        request,
        lambda source, name: import_test_sites(
            actor=request.user, owner=organization, source=source, filename=name
        ),
        columns=SITE_COLUMNS,
        title=_("Impor TUK dari Excel"),
        back="registry:site_list",
        done=lambda result: (
            _("%(created)s TUK baru dan %(updated)s TUK yang sudah ada diimpor.")
            % {"created": result.created, "updated": result.updated}
        ),
    )


@login_required
def site_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.manage")
    form = TestSiteForm(request.POST or None, owner=organization)
    if request.method == "POST" and form.is_valid():
        try:
            site = create_test_site(actor=request.user, owner=organization, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("TUK %(name)s didaftarkan.") % {"name": site.name})
            return redirect("registry:site_detail", public_id=site.public_id)
    return render(request, "registry/site_form.html", {"form": form, "site": None, "owner": organization})


@login_required
def site_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    site = site_for(request.user, public_id, VIEW)
    context = {
        "site": site,
        "verification": selectors.site_verification_state(site),
        "can_manage": request.user.is_superuser
        or has_permission(request.user, "registry.manage", site.owner),
    }
    return render(request, "registry/site_detail.html", context)


@login_required
def site_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    site = site_for(request.user, public_id, MANAGE)
    form = TestSiteForm(request.POST or None, instance=site, owner=site.owner)
    if request.method == "POST" and form.is_valid():
        try:
            update_test_site(site=site, actor=request.user, **form.changes())
        except ValidationError as error:
            site.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data TUK %(name)s disimpan.") % {"name": site.name})
            return redirect("registry:site_detail", public_id=site.public_id)
    return render(request, "registry/site_form.html", {"form": form, "site": site, "owner": site.owner})


# ---- Assessors ----------------------------------------------------------------------------------


def _assessor_search(
    request: AuthenticatedHttpRequest, organization: Organization
) -> tuple[AssessorSearchForm, QuerySet[Assessor]]:
    schemes = Scheme.objects.filter(
        Q(organization=organization)
        | Q(
            pk__in=Assessor.schemes.through.objects.filter(
                assessor__in=selectors.assessors_of(organization)
            ).values("scheme_id")
        )
    ).order_by("code")
    search = AssessorSearchForm(request.GET, schemes=schemes)
    search.is_valid()
    data = search.cleaned_data
    assessors = selectors.assessors_for_list(
        organization=organization,
        query=data.get("q", ""),
        scheme=data.get("scheme"),
        expiring=bool(data.get("expiring")),
    )
    return search, assessors


@login_required
def assessor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.view")
    search, assessors = _assessor_search(request, organization)
    page = Paginator(assessors, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(assessor, selectors.assessor_status(assessor, today)) for assessor in page]
    context = {
        "search": search,
        "page_obj": page,
        "rows": rows,
        "organization": organization,
        "can_manage": organization.kind == Organization.Kind.LSP
        and has_permission(request.user, "registry.manage", organization),
    }
    return render_list(request, "registry/assessor_list.html", context)


@login_required
def assessor_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.view")
    _search, assessors = _assessor_search(request, organization)
    return _xlsx(export_assessors(assessors), f"asesor-{organization.code}.xlsx")


@login_required
def assessor_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.manage")
    require_lsp(organization)
    return _import_page(
        request,
        lambda source, name: import_assessors(
            actor=request.user, lsp=organization, source=source, filename=name
        ),
        columns=ASSESSOR_COLUMNS,
        title=_("Impor asesor dari Excel"),
        back="registry:assessor_list",
        done=lambda result: (
            _("%(created)s asesor baru dan %(updated)s asesor yang sudah ada diimpor.")
            % {"created": result.created, "updated": result.updated}
        ),
    )


@login_required
def assessor_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = acting_organization(request, "registry.manage")
    require_lsp(organization)
    form = AssessorForm(request.POST or None, lsp=organization)
    if request.method == "POST" and form.is_valid():
        try:
            assessor = register_assessor(actor=request.user, lsp=organization, **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Asesor %(name)s didaftarkan.") % {"name": assessor.user})
            return redirect("registry:assessor_detail", public_id=assessor.public_id)
    return render(
        request, "registry/assessor_form.html", {"form": form, "assessor": None, "lsp": organization}
    )


@login_required
def assessor_detail(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    assessor = assessor_for(request.user, public_id, VIEW)
    context = {
        "assessor": assessor,
        "status": selectors.assessor_status(assessor),
        "schemes": assessor.schemes.order_by("code"),
        "can_manage": request.user.is_superuser
        or has_permission(request.user, "registry.manage", assessor.lsp),
    }
    return render(request, "registry/assessor_detail.html", context)


@login_required
def assessor_edit(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    assessor = assessor_for(request.user, public_id, MANAGE)
    form = AssessorForm(request.POST or None, instance=assessor, lsp=assessor.lsp)
    if request.method == "POST" and form.is_valid():
        try:
            update_assessor(assessor=assessor, actor=request.user, **form.service_arguments())
        except ValidationError as error:
            assessor.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Data asesor %(name)s disimpan.") % {"name": assessor.user})
            return redirect("registry:assessor_detail", public_id=assessor.public_id)
    return render(
        request, "registry/assessor_form.html", {"form": form, "assessor": assessor, "lsp": assessor.lsp}
    )


@login_required
def my_assessor_records(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Data asesor saya": the signed-in person's own registrations, with what stops an assignment."""
    today = timezone.localdate()
    rows = [
        (assessor, selectors.assessor_status(assessor, today))
        for assessor in selectors.assessor_records_of(request.user)
    ]
    return render(request, "registry/assessor_mine.html", {"rows": rows})
