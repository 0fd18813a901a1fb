"""STMI step 4 for an event at a TUK Mandiri whose verification is still valid: the LSP records it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ujikom.registry.models import TestSite
from ujikom.scheduling.models import TestEvent
from ujikom.scheduling.services_assignments import record_independent_site_verification
from ujikom.scheduling.sop_binding import start_event_runs
from ujikom.sop import engine
from ujikom.sop.library import load_seed_sops
from ujikom.sop.models import StepRun, Task

pytestmark = pytest.mark.django_db

STMI = "1.3.3/BPSDMI/STMI/SOP/VI/2020"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def independent_site(make_site, today) -> TestSite:
    return make_site(
        name="TUK Mandiri Disnaker Kota Tangerang",
        kind=TestSite.Kind.INDEPENDENT,
        verified_until=today + dt.timedelta(days=200),
    )


@pytest.fixture
def mandiri_event(make_event, independent_site) -> TestEvent:
    return make_event(site=independent_site)


def _page(event: TestEvent) -> str:
    return reverse("scheduling:site_verification", args=[event.public_id])


def _action(event: TestEvent) -> str:
    return reverse("scheduling:independent_site_record", args=[event.public_id])


def test_the_lsp_records_the_valid_verification_as_a_numbered_result_form(
    client_for, mandiri_event, lsp_head, numbering, today
):
    client = client_for(lsp_head)
    before = client.get(_page(mandiri_event)).content.decode()
    assert "Catat verifikasi TUK Mandiri yang berlaku" in before

    response = client.post(_action(mandiri_event), follow=True)

    shown = response.content.decode()
    assert "/VTUK/LSP-STMI/" in shown  # the number in the success message
    assert "Formulir hasil verifikasi TUK Mandiri TUK Mandiri Disnaker Kota Tangerang" in shown
    [link] = [
        reverse("scheduling:independent_site_record_file", args=[mandiri_event.public_id, record_id])
        for record_id in _record_ids(mandiri_event)
    ]
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def _record_ids(event: TestEvent) -> list[str]:
    from ujikom.scheduling.selectors_assignments import independent_site_records_of

    return [str(item.public_id) for item in independent_site_records_of(event)]


def test_without_a_numbering_pattern_the_form_is_made_unnumbered(mandiri_event, lsp_head):
    stored, number = record_independent_site_verification(event=mandiri_event, actor=lsp_head)

    assert number == "" and stored.document_type is not None
    assert stored.document_type.code == "site_verification"


def test_a_site_without_a_valid_mandiri_verification_is_refused(
    event, make_event, make_site, lsp_head, today
):
    lapsed = make_site(kind=TestSite.Kind.INDEPENDENT, verified_until=today + dt.timedelta(days=3))
    lapsing_event = make_event(site=lapsed)  # the verification ends before the test day

    for unfit in (event, lapsing_event):
        with pytest.raises(ValidationError, match="tugaskan verifikator"):
            record_independent_site_verification(event=unfit, actor=lsp_head)


def test_the_action_is_offered_only_for_a_valid_mandiri_and_only_to_the_lsp(
    client_for, event, mandiri_event, lsp_head, disnaker_admin_staff, outsider, numbering
):
    assert "Catat verifikasi TUK Mandiri" not in client_for(lsp_head).get(_page(event)).content.decode()
    facilitator = client_for(disnaker_admin_staff)
    seen = facilitator.get(_page(mandiri_event)).content.decode()
    assert 'data-testid="independent-site"' in seen and "Catat verifikasi TUK Mandiri" not in seen

    assert facilitator.post(_action(mandiri_event)).status_code == 403
    assert client_for(outsider).post(_action(mandiri_event)).status_code == 404
    assert not _record_ids(mandiri_event)


def test_a_file_of_another_event_is_not_served_under_this_one(
    client_for, mandiri_event, make_event, independent_site, lsp_head
):
    other = make_event(site=independent_site, title="Angkatan II")
    record_independent_site_verification(event=other, actor=lsp_head)
    [other_file] = _record_ids(other)

    url = reverse("scheduling:independent_site_record_file", args=[mandiri_event.public_id, other_file])

    assert client_for(lsp_head).get(url).status_code == 404


def _step(run, number: int) -> StepRun:
    found = StepRun.objects.filter(run=run, step__number=number).order_by("-iteration").first()
    assert found is not None
    return found


def _finish_steps_before(run, number: int) -> None:
    """Each earlier step done by one of its players, with a file for every output."""
    for step_number in range(1, number):
        step_run = _step(run, step_number)
        for task in Task.objects.filter(
            step_run=step_run, status__in=[Task.Status.OPEN, Task.Status.CLAIMED]
        ):
            player = engine.candidates_of(task)[0]
            for index, _name in enumerate(step_run.step.outputs or []):
                if step_run.outputs.filter(output_index=index).exists():
                    continue
                engine.upload_output(
                    task=task, output_index=index, content=PDF, name="bukti.pdf", actor=player
                )
            engine.complete_task(task=task, actor=player)


def test_the_stmi_run_leaves_step_4_when_its_actors_record_the_valid_verification(
    system_admin, lsp, make_user, mandiri_event, lsp_head, assessor, numbering, client_for
):
    # Given the STMI run of an event at a valid TUK Mandiri, standing at step 4
    load_seed_sops(system_admin, organizations={STMI: lsp})
    make_user("direktur", roles=[(lsp, "director")], full_name="Direktur")
    make_user("ketua", roles=[(lsp, "lsp_chair")], full_name="Ketua")
    make_user("kabid.adm", roles=[(lsp, "head_admin")], full_name="Kabid Administrasi")
    [run] = [
        run for run in start_event_runs(event=mandiri_event, actor=system_admin) if run.organization == lsp
    ]
    _finish_steps_before(run, 4)
    step4 = _step(run, 4)
    assert step4.status == StepRun.Status.ACTIVE

    # When the Kabid Sertifikasi records the valid verification on the site verification page
    client_for(lsp_head).post(_action(mandiri_event))

    # Then the result form is the step's output and his task is signed off
    step4.refresh_from_db()
    [output] = step4.outputs.all()
    assert output.output_name == "Berita formulir hasil verifikasi TUK"
    assert output.file.original_name.startswith("verifikasi-tuk-mandiri-")
    assert Task.objects.get(step_run=step4, completed_by=lsp_head).status == Task.Status.DONE

    # and once the assessor signs off their part (nothing left to upload), the run moves on to step 5
    [assessor_task] = Task.objects.filter(step_run=step4, status=Task.Status.OPEN)
    engine.complete_task(task=assessor_task, actor=assessor.user, note="TUK Mandiri berlaku.")
    step4.refresh_from_db()
    assert step4.status == StepRun.Status.DONE
    assert _step(run, 5).status == StepRun.Status.ACTIVE
