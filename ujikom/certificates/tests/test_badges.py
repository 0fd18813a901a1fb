"""Open Badges 3.0 export: the holder downloads a signed credential that an independent verifier
(Digital Bazaar's @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite, in Node, offline) accepts;
any change, or another key, makes both that verifier and ours refuse it; its shape is OB 3.0; its
status entries tell a verifier that a revoked certificate is revoked; who may export it."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from ujikom.certificates import badges, jsonld_contexts, keys, services_status, statuslist
from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate
from ujikom.core.models import Organization
from ujikom.core.tokens import create_token

pytestmark = pytest.mark.django_db

VERIFIER = Path(settings.BASE_DIR) / "tests" / "badges" / "verify_ob3.mjs"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def node_or_skip() -> str:
    """Node with the pinned packages; missing is a failure in CI and a skip elsewhere."""
    node = shutil.which("node")
    installed = (Path(settings.NODE_MODULES) / "@digitalbazaar" / "vc" / "package.json").exists()
    if node and installed:
        return node
    message = "Node.js or node_modules (npm ci, with devDependencies) is missing for the OB 3.0 verifier"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def path_of(url: str) -> str:
    return urlsplit(url).path


def independent_verify(tmp_path: Path, credential: dict[str, Any], client: Client) -> dict[str, Any]:
    """Fetch the issuer's controller document and the status lists from our server, then run the
    Node verifier on files: no network involved."""
    node = node_or_skip()
    issuer = credential["issuer"]["id"] if isinstance(credential["issuer"], dict) else credential["issuer"]
    controller = client.get(path_of(issuer))
    assert controller.status_code == 200
    files = [tmp_path / "credential.json", tmp_path / "controller.json"]
    files[0].write_text(json.dumps(credential, ensure_ascii=False), encoding="utf-8")
    files[1].write_text(controller.content.decode(), encoding="utf-8")
    for number, entry in enumerate(credential.get("credentialStatus", [])):
        listed = client.get(path_of(entry["statusListCredential"]))
        assert listed.status_code == 200
        files.append(tmp_path / f"status-{number}.json")
        files[-1].write_text(listed.content.decode(), encoding="utf-8")
    run = subprocess.run(  # noqa: S603
        [node, str(VERIFIER), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert run.stdout, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert (run.returncode == 0) == result["verified"], run.stderr
    return result


@pytest.fixture
def certificate(numbered, issuer) -> Certificate:  # noqa: F405
    """Budi's certificate, issued from the decree."""
    return issuance.issue_certificate(entry=numbered[0], actor=issuer)  # noqa: F405


def export(client: Client, certificate: Certificate):
    return client.get(reverse("certificates:badge_export", args=[certificate.public_id]))


def test_the_holder_exports_a_credential_the_independent_verifier_accepts(
    certificate, candidate_user, client_for, tmp_path
):
    response = export(client_for(candidate_user), certificate)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+ld+json")
    assert 'attachment; filename="62090-2512-0000001-2026.json"' in response["Content-Disposition"]
    credential = json.loads(response.content)
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["proof"]["verificationMethod"].split("#")[1].startswith("z6Mk")

    result = independent_verify(tmp_path, credential, Client())
    assert result == {
        "verified": True,
        "error": None,
        "status": [
            {"statusPurpose": "revocation", "index": certificate.status_index, "set": False},
            {"statusPurpose": "suspension", "index": certificate.status_index, "set": False},
        ],
    }
    check = badges.verify_credential(credential)
    assert check.verified and check.kid == certificate.kid and check.public_id == certificate.public_id


