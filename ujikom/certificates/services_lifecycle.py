"""A certificate's life after issue that no person triggers: expiry, the reminders before it, and
re-certification (a newer certificate of the same holder and scheme supersedes the older one).

`expire_due` and `send_expiry_reminders` run every night (`tasks.certificates_nightly`, or
`ujikom certificates_nightly` by hand); both are idempotent, so running them twice on a day changes
nothing more. `supersede_previous` runs inside the issuing transaction (`services_issuance.commit`).

Expired and superseded certificates need no bit in the status lists: the signed token carries its
validity end, and the verification page reads the live status.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import User
from ujikom.documents.typst import indonesian_date
from ujikom.notifications.models import Channel, OutboxMessage
from ujikom.notifications.services import notify_user, queue_message
from ujikom.registry.models import Assessor

from .models import Certificate, CertificateEvent, ExpiryReminder

logger = logging.getLogger(__name__)

REMINDER_DAYS = (180, 90, 30)  # days before `valid_until` a holder is reminded, largest first
REMINDER_TEMPLATE = "certificate_expiry_reminder"
AUTOMATIC_NOTE = "otomatis"
BATCH = 500

# Statuses a re-certification replaces; a revoked certificate stays revoked.
SUPERSEDABLE = (Certificate.Status.VALID, Certificate.Status.EXPIRED, Certificate.Status.SUSPENDED)

EVENT_LABELS = {
    "certificates.expired": gettext_lazy("Sertifikat kedaluwarsa (otomatis)"),
    "certificates.superseded": gettext_lazy("Sertifikat digantikan sertifikat baru (sertifikasi ulang)"),
    "certificates.expiry_reminder": gettext_lazy("Pengingat masa berlaku sertifikat dikirim"),
}


def verification_url(public_id: str) -> str:
    return f"{settings.SITE_URL}/v/{public_id}"


# ---- expiry -------------------------------------------------------------------------------------


def _expire_batch(today: dt.date, now: dt.datetime) -> int:
    with transaction.atomic():
        due = list(
            Certificate.objects.select_for_update(of=("self",))
            .filter(status=Certificate.Status.VALID, valid_until__lt=today)
            .select_related("lsp")
            .only("pk", "lsp", "certificate_number", "public_id", "valid_until")
            .order_by("pk")[:BATCH]
        )
        if not due:
            return 0
        Certificate.objects.filter(pk__in=[certificate.pk for certificate in due]).update(
            status=Certificate.Status.EXPIRED,
            status_reason="",
            status_note="",
            status_changed_at=now,
            updated_at=now,
        )
        CertificateEvent.objects.bulk_create(
            CertificateEvent(
                certificate=certificate, kind=CertificateEvent.Kind.EXPIRED, note=AUTOMATIC_NOTE, at=now
            )
            for certificate in due
        )
        by_lsp: dict[int, list[Certificate]] = defaultdict(list)
        for certificate in due:
            by_lsp[certificate.lsp_id].append(certificate)
        for certificates in by_lsp.values():
            lsp = certificates[0].lsp
            record_event(
                lsp,
                "certificates.expired",
                actor=None,
                organization=lsp,
                data={
                    "date": today,
                    "count": len(certificates),
                    "certificates": [
                        {
                            "number": item.certificate_number,
                            "public_id": item.public_id,
                            "until": item.valid_until,
                        }
                        for item in certificates
                    ],
                },
            )
        return len(due)


def expire_due(today: dt.date | None = None) -> int:
    """Mark every valid certificate whose validity ended before `today` expired; returns how many.

    Works in batches of `BATCH` (one locked read, one update, one insert of the events and one
    audit event per LSP a batch); a certificate expired once is not picked up again. A suspended
    certificate stays suspended; lifting the suspension makes it expired then.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    total = 0
    while True:
        count = _expire_batch(today, now)
        total += count
        if count < BATCH:
            return total


# ---- reminders ----------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    """What one run of the reminders did: how many were sent per threshold, and to whom it failed."""

    sent: dict[int, int] = field(default_factory=lambda: dict.fromkeys(REMINDER_DAYS, 0))
    undeliverable: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def _due_for(threshold: int, today: dt.date) -> Iterable[Certificate]:
    """Valid certificates whose days left fall in this threshold's band and which have no reminder
    row for it yet (the band ends where the next smaller threshold begins)."""
    smaller = [days for days in REMINDER_DAYS if days < threshold]
    start = today + dt.timedelta(days=max(smaller) + 1) if smaller else today
    already = ExpiryReminder.objects.filter(certificate=OuterRef("pk"), days_before=threshold)
    return (
        Certificate.objects.filter(
            status=Certificate.Status.VALID,
            valid_until__gte=start,
            valid_until__lte=today + dt.timedelta(days=threshold),
        )
        .filter(~Exists(already))
        .select_related("lsp", "holder", "registration")
        .order_by("valid_until", "pk")
        .iterator(chunk_size=BATCH)
    )


