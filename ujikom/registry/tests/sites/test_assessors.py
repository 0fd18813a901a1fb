"""Assessor services, competence on a date with the reasons for a refusal, and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ujikom.core.models import AuditEvent, RoleAssignment, User
from ujikom.registry.models import Assessor
from ujikom.registry.selectors_sites import assessor_status, competent_assessors
from ujikom.registry.services_sites import register_assessor, update_assessor

pytestmark = pytest.mark.django_db


def _registration(today, **overrides):
    fields = {
        "registration_number": "MET.000.002286.2018",
        "registration_expires_on": today + dt.timedelta(days=400),
        "appointment_number": "KEP.012/LSP-STMI/I/2026",
        "appointment_starts_on": today - dt.timedelta(days=10),
        "appointment_ends_on": today + dt.timedelta(days=700),
    }
    fields.update(overrides)
    return fields


def test_an_existing_person_is_registered_and_given_the_assessor_role(
    lsp, lsp_admin, make_user, scheme, today
):
    person = make_user("rizky", full_name="Muhammad Rizky Ramadhan")

    assessor = register_assessor(
        actor=lsp_admin, lsp=lsp, person=person, schemes=[scheme], **_registration(today)
    )

    assert list(assessor.schemes.all()) == [scheme]
    assert (
        RoleAssignment.objects.active().filter(user=person, organization=lsp, role__key="assessor").exists()
    )
    assert AuditEvent.objects.filter(event_type="assessor.registered", actor=lsp_admin).exists()


def test_a_person_holding_the_role_keeps_their_single_assignment(lsp, lsp_admin, make_user, today):
    person = make_user("rizky", roles=[(lsp, "assessor")])

    register_assessor(actor=lsp_admin, lsp=lsp, person=person, **_registration(today))

    assert RoleAssignment.objects.filter(user=person, role__key="assessor").count() == 1


def test_a_new_person_is_created_with_the_registration(lsp, lsp_admin, today):
    assessor = register_assessor(
        actor=lsp_admin,
        lsp=lsp,
        new_person={"username": "siti.r", "full_name": "Siti Rahmawati", "email": "siti@example.id"},
        **_registration(today),
    )

    assert assessor.user.full_name == "Siti Rahmawati"
    assert RoleAssignment.objects.filter(user=assessor.user, organization=lsp, role__key="assessor").exists()


def test_bad_input_is_reported_per_field_and_nothing_is_saved(lsp, lsp_admin, foreign_scheme, today):
    with pytest.raises(ValidationError) as error:
        register_assessor(
            actor=lsp_admin,
            lsp=lsp,
            new_person={"username": "baru", "full_name": "Orang Baru"},
            schemes=[foreign_scheme],
            **_registration(
                today,
                registration_number="MET-2286",
                appointment_ends_on=today - dt.timedelta(days=20),
            ),
        )

    messages = error.value.message_dict
    assert "MET.000.002286.2018" in messages["registration_number"][0]
    assert "SKM-X" in messages["schemes"][0]
    assert "sebelum tanggal mulainya" in messages["appointment_ends_on"][0]
    assert not User.objects.filter(username="baru").exists()
    assert not Assessor.objects.exists()


def test_a_registration_number_is_registered_once(lsp, lsp_admin, make_assessor, make_user, today):
    make_assessor(registration_number="MET.000.002286.2018")

    with pytest.raises(ValidationError) as error:
        register_assessor(actor=lsp_admin, lsp=lsp, person=make_user("lain"), **_registration(today))
    assert "sudah terdaftar" in error.value.message_dict["registration_number"][0]


def test_only_an_lsp_registers_assessors(disnaker, disnaker_admin, make_user, today):
    with pytest.raises(ValidationError) as error:
        register_assessor(actor=disnaker_admin, lsp=disnaker, person=make_user("x"), **_registration(today))
    assert "bukan LSP" in error.value.message_dict["lsp"][0]


def test_competent_assessors_leave_out_every_kind_of_invalid_one(
    make_assessor, scheme, other_scheme, make_user, today
):
    valid = make_assessor(schemes=(scheme,))
    make_assessor(schemes=(scheme,), registration_expires_on=today - dt.timedelta(days=1))
    make_assessor(schemes=(scheme,), appointment_ends_on=today - dt.timedelta(days=1))
    make_assessor(schemes=(scheme,), appointment_starts_on=today + dt.timedelta(days=1))
    make_assessor(schemes=(other_scheme,))
    make_assessor(schemes=(scheme,), is_active=False)
    make_assessor(schemes=(scheme,), person=make_user("nonaktif", is_active=False))

    assert list(competent_assessors(scheme, on=today)) == [valid]


def test_competence_is_judged_on_the_test_date(make_assessor, scheme):
    assessor = make_assessor(
        schemes=(scheme,),
        registration_expires_on=dt.date(2026, 3, 3),
        appointment_starts_on=dt.date(2025, 1, 2),
        appointment_ends_on=None,
    )

    assert list(competent_assessors(scheme, on=dt.date(2026, 3, 3))) == [assessor]
    assert list(competent_assessors(scheme, on=dt.date(2026, 3, 4))) == []


def test_the_status_names_why_an_assessor_is_refused(make_assessor):
    assessor = make_assessor(
        registration_expires_on=dt.date(2026, 3, 3),
        appointment_starts_on=dt.date(2025, 1, 1),
        appointment_ends_on=dt.date(2026, 2, 28),
    )

    status = assessor_status(assessor, on=dt.date(2026, 3, 10))

    assert not status.ok
    assert status.reasons == [
        "registrasi kedaluwarsa 3 Maret 2026",
        "SK penetapan LSP berakhir 28 Februari 2026",
    ]


def test_the_status_warns_of_a_registration_ending_soon(make_assessor, today):
    status = assessor_status(make_assessor(registration_expires_on=today + dt.timedelta(days=30)), on=today)
    assert status.ok and "registrasi akan habis" in status.warnings[0]


def test_an_update_changes_the_schemes_and_is_audited(lsp_admin, make_assessor, scheme, other_scheme):
    assessor = make_assessor(schemes=(scheme,))

    update_assessor(assessor=assessor, actor=lsp_admin, schemes=[scheme, other_scheme], is_active=False)

    assert set(assessor.schemes.all()) == {scheme, other_scheme}
    event = AuditEvent.objects.get(event_type="assessor.updated")
    assert event.data["changes"]["schemes"][1] == ["SKM-LAS-02", "SKM-PROG-01"]


# ---- Pages --------------------------------------------------------------------------------------


def test_the_list_searches_filters_and_pins_its_queries(
    client_for,
    lsp_admin,
    make_assessor,
    make_user,
    scheme,
    other_scheme,
    today,
    django_assert_max_num_queries,
):
    make_assessor(person=make_user("rizky", full_name="Muhammad Rizky"), schemes=(scheme,))
    make_assessor(
        person=make_user("budi", full_name="Budi Hartono"),
        schemes=(other_scheme,),
        registration_expires_on=today + dt.timedelta(days=20),
    )
    for _number in range(6):
        make_assessor(schemes=(scheme, other_scheme))
    client = client_for(lsp_admin)
    url = reverse("registry:assessor_list")

    with django_assert_max_num_queries(11):
        page = client.get(url).content.decode()
    assert "Muhammad Rizky" in page and "Budi Hartono" in page

    assert "Budi Hartono" not in client.get(url, {"q": "rizky"}).content.decode()
    assert "Muhammad Rizky" not in client.get(url, {"scheme": other_scheme.pk}).content.decode()
    expiring = client.get(url, {"expiring": "on"}).content.decode()
    assert "Budi Hartono" in expiring and "Muhammad Rizky" not in expiring


def test_an_expired_assessor_shows_the_reason_in_the_list(client_for, lsp_admin, make_assessor):
    make_assessor(registration_expires_on=dt.date(2020, 3, 3))
    page = client_for(lsp_admin).get(reverse("registry:assessor_list")).content.decode()
    assert "registrasi kedaluwarsa 3 Maret 2020" in page


def test_the_detail_is_seen_where_the_assessor_works_but_changed_by_the_lsp_only(
    client_for, disnaker, disnaker_admin, company_admin, make_assessor, make_user
):
    assessor = make_assessor(person=make_user("rizky", roles=[(disnaker, "assessor")]))
    detail = reverse("registry:assessor_detail", args=[assessor.public_id])
    edit = reverse("registry:assessor_edit", args=[assessor.public_id])

    assert client_for(disnaker_admin).get(detail).status_code == 200
    assert client_for(disnaker_admin).get(edit).status_code == 403
    assert client_for(company_admin).get(detail).status_code == 404
    assert client_for(company_admin).get(edit).status_code == 404


def test_registering_through_the_form_with_scheme_checkboxes(
    client_for, lsp_admin, lsp, make_user, scheme, other_scheme
):
    person = make_user("rizky", full_name="Muhammad Rizky")
    client = client_for(lsp_admin)
    form_page = client.get(reverse("registry:assessor_create")).content.decode()
    assert 'type="checkbox" name="schemes"' in form_page

    response = client.post(
        reverse("registry:assessor_create"),
        {
            "person": "rizky@example.id",
            "registration_number": "MET.000.002286.2018",
            "registration_expires_on": "2030-01-01",
            "appointment_number": "KEP.01",
            "appointment_starts_on": "2026-01-02",
            "schemes": [scheme.pk],
        },
    )

    assert response.status_code == 302
    assessor = Assessor.objects.get(user=person)
    assert list(assessor.schemes.all()) == [scheme] and assessor.lsp == lsp


def test_a_new_person_without_a_name_is_asked_for_one(client_for, lsp_admin):
    response = client_for(lsp_admin).post(
        reverse("registry:assessor_create"),
        {"registration_number": "MET.000.002286.2018", "registration_expires_on": "2030-01-01"},
    )
    assert response.status_code == 200
    assert "Isi nama orang baru" in response.content.decode()
    assert not Assessor.objects.exists()


def test_a_non_lsp_cannot_register_assessors(client_for, disnaker_admin):
    assert client_for(disnaker_admin).get(reverse("registry:assessor_create")).status_code == 403


def test_an_assessor_sees_their_own_record_linked_from_the_profile(client_for, make_assessor, make_user):
    person = make_user("rizky", full_name="Muhammad Rizky")
    assessor = make_assessor(person=person, registration_expires_on=dt.date(2020, 3, 3))
    client = client_for(person)

    profile = client.get(reverse("core:profile")).content.decode()
    assert reverse("registry:my_assessor_records") in profile
    mine = client.get(reverse("registry:my_assessor_records")).content.decode()
    assert assessor.registration_number in mine and "registrasi kedaluwarsa 3 Maret 2020" in mine
    assert client.get(reverse("registry:assessor_detail", args=[assessor.public_id])).status_code == 200


def test_a_person_without_records_sees_no_link(client_for, make_user):
    profile = client_for(make_user("biasa")).get(reverse("core:profile")).content.decode()
    assert reverse("registry:my_assessor_records") not in profile


def test_the_edit_form_shows_the_schemes_ticked_and_saves_them(
    client_for, lsp_admin, make_assessor, scheme, other_scheme
):
    assessor = make_assessor(schemes=(scheme,))
    url = reverse("registry:assessor_edit", args=[assessor.public_id])
    client = client_for(lsp_admin)

    page = client.get(url).content.decode()
    assert page.count("checked") == 2  # the ticked scheme and "aktif"

    response = client.post(
        url,
        {
            "registration_number": assessor.registration_number,
            "registration_expires_on": "2031-05-01",
            "appointment_number": assessor.appointment_number,
            "appointment_starts_on": assessor.appointment_starts_on.isoformat(),
            "schemes": [other_scheme.pk],
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assessor.refresh_from_db()
    assert assessor.registration_expires_on == dt.date(2031, 5, 1)
    assert list(assessor.schemes.all()) == [other_scheme]
