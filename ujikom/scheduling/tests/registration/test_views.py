"""Registration pages: who may see and do what, the batch page's row report, the portal showing only
one's own registrations, the card attached to the STMI run's registration step, pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ujikom.registry.models import Participant
from ujikom.registry.nik import nik_for
from ujikom.scheduling.models import Registration
from ujikom.scheduling.services_registration import register_batch, return_registration, self_register
from ujikom.scheduling.sop_binding import start_event_runs
from ujikom.sop.definition import Activity, Actor, Approver, SopDefinition, Step
from ujikom.sop.library import approve_version, import_definition
from ujikom.sop.models import TaskOutput

pytestmark = pytest.mark.django_db


def list_url(event) -> str:
    return reverse("scheduling:registration_list", args=[event.public_id])


# --- who may see ------------------------------------------------------------------------------


def test_facilitator_and_lsp_staff_see_the_registration_list(client_for, event, facilitator, administrasi):
    for user in (facilitator, administrasi):
        assert client_for(user).get(list_url(event)).status_code == 200


def test_member_without_the_role_gets_403_and_another_organization_404(client_for, event, no_role, outsider):
    assert client_for(no_role).get(list_url(event)).status_code == 403
    assert client_for(outsider).get(list_url(event)).status_code == 404


def test_detail_of_a_registration_is_refused_to_outsiders(
    client_for, event, participants, facilitator, outsider, no_role
):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)
    url = reverse("scheduling:registration_detail", args=[registration.public_id])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(no_role).get(url).status_code == 403
    assert client_for(outsider).post(url, {"decision": "accept"}).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED


def test_list_filters_by_status_and_searches(client_for, event, participants, facilitator, administrasi):
    registrations = register_batch(event=event, participants=participants, actor=facilitator)
    return_registration(registration=registrations[0], reason="Ijazah belum ada", actor=administrasi)
    client = client_for(administrasi)

    returned = client.get(list_url(event), {"status": "returned"}).content.decode()
    searched = client.get(list_url(event), {"q": "siti"}).content.decode()

    assert "Ahmad Fauzi" in returned and "Siti Rahmawati" not in returned
    assert "Siti Rahmawati" in searched and "Ahmad Fauzi" not in searched


def test_list_query_count_does_not_grow_with_rows(
    client_for, event, program, regions, facilitator, administrasi, django_assert_max_num_queries
):
    client = client_for(administrasi)
    register_batch(event=event, participants=list(program.participants.all()), actor=facilitator)
    with django_assert_max_num_queries(12) as few:
        client.get(list_url(event))
    for serial in range(10, 25):
        birth = dt.date(1995, 1, serial)
        Participant.objects.create(
            program=program,
            nik=nik_for(region_code="367102", birth_date=birth, sex="L", serial=serial),
            full_name=f"Peserta {serial}",
            birth_place="Tangerang",
            birth_date=birth,
            sex="L",
            address="Jl. Merdeka",
            city=regions["36.71"],
            province=regions["36"],
        )
    register_batch(
        event=event,
        participants=list(program.participants.filter(full_name__startswith="Peserta")),
        actor=facilitator,
    )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(list_url(event))
    assert response.content.decode().count('data-testid="registration-row"') == 18


# --- batch page --------------------------------------------------------------------------------


def test_facilitator_registers_the_whole_batch_from_the_page(client_for, event, program, facilitator):
    url = reverse("scheduling:registration_batch", args=[event.public_id])
    client = client_for(facilitator)

    page = client.get(url, {"program": program.public_id})
    response = client.post(url, {"program": program.public_id, "everyone": "on"})

    assert "Ahmad Fauzi" in page.content.decode()
    assert response.status_code == 302
    assert Registration.objects.filter(event=event, status="submitted").count() == 3


def test_batch_page_reports_each_refused_row_and_registers_nobody(
    client_for, event, participants, facilitator
):
    register_batch(event=event, participants=participants[2:], actor=facilitator)
    url = reverse("scheduling:registration_batch", args=[event.public_id])

    response = client_for(facilitator).post(
        url,
        {
            "program": participants[0].program.public_id,
            "participants": [str(p.public_id) for p in participants],
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="batch-problems"' in body and "Siti Rahmawati" in body
    assert Registration.objects.filter(event=event).count() == 1


def test_batch_page_needs_the_register_permission(client_for, event, no_role, outsider):
    url = reverse("scheduling:registration_batch", args=[event.public_id])
    assert client_for(no_role).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404


# --- review and the SOP run --------------------------------------------------------------------


@pytest.fixture
def stmi_in_force(lsp, system_admin):
    """A one-step LSP SOP with the STMI code whose step is bound to the registration screen."""
    definition = SopDefinition(
        code="1.3.3/BPSDMI/STMI/SOP/VI/2020",
        name="Uji Kompetensi dan Sertifikasi Kompetensi",
        organization="Politeknik STMI Jakarta",
        created=dt.date(2020, 6, 11),
        effective=dt.date(2020, 6, 11),
        approved_by=Approver(title="Direktur", name="Mustofa", nip="197009242003121001"),
        actors=(Actor("kabid_adm", "Kabid Administrasi"),),
        steps=(
            Step(
                3,
                (Activity("kabid_adm", "Menerima pendaftaran uji kompetensi"),),
                ("SK Jadwal uji kompetensi",),
                "1 minggu",
                ("Kartu peserta uji kompetensi",),
                action="scheduling.registration",
            ),
        ),
    )
    version = import_definition(organization=lsp, definition=definition, actor=system_admin)
    return approve_version(version=version, actor=system_admin)


def test_accepting_attaches_the_numbered_card_to_the_registration_step(
    client_for, event, participants, facilitator, administrasi, stmi_in_force
):
    start_event_runs(event=event, actor=administrasi)
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)
    url = reverse("scheduling:registration_detail", args=[registration.public_id])

    response = client_for(administrasi).post(url, {"decision": "accept"})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.card_number.startswith("KP/TUK-DISNAKER/")
    output = TaskOutput.objects.get(file=registration.card)
    assert output.task.step_run.step.action == "scheduling.registration"
    card = client_for(administrasi).get(
        reverse("scheduling:registration_file", args=[registration.public_id, "kartu"])
    )
    assert card["Content-Type"] == "application/pdf"
    assert b"".join(card.streaming_content).startswith(b"%PDF")


def test_returning_without_a_reason_shows_the_error_and_changes_nothing(
    client_for, event, participants, facilitator, administrasi
):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)
    url = reverse("scheduling:registration_detail", args=[registration.public_id])

    response = client_for(administrasi).post(url, {"decision": "return", "reason": ""})

    assert response.status_code == 200
    assert "Tuliskan alasannya" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED


# --- candidate portal --------------------------------------------------------------------------


def test_portal_lists_open_events_and_only_my_registrations(
    client_for, event, participants, facilitator, applicant
):
    register_batch(event=event, participants=participants, actor=facilitator)

    body = client_for(applicant).get(reverse("scheduling:candidate_portal")).content.decode()

    assert 'data-testid="open-event"' in body
    assert 'data-testid="my-registration"' not in body


def test_candidate_cannot_open_someone_elses_registration(
    client_for, event, participants, facilitator, applicant
):
    [registration] = register_batch(event=event, participants=participants[:1], actor=facilitator)

    for name in ("candidate_registration", "candidate_correct", "candidate_self_assessment"):
        assert (
            client_for(applicant)
            .get(reverse(f"scheduling:{name}", args=[registration.public_id]))
            .status_code
            == 404
        )
    assert (
        client_for(applicant)
        .get(reverse("scheduling:registration_file", args=[registration.public_id, "ktp"]))
        .status_code
        == 404
    )


def test_candidate_applies_through_the_portal(client_for, event, applicant, applicant_fields, uploads):
    data = {**applicant_fields, "birth_date": applicant_fields["birth_date"].isoformat(), **uploads()}

    response = client_for(applicant).post(reverse("scheduling:candidate_apply", args=[event.public_id]), data)

    registration = Registration.objects.get(event=event, candidate=applicant)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "scheduling:candidate_self_assessment", args=[registration.public_id]
    )
    mine = client_for(applicant).get(reverse("scheduling:candidate_portal")).content.decode()
    assert 'data-testid="my-registration"' in mine


def test_a_bad_upload_in_the_portal_is_shown_at_its_field(
    client_for, event, applicant, applicant_fields, uploads
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("ijazah.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    data = {
        **applicant_fields,
        "birth_date": applicant_fields["birth_date"].isoformat(),
        **uploads(diploma=bad),
    }

    response = client_for(applicant).post(reverse("scheduling:candidate_apply", args=[event.public_id]), data)

    assert response.status_code == 200
    assert "jenis berkas tidak diizinkan" in response.content.decode()
    assert not Registration.objects.exists()


def test_candidate_corrects_a_returned_application(
    client_for, event, applicant, applicant_fields, uploads, administrasi
):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )
    return_registration(registration=registration, reason="Tempat lahir salah", actor=administrasi)
    client = client_for(applicant)
    url = reverse("scheduling:candidate_correct", args=[registration.public_id])

    page = client.get(url)
    response = client.post(
        url,
        {
            **applicant_fields,
            "birth_date": applicant_fields["birth_date"].isoformat(),
            "birth_place": "Serang",
        },
    )

    assert "Tempat lahir salah" in page.content.decode()
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.birth_place) == ("submitted", "Serang")


def test_candidate_fills_the_self_assessment(client_for, event, applicant, applicant_fields, uploads, scheme):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )
    first, second = scheme.units.order_by("position")

    response = client_for(applicant).post(
        reverse("scheduling:candidate_self_assessment", args=[registration.public_id]),
        {f"unit_{first.pk}": "K", f"evidence_{first.pk}": "Sertifikat BLK", f"unit_{second.pk}": "BK"},
    )

    assert response.status_code == 302
    assert registration.self_assessments.filter(competent=True).count() == 1


def test_detail_shows_the_application_its_uploads_and_the_flag(
    client_for, event, applicant, applicant_fields, uploads, administrasi
):
    registration = self_register(
        event=event, candidate=applicant, fields=applicant_fields, documents=uploads()
    )
    Registration.objects.filter(pk=registration.pk).update(already_certified=True)

    body = (
        client_for(administrasi)
        .get(reverse("scheduling:registration_detail", args=[registration.public_id]))
        .content.decode()
    )
    mine = (
        client_for(applicant)
        .get(reverse("scheduling:candidate_registration", args=[registration.public_id]))
        .content.decode()
    )

    assert "Ijazah terakhir" in body and "Pernah mengikuti uji skema ini" in body
    assert "Mengoperasikan komputer" in body
    assert "Ijazah terakhir" in mine and "Pernah mengikuti" not in mine
