"""The outbox and template pages: who may see them, and what they show and do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.notifications.models import MessageTemplate, OutboxMessage

OUTBOX = reverse("notifications:outbox")
TEMPLATES = reverse("notifications:template_list")


def stored(organization, status="failed", **fields) -> OutboxMessage:
    values = {
        "organization": organization,
        "channel": "whatsapp",
        "recipient": "6281234567890",
        "body": "Yth. Budi, uji kompetensi besok.",
        "status": status,
    }
    values.update(fields)
    return OutboxMessage.objects.create(**values)


@pytest.fixture
def lsp_admin(make_user, lsp):
    return make_user("admin.lsp", roles=[(lsp, "org_admin")])


@pytest.fixture
def disnaker_clerk(make_user, disnaker):
    return make_user("staf.adm", roles=[(disnaker, "admin_staff")])


# --- who may enter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [OUTBOX, TEMPLATES],
)
def test_pages_are_refused_to_a_member_without_the_role(client_for, disnaker_clerk, url):
    assert client_for(disnaker_clerk).get(url).status_code == 403


def test_pages_send_anonymous_visitors_to_sign_in(client):
    response = client.get(OUTBOX)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_retry_is_refused_without_the_role(client_for, disnaker_clerk, disnaker):
    message = stored(disnaker)

    response = client_for(disnaker_clerk).post(
        reverse("notifications:message_retry", args=[message.public_id])
    )

    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == "failed"


def test_another_organizations_message_cannot_be_retried_or_cancelled(client_for, lsp_admin, disnaker):
    failed = stored(disnaker)
    waiting = stored(disnaker, status="pending")
    client = client_for(lsp_admin)

    assert client.post(reverse("notifications:message_retry", args=[failed.public_id])).status_code == 404
    assert client.post(reverse("notifications:message_cancel", args=[waiting.public_id])).status_code == 404
    assert OutboxMessage.objects.get(pk=failed.pk).status == "failed"
    assert OutboxMessage.objects.get(pk=waiting.pk).status == "pending"


def test_another_organizations_template_cannot_be_opened_or_reset(client_for, lsp_admin, disnaker):
    default = MessageTemplate.objects.get(code="account_created", channel="email", organization=None)
    theirs = MessageTemplate.objects.create(
        code=default.code, channel=default.channel, organization=disnaker, name="x", subject="s", body="b"
    )
    client = client_for(lsp_admin)

    assert client.get(reverse("notifications:template_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:template_reset", args=[theirs.pk])).status_code == 404
    assert MessageTemplate.objects.filter(pk=theirs.pk).exists()


def test_retry_needs_post(client_for, messaging_admin, disnaker):
    message = stored(disnaker)

    assert (
        client_for(messaging_admin)
        .get(reverse("notifications:message_retry", args=[message.public_id]))
        .status_code
        == 405
    )


# --- outbox ------------------------------------------------------------------------------


def test_outbox_lists_only_the_acting_organizations_messages_with_status_and_error(
    client_for, messaging_admin, disnaker, lsp
):
    stored(
        disnaker,
        attempts=6,
        last_error="Gateway WhatsApp/SMS menjawab HTTP 503: sibuk",
        recipient="6281111111111",
    )
    stored(disnaker, status="sent", attempts=1, recipient="6282222222222")
    stored(lsp, recipient="6289999999999")

    page = client_for(messaging_admin).get(OUTBOX).content.decode()

    assert "6281111111111" in page and "6282222222222" in page
    assert "6289999999999" not in page
    assert "Gagal permanen" in page and "Terkirim" in page
    assert "HTTP 503: sibuk" in page
    assert page.count("Kirim ulang") == 1


def test_system_administrator_sees_every_organizations_messages(client_for, system_admin, disnaker, lsp):
    stored(disnaker, recipient="6281111111111")
    stored(lsp, recipient="6289999999999")

    page = client_for(system_admin).get(OUTBOX).content.decode()

    assert "6281111111111" in page and "6289999999999" in page


def test_outbox_filters_by_status(client_for, messaging_admin, disnaker):
    stored(disnaker, status="failed", recipient="6281111111111")
    stored(disnaker, status="sent", recipient="6282222222222")

    page = client_for(messaging_admin).get(OUTBOX, {"status": "failed"}).content.decode()

    assert "6281111111111" in page
    assert "6282222222222" not in page


def test_outbox_pages_with_a_fixed_number_of_queries(
    client_for, messaging_admin, disnaker, candidate, django_assert_max_num_queries
):
    for number in range(60):
        stored(
            disnaker,
            status="failed" if number % 2 else "sent",
            recipient_user=candidate,
            recipient=f"62812000{number:05d}",
        )
    client = client_for(messaging_admin)
    client.get(OUTBOX)  # warm the session

    with django_assert_max_num_queries(5):
        first = client.get(OUTBOX)
    with django_assert_max_num_queries(5):
        second = client.get(OUTBOX, {"page": 2, "status": "failed"})

    assert first.content.decode().count('data-testid="outbox-row"') == 25
    assert "Halaman 1 dari 3" in first.content.decode()
    assert second.content.decode().count('data-testid="outbox-row"') == 5
    assert "Halaman 2 dari 2" in second.content.decode()


def test_kirim_ulang_requeues_a_failed_message_and_it_is_delivered(
    client_for, messaging_admin, disnaker, fake_gateway, django_capture_on_commit_callbacks
):
    message = stored(disnaker, attempts=6, last_error="Gateway WhatsApp/SMS tidak dapat dihubungi")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(messaging_admin).post(
            reverse("notifications:message_retry", args=[message.public_id]),
            {"next": f"{OUTBOX}?status=failed"},
        )

    assert response.status_code == 302
    assert response["Location"] == f"{OUTBOX}?status=failed"
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert fake_gateway.requests[0].payload["to"] == "6281234567890"


def test_kirim_ulang_of_a_sent_message_explains_why_not(client_for, messaging_admin, disnaker):
    message = stored(disnaker, status="sent")

    response = client_for(messaging_admin).post(
        reverse("notifications:message_retry", args=[message.public_id]), follow=True
    )

    assert "hanya pesan yang gagal atau dibatalkan yang dapat dikirim ulang" in response.content.decode()


def test_waiting_message_can_be_cancelled(client_for, messaging_admin, disnaker):
    message = stored(disnaker, status="retrying")

    client_for(messaging_admin).post(reverse("notifications:message_cancel", args=[message.public_id]))

    message.refresh_from_db()
    assert message.status == "cancelled"


# --- templates ---------------------------------------------------------------------------


def test_template_list_shows_defaults_and_the_organizations_own_versions(
    client_for, messaging_admin, disnaker, lsp
):
    default = MessageTemplate.objects.get(code="account_created", channel="email", organization=None)
    MessageTemplate.objects.create(
        code=default.code, channel="email", organization=disnaker, name="Akun Disnaker", subject="s", body="b"
    )
    MessageTemplate.objects.create(
        code=default.code, channel="email", organization=lsp, name="Akun LSP", subject="s", body="b"
    )

    page = client_for(messaging_admin).get(TEMPLATES).content.decode()

    assert (
        page.count('data-testid="template-row"') == MessageTemplate.objects.filter(organization=None).count()
    )
    assert "Akun Disnaker" in page and "Versi organisasi" in page
    assert "Akun LSP" not in page
    assert "Ubah bawaan" not in page


def test_first_edit_of_a_default_creates_the_organizations_version(client_for, messaging_admin, disnaker):
    default = MessageTemplate.objects.get(
        code="test_schedule_reminder", channel="whatsapp", organization=None
    )
    url = reverse("notifications:template_edit", args=[default.pk])
    client = client_for(messaging_admin)

    assert "Menyimpan akan membuat versi khusus Dinas Ketenagakerjaan" in client.get(url).content.decode()
    response = client.post(url, {"name": "Pengingat Disnaker", "body": "Halo {{ name }}, ujian {{ date }}."})

    assert response.status_code == 302
    override = MessageTemplate.objects.get(code=default.code, channel="whatsapp", organization=disnaker)
    assert override.body == "Halo {{ name }}, ujian {{ date }}."
    assert MessageTemplate.objects.get(pk=default.pk).body == default.body
    # Opening the default again leads to the organization's version.
    assert client.get(url)["Location"] == reverse("notifications:template_edit", args=[override.pk])


def test_template_syntax_error_is_shown_on_the_form_with_its_line(client_for, messaging_admin, disnaker):
    default = MessageTemplate.objects.get(code="test_schedule_reminder", channel="email", organization=None)

    response = client_for(messaging_admin).post(
        reverse("notifications:template_edit", args=[default.pk]),
        {
            "name": "Pengingat",
            "subject": "Pengingat",
            "body": "Yth. {{ name }}\n{% if time %}pukul {{ time }}",
        },
    )

    assert response.status_code == 200
    assert "Isi pesan baris 2: susunan templat salah" in response.content.decode()
    assert not MessageTemplate.objects.filter(organization=disnaker).exists()


def test_system_administrator_edits_the_default_itself(client_for, system_admin, disnaker):
    default = MessageTemplate.objects.get(code="account_created", channel="whatsapp", organization=None)

    response = client_for(system_admin).post(
        reverse("notifications:template_edit", args=[default.pk]),
        {"name": "Akun baru", "body": "Akun {{ username }} siap."},
    )

    assert response.status_code == 302
    default.refresh_from_db()
    assert default.body == "Akun {{ username }} siap."
    assert MessageTemplate.objects.filter(organization__isnull=False).count() == 0


def test_reset_returns_to_the_default(client_for, messaging_admin, disnaker):
    default = MessageTemplate.objects.get(code="account_created", channel="email", organization=None)
    mine = MessageTemplate.objects.create(
        code=default.code, channel="email", organization=disnaker, name="x", subject="s", body="b"
    )

    response = client_for(messaging_admin).post(reverse("notifications:template_reset", args=[mine.pk]))

    assert response.status_code == 302
    assert not MessageTemplate.objects.filter(pk=mine.pk).exists()
