"""The only writers of message templates and the outbox.

Every message is rendered and stored first (`queue_message`), then handed to the job queue
once the caller's transaction commits. Delivery (`deliver`) claims the row, sends outside
any transaction, and records the outcome: sent, or retried later with exponential backoff
(1, 2, 4, 8 … minutes) until `MESSAGE_MAX_ATTEMPTS`, then failed. The periodic flush
(`deliver_due_messages`) picks up whatever is due, so a message survives a queue or a
gateway that was down.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User

from . import channels as transport
from .models import Channel, MessageTemplate, OutboxMessage

logger = logging.getLogger(__name__)


# --- rendering ---------------------------------------------------------------------------


class MessageEngine(Engine):
    """Django template syntax without {% extends %}/{% include %}: a message cannot read files."""

    default_builtins = ["django.template.defaulttags", "django.template.defaultfilters"]


_engine = MessageEngine(debug=True, autoescape=False)

_SYNTAX_HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Unclosed tag on line \d+: '(\w+)'"), gettext_noop("tag {%% %(0)s %%} tidak ditutup")),
    (re.compile(r"Invalid filter: '([^']+)'"), gettext_noop('filter "%(0)s" tidak dikenal')),
    (
        re.compile(r"Invalid block tag on line \d+: '([^']+)'"),
        gettext_noop("tag {%% %(0)s %%} tidak dikenal atau salah tempat"),
    ),
    (
        re.compile(r"'(\w+)' is not a registered tag library"),
        gettext_noop('pustaka tag "%(0)s" tidak tersedia untuk pesan'),
    ),
    (
        re.compile(r"Could not parse the remainder: '([^']*)'"),
        gettext_noop('ada bagian yang tidak dapat dibaca: "%(0)s"'),
    ),
    (re.compile(r"Empty variable tag"), gettext_noop("tag variabel {{ }} kosong")),
]


def _syntax_message(field_label: str, error: TemplateSyntaxError) -> str:
    line = getattr(error, "template_debug", {}).get("line")
    detail = str(error).splitlines()[0] if str(error) else ""
    for pattern, hint in _SYNTAX_HINTS:
        match = pattern.search(detail)
        if match:
            detail = _(hint) % {"0": match.group(1) if match.groups() else ""}
            break
    if line:
        return _("%(field)s baris %(line)s: susunan templat salah — %(detail)s.") % {
            "field": field_label,
            "line": line,
            "detail": detail,
        }
    return _("%(field)s: susunan templat salah — %(detail)s.") % {"field": field_label, "detail": detail}


def compile_template(source: str, *, field: str, label: str) -> Template:
    """Compile a subject or body; a syntax error becomes ValidationError({field: "… baris N …"})."""
    try:
        return Template(source, engine=_engine)
    except TemplateSyntaxError as error:
        raise ValidationError({field: _syntax_message(label, error)}) from error


def render_text(source: str, context: Mapping[str, Any], *, field: str, label: str) -> str:
    """Render in Indonesian ("14 Februari 2017") whatever language the caller runs in."""
    template = compile_template(source, field=field, label=label)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return template.render(Context(dict(context), autoescape=False))
        except Exception as error:  # a filter failing on the data given
            raise ValidationError(
                {field: _("%(field)s tidak dapat disusun: %(detail)s") % {"field": label, "detail": error}}
            ) from error


# --- addresses ---------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_INDONESIAN_MOBILE = re.compile(r"^628\d{7,11}$")


def normalize_phone(raw: str, *, channel_label: str = "WhatsApp/SMS") -> str:
    """An Indonesian mobile number as the gateway wants it: 0812-3456-7890 → 6281234567890."""
    number = _PHONE_SEPARATORS.sub("", raw.strip())
    if number.startswith("+"):
        number = number[1:]
        if not number.startswith("62"):
            raise ValidationError(
                _(
                    "Nomor %(number)s bukan nomor Indonesia (+62); pesan %(channel)s hanya dikirim ke nomor Indonesia."
                )
                % {"number": raw, "channel": channel_label}
            )
    elif number.startswith("00"):
        number = number[2:]
    elif number.startswith("0"):
        number = "62" + number[1:]
    elif number.startswith("8"):
        number = "62" + number
    if not _INDONESIAN_MOBILE.match(number):
        raise ValidationError(
            _(
                "Nomor %(number)s bukan nomor ponsel Indonesia yang dapat menerima %(channel)s. "
                "Tulis seperti 0812-3456-7890 atau +62 812-3456-7890."
            )
            % {"number": raw or _("(kosong)"), "channel": channel_label}
        )
    return number


def _channel_label(channel: str) -> str:
    return str(Channel(channel).label) if channel in Channel.values else channel


def _address_of_user(user: User, channel: str) -> str:
    if channel == Channel.EMAIL:
        if not user.email:
            raise ValidationError(
                {"recipient": _("%(name)s belum mempunyai alamat email.") % {"name": user.get_full_name()}}
            )
        return user.email
    if not user.phone:
        raise ValidationError(
            {
                "recipient": _("%(name)s belum mempunyai nomor telepon/WhatsApp.")
                % {"name": user.get_full_name()}
            }
        )
    return user.phone


def clean_address(address: str, channel: str) -> str:
    """The address checked and normalized for its channel, or ValidationError({"recipient": …})."""
    address = (address or "").strip()
    if channel == Channel.EMAIL:
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(
                {
                    "recipient": _("Alamat email %(address)s tidak valid.")
                    % {"address": address or _("(kosong)")}
                }
            ) from error
        return address.lower()
    if channel in (Channel.WHATSAPP, Channel.SMS):
        try:
            return normalize_phone(address, channel_label=_channel_label(channel))
        except ValidationError as error:
            raise ValidationError({"recipient": error.messages}) from error
    raise ValidationError({"channel": _("Kanal %(channel)s tidak dikenal.") % {"channel": channel}})


# --- queueing ----------------------------------------------------------------------------


def find_template(*, code: str, channel: str, organization: Organization | None) -> MessageTemplate:
    """The organization's own version of a template, else the default."""
    candidates = MessageTemplate.objects.filter(code=code, channel=channel)
    if organization is not None:
        override = candidates.filter(organization=organization).first()
        if override is not None:
            return override
    default = candidates.filter(organization__isnull=True).first()
    if default is None:
        raise ValidationError(
            {
                "template_code": _('Templat pesan "%(code)s" untuk kanal %(channel)s belum ada.')
                % {"code": code, "channel": _channel_label(channel)}
            }
        )
    return default


