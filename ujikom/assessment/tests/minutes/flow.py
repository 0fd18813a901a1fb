"""Driving an event from its signed minutes to a complete archive through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ujikom.assessment.models import Review
from ujikom.assessment.services_review import record_meeting_notes, record_review


def review_all(event, tekops, site_head, quality) -> None:
    """The whole chain approved, with its minutes of meeting."""
    for stage, actor in [(Review.Stage.TECHNICAL, tekops), (Review.Stage.SITE_HEAD, site_head)]:
        record_review(event=event, stage=stage, outcome=Review.Outcome.APPROVED, notes="Sesuai.", actor=actor)
    record_meeting_notes(
        event=event,
        actor=quality,
        held_at=timezone.now() - dt.timedelta(hours=1),
        place="Ruang rapat TUK",
        attendees="Agus Teknis, Hendra Kepala TUK, Sri Mutu",
        agenda="Kaji ulang",
        discussion="Sesuai ketentuan.",
        conclusions="Direkomendasikan ke LSP.",
    )
    for stage, actor in [(Review.Stage.QUALITY, quality), (Review.Stage.FINAL, site_head)]:
        record_review(event=event, stage=stage, outcome=Review.Outcome.APPROVED, notes="Sesuai.", actor=actor)
