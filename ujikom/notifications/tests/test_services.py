"""Queueing messages from templates, checking addresses, and editing templates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ujikom.core.models import AuditEvent
from ujikom.notifications.models import MessageTemplate, OutboxMessage
from ujikom.notifications.services import (
    cancel_message,
    deliver_due_messages,
    normalize_phone,
    notify_user,
    queue_message,
    reset_template,
    retry_message,
    update_template,
)

REMINDER = {
    "scheme": "Junior Web Developer",
    "date": dt.date(2026, 3, 10),
    "time": "08.00",
    "site": "TUK Sewaktu UPT BLK Kota Tangerang",
}


def test_reminder_is_rendered_from_the_default_template_in_indonesian(disnaker, candidate, messaging_admin):
    message = queue_message(
        template_code="test_schedule_reminder",
        channel="whatsapp",
        recipient=candidate,
        context=REMINDER,
        organization=disnaker,
        actor=messaging_admin,
    )

    assert message.recipient == "6281234567890"
    assert message.recipient_user == candidate
    assert message.status == OutboxMessage.Status.PENDING
    assert message.body.startswith(
        "Yth. Budi Santoso, uji kompetensi Junior Web Developer pada 10 Maret 2026 pukul 08.00 "
        "di TUK Sewaktu UPT BLK Kota Tangerang."
    )
    assert message.body.endswith("- Dinas Ketenagakerjaan Kota Tangerang")
    event = AuditEvent.objects.get(event_type="message.queued")
    assert event.actor == messaging_admin
    assert event.organization == disnaker
    assert event.data["recipient"] == "6281234567890"


def test_organization_version_of_a_template_wins_over_the_default(disnaker, lsp, candidate, system_admin):
    default = MessageTemplate.objects.get(code="test_schedule_reminder", channel="sms", organization=None)
    update_template(
        template=default,
        actor=system_admin,
        organization=disnaker,
        name="Pengingat Disnaker",
        subject="",
        body="Disnaker: {{ name }}, ujian {{ scheme }} tgl {{ date }}.",
    )

    for_disnaker = queue_message(
        template_code="test_schedule_reminder",
        channel="sms",
        recipient=candidate,
        context=REMINDER,
        organization=disnaker,
    )
    for_lsp = queue_message(
        template_code="test_schedule_reminder",
        channel="sms",
        recipient=candidate,
        context=REMINDER,
        organization=lsp,
    )

    assert for_disnaker.body == "Disnaker: Budi Santoso, ujian Junior Web Developer tgl 10 Maret 2026."
    assert for_lsp.body.startswith("Yth. Budi Santoso, uji kompetensi Junior Web Developer")


def test_email_subject_is_rendered_on_one_line(disnaker, candidate):
    message = queue_message(
        template_code="test_schedule_reminder",
        channel="email",
        recipient=candidate,
        context=REMINDER,
        organization=disnaker,
    )

    assert message.recipient == "budi@example.id"
    assert message.subject == "Pengingat jadwal uji kompetensi Junior Web Developer"
    assert "Hari/tanggal : 10 Maret 2026" in message.body


def test_missing_template_is_refused_in_indonesian_and_nothing_is_stored(disnaker, candidate):
    with pytest.raises(ValidationError) as refused:
        queue_message(
            template_code="tidak_ada", channel="email", recipient=candidate, context={}, organization=disnaker
        )

    assert (
        'Templat pesan "tidak_ada" untuk kanal Email belum ada.'
        in refused.value.message_dict["template_code"]
    )
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("(0857) 1234 567", "628571234567"),
        ("0062 812 3456 7890", "6281234567890"),
    ],
)
def test_indonesian_mobile_numbers_are_normalized_to_62(raw, normalized):
    assert normalize_phone(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "explanation"),
    [
        ("+1 415 555 0100", "bukan nomor Indonesia (+62)"),
        ("021-5551234", "bukan nomor ponsel Indonesia"),
        ("0812", "bukan nomor ponsel Indonesia"),
        ("nomor saya", "bukan nomor ponsel Indonesia"),
    ],
)
def test_numbers_that_cannot_receive_whatsapp_are_refused_with_a_reason(disnaker, raw, explanation):
    with pytest.raises(ValidationError) as refused:
        queue_message(
            template_code="test_schedule_reminder",
            channel="whatsapp",
            recipient=raw,
            context=REMINDER,
            organization=disnaker,
        )

    [text] = refused.value.message_dict["recipient"]
    assert raw in text
    assert explanation in text
    assert not OutboxMessage.objects.exists()


def test_invalid_email_address_is_refused(disnaker):
    with pytest.raises(ValidationError) as refused:
        queue_message(
            template_code="account_created",
            channel="email",
            recipient="budi@",
            context={"name": "Budi"},
            organization=disnaker,
        )

    assert refused.value.message_dict["recipient"] == ["Alamat email budi@ tidak valid."]


def test_notify_user_uses_each_channel_the_person_has_an_address_for(disnaker, make_user):
    no_phone = make_user("sari", full_name="Sari Dewi", email="sari@example.id", phone="")

    messages = notify_user(
        user=no_phone,
        template_code="account_created",
        channels=["email", "whatsapp"],
        context={"link": "https://ujikom.example/atur"},
        organization=disnaker,
    )

    assert [(m.channel, m.recipient) for m in messages] == [("email", "sari@example.id")]
    assert "Nama pengguna: sari" in messages[0].body
    assert "https://ujikom.example/atur" in messages[0].body


def test_notify_user_without_any_address_says_who_cannot_be_reached(disnaker, make_user):
    unreachable = make_user("tono", full_name="Tono", email="", phone="")

    with pytest.raises(ValidationError) as refused:
        notify_user(user=unreachable, template_code="account_created", channels=["whatsapp"], context={})

    assert refused.value.message_dict["recipient"] == [
        "Tono tidak dapat dihubungi lewat WhatsApp: alamatnya belum diisi."
    ]


def test_message_about_a_record_remembers_which_record(disnaker, candidate):
    message = queue_message(
        template_code="account_created",
        channel="email",
        recipient=candidate,
        context={},
        organization=disnaker,
        subject=disnaker,
    )

    assert (message.subject_type, message.subject_id) == ("core.organization", str(disnaker.pk))


def test_editing_a_default_for_an_organization_creates_its_own_version(disnaker, messaging_admin):
    default = MessageTemplate.objects.get(code="account_created", channel="whatsapp", organization=None)
    original_body = default.body

    override = update_template(
        template=default,
        actor=messaging_admin,
        organization=disnaker,
        name="Akun baru (Disnaker)",
        subject="ignored for WhatsApp",
        body="Halo {{ name }}, akun Anda siap.",
    )

    default.refresh_from_db()
    assert default.body == original_body
    assert (override.organization, override.subject, override.body) == (
        disnaker,
        "",
        "Halo {{ name }}, akun Anda siap.",
    )
    assert override.variables == default.variables
    assert AuditEvent.objects.get(event_type="message_template.overridden").actor == messaging_admin


def test_default_template_itself_is_only_for_system_administrators(messaging_admin, system_admin):
    default = MessageTemplate.objects.get(code="account_created", channel="whatsapp", organization=None)

    with pytest.raises(PermissionDenied):
        update_template(template=default, actor=messaging_admin, name="x", subject="", body="y")
    update_template(
        template=default, actor=system_admin, name="Akun baru", subject="", body="Halo {{ name }}."
    )

    default.refresh_from_db()
    assert default.body == "Halo {{ name }}."


def test_template_syntax_error_is_reported_with_its_line_and_nothing_saved(disnaker, messaging_admin):
    default = MessageTemplate.objects.get(code="test_schedule_reminder", channel="email", organization=None)

    with pytest.raises(ValidationError) as refused:
        update_template(
            template=default,
            actor=messaging_admin,
            organization=disnaker,
            name="Pengingat",
            subject="Pengingat {{ scheme|hurufbesar }}",
            body="Yth. {{ name }},\n\nUji kompetensi {{ scheme }}\n{% if time %}pukul {{ time }}\n",
        )

    errors = refused.value.message_dict
    assert errors["body"] == ["Isi pesan baris 4: susunan templat salah — tag {% if %} tidak ditutup."]
    assert errors["subject"] == ['Subjek baris 1: susunan templat salah — filter "hurufbesar" tidak dikenal.']
    assert not MessageTemplate.objects.filter(organization=disnaker).exists()


def test_email_template_needs_a_subject_and_every_template_a_body(disnaker, messaging_admin):
    default = MessageTemplate.objects.get(code="account_created", channel="email", organization=None)

    with pytest.raises(ValidationError) as refused:
        update_template(
            template=default, actor=messaging_admin, organization=disnaker, name=" ", subject="", body=" "
        )

    assert set(refused.value.message_dict) == {"name", "subject", "body"}


def test_message_templates_cannot_include_other_files(disnaker, messaging_admin):
    default = MessageTemplate.objects.get(code="account_created", channel="email", organization=None)

    with pytest.raises(ValidationError) as refused:
        update_template(
            template=default,
            actor=messaging_admin,
            organization=disnaker,
            name="x",
            subject="s",
            body='{% include "base.html" %}',
        )

    assert "include" in refused.value.message_dict["body"][0]


def test_reset_drops_the_organization_version(disnaker, messaging_admin, candidate):
    default = MessageTemplate.objects.get(code="account_created", channel="whatsapp", organization=None)
    override = update_template(
        template=default,
        actor=messaging_admin,
        organization=disnaker,
        name="x",
        subject="",
        body="Versi Disnaker",
    )

    reset_template(template=override, actor=messaging_admin)
    message = queue_message(
        template_code="account_created",
        channel="whatsapp",
        recipient=candidate,
        context={},
        organization=disnaker,
    )

    assert message.body.startswith("Yth. Budi Santoso, akun Ujikom Anda di Dinas")
    assert AuditEvent.objects.filter(event_type="message_template.reset").count() == 1


def test_sent_message_cannot_be_retried_or_cancelled(disnaker, candidate, messaging_admin):
    message = queue_message(
        template_code="account_created",
        channel="email",
        recipient=candidate,
        context={},
        organization=disnaker,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.SENT)
    message.refresh_from_db()

    with pytest.raises(ValidationError, match="hanya pesan yang gagal atau dibatalkan"):
        retry_message(message=message, actor=messaging_admin)
    with pytest.raises(ValidationError, match="hanya pesan yang belum terkirim"):
        cancel_message(message=message, actor=messaging_admin)


def test_cancelled_message_is_not_sent(
    disnaker, candidate, messaging_admin, mailoutbox, django_capture_on_commit_callbacks
):
    message = queue_message(
        template_code="account_created",
        channel="email",
        recipient=candidate,
        context={},
        organization=disnaker,
    )

    with django_capture_on_commit_callbacks(execute=True):
        cancel_message(message=message, actor=messaging_admin, reason="Salah penerima")
    deliver_due_messages()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.CANCELLED
    assert mailoutbox == []
    assert AuditEvent.objects.get(event_type="message.cancelled").data == {
        "previous_status": "pending",
        "reason": "Salah penerima",
    }
