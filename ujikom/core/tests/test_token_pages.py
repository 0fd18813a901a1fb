"""The profile page where a person creates and revokes their own API tokens."""

import datetime as dt

from django.utils import timezone

from ujikom.core.models import ApiToken, AuditEvent
from ujikom.core.tokens import authenticate_token, create_token


def test_profile_links_to_the_token_page(client_for, make_user):
    response = client_for(make_user("rina")).get("/profil/")

    assert 'href="/profil/token/"' in response.content.decode()


def test_a_new_tokens_secret_is_shown_once(client_for, make_user):
    rina = make_user("rina")
    client = client_for(rina)

    created = client.post("/profil/token/", {"name": "Sinkronisasi SIAPkerja", "expires_at": ""})

    token = ApiToken.objects.get(user=rina)
    page = created.content.decode()
    secret = page.split('data-testid="new-token"')[1].split("<code")[1].split(">", 1)[1].split("</code>")[0]
    assert secret.startswith(f"ujk_{token.prefix}_")
    assert authenticate_token(secret) == rina
    assert created["Cache-Control"] == "no-store"
    again = client.get("/profil/token/").content.decode()
    assert secret not in again
    assert "Sinkronisasi SIAPkerja" in again


def test_a_token_can_be_limited_to_a_day(client_for, make_user):
    rina = make_user("rina")
    day = timezone.localdate() + dt.timedelta(days=30)

    client_for(rina).post("/profil/token/", {"name": "sementara", "expires_at": day.isoformat()})

    expires = ApiToken.objects.get(user=rina).expires_at
    assert timezone.localtime(expires).date() == day + dt.timedelta(days=1)


def test_a_past_expiry_or_a_missing_name_is_refused_in_indonesian_and_nothing_is_created(
    client_for, make_user
):
    rina = make_user("rina")
    client = client_for(rina)

    past = client.post("/profil/token/", {"name": "lama", "expires_at": "2020-01-01"})
    nameless = client.post("/profil/token/", {"name": "", "expires_at": ""})

    assert "Tanggal kedaluwarsa harus di masa depan." in past.content.decode()
    assert "Nama token wajib diisi." in nameless.content.decode()
    assert not ApiToken.objects.filter(user=rina).exists()
    assert not AuditEvent.objects.filter(event_type="api_token.created").exists()


def test_revoking_a_token_stops_it_working(client_for, make_user):
    rina = make_user("rina")
    token, secret = create_token(user=rina, name="CI")

    response = client_for(rina).post(f"/profil/token/{token.prefix}/cabut/")

    assert response.status_code == 302
    assert authenticate_token(secret) is None
    assert AuditEvent.objects.filter(event_type="api_token.revoked", actor=rina).exists()


def test_nobody_sees_or_revokes_another_persons_token(client_for, make_user):
    rina, budi = make_user("rina"), make_user("budi")
    token, secret = create_token(user=rina, name="milik Rina")
    client = client_for(budi)

    listing = client.get("/profil/token/").content.decode()
    revoke = client.post(f"/profil/token/{token.prefix}/cabut/")

    assert "milik Rina" not in listing
    assert revoke.status_code == 404
    assert authenticate_token(secret) == rina


def test_the_token_page_needs_a_signed_in_user(client):
    response = client.get("/profil/token/")

    assert response.status_code == 302
    assert "/akun/" in response["Location"]


def test_revoking_needs_post(client_for, make_user):
    rina = make_user("rina")
    token, _secret = create_token(user=rina, name="CI")

    assert client_for(rina).get(f"/profil/token/{token.prefix}/cabut/").status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
