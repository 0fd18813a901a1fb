"""Finishing the stages moves the case's SOP run: indicators (3), causes (4), plan (5), evaluation (7);
each refuses while its record is missing, and signs off nothing when its step is not active."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ujikom.core.models import AuditEvent
from ujikom.productivity import services_analysis as services
from ujikom.productivity.sop_binding import active_stage

from .conftest import identify

pytestmark = pytest.mark.django_db


def test_finishing_indicators_needs_a_measurement_and_then_moves_to_causes(open_case, petugas, measure):
    identify(open_case, petugas)
    with pytest.raises(ValidationError) as caught:
        services.finish_indicators(case=open_case, actor=petugas)
    assert "sekurang-kurangnya satu pengukuran" in caught.value.messages[0]

    measure(open_case, 1)
    done = services.finish_indicators(case=open_case, actor=petugas)

    assert len(done) == 1
    assert active_stage(open_case).action == "productivity.causes"
    assert AuditEvent.objects.filter(event_type="productivity.indicators.finished").exists()


def test_finishing_a_stage_that_is_not_active_signs_off_nothing(open_case, petugas, measure):
    measure(open_case, 1)

    assert services.finish_indicators(case=open_case, actor=petugas) == []
    assert active_stage(open_case).action == "productivity.identification"


def test_finishing_causes_needs_a_root_cause(open_case, petugas, drive):
    drive(open_case, "productivity.causes")
    services.add_cause(case=open_case, actor=petugas, category="people", text="Operator baru")

    with pytest.raises(ValidationError) as caught:
        services.finish_causes(case=open_case, actor=petugas)
    assert caught.value.messages == ["Tandai sekurang-kurangnya satu sebab sebagai akar masalah."]

    services.add_cause(case=open_case, actor=petugas, category="method", text="Tanpa SOP kerja", is_root=True)
    assert len(services.finish_causes(case=open_case, actor=petugas)) == 1
    assert active_stage(open_case).action == "productivity.plan"


def test_finishing_the_plan_moves_to_the_follow_up(open_case, petugas, drive):
    drive(open_case, "productivity.plan")
    with pytest.raises(ValidationError):
        services.finish_plan(case=open_case, actor=petugas)

    root = open_case.causes.get(is_root=True)
    services.add_action(
        case=open_case,
        actor=petugas,
        description="Tata ulang",
        owner="Produksi",
        due_on=timezone.localdate(),
        cause=root,
    )

    assert len(services.finish_plan(case=open_case, actor=petugas)) == 1
    assert active_stage(open_case).action == "productivity.follow_up"


def test_finishing_the_evaluation_needs_it_and_moves_to_closing(open_case, petugas, drive, measure):
    drive(open_case, "productivity.evaluation")
    with pytest.raises(ValidationError) as caught:
        services.finish_evaluation(case=open_case, actor=petugas)
    assert "Catat evaluasi" in caught.value.messages[0]

    after = measure(open_case, 6)
    services.record_evaluation(
        case=open_case,
        actor=petugas,
        before=open_case.measurements.first(),
        after=after,
        evaluated_on=timezone.localdate(),
        conclusion="Output per jam naik.",
    )

    assert len(services.finish_evaluation(case=open_case, actor=petugas)) == 1
    assert active_stage(open_case).action == "productivity.close"


def test_every_analysis_event_reads_as_words_in_the_audit_log():
    from ujikom.core.audit import event_label

    assert all(event_label(key) != key for key in services.EVENT_LABELS)
    assert event_label("productivity.whys.set") == "Analisis 5 mengapa dicatat"
