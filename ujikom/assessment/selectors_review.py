"""Reading the review chain of an event (SOP PSM/DISNAKER-10 step 7): the stages in their order, who
may review each, the current and past reviews, the minutes of meeting and the recommendation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ujikom.core.access import has_any_role, has_permission
from ujikom.core.models import User
from ujikom.scheduling.models import TestEvent

from .access import REVIEW, event_organizations
from .models import MeetingNotes, Recommendation, Review

Stage = Review.Stage

# SOP PSM/DISNAKER-10 step 7: Teknis Operasional → Kepala TUK → Manajemen Mutu → final review (Kepala TUK).
STAGES: list[str] = [Stage.TECHNICAL, Stage.SITE_HEAD, Stage.QUALITY, Stage.FINAL]
STAGE_ROLES: dict[str, str] = {
    Stage.TECHNICAL: "technical_ops",
    Stage.SITE_HEAD: "site_head",
    Stage.QUALITY: "quality",
    Stage.FINAL: "site_head",
}
STAGE_PLAYERS: dict[str, Any] = {
    Stage.TECHNICAL: _("Bidang Teknis Operasional"),
    Stage.SITE_HEAD: _("Kepala TUK"),
    Stage.QUALITY: _("Bidang Manajemen Mutu"),
    Stage.FINAL: _("Kepala TUK"),
}
STAGE_TASKS: dict[str, Any] = {
    Stage.TECHNICAL: _("mengkaji ulang pelaksanaan dan menyerahkan berkas ke Kepala TUK"),
    Stage.SITE_HEAD: _("mengkaji ulang pelaksanaan dan meminta Bagian Administrasi mengarsipkan berkas"),
    Stage.QUALITY: _("memeriksa berkas hasil uji kompetensi serta membuat rekomendasi ke LSP"),
    Stage.FINAL: _("kaji ulang akhir pelaksanaan uji kompetensi"),
}


def stage_label(stage: str) -> str:
    return str(Stage(stage).label)


def may_review(user: User, event: TestEvent, stage: str) -> bool:
    """The stage's role and `assessment.review`, in one of the event's organizations."""
    if user.is_superuser:
        return True
    role = STAGE_ROLES[stage]
    return any(
        has_any_role(user, [role], organization) and has_permission(user, REVIEW, organization)
        for organization in event_organizations(event)
    )


def reviews_of(event: TestEvent) -> list[Review]:
    """Every review of the event, current and past, oldest first."""
    return list(Review.objects.filter(event=event).select_related("reviewer").order_by("created_at", "id"))


def current_reviews(event: TestEvent) -> dict[str, Review]:
    return {
        review.stage: review
        for review in Review.objects.filter(event=event, is_current=True).select_related("reviewer")
    }


def next_stage(current: dict[str, Review]) -> str | None:
    """The first stage not yet approved; None when the whole chain is."""
    return next(
        (
            stage
            for stage in STAGES
            if stage not in current or current[stage].outcome != Review.Outcome.APPROVED
        ),
        None,
    )


def meeting_notes_of(event: TestEvent) -> MeetingNotes | None:
    return (
        MeetingNotes.objects.filter(event=event)
        .select_related("file", "created_by")
        .order_by("-held_at", "-id")
        .first()
    )


def recommendation_of(event: TestEvent) -> Recommendation | None:
    return (
        Recommendation.objects.filter(event=event)
        .select_related("letter", "package", "handed_over_by", "received_by")
        .first()
    )


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    player: str
    task: str
    review: Review | None
    is_next: bool
    may_act: bool


def chain_rows(event: TestEvent, user: User) -> list[StageRow]:
    """The chain as the review page shows it: each stage, its current review, whether it is next and
    whether `user` may review it."""
    current = current_reviews(event)
    upcoming = next_stage(current)
    return [
        StageRow(
            stage=stage,
            label=stage_label(stage),
            player=str(STAGE_PLAYERS[stage]),
            task=str(STAGE_TASKS[stage]),
            review=current.get(stage),
            is_next=stage == upcoming,
            may_act=stage == upcoming and may_review(user, event, stage),
        )
        for stage in STAGES
    ]
