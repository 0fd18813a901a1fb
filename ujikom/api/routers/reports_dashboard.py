"""/api/v1/reports/dashboard: every figure of the dashboard panels of one organization the caller may
report on (`reports.view` there): open and overdue tasks, upcoming events with their readiness,
unconfirmed candidates and assessors, what expires within 30/90 days, and the 12-month series — plus
the caller's own tasks and assessor assignments when their roles show those panels."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ujikom.reports import selectors_dashboard as selectors
from ujikom.reports.scope import chosen_organization

from ..auth import caller
from ..schemas import Message

router = Router(tags=["Laporan: dasbor"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message}


class DashboardFilters(Schema):
    organization: str = Field(
        "", description="public_id organisasi; kosong: organisasi pertama yang boleh dilihat"
    )


class OrganizationOut(Schema):
    public_id: uuid.UUID
    code: str
    name: str


class TaskOut(Schema):
    public_id: uuid.UUID
    run: str
    sop_code: str
    step_number: int
    due_at: dt.datetime | None
    overdue: bool


class MyTasksOut(Schema):
    open: int
    overdue: int
    first: list[TaskOut]


class StepOut(Schema):
    sop_code: str
    step_number: int
    activity: str
    open: int
    overdue: int


class OrganizationTasksOut(Schema):
    open: int
    overdue: int
    steps: list[StepOut] = Field(description="paling banyak 5 langkah, terbanyak tugas terlambat dahulu")


class UpcomingEventOut(Schema):
    public_id: uuid.UUID
    title: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    site: str
    scheme: str
    site_verified: bool
    assessors_confirmed: int
    assessors_assigned: int = Field(
        description="dikonfirmasi + menunggu jawaban (yang menolak tidak dihitung)"
    )
    readiness_confirmed: bool
    accepted: int
    quota: int
    unconfirmed_candidates: int
    unconfirmed_assessors: int


class UpcomingOut(Schema):
    days: int
    until: dt.date
    total: int
    first: list[UpcomingEventOut] = Field(description="paling banyak 10, yang paling dekat dahulu")


class EventCountOut(Schema):
    public_id: uuid.UUID
    title: str
    starts_on: dt.date
    count: int


class UnconfirmedOut(Schema):
    candidates: int = Field(description="peserta diterima yang belum mengonfirmasi kehadiran")
    assessors: int = Field(description="penugasan asesor yang belum dijawab")
    candidate_events: list[EventCountOut]
    assessor_events: list[EventCountOut]


class ExpiringOut(Schema):
    certificates_30: int
    certificates_90: int
    assessors_30: int
    assessors_90: int


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM", examples=["2026-03"])
    tested: int
    competent: int
    certificates: int


class AssignmentOut(Schema):
    public_id: uuid.UUID
    day: dt.date
    status: str
    event: str
    event_public_id: uuid.UUID
    site: str


class MyAssignmentsOut(Schema):
    upcoming: int
    unconfirmed: int
    first: list[AssignmentOut]


class DashboardOut(Schema):
    organization: OrganizationOut
    today: dt.date
    panels: list[str] = Field(description="my_tasks, official, assessor, candidate")
    my_tasks: MyTasksOut | None
    organization_tasks: OrganizationTasksOut | None
    upcoming: UpcomingOut | None
    unconfirmed: UnconfirmedOut | None
    expiring: ExpiringOut | None
    series: list[MonthOut] = Field(description="12 bulan terakhir, bulan ini terakhir")
    series_counted_at: dt.datetime | None = Field(
        description="saat deret 12 bulan dihitung (dipakai ulang paling lama 10 menit)"
    )
    my_assignments: MyAssignmentsOut | None


def _as_json(board: selectors.Dashboard) -> dict[str, object]:
    organization = board.organization
    assert organization is not None
    official = selectors.OFFICIAL in board.panels
    data: dict[str, object] = {
        "organization": {
            "public_id": organization.public_id,
            "code": organization.code,
            "name": organization.name,
        },
        "today": board.today,
        "panels": sorted(board.panels),
        "my_tasks": None,
        "organization_tasks": None,
        "upcoming": None,
        "unconfirmed": None,
        "expiring": None,
        "series": [],
        "series_counted_at": None,
        "my_assignments": None,
    }
    if board.my_tasks is not None:
        data["my_tasks"] = {
            "open": board.my_tasks.open,
            "overdue": board.my_tasks.overdue,
            "first": [
                {
                    "public_id": task.public_id,
                    "run": task.step_run.run.title,
                    "sop_code": task.step_run.run.version.code,
                    "step_number": task.step_run.step.number,
                    "due_at": task.due_at,
                    "overdue": task.is_overdue,  # type: ignore[attr-defined]
                }
                for task in board.my_tasks.first
            ],
        }
    if board.my_assignments is not None:
        data["my_assignments"] = {
            "upcoming": board.my_assignments.upcoming,
            "unconfirmed": board.my_assignments.unconfirmed,
            "first": [
                {
                    "public_id": assignment.public_id,
                    "day": assignment.day,
                    "status": assignment.status,
                    "event": assignment.event.title,
                    "event_public_id": assignment.event.public_id,
                    "site": assignment.event.site.name,
                }
                for assignment in board.my_assignments.first
            ],
        }
    if official and board.organization_tasks is not None and board.unconfirmed and board.expiring:
        data["organization_tasks"] = {
            "open": board.organization_tasks.open,
            "overdue": board.organization_tasks.overdue,
            "steps": [vars(step) for step in board.organization_tasks.steps],
        }
        data["upcoming"] = {
            "days": selectors.UPCOMING_DAYS,
            "until": board.upcoming_until,
            "total": board.upcoming_total,
            "first": [
                {
                    "public_id": row.event.public_id,
                    "title": row.event.title,
                    "starts_on": row.event.starts_on,
                    "ends_on": row.event.ends_on,
                    "status": row.event.status,
                    "site": row.event.site.name,
                    "scheme": row.event.scheme.code,
                    "site_verified": row.site_verified,
                    "assessors_confirmed": row.assessors_confirmed,
                    "assessors_assigned": row.assessors_assigned,
                    "readiness_confirmed": row.readiness_confirmed,
                    "accepted": row.accepted,
                    "quota": row.quota,
                    "unconfirmed_candidates": row.unconfirmed_candidates,
                    "unconfirmed_assessors": row.unconfirmed_assessors,
                }
                for row in board.upcoming
            ],
        }
        data["unconfirmed"] = {
            "candidates": board.unconfirmed.candidates,
            "assessors": board.unconfirmed.assessors,
            "candidate_events": [vars(row) for row in board.unconfirmed.candidate_events],
            "assessor_events": [vars(row) for row in board.unconfirmed.assessor_events],
        }
        data["expiring"] = vars(board.expiring)
        data["series_counted_at"] = board.series_counted_at
        data["series"] = [
            {
                "month": month.month.strftime("%Y-%m"),
                "tested": month.tested,
                "competent": month.competent,
                "certificates": month.certificates,
            }
            for month in board.series
        ]
    return data


@router.get(
    "/reports/dashboard",
    response={200: DashboardOut, **ERRORS},
    summary="Angka dasbor satu organisasi (tugas, uji mendatang, konfirmasi, masa berlaku, 12 bulan)",
)
def dashboard(request: HttpRequest, filters: Query[DashboardFilters]) -> dict[str, object]:
    """403 when the caller may not report on the organization asked for (or on any)."""
    user = caller(request)
    organization = chosen_organization(user, filters.organization.strip() or None, None)
    return _as_json(selectors.dashboard(user, organization))
