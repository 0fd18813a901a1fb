"""Who sees and works on an event's test day, results, minutes, reviews, archive and decision.

An event is seen by the people of its LSP, its facilitating agency and its site's owner who hold
`assessment.view` (or the permission asked for) in one of them; outsiders get 404, members without
the permission 403. Work done at the site (attendance, minutes, review, archive) needs the permission
in the site's owner, the facilitator or the LSP; the LSP's decision and blank requests need it in
the LSP. Recording results needs, beyond `assessment.assess`, a confirmed assignment to the event
(`services_testday`).
"""

from __future__ import annotations

import uuid
from enum import Enum

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from ujikom.core.access import has_permission, is_member
from ujikom.core.models import Organization, User
from ujikom.scheduling.models import TestEvent

VIEW = "assessment.view"
CONDUCT = "assessment.conduct"  # attendance, photos, allocation, minutes
ASSESS = "assessment.assess"  # record results
REVIEW = "assessment.review"  # the review chain and the minutes of meeting
ARCHIVE = "assessment.archive"  # file the event's archive
DECIDE = "assessment.decide"  # plenary, SK Penetapan, appeals
BLANKS = "assessment.blanks"  # blank requests, blank log, BNSP certificate numbers


class Where(Enum):
    SITE = "site"  # the site's owner, the facilitator or the LSP
    LSP = "lsp"  # the LSP only


def event_organizations(event: TestEvent) -> list[Organization]:
    """The organizations that see the event: LSP, facilitator, the site's owner (no repeats)."""
    seen: list[Organization] = []
    for organization in (event.lsp, event.facilitator, event.site.owner):
        if organization is not None and organization not in seen:
            seen.append(organization)
    return seen


def working_organizations(event: TestEvent, where: Where) -> list[Organization]:
    return [event.lsp] if where is Where.LSP else event_organizations(event)


def may(user: User, code: str, event: TestEvent, where: Where = Where.SITE) -> bool:
    """Whether the user holds `code` where it counts for the event (no 404/403, for templates)."""
    if user.is_superuser:
        return True
    if not user.is_authenticated:
        return False
    return any(has_permission(user, code, org) for org in working_organizations(event, where))


def authorize_event(user: User, event: TestEvent, code: str = VIEW, where: Where = Where.SITE) -> None:
    if user.is_superuser:
        return
    if not any(is_member(user, org) for org in event_organizations(event)):
        raise Http404(_("Tidak ditemukan."))
    organizations = event_organizations(event) if code == VIEW else working_organizations(event, where)
    if not any(has_permission(user, code, org) for org in organizations):
        raise PermissionDenied(_("Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut."))


def event_for(
    user: User, public_id: str | uuid.UUID, code: str = VIEW, where: Where = Where.SITE
) -> TestEvent:
    try:
        event = TestEvent.objects.select_related(
            "lsp", "facilitator", "site__owner", "site__head", "scheme", "funding"
        ).get(public_id=public_id)
    except (TestEvent.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Tidak ditemukan.")) from error
    authorize_event(user, event, code, where)
    return event
