"""Results per unit on the test day: allocation, K/BK with evidence by the allocated assessor,
append-only history, every refusal of the issue's bad input, the lock, feedback."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ujikom.assessment import services_testday as services
from ujikom.assessment.models import Assessment, InstrumentFile, Minutes, UnitResult
from ujikom.core.models import AuditEvent

from .helpers import PDF, allocated_user, assess, attend

pytestmark = pytest.mark.django_db


@pytest.fixture
def present(event, tekops, registrations, assessors):
    """Budi and Siti present, Agus absent; candidates allocated automatically."""
    budi, siti, agus = registrations
    attend(event, tekops, present=[budi, siti], absent=[agus])
    services.allocate_automatically(event=event, actor=tekops)
    return budi, siti, agus


def record(registration, actor, unit, verdict="K", expected=None, **extra):
    return services.record_unit_result(
        registration=registration,
        unit_code=unit.code,
        verdict=verdict,
        methods=extra.pop("methods", ["practical"]),
        expected_current=expected,
        actor=actor,
        **extra,
    )


def test_present_candidates_are_shared_evenly_and_the_officer_may_move_one(
    event, tekops, registrations, assessors, make_registration
):
    extra = make_registration(full_name="Dewi Lestari")
    attend(event, tekops, present=[*registrations, extra])

    made = services.allocate_automatically(event=event, actor=tekops)
    counts = {a.user.full_name: Assessment.objects.filter(assessor=a).count() for a in assessors}
    moved = services.allocate(registration=registrations[0], assessor=assessors[1], actor=tekops)

    assert len(made) == 4 and counts == {"Rudi Hartono": 2, "Wati Susanti": 2}
    assert moved.assessor == assessors[1]


def test_an_absent_candidate_is_not_allocated_and_gets_no_result(present, tekops, assessors, units):
    _budi, _siti, agus = present

    with pytest.raises(ValidationError, match="tidak tercatat hadir"):
        services.allocate(registration=agus, assessor=assessors[0], actor=tekops)
    with pytest.raises(ValidationError, match="tidak tercatat hadir"):
        record(agus, assessors[0].user, units[0])
    assert not Assessment.objects.filter(registration=agus).exists()


def test_recording_again_supersedes_the_current_result_and_both_stay_in_the_log(present, units):
    budi = present[0]
    assessor = allocated_user(budi)

    first = record(budi, assessor, units[0], "BK", note="Belum menyimpan berkas")
    second = record(budi, assessor, units[0], "K", expected=first.pk, methods=["practical", "oral"])

    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.supersedes == first
    assert list(
        UnitResult.objects.filter(assessment__registration=budi).values_list("verdict", flat=True)
    ) == [
        "BK",
        "K",
    ]
    logged = AuditEvent.objects.filter(event_type="unit_result.recorded").order_by("id")
    assert [e.data["verdict"] for e in logged] == ["BK", "K"]
    assert logged.last().data["previous_verdict"] == "BK"


def test_the_recommendation_comes_from_the_results_rule(present, units):
    budi, siti, _agus = present

    assess(budi, allocated_user(budi), ["K", "K", "K"], finish=False)
    assess(siti, allocated_user(siti), ["K", "BK", "K"], finish=False)
    partial = Assessment.objects.get(registration=budi)

    assert partial.recommendation == "K"
    assert Assessment.objects.get(registration=siti).recommendation == "BK"


def test_a_unit_not_in_the_scheme_is_refused(present, lsp):
    from ujikom.registry.models import CompetencyUnit, Scheme

    other = Scheme.objects.create(organization=lsp, code="SKM-LAIN", name="Skema lain", kind="kkni")
    foreign = CompetencyUnit.objects.create(scheme=other, position=1, code="M.692000.001.01", title="Lain")
    budi = present[0]

    with pytest.raises(ValidationError) as refused:
        record(budi, allocated_user(budi), foreign)

    assert refused.value.message_dict["unit"] == ["Unit M.692000.001.01 bukan unit skema SKM-OKM-01."]
    assert not UnitResult.objects.exists()


def test_an_assessor_not_assigned_to_the_event_is_refused(present, unassigned_assessor, units):
    with pytest.raises(PermissionDenied, match="Anda bukan asesor yang ditugaskan pada uji ini"):
        record(present[0], unassigned_assessor.user, units[0])


def test_an_assigned_assessor_not_allocated_to_the_candidate_is_refused(present, assessors, units):
    budi = present[0]
    other = next(a.user for a in assessors if a.user != allocated_user(budi))

    with pytest.raises(PermissionDenied, match="bukan kepada Anda"):
        record(budi, other, units[0])


def test_a_verdict_needs_an_evidence_method(present, units):
    budi = present[0]

    with pytest.raises(ValidationError) as refused:
        record(budi, allocated_user(budi), units[0], "X", methods=[])

    assert set(refused.value.message_dict) == {"verdict", "methods"}


def test_twice_at_the_same_time_the_second_is_told_who_recorded_it(present, units):
    budi = present[0]
    assessor = allocated_user(budi)
    record(budi, assessor, units[0], "K")

    with pytest.raises(ValidationError) as stale:
        record(budi, assessor, units[0], "BK", expected=None)  # the page was loaded before the first

    message = stale.value.message_dict["expected_current"][0]
    assert message.startswith(f"Hasil unit ini baru saja dicatat oleh {assessor.full_name} pada ")
    assert message.endswith("; muat ulang.")
    assert UnitResult.objects.filter(assessment__registration=budi).count() == 1


def test_the_database_keeps_one_current_result_per_unit(present, units):
    budi = present[0]
    first = record(budi, allocated_user(budi), units[0], "K")

    with pytest.raises(IntegrityError), transaction.atomic():
        UnitResult.objects.create(
            assessment=first.assessment,
            unit=units[0],
            verdict="BK",
            methods=["oral"],
            assessor=first.assessor,
            recorded_by=first.recorded_by,
            recorded_at=timezone.now(),
        )


def test_a_race_past_the_check_is_stopped_by_the_constraint_with_the_same_message(
    present, units, monkeypatch
):
    budi = present[0]
    assessor = allocated_user(budi)
    record(budi, assessor, units[0], "K")
    real = services._current_result
    calls = []

    def unseen_on_first_read(assessment, unit):
        calls.append(unit)
        return None if len(calls) == 1 else real(assessment, unit)

    monkeypatch.setattr(services, "_current_result", unseen_on_first_read)

    with pytest.raises(ValidationError, match="baru saja dicatat oleh"):
        record(budi, assessor, units[0], "BK", expected=None)
    assert UnitResult.objects.filter(assessment__registration=budi, is_current=True).count() == 1


def test_after_the_minutes_lock_only_a_correction_with_a_reason_is_recorded(present, units, tekops):
    budi = present[0]
    assessor = allocated_user(budi)
    first = record(budi, assessor, units[0], "BK")
    Minutes.objects.create(event=budi.event, created_by=tekops, locked_at=timezone.now())

    with pytest.raises(ValidationError) as without_reason:
        record(budi, assessor, units[0], "K", expected=first.pk)
    correction = record(budi, assessor, units[0], "K", expected=first.pk, reason="Salah ketik pada FR.AK.02")

    assert "reason" in without_reason.value.message_dict
    assert correction.kind == UnitResult.Kind.CORRECTION and correction.reason == "Salah ketik pada FR.AK.02"
    first.refresh_from_db()
    assert first.verdict == "BK" and not first.is_current  # never edited
    logged = AuditEvent.objects.get(event_type="unit_result.corrected")
    assert logged.data["reason"] == "Salah ketik pada FR.AK.02"
    with pytest.raises(ValidationError, match="dikunci"):
        services.allocate_automatically(event=budi.event, actor=tekops)


def test_finishing_needs_every_unit_then_feedback_reaches_the_candidate(present, units, candidate_user):
    budi = present[0]
    assessor = allocated_user(budi)
    record(budi, assessor, units[0], "K")

    with pytest.raises(ValidationError, match=f"{units[1].code}, {units[2].code}"):
        services.finish_assessment(registration=budi, actor=assessor)
    with pytest.raises(ValidationError, match="Selesaikan asesmen dahulu"):
        services.give_feedback(registration=budi, actor=assessor, feedback="Bagus")
    record(budi, assessor, units[1], "K")
    record(budi, assessor, units[2], "K")
    finished = services.finish_assessment(registration=budi, actor=assessor)
    services.give_feedback(registration=budi, actor=assessor, feedback="Pertahankan kerapian berkas.")
    read = services.mark_feedback_read(registration=budi, actor=candidate_user)

    assert finished.completed_at is not None and finished.recommendation == "K"
    assert read.feedback == "Pertahankan kerapian berkas." and read.feedback_read_at is not None


def test_instruments_are_pdf_or_images_and_belong_to_the_allocated_assessor(present, units, assessors):
    budi = present[0]
    assessor = allocated_user(budi)

    uploaded = services.upload_instrument(
        registration=budi,
        kind="FR.IA.01",
        content=PDF,
        name="ceklis.pdf",
        actor=assessor,
        unit_code=units[0].code,
    )
    with pytest.raises(ValidationError) as wrong_type:
        services.upload_instrument(
            registration=budi, kind="FR.IA.01", content=b"teks biasa", name="catatan.txt", actor=assessor
        )
    with pytest.raises(ValidationError) as wrong_kind:
        services.upload_instrument(registration=budi, kind="FR.XX", content=PDF, name="a.pdf", actor=assessor)

    assert uploaded.unit == units[0] and uploaded.file.content_type == "application/pdf"
    assert "file" in wrong_type.value.message_dict and "kind" in wrong_kind.value.message_dict
    assert InstrumentFile.objects.count() == 1
