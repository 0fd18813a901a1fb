"""Who sees and changes a target, a plan or a test event; used by the pages and the API.

A target or plan is seen by its LSP's people with `scheduling.view` and changed with
`scheduling.manage`. A test event is seen by the LSP, the facilitating agency and the site's
owner; it is changed by the LSP. Outsiders get 404, members without the permission 403.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, is_member
from ujikom.core.models import Organization, User

from .models import Plan, Target, TestEvent

VIEW, MANAGE = "scheduling.view", "scheduling.manage"


def authorize(user: User, code: str, seen_by: list[Organization], changed_by: Organization) -> None:
    """404 unless the user belongs to one of `seen_by`; then 403 unless they hold `code` where it counts."""
    if user.is_superuser:
        return
    if not any(is_member(user, org) for org in seen_by):
        raise Http404(_("Tidak ditemukan."))
    if code == VIEW:
        allowed = any(has_permission(user, code, org) for org in seen_by)
    else:
        allowed = has_permission(user, code, changed_by)
    if not allowed:
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut."))


def _get(queryset: object, public_id: str | uuid.UUID) -> Model:
    try:
        return queryset.get(public_id=public_id)  # type: ignore[attr-defined,no-any-return]
    except (
        Target.DoesNotExist,
        Plan.DoesNotExist,
        TestEvent.DoesNotExist,
        ValidationError,
        ValueError,
    ) as error:
        raise Http404(_("Tidak ditemukan.")) from error


def target_for(user: User, public_id: str | uuid.UUID, code: str = VIEW) -> Target:
    target = _get(Target.objects.select_related("organization", "scheme", "funding"), public_id)
    assert isinstance(target, Target)
    authorize(user, code, [target.organization], target.organization)
    return target


def plan_for(user: User, public_id: str | uuid.UUID, code: str = VIEW) -> Plan:
    plan = _get(Plan.objects.select_related("organization"), public_id)
    assert isinstance(plan, Plan)
    authorize(user, code, [plan.organization], plan.organization)
    return plan


def event_for(user: User, public_id: str | uuid.UUID, code: str = VIEW) -> TestEvent:
    event = _get(
        TestEvent.objects.select_related("lsp", "facilitator", "site__owner", "scheme", "funding", "plan"),
        public_id,
    )
    assert isinstance(event, TestEvent)
    seen_by = [org for org in (event.lsp, event.facilitator, event.site.owner) if org is not None]
    authorize(user, code, seen_by, event.lsp)
    return event
