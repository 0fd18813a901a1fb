"""Who sees and changes a test site (TUK) or an assessor; used by the pages and the API.

A TUK is seen by its owner and by the LSP that verifies it, and changed by its owner only. An
assessor is seen by the LSP, by the organizations the person works in (holds a role in today) and
by the person; it is changed by the LSP only. Outsiders get 404, members without the permission 403.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, is_member
from ujikom.core.models import Organization, RoleAssignment, User

from .models import Assessor, TestSite

VIEW, MANAGE = "registry.view", "registry.manage"


def authorize(user: User, code: str, seen_by: list[Organization], changed_by: Organization) -> None:
    """404 unless the user belongs to one of `seen_by`; then 403 unless they hold `code` where it counts."""
    if user.is_superuser:
        return
    if not any(is_member(user, org) for org in seen_by):
        raise Http404(_("Tidak ditemukan."))
    if code == MANAGE:
        allowed = has_permission(user, code, changed_by)
    else:
        allowed = any(has_permission(user, code, org) for org in seen_by)
    if not allowed:
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut."))


def _get(
    model: type[TestSite] | type[Assessor], public_id: str | uuid.UUID, related: tuple[str, ...]
) -> object:
    try:
        return model.objects.select_related(*related).get(public_id=public_id)  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Tidak ditemukan.")) from error


def site_for(user: User, public_id: str | uuid.UUID, code: str = VIEW) -> TestSite:
    site = _get(TestSite, public_id, ("owner", "lsp", "city", "head"))
    assert isinstance(site, TestSite)
    authorize(user, code, [site.owner, *([site.lsp] if site.lsp else [])], site.owner)
    return site


def assessor_for(user: User, public_id: str | uuid.UUID, code: str = VIEW) -> Assessor:
    assessor = _get(Assessor, public_id, ("user", "lsp"))
    assert isinstance(assessor, Assessor)
    if code == VIEW and assessor.user_id == user.pk:
        return assessor  # a person always sees their own registration
    works_in = set(
        RoleAssignment.objects.active()
        .filter(user_id=assessor.user_id)
        .values_list("organization_id", flat=True)
    )
    seen_by = [assessor.lsp, *Organization.objects.filter(pk__in=works_in - {assessor.lsp_id})]
    authorize(user, code, seen_by, assessor.lsp)
    return assessor


def require_lsp(organization: Organization) -> None:
    if organization.kind != Organization.Kind.LSP:
        raise PermissionDenied(
            _("Asesor didaftarkan oleh LSP; %(name)s bukan LSP.") % {"name": organization.display_name}
        )
