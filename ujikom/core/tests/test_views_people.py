"""People and role assignment pages: create with a first role, edit, assign, end; who may see whom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import AuditEvent, Role, RoleAssignment, User
from ujikom.core.services import assign_role, create_member, create_unit

pytestmark = pytest.mark.django_db

NIK = "3671012345670001"


@pytest.fixture
def seksi(disnaker, system_admin):
    return create_unit(organization=disnaker, actor=system_admin, name="Seksi Sertifikasi")


def person_data(**overrides: str) -> dict[str, str]:
    data = {
        "username": "tekops",
        "full_name": "Agus Firmansyah, S.T.",
        "email": "agus@example.id",
        "phone": "081210000006",
        "nik": NIK,
        "nip": "",
        "title": "Staf Teknis Operasional",
        "language": "id",
        "is_active": "on",
        "peran-role": str(Role.objects.get(key="technical_ops").pk),
        "peran-capacity": "definitive",
        "peran-starts_on": "2026-01-02",
    }
    data.update(overrides)
    return data


def test_org_admin_creates_a_person_with_a_role_and_emails_the_password_link(
    client_for, org_admin, disnaker, seksi
):
    response = client_for(org_admin).post(
        reverse("core:person_create"),
        person_data(**{"peran-unit": str(seksi.pk), "send_link": "on"}),
        follow=True,
    )

    person = User.objects.get(username="tekops")
    assert response.redirect_chain[-1][0] == reverse("core:person_detail", args=[person.public_id])
    assert not person.has_usable_password()
    assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.organization, assignment.role.key, assignment.unit) == (
        disnaker,
        "technical_ops",
        seksi,
    )
    page = response.content.decode()
    assert "Agus Firmansyah, S.T. didaftarkan sebagai Bidang Teknis Operasional." in page
    assert "Tautan untuk mengatur kata sandi dikirim ke agus@example.id." in page
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["agus@example.id"]
    assert "Nama pengguna Anda: tekops" in message.body and "/akun/kata-sandi/atur/" in message.body
    events = AuditEvent.objects.filter(organization=disnaker, actor=org_admin).values_list(
        "event_type", flat=True
    )
    assert list(events.order_by("sequence")) == [
        "person.created",
        "role_assignment.created",
        "person.password_link_sent",
    ]


def test_the_emailed_link_lets_the_new_person_set_a_password(client, client_for, org_admin):
    client_for(org_admin).post(reverse("core:person_create"), person_data(send_link="on"))
    link = next(line for line in mail.outbox[0].body.splitlines() if "/akun/kata-sandi/atur/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    response = client.get("/" + path, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Sandi-Baru-Yang-Kuat-42", "new_password2": "Sandi-Baru-Yang-Kuat-42"},
    )

    assert response.status_code == 302
    assert User.objects.get(username="tekops").check_password("Sandi-Baru-Yang-Kuat-42")


def test_bad_nik_is_refused_in_indonesian_and_nothing_is_saved(client_for, org_admin):
    response = client_for(org_admin).post(reverse("core:person_create"), person_data(nik="36710123"))

    assert response.status_code == 200
    assert "NIK harus 16 digit angka." in response.content.decode()
    assert not User.objects.filter(username="tekops").exists()
    assert not AuditEvent.objects.filter(event_type="person.created").exists()


def test_role_not_valid_for_the_organization_kind_is_refused(client_for, org_admin):
    lsp_only = Role.objects.get(key="lsp_chair")

    response = client_for(org_admin).post(
        reverse("core:person_create"), person_data(**{"peran-role": str(lsp_only.pk)})
    )

    assert "Peran yang dipilih tidak dapat diberikan di organisasi ini." in response.content.decode()
    assert not User.objects.filter(username="tekops").exists()


def test_create_member_saves_no_person_when_the_role_is_refused(disnaker, org_admin):
    with pytest.raises(ValidationError) as error:
        create_member(
            actor=org_admin,
            organization=disnaker,
            role=Role.objects.get(key="lsp_chair"),
            username="tekops",
            full_name="Agus Firmansyah",
            email="agus@example.id",
        )

    assert "role" in error.value.error_dict
    assert not User.objects.filter(username="tekops").exists()
    assert not AuditEvent.objects.filter(event_type="person.created").exists()


def test_person_and_role_errors_show_together(client_for, org_admin, candidate):
    response = client_for(org_admin).post(
        reverse("core:person_create"),
        person_data(
            email=candidate.email.upper(), **{"peran-starts_on": "2026-03-01", "peran-ends_on": "2026-02-01"}
        ),
    )

    page = response.content.decode()
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in page
    assert not User.objects.filter(username="tekops").exists()


def test_duplicate_email_is_refused_by_the_service_in_indonesian(client_for, org_admin, candidate):
    response = client_for(org_admin).post(
        reverse("core:person_create"), person_data(email=candidate.email.upper())
    )

    assert "Email ini sudah dipakai pengguna lain." in response.content.decode()
    assert not User.objects.filter(username="tekops").exists()
    assert not RoleAssignment.objects.filter(role__key="technical_ops").exists()


def test_sending_the_link_needs_an_email(client_for, org_admin):
    response = client_for(org_admin).post(
        reverse("core:person_create"), person_data(email="", send_link="on")
    )

    assert "Isi email bila tautan untuk mengatur kata sandi akan dikirim." in response.content.decode()
    assert not User.objects.filter(username="tekops").exists()


def test_unit_of_another_organization_in_a_crafted_post_is_refused(
    client_for, org_admin, candidate, lsp, system_admin
):
    foreign_unit = create_unit(organization=lsp, actor=system_admin, name="Bidang Sertifikasi")

    response = client_for(org_admin).post(
        reverse("core:assignment_create", args=[candidate.public_id]),
        {
            "role": Role.objects.get(key="admin_staff").pk,
            "unit": foreign_unit.pk,
            "capacity": "definitive",
            "starts_on": "2026-01-05",
        },
    )

    assert response.status_code == 200
    assert "Unit kerja yang dipilih tidak ada di organisasi ini." in response.content.decode()
    assert not RoleAssignment.objects.filter(user=candidate, role__key="admin_staff").exists()


def test_org_admin_gives_an_existing_member_another_role(client_for, org_admin, candidate, disnaker, seksi):
    response = client_for(org_admin).post(
        reverse("core:assignment_create", args=[candidate.public_id]),
        {
            "role": Role.objects.get(key="admin_staff").pk,
            "unit": seksi.pk,
            "capacity": "plt",
            "starts_on": "2026-01-05",
            "decree_number": "800/12-Disnaker/2026",
        },
    )

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=candidate, role__key="admin_staff")
    assert (assignment.capacity, assignment.unit, assignment.decree_number) == (
        "plt",
        seksi,
        "800/12-Disnaker/2026",
    )
    assert AuditEvent.objects.filter(
        event_type="role_assignment.created", subject_id=str(assignment.pk)
    ).exists()


def test_admin_cannot_grant_a_role_with_more_permissions_than_they_hold(
    client_for, make_user, disnaker, candidate
):
    people_manager = Role.objects.create(key="hr", name="Kepegawaian", permissions=["core.manage_people"])
    hr = make_user("hr", roles=[(disnaker, "hr")])

    response = client_for(hr).post(
        reverse("core:assignment_create", args=[candidate.public_id]),
        {"role": Role.objects.get(key="org_admin").pk, "capacity": "definitive", "starts_on": "2026-01-05"},
    )

    assert "Peran yang dipilih tidak dapat diberikan di organisasi ini." in response.content.decode()
    assert not RoleAssignment.objects.filter(user=candidate, role__key="org_admin").exists()
    assert people_manager.pk


def test_org_admin_ends_an_assignment_and_the_history_keeps_it(client_for, org_admin, candidate):
    assignment = RoleAssignment.objects.get(user=candidate)
    client = client_for(org_admin)
    url = reverse("core:assignment_end", args=[assignment.pk])

    confirm = client.get(url)
    assert "Ya, akhiri peran ini" in confirm.content.decode()
    response = client.post(url, {"ends_on": timezone.localdate().isoformat()}, follow=True)

    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate()
    page = response.content.decode()
    assert "Peran Calon Peserta Uji Kompetensi Putri Peserta diakhiri." in page
    assert page.count('data-testid="assignment-row"') == 1
    assert (
        AuditEvent.objects.get(event_type="role_assignment.ended").data["ends_on"]
        == timezone.localdate().isoformat()
    )


def test_ending_before_the_start_is_refused(client_for, org_admin, candidate):
    assignment = RoleAssignment.objects.get(user=candidate)

    response = client_for(org_admin).post(
        reverse("core:assignment_end", args=[assignment.pk]),
        {"ends_on": (assignment.starts_on - dt.timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 200
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.ends_on is None
    assert not AuditEvent.objects.filter(event_type="role_assignment.ended").exists()


def test_an_ended_assignment_cannot_be_revived_by_ending_it_later(client_for, org_admin, candidate):
    assignment = RoleAssignment.objects.get(user=candidate)
    ended_on = assignment.starts_on
    RoleAssignment.objects.filter(pk=assignment.pk).update(ends_on=ended_on)

    response = client_for(org_admin).post(
        reverse("core:assignment_end", args=[assignment.pk]),
        {"ends_on": (ended_on + dt.timedelta(days=30)).isoformat()},
    )

    assert "sudah berakhir pada" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.ends_on == ended_on


def test_stranger_gets_404_on_this_organizations_people(client_for, stranger, candidate):
    client = client_for(stranger)
    assignment = RoleAssignment.objects.get(user=candidate)

    assert client.get(reverse("core:person_detail", args=[candidate.public_id])).status_code == 404
    assert client.get(reverse("core:person_edit", args=[candidate.public_id])).status_code == 404
    assert client.get(reverse("core:assignment_create", args=[candidate.public_id])).status_code == 404
    response = client.post(reverse("core:assignment_end", args=[assignment.pk]), {"ends_on": "2026-06-01"})
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.ends_on is None


def test_member_without_manage_people_gets_403(client_for, official, candidate):
    client = client_for(official)
    assignment = RoleAssignment.objects.get(user=candidate)

    assert client.get(reverse("core:people_list")).status_code == 403
    assert client.get(reverse("core:person_create")).status_code == 403
    assert client.get(reverse("core:person_detail", args=[candidate.public_id])).status_code == 403
    assert (
        client.post(reverse("core:person_edit", args=[candidate.public_id]), {"full_name": "X"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("core:assignment_end", args=[assignment.pk]), {"ends_on": "2026-06-01"}
        ).status_code
        == 403
    )
    candidate.refresh_from_db()
    assert candidate.full_name == "Putri Peserta"


def test_admin_sees_only_their_organizations_assignments_of_a_shared_person(
    client_for, org_admin, stranger, candidate, lsp, system_admin
):
    elsewhere = assign_role(
        actor=system_admin, user=candidate, role=Role.objects.get(key="candidate"), organization=lsp
    )

    disnaker_page = (
        client_for(org_admin).get(reverse("core:person_detail", args=[candidate.public_id])).content.decode()
    )
    lsp_page = (
        client_for(stranger).get(reverse("core:person_detail", args=[candidate.public_id])).content.decode()
    )

    assert disnaker_page.count('data-testid="assignment-row"') == 1 and "LSP Politeknik" not in disnaker_page
    assert lsp_page.count('data-testid="assignment-row"') == 1 and "Dinas Ketenagakerjaan" not in lsp_page
    # and cannot end the other organization's assignment
    response = client_for(org_admin).post(
        reverse("core:assignment_end", args=[elsewhere.pk]), {"ends_on": "2026-06-01"}
    )
    assert response.status_code == 404


def test_account_fields_of_someone_serving_elsewhere_are_locked(
    client_for, org_admin, candidate, lsp, system_admin
):
    assign_role(actor=system_admin, user=candidate, role=Role.objects.get(key="org_admin"), organization=lsp)

    response = client_for(org_admin).post(
        reverse("core:person_edit", args=[candidate.public_id]),
        {
            "username": "diambil",
            "full_name": "Putri Ayu Lestari",
            "email": "penyerang@example.id",
            "language": "id",
        },
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.full_name == "Putri Ayu Lestari"
    assert (candidate.username, candidate.email, candidate.is_active) == (
        "peserta",
        "peserta@example.id",
        True,
    )


def test_org_admin_edits_a_person_of_their_own(client_for, org_admin, candidate):
    response = client_for(org_admin).post(
        reverse("core:person_edit", args=[candidate.public_id]),
        {
            "username": "putri",
            "full_name": "Putri Ayu Lestari",
            "email": "putri@example.id",
            "nik": NIK,
            "language": "id",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.username, candidate.email, candidate.nik) == ("putri", "putri@example.id", NIK)
    event = AuditEvent.objects.get(event_type="person.updated")
    assert event.data["changes"]["email"] == ["peserta@example.id", "putri@example.id"]


def test_people_list_shows_roles_with_plh_badge_and_pins_its_queries(
    client_for, org_admin, disnaker, make_user, system_admin, django_assert_max_num_queries, seksi
):
    for number in range(30):
        make_user(f"pegawai{number:02}", roles=[(disnaker, "admin_staff")], full_name=f"Pegawai {number:02}")
    kasi = make_user("sekdis", roles=[(disnaker, "sekdis")], full_name="Aaron Sekdis")
    today = timezone.localdate()
    assign_role(
        actor=system_admin,
        user=kasi,
        role=Role.objects.get(key="kadis"),
        organization=disnaker,
        unit=seksi,
        capacity="plh",
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
    )
    client = client_for(org_admin)

    with django_assert_max_num_queries(7):
        response = client.get(reverse("core:people_list"))

    page = response.content.decode()
    assert page.count('data-testid="person-row"') == 25
    plh_row = page[page.index("Aaron Sekdis") :].split("</tr>")[0]
    assert "Kepala Dinas (Kadis)" in plh_row and 'data-testid="badge-plh"' in plh_row
    assert "1–25 dari 32" in page


def test_people_list_searches_by_nik_and_name(client_for, org_admin, make_user, disnaker):
    make_user("budi", roles=[(disnaker, "admin_staff")], full_name="Budi Santoso", nik=NIK)
    make_user("citra", roles=[(disnaker, "admin_staff")], full_name="Citra Lestari")
    client = client_for(org_admin)

    by_nik = client.get(reverse("core:people_list"), {"q": NIK[:10]}).content.decode()
    by_name = client.get(reverse("core:people_list"), {"q": "citra"}, HTTP_HX_REQUEST="true").content.decode()

    assert "Budi Santoso" in by_nik and "Citra Lestari" not in by_nik
    assert "Citra Lestari" in by_name and "Budi Santoso" not in by_name and "<html" not in by_name


def test_people_list_leaves_out_ended_roles_unless_asked(client_for, org_admin, candidate):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RoleAssignment.objects.filter(user=candidate).update(
        starts_on=yesterday - dt.timedelta(days=30), ends_on=yesterday
    )
    client = client_for(org_admin)

    assert "Putri Peserta" not in client.get(reverse("core:people_list")).content.decode()
    assert "Putri Peserta" in client.get(reverse("core:people_list"), {"status": "all"}).content.decode()


def test_system_admin_picks_the_organization_of_the_people_list(
    client_for, system_admin, candidate, stranger, lsp
):
    response = client_for(system_admin).get(reverse("core:people_list"), {"organization": str(lsp.public_id)})

    page = response.content.decode()
    assert "Admin LSP" in page and "Putri Peserta" not in page


def test_system_admin_creates_a_person_in_a_chosen_organization(client_for, system_admin, lsp):
    response = client_for(system_admin).post(
        reverse("core:person_create") + f"?organization={lsp.public_id}",
        person_data(**{"peran-role": str(Role.objects.get(key="lsp_chair").pk)}),
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.get(user__username="tekops").organization == lsp


def test_admin_resends_the_password_link_but_not_for_someone_serving_elsewhere(
    client_for, org_admin, candidate, make_user, disnaker, lsp
):
    client = client_for(org_admin)

    response = client.post(reverse("core:person_send_link", args=[candidate.public_id]), follow=True)

    assert "Tautan untuk mengatur kata sandi dikirim ke peserta@example.id." in response.content.decode()
    assert mail.outbox[0].to == ["peserta@example.id"]
    assert AuditEvent.objects.get(event_type="person.password_link_sent").organization == disnaker

    shared = make_user("ganda", roles=[(disnaker, "candidate"), (lsp, "org_admin")])
    assert client.post(reverse("core:person_send_link", args=[shared.public_id])).status_code == 403
    assert len(mail.outbox) == 1
