"""Reads of funding sources and schemes: what a user may see, ready for the pages and the API."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet

from ujikom.core.models import Organization

from .models import CompetencyUnit, FundingSource, Scheme


def funding_sources_for(*, organization: Organization | None, query: str = "") -> QuerySet[FundingSource]:
    """The shared funding sources and `organization`'s own (None: every funding source, for a system
    administrator acting for no organization)."""
    sources = FundingSource.objects.select_related("organization")
    if organization is not None:
        sources = sources.filter(Q(organization__isnull=True) | Q(organization=organization))
    if query:
        sources = sources.filter(Q(code__icontains=query) | Q(name__icontains=query))
    return sources.order_by("organization_id", "code")


def usable_funding_sources(*, organization: Organization) -> QuerySet[FundingSource]:
    """The active funding sources an organization may pick (shared ones and its own)."""
    return funding_sources_for(organization=organization).filter(is_active=True)


def schemes_for_list(
    *, organization: Organization | None, query: str = "", kind: str = "", active_only: bool = False
) -> QuerySet[Scheme]:
    """An LSP's schemes (None: all LSPs') with their unit count, searched by code or name."""
    schemes = Scheme.objects.select_related("organization").annotate(unit_count=Count("units"))
    if organization is not None:
        schemes = schemes.filter(organization=organization)
    if query:
        schemes = schemes.filter(Q(code__icontains=query) | Q(name__icontains=query))
    if kind:
        schemes = schemes.filter(kind=kind)
    if active_only:
        schemes = schemes.filter(is_active=True)
    return schemes.order_by("organization__name", "code")


def scheme_with_units() -> QuerySet[Scheme]:
    """Schemes with their LSP and their units in order, for a detail page or an export."""
    return Scheme.objects.select_related("organization").prefetch_related(
        Prefetch("units", queryset=CompetencyUnit.objects.order_by("position"))
    )


def scheme_by_public_id(public_id: uuid.UUID | str) -> Scheme | None:
    try:
        return scheme_with_units().filter(public_id=public_id).first()
    except (ValueError, TypeError, ValidationError):
        return None
