"""Readiness of a test day (PSM/DISNAKER-10 steps 1–4) with the same permissions as the pages:
schedule distribution, the readiness form, reminder rules, attendance answers, and the candidate's
answer by the link's token (no login)."""

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from ujikom.scheduling import selectors_readiness as selectors
from ujikom.scheduling import services_readiness as services
from ujikom.scheduling.models import (
    AttendanceAnswer,
    ReadinessForm,
    ReadinessReport,
    ReminderRule,
    ScheduleDistribution,
)
from ujikom.scheduling.throttle_readiness import too_many_link_attempts

from ..auth import caller
from ..errors import service_errors
from ..schemas import Message, ValidationErrors

router = Router(tags=["Kesiapan uji: distribusi jadwal, kesiapan, pengingat, konfirmasi"])

ERRORS: dict[int, type[Schema]] = {401: Message, 403: Message, 404: Message, 422: ValidationErrors}


class Input(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DistributionOut(Schema):
    recap_number: str
    recap: uuid.UUID = Field(description="public_id berkas rekap (PDF)")
    schedule: uuid.UUID = Field(description="public_id berkas jadwal (PDF)")
    schedule_xlsx: uuid.UUID = Field(description="public_id berkas jadwal (xlsx)")
    confirmations: uuid.UUID = Field(description="public_id berkas konfirmasi asesor (PDF)")
    created_at: dt.datetime
    sent_at: dt.datetime | None = None
    recipients: int

    @staticmethod
    def resolve_recap(obj: ScheduleDistribution) -> uuid.UUID:
        return obj.recap.public_id

    @staticmethod
    def resolve_schedule(obj: ScheduleDistribution) -> uuid.UUID:
        return obj.schedule.public_id

    @staticmethod
    def resolve_schedule_xlsx(obj: ScheduleDistribution) -> uuid.UUID:
        return obj.schedule_xlsx.public_id

    @staticmethod
    def resolve_confirmations(obj: ScheduleDistribution) -> uuid.UUID:
        return obj.confirmations.public_id


class ChecklistRow(Schema):
    key: str
    ready: bool
    note: str = ""


class ReadinessOut(Schema):
    checklist: list[ChecklistRow]
    notes: str
    filled_by: str
    filled_at: dt.datetime
    confirmed_by: str | None = None
    confirmed_at: dt.datetime | None = None
    number: str
    file: uuid.UUID | None = None

    @staticmethod
    def resolve_filled_by(obj: ReadinessForm) -> str:
        return obj.filled_by.username

    @staticmethod
    def resolve_confirmed_by(obj: ReadinessForm) -> str | None:
        return obj.confirmed_by.username if obj.confirmed_by else None

    @staticmethod
    def resolve_file(obj: ReadinessForm) -> uuid.UUID | None:
        return obj.file.public_id if obj.file else None


class ReadinessIn(Input):
    checklist: list[ChecklistRow] = Field(
        description="satu per butir: " + ", ".join(key for key, _label in services.READINESS_ITEMS)
    )
    notes: str = Field("", max_length=2000)


class ConfirmIn(Input):
    notes: str = Field("", max_length=2000)


class RuleOut(Schema):
    id: int
    days_before: int
    hour: int
    channels: list[str]


class RuleIn(Input):
    days_before: int = Field(description="hari sebelum hari pertama uji (0–30)")
    hour: int = Field(8, description="jam pengiriman WIB (0–23)")
    channels: list[Literal["email", "whatsapp"]] = Field(["email", "whatsapp"])


class ConfirmationRow(Schema):
    registration: uuid.UUID
    full_name: str
    answer: str | None = Field(None, description="attending, absent, atau null (belum menjawab)")
    reason: str = ""
    via: str = ""
    answered_at: dt.datetime | None = None


class ConfirmationsOut(Schema):
    accepted: int
    attending: int
    absent: int
    unanswered: int
    rows: list[ConfirmationRow]


class AnswerIn(Input):
    answer: Literal["attending", "absent"]
    reason: str = Field("", max_length=1000, description="wajib bila absent")


class AnswerOut(Schema):
    answer: str
    reason: str
    answered_at: dt.datetime


class SentOut(Schema):
    sent: int


class ReportOut(Schema):
    kind: ReadinessReport.Kind
    number: str = Field(description="nomor laporan; kosong bila belum ada pola penomoran")
    file: uuid.UUID = Field(description="public_id berkas laporan (PDF)")
    file_name: str
    created_by: str | None = None
    created_at: dt.datetime

    @staticmethod
    def resolve_file(obj: ReadinessReport) -> uuid.UUID:
        return obj.file.public_id

    @staticmethod
    def resolve_file_name(obj: ReadinessReport) -> str:
        return obj.file.original_name

    @staticmethod
    def resolve_created_by(obj: ReadinessReport) -> str | None:
        return obj.created_by.username if obj.created_by else None


# ---- step 1 --------------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/distribution",
    response={200: DistributionOut, **ERRORS},
    summary="Distribusi jadwal terakhir (rekap, jadwal, konfirmasi asesor)",
)
def distribution_detail(request: HttpRequest, public_id: uuid.UUID) -> ScheduleDistribution:
    event = selectors.event_for(caller(request), public_id)
    distribution = selectors.latest_distribution(event)
    if distribution is None:
        raise Http404(_("Distribusi jadwal belum dibuat."))
    return distribution


