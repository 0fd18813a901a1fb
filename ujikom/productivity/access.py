"""Who may see and do what in productivity guidance: every page and API call goes through here.

A person sees the register and the cases of the offices where one of their roles holds
`productivity.view`; records work with `productivity.record`; opens, closes and cancels cases
with `productivity.lead`. A system administrator may do everything everywhere. A case or company
of another office is a 404 to someone who may not see it (its id is not confirmed to exist).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, organizations_of
from ujikom.core.models import Organization, User

from .models import Company, GuidanceCase

VIEW = "productivity.view"
RECORD = "productivity.record"
LEAD = "productivity.lead"
AGENCY = Organization.Kind.AGENCY


def offices(user: User, permission: str = VIEW) -> list[Organization]:
    """The manpower offices where `user` holds `permission`, by name. Guidance is an office's service:
    an LSP's administrator, who holds every permission there, gets no productivity pages."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organization.objects.filter(is_active=True, kind=AGENCY).order_by("name"))
    return [
        organization
        for organization in organizations_of(user)
        if organization.kind == AGENCY and has_permission(user, permission, organization)
    ]


def chosen_office(
    user: User, wanted: str | None, default: Organization | None, permission: str = VIEW
) -> Organization:
    """The office a page is for: asked for by public id (`wanted`), else the one the user acts for
    (`default`), else the first they may use. PermissionDenied when there is none."""
    allowed = offices(user, permission)
    if wanted:
        for organization in allowed:
            if str(organization.public_id) == wanted:
                return organization
        raise PermissionDenied(_("Anda tidak berhak atas data produktivitas organisasi tersebut."))
    if default is not None and any(organization.pk == default.pk for organization in allowed):
        return default
    if allowed:
        return allowed[0]
    raise PermissionDenied(_("Anda tidak mempunyai peran bimbingan produktivitas di organisasi mana pun."))


def require(user: User, permission: str, organization: Organization) -> None:
    """PermissionDenied, with a sentence saying what is missing, unless `user` holds `permission` there."""
    if not has_permission(user, permission, organization):
        messages = {
            VIEW: _("Anda tidak berhak melihat data bimbingan produktivitas %(organization)s."),
            RECORD: _("Anda tidak berhak mencatat pekerjaan bimbingan produktivitas di %(organization)s."),
            LEAD: _(
                "Hanya Kasi atau Kabid %(organization)s yang dapat membuka, menutup atau membatalkan kasus."
            ),
        }
        raise PermissionDenied(messages.get(permission, messages[VIEW]) % {"organization": organization})


def visible_companies(user: User) -> QuerySet[Company]:
    return Company.objects.filter(organization__in=offices(user)).select_related("organization")


def visible_cases(user: User) -> QuerySet[GuidanceCase]:
    return GuidanceCase.objects.filter(organization__in=offices(user)).select_related(
        "organization", "company", "officer", "run"
    )


def _public(value: Any) -> uuid.UUID:
    """A public id from a URL or API path; 404 for anything that is not a UUID."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404(_("Data tidak ditemukan.")) from None


def company_for(user: User, public_id: Any, permission: str = VIEW) -> Company:
    """The company by public id, if `user` may see it (404 otherwise) and holds `permission` (403)."""
    company = visible_companies(user).filter(public_id=_public(public_id)).first()
    if company is None:
        raise Http404(_("Perusahaan/instansi tidak ditemukan."))
    require(user, permission, company.organization)
    return company


def case_for(user: User, public_id: Any, permission: str = VIEW) -> GuidanceCase:
    """The case by public id, if `user` may see it (404 otherwise) and holds `permission` (403)."""
    case = visible_cases(user).filter(public_id=_public(public_id)).first()
    if case is None:
        raise Http404(_("Kasus bimbingan tidak ditemukan."))
    require(user, permission, case.organization)
    return case