def test_the_credential_has_the_open_badges_shape_and_never_the_nik(certificate, candidate_user, client_for):
    credential = json.loads(export(client_for(candidate_user), certificate).content)

    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validFrom"] == f"{certificate.issued_on.isoformat()}T00:00:00+07:00"
    assert credential["validUntil"] == f"{certificate.valid_until.isoformat()}T23:59:59+07:00"
    assert credential["issuer"]["id"].endswith(f"/lsp/{certificate.lsp.code}/issuer")
    assert credential["issuer"]["address"]["addressCountryCode"] == "ID"
    subject = credential["credentialSubject"]
    assert (
        subject["type"] == ["AchievementSubject"]
        and subject["licenseNumber"] == certificate.certificate_number
    )
    achievement = subject["achievement"]
    assert (
        achievement["achievementType"] == "Certification" and achievement["name"] == certificate.scheme_name
    )
    assert [(a["targetCode"], a["targetName"]) for a in achievement["alignment"]] == [
        (unit["code"], unit["title"]) for unit in certificate.units
    ]
    assert len(achievement["alignment"]) == 3 and achievement["creator"] == credential["issuer"]
    name, nik = subject["identifier"]
    assert name["identityType"] == "name" and name["identityHash"] == "Budi Santoso"
    assert nik["identityType"] == "nationalIdentityNumber" and nik["hashed"] is True
    assert nik["identityHash"] == badges.identity_hash(certificate.holder_nik, nik["salt"])
    assert certificate.holder_nik not in json.dumps(credential)
    assert [
        (s["type"], s["statusPurpose"], s["statusListIndex"]) for s in credential["credentialStatus"]
    ] == [
        ("BitstringStatusListEntry", "revocation", str(certificate.status_index)),
        ("BitstringStatusListEntry", "suspension", str(certificate.status_index)),
    ]


def tampered(credential: dict[str, Any], change: str) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    if change == "name":
        changed["name"] = "Sertifikat Kompetensi Ahli Utama"
    elif change == "validUntil":
        changed["validUntil"] = "2099-12-31T23:59:59+07:00"
    elif change == "unit code":
        changed["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] = "J.63OPR00.999.2"
    elif change == "holder":
        changed["credentialSubject"]["identifier"][0]["identityHash"] = "Agus Salim"
    elif change == "status index":
        for entry in changed["credentialStatus"]:
            entry["statusListIndex"] = str((int(entry["statusListIndex"]) + 1) % statuslist.LIST_SIZE)
    return changed


@pytest.mark.parametrize("change", ["name", "validUntil", "unit code", "holder", "status index"])
def test_one_changed_field_fails_both_verifiers(change, certificate, candidate_user, client_for, tmp_path):
    credential = tampered(json.loads(export(client_for(candidate_user), certificate).content), change)

    result = independent_verify(tmp_path, credential, Client())

    assert result["verified"] is False and "signature" in (result["error"] or "").lower()
    check = badges.verify_credential(credential)
    assert not check.verified and "Tanda tangan tidak cocok" in check.reason


def test_signed_by_a_different_key_fails_both_verifiers(certificate, tmp_path, make_organization):
    unsigned = badges.unsigned_credential(certificate)
    real = keys.signer_for(certificate.lsp)

    # A key the LSP never had, claiming to be the LSP's key.
    forged = badges.sign(unsigned, signer=keys.Signer(real.record, Ed25519PrivateKey.generate()))
    assert independent_verify(tmp_path, forged, Client())["verified"] is False
    assert "Tanda tangan tidak cocok" in badges.verify_credential(forged).reason

    # Another LSP's genuine key, over a credential that names this LSP as issuer.
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    by_other = badges.sign(unsigned, signer=keys.signer_for(other))
    result = independent_verify(tmp_path, by_other, Client())
    assert result["verified"] is False and "issuer" in result["error"].lower()
    assert "bukan milik penerbit" in badges.verify_credential(by_other).reason

    assert independent_verify(tmp_path, badges.sign(unsigned, signer=real), Client())["verified"] is True


def test_a_revoked_certificate_still_exports_and_verifiers_see_it_revoked(
    certificate, candidate_user, client_for, lsp_chair, tmp_path
):
    services_status.revoke(certificate=certificate, reason="fraud", note="", actor=lsp_chair)

    response = export(client_for(candidate_user), certificate)

    assert response.status_code == 200
    credential = json.loads(response.content)
    result = independent_verify(tmp_path, credential, Client())
    assert result["verified"] is False and "revocation" in result["error"]
    assert {"statusPurpose": "revocation", "index": certificate.status_index, "set": True} in result["status"]
    assert badges.verify_credential(credential).verified  # the proof itself still holds
    report = Client().post("/api/v1/verify/credential", credential, content_type="application/json").json()
    assert report["verified"] and report["matches_record"] and report["status"] == "revoked"


def test_a_key_rotated_after_export_still_verifies_and_new_exports_use_the_new_key(
    certificate, candidate_user, client_for, tmp_path
):
    client = client_for(candidate_user)
    before = json.loads(export(client, certificate).content)
    keys.rotate_key(lsp=certificate.lsp, actor=None)
    cache.clear()
    after = json.loads(export(client, certificate).content)

    assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]
    assert independent_verify(tmp_path, before, Client())["verified"] is True
    assert independent_verify(tmp_path, after, Client())["verified"] is True
    controller = Client().get(path_of(before["issuer"]["id"])).json()
    assert len(controller["verificationMethod"]) == 2 and len(controller["assertionMethod"]) == 2


