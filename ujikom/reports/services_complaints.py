"""Recording complaints (pengaduan) and their follow-up: the only writers of `Complaint`.

A complaint is numbered from the organization's numbering pattern for document type `complaint`
(ADU), dated the day it was received; its follow-up moves it to Ditindaklanjuti, Selesai or Tidak
dapat diproses with the response, the day it was closed and who handled it. Only people holding
`reports.complaints` in the organization record or change complaints; every change is audited with
what it was before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.access import has_permission
from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User
from ujikom.core.numbering import next_number
from ujikom.scheduling.models import TestEvent
from ujikom.scheduling.selectors_events import events_visible_to

from .models import Complaint
from .selectors_registers import COMPLAINTS

DOCUMENT_TYPE = "complaint"
MAX_TEXT = 5000
FOLLOW_UP_STATUSES = (Complaint.Status.IN_PROGRESS, Complaint.Status.RESOLVED, Complaint.Status.REJECTED)
CLOSED = (Complaint.Status.RESOLVED, Complaint.Status.REJECTED)

EVENT_LABELS = {
    "complaint.recorded": gettext_lazy("Pengaduan dicatat dalam register"),
    "complaint.followed_up": gettext_lazy("Tindak lanjut pengaduan dicatat"),
}


def _require(actor: User, organization: Organization) -> None:
    if not has_permission(actor, COMPLAINTS, organization):
        raise PermissionDenied(
            _("Hanya petugas yang berhak mencatat pengaduan di %(organization)s yang dapat melakukannya.")
            % {"organization": organization.name}
        )


def _text(errors: dict[str, str], name: str, value: str, limit: int, required: str | None) -> str:
    value = (value or "").strip()
    if not value and required:
        errors[name] = required
    elif len(value) > limit:
        errors[name] = _("Paling panjang %(n)s karakter.") % {
            "n": formats.number_format(limit, force_grouping=True)
        }
    return value


@transaction.atomic
def record_complaint(
    *,
    organization: Organization,
    actor: User,
    received_on: dt.date | None,
    channel: str,
    complainant_name: str,
    subject: str,
    description: str,
    complainant_contact: str = "",
    event: TestEvent | None = None,
) -> Complaint:
    """Enter a complaint in the organization's register with the next ADU number. ValidationError
    naming each wrong field; nothing is saved then."""
    _require(actor, organization)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if received_on is None:
        errors["received_on"] = _("Isi tanggal pengaduan diterima.")
    elif received_on > today:
        errors["received_on"] = _("Tanggal diterima tidak boleh di masa depan.")
    elif received_on.year < 2000:
        errors["received_on"] = _("Tanggal diterima tidak sah.")
    if channel not in Complaint.Channel.values:
        errors["channel"] = _("Pilih saluran pengaduan: %(choices)s.") % {
            "choices": ", ".join(str(label) for label in Complaint.Channel.labels)
        }
    name = _text(errors, "complainant_name", complainant_name, 200, _("Tuliskan nama pengadu."))
    contact = _text(errors, "complainant_contact", complainant_contact, 200, None)
    subject = _text(errors, "subject", subject, 255, _("Tuliskan pokok pengaduan."))
    description = _text(errors, "description", description, MAX_TEXT, _("Tuliskan uraian pengaduan."))
    if event is not None and not events_visible_to(organization).filter(pk=event.pk).exists():
        errors["event"] = _("Uji kompetensi itu bukan kegiatan %(organization)s.") % {
            "organization": organization.name
        }
    if errors:
        raise ValidationError(errors)
    assert received_on is not None
    complaint = Complaint.objects.create(
        organization=organization,
        received_on=received_on,
        channel=channel,
        complainant_name=name,
        complainant_contact=contact,
        subject=subject,
        description=description,
        event=event,
        recorded_by=actor,
    )
    try:
        issued = next_number(
            organization=organization,
            document_type=DOCUMENT_TYPE,
            actor=actor,
            when=received_on,
            subject=complaint,
        )
    except ValidationError as error:
        raise ValidationError(
            _(
                "%(reason)s Minta administrator organisasi membuat pola penomoran Register Pengaduan "
                "(Pengaturan → Penomoran dokumen)."
            )
            % {"reason": " ".join(error.messages)}
        ) from error
    complaint.number = issued.number
    complaint.save(update_fields=["number", "updated_at"])
    record_event(
        complaint,
        "complaint.recorded",
        actor=actor,
        organization=organization,
        data={
            "number": complaint.number,
            "received_on": received_on,
            "channel": channel,
            "complainant": name,
            "subject": subject,
            "event": event.public_id if event is not None else None,
        },
    )
    return complaint


def _state(complaint: Complaint) -> dict[str, Any]:
    return {
        "status": complaint.status,
        "response": complaint.response,
        "resolved_on": complaint.resolved_on,
        "handled_by": complaint.handled_by.full_name if complaint.handled_by is not None else "",
    }


@transaction.atomic
def follow_up_complaint(
    *,
    complaint: Complaint,
    actor: User,
    status: str,
    response: str = "",
    resolved_on: dt.date | None = None,
    handled_by: User | None = None,
) -> Complaint:
    """Record the follow-up: in progress, resolved or not processable. Closing needs the response;
    the closing day defaults to today and may not precede the day received nor lie in the future.
    `handled_by` (default: the actor) must hold `reports.complaints` in the organization."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("organization", "handled_by")
        .get(pk=complaint.pk)
    )
    organization = complaint.organization
    _require(actor, organization)
    handler = handled_by or actor
    errors: dict[str, str] = {}
    if status not in FOLLOW_UP_STATUSES:
        errors["status"] = _(
            "Pilih status tindak lanjut: Ditindaklanjuti, Selesai atau Tidak dapat diproses."
        )
    response = _text(errors, "response", response, MAX_TEXT, None)
    today = timezone.localdate()
    if status in CLOSED:
        if not response:
            errors["response"] = (
                _("Tuliskan penyelesaian pengaduan sebelum menandainya selesai.")
                if status == Complaint.Status.RESOLVED
                else _("Tuliskan alasan pengaduan tidak dapat diproses.")
            )
        resolved_on = resolved_on or today
        if resolved_on > today:
            errors["resolved_on"] = _("Tanggal selesai tidak boleh di masa depan.")
        elif resolved_on < complaint.received_on:
            errors["resolved_on"] = _(
                "Tanggal selesai tidak boleh sebelum tanggal pengaduan diterima (%(day)s)."
            ) % {"day": complaint.received_on.strftime("%d-%m-%Y")}
    elif resolved_on is not None:
        errors["resolved_on"] = _(
            "Tanggal selesai hanya diisi bila pengaduan selesai atau tidak dapat diproses."
        )
    if handler.pk != actor.pk and not has_permission(handler, COMPLAINTS, organization):
        errors["handled_by"] = _("%(name)s tidak berhak menangani pengaduan di %(organization)s.") % {
            "name": handler.full_name,
            "organization": organization.name,
        }
    if errors:
        raise ValidationError(errors)
    before = _state(complaint)
    complaint.status = status
    complaint.response = response
    complaint.resolved_on = resolved_on if status in CLOSED else None
    complaint.handled_by = handler
    after = _state(complaint)
    if after == before:
        raise ValidationError(_("Tidak ada yang berubah pada tindak lanjut pengaduan ini."))
    complaint.save(update_fields=["status", "response", "resolved_on", "handled_by", "updated_at"])
    record_event(
        complaint,
        "complaint.followed_up",
        actor=actor,
        organization=organization,
        data={
            "number": complaint.number,
            "before": {key: value for key, value in before.items() if after[key] != value},
            "after": {key: value for key, value in after.items() if before[key] != value},
        },
    )
    return complaint
