"""The audit log page: an organization's events as its officials see them, and the chain check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import AuditEvent, Role, RoleAssignment, User
from ujikom.core.services import create_unit, update_organization

pytestmark = pytest.mark.django_db


def test_org_admin_work_shows_up_in_the_audit_log(client_for, org_admin, disnaker):
    client = client_for(org_admin)
    client.post(
        reverse("core:unit_create", args=[disnaker.public_id]),
        {"name": "Seksi Sertifikasi", "kind": "section"},
    )
    client.post(
        reverse("core:person_create"),
        {
            "username": "mutu",
            "full_name": "Yuliana Pratiwi",
            "email": "mutu@example.id",
            "language": "id",
            "is_active": "on",
            "peran-role": Role.objects.get(key="quality").pk,
            "peran-capacity": "definitive",
            "peran-starts_on": timezone.localdate().isoformat(),
        },
    )
    assignment = RoleAssignment.objects.get(user__username="mutu")
    client.post(
        reverse("core:assignment_end", args=[assignment.pk]), {"ends_on": timezone.localdate().isoformat()}
    )

    page = client.get(reverse("core:audit_log")).content.decode()

    for label in ["Unit kerja ditambahkan", "Pengguna didaftarkan", "Peran diberikan", "Peran diakhiri"]:
        assert label in page
    rows = page.split('data-testid="audit-row"')[1:]
    assert len(rows) == 4
    assert all("Dewi Admin Disnaker" in row for row in rows)
    newest = rows[0]
    assert "role_assignment.ended" in newest and "ends_on" in newest


def test_changes_are_shown_as_old_and_new_values(client_for, org_admin, disnaker, system_admin):
    update_organization(organization=disnaker, actor=system_admin, city="Kota Tangerang")

    page = client_for(org_admin).get(reverse("core:audit_log")).content.decode()

    assert "<del>—</del>" in page or "<del></del>" in page
    assert "<ins>Kota Tangerang</ins>" in page


def test_events_of_other_organizations_are_not_shown(client_for, org_admin, lsp, system_admin):
    create_unit(organization=lsp, actor=system_admin, name="Bidang Rahasia LSP")

    page = client_for(org_admin).get(reverse("core:audit_log")).content.decode()

    assert "Bidang Rahasia LSP" not in page


def test_filters_by_event_type_and_date(client_for, org_admin, disnaker, system_admin):
    create_unit(organization=disnaker, actor=system_admin, name="Sekretariat")
    update_organization(organization=disnaker, actor=system_admin, city="Kota Tangerang")
    AuditEvent.objects.filter(event_type="unit.created").update(
        occurred_at=timezone.now() - dt.timedelta(days=10)
    )
    client = client_for(org_admin)

    by_type = client.get(reverse("core:audit_log"), {"event_type": "organization.updated"}).content.decode()
    by_date = client.get(
        reverse("core:audit_log"), {"date_to": (timezone.localdate() - dt.timedelta(days=5)).isoformat()}
    ).content.decode()

    assert by_type.count('data-testid="audit-row"') == 1 and "Kota Tangerang" in by_type
    assert by_date.count('data-testid="audit-row"') == 1 and "Sekretariat" in by_date


def test_members_without_view_audit_get_403_and_outsiders_see_only_their_own(
    client_for, candidate, stranger, disnaker
):
    assert client_for(candidate).get(reverse("core:audit_log")).status_code == 403
    # another organization's administrator sees their own log, never this one
    response = client_for(stranger).get(reverse("core:audit_log"))
    assert response.status_code == 200
    assert disnaker.name not in response.content.decode().split('id="rows"')[1]


def test_only_the_system_admin_may_verify_the_chain(client_for, org_admin):
    client = client_for(org_admin)

    assert "Periksa keutuhan" not in client.get(reverse("core:audit_log")).content.decode()
    assert client.post(reverse("core:audit_log"), {"action": "verify"}).status_code == 403


def test_system_admin_sees_every_organization_and_may_pick_one(client_for, system_admin, disnaker, lsp):
    create_unit(organization=disnaker, actor=system_admin, name="Unit Disnaker")
    create_unit(organization=lsp, actor=system_admin, name="Unit LSP")
    client = client_for(system_admin)

    everything = client.get(reverse("core:audit_log")).content.decode()
    only_lsp = client.get(reverse("core:audit_log"), {"organization": str(lsp.public_id)}).content.decode()

    assert "Unit Disnaker" in everything and "Unit LSP" in everything
    assert "Unit LSP" in only_lsp and "Unit Disnaker" not in only_lsp


def test_verify_button_reports_an_intact_chain(client_for, system_admin, disnaker):
    for name in ["Sekretariat", "Bidang Pelatihan"]:
        create_unit(organization=disnaker, actor=system_admin, name=name)

    response = client_for(system_admin).post(reverse("core:audit_log"), {"action": "verify"}, follow=True)

    assert "Log audit utuh: 2 catatan diperiksa" in response.content.decode()


def test_verify_button_names_the_event_altered_in_the_database(client_for, system_admin, disnaker):
    for name in ["Sekretariat", "Bidang Pelatihan", "Seksi Sertifikasi"]:
        create_unit(organization=disnaker, actor=system_admin, name=name)
    altered = AuditEvent.objects.get(subject_label="Bidang Pelatihan")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET data = %s WHERE sequence = %s",
            ['{"name": "Bidang Palsu"}', altered.sequence],
        )

    response = client_for(system_admin).post(reverse("core:audit_log"), {"action": "verify"}, follow=True)

    page = response.content.decode()
    assert "Log audit TIDAK utuh." in page
    assert f"Catatan #{altered.sequence} (unit.created) telah diubah" in page


def test_audit_list_pins_its_queries(client_for, system_admin, disnaker, django_assert_max_num_queries):
    for number in range(60):
        create_unit(organization=disnaker, actor=system_admin, name=f"Unit {number}")
    client = client_for(User.objects.get(username="sysadmin"))

    # 8: the menu reads the administrator's roles once, to leave out the assessor's own pages.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("core:audit_log"), {"organization": str(disnaker.public_id)})

    assert response.content.decode().count('data-testid="audit-row"') == 50


def test_a_refusal_explains_itself_in_indonesian_on_the_site_page(client_for, candidate):
    response = client_for(candidate).get(reverse("core:audit_log"))

    page = response.content.decode()
    assert response.status_code == 403 and 'data-testid="forbidden"' in page
    assert "Anda tidak memiliki hak akses untuk tindakan ini di organisasi tersebut." in page
    assert reverse("core:dashboard") in page


def test_an_unknown_page_says_so_on_the_site_page(client_for, candidate):
    response = client_for(candidate).get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404 and "Halaman tidak ditemukan" in response.content.decode()