def _enqueue_delivery(message_id: int) -> None:
    """Hand the message to the job queue; if the queue is down the periodic flush sends it later."""
    from .tasks import deliver_message

    try:
        deliver_message(message_id)
    except Exception:
        logger.warning(
            "Pesan %s belum masuk antrean; akan dikirim oleh flush_outbox.", message_id, exc_info=True
        )


@transaction.atomic
def queue_message(
    *,
    template_code: str,
    channel: str,
    recipient: User | str,
    context: Mapping[str, Any],
    organization: Organization | None = None,
    subject: models.Model | None = None,
    actor: User | None = None,
) -> OutboxMessage:
    """Render a template for one recipient, store it in the outbox, deliver it after commit.

    `subject` is the record the message is about (a test event, a certificate); the outbox
    keeps its type and id so its page can list the messages sent about it.
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kanal %(channel)s tidak dikenal.") % {"channel": channel}})
    recipient_user = recipient if isinstance(recipient, User) else None
    raw_address = _address_of_user(recipient, channel) if isinstance(recipient, User) else recipient
    address = clean_address(raw_address, channel)
    template = find_template(code=template_code, channel=channel, organization=organization)

    values: dict[str, Any] = {}
    if organization is not None:
        values["organization"] = organization.name
    if recipient_user is not None:
        values["name"] = recipient_user.get_full_name()
        values["username"] = recipient_user.username
    values.update(context)
    rendered_subject = ""
    if channel == Channel.EMAIL:
        rendered_subject = " ".join(
            render_text(template.subject, values, field="subject", label=_("Subjek")).split()
        )
    body = render_text(template.body, values, field="body", label=_("Isi pesan")).strip()
    if not body:
        raise ValidationError(
            {
                "body": _("Isi pesan kosong setelah disusun; periksa templat %(code)s.")
                % {"code": template_code}
            }
        )

    message = OutboxMessage.objects.create(
        organization=organization,
        channel=channel,
        template_code=template_code,
        recipient=address,
        recipient_user=recipient_user,
        subject=rendered_subject[:200],
        body=body,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
    )
    record_event(
        message,
        "message.queued",
        actor=actor,
        organization=organization,
        data={
            "template": template_code,
            "channel": channel,
            "recipient": address,
            "about": f"{message.subject_type}:{message.subject_id}" if subject is not None else "",
        },
    )
    transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return message


def notify_user(
    *,
    user: User,
    template_code: str,
    context: Mapping[str, Any],
    channels: Sequence[str] = (Channel.EMAIL,),
    organization: Organization | None = None,
    subject: models.Model | None = None,
    actor: User | None = None,
) -> list[OutboxMessage]:
    """Send a template to a person on each of `channels` they have an address for.

    Channels without an address on the person's profile are skipped; if none is left the
    person cannot be reached and ValidationError says so. A present but invalid address is
    an error, so it gets fixed instead of silently ignored.
    """
    reachable = [channel for channel in channels if (user.email if channel == Channel.EMAIL else user.phone)]
    if not reachable:
        wanted = ", ".join(_channel_label(channel) for channel in channels)
        raise ValidationError(
            {
                "recipient": _("%(name)s tidak dapat dihubungi lewat %(channels)s: alamatnya belum diisi.")
                % {"name": user.get_full_name(), "channels": wanted}
            }
        )
    with transaction.atomic():
        return [
            queue_message(
                template_code=template_code,
                channel=channel,
                recipient=user,
                context=context,
                organization=organization,
                subject=subject,
                actor=actor,
            )
            for channel in reachable
        ]


@transaction.atomic
def retry_message(*, message: OutboxMessage, actor: User) -> OutboxMessage:
    """An administrator sends a failed (or cancelled, or waiting) message again, now, with fresh attempts."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if not message.can_retry:
        raise ValidationError(
            _(
                'Pesan ini berstatus "%(status)s"; hanya pesan yang gagal atau dibatalkan yang dapat dikirim ulang.'
            )
            % {"status": message.get_status_display()}
        )
    previous = {"status": message.status, "attempts": message.attempts, "last_error": message.last_error}
    message.status = OutboxMessage.Status.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    record_event(
        message,
        "message.retried",
        actor=actor,
        organization=message.organization,
        data={"previous": previous},
    )
    transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return message


