"""Delivering the outbox: email, the WhatsApp/SMS gateway, retries with backoff, and the periodic flush."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from ujikom.core.models import AuditEvent, PeriodicRun
from ujikom.notifications import tasks
from ujikom.notifications.models import OutboxMessage
from ujikom.notifications.services import deliver, deliver_due_messages, queue_message, retry_message

REMINDER = {"scheme": "Operator Komputer", "date": dt.date(2026, 3, 10), "site": "TUK Sewaktu BLK Tangerang"}


@pytest.fixture
def queue_reminder(disnaker, candidate, django_capture_on_commit_callbacks):
    """Queue a reminder and let its on-commit delivery run, as after a real request."""

    def queue(channel: str = "whatsapp") -> OutboxMessage:
        with django_capture_on_commit_callbacks(execute=True):
            message = queue_message(
                template_code="test_schedule_reminder",
                channel=channel,
                recipient=candidate,
                context=REMINDER,
                organization=disnaker,
            )
        message.refresh_from_db()
        return message

    return queue


def test_email_is_sent_through_django_mail_with_rendered_subject_and_body(
    queue_reminder, mailoutbox, settings
):
    message = queue_reminder("email")

    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    [email] = mailoutbox
    assert email.to == ["budi@example.id"]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.subject == "Pengingat jadwal uji kompetensi Operator Komputer"
    assert "Yth. Budi Santoso," in email.body
    assert "Hari/tanggal : 10 Maret 2026" in email.body


def test_whatsapp_is_posted_to_the_gateway_with_the_bearer_token(queue_reminder, fake_gateway):
    message = queue_reminder("whatsapp")

    assert message.status == OutboxMessage.Status.SENT
    [request] = fake_gateway.requests
    assert request.path == "/kirim"
    assert request.headers["Authorization"] == "Bearer token-rahasia"
    assert request.payload == {"channel": "whatsapp", "to": "6281234567890", "message": message.body}
    assert request.payload["message"].startswith(
        "Yth. Budi Santoso, uji kompetensi Operator Komputer pada 10 Maret 2026"
    )


def test_sms_goes_to_the_same_gateway_without_a_token_when_none_is_set(
    queue_reminder, fake_gateway, settings
):
    settings.MESSAGE_GATEWAY_TOKEN = ""

    message = queue_reminder("sms")

    assert message.status == OutboxMessage.Status.SENT
    [request] = fake_gateway.requests
    assert request.payload["channel"] == "sms"
    assert "Authorization" not in request.headers


def test_gateway_down_twice_then_up_is_retried_with_growing_backoff_until_sent(queue_reminder, fake_gateway):
    fake_gateway.script(503, 503, 200)

    first = queue_reminder("whatsapp")
    second = deliver(message_id=first.pk, now=first.next_attempt_at)
    assert second is not None
    third = deliver(message_id=first.pk, now=second.next_attempt_at)
    assert third is not None

    assert (first.status, second.status, third.status) == ("retrying", "retrying", "sent")
    assert first.next_attempt_at - first.last_attempt_at == dt.timedelta(minutes=1)
    assert second.next_attempt_at - second.last_attempt_at == dt.timedelta(minutes=2)
    assert third.attempts == 3
    assert third.sent_at == second.next_attempt_at
    assert third.last_error == first.last_error
    assert "Gateway WhatsApp/SMS menjawab HTTP 503" in third.last_error
    assert "layanan sedang gangguan" in third.last_error
    assert len(fake_gateway.requests) == 3


def test_retry_is_not_tried_before_its_time(queue_reminder, fake_gateway):
    fake_gateway.script(503)
    message = queue_reminder("whatsapp")

    early = deliver(message_id=message.pk, now=message.next_attempt_at - dt.timedelta(seconds=1))

    assert early is None
    assert len(fake_gateway.requests) == 1


def test_unreachable_gateway_is_retried_then_failed_after_the_maximum_and_an_admin_can_resend(
    queue_reminder,
    unreachable_gateway,
    settings,
    messaging_admin,
    django_capture_on_commit_callbacks,
    fake_gateway,
):
    # fake_gateway is started afterwards only to serve the resend; point the outbox at the dead port first.
    live_url, settings.MESSAGE_GATEWAY_URL = settings.MESSAGE_GATEWAY_URL, unreachable_gateway
    settings.MESSAGE_MAX_ATTEMPTS = 3

    message = queue_reminder("whatsapp")
    assert message.status == OutboxMessage.Status.RETRYING
    assert "tidak dapat dihubungi" in message.last_error
    delays = [message.next_attempt_at - message.last_attempt_at]
    while message.status == OutboxMessage.Status.RETRYING:
        message = deliver(message_id=message.pk, now=message.next_attempt_at)
        if message.status == OutboxMessage.Status.RETRYING:
            delays.append(message.next_attempt_at - message.last_attempt_at)

    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 3
    assert delays == [dt.timedelta(minutes=1), dt.timedelta(minutes=2)]
    assert "Gateway WhatsApp/SMS tidak dapat dihubungi" in message.last_error
    assert AuditEvent.objects.get(event_type="message.failed").data["attempts"] == 3

    settings.MESSAGE_GATEWAY_URL = live_url
    with django_capture_on_commit_callbacks(execute=True):
        retry_message(message=message, actor=messaging_admin)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert len(fake_gateway.requests) == 1
    assert AuditEvent.objects.get(event_type="message.retried").actor == messaging_admin


def test_unconfigured_gateway_is_a_delivery_failure_that_says_so(queue_reminder, settings):
    settings.MESSAGE_GATEWAY_URL = ""

    message = queue_reminder("whatsapp")

    assert message.status == OutboxMessage.Status.RETRYING
    assert message.last_error.startswith("Gateway WhatsApp/SMS belum dikonfigurasi")


def test_gateway_timeout_is_a_delivery_failure(queue_reminder, settings, monkeypatch):
    import httpx

    def slow(*args, **kwargs):
        raise httpx.ReadTimeout("timed out")

    settings.MESSAGE_GATEWAY_URL = "http://gateway.invalid/kirim"
    monkeypatch.setattr(httpx, "post", slow)

    message = queue_reminder("whatsapp")

    assert message.status == OutboxMessage.Status.RETRYING
    assert "tidak menjawab dalam" in message.last_error


def test_flush_delivers_only_due_messages(disnaker, candidate, fake_gateway, mailoutbox):
    now = timezone.now()

    def stored(status: str, next_attempt_at: dt.datetime) -> OutboxMessage:
        return OutboxMessage.objects.create(
            organization=disnaker,
            channel="whatsapp",
            recipient="6281234567890",
            body=f"pesan {status}",
            status=status,
            next_attempt_at=next_attempt_at,
        )

    lost_by_queue = stored("pending", now - dt.timedelta(minutes=5))
    due_retry = stored("retrying", now - dt.timedelta(seconds=1))
    later_retry = stored("retrying", now + dt.timedelta(minutes=4))
    abandoned_claim = stored("sending", now - dt.timedelta(minutes=1))
    being_sent = stored("sending", now + dt.timedelta(minutes=1))
    stored("sent", now - dt.timedelta(hours=1))
    stored("cancelled", now - dt.timedelta(hours=1))
    stored("failed", now - dt.timedelta(hours=1))

    outcome = tasks.flush_outbox.call_local()

    assert outcome == {"sent": 3}
    assert sorted(r.payload["message"] for r in fake_gateway.requests) == [
        "pesan pending",
        "pesan retrying",
        "pesan sending",
    ]
    for message in (lost_by_queue, due_retry, abandoned_claim):
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
    later_retry.refresh_from_db()
    being_sent.refresh_from_db()
    assert (later_retry.status, being_sent.status) == ("retrying", "sending")


def test_flush_runs_once_per_minute_however_many_workers_call_it(disnaker, fake_gateway):
    OutboxMessage.objects.create(organization=disnaker, channel="sms", recipient="6281234567890", body="halo")

    first = tasks.flush_outbox.call_local()
    second = tasks.flush_outbox.call_local()

    assert first == {"sent": 1}
    assert second == {}
    assert PeriodicRun.objects.filter(job="notifications.flush_outbox").count() == 1


def test_outbox_flush_command_sends_due_messages_synchronously(disnaker, fake_gateway, capsys):
    for _number in range(2):
        OutboxMessage.objects.create(
            organization=disnaker, channel="whatsapp", recipient="6281234567890", body="halo"
        )

    call_command("outbox", "flush")

    assert "2 pesan diproses: 2 terkirim." in capsys.readouterr().out
    assert OutboxMessage.objects.filter(status="sent").count() == 2
    assert len(fake_gateway.requests) == 2


def test_outbox_flush_command_with_nothing_due(db, capsys):
    call_command("outbox", "flush")

    assert "Tidak ada pesan" in capsys.readouterr().out


def test_deliver_message_task_skips_what_is_already_sent(queue_reminder, mailoutbox):
    message = queue_reminder("email")

    assert tasks.deliver_message.call_local(message.pk) == "skipped"
    assert len(mailoutbox) == 1
    assert deliver_due_messages() == {}


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_huey():
    redis = pytest.importorskip("redis")
    from huey import RedisHuey

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    huey = RedisHuey(f"ujikom-test-{uuid.uuid4().hex}", url=REDIS_URL, immediate=False)
    try:
        yield huey
    finally:
        huey.storage.flush_all()


def test_delivery_job_goes_through_a_real_redis_queue(redis_huey, disnaker, candidate, mailoutbox, settings):
    settings.REDIS_URL = REDIS_URL
    deliver_via_redis = redis_huey.task(name="deliver_message")(tasks.deliver_message.call_local)
    message = queue_message(
        template_code="account_created",
        channel="email",
        recipient=candidate,
        context={},
        organization=disnaker,
    )

    deliver_via_redis(message.pk)
    assert redis_huey.pending_count() == 1
    assert mailoutbox == []
    result = redis_huey.execute(redis_huey.dequeue())

    assert result == "sent"
    assert redis_huey.pending_count() == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert mailoutbox[0].subject == "Akun Ujikom Anda telah dibuat"
