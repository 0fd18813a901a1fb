"""The append-only, hash-chained audit log.

Every service write calls `record_event`. Each event's hash covers its own fields and the
previous event's hash, so altering or removing any stored event breaks the chain from
there on; `verify_chain` (and `ujikom audit verify`) names the first event that breaks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent, Organization, User

GENESIS_HASH = "0" * 64

# What each event type means, in words a reader of the audit log understands. Each app
# registers its own event types from its AppConfig.ready(); unknown types show their code.
EVENT_LABELS: dict[str, Any] = {}


def register_event_labels(labels: dict[str, Any]) -> None:
    EVENT_LABELS.update(labels)


def event_label(event_type: str) -> str:
    return str(EVENT_LABELS.get(event_type, event_type))


def _plain(data: dict[str, Any] | None) -> dict[str, Any]:
    """The data as it will read back from the JSON column (dates, decimals, UUIDs as text)."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    sequence: int,
    occurred_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    organization_id: int | None,
    subject_type: str,
    subject_id: str,
    subject_label: str,
    event_type: str,
    data: dict[str, Any],
    previous_hash: str,
) -> str:
    payload = json.dumps(
        [
            sequence,
            _timestamp(occurred_at),
            actor_id,
            actor_label,
            organization_id,
            subject_type,
            subject_id,
            subject_label,
            event_type,
            data,
            previous_hash,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _subject_fields(subject: models.Model | None) -> tuple[str, str, str]:
    if subject is None:
        return "", "", ""
    return subject._meta.label_lower, str(subject.pk), str(subject)[:255]


def _event_fields(
    subject: models.Model | None,
    event_type: str,
    *,
    actor: User | None,
    organization: Organization | None,
    data: dict[str, Any] | None,
    sequence: int,
    previous_hash: str,
) -> dict[str, Any]:
    if organization is None and isinstance(subject, Organization):
        organization = subject
    if organization is None and subject is not None:
        organization = getattr(subject, "organization", None)
    subject_type, subject_id, subject_label = _subject_fields(subject)
    actor_user = actor if actor is not None and actor.is_authenticated else None
    return {
        "sequence": sequence,
        "occurred_at": timezone.now(),
        "actor_id": actor_user.pk if actor_user else None,
        "actor_label": (str(actor_user) if actor_user else "sistem")[:200],
        "organization_id": organization.pk if organization else None,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "subject_label": subject_label,
        "event_type": event_type,
        "data": _plain(data),
        "previous_hash": previous_hash,
    }


@transaction.atomic
def record_event(
    subject: models.Model | None,
    event_type: str,
    *,
    actor: User | None,
    organization: Organization | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    The chain head row is locked for the append, so concurrent writers queue up and the
    sequence has no gaps; if the caller's transaction rolls back, so does the event.
    """
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    fields = _event_fields(
        subject,
        event_type,
        actor=actor,
        organization=organization,
        data=data,
        sequence=head.last_sequence + 1,
        previous_hash=head.last_hash,
    )
    event = AuditEvent.objects.create(hash=event_hash(**fields), **fields)
    head.last_sequence = event.sequence
    head.last_hash = event.hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return event


@dataclass(frozen=True)
class NewEvent:
    """One event for `record_events` (the arguments `record_event` takes)."""

    subject: models.Model | None
    event_type: str
    actor: User | None
    organization: Organization | None = None
    data: dict[str, Any] | None = None


@transaction.atomic
def record_events(events: Sequence[NewEvent]) -> list[AuditEvent]:
    """Append several events to the chain in the given order, inside the caller's transaction: the
    same events and hashes as `record_event` called for each, with one lock of the chain head, one
    insert and one update of the head (for bulk work such as issuing a batch of certificates)."""
    if not events:
        return []
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    rows = []
    sequence, previous_hash = head.last_sequence, head.last_hash
    for item in events:
        sequence += 1
        fields = _event_fields(
            item.subject,
            item.event_type,
            actor=item.actor,
            organization=item.organization,
            data=item.data,
            sequence=sequence,
            previous_hash=previous_hash,
        )
        previous_hash = event_hash(**fields)
        rows.append(AuditEvent(hash=previous_hash, **fields))
    created = AuditEvent.objects.bulk_create(rows)
    head.last_sequence, head.last_hash = sequence, previous_hash
    head.save(update_fields=["last_sequence", "last_hash"])
    return created


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    message: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _events_in_order(batch_size: int = 2000) -> Iterator[AuditEvent]:
    yield from AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size)


def verify_chain() -> ChainReport:
    """Walk the whole chain and return the first event that was altered, removed or inserted."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in _events_in_order():
        if event.sequence != expected_sequence:
            return ChainReport(
                checked,
                ChainProblem(
                    expected_sequence,
                    f"Catatan #{expected_sequence} hilang (dihapus): setelah #{expected_sequence - 1} "
                    f"langsung #{event.sequence}.",
                ),
            )
        if event.previous_hash != previous_hash:
            return ChainReport(
                checked,
                ChainProblem(
                    event.sequence, f"Catatan #{event.sequence} tidak tersambung ke catatan sebelumnya."
                ),
            )
        recomputed = event_hash(
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            organization_id=event.organization_id,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            subject_label=event.subject_label,
            event_type=event.event_type,
            data=event.data,
            previous_hash=event.previous_hash,
        )
        if recomputed != event.hash:
            return ChainReport(
                checked,
                ChainProblem(
                    event.sequence,
                    f"Catatan #{event.sequence} ({event.event_type}) telah diubah: isinya tidak cocok dengan hash-nya.",
                ),
            )
        previous_hash = event.hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_sequence != expected_sequence - 1:
        return ChainReport(
            checked,
            ChainProblem(
                expected_sequence,
                f"Catatan #{expected_sequence} sampai #{head.last_sequence} hilang (dihapus dari akhir log).",
            ),
        )
    if head is not None and checked and head.last_hash != previous_hash:
        return ChainReport(
            checked, ChainProblem(expected_sequence - 1, f"Catatan #{expected_sequence - 1} telah diubah.")
        )
    return ChainReport(checked, None)
