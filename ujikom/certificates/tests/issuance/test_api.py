"""The issuance API does what the pages do, with the same permissions."""

from __future__ import annotations

import pytest
from django.test import Client

from ujikom.certificates.models import Certificate
from ujikom.core.tokens import create_token

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, secret = create_token(user=user, name="sertifikat")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_issue_list_get_and_download_through_the_api(numbered, issuer, candidate_user, lsp, outsider):
    decision = numbered[0].decision
    client = api(issuer)
    base = f"/api/v1/certificates/decisions/{decision.public_id}"

    created = client.post(f"{base}/issue", {"entry": numbered[0].pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["certificate_number"] == numbered[0].certificate_number and body["status"] == "valid"
    assert f"/v/{body['public_id']}#" in body["verification_url"]

    twice = client.post(f"{base}/issue", {"entry": numbered[0].pk}, content_type="application/json")
    assert twice.status_code == 422 and "sudah diterbitkan" in twice.content.decode()

    listed = client.get(f"/api/v1/organizations/{lsp.public_id}/certificates", {"q": "budi"})
    assert [row["holder_name"] for row in listed.json()] == ["Budi Santoso"]
    assert (
        client.get(f"/api/v1/certificates/{body['public_id']}").json()["units"][0]["code"]
        == "J.63OPR00.001.2"
    )
    pdf = api(candidate_user).get(f"/api/v1/certificates/{body['public_id']}/pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")

    assert api(outsider).get(f"/api/v1/certificates/{body['public_id']}").status_code == 404
    assert api(outsider).get(f"/api/v1/organizations/{lsp.public_id}/certificates").status_code == 404


def test_bulk_and_progress_through_the_api(numbered, issuer, lsp_chair, django_capture_on_commit_callbacks):
    decision = numbered[0].decision
    assert api(lsp_chair).post(f"/api/v1/certificates/decisions/{decision.public_id}/bulk").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        started = api(issuer).post(f"/api/v1/certificates/decisions/{decision.public_id}/bulk")
    assert started.status_code == 202, started.content
    progress = api(issuer).get(f"/api/v1/certificates/jobs/{started.json()['public_id']}").json()
    assert (progress["status"], progress["issued"], progress["total"]) == ("done", 2, 2)
    assert Certificate.objects.count() == 2
