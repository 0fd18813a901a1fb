"""`GET /api/v1/verify/{id}`, `POST /api/v1/verify` (token or scanned URL) and the lifecycle calls."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from ujikom.certificates import keys, services_status, tokens
from ujikom.certificates.models import Certificate, SigningKey
from ujikom.core.models import Organization
from ujikom.core.tokens import create_token

from .conftest import NIK

pytestmark = pytest.mark.django_db


def api(user=None) -> Client:
    if user is None:
        return Client()
    _token, secret = create_token(user=user, name="tes")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post(client: Client, path: str, body) -> object:
    return client.post(f"/api/v1{path}", body, content_type="application/json")


def test_verify_by_id_returns_what_the_page_shows(make_certificate):
    certificate = make_certificate()
    response = Client().get(f"/api/v1/verify/{certificate.public_id}")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "valid" and data["reason"] == ""
    assert data["holder"] == "Siti Nur'aini Ṣāliḥ"
    assert data["scheme"] == {"code": "SKM-OKM-01", "name": "Operator Komputer Muda"}
    assert [unit["code"] for unit in data["units"]] == ["J.63OPR00.001.2", "J.63OPR00.002.2"]
    assert data["lsp"]["code"] == "lsp-stmi"
    assert data["certificate_number"] == certificate.certificate_number
    assert data["registration_number"] == certificate.registration_number
    assert data["issued_on"] == certificate.issued_on.isoformat()
    assert {check["name"]: check["ok"] for check in data["checks"]} == {
        "signature": True,
        "key": True,
        "status": True,
        "dates": True,
    }
    assert data["checked_at"] and NIK not in response.content.decode()


def test_verify_by_id_of_a_revoked_certificate_gives_the_reason(make_certificate, manager):
    certificate = make_certificate()
    services_status.revoke(certificate=certificate, reason="ethics", note="", actor=manager)
    data = Client().get(f"/api/v1/verify/{certificate.public_id}").json()
    assert data["status"] == "revoked" and data["reason"] == "ethics"
    assert data["reason_label"] == "Melanggar kode etik profesi"
    assert [check["ok"] for check in data["checks"] if check["name"] == "status"] == [False]


@pytest.mark.parametrize("bad", ["1" * 22, "'; DROP", "ü" * 40, "x" * 3000])
def test_verify_unknown_or_malformed_id_is_404(bad):
    response = Client().get(f"/api/v1/verify/{bad}")
    assert response.status_code == 404 and response.json()["detail"] == "Sertifikat tidak ditemukan."


def test_the_api_shares_the_rate_limit(make_certificate, settings):
    settings.VERIFICATION_RATE_LIMIT = 3
    certificate = make_certificate()
    client = Client()
    for _ in range(3):
        assert client.get(f"/api/v1/verify/{certificate.public_id}").status_code == 200
    refused = client.get(f"/api/v1/verify/{certificate.public_id}")
    assert (
        refused.status_code == 429 and "Terlalu banyak" in refused.json()["detail"] and refused["Retry-After"]
    )
    assert post(client, "/verify", {"token": certificate.token}).status_code == 429


def test_a_genuine_token_and_the_whole_scanned_url_verify_with_the_live_status(make_certificate, manager):
    certificate = make_certificate()
    data = post(Client(), "/verify", {"token": certificate.token}).json()
    assert data["genuine"] and data["matches_record"] and data["status"] == "valid"
    services_status.suspend(certificate=certificate, reason="misuse", note="", actor=manager)
    data = post(
        Client(),
        "/verify",
        {"token": f"https://ujikom.example/v/{certificate.public_id}#{certificate.token}"},
    ).json()
    assert data["genuine"] and data["status"] == "suspended"
    assert data["status_reason"] == "Dugaan penyalahgunaan sertifikat"


def test_a_tampered_token_is_not_genuine(make_certificate):
    certificate = make_certificate()
    head, body, signature = certificate.token.split(".")
    claims = tokens._json({**tokens.verify_token(certificate.token).claims, "name": "Penipu"})
    tampered = f"{head}.{keys.b64url(claims)}.{signature}"
    data = post(Client(), "/verify", {"token": tampered}).json()
    assert data["genuine"] is False and "diubah" in data["reason"] and data["status"] is None


def test_a_token_of_an_unknown_key_is_not_genuine(make_certificate, make_organization):
    other = make_organization("LSP Palsu", Organization.Kind.LSP, code="lsp-palsu")
    forged = make_certificate(signer=keys.signer_for(other))
    SigningKey.objects.filter(lsp=other).delete()
    data = post(Client(), "/verify", {"token": forged.token}).json()
    assert data["genuine"] is False and "tidak dikenal" in data["reason"]


def test_a_token_signed_by_a_retired_key_after_its_window_is_not_genuine(lsp, make_certificate):
    old = keys.signer_for(lsp)
    keys.rotate_key(lsp=lsp, actor=None)
    later = make_certificate(signer=old, issued_on=timezone.localdate() + dt.timedelta(days=5))
    data = post(Client(), "/verify", {"token": later.token}).json()
    assert data["genuine"] is False and "tidak berlaku" in data["reason"]
    page = Client().get(f"/api/v1/verify/{later.public_id}").json()
    assert {check["name"]: check["ok"] for check in page["checks"]}["key"] is False


def test_a_genuine_token_whose_record_differs_says_so(make_certificate):
    certificate = make_certificate()
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="Nama Lain")
    data = post(Client(), "/verify", {"token": certificate.token}).json()
    assert data["genuine"] and data["matches_record"] is False and "tidak sama" in data["reason"]


@pytest.mark.parametrize(
    "body", [{"token": ""}, {"token": 5}, {}, ["x"], {"token": "a.b.c"}, {"token": "x" * 9000}]
)
def test_malformed_input_is_not_genuine_never_a_500(body):
    response = post(Client(), "/verify", body)
    assert response.status_code == 200 and response.json()["genuine"] is False and response.json()["reason"]


def test_a_body_that_is_not_json_is_not_genuine():
    response = Client().post("/api/v1/verify", "{not json", content_type="application/json")
    assert response.status_code == 200 and response.json()["genuine"] is False


def test_the_lifecycle_through_the_api(make_certificate, manager):
    certificate = make_certificate()
    client = api(manager)
    response = post(
        client, f"/certificates/{certificate.public_id}/suspend", {"reason": "admin_check", "note": "cek"}
    )
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    response = post(client, f"/certificates/{certificate.public_id}/lift-suspension", {"note": "beres"})
    assert response.status_code == 200 and response.json()["status"] == "valid"
    response = post(client, f"/certificates/{certificate.public_id}/revoke", {"reason": "holder_request"})
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    refused = post(client, f"/certificates/{certificate.public_id}/suspend", {"reason": "misuse"})
    assert refused.status_code == 422 and "berlaku" in str(refused.json())
    bad = post(client, f"/certificates/{make_certificate().public_id}/revoke", {"reason": "bosan"})
    assert bad.status_code == 422


def test_lifecycle_calls_check_the_lsp_and_the_permission(make_certificate, viewer, outsider):
    certificate = make_certificate()
    assert (
        post(api(outsider), f"/certificates/{certificate.public_id}/revoke", {"reason": "fraud"}).status_code
        == 404
    )
    assert (
        post(api(viewer), f"/certificates/{certificate.public_id}/revoke", {"reason": "fraud"}).status_code
        == 403
    )
    assert (
        post(Client(), f"/certificates/{certificate.public_id}/revoke", {"reason": "fraud"}).status_code
        == 401
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