@router.post(
    "/events/{public_id}/distribution",
    response={201: DistributionOut, **ERRORS},
    summary="Buat rekap calon peserta, jadwal (PDF dan xlsx) dan konfirmasi asesor",
)
def distribution_generate(request: HttpRequest, public_id: uuid.UUID) -> Status[ScheduleDistribution]:
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.REGISTER)
    with service_errors():
        return Status(201, services.generate_schedule_distribution(event=event, actor=user))


@router.post(
    "/events/{public_id}/distribution/send",
    response={200: DistributionOut, **ERRORS},
    summary="Kirim jadwal kepada calon peserta (email dan WhatsApp)",
)
def distribution_send(request: HttpRequest, public_id: uuid.UUID) -> ScheduleDistribution:
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.REGISTER)
    distribution = selectors.latest_distribution(event)
    if distribution is None:
        raise Http404(_("Distribusi jadwal belum dibuat."))
    with service_errors():
        services.send_schedule_distribution(distribution=distribution, actor=user)
    return distribution


# ---- step 2 --------------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/readiness",
    response={200: ReadinessOut, **ERRORS},
    summary="Form kesiapan sarana prasarana",
)
def readiness_detail(request: HttpRequest, public_id: uuid.UUID) -> ReadinessForm:
    event = selectors.event_for(caller(request), public_id)
    form = selectors.readiness_form_of(event)
    if form is None:
        raise Http404(_("Form kesiapan belum diisi."))
    return form


@router.post(
    "/events/{public_id}/readiness",
    response={200: ReadinessOut, **ERRORS},
    summary="Isi form kesiapan sarana prasarana (Teknis Operasional)",
)
def readiness_fill(request: HttpRequest, public_id: uuid.UUID, payload: ReadinessIn) -> ReadinessForm:
    user = caller(request)
    event = selectors.event_for(user, public_id)
    if not selectors.may_fill_readiness(user, event):
        raise PermissionDenied(_("Form kesiapan diisi oleh Bidang Teknis Operasional."))
    items = [services.ReadinessItem(row.key, row.ready, row.note) for row in payload.checklist]
    renames = {
        f"{key}_{part}": f"checklist.{key}"
        for key, _l in services.READINESS_ITEMS
        for part in ("ready", "note")
    }
    with service_errors(renames=renames):
        return services.fill_readiness(event=event, actor=user, items=items, notes=payload.notes)


@router.post(
    "/events/{public_id}/readiness/confirm",
    response={200: ReadinessOut, **ERRORS},
    summary="Konfirmasi rencana pelaksanaan (Kepala TUK); form kesiapan dicetak",
)
def readiness_confirm(request: HttpRequest, public_id: uuid.UUID, payload: ConfirmIn) -> ReadinessForm:
    user = caller(request)
    event = selectors.event_for(user, public_id)
    with service_errors():
        return services.confirm_readiness(event=event, actor=user, notes=payload.notes)


# ---- step 3 --------------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/reminder-rules",
    response={200: list[RuleOut], **ERRORS},
    summary="Aturan pengingat calon peserta",
)
def reminder_rules(request: HttpRequest, public_id: uuid.UUID) -> list[ReminderRule]:
    return selectors.reminder_rules_of(selectors.event_for(caller(request), public_id))


