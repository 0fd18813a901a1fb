"""Reminders before a certificate expires: 180, 90 and 30 days ahead, each once, only the smallest
threshold reached, through the outbox to the holder."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from ujikom.certificates.models import Certificate, ExpiryReminder
from ujikom.certificates.services_lifecycle import reminders_sent, send_expiry_reminders
from ujikom.core.models import AuditEvent
from ujikom.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
VALID_UNTIL = dt.date(2029, 6, 10)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(1, 0), tzinfo=JAKARTA)


@pytest.fixture
def certificate(make_certificate, holder) -> Certificate:
    certificate = make_certificate(
        issued_on=dt.date(2026, 6, 10), valid_until=VALID_UNTIL, holder="Rina Marlina"
    )
    Certificate.objects.filter(pk=certificate.pk).update(holder=holder)
    certificate.refresh_from_db()
    return certificate


def thresholds_of(certificate: Certificate) -> list[int]:
    return sorted(certificate.expiry_reminders.values_list("days_before", flat=True))


def test_reminders_go_out_at_180_90_and_30_days_each_once(certificate, time_machine):
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=181)), tick=False)
    assert send_expiry_reminders().total == 0
    assert not OutboxMessage.objects.exists()

    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=180)), tick=False)
    assert send_expiry_reminders().sent == {180: 1, 90: 0, 30: 0}
    assert send_expiry_reminders().total == 0  # the same night again: nothing twice
    assert thresholds_of(certificate) == [180]

    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=120)), tick=False)
    assert send_expiry_reminders().total == 0

    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=90)), tick=False)
    assert send_expiry_reminders().sent[90] == 1
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=30)), tick=False)
    assert send_expiry_reminders().sent[30] == 1
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=3)), tick=False)
    assert send_expiry_reminders().total == 0

    assert thresholds_of(certificate) == [30, 90, 180]
    assert [row.days_before for row in reminders_sent(certificate.expiry_reminders.all())] == [30, 90, 180]
    # email and WhatsApp each time
    assert OutboxMessage.objects.filter(template_code="certificate_expiry_reminder").count() == 6


def test_the_message_tells_the_holder_what_expires_and_how_to_recertify(certificate, time_machine, lsp):
    lsp.phone = "(021) 42886064"
    lsp.save()
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=88)), tick=False)

    send_expiry_reminders()

    email = OutboxMessage.objects.get(channel="email")
    assert email.recipient == "rina@contoh.id" and email.recipient_user == certificate.holder
    assert email.subject == "Sertifikat kompetensi Operator Komputer Muda berakhir dalam 88 hari"
    for text in (
        "Yth. Rina Marlina",
        certificate.certificate_number,
        "Operator Komputer Muda",
        "10 Juni 2029 (88 hari lagi)",
        "sertifikasi ulang (resertifikasi) pada LSP Politeknik STMI Jakarta ((021) 42886064)",
        f"/v/{certificate.public_id}",
    ):
        assert text in email.body
    assert email.subject_type == "certificates.certificate" and email.subject_id == str(certificate.pk)
    whatsapp = OutboxMessage.objects.get(channel="whatsapp")
    assert whatsapp.recipient == "6281211112222"
    assert "88 hari lagi" in whatsapp.body and certificate.certificate_number in whatsapp.body


def test_found_late_only_the_smallest_threshold_is_sent(certificate, time_machine):
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=25)), tick=False)

    run = send_expiry_reminders()

    assert run.sent == {180: 0, 90: 0, 30: 1}
    assert OutboxMessage.objects.filter(channel="email").count() == 1
    assert "25 hari lagi" in OutboxMessage.objects.get(channel="email").body
    # the larger thresholds are recorded as passed: never sent later
    assert thresholds_of(certificate) == [30, 90, 180]
    assert [row.days_before for row in reminders_sent(certificate.expiry_reminders.all())] == [30]
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=20)), tick=False)
    assert send_expiry_reminders().total == 0
    assert OutboxMessage.objects.count() == 2


def test_found_at_100_days_gets_the_180_day_reminder_then_the_90_day_one(certificate, time_machine):
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=100)), tick=False)
    assert send_expiry_reminders().sent == {180: 1, 90: 0, 30: 0}
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=89)), tick=False)
    assert send_expiry_reminders().sent == {180: 0, 90: 1, 30: 0}


def test_a_holder_without_any_address_is_recorded_not_reached(make_certificate, time_machine):
    nobody = make_certificate(issued_on=dt.date(2026, 6, 10), valid_until=VALID_UNTIL, holder="Tanpa Alamat")
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=10)), tick=False)

    run = send_expiry_reminders()

    assert run.undeliverable == [f"{nobody.certificate_number}: alamat email dan nomor WhatsApp belum ada"]
    assert not OutboxMessage.objects.exists()
    assert thresholds_of(nobody) == [30, 90, 180]  # not tried again every night
    audit = AuditEvent.objects.get(event_type="certificates.expiry_reminder")
    assert audit.data["channels"] == [] and audit.data["problems"]
    assert send_expiry_reminders().total == 0


def test_a_bad_phone_number_does_not_stop_the_email(certificate, time_machine, holder):
    holder.phone = "12345"
    holder.save()
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=30)), tick=False)

    run = send_expiry_reminders()

    assert OutboxMessage.objects.filter(channel="email").count() == 1
    assert not OutboxMessage.objects.filter(channel="whatsapp").exists()
    assert len(run.undeliverable) == 1 and "WhatsApp" in run.undeliverable[0]


def test_expired_revoked_and_superseded_certificates_get_no_reminder(make_certificate, time_machine):
    for status in ("revoked", "superseded", "suspended"):
        make_certificate(issued_on=dt.date(2026, 6, 10), valid_until=VALID_UNTIL, status=status)
    time_machine.move_to(at(VALID_UNTIL - dt.timedelta(days=10)), tick=False)

    assert send_expiry_reminders().total == 0
    assert not ExpiryReminder.objects.exists()
