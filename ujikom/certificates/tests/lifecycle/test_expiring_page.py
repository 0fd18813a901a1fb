"""The expiring-soon page: certificates and assessor registrations ending within 30/90/180 days, in
the LSPs the user may see, with days left and reminders sent; a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ujikom.certificates.models import Certificate, ExpiryReminder
from ujikom.core.models import Organization
from ujikom.registry.models import Assessor, Scheme

pytestmark = pytest.mark.django_db

URL = "/sertifikat/segera-kedaluwarsa/"


def ending_in(make_certificate, days: int, **fields) -> Certificate:
    today = timezone.localdate()
    return make_certificate(
        issued_on=today - dt.timedelta(days=1000), valid_until=today + dt.timedelta(days=days), **fields
    )


@pytest.fixture
def assessor_ending(make_user, lsp, scheme) -> Assessor:
    user = make_user("asesor.lama", roles=[(lsp, "assessor")], full_name="Hadi Asesor")
    assessor = Assessor.objects.create(
        user=user,
        lsp=lsp,
        registration_number="MET.000.004455.2023",
        registration_expires_on=timezone.localdate() + dt.timedelta(days=40),
    )
    assessor.schemes.add(scheme)
    return assessor


def test_the_page_lists_what_ends_in_the_window_soonest_first(
    make_certificate, assessor_ending, head_admin, client_for
):
    soon = ending_in(make_certificate, 20, holder="Sari Cepat")
    later = ending_in(make_certificate, 75, holder="Tono Nanti")
    beyond = ending_in(make_certificate, 150, holder="Wati Jauh")
    ending_in(make_certificate, 10, holder="Sudah Dicabut", status="revoked")
    ExpiryReminder.objects.create(certificate=soon, days_before=30, sent_at=timezone.now())

    page = client_for(head_admin).get(URL).content.decode()

    assert "2 sertifikat berakhir dalam 90 hari" in page
    assert '<option value="90" selected>90 hari</option>' in page  # the window shown is the one selected
    assert page.index("Sari Cepat") < page.index("Tono Nanti")
    assert "Wati Jauh" not in page and "Sudah Dicabut" not in page
    assert "20 hari" in page and "75 hari" in page
    assert "H-30" in page  # the reminder already sent
    assert f'href="/sertifikat/{soon.public_id}/"' in page and later.certificate_number in page
    assert "Hadi Asesor" in page and "MET.000.004455.2023" in page and "40 hari" in page

    wide = client_for(head_admin).get(URL, {"days": "180"}).content.decode()
    assert "3 sertifikat berakhir dalam 180 hari" in wide and beyond.certificate_number in wide
    narrow = client_for(head_admin).get(URL, {"days": "30"}).content.decode()
    assert "1 sertifikat berakhir dalam 30 hari" in narrow and "Hadi Asesor" not in narrow


def test_filter_by_scheme(make_certificate, head_admin, client_for, lsp):
    ending_in(make_certificate, 20, holder="Sari Cepat")
    other = Scheme.objects.create(
        organization=lsp, code="SKM-JWD-01", name="Junior Web Developer", kind="kkni"
    )

    page = client_for(head_admin).get(URL, {"scheme": other.code}).content.decode()

    assert "0 sertifikat berakhir" in page and "Sari Cepat" not in page


def test_a_bad_filter_says_what_is_wrong_and_shows_the_default(make_certificate, head_admin, client_for):
    ending_in(make_certificate, 20, holder="Sari Cepat")

    response = client_for(head_admin).get(URL, {"days": "365", "lsp": "bukan-lsp"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Pilih 30, 90 atau 180 hari." in page
    assert "LSP ini tidak ada dalam daftar yang boleh Anda lihat." in page
    assert "1 sertifikat berakhir dalam 90 hari" in page


def test_a_user_of_another_lsp_sees_nothing_of_this_one(
    make_certificate, assessor_ending, make_user, make_organization, client_for, lsp
):
    ending_in(make_certificate, 20, holder="Sari Cepat")
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    stranger = make_user("kepala.lain", roles=[(other, "head_admin")])

    page = client_for(stranger).get(URL).content.decode()
    assert "0 sertifikat berakhir" in page
    assert "Sari Cepat" not in page and "Hadi Asesor" not in page

    # naming this LSP in the filter reveals nothing either
    named = client_for(stranger).get(URL, {"lsp": str(lsp.public_id)}).content.decode()
    assert "Sari Cepat" not in named and "LSP ini tidak ada dalam daftar" in named


def test_anonymous_is_sent_to_login_and_a_candidate_is_refused(client, candidate_user, client_for):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"
    assert client_for(candidate_user).get(URL).status_code == 403


def test_a_system_administrator_sees_every_lsp(make_certificate, system_admin, client_for):
    ending_in(make_certificate, 20, holder="Sari Cepat")
    page = client_for(system_admin).get(URL).content.decode()
    assert "Sari Cepat" in page


def test_the_page_takes_a_fixed_number_of_queries(
    make_certificate, head_admin, client_for, django_assert_max_num_queries, make_user, lsp, scheme
):
    client = client_for(head_admin)
    ending_in(make_certificate, 20)
    client.get(URL)  # warm the caches (menu, session)
    with django_assert_max_num_queries(30) as few:
        client.get(URL)
    for days in range(21, 61):
        certificate = ending_in(make_certificate, days)
        ExpiryReminder.objects.create(certificate=certificate, days_before=90, sent_at=timezone.now())
    for number in range(5):
        user = make_user(f"asesor{number}", roles=[(lsp, "assessor")])
        Assessor.objects.create(
            user=user,
            lsp=lsp,
            registration_number=f"MET.000.00{number}000.2023",
            registration_expires_on=timezone.localdate() + dt.timedelta(days=30 + number),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count('data-testid="expiring-certificate"') == 41
    assert response.content.decode().count('data-testid="expiring-assessor"') == 5


def test_the_menu_offers_the_page_to_lsp_staff(head_admin, client_for):
    page = client_for(head_admin).get("/").content.decode()
    assert URL in page