@transaction.atomic
def cancel_message(*, message: OutboxMessage, actor: User, reason: str = "") -> OutboxMessage:
    """Withdraw a message that has not been sent yet."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if not message.can_cancel:
        raise ValidationError(
            _('Pesan ini berstatus "%(status)s"; hanya pesan yang belum terkirim yang dapat dibatalkan.')
            % {"status": message.get_status_display()}
        )
    previous_status = message.status
    message.status = OutboxMessage.Status.CANCELLED
    message.save(update_fields=["status"])
    record_event(
        message,
        "message.cancelled",
        actor=actor,
        organization=message.organization,
        data={"previous_status": previous_status, "reason": reason.strip()},
    )
    return message


# --- templates ---------------------------------------------------------------------------


def _validate_template(template: MessageTemplate) -> None:
    errors: dict[str, list[str]] = {}
    if not template.name.strip():
        errors.setdefault("name", []).append(_("Nama templat wajib diisi."))
    if len(template.name) > 150:
        errors.setdefault("name", []).append(_("Nama templat paling banyak 150 karakter."))
    if template.channel == Channel.EMAIL and not template.subject.strip():
        errors.setdefault("subject", []).append(_("Subjek wajib diisi untuk pesan email."))
    if len(template.subject) > 200:
        errors.setdefault("subject", []).append(_("Subjek paling banyak 200 karakter."))
    if not template.body.strip():
        errors.setdefault("body", []).append(_("Isi pesan wajib diisi."))
    for field, label in (("subject", _("Subjek")), ("body", _("Isi pesan"))):
        try:
            compile_template(getattr(template, field), field=field, label=label)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_template(
    *,
    template: MessageTemplate,
    actor: User,
    organization: Organization | None = None,
    name: str,
    subject: str,
    body: str,
) -> MessageTemplate:
    """Save a template's text, checked for syntax.

    Editing a default for an organization creates that organization's own version (or
    updates it if it exists) and leaves the default alone; editing a default itself
    (`organization=None`) is for system administrators only.
    """
    if template.is_default and organization is None and not actor.is_superuser:
        raise PermissionDenied(_("Templat bawaan hanya dapat diubah oleh administrator sistem."))
    if not template.is_default and organization is not None and template.organization_id != organization.pk:
        raise PermissionDenied(_("Templat ini milik organisasi lain."))

    target = template
    if template.is_default and organization is not None:
        target = MessageTemplate.objects.filter(
            code=template.code, channel=template.channel, organization=organization
        ).first() or MessageTemplate(
            code=template.code,
            channel=template.channel,
            organization=organization,
            variables=template.variables,
        )
    creating = target.pk is None
    before = {"name": target.name, "subject": target.subject, "body": target.body}
    target.name = name.strip()
    target.subject = subject.strip() if template.channel == Channel.EMAIL else ""
    target.body = body.replace("\r\n", "\n").strip()
    _validate_template(target)
    after = {"name": target.name, "subject": target.subject, "body": target.body}
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not creating and not changes:
        return target
    target.save()
    record_event(
        target,
        "message_template.overridden" if creating else "message_template.updated",
        actor=actor,
        organization=target.organization,
        data={"code": target.code, "channel": target.channel, "changes": changes},
    )
    return target


@transaction.atomic
def reset_template(*, template: MessageTemplate, actor: User) -> MessageTemplate:
    """Drop an organization's own version; its messages use the default again. Returns the default."""
    if template.is_default:
        raise ValidationError(_("Templat bawaan tidak dapat dihapus."))
    default = MessageTemplate.objects.get(
        code=template.code, channel=template.channel, organization__isnull=True
    )
    record_event(
        template,
        "message_template.reset",
        actor=actor,
        organization=template.organization,
        data={
            "code": template.code,
            "channel": template.channel,
            "subject": template.subject,
            "body": template.body,
        },
    )
    template.delete()
    return default