def _addresses(certificate: Certificate) -> list[tuple[str, User | str]]:
    """(channel, recipient) pairs for the holder: their account's email and phone, else the ones
    given at registration."""
    holder, registration = certificate.holder, certificate.registration
    email = (holder.email if holder else "") or (registration.email if registration else "")
    phone = (holder.phone if holder else "") or (registration.phone if registration else "")
    pairs: list[tuple[str, User | str]] = []
    if email:
        pairs.append((Channel.EMAIL, holder if holder is not None and holder.email else email))
    if phone:
        pairs.append((Channel.WHATSAPP, holder if holder is not None and holder.phone else phone))
    return pairs


def reminder_context(certificate: Certificate, today: dt.date) -> dict[str, object]:
    lsp = certificate.lsp
    contact = ", ".join(part for part in (lsp.phone, lsp.email) if part)
    return {
        "name": certificate.holder_name,
        "number": certificate.certificate_number,
        "scheme": certificate.scheme_name,
        "valid_until": indonesian_date(certificate.valid_until),
        "days_left": (certificate.valid_until - today).days,
        "lsp": lsp.name,
        "lsp_contact": contact,
        "link": verification_url(certificate.public_id),
    }


def _remind(certificate: Certificate, threshold: int, today: dt.date, now: dt.datetime) -> list[str]:
    """Send one reminder and record it (and the larger thresholds it makes pointless); returns the
    problems (empty when every channel was queued). The outbox retries failed deliveries."""
    problems: list[str] = []
    channels: list[str] = []
    with transaction.atomic():
        try:
            with transaction.atomic():
                ExpiryReminder.objects.create(certificate=certificate, days_before=threshold, sent_at=now)
        except IntegrityError:  # another run got there first
            return []
        ExpiryReminder.objects.bulk_create(
            [
                ExpiryReminder(certificate=certificate, days_before=days, sent_at=now)
                for days in REMINDER_DAYS
                if days > threshold
            ],
            ignore_conflicts=True,
        )
        pairs = _addresses(certificate)
        if not pairs:
            problems.append(_("alamat email dan nomor WhatsApp belum ada"))
        for channel, recipient in pairs:
            try:
                with transaction.atomic():
                    queue_message(
                        template_code=REMINDER_TEMPLATE,
                        channel=channel,
                        recipient=recipient,
                        context=reminder_context(certificate, today),
                        organization=certificate.lsp,
                        subject=certificate,
                    )
            except ValidationError as error:
                problems.append(f"{Channel(channel).label}: {' '.join(error.messages)}")
            else:
                channels.append(channel)
        record_event(
            certificate,
            "certificates.expiry_reminder",
            actor=None,
            organization=certificate.lsp,
            data={
                "number": certificate.certificate_number,
                "days_before": threshold,
                "days_left": (certificate.valid_until - today).days,
                "channels": channels,
                "problems": problems,
            },
        )
    return problems


def send_expiry_reminders(today: dt.date | None = None) -> ReminderRun:
    """Remind holders of valid certificates 180, 90 and 30 days before they expire.

    A certificate gets only the smallest threshold it has reached (found 25 days ahead: the 30-day
    reminder), and the larger ones are recorded with it so they are never sent later. One
    `ExpiryReminder` row per certificate and threshold keeps every reminder to once. A holder with
    no address is recorded as not reachable (audit event) instead of being tried every night.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    run = ReminderRun()
    for threshold in sorted(REMINDER_DAYS):
        for certificate in list(_due_for(threshold, today)):
            problems = _remind(certificate, threshold, today, now)
            run.sent[threshold] += 1
            if problems:
                run.undeliverable.append(f"{certificate.certificate_number}: {'; '.join(problems)}")
    return run


def reminders_sent(reminders: Iterable[ExpiryReminder]) -> list[ExpiryReminder]:
    """The reminders really sent, smallest threshold first: a row recorded together with a smaller
    threshold's row (same moment) stands for a reminder skipped because a later one was due."""
    rows = sorted(reminders, key=lambda row: row.days_before)
    sent: list[ExpiryReminder] = []
    for row in rows:
        if any(other.sent_at == row.sent_at for other in sent):
            continue
        sent.append(row)
    return sent


# ---- re-certification ---------------------------------------------------------------------------


