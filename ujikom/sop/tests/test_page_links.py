"""Links between the SOP pages: from a version in force to starting a run of it, from a run to its
open tasks, from a task back to its run and to the other activities of its step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.sop import engine
from ujikom.sop.library import new_draft_from
from ujikom.sop.models import Run, Task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def start_link(version) -> str:
    return reverse("sop:run_start") + "?sop=" + version.code


@pytest.fixture
def run(clock, disnaker, staff, disnaker_sop) -> Run:
    return engine.start_run(
        organization=disnaker, code="PSM/DISNAKER-10", title="Uji Operator", actor=staff.kasi
    )


def complete_step_one(run: Run, user) -> None:
    task = Task.objects.get(step_run__run=run)
    for index in range(len(task.step_run.step.outputs)):
        engine.upload_output(task=task, output_index=index, content=PDF, name=f"o{index}.pdf", actor=user)
    engine.complete_task(task=task, actor=user)


def test_version_in_force_offers_its_run_to_whoever_may_start_runs(client_for, staff, disnaker_sop):
    response = client_for(staff.kasi).get(reverse("sop:version_detail", args=[disnaker_sop.public_id]))

    assert response.status_code == 200
    assert start_link(disnaker_sop) in response.content.decode()


def test_sop_page_offers_the_run_of_its_version_in_force(client_for, staff, disnaker_sop):
    response = client_for(staff.kasi).get(reverse("sop:sop_detail", args=[disnaker_sop.sop.public_id]))

    assert response.status_code == 200
    assert start_link(disnaker_sop) in response.content.decode()


def test_version_page_offers_no_run_to_someone_who_may_only_read_sops(client_for, staff, disnaker_sop):
    # Kepala TUK holds sop.view but not sop.run
    response = client_for(staff.kepala_tuk).get(reverse("sop:version_detail", args=[disnaker_sop.public_id]))

    assert response.status_code == 200
    assert reverse("sop:run_start") not in response.content.decode()


def test_a_draft_offers_no_run(client_for, staff, disnaker_sop):
    draft = new_draft_from(version=disnaker_sop, actor=staff.kasi)

    response = client_for(staff.kasi).get(reverse("sop:version_detail", args=[draft.public_id]))

    assert response.status_code == 200
    assert reverse("sop:run_start") not in response.content.decode()


def test_run_page_links_each_open_task_of_the_active_step(client_for, staff, run):
    complete_step_one(run, staff.admin)
    step_two = list(
        Task.objects.filter(step_run__run=run, status=Task.Status.OPEN).order_by("activity__position")
    )

    response = client_for(staff.kasi).get(reverse("sop:run_detail", args=[run.public_id]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Tugas berjalan" in body
    assert body.count('data-testid="open-task"') == 2
    for task in step_two:
        assert reverse("sop:task_detail", args=[task.public_id]) in body
    assert "Bidang Teknis Operasional" in body and "Kepala TUK" in body


def test_task_page_links_back_to_its_run_and_shows_the_other_activity_of_its_step(client_for, staff, run):
    complete_step_one(run, staff.admin)
    mine = Task.objects.get(step_run__run=run, status=Task.Status.OPEN, activity__actor__key="tekops")

    response = client_for(staff.tekops).get(reverse("sop:task_detail", args=[mine.public_id]))

    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("sop:run_detail", args=[run.public_id]) in body
    assert "Kegiatan lain pada langkah ini" in body
    assert "Kepala TUK: terbuka" in body


def test_sop_address_alone_leads_to_the_library(client_for, make_user, disnaker):
    from django.urls import reverse

    official = make_user("kasi", roles=[(disnaker, "kasi")])

    response = client_for(official).get("/sop/")

    assert response.status_code == 302
    assert response["Location"] == reverse("sop:library")


def test_the_activity_table_says_the_last_step_ends_the_run():
    import datetime as dt

    from ujikom.sop.definition import Activity, Actor, Approver, SopDefinition, Step
    from ujikom.sop.library_selectors import step_rows

    definition = SopDefinition(
        code="X-1",
        name="Contoh",
        organization="Dinas",
        created=dt.date(2026, 1, 5),
        effective=dt.date(2026, 1, 5),
        approved_by=Approver(title="Kepala Dinas", name="A"),
        actors=(Actor(key="admin", name="Bagian Administrasi"),),
        steps=(
            Step(number=1, activities=(Activity(actor="admin", text="Menerima berkas"),)),
            Step(number=2, activities=(Activity(actor="admin", text="Mengarsipkan berkas"),)),
        ),
    )

    rows = step_rows(definition)

    assert [row.next_text for row in rows] == ["langkah berikutnya", "selesai"]
