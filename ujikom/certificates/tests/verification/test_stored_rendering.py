"""On PostgreSQL the fast path answers from the verification it stored for a certificate (checks
made, page and JSON drawn), and draws afresh as soon as anything it was drawn from has changed: the
certificate's status (through the services or a bulk update), its key, its LSP, the certificate
that superseded it, or today passing its validity date. Each answer is the one Django gives."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from ujikom.certificates import services_status
from ujikom.certificates.models import Certificate, CertificateRendering, SigningKey
from ujikom.core.models import Organization

from .test_fastpath import MOMENT, assert_same, both, fast

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_data")]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the verification is stored on PostgreSQL only")
    from ujikom.certificates.fastpath import close_connection

    yield
    close_connection()


@pytest.mark.parametrize("prefix", ["/v/", "/api/v1/verify/"])
def test_a_later_request_is_answered_from_the_stored_verification_as_django_answers_it(
    make_certificate, prefix
):
    certificate = make_certificate(issued_on=dt.date(2026, 11, 1))
    first, _theirs = both(f"{prefix}{certificate.public_id}")
    stored = CertificateRendering.objects.get(certificate=certificate, language="id")

    later = MOMENT + dt.timedelta(minutes=7)
    with time_machine.travel(later, tick=False):
        ours = fast(f"{prefix}{certificate.public_id}")
    with time_machine.travel(later, tick=False):
        from .test_fastpath import django

        theirs = django(f"{prefix}{certificate.public_id}")

    assert_same(ours, theirs)
    assert ours.content != first.content  # the moment of the checks is the request's own
    assert CertificateRendering.objects.get(pk=stored.pk).stamp == stored.stamp  # not drawn again
    if prefix == "/v/":
        assert "Diperiksa 22 November 2026 16:22." in ours.content.decode()


def _suspend(certificate, manager):
    services_status.suspend(certificate=certificate, reason="surveillance", note="", actor=manager)


def _bulk_revoke(certificate, _manager):
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED, status_reason="fraud"
    )


def _key_compromised(certificate, _manager):
    SigningKey.objects.filter(kid=certificate.kid).update(
        compromised_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    )


def _lsp_renamed(certificate, _manager):
    Organization.objects.filter(pk=certificate.lsp_id).update(name="LSP Nama Baru")


CHANGES = {
    "suspended": (_suspend, "Sertifikat DIBEKUKAN"),
    "revoked in bulk": (_bulk_revoke, "Sertifikat DICABUT"),
    "key compromised": (_key_compromised, "tidak dikenal atau tidak berlaku pada tanggal terbit"),
    "lsp renamed": (_lsp_renamed, "LSP Nama Baru"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_after_the_verification_was_stored_shows_on_the_next_request(
    make_certificate, manager, change
):
    certificate = make_certificate()  # issued today with the LSP's new key
    path = f"/v/{certificate.public_id}"
    before, _theirs = both(path)
    assert CertificateRendering.objects.filter(certificate=certificate).exists()
    apply, shown = CHANGES[change]
    assert shown not in before.content.decode()

    with time_machine.travel(MOMENT, tick=False):
        apply(certificate, manager)
    ours, theirs = both(path)

    assert shown in ours.content.decode()
    assert_same(ours, theirs)


def test_a_newer_certificate_shows_on_the_stored_page_of_the_one_it_supersedes(make_certificate):
    issued = dt.date(2026, 11, 1)
    certificate = make_certificate(issued_on=issued)
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.SUPERSEDED)
    both(f"/v/{certificate.public_id}")
    newer = make_certificate(issued_on=issued, supersedes=certificate)

    ours, theirs = both(f"/api/v1/verify/{certificate.public_id}")

    assert f'"superseded_by": "{newer.public_id}"' in ours.content.decode()
    assert_same(ours, theirs)


def test_a_valid_certificate_past_its_date_shows_expired_before_the_nightly_job(make_certificate):
    certificate = make_certificate(issued_on=dt.date(2026, 11, 1), valid_until=dt.date(2026, 11, 30))
    path = f"/v/{certificate.public_id}"
    before, _theirs = both(path)
    assert "Sertifikat BERLAKU" in before.content.decode()

    with time_machine.travel(dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        ours = fast(path)
        from .test_fastpath import django

        theirs = django(path)

    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.VALID
    assert "Sertifikat KEDALUWARSA" in ours.content.decode()
    assert_same(ours, theirs)
