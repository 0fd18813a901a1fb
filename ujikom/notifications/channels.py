"""Hand one stored message to its channel: the mail server, or the WhatsApp/SMS gateway.

`send(message)` returns when the channel accepted the message and raises `DeliveryError`
with an Indonesian explanation otherwise; the outbox keeps that text as `last_error` and
tries again later.

The gateway contract is deliberately small so any provider can sit behind an adapter:
`POST MESSAGE_GATEWAY_URL` with JSON `{"channel": "whatsapp"|"sms", "to": "62812…",
"message": "…"}` and `Authorization: Bearer MESSAGE_GATEWAY_TOKEN` when a token is set.
Any 2xx answer means accepted.
"""

from __future__ import annotations

import smtplib

import httpx
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from .models import Channel, OutboxMessage

ERROR_TEXT_LIMIT = 300


class DeliveryError(Exception):
    """The channel did not accept the message; `str(error)` says why, in Indonesian."""


def send(message: OutboxMessage) -> None:
    if message.channel == Channel.EMAIL:
        send_email(message)
    elif message.channel in (Channel.WHATSAPP, Channel.SMS):
        send_via_gateway(message)
    else:
        raise DeliveryError(_("Kanal %(channel)s tidak dikenal.") % {"channel": message.channel})


def send_email(message: OutboxMessage) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(
            _("Server email menolak alamat penerima %(address)s.") % {"address": message.recipient}
        ) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(
            _("Server email tidak dapat mengirim pesan: %(detail)s") % {"detail": _short(error)}
        ) from error


def send_via_gateway(message: OutboxMessage) -> None:
    url = settings.MESSAGE_GATEWAY_URL
    if not url:
        raise DeliveryError(_("Gateway WhatsApp/SMS belum dikonfigurasi (MESSAGE_GATEWAY_URL kosong)."))
    headers = {"Accept": "application/json"}
    if settings.MESSAGE_GATEWAY_TOKEN:
        headers["Authorization"] = f"Bearer {settings.MESSAGE_GATEWAY_TOKEN}"
    payload = {"channel": message.channel, "to": message.recipient, "message": message.body}
    timeout = settings.MESSAGE_GATEWAY_TIMEOUT
    try:
        response = httpx.post(url, json=payload, headers=headers, timeout=timeout)
    except httpx.TimeoutException as error:
        raise DeliveryError(
            _("Gateway WhatsApp/SMS tidak menjawab dalam %(seconds)s detik.") % {"seconds": f"{timeout:g}"}
        ) from error
    except httpx.ConnectError as error:
        raise DeliveryError(
            _("Gateway WhatsApp/SMS tidak dapat dihubungi: %(detail)s") % {"detail": _short(error)}
        ) from error
    except httpx.HTTPError as error:
        raise DeliveryError(
            _("Galat jaringan saat menghubungi gateway WhatsApp/SMS: %(detail)s") % {"detail": _short(error)}
        ) from error
    if not response.is_success:
        detail = _short(response.text.strip()) if response.text.strip() else response.reason_phrase
        raise DeliveryError(
            _("Gateway WhatsApp/SMS menjawab HTTP %(status)s: %(detail)s")
            % {"status": response.status_code, "detail": detail}
        )


def _short(error: object) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    if len(text) > ERROR_TEXT_LIMIT:
        text = text[: ERROR_TEXT_LIMIT - 1] + "…"
    return text