# --- delivery ----------------------------------------------------------------------------


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait after the n-th failed try: 1, 2, 4, 8 … minutes, at most a day."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 24 * 60))


def _claim_lease() -> dt.timedelta:
    """How long a worker owns a message it is sending; after that another worker may try it."""
    return dt.timedelta(seconds=max(120, settings.MESSAGE_GATEWAY_TIMEOUT * 3 + 60))


@transaction.atomic
def _claim(message_id: int, now: dt.datetime) -> OutboxMessage | None:
    message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None or message.status not in OutboxMessage.DUE_STATUSES:
        return None
    if message.status != OutboxMessage.Status.PENDING and message.next_attempt_at > now:
        return None  # waiting for its retry time, or another worker is sending it
    message.status = OutboxMessage.Status.SENDING
    message.attempts += 1
    message.last_attempt_at = now
    message.next_attempt_at = now + _claim_lease()
    message.save(update_fields=["status", "attempts", "last_attempt_at", "next_attempt_at"])
    return message


@transaction.atomic
def _record_outcome(message: OutboxMessage, error: str | None, now: dt.datetime) -> OutboxMessage:
    current = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if error is None:
        current.status = OutboxMessage.Status.SENT
        current.sent_at = now
        current.save(update_fields=["status", "sent_at"])
        return current
    current.last_error = error
    if current.attempts >= settings.MESSAGE_MAX_ATTEMPTS:
        current.status = OutboxMessage.Status.FAILED
        current.save(update_fields=["status", "last_error"])
        record_event(
            current,
            "message.failed",
            actor=None,
            organization=current.organization,
            data={"attempts": current.attempts, "error": error},
        )
        return current
    current.status = OutboxMessage.Status.RETRYING
    current.next_attempt_at = (current.last_attempt_at or now) + retry_delay(current.attempts)
    current.save(update_fields=["status", "last_error", "next_attempt_at"])
    return current


def deliver(*, message_id: int, now: dt.datetime | None = None) -> OutboxMessage | None:
    """Try one message once. None when it is not ours to send (already sent, cancelled, not due, claimed).

    The row is locked only to claim it and to record the outcome, never while the mail
    server or the gateway is being called, so a slow gateway holds up no one else.
    """
    claimed = _claim(message_id, now or timezone.now())
    if claimed is None:
        return None
    error: str | None = None
    try:
        transport.send(claimed)
    except transport.DeliveryError as failure:
        error = str(failure)
    except Exception as failure:  # a bug must not leave the message claimed forever
        logger.exception("Pengiriman pesan %s gagal karena galat tak terduga", message_id)
        error = _("Galat tak terduga saat mengirim: %(kind)s: %(detail)s") % {
            "kind": type(failure).__name__,
            "detail": failure,
        }
    return _record_outcome(claimed, error, now or timezone.now())


def due_message_ids(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    moment = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(status__in=OutboxMessage.DUE_STATUSES, next_attempt_at__lte=moment)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def deliver_due_messages(*, now: dt.datetime | None = None, limit: int = 500) -> Counter[str]:
    """Try every message whose time has come; returns how many ended in each status."""
    outcome: Counter[str] = Counter()
    for message_id in due_message_ids(now=now, limit=limit):
        message = deliver(message_id=message_id, now=now)
        outcome[message.status if message is not None else "skipped"] += 1
    return outcome
