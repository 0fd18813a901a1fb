"""Reads of the outbox and the message templates, scoped to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ujikom.core.models import Organization, User

from .models import MessageTemplate, OutboxMessage


def outbox_for(*, user: User, organization: Organization | None, status: str = "") -> QuerySet[OutboxMessage]:
    """Messages of the organization the user acts for, newest first; system administrators see all."""
    messages = OutboxMessage.objects.select_related("organization", "recipient_user")
    if not user.is_superuser:
        messages = messages.filter(organization=organization) if organization is not None else messages.none()
    if status:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-id")


def outbox_status_counts(*, user: User, organization: Organization | None) -> dict[str, int]:
    rows = (
        outbox_for(user=user, organization=organization).order_by().values("status").annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}


@dataclass(frozen=True)
class TemplateRow:
    default: MessageTemplate
    override: MessageTemplate | None

    @property
    def effective(self) -> MessageTemplate:
        return self.override or self.default


def templates_for(*, organization: Organization | None) -> list[TemplateRow]:
    """Each default template with the organization's own version beside it, if it has one."""
    defaults = list(MessageTemplate.objects.filter(organization__isnull=True).order_by("code", "channel"))
    overrides: dict[tuple[str, str], MessageTemplate] = {}
    if organization is not None:
        overrides = {
            (template.code, template.channel): template
            for template in MessageTemplate.objects.filter(organization=organization)
        }
    return [TemplateRow(default, overrides.get((default.code, default.channel))) for default in defaults]


def editable_templates(*, user: User, organization: Organization | None) -> QuerySet[MessageTemplate]:
    """Templates the user may open: the defaults and their organization's own versions (all, for superusers)."""
    templates = MessageTemplate.objects.select_related("organization")
    if user.is_superuser:
        return templates
    if organization is None:
        return templates.filter(organization__isnull=True)
    return templates.filter(Q(organization__isnull=True) | Q(organization=organization))


def override_of(*, template: MessageTemplate, organization: Organization) -> MessageTemplate | None:
    return MessageTemplate.objects.filter(
        code=template.code, channel=template.channel, organization=organization
    ).first()
