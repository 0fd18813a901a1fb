"""The data BNSP's candidate list needs beyond the identity: copied from the training participant in a
batch, asked on the candidate's FR.APL.01, completed by the LSP, shown on the registration."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ujikom.core.models import AuditEvent
from ujikom.scheduling.models import Registration
from ujikom.scheduling.services_registration import register_batch, self_register, update_bnsp_data

pytestmark = pytest.mark.django_db


def test_a_batch_copies_where_the_participant_lives_and_names_the_training_provider(
    event, participants, facilitator
):
    participants[0].education = "SMA"
    participants[0].occupation = "Pencari kerja"
    participants[0].save()

    registrations = register_batch(event=event, participants=participants, actor=facilitator)

    first = next(r for r in registrations if r.nik == participants[0].nik)
    assert first.address == "Jl. Daan Mogot No. 12"
    assert (first.city_id, first.province_id) == ("36.71", "36")
    assert (first.education, first.occupation) == ("SMA", "Pencari kerja")
    assert {r.institution for r in registrations} == {"BLK Kota Tangerang"}


def test_the_portal_form_asks_for_the_address_region_and_education(
    client_for, event, applicant, applicant_fields, uploads
):
    data = {
        **applicant_fields,
        "birth_date": applicant_fields["birth_date"].isoformat(),
        "address": "",
        "city": "",
        "province": "",
        "education": "",
        **uploads(),
    }

    response = client_for(applicant).post(reverse("scheduling:candidate_apply", args=[event.public_id]), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Alamat tempat tinggal wajib diisi (data BNSP)." in body
    assert "Pilih kabupaten/kota tempat tinggal." in body
    assert "Pilih provinsi tempat tinggal." in body
    assert "Pilih pendidikan terakhir." in body
    assert not Registration.objects.exists()


def test_the_portal_form_saves_the_bnsp_data(client_for, event, applicant, applicant_fields, uploads):
    data = {**applicant_fields, "birth_date": applicant_fields["birth_date"].isoformat(), **uploads()}

    response = client_for(applicant).post(reverse("scheduling:candidate_apply", args=[event.public_id]), data)

    registration = Registration.objects.get(event=event, candidate=applicant)
    assert response.status_code == 302
    assert (registration.address, registration.city_id, registration.province_id) == (
        "Jl. Merdeka No. 5, Cikokol",
        "36.71",
        "36",
    )
    assert registration.education == "SMA"


def test_a_city_outside_the_province_is_refused_and_nothing_is_registered(
    event, applicant, applicant_fields, uploads
):
    with pytest.raises(ValidationError) as refused:
        self_register(
            event=event,
            candidate=applicant,
            fields={**applicant_fields, "province": "31"},
            documents=uploads(),
        )

    assert "tidak berada di provinsi" in refused.value.message_dict["city"][0]
    assert not Registration.objects.exists()


def test_an_api_client_that_sends_no_bnsp_data_still_registers(event, applicant, applicant_fields, uploads):
    identity = {
        key: value
        for key, value in applicant_fields.items()
        if key in {"nik", "full_name", "birth_place", "birth_date", "sex", "phone", "email"}
    }

    registration = self_register(event=event, candidate=applicant, fields=identity, documents=uploads())

    assert registration.address == "" and registration.city_id is None


def test_the_lsp_completes_the_data_and_the_change_is_audited(event, participants, facilitator, administrasi):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)

    with pytest.raises(ValidationError) as refused:
        update_bnsp_data(registration=registration, fields={"address": "Jl. Baru 1"}, actor=administrasi)
    update_bnsp_data(
        registration=registration,
        fields={
            "address": "Jl. Baru 1",
            "province": "3671"[:2],
            "city": "3671",
            "education": "s1",
            "occupation": "Karyawan swasta",
            "institution": "PT Maju",
        },
        actor=administrasi,
    )

    assert set(refused.value.message_dict) == {"city", "province", "education"}
    registration.refresh_from_db()
    assert (registration.address, registration.city_id, registration.education) == (
        "Jl. Baru 1",
        "36.71",
        "S1",
    )
    event_row = AuditEvent.objects.filter(event_type="registration.bnsp_data_updated").get()
    assert event_row.data["changes"]["institution"] == ["BLK Kota Tangerang", "PT Maju"]


def test_the_registration_detail_shows_the_bnsp_data(
    client_for, event, participants, facilitator, administrasi
):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)

    body = (
        client_for(administrasi)
        .get(reverse("scheduling:registration_detail", args=[registration.public_id]))
        .content.decode()
    )

    assert "Jl. Daan Mogot No. 12" in body
    assert "36.71" in body and "BLK Kota Tangerang" in body
