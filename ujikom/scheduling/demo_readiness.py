"""Demo readiness of the demo event: reminders H-7 and H-1 at 08.00 WIB, and the facility readiness
form filled by Teknis Operasional (`tekops`) and confirmed by the Kepala TUK (`kepala.tuk`)."""

from __future__ import annotations

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.core.numbering import Reset

from .demo_events import EVENT_TITLE
from .models import ReadinessForm, ReminderRule, TestEvent
from .selectors_readiness import document_organization
from .services_readiness import (
    READINESS_ITEMS,
    ReadinessItem,
    add_default_reminder_rules,
    confirm_readiness,
    fill_readiness,
)

REPORT_PATTERN = "560/{seq:03}/LAP-Disnaker/{year}"
NOTES = {"consumables": "Kertas HVS dan tinta printer ditambah 2 rim sebelum hari uji."}


def load_readiness_demo(admin: User) -> None:
    event = (
        TestEvent.objects.filter(title=EVENT_TITLE)
        .select_related("site__owner", "facilitator", "lsp")
        .first()
    )
    if event is None:
        return
    if not ReminderRule.objects.filter(event=event).exists():
        add_default_reminder_rules(
            event=event, actor=User.objects.filter(username="administrasi").first() or admin
        )
    tekops = User.objects.filter(username="tekops").first()
    head = User.objects.filter(username="kepala.tuk").first()
    if tekops is None or head is None or ReadinessForm.objects.filter(event=event).exists():
        return
    organization: Organization = document_organization(event)
    NumberingPattern.objects.get_or_create(
        organization=organization,
        document_type=DocumentType.objects.get(code="report"),
        defaults={"pattern": REPORT_PATTERN, "reset": Reset.YEARLY},
    )
    fill_readiness(
        event=event,
        actor=tekops,
        items=[ReadinessItem(key, True, NOTES.get(key, "")) for key, _label in READINESS_ITEMS],
        notes="Lab komputer 1 dan 2 disiapkan untuk 20 peserta.",
    )
    confirm_readiness(event=event, actor=head, notes="Rencana pelaksanaan disetujui.")
