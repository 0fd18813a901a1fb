"""Which of a step's outputs a screen's document fills."""

from django.urls import reverse

from ujikom.scheduling.sop_binding import _output_for
from ujikom.sop import engine
from ujikom.sop.library import load_seed_sops
from ujikom.sop.models import Task

STEP_3 = ["Kartu peserta uji kompetensi", "Surat tugas asesor kompetensi", "Surat tugas verifikasi TUK"]


def test_a_named_document_fills_the_output_that_names_it_not_the_first_one_missing():
    assert _output_for(STEP_3, [0, 1, 2], "surat tugas verifikasi TUK") == 2
    assert _output_for(STEP_3, [0, 1, 2], "surat tugas asesor kompetensi") == 1
    assert _output_for(STEP_3, [0, 1, 2], "kartu peserta") == 0


def test_a_document_whose_output_is_already_given_fills_nothing():
    assert _output_for(STEP_3, [1, 2], "kartu peserta") is None


def test_without_a_name_the_first_missing_output_is_filled():
    assert _output_for(STEP_3, [1, 2], "") == 1
    assert _output_for(STEP_3, [], "") is None


def test_a_run_started_by_hand_opens_the_event_list_from_its_bound_step(
    db, system_admin, disnaker, lsp, make_user, client_for
):
    # Given a PSM/DISNAKER-10 run started without a test event as its subject
    load_seed_sops(system_admin, organizations={"PSM/DISNAKER-10": disnaker})
    run = engine.start_run(
        organization=disnaker, code="PSM/DISNAKER-10", title="Uji manual", actor=system_admin
    )
    task = Task.objects.get(step_run__run=run, step_run__step__number=1)
    clerk = make_user("administrasi", roles=[(disnaker, "admin_staff")])

    # When the clerk opens the task of step 1 (bound to the schedule distribution screen)
    response = client_for(clerk).get(reverse("sop:task_detail", args=[task.public_id]))

    # Then the page opens and its screen link leads to the list of test events
    assert response.status_code == 200
    assert f'href="{reverse("scheduling:event_list")}"' in response.content.decode()