def supersede_previous(*, certificate: Certificate, actor: User | None) -> Certificate | None:
    """Make a new certificate replace the holder's earlier ones in the same scheme (same NIK, same
    scheme): each earlier valid, expired or suspended one becomes SUPERSEDED with an event naming
    the new number; the new certificate points at the latest of them. Revoked ones stay revoked.
    Runs inside the issuing transaction. Returns the certificate superseded (or None)."""
    earlier = list(
        Certificate.objects.select_for_update(of=("self",))
        .filter(holder_nik=certificate.holder_nik, scheme_id=certificate.scheme_id, status__in=SUPERSEDABLE)
        .exclude(pk=certificate.pk)
        .filter(
            Q(issued_on__lt=certificate.issued_on) | Q(issued_on=certificate.issued_on, pk__lt=certificate.pk)
        )
        .select_related("lsp")
        .order_by("-issued_on", "-pk")
    )
    if not earlier:
        return None
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # a record, in the office's language
        note = _("Digantikan oleh sertifikat %(number)s.") % {"number": certificate.certificate_number}
    for old in earlier:
        previous = old.status
        old.status = Certificate.Status.SUPERSEDED
        old.status_reason = ""
        old.status_note = note
        old.status_changed_at = now
        old.save(update_fields=["status", "status_reason", "status_note", "status_changed_at", "updated_at"])
        CertificateEvent.objects.create(
            certificate=old, kind=CertificateEvent.Kind.SUPERSEDED, note=note, actor=actor, at=now
        )
        record_event(
            old,
            "certificates.superseded",
            actor=actor,
            organization=old.lsp,
            data={
                "number": old.certificate_number,
                "previous_status": previous,
                "by": certificate.certificate_number,
                "by_public_id": certificate.public_id,
            },
        )
    latest = earlier[0]
    already_linked = Certificate.objects.filter(supersedes=latest).exists()  # the link is one-to-one
    if certificate.supersedes_id is None and not already_linked:
        certificate.supersedes = latest
        certificate.save(update_fields=["supersedes", "updated_at"])
    return latest


# ---- assessor registrations ---------------------------------------------------------------------

ASSESSOR_REMINDER_DAYS = (90, 30)
ASSESSOR_TEMPLATE = "assessor_registration_reminder"


def remind_assessors(today: dt.date | None = None) -> int:
    """Remind active assessors 90 and 30 days before their BNSP registration (MET number) ends, by
    email and WhatsApp where they have an address; returns how many were reminded.

    The outbox itself says whether a threshold's reminder went out: one about this assessor created
    on or after the day the threshold was reached. A renewed registration moves the date, so the
    next expiry is reminded again. An assessor with no address is skipped (and logged)."""
    today = today or timezone.localdate()
    candidates = (
        Assessor.objects.filter(
            is_active=True,
            registration_expires_on__gte=today,
            registration_expires_on__lte=today + dt.timedelta(days=max(ASSESSOR_REMINDER_DAYS)),
        )
        .select_related("user", "lsp")
        .order_by("registration_expires_on", "pk")
    )
    assessors = list(candidates)
    sent_at: dict[str, list[dt.datetime]] = defaultdict(list)
    for subject_id, created_at in OutboxMessage.objects.filter(
        template_code=ASSESSOR_TEMPLATE,
        subject_type=Assessor._meta.label_lower,
        subject_id__in=[str(assessor.pk) for assessor in assessors],
    ).values_list("subject_id", "created_at"):
        sent_at[subject_id].append(created_at)
    reminded = 0
    for assessor in assessors:
        days_left = (assessor.registration_expires_on - today).days
        threshold = min(days for days in ASSESSOR_REMINDER_DAYS if days_left <= days)
        reached = assessor.registration_expires_on - dt.timedelta(days=threshold)
        if any(timezone.localdate(moment) >= reached for moment in sent_at[str(assessor.pk)]):
            continue
        user = assessor.user
        channels = [
            channel
            for channel, address in ((Channel.EMAIL, user.email), (Channel.WHATSAPP, user.phone))
            if address
        ]
        try:
            with transaction.atomic():
                notify_user(
                    user=user,
                    template_code=ASSESSOR_TEMPLATE,
                    context={
                        "name": user.get_full_name(),
                        "registration_number": assessor.registration_number,
                        "valid_until": indonesian_date(assessor.registration_expires_on),
                        "days_left": days_left,
                        "lsp": assessor.lsp.name,
                    },
                    channels=channels or (Channel.EMAIL,),
                    organization=assessor.lsp,
                    subject=assessor,
                )
        except ValidationError as error:
            logger.warning(
                "Asesor %s tidak dapat diingatkan: %s", assessor.registration_number, error.messages
            )
            continue
        reminded += 1
    return reminded


# ---- the nightly run ----------------------------------------------------------------------------

NIGHTLY_HOUR = 1  # 01:00 Asia/Jakarta


@dataclass
class NightlyRun:
    day: dt.date
    expired: int
    reminders: ReminderRun
    assessors: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "expired": self.expired,
            "reminders": {f"H-{days}": count for days, count in self.reminders.sent.items()},
            "undeliverable": self.reminders.undeliverable,
            "assessors_reminded": self.assessors,
        }


def run_nightly(today: dt.date | None = None) -> NightlyRun:
    """What runs every night: expire what ended, then remind holders and assessors of what is about to end."""
    today = today or timezone.localdate()
    expired = expire_due(today)
    reminders = send_expiry_reminders(today)
    return NightlyRun(day=today, expired=expired, reminders=reminders, assessors=remind_assessors(today))
