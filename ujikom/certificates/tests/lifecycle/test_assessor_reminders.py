"""Assessors are reminded 90 and 30 days before their BNSP registration ends, each once; a renewed
registration is reminded again before its new date."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from ujikom.certificates.services_lifecycle import remind_assessors
from ujikom.notifications.models import OutboxMessage
from ujikom.registry.models import Assessor

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
ENDS = dt.date(2027, 9, 30)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(1, 0), tzinfo=JAKARTA)


@pytest.fixture
def assessor(make_user, lsp) -> Assessor:
    user = make_user(
        "hadi",
        roles=[(lsp, "assessor")],
        full_name="Hadi Asesor",
        email="hadi@contoh.id",
        phone="081233334444",
    )
    return Assessor.objects.create(
        user=user, lsp=lsp, registration_number="MET.000.004455.2024", registration_expires_on=ENDS
    )


def messages() -> list[tuple[str, str]]:
    return list(
        OutboxMessage.objects.filter(template_code="assessor_registration_reminder")
        .order_by("id")
        .values_list("channel", "recipient")
    )


def test_an_assessor_is_reminded_at_90_and_30_days_once_each(assessor, time_machine):
    time_machine.move_to(at(ENDS - dt.timedelta(days=91)), tick=False)
    assert remind_assessors() == 0

    time_machine.move_to(at(ENDS - dt.timedelta(days=90)), tick=False)
    assert remind_assessors() == 1
    assert messages() == [("email", "hadi@contoh.id"), ("whatsapp", "6281233334444")]
    email = OutboxMessage.objects.get(channel="email")
    assert email.subject == "Registrasi asesor MET.000.004455.2024 berakhir dalam 90 hari"
    assert "30 September 2027 (90 hari lagi)" in email.body and "LSP Politeknik STMI Jakarta" in email.body

    time_machine.move_to(at(ENDS - dt.timedelta(days=60)), tick=False)
    assert remind_assessors() == 0
    time_machine.move_to(at(ENDS - dt.timedelta(days=30)), tick=False)
    assert remind_assessors() == 1
    assert remind_assessors() == 0
    assert len(messages()) == 4


def test_a_renewed_registration_is_reminded_again(assessor, time_machine):
    time_machine.move_to(at(ENDS - dt.timedelta(days=20)), tick=False)
    assert remind_assessors() == 1
    Assessor.objects.filter(pk=assessor.pk).update(registration_expires_on=ENDS + dt.timedelta(days=3 * 365))

    time_machine.move_to(at(ENDS + dt.timedelta(days=3 * 365 - 85)), tick=False)
    assert remind_assessors() == 1
    assert len(messages()) == 4


def test_an_assessor_without_an_address_or_inactive_is_skipped(assessor, time_machine):
    assessor.user.email, assessor.user.phone = "", ""
    assessor.user.save()
    time_machine.move_to(at(ENDS - dt.timedelta(days=30)), tick=False)
    assert remind_assessors() == 0
    Assessor.objects.filter(pk=assessor.pk).update(is_active=False)
    assert remind_assessors() == 0
    assert messages() == []
