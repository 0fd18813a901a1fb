"""Step 2: Teknis Operasional fills the readiness form, only the Kepala TUK of the site confirms it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.scheduling.models import ReadinessForm
from ujikom.scheduling.selectors_readiness import readiness_confirmed
from ujikom.scheduling.services_readiness import READINESS_ITEMS, generate_schedule_distribution

from .helpers import output_names, pdf_text, step_status

pytestmark = pytest.mark.django_db


def filled(**overrides: str) -> dict[str, str]:
    data = {"action": "fill", "notes": "Ruang lab 2 dipakai."}
    for key, _label in READINESS_ITEMS:
        data[f"{key}_ready"] = "ready"
        data[f"{key}_note"] = ""
    data.update(overrides)
    return data


def test_tekops_fills_and_the_kepala_tuk_confirms_then_step_2_is_done_with_the_form_attached(
    client_for, admin_staff, tekops, site_head, event, registrations, numbering, disnaker_run
):
    generate_schedule_distribution(event=event, actor=admin_staff)
    url = reverse("scheduling:readiness", args=[event.public_id])

    client_for(tekops).post(
        url, filled(consumables_ready="not_ready", consumables_note="Kertas kurang 2 rim")
    )
    assert not readiness_confirmed(event)
    response = client_for(site_head).post(url, {"action": "confirm", "notes": "Siap."})

    assert response.status_code == 302
    form = ReadinessForm.objects.get(event=event)
    assert form.confirmed_by == site_head and readiness_confirmed(event)
    text = pdf_text(form.file)
    assert "Kertas kurang 2 rim" in text and "Belum siap" in text
    assert step_status(disnaker_run, 2) == "done"
    assert output_names(disnaker_run, 2) == [form.file.original_name]
    assert step_status(disnaker_run, 3) == "active"


def test_an_item_not_ready_without_a_note_is_refused_and_nothing_is_saved(client_for, tekops, event):
    response = client_for(tekops).post(
        reverse("scheduling:readiness", args=[event.public_id]), filled(safety_ready="not_ready")
    )

    assert response.status_code == 200
    assert "belum siap: tulis catatan" in response.content.decode()
    assert not ReadinessForm.objects.exists()


@pytest.mark.parametrize("who", ["tekops", "admin_staff"])
def test_only_the_kepala_tuk_of_the_site_may_confirm(request, client_for, tekops, who, event, numbering):
    client_for(tekops).post(reverse("scheduling:readiness", args=[event.public_id]), filled())
    user = request.getfixturevalue(who)

    response = client_for(user).post(
        reverse("scheduling:readiness", args=[event.public_id]), {"action": "confirm"}
    )

    assert response.status_code == 403
    assert not readiness_confirmed(event)


def test_a_kepala_tuk_of_another_organization_sees_nothing(client_for, make_user, make_organization, event):
    other = make_organization("Dinas Lain")
    head = make_user("kepala.lain", roles=[(other, "site_head")])

    response = client_for(head).post(
        reverse("scheduling:readiness", args=[event.public_id]), {"action": "confirm"}
    )

    assert response.status_code == 404


def test_the_admin_staff_may_look_but_not_fill(client_for, admin_staff, no_role, event):
    url = reverse("scheduling:readiness", args=[event.public_id])

    assert client_for(admin_staff).get(url).status_code == 200
    assert client_for(admin_staff).post(url, filled()).status_code == 403
    assert client_for(no_role).get(url).status_code == 403


def test_tekops_sees_the_form_and_the_kepala_tuk_the_confirm_button(
    client_for, tekops, site_head, event, django_assert_max_num_queries
):
    url = reverse("scheduling:readiness", args=[event.public_id])
    client = client_for(tekops)
    with django_assert_max_num_queries(15):
        empty = client.get(url).content.decode()
    client.post(url, filled())

    head_page = client_for(site_head).get(url).content.decode()

    assert "Simpan form kesiapan" in empty and "Bahan habis pakai" in empty
    assert "Konfirmasi rencana pelaksanaan" in head_page and "Menunggu konfirmasi Kepala TUK" in head_page