@router.post(
    "/events/{public_id}/reminder-rules",
    response={201: RuleOut, **ERRORS},
    summary="Tambah aturan pengingat (H-n pukul j WIB)",
)
def reminder_rule_add(request: HttpRequest, public_id: uuid.UUID, payload: RuleIn) -> Status[ReminderRule]:
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.REGISTER)
    with service_errors():
        rule = services.add_reminder_rule(
            event=event,
            actor=user,
            days_before=payload.days_before,
            hour=payload.hour,
            channels=payload.channels,
        )
    return Status(201, rule)


@router.delete(
    "/events/{public_id}/reminder-rules/{rule_id}",
    response={204: None, **ERRORS},
    summary="Hapus aturan pengingat",
)
def reminder_rule_remove(request: HttpRequest, public_id: uuid.UUID, rule_id: int) -> Status[None]:
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.REGISTER)
    services.remove_reminder_rule(rule=get_object_or_404(ReminderRule, pk=rule_id, event=event), actor=user)
    return Status(204, None)


@router.post(
    "/events/{public_id}/reminders/send-now",
    response={200: SentOut, **ERRORS},
    summary="Kirim pengingat sekarang kepada semua calon peserta yang diterima",
)
def reminders_send_now(request: HttpRequest, public_id: uuid.UUID) -> dict[str, int]:
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.REGISTER)
    with service_errors():
        return {"sent": services.send_reminders_now(event=event, actor=user)}


@router.get(
    "/events/{public_id}/reminders/reports",
    response={200: list[ReportOut], **ERRORS},
    summary="Laporan pengingat yang sudah dibuat",
)
def reminders_reports(request: HttpRequest, public_id: uuid.UUID) -> list[ReadinessReport]:
    return selectors.reports_of(selectors.event_for(caller(request), public_id), "reminders")


@router.post(
    "/events/{public_id}/reminders/report",
    response={201: ReportOut, **ERRORS},
    summary="Buat laporan pengingat (output langkah 3 PSM/DISNAKER-10)",
)
def reminders_report(request: HttpRequest, public_id: uuid.UUID) -> Status[ReadinessReport]:
    """The report of the reminders sent so far, as on the reminders page ("Buat laporan pengingat")."""
    user = caller(request)
    event = selectors.event_for(user, public_id, selectors.REGISTER)
    with service_errors():
        return Status(201, services.record_reminders_report(event=event, actor=user))


# ---- step 4 --------------------------------------------------------------------------------------


@router.get(
    "/events/{public_id}/confirmations",
    response={200: ConfirmationsOut, **ERRORS},
    summary="Konfirmasi kehadiran calon peserta (siapa yang belum menjawab)",
)
def confirmations(request: HttpRequest, public_id: uuid.UUID) -> dict[str, object]:
    event = selectors.event_for(caller(request), public_id)
    summary = selectors.confirmation_summary(event)
    rows = []
    for registration in selectors.accepted_registrations(event):
        answer: AttendanceAnswer | None = getattr(registration, "attendance_answer", None)
        rows.append(
            {
                "registration": registration.public_id,
                "full_name": registration.full_name,
                "answer": answer.answer if answer else None,
                "reason": answer.reason if answer else "",
                "via": answer.via if answer else "",
                "answered_at": answer.answered_at if answer else None,
            }
        )
    return {
        "accepted": summary.accepted,
        "attending": summary.attending,
        "absent": summary.absent,
        "unanswered": summary.unanswered,
        "rows": rows,
    }


@router.post(
    "/attendance/{token}",
    response={200: AnswerOut, 404: Message, 422: ValidationErrors, 429: Message},
    auth=None,
    summary="Jawaban calon peserta melalui tautan konfirmasi (tanpa login)",
)
def attendance_by_token(request: HttpRequest, token: str, payload: AnswerIn) -> Status[object]:
    if too_many_link_attempts(request):
        return Status(429, {"detail": _("Terlalu banyak percobaan. Coba lagi beberapa menit lagi.")})
    registration = selectors.registration_by_token(token)
    if registration is None:
        raise Http404(_("Tidak ditemukan."))
    with service_errors():
        answer = services.answer_attendance(
            registration=registration,
            attending=payload.answer == "attending",
            reason=payload.reason,
            via=AttendanceAnswer.Via.LINK,
            actor=None,
        )
    return Status(200, answer)