def test_the_credential_is_the_same_every_time_but_for_created(certificate):
    moment = dt.datetime(2026, 5, 4, 3, 2, 1, tzinfo=dt.UTC)
    first = badges.credential_for(certificate, created=moment)
    cache.clear()
    again = badges.credential_for(Certificate.objects.get(pk=certificate.pk), created=moment)

    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert first["proof"]["created"] == "2026-05-04T03:02:01Z"
    later = badges.credential_for(certificate)
    assert {k: v for k, v in later.items() if k != "proof"} == {
        k: v for k, v in first.items() if k != "proof"
    }


def test_who_may_export(
    certificate, numbered, issuer, candidate_user, outsider, admin_staff, lsp_chair, client_for
):  # noqa: F405
    siti = issuance.issue_certificate(entry=numbered[1], actor=issuer)  # noqa: F405

    assert export(client_for(candidate_user), certificate).status_code == 200
    assert export(client_for(lsp_chair), certificate).status_code == 200  # LSP staff with certificates.view
    assert export(client_for(candidate_user), siti).status_code in (403, 404)  # another holder's
    assert export(client_for(outsider), certificate).status_code == 404  # staff of another LSP
    assert export(client_for(admin_staff), certificate).status_code in (403, 404)  # Disnaker
    anonymous = export(Client(), certificate)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def api(user) -> Client:
    _token, secret = create_token(user=user, name="open-badges")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_api_exports_and_verifies(certificate, candidate_user, outsider):
    url = f"/api/v1/certificates/{certificate.public_id}/open-badges"
    credential = api(candidate_user).get(url).json()
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert api(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 401

    verify = "/api/v1/verify/credential"
    report = Client().post(verify, credential, content_type="application/json").json()
    assert report["verified"] and report["matches_record"] and report["record_found"]
    assert report["status"] == "valid" and report["public_id"] == certificate.public_id
    wrapped = Client().post(verify, {"credential": credential}, content_type="application/json").json()
    assert wrapped["verified"]

    bad = Client().post(verify, tampered(credential, "validUntil"), content_type="application/json").json()
    assert bad["verified"] is False and bad["status"] is None and "Tanda tangan tidak cocok" in bad["reason"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("bukan json", 400, "harus kredensial dalam JSON"),
        ("[1, 2]", 400, "harus kredensial dalam JSON"),
        ('{"proof": 1}', 200, "tidak memiliki satu"),
        ('{"@context": "https://example.org/x", "proof": {}}', 200, "tidak dikenal"),
        ('{"@context": [{"name": "http://schema.org/name"}], "proof": {}}', 200, "tidak dikenal"),
    ],
)
def test_bad_submissions_are_answered_in_words_never_500(body, status, words):
    response = Client().post("/api/v1/verify/credential", body, content_type="application/json")

    assert response.status_code == status
    assert words in response.content.decode()


def test_an_undefined_term_is_refused_rather_than_left_unsigned(certificate):
    credential = badges.credential_for(certificate)
    credential["credentialSubject"]["nilaiTambahan"] = "tidak ditandatangani"

    check = badges.verify_credential(credential)

    assert not check.verified and "nilaiTambahan" in check.reason


def test_only_pinned_contexts_are_loaded_and_never_from_the_network():
    document = jsonld_contexts.document_loader("https://www.w3.org/ns/credentials/v2")["document"]
    assert "VerifiableCredential" in document["@context"]
    ob = jsonld_contexts.document_loader(jsonld_contexts.OB_V3)["document"]
    assert "OpenBadgeCredential" in ob["@context"]
    with pytest.raises(jsonld_contexts.ContextUnavailable, match="tidak dipatok"):
        jsonld_contexts.document_loader("https://www.w3.org/2018/credentials/v1")
    assert jsonld_contexts.missing() == []


