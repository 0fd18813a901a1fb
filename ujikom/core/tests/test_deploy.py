"""Production safety: the settings a production environment gets, and what they do to responses.

The settings module relaxes security while testing ("pytest" is imported), so the production
values are read from a fresh interpreter started with a production environment.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

BASE_DIR = Path(__file__).resolve().parents[3]
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "ALLOWED_HOSTS",
]
READ_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
)


def production_environment(data_dir: Path) -> dict[str, str]:
    """What a production host sets, and nothing inherited that could relax it."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(data_dir)),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "ujikom.example.id",
        "DATA_DIR": str(data_dir),
    }


def run_in_production(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=production_environment(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = run_in_production(["-c", READ_SETTINGS], tmp_path_factory.mktemp("production"))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_deploy_check_finds_no_issues_in_production_environment(tmp_path):
    result = run_in_production(["-m", "ujikom.cli", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environment = production_environment(tmp_path)
    del environment["SECRET_KEY"]

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "ujikom.cli", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_production_settings_turn_on_https_only_cookies_hsts_and_redirect(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["ALLOWED_HOSTS"] == ["ujikom.example.id"]


@pytest.fixture
def production_client(production_settings):
    with override_settings(**{**production_settings, "ALLOWED_HOSTS": ["testserver", "ujikom.example.id"]}):
        yield Client()


@pytest.mark.django_db
def test_plain_http_request_is_redirected_to_https(production_client):
    response = production_client.get("/akun/masuk/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/akun/masuk/"


@pytest.mark.django_db
def test_request_forwarded_as_https_by_the_proxy_is_served_with_hsts(production_client):
    response = production_client.get("/akun/masuk/", headers={"x-forwarded-proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_session_and_csrf_cookies_are_sent_only_over_https(production_client, make_user):
    make_user("kasi", password="rahasia-sekali-123")

    page = production_client.get("/akun/masuk/", secure=True)
    response = production_client.post(
        "/akun/masuk/", {"username": "kasi", "password": "rahasia-sekali-123"}, secure=True
    )

    assert page.cookies["csrftoken"]["secure"] is True
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/akun/masuk/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sixth_sign_in_after_five_wrong_passwords_is_refused_even_with_the_right_one(client, make_user):
    make_user("kasi", password="rahasia-sekali-123")
    wrong = [
        client.post("/akun/masuk/", {"username": "kasi", "password": "salah-tebak-123"}) for _ in range(5)
    ]
    assert "kata sandi salah" in wrong[0].content.decode()

    response = client.post("/akun/masuk/", {"username": "kasi", "password": "rahasia-sekali-123"})

    assert response.status_code == 429
    page = response.content.decode()
    assert "Akun dikunci sementara" in page
    assert "Coba lagi dalam 15 menit" in page
    assert "_auth_user_id" not in client.session


def test_lockout_holds_only_for_the_address_that_guessed(client, make_user):
    make_user("kasi", password="rahasia-sekali-123")
    for _attempt in range(5):
        client.post(
            "/akun/masuk/", {"username": "kasi", "password": "salah-tebak-123"}, REMOTE_ADDR="10.0.0.66"
        )

    response = Client(REMOTE_ADDR="10.0.0.7").post(
        "/akun/masuk/", {"username": "kasi", "password": "rahasia-sekali-123"}
    )

    assert response.status_code == 302
