"""Reads of the core app, named for what they return."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Organization, RoleAssignment, User


def assignments_of(*, user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("role", "organization", "unit").order_by(
        "-starts_on"
    )


def dashboard_summary(*, user: User, organization: Organization | None) -> dict[str, Any]:
    """Figures for the home page of the organization the user acts for."""
    if organization is None:
        return {"organization": None}
    active = RoleAssignment.objects.active().filter(organization=organization)
    return {
        "organization": organization,
        "my_roles": sorted(
            {a.role.name for a in active.filter(user=user).select_related("role")}
        ),
        "people_count": active.values("user").distinct().count(),
        "unit_count": organization.units.filter(is_active=True).count(),
    }
