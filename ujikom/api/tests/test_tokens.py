import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from ujikom.core.models import ApiToken, AuditEvent
from ujikom.core.tokens import authenticate_token, create_token, revoke_token

from .conftest import ApiClient

INVALID = "Token tidak sah atau sudah dicabut"


def test_a_new_token_is_stored_only_as_its_hash_and_its_creation_is_audited(disnaker_admin):
    token, secret = create_token(user=disnaker_admin, name="Sinkronisasi")

    assert secret.startswith(f"ujk_{token.prefix}_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {getattr(stored, field.attname) for field in ApiToken._meta.concrete_fields}
    event = AuditEvent.objects.get(event_type="api_token.created")
    assert event.actor_id == disnaker_admin.pk
    assert secret not in str(event.data)


def test_the_token_authenticates_its_owner(disnaker_admin):
    _token, secret = create_token(user=disnaker_admin, name="CI")

    response = ApiClient(secret).get("/me")

    assert response.status_code == 200
    assert response.json()["username"] == "admin_disnaker"


def test_a_revoked_token_is_refused_with_401(disnaker_admin):
    token, secret = create_token(user=disnaker_admin, name="CI")
    revoke_token(token=token, actor=disnaker_admin)

    response = ApiClient(secret).get("/me")

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID}
    assert response["WWW-Authenticate"] == "Bearer"
    assert AuditEvent.objects.filter(event_type="api_token.revoked", actor=disnaker_admin).count() == 1


@pytest.mark.parametrize(
    "header",
    ["Bearer ujk_0000000000_nothing", "Bearer rubbish", "Basic dXNlcjpwYXNz", "Bearer "],
)
def test_a_wrong_or_malformed_token_is_refused_with_401(db, header, disnaker_admin):
    create_token(user=disnaker_admin, name="CI")
    client = ApiClient(None)
    client.client.defaults["HTTP_AUTHORIZATION"] = header

    response = client.get("/me")

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID}


def test_a_token_with_a_tampered_secret_is_refused(disnaker_admin):
    token, secret = create_token(user=disnaker_admin, name="CI")

    assert authenticate_token(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert authenticate_token(secret) == disnaker_admin


def test_calls_without_credentials_are_refused_with_401(anonymous_api):
    response = anonymous_api.get("/organizations")

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID}


def test_an_expired_token_or_a_deactivated_owner_is_refused(disnaker_admin, make_user):
    _t, expired = create_token(
        user=disnaker_admin, name="lama", expires_at=timezone.now() + dt.timedelta(seconds=1)
    )
    ApiToken.objects.filter(name="lama").update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    leaver = make_user("pensiun")
    _t, leavers = create_token(user=leaver, name="x")
    leaver.is_active = False
    leaver.save()

    assert ApiClient(expired).get("/me").status_code == 401
    assert ApiClient(leavers).get("/me").status_code == 401


def test_last_use_is_noted_at_most_once_a_minute(disnaker_admin):
    token, secret = create_token(user=disnaker_admin, name="CI")
    authenticate_token(secret)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None

    authenticate_token(secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    authenticate_token(secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - dt.timedelta(minutes=2)


def test_tokens_api_creates_lists_and_revokes_ones_own_tokens(api_for, disnaker_admin):
    api = api_for(disnaker_admin)

    created = api.post("/tokens", {"name": "Dasbor"})
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("ujk_") and body["is_usable"] is True
    listed = api.get("/tokens").json()
    assert {t["name"] for t in listed["items"]} == {"tes", "Dasbor"}
    assert all("secret" not in t for t in listed["items"])

    assert ApiClient(body["secret"]).get("/me").status_code == 200
    assert api.delete(f"/tokens/{body['prefix']}").status_code == 204
    assert ApiClient(body["secret"]).get("/me").status_code == 401


def test_one_cannot_see_or_revoke_another_persons_token(api_for, disnaker_admin, lsp_admin):
    theirs, secret = create_token(user=lsp_admin, name="milik LSP")
    api = api_for(disnaker_admin)

    assert theirs.prefix not in {t["prefix"] for t in api.get("/tokens").json()["items"]}
    response = api.delete(f"/tokens/{theirs.prefix}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Token tidak ditemukan."}
    assert ApiClient(secret).get("/me").status_code == 200


def test_creating_a_token_with_a_past_expiry_is_refused_and_nothing_is_stored(api_for, disnaker_admin):
    api = api_for(disnaker_admin)

    response = api.post("/tokens", {"name": "x", "expires_at": "2000-01-01T00:00:00+07:00"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"loc": "body.expires_at", "msg": "Tanggal kedaluwarsa harus di masa depan."}]
    }
    assert ApiToken.objects.filter(user=disnaker_admin).count() == 1
