"""Signing in, switching organization, one's own profile and the forgotten-password email."""

import re

from django.core import mail
from django.urls import reverse

from ujikom.core.audit import verify_chain
from ujikom.core.models import AuditEvent


def test_sign_in_with_email_address_lands_on_the_dashboard_of_the_organization(client, make_user, disnaker):
    make_user("administrasi", roles=[(disnaker, "admin_staff")], email="siti@disnaker.id")

    response = client.post(
        reverse("login"), {"username": "SITI@disnaker.id", "password": "rahasia-sekali-123"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("core:dashboard")
    assert disnaker.name in response.content.decode()


def test_wrong_password_is_refused_in_indonesian(client, make_user, disnaker):
    make_user("administrasi", roles=[(disnaker, "admin_staff")])

    response = client.post(reverse("login"), {"username": "administrasi", "password": "salah-sekali-999"})

    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


def test_switching_to_a_second_organization_changes_what_the_dashboard_acts_for(
    client_for, make_user, disnaker, lsp
):
    assessor = make_user("asesor", roles=[(disnaker, "assessor"), (lsp, "assessor")])
    client = client_for(assessor)
    first = client.get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="org-switcher"' in first

    response = client.post(
        reverse("core:switch_organization"), {"organization": str(lsp.public_id), "next": "/"}, follow=True
    )

    page = response.content.decode()
    assert re.search(r'data-testid="dashboard-org".*LSP Politeknik STMI Jakarta', page, re.S)
    assert client.get(reverse("core:dashboard")).context["request"].organization == lsp


def test_switching_to_an_organization_one_does_not_belong_to_is_refused(client_for, make_user, disnaker, lsp):
    clerk = make_user("administrasi", roles=[(disnaker, "admin_staff")])
    client = client_for(clerk)

    response = client.post(
        reverse("core:switch_organization"), {"organization": str(lsp.public_id)}, follow=True
    )

    assert "tidak terdaftar di organisasi tersebut" in response.content.decode()
    assert response.context["request"].organization == disnaker


def test_switch_ignores_a_next_address_on_another_site(client_for, make_user, disnaker, lsp):
    assessor = make_user("asesor", roles=[(disnaker, "assessor"), (lsp, "assessor")])

    response = client_for(assessor).post(
        reverse("core:switch_organization"),
        {"organization": str(lsp.public_id), "next": "https://jahat.example/"},
    )

    assert response["Location"] == reverse("core:dashboard")


def test_profile_edit_is_saved_and_audited_and_bad_email_changes_nothing(client_for, make_user, disnaker):
    person = make_user("administrasi", roles=[(disnaker, "admin_staff")], full_name="Siti")
    make_user("lain", email="dipakai@example.id")
    client = client_for(person)
    form = {
        "full_name": "Siti Nurhaliza",
        "email": "siti@example.id",
        "phone": "0812 1000 0005",
        "title": "",
        "language": "id",
    }

    client.post(reverse("core:profile"), form)
    refused = client.post(
        reverse("core:profile"), {**form, "full_name": "Nama Baru", "email": "dipakai@example.id"}
    )

    person.refresh_from_db()
    assert (person.full_name, person.email, person.phone) == (
        "Siti Nurhaliza",
        "siti@example.id",
        "0812 1000 0005",
    )
    assert "sudah dipakai pengguna lain" in refused.content.decode()
    assert AuditEvent.objects.filter(event_type="person.profile_updated", actor=person).count() == 1
    assert verify_chain().ok


def test_forgotten_password_is_reset_through_the_emailed_link(client, make_user, disnaker):
    make_user("administrasi", roles=[(disnaker, "admin_staff")], email="siti@disnaker.id")

    client.post(reverse("password_reset"), {"email": "siti@disnaker.id"})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siti@disnaker.id"]
    assert "Atur ulang kata sandi" in message.subject
    link = re.search(r"https?://[^/]+(/akun/kata-sandi/atur/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    client.post(
        set_password_url, {"new_password1": "kata-sandi-baru-2026", "new_password2": "kata-sandi-baru-2026"}
    )
    client.logout()
    signed_in = client.post(
        reverse("login"), {"username": "administrasi", "password": "kata-sandi-baru-2026"}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == reverse("core:dashboard")


def test_password_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "tidakada@example.id"}, follow=True)

    assert mail.outbox == []
    assert "Bila email tersebut terdaftar" in response.content.decode()


def test_the_menu_greets_people_by_name_not_by_their_title():
    from ujikom.core.models import User

    assert User(full_name="Dr. Ir. Wahyu Hidayat, M.T.").get_short_name() == "Wahyu"
    assert User(full_name="Drs. H. Suryadi Permana, M.Si").get_short_name() == "Suryadi"
    assert User(full_name="Hj Rina Marlina").get_short_name() == "Rina"
    assert User(full_name="Putri Ayu Lestari").get_short_name() == "Putri"
    assert User(username="admin", full_name="").get_short_name() == "admin"