def test_missing_node_modules_are_named_clearly(settings, tmp_path):
    settings.NODE_MODULES = tmp_path
    jsonld_contexts._loaded.clear()
    try:
        problems = jsonld_contexts.missing()
    finally:
        jsonld_contexts._loaded.clear()

    assert len(problems) == 4 and all("make install" in problem for problem in problems)


def test_the_status_lists_verify_independently_and_the_old_list_is_unchanged(
    certificate, lsp_chair, tmp_path
):
    services_status.suspend(certificate=certificate, reason="misuse", note="", actor=lsp_chair)
    entry = statuslist.status_entries(lsp=certificate.lsp, index=certificate.status_index)[1]
    listed = Client().get(path_of(entry["statusListCredential"]))
    assert listed.status_code == 200 and listed["Access-Control-Allow-Origin"] == "*"
    status_list = listed.json()
    assert status_list["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert statuslist.bit_is_set(status_list["credentialSubject"]["encodedList"], certificate.status_index)
    assert badges.verify_credential(status_list).verified
    old = Client().get(f"/status/{certificate.lsp.code}/suspension").json()
    assert old["proof"]["type"] == "ujikom-jws" and statuslist.verify_credential(old)

    credential = badges.credential_for(certificate)
    result = independent_verify(tmp_path, credential, Client())
    assert result["verified"] is False and "suspension" in result["error"]


def test_the_system_check_names_missing_contexts(settings, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    call_command("check", tags=["certificates"])
    settings.NODE_MODULES = tmp_path
    jsonld_contexts._loaded.clear()
    try:
        with pytest.raises(SystemCheckError, match="certificates.E101"):
            call_command("check", tags=["certificates"])
    finally:
        jsonld_contexts._loaded.clear()


def test_after_a_key_leaks_its_credentials_fail_and_a_new_export_verifies(
    certificate, candidate_user, client_for, tmp_path
):
    client = client_for(candidate_user)
    before = json.loads(export(client, certificate).content)
    keys.rotate_key(lsp=certificate.lsp, actor=None, compromised=True)
    cache.clear()

    assert independent_verify(tmp_path, before, Client())["verified"] is False
    assert "bocor" in badges.verify_credential(before).reason
    controller = Client().get(path_of(before["issuer"]["id"])).json()
    assert "revoked" in controller["verificationMethod"][0]
    assert controller["assertionMethod"] == [controller["verificationMethod"][1]["id"]]
    again = json.loads(export(client, certificate).content)
    assert independent_verify(tmp_path, again, Client())["verified"] is True
    assert badges.verify_credential(again).verified


def test_credential_checks_are_throttled_like_other_verifications(settings, certificate):
    settings.VERIFICATION_RATE_LIMIT = 2
    credential = badges.credential_for(certificate)
    client = Client()
    answers = [
        client.post("/api/v1/verify/credential", credential, content_type="application/json")
        for _ in range(3)
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Terlalu banyak permintaan" in answers[2].json()["detail"] and answers[2]["Retry-After"]


def test_names_with_quotes_accents_and_control_characters_verify_independently(certificate, tmp_path):
    Certificate.objects.filter(pk=certificate.pk).update(
        holder_name='Siti Nur\'aini Ṣāliḥ "Ucok" \\ 李 🎓',
        scheme_name="Operator\tKomputer\nMuda\u0007\u007f",
        units=[{"code": "J.63OPR00.001.2", "title": "Mengoperasikan\r\nPerangkat\fKomputer\b"}],
    )
    certificate = Certificate.objects.select_related("lsp").get(pk=certificate.pk)

    credential = badges.credential_for(certificate)

    assert independent_verify(tmp_path, credential, Client())["verified"] is True
    assert badges.verify_credential(credential).verified
    assert (
        credential["credentialSubject"]["identifier"][0]["identityHash"]
        == 'Siti Nur\'aini Ṣāliḥ "Ucok" \\ 李 🎓'
    )
    assert credential["credentialSubject"]["achievement"]["name"] == "Operator\tKomputer\nMuda"
    with_bell = copy.deepcopy(credential)
    with_bell["name"] += "\u0007"
    assert "karakter kendali" in badges.verify_credential(with_bell).reason
