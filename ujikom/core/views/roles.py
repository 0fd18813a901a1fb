"""The role catalogue: organization administrators look it up, system administrators change it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import selectors
from ..forms import RoleForm
from ..http import AuthenticatedHttpRequest
from ..models import Organization, Role
from ..permissions import PERMISSIONS
from ..services import create_role, update_role
from .scope import acting_organization


def _require_superuser(request: AuthenticatedHttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied(_("Hanya administrator sistem yang dapat mengubah katalog peran."))


@login_required
def role_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = None if request.user.is_superuser else acting_organization(request, "core.manage_people")
    roles = selectors.roles_for_catalogue(organization=organization)
    kinds = dict(Organization.Kind.choices)
    rows = [
        {
            "role": role,
            "permissions": [PERMISSIONS.get(code, code) for code in role.permissions or []],
            "kinds": [kinds.get(kind, kind) for kind in role.organization_kinds or []],
        }
        for role in roles
    ]
    return render(request, "core/role_list.html", {"rows": rows, "organization": organization})


@login_required
def role_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_superuser(request)
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = create_role(actor=request.user, **form.changes())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Peran %(name)s ditambahkan.") % {"name": role.name})
            return redirect("core:role_list")
    return render(request, "core/role_form.html", {"form": form, "role": None})


@login_required
def role_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    _require_superuser(request)
    role = get_object_or_404(Role, key=key)
    form = RoleForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        try:
            update_role(role=role, actor=request.user, **form.changes())
        except ValidationError as error:
            role.refresh_from_db()
            form.add_service_errors(error)
        else:
            messages.success(request, _("Peran %(name)s disimpan.") % {"name": role.name})
            return redirect("core:role_list")
    return render(request, "core/role_form.html", {"form": form, "role": role})
