"""The public page `/v/<id>`: what anyone sees of a certificate, its status at once, nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ujikom.certificates import services_status
from ujikom.certificates.models import Certificate

from .conftest import NIK

pytestmark = pytest.mark.django_db


def page(certificate_or_id) -> tuple[int, str, object]:
    public_id = getattr(certificate_or_id, "public_id", certificate_or_id)
    response = Client().get(f"/v/{public_id}")
    return response.status_code, response.content.decode(), response


def test_a_valid_certificate_shows_valid_with_what_it_says_and_each_check(make_certificate):
    certificate = make_certificate()
    status, text, response = page(certificate)
    assert status == 200
    assert "Sertifikat BERLAKU" in text
    for shown in [
        "Siti Nur&#x27;aini Ṣāliḥ",
        "Operator Komputer Muda",
        "J.63OPR00.001.2",
        "LSP Politeknik STMI Jakarta",
        certificate.certificate_number,
        certificate.registration_number,
    ]:
        assert shown in text
    for check in ["Tanda tangan digital", "Kunci berlaku saat terbit", "Status", "Masa berlaku"]:
        assert check in text
    assert "bi-x-circle-fill" not in text  # every check passed
    assert 'property="og:title"' in text and "Operator Komputer Muda" in text
    assert "max-age=60" in response["Cache-Control"] and "Set-Cookie" not in response


def test_the_page_never_shows_the_nik_in_full(make_certificate):
    status, text, _response = page(make_certificate())
    assert status == 200 and NIK not in text and NIK[4:14] not in text


def test_revoked_shows_dicabut_with_the_reason_at_once(make_certificate, manager):
    certificate = make_certificate()
    page(certificate)
    services_status.revoke(certificate=certificate, reason="fraud", note="Dokumen dipalsukan", actor=manager)
    status, text, _response = page(certificate)
    assert status == 200 and "DICABUT" in text and "Kecurangan atau penyalahgunaan sertifikat" in text
    assert "BERLAKU" not in text
    assert "Dokumen dipalsukan" not in text  # the internal note stays internal


def test_suspended_then_lifted(make_certificate, manager):
    certificate = make_certificate()
    services_status.suspend(certificate=certificate, reason="surveillance", note="", actor=manager)
    _status, text, _response = page(certificate)
    assert "DIBEKUKAN" in text and "Tidak memenuhi ketentuan surveilans" in text
    services_status.lift_suspension(certificate=certificate, note="Surveilans dipenuhi", actor=manager)
    _status, text, _response = page(certificate)
    assert "Sertifikat BERLAKU" in text and "DIBEKUKAN" not in text


def test_expired_even_before_the_nightly_job_marks_it(make_certificate):
    issued = timezone.localdate() - dt.timedelta(days=4 * 365)
    certificate = make_certificate(issued_on=issued, valid_until=issued + dt.timedelta(days=3 * 365))
    _status, text, _response = page(certificate)
    assert "KEDALUWARSA" in text and "Di luar masa berlaku" in text


def test_superseded_links_to_the_newer_certificate(make_certificate):
    old = make_certificate()
    newer = make_certificate(supersedes=old)
    Certificate.objects.filter(pk=old.pk).update(status=Certificate.Status.SUPERSEDED)
    _status, text, _response = page(old)
    assert "DIGANTIKAN" in text and f"/v/{newer.public_id}" in text


def test_a_token_that_does_not_match_the_record_fails_the_signature_check(make_certificate):
    certificate = make_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="Orang Lain")
    _status, text, _response = page(certificate)
    assert "Isi token berbeda dengan data sertifikat" in text and "bi-x-circle-fill" in text


def test_unknown_id_is_a_plain_not_found(make_certificate):
    make_certificate()
    status, text, _response = page("1" * 22)
    assert status == 404 and "Sertifikat tidak ditemukan." in text


@pytest.mark.parametrize(
    "bad",
    [
        "'; DROP TABLE certificates_certificate; --",
        "x" * 5000,
        "Ṣāliḥ-😀",
        "%00",
        "..%2F..%2Fetc",
        "0OIl" * 6,
    ],
)
def test_malformed_ids_are_not_found_never_a_500(bad):
    status, text, _response = page(bad)
    assert status == 404 and "Sertifikat tidak ditemukan." in text


def test_the_page_takes_at_most_two_queries(make_certificate):
    certificate = make_certificate()
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/v/{certificate.public_id}").status_code == 200
    assert len(queries) <= 2


def test_too_many_requests_from_one_address_get_429_in_indonesian(make_certificate, settings):
    settings.VERIFICATION_RATE_LIMIT = 5
    certificate = make_certificate()
    client = Client(REMOTE_ADDR="10.1.1.1")
    assert all(client.get(f"/v/{certificate.public_id}").status_code == 200 for _ in range(5))
    refused = client.get(f"/v/{certificate.public_id}")
    assert refused.status_code == 429 and "Terlalu banyak permintaan" in refused.content.decode()
    assert int(refused["Retry-After"]) >= 1
    assert Client(REMOTE_ADDR="10.1.1.2").get(f"/v/{certificate.public_id}").status_code == 200


def test_behind_a_proxy_the_limit_counts_the_forwarded_address(make_certificate, settings):
    settings.VERIFICATION_RATE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    certificate = make_certificate()
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(2):
        assert proxy.get(f"/v/{certificate.public_id}", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    assert proxy.get(f"/v/{certificate.public_id}", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert proxy.get(f"/v/{certificate.public_id}", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200
