"""Reads of the core app, named for what they return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .access import permissions_in
from .models import AuditEvent, Organization, Role, RoleAssignment, Unit, User


def assignments_of(*, user: User) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("role", "organization", "unit")
        .order_by("-starts_on")
    )


def dashboard_summary(*, user: User, organization: Organization | None) -> dict[str, Any]:
    """Figures for the home page of the organization the user acts for."""
    if organization is None:
        return {"organization": None}
    permissions = permissions_in(user, organization)
    active = RoleAssignment.objects.active().filter(organization=organization)
    summary: dict[str, Any] = {
        "organization": organization,
        "my_assignments": list(
            active.filter(user=user).select_related("role", "unit").order_by("role__name", "starts_on")
        ),
        "people_count": active.values("user").distinct().count(),
        "unit_count": organization.units.filter(is_active=True).count(),
        "recent_events": [],
    }
    summary["my_roles"] = sorted({a.role.name for a in summary["my_assignments"]})
    if "core.view_audit" in permissions:
        summary["recent_events"] = list(
            AuditEvent.objects.filter(organization=organization).order_by("-sequence")[:8]
        )
    return summary


def _member_count() -> Subquery:
    today = timezone.localdate()
    return Subquery(
        RoleAssignment.objects.filter(organization=OuterRef("pk"), user__is_active=True, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by()
        .values("organization")
        .annotate(n=Count("user", distinct=True))
        .values("n"),
        output_field=IntegerField(),
    )


def _unit_count() -> Subquery:
    return Subquery(
        Unit.objects.filter(organization=OuterRef("pk"), is_active=True)
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def organizations_for_list(
    *, organizations: QuerySet[Organization], query: str = "", kind: str = ""
) -> QuerySet[Organization]:
    """Organizations with their counts of active units and members, searched by name, code or city."""
    if query:
        organizations = organizations.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(code__icontains=query)
            | Q(city__icontains=query)
        )
    if kind:
        organizations = organizations.filter(kind=kind)
    return organizations.annotate(
        unit_count=Coalesce(_unit_count(), Value(0)), member_count=Coalesce(_member_count(), Value(0))
    ).order_by("name")


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(*, organization: Organization) -> list[UnitNode]:
    """The organization's units as a tree (roots first, each level by name), in one query."""
    units = list(organization.units.order_by("name"))
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    roots: list[UnitNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def people_in(*, organization: Organization, query: str = "", include_ended: bool = False) -> QuerySet[User]:
    """People holding a role in the organization (with `roles_here` loaded), searched by name, username, email or NIK.

    `include_ended` also lists people whose roles there have ended or whose account is inactive.
    """
    assignments = RoleAssignment.objects.filter(organization=organization)
    if not include_ended:
        assignments = assignments.active()
    people = User.objects.filter(pk__in=assignments.values("user_id"))
    query = query.strip()
    if query:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(username__icontains=query)
            | Q(email__icontains=query)
            | Q(nik__icontains=query)
        )
    shown = assignments.select_related("role", "unit").order_by("role__name", "-starts_on")
    return people.order_by("full_name", "username").prefetch_related(
        Prefetch("assignments", queryset=shown, to_attr="roles_here")
    )


def assignments_visible(*, person: User, organization_ids: set[int] | None) -> QuerySet[RoleAssignment]:
    """A person's assignments, ended ones too, in the given organizations (None: all), latest first."""
    assignments = RoleAssignment.objects.filter(user=person).select_related("role", "organization", "unit")
    if organization_ids is not None:
        assignments = assignments.filter(organization_id__in=organization_ids)
    return assignments.order_by("organization__name", "-starts_on", "role__name")


def roles_for_catalogue(*, organization: Organization | None) -> QuerySet[Role]:
    """The role catalogue with the number of active holders (in `organization`, or everywhere when None)."""
    today = timezone.localdate()
    active = Q(assignments__starts_on__lte=today) & (
        Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=today)
    )
    if organization is not None:
        active &= Q(assignments__organization=organization)
    return Role.objects.annotate(active_count=Count("assignments", filter=active)).order_by(
        "-is_builtin", "name"
    )


def audit_events(
    *,
    organization: Organization | None,
    event_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first; `organization=None` means every organization (system administrators)."""
    events = AuditEvent.objects.all()
    if organization is not None:
        events = events.filter(organization=organization)
    if event_type:
        events = events.filter(event_type=event_type)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events.order_by("-sequence")


def audit_event_types(*, organization: Organization | None) -> list[str]:
    events = AuditEvent.objects.all()
    if organization is not None:
        events = events.filter(organization=organization)
    return list(events.order_by("event_type").values_list("event_type", flat=True).distinct())
