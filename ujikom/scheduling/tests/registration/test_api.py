"""The registration API: batches with a row-by-row refusal, review, the candidate's application with
uploads and self-assessment, and the pages' permissions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ujikom.core.tokens import create_token
from ujikom.documents.models import StoredFile
from ujikom.scheduling.models import Registration
from ujikom.scheduling.services_registration import register_batch, self_register

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1"


def api(user) -> Client:
    _token, secret = create_token(user=user, name="tes")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_facilitator_registers_a_batch_and_administrasi_accepts(event, program, facilitator, administrasi):
    created = api(facilitator).post(
        f"{PREFIX}/events/{event.public_id}/registrations/batch",
        {"program": str(program.public_id)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert len(created.json()) == 3

    first = created.json()[0]["public_id"]
    reviewed = api(administrasi).post(
        f"{PREFIX}/registrations/{first}/review", {"decision": "accept"}, content_type="application/json"
    )
    assert reviewed.status_code == 200, reviewed.content
    assert reviewed.json()["status"] == "accepted"
    assert reviewed.json()["card_number"].startswith("KP/TUK-DISNAKER/")

    listed = api(administrasi).get(f"{PREFIX}/events/{event.public_id}/registrations", {"status": "accepted"})
    assert [item["public_id"] for item in listed.json()["items"]] == [first]


def test_refused_batch_names_each_row(event, participants, facilitator):
    register_batch(event=event, participants=participants[1:2], actor=facilitator)

    response = api(facilitator).post(
        f"{PREFIX}/events/{event.public_id}/registrations/batch",
        {
            "program": str(participants[0].program.public_id),
            "participants": [str(p.public_id) for p in participants],
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == ["body.participants[1]"]
    assert Registration.objects.filter(event=event).count() == 1


def test_return_without_reason_is_422(event, participants, facilitator, administrasi):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)

    response = api(administrasi).post(
        f"{PREFIX}/registrations/{registration.public_id}/review",
        {"decision": "return"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.reason"


def test_staff_endpoints_refuse_outsiders_and_members_without_the_role(
    event, participants, facilitator, outsider, no_role
):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)
    url = f"{PREFIX}/events/{event.public_id}/registrations"

    assert api(outsider).get(url).status_code == 404
    assert api(no_role).get(url).status_code == 403
    review = f"{PREFIX}/registrations/{registration.public_id}/review"
    assert (
        api(outsider).post(review, {"decision": "accept"}, content_type="application/json").status_code == 404
    )


def test_candidate_applies_uploads_and_self_assesses(event, applicant, applicant_fields, uploads, scheme):
    client = api(applicant)
    data = {**applicant_fields, "birth_date": applicant_fields["birth_date"].isoformat(), **uploads()}

    created = client.post(f"{PREFIX}/events/{event.public_id}/self-registrations", data)
    assert created.status_code == 201, created.content
    public_id = created.json()["public_id"]
    stored = Registration.objects.get(public_id=public_id)
    assert (stored.address, stored.city_id, stored.province_id, stored.education) == (
        "Jl. Merdeka No. 5, Cikokol",
        "36.71",
        "36",
        "SMA",
    )

    replaced = client.post(
        f"{PREFIX}/registrations/{public_id}/documents/training",
        {"file": SimpleUploadedFile("sertifikat.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")},
    )
    assert replaced.status_code == 201, replaced.content
    assert replaced.json()["kind"] == "training"

    first, second = scheme.units.order_by("position")
    assessed = client.put(
        f"{PREFIX}/registrations/{public_id}/self-assessment",
        {
            "answers": [
                {"unit": first.code, "competent": True, "evidence": "Sertifikat BLK"},
                {"unit": second.code, "competent": False},
            ]
        },
        content_type="application/json",
    )
    assert assessed.status_code == 200, assessed.content
    assert [a["competent"] for a in assessed.json()] == [True, False]

    mine = client.get(f"{PREFIX}/me/registrations")
    assert [item["public_id"] for item in mine.json()["items"]] == [public_id]


def test_bnsp_data_sent_through_the_api_is_checked_like_the_form(event, applicant, applicant_fields, uploads):
    fields = {**applicant_fields, "birth_date": applicant_fields["birth_date"].isoformat(), "city": "32.73"}

    response = api(applicant).post(
        f"{PREFIX}/events/{event.public_id}/self-registrations", {**fields, **uploads()}
    )

    assert response.status_code == 422
    assert {item["loc"] for item in response.json()["detail"]} == {"body.city"}
    assert not Registration.objects.exists()


def test_bad_upload_through_the_api_saves_nothing(event, applicant, applicant_fields, uploads):
    bad = SimpleUploadedFile("ktp.pdf", b"not a pdf at all", content_type="application/pdf")
    data = {**applicant_fields, "birth_date": applicant_fields["birth_date"].isoformat(), **uploads(ktp=bad)}

    response = api(applicant).post(f"{PREFIX}/events/{event.public_id}/self-registrations", data)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == "body.ktp"
    assert not Registration.objects.exists() and not StoredFile.objects.exists()


def test_a_candidate_cannot_touch_someone_elses_registration(
    event, applicant, applicant_fields, uploads, make_user
):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )
    stranger = make_user("orang", full_name="Orang Lain")

    assert api(stranger).get(f"{PREFIX}/registrations/{registration.public_id}").status_code == 404
    assert (
        api(stranger)
        .put(
            f"{PREFIX}/registrations/{registration.public_id}/self-assessment",
            {"answers": []},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    assert api(applicant).get(f"{PREFIX}/registrations/{registration.public_id}").status_code == 200
