"""Targets, plans and test events: the documents of STMI steps 1-2 and the event's status rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from ujikom.scheduling import selectors_events
from ujikom.scheduling.models import Plan, Target, TestEvent
from ujikom.scheduling.selectors_events import Check, readiness_checks
from ujikom.scheduling.services_events import (
    approve_plan,
    change_event_status,
    create_event,
    create_target,
    format_rupiah,
    issue_targets_memo,
    plan_total,
)
from ujikom.scheduling.sop_binding import runs_of_event
from ujikom.sop.fileformat import load_definition
from ujikom.sop.library import seed_files
from ujikom.sop.models import Run, StepRun

pytestmark = pytest.mark.django_db


def this_year() -> int:
    """Numbers carry the year they are issued in."""
    return timezone.localdate().year


def pdf_text(stored) -> str:
    pages = PdfReader(BytesIO(stored.file.open("rb").read())).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def stmi_run(event: TestEvent) -> Run:
    return next(run for run in runs_of_event(event) if run.version.sop.code.startswith("1.3.3"))


def active_steps(run: Run) -> list[int]:
    return sorted(
        StepRun.objects.filter(run=run, status=StepRun.Status.ACTIVE).values_list("step__number", flat=True)
    )


def test_rupiah_is_written_with_dots_between_thousands():
    assert format_rupiah(Decimal("1250000")) == "Rp 1.250.000"
    assert format_rupiah(Decimal("0")) == "Rp 0"


def test_a_second_target_for_the_same_scheme_and_funding_is_refused(
    lsp, chair, target, scheme, funding, year
):
    with pytest.raises(ValidationError) as refused:
        create_target(organization=lsp, year=year, scheme=scheme, funding=funding, quantity=5, actor=chair)

    assert "sudah ada" in str(refused.value.message_dict["scheme"])
    assert Target.objects.count() == 1


def test_the_directors_memo_is_numbered_lists_the_targets_and_completes_step_1(
    seed_sops, numbering, lsp, director, chair, target, event, year
):
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)
    run = stmi_run(event)
    assert active_steps(run) == [1]

    issued = issue_targets_memo(organization=lsp, year=year, actor=director)

    assert issued.number == f"001/ND/LSP-STMI/{this_year()}"
    text = pdf_text(issued.file)
    assert issued.number in text and "Operator Komputer Muda" in text and "40" in text
    target.refresh_from_db()
    assert target.memo == issued.file and target.memo_number == issued.number
    step_1 = StepRun.objects.get(run=run, step__number=1)
    assert list(step_1.outputs.values_list("file", flat=True)) == [issued.file.pk]
    assert step_1.status == StepRun.Status.DONE
    assert active_steps(run) == [2]


def test_a_memo_made_by_someone_not_playing_the_director_is_stored_but_leaves_step_1_to_the_director(
    seed_sops, numbering, lsp, chair, target, event, year
):
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)

    issued = issue_targets_memo(organization=lsp, year=year, actor=chair)

    target.refresh_from_db()
    assert target.memo == issued.file and issued.attached == 0
    step_1 = StepRun.objects.get(run=stmi_run(event), step__number=1)
    assert not step_1.outputs.exists()
    assert step_1.status == StepRun.Status.ACTIVE


def test_no_memo_without_targets(numbering, lsp, director, year):
    with pytest.raises(ValidationError):
        issue_targets_memo(organization=lsp, year=year, actor=director)


def test_publishing_a_plan_issues_tor_rab_and_schedule_decree_and_completes_step_2(
    seed_sops, numbering, lsp, director, chair, plan, event, year
):
    event.plan = plan
    event.save()
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)
    issue_targets_memo(organization=lsp, year=year, actor=director)

    documents = approve_plan(plan=plan, actor=chair)

    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert documents.tor.number == plan.tor_number == f"001/TOR/LSP-STMI/{this_year()}"
    assert documents.budget.number == f"001/RAB/LSP-STMI/{this_year()}"
    assert documents.schedule_decree.number.startswith("001/SK-JADWAL/LSP-STMI/")
    assert plan_total(plan.budget_lines.all()) == Decimal("1750000")
    rab = pdf_text(documents.budget.file)
    assert "Rp 1.750.000" in rab and "Rp 250.000" in rab and "Honor asesor" in rab
    decree = pdf_text(documents.schedule_decree.file)
    assert "TUK Mandiri Disnaker" in decree and "Operator Komputer Muda" in decree
    run = stmi_run(event)
    step_2 = StepRun.objects.get(run=run, step__number=2)
    assert sorted(step_2.outputs.values_list("file", flat=True)) == sorted(
        [plan.tor_id, plan.budget_id, plan.schedule_decree_id]
    )
    assert step_2.status == StepRun.Status.DONE
    assert active_steps(run) == [3]


def test_a_plan_without_budget_lines_or_events_is_not_published(numbering, lsp, chair, plan):
    with pytest.raises(ValidationError):
        approve_plan(plan=plan, actor=chair)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT and plan.tor is None


def test_impossible_dates_are_refused_with_indonesian_field_errors(lsp, chair, event_values, year):
    values = {**event_values, "ends_on": dt.date(year, 3, 22), "registration_closes_on": dt.date(year, 3, 25)}

    with pytest.raises(ValidationError) as refused:
        create_event(lsp=lsp, actor=chair, **values)

    errors = refused.value.message_dict
    assert "sebelum tanggal mulai" in errors["ends_on"][0]
    assert "paling lambat" in errors["registration_closes_on"][0]
    assert not TestEvent.objects.exists()


def test_a_site_not_registered_with_the_lsp_is_refused(lsp, chair, event_values, make_organization):
    from ujikom.registry.models import TestSite

    elsewhere = TestSite.objects.create(
        owner=make_organization("PT Lain"), code="X", name="TUK Lain", kind="sewaktu", address="-", capacity=5
    )
    with pytest.raises(ValidationError) as refused:
        create_event(lsp=lsp, actor=chair, **{**event_values, "site": elsewhere})
    assert "site" in refused.value.message_dict


def test_opening_registration_starts_the_event_sop_runs(seed_sops, chair, event):
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)

    codes = sorted(run.version.sop.code for run in runs_of_event(event))
    assert codes == ["1.3.3/BPSDMI/STMI/SOP/VI/2020", "PSM/DISNAKER-10"]


def test_ready_is_refused_while_a_readiness_check_fails(chair, event):
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)
    assert not all(check.ok for check in readiness_checks(event))

    with pytest.raises(ValidationError) as refused:
        change_event_status(event=event, status=TestEvent.Status.READY, actor=chair)

    assert "Belum siap" in refused.value.messages[0]
    event.refresh_from_db()
    assert event.status == TestEvent.Status.REGISTRATION


def test_ready_is_allowed_once_every_check_passes(chair, event, monkeypatch):
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)
    monkeypatch.setattr(selectors_events, "readiness_checks", lambda event: [Check("TUK", True, "ok")])

    change_event_status(event=event, status=TestEvent.Status.READY, actor=chair)

    event.refresh_from_db()
    assert event.status == TestEvent.Status.READY


def test_missing_checks_of_other_screens_read_not_yet_available(event, monkeypatch):
    monkeypatch.setattr(selectors_events, "_provided", lambda module, function: None)

    checks = readiness_checks(event)

    assert [check.detail for check in checks[1:]] == ["belum tersedia"] * 3


def test_cancelling_needs_a_reason_and_skipping_a_status_is_refused(chair, event):
    with pytest.raises(ValidationError):
        change_event_status(event=event, status=TestEvent.Status.CANCELLED, actor=chair)
    with pytest.raises(ValidationError):
        change_event_status(event=event, status=TestEvent.Status.DONE, actor=chair)

    change_event_status(event=event, status=TestEvent.Status.CANCELLED, actor=chair, reason="TUK direnovasi")

    event.refresh_from_db()
    assert event.status == TestEvent.Status.CANCELLED


def test_the_seed_sops_bind_their_first_steps_to_the_scheduling_screens():
    definitions = {
        path.name: load_definition(path.read_text(encoding="utf-8"), source=path.name)
        for path in seed_files()
    }

    stmi = {step.number: step.action for step in definitions["stmi-1.3.3.yaml"].steps}
    psm10 = {step.number: step.action for step in definitions["psm-disnaker-10.yaml"].steps}
    psm08 = [step.action for step in definitions["psm-disnaker-08.yaml"].steps]
    assert [stmi[n] for n in (1, 2, 3, 4)] == [
        "scheduling.targets",
        "scheduling.plan",
        "scheduling.registration",
        "scheduling.site_verification",
    ]
    assert [psm10[n] for n in (1, 2, 3, 4)] == [
        "scheduling.schedule_distribution",
        "scheduling.readiness",
        "scheduling.reminders",
        "scheduling.attendance_confirmation",
    ]
    assert set(psm08) == {None}
