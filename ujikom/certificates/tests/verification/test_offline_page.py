"""The offline verifier `/verifikasi/` on the server side: public, the published keys embedded with
their windows and nothing private, no certificate data, cacheable, every file it needs kept by its
service worker, and no inline script (the CSP forbids it)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from ujikom.certificates import keys
from ujikom.certificates.models import SigningKey
from ujikom.certificates.views_offline import ASSETS, WORKER_BODY

from .conftest import NIK

pytestmark = pytest.mark.django_db

PAGE = "/verifikasi/"


def embedded(text: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', text, re.S)
    assert match, f"no {element_id} in the page"
    return json.loads(match.group(1))


def test_anyone_gets_the_page_with_the_published_keys_and_their_windows(lsp, manager):
    first = keys.active_key(lsp)
    keys.rotate_key(lsp=lsp, actor=manager, compromised=True)

    response = Client().get(PAGE)

    assert response.status_code == 200
    data = embedded(response.content.decode(), "offline-data")
    assert data["keys"] == Client().get("/.well-known/jwks.json").json()["keys"]
    by_kid = {key["kid"]: key for key in data["keys"]}
    assert set(by_kid) == set(SigningKey.objects.values_list("kid", flat=True)) and len(by_kid) == 2
    retired = by_kid[first.kid]
    assert retired["x"] == first.public_key and retired["nbf"] == int(first.not_before.timestamp())
    first.refresh_from_db()
    assert retired["exp"] == int(first.not_after.timestamp())
    assert retired["compromised"] == int(first.compromised_at.timestamp())
    assert data["lsps"] == {lsp.code: lsp.name}
    assert data["time_zone"] == "Asia/Jakarta" and data["token_type"] == "ujikom-cert+jwt"
    assert data["verify_prefix"].endswith("/v/") and data["loaded_at"]


def test_the_page_holds_no_private_key_material(lsp):
    record = keys.active_key(lsp)
    private = keys.decrypt_private_key(record)
    raw = private.private_bytes_raw()

    text = Client().get(PAGE).content.decode()

    assert record.private_key_encrypted not in text
    assert record.private_key_encrypted.split(".", 1)[1][:20] not in text
    assert keys.b64url(raw) not in text and raw.hex() not in text
    assert all(
        set(key) <= {"kty", "crv", "x", "kid", "alg", "use", "nbf", "exp", "compromised", "lsp"}
        for key in embedded(text, "offline-data")["keys"]
    )


def test_the_page_shows_no_certificate_data(make_certificate):
    certificate = make_certificate(holder="Rahmawati Sulistyo")

    text = Client().get(PAGE).content.decode()

    for secret in [
        certificate.public_id,
        certificate.holder_name,
        certificate.certificate_number,
        certificate.registration_number,
        certificate.token.split(".")[1],
        NIK,
    ]:
        assert secret not in text


def test_the_page_is_cacheable_public_and_sets_no_cookie():
    response = Client().get(PAGE)

    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert Client().post(PAGE).status_code == 405


def test_every_script_on_the_page_is_a_file_or_json_data():
    text = Client().get(PAGE).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S)

    assert scripts
    for attributes, body in scripts:
        assert 'src="' in attributes or 'type="application/json"' in attributes, attributes
        assert body.strip() == "" or 'type="application/json"' in attributes
    assert 'src="/static/certificates/offline-verifier.js"' in text
    assert 'src="/static/vendor/jsqr/jsQR.js"' in text


def test_every_messages_key_the_script_uses_is_sent():
    text = Client().get(PAGE).content.decode()
    messages = embedded(text, "offline-messages")
    with open(finders.find("certificates/offline-verifier.js"), encoding="utf-8") as handle:
        script = handle.read()

    used = set(re.findall(r"\btext\.(\w+)", script))

    assert used and used <= set(messages), used - set(messages)
    assert "hanya dapat diperiksa secara daring" in messages["status_online"]


def test_the_service_worker_keeps_the_page_and_every_file_it_loads():
    response = Client().get(reverse("public:offline_verifier_worker"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    config = json.loads(re.search(r"self\.UJIKOM_OFFLINE = (\{.*\});", body).group(1))
    assert config["page"] == PAGE and config["version"]
    page = Client().get(PAGE).content.decode()
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert url in config["assets"], f"{url} is loaded by the page but not kept for offline use"
    for path in [*ASSETS, WORKER_BODY]:
        assert finders.find(path), f"static file {path} is missing"
    assert f'importScripts("/static/{WORKER_BODY}")' in body


def test_the_page_can_be_added_to_the_home_screen_and_its_manifest_is_kept_offline():
    page = Client().get(PAGE).content.decode()
    manifest_url = reverse("public:offline_verifier_manifest")
    worker = Client().get(reverse("public:offline_verifier_worker")).content.decode()

    response = Client().get(manifest_url)

    assert f'rel="manifest" href="{manifest_url}"' in page
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == PAGE and manifest["scope"] == PAGE
    assert manifest["display"] == "standalone" and manifest["lang"] == "id"
    assert manifest["icons"][0]["src"] == "/static/img/favicon.svg"
    assert f'"{manifest_url}"' in worker


def test_the_verification_page_links_to_the_offline_verifier(make_certificate):
    certificate = make_certificate()

    text = Client().get(f"/v/{certificate.public_id}").content.decode()

    assert f'href="{PAGE}"' in text and "Verifikasi tanpa jaringan" in text


def test_the_certificate_detail_page_links_to_both_verifications(make_certificate, viewer):
    certificate = make_certificate()
    client = Client()
    client.force_login(viewer)

    response = client.get(reverse("certificates:detail", args=[certificate.public_id]))

    text = response.content.decode()
    assert response.status_code == 200
    assert f'href="/v/{certificate.public_id}"' in text and f'href="{PAGE}"' in text
