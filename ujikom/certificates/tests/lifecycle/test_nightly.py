"""The nightly job: the operator's command and the periodic task run expiry and reminders."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import CommandError, call_command

from ujikom.certificates.models import Certificate, ExpiryReminder
from ujikom.certificates.tasks import certificates_nightly

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def two_certificates(make_certificate, holder):
    ended = make_certificate(issued_on=dt.date(2026, 3, 1), valid_until=dt.date(2029, 3, 1))
    ending = make_certificate(issued_on=dt.date(2026, 3, 20), valid_until=dt.date(2029, 3, 20))
    Certificate.objects.filter(pk=ending.pk).update(holder=holder)
    return ended, ending


def test_the_command_expires_and_reminds_for_the_date_given(two_certificates):
    ended, ending = two_certificates
    out = io.StringIO()

    call_command("certificates_nightly", "--date", "2029-03-05", stdout=out)

    assert "2029-03-05: 1 sertifikat kedaluwarsa; pengingat H-180: 0, H-90: 0, H-30: 1." in out.getvalue()
    ended.refresh_from_db()
    assert ended.status == Certificate.Status.EXPIRED
    assert ExpiryReminder.objects.filter(certificate=ending, days_before=30).exists()

    again = io.StringIO()
    call_command("certificates_nightly", "--date", "2029-03-05", stdout=again)
    assert "0 sertifikat kedaluwarsa; pengingat H-180: 0, H-90: 0, H-30: 0." in again.getvalue()


def test_the_command_names_a_bad_date():
    with pytest.raises(CommandError, match="--date: tanggal '5-3-2029' tidak dikenal"):
        call_command("certificates_nightly", "--date", "5-3-2029")


def test_the_periodic_task_runs_once_a_night_from_one_oclock(two_certificates, time_machine):
    ended, _ending = two_certificates
    time_machine.move_to(dt.datetime(2029, 3, 5, 0, 30, tzinfo=JAKARTA), tick=False)
    assert certificates_nightly.call_local() == {}  # before 01:00 Jakarta time
    ended.refresh_from_db()
    assert ended.status == Certificate.Status.VALID

    time_machine.move_to(dt.datetime(2029, 3, 5, 1, 0, tzinfo=JAKARTA), tick=False)
    outcome = certificates_nightly.call_local()
    assert outcome["expired"] == 1 and outcome["reminders"]["H-30"] == 1

    time_machine.move_to(dt.datetime(2029, 3, 5, 2, 0, tzinfo=JAKARTA), tick=False)
    assert certificates_nightly.call_local() == {}  # once a day
