"""Writes of the register and of a case's first stages: companies, opening a case (numbered, its SOP
run started and step 1 signed off), identification with the company's figures, follow-up visits,
and cancelling. Every change names its actor and leaves an audit event; bad input raises a
ValidationError naming the field, and nothing changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.access import has_permission
from ujikom.core.audit import record_event
from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.core.numbering import next_number
from ujikom.documents.typst import indonesian_date
from ujikom.sop import engine
from ujikom.sop.library import version_in_force
from ujikom.sop.models import Run, SopVersion, Task

from . import documents, sop_binding
from .access import RECORD
from .models import Company, CompanyFigure, FollowUpVisit, GuidanceCase

EVENT_LABELS = {
    "productivity.company.created": gettext_lazy("Perusahaan/instansi didaftarkan"),
    "productivity.company.updated": gettext_lazy("Data perusahaan/instansi diubah"),
    "productivity.company.activated": gettext_lazy("Perusahaan/instansi diaktifkan kembali"),
    "productivity.company.deactivated": gettext_lazy("Perusahaan/instansi dinonaktifkan"),
    "productivity.case.opened": gettext_lazy("Kasus bimbingan produktivitas dibuka"),
    "productivity.case.identification_recorded": gettext_lazy("Hasil identifikasi permasalahan dicatat"),
    "productivity.case.identification_finished": gettext_lazy("Tahap identifikasi permasalahan diselesaikan"),
    "productivity.visit.added": gettext_lazy("Kunjungan tindak lanjut dicatat"),
    "productivity.visit.updated": gettext_lazy("Kunjungan tindak lanjut diubah"),
    "productivity.visit.deleted": gettext_lazy("Kunjungan tindak lanjut dihapus"),
    "productivity.case.follow_up_finished": gettext_lazy("Tahap kunjungan tindak lanjut diselesaikan"),
    "productivity.case.cancelled": gettext_lazy("Kasus bimbingan produktivitas dibatalkan"),
}

CASE_DOCUMENT = "guidance_case"
MAX_FIGURES = 10
CENT = Decimal("0.01")
FIGURE_LIMIT = Decimal("1e16")
COMPANY_FIELDS = (
    "name",
    "kind",
    "sector",
    "size",
    "workers",
    "address",
    "contact_name",
    "contact_position",
    "contact_phone",
    "contact_email",
    "notes",
)
VISIT_FIELDS = ("visited_on", "met_with", "findings", "next_steps")


@dataclass(frozen=True)
class FigureInput:
    """One of the company's own figures as entered on the identification form."""

    label: str
    value: Decimal
    unit: str = ""
    source: str = ""


def refuse_if_closed(case: GuidanceCase) -> None:
    """ValidationError unless the case is still being worked (a closed or cancelled case is history)."""
    if case.status == GuidanceCase.Status.CLOSED:
        raise ValidationError(_("Kasus sudah ditutup; datanya tidak dapat diubah."))
    if case.status == GuidanceCase.Status.CANCELLED:
        raise ValidationError(_("Kasus sudah dibatalkan; datanya tidak dapat diubah."))


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _model_errors(error: ValidationError) -> dict[str, str]:
    return {field: str(messages[0]) for field, messages in error.message_dict.items()}


# ---- the register --------------------------------------------------------------------------------


def _validate_company(company: Company) -> None:
    errors: dict[str, str] = {}
    company.name = (company.name or "").strip()
    company.address = (company.address or "").strip()
    company.contact_name = (company.contact_name or "").strip()
    if not company.name:
        errors["name"] = _("Tuliskan nama perusahaan/instansi.")
    if not company.address:
        errors["address"] = _("Tuliskan alamat perusahaan/instansi.")
    if not company.contact_name:
        errors["contact_name"] = _("Tuliskan nama narahubung di perusahaan/instansi.")
    if company.workers is not None and company.workers <= 0:
        errors["workers"] = _("Jumlah pekerja harus lebih dari 0 (kosongkan bila belum diketahui).")
    if company.name:
        same = Company.objects.filter(organization=company.organization, name__iexact=company.name)
        if company.pk is not None:
            same = same.exclude(pk=company.pk)
        existing = same.first()
        if existing is not None:
            errors["name"] = _(
                "“%(name)s” sudah terdaftar di register %(organization)s (sebagai “%(existing)s”); "
                "buka data yang ada atau beri nama yang membedakan."
            ) % {"name": company.name, "organization": company.organization, "existing": existing.name}
    try:
        company.full_clean(exclude=[name for name in errors] + ["organization"], validate_constraints=False)
    except ValidationError as error:
        for field, message in _model_errors(error).items():
            errors.setdefault(field, message)
    _raise(errors)


@transaction.atomic
def create_company(
    *,
    organization: Organization,
    actor: User,
    name: str,
    kind: str,
    sector: str,
    size: str,
    workers: int | None,
    address: str,
    contact_name: str,
    contact_position: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    notes: str = "",
) -> Company:
    """Register a company or institution in the office's register."""
    company = Company(
        organization=organization,
        name=name,
        kind=kind,
        sector=sector,
        size=size,
        workers=workers,
        address=address,
        contact_name=contact_name,
        contact_position=(contact_position or "").strip(),
        contact_phone=(contact_phone or "").strip(),
        contact_email=(contact_email or "").strip(),
        notes=(notes or "").strip(),
    )
    _validate_company(company)
    company.save()
    record_event(
        company,
        "productivity.company.created",
        actor=actor,
        organization=organization,
        data={"public_id": company.public_id, "name": company.name, "sector": company.sector},
    )
    return company


@transaction.atomic
def update_company(*, company: Company, actor: User, **fields: Any) -> Company:
    """Change the register data of a company (any of COMPANY_FIELDS)."""
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"update_company() got unexpected fields: {sorted(unknown)}")
    company = Company.objects.select_for_update().get(pk=company.pk)
    changed = {}
    for name, value in fields.items():
        if isinstance(value, str) and name not in ("name", "address", "contact_name"):
            value = value.strip()
        if getattr(company, name) != value:
            changed[name] = value
            setattr(company, name, value)
    _validate_company(company)
    if changed:
        company.save()
        record_event(
            company,
            "productivity.company.updated",
            actor=actor,
            organization=company.organization,
            data={"public_id": company.public_id, "changed": sorted(changed)},
        )
    return company


@transaction.atomic
def set_company_active(*, company: Company, actor: User, active: bool) -> Company:
    """Deactivate a company that closed down or merged (kept for history), or activate it again."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.is_active == active:
        return company
    company.is_active = active
    company.save(update_fields=["is_active", "updated_at"])
    record_event(
        company,
        "productivity.company.activated" if active else "productivity.company.deactivated",
        actor=actor,
        organization=company.organization,
        data={"public_id": company.public_id, "name": company.name},
    )
    return company


# ---- opening a case ------------------------------------------------------------------------------


def binds_stages(version: SopVersion) -> bool:
    """Whether some step of `version` is bound to a stage of the case page."""
    return version.steps.filter(action__startswith="productivity.").exists()


def opening_problem(organization: Organization) -> tuple[SopVersion | None, str]:
    """The SOP version a case opened today runs under, or the sentence saying why none can be opened."""
    version = version_in_force(organization=organization, code=sop_binding.SOP_CODE)
    if version is None:
        return None, _(
            "SOP %(code)s tidak mempunyai versi yang berlaku di %(organization)s, jadi kasus belum dapat "
            "dibuka; sahkan dulu versinya di pustaka SOP."
        ) % {"code": sop_binding.SOP_CODE, "organization": organization}
    if not binds_stages(version):
        draft = (
            SopVersion.objects.filter(
                sop=version.sop, status=SopVersion.Status.DRAFT, number__gt=version.number
            )
            .order_by("-number")
            .first()
        )
        if draft is not None:
            advice = _("Sahkan usulan revisinya (versi %(number)s) di pustaka SOP, lalu buka kasus.") % {
                "number": draft.number
            }
        else:
            advice = _("Susun dan sahkan revisinya di pustaka SOP, lalu buka kasus.")
        return version, _(
            "Versi SOP %(code)s yang berlaku (versi %(number)s) tidak memuat langkah bimbingan "
            "produktivitas: tabel kegiatannya sama dengan SOP sertifikasi. %(advice)s"
        ) % {"code": sop_binding.SOP_CODE, "number": version.number, "advice": advice}
    return version, ""


def numbering_problem(organization: Organization) -> str:
    """The sentence saying that cases cannot be numbered yet in the office, or ""."""
    if NumberingPattern.objects.filter(organization=organization, document_type__code=CASE_DOCUMENT).exists():
        return ""
    kind = DocumentType.objects.filter(code=CASE_DOCUMENT).first()
    return _(
        "Belum ada pola penomoran %(type)s di %(organization)s; minta pengelola penomoran "
        "menambahkannya terlebih dahulu."
    ) % {"type": kind.name if kind else CASE_DOCUMENT, "organization": organization.name}


def library_url(version: SopVersion | None) -> str:
    """Where the SOP is approved: its page in the library, else the library."""
    if version is not None:
        return reverse("sop:sop_detail", args=[version.sop.public_id])
    return reverse("sop:library")


def officer_may_record(officer: User, organization: Organization) -> bool:
    return officer.is_active and has_permission(officer, RECORD, organization)


def _not_future(errors: dict[str, str], field: str, value: Any, label: str) -> None:
    today = timezone.localdate()
    if value is not None and value > today:
        errors[field] = _("%(label)s (%(date)s) belum tiba; hari ini %(today)s.") % {
            "label": label,
            "date": indonesian_date(value),
            "today": indonesian_date(today),
        }


@transaction.atomic
def open_case(
    *,
    organization: Organization,
    company: Company,
    title: str,
    origin: str,
    requested_on: dt.date | None,
    request_summary: str,
    output_unit: str,
    officer: User | None,
    actor: User,
) -> GuidanceCase:
    """Open a guidance case for a company of the register: numbered, a run of the SOP version in force
    started with the case as its subject, and step 1 (opening) signed off by the Kasi who opens it."""
    errors: dict[str, str] = {}
    title = (title or "").strip()
    request_summary = (request_summary or "").strip()
    output_unit = (output_unit or "").strip()
    if company.organization_id != organization.pk:
        errors["company"] = _("%(company)s tidak terdaftar di register %(organization)s.") % {
            "company": company,
            "organization": organization,
        }
    elif not company.is_active:
        errors["company"] = _(
            "%(company)s sudah dinonaktifkan di register; aktifkan lagi datanya sebelum membuka kasus."
        ) % {"company": company}
    if not title:
        errors["title"] = _("Tuliskan judul kasus, mis. “Peningkatan produktivitas lini jahit”.")
    if origin not in GuidanceCase.Origin.values:
        errors["origin"] = _("Pilih asal kasus: permohonan perusahaan atau penjangkauan oleh Dinas.")
    if requested_on is None:
        errors["requested_on"] = _("Isi tanggal permohonan atau penjangkauan.")
    _not_future(errors, "requested_on", requested_on, _("Tanggal permohonan/penjangkauan"))
    if not request_summary:
        errors["request_summary"] = _("Tuliskan ringkasan permohonan atau hasil penjangkauan.")
    if not output_unit:
        errors["output_unit"] = _("Tuliskan satuan output perusahaan, mis. unit, kg, potong.")
    if officer is not None and not officer_may_record(officer, organization):
        errors["officer"] = _(
            "%(officer)s tidak berhak mencatat pekerjaan bimbingan produktivitas di %(organization)s; "
            "pilih petugas yang berperan di sana."
        ) % {"officer": officer, "organization": organization}
    _raise(errors)
    assert requested_on is not None
    version, problem = opening_problem(organization)
    problem = problem or numbering_problem(organization)
    if problem:
        raise ValidationError(problem)
    case = GuidanceCase(
        organization=organization,
        company=company,
        title=title,
        origin=origin,
        requested_on=requested_on,
        request_summary=request_summary,
        output_unit=output_unit,
        officer=officer,
        opened_by=actor,
    )
    try:
        case.full_clean(exclude=["number", "run"])
    except ValidationError as error:
        raise ValidationError(_model_errors(error)) from None
    case.save()
    case.number = next_number(
        organization=organization, document_type=CASE_DOCUMENT, actor=actor, subject=case
    ).number
    case.run = sop_binding.start_case_run(case=case, actor=actor)
    case.save(update_fields=["number", "run", "updated_at"])
    signed = _finish(case=case, action="productivity.open_case", actor=actor)
    record_event(
        case,
        "productivity.case.opened",
        actor=actor,
        organization=organization,
        data={
            "public_id": case.public_id,
            "number": case.number,
            "company": company.name,
            "sop_version": version.number if version is not None else None,
            "run": case.run.public_id,
            "step_signed_off": bool(signed),
        },
    )
    return case


def _finish(*, case: GuidanceCase, action: str, actor: User) -> list[Task]:
    """Store the stage's worksheet and sign off the stage's step, when `actor` plays one of its open
    tasks; nothing (no worksheet either) when the step is not active or is offered to others."""
    if not any(engine.can_act_on(actor, task) for task in sop_binding.open_stage_tasks(case, action)):
        return []
    sheet = documents.stage_worksheet(case=case, action=action, actor=actor)
    return sop_binding.finish_stage(case=case, action=action, actor=actor, file=sheet)


# ---- identification ------------------------------------------------------------------------------


def _clean_figures(figures: list[FigureInput], errors: dict[str, str]) -> list[FigureInput]:
    cleaned = []
    for position, figure in enumerate(figures, start=1):
        label = (figure.label or "").strip()
        if not label:
            errors["figures"] = _("Data ke-%(n)s tidak mempunyai uraian; tuliskan apa yang diukur.") % {
                "n": position
            }
            break
        try:
            value = Decimal(figure.value).quantize(CENT, rounding=ROUND_HALF_UP)
        except (InvalidOperation, TypeError, ValueError):
            errors["figures"] = _("Nilai “%(label)s” bukan angka.") % {"label": label}
            break
        if abs(value) >= FIGURE_LIMIT:
            errors["figures"] = _("Nilai “%(label)s” terlalu besar.") % {"label": label}
            break
        for text, limit in ((label, 200), (figure.unit, 50), (figure.source, 200)):
            if len(text or "") > limit:
                errors["figures"] = _("Isian data “%(label)s” paling panjang %(limit)s karakter.") % {
                    "label": label[:40],
                    "limit": limit,
                }
        cleaned.append(
            FigureInput(
                label=label,
                value=value,
                unit=(figure.unit or "").strip(),
                source=(figure.source or "").strip(),
            )
        )
    if len(cleaned) > MAX_FIGURES:
        errors["figures"] = _("Paling banyak %(n)s data perusahaan.") % {"n": MAX_FIGURES}
    return cleaned


def _locked(case: GuidanceCase) -> GuidanceCase:
    return (
        GuidanceCase.objects.select_for_update(of=("self",))
        .select_related("company", "organization", "run")
        .get(pk=case.pk)
    )


@transaction.atomic
def record_identification(
    *,
    case: GuidanceCase,
    actor: User,
    identified_on: dt.date | None,
    problem_statement: str,
    identification_notes: str,
    figures: list[FigureInput],
) -> GuidanceCase:
    """Record the identification (SOP step 2): the date, the main problem (the head of the fishbone),
    the notes, and the company's own figures, which replace those recorded before."""
    case = _locked(case)
    refuse_if_closed(case)
    errors: dict[str, str] = {}
    problem_statement = (problem_statement or "").strip()
    identification_notes = (identification_notes or "").strip()
    if identified_on is None:
        errors["identified_on"] = _("Isi tanggal identifikasi.")
    elif identified_on < case.requested_on:
        errors["identified_on"] = _(
            "Tanggal identifikasi (%(date)s) lebih awal dari tanggal permohonan (%(requested)s)."
        ) % {"date": indonesian_date(identified_on), "requested": indonesian_date(case.requested_on)}
    _not_future(errors, "identified_on", identified_on, _("Tanggal identifikasi"))
    if not problem_statement:
        errors["problem_statement"] = _(
            "Tuliskan masalah utama yang ingin diperbaiki, mis. “Target produksi harian tidak tercapai”."
        )
    cleaned = _clean_figures(figures, errors)
    _raise(errors)
    case.identified_on = identified_on
    case.problem_statement = problem_statement
    case.identification_notes = identification_notes
    case.save(update_fields=["identified_on", "problem_statement", "identification_notes", "updated_at"])
    case.figures.all().delete()
    CompanyFigure.objects.bulk_create(
        CompanyFigure(
            case=case,
            position=position,
            label=figure.label,
            value=figure.value,
            unit=figure.unit,
            source=figure.source,
        )
        for position, figure in enumerate(cleaned, start=1)
    )
    record_event(
        case,
        "productivity.case.identification_recorded",
        actor=actor,
        organization=case.organization,
        data={"public_id": case.public_id, "identified_on": identified_on, "figures": len(cleaned)},
    )
    return case


@transaction.atomic
def finish_identification(*, case: GuidanceCase, actor: User) -> list[Task]:
    """Sign off the identification step with its worksheet; needs the date and the main problem."""
    case = _locked(case)
    refuse_if_closed(case)
    if case.identified_on is None or not case.problem_statement:
        raise ValidationError(
            _("Catat dulu tanggal identifikasi dan masalah utama sebelum menyelesaikan tahap identifikasi.")
        )
    done = _finish(case=case, action="productivity.identification", actor=actor)
    if done:
        record_event(
            case,
            "productivity.case.identification_finished",
            actor=actor,
            organization=case.organization,
            data={"public_id": case.public_id},
        )
    return done


# ---- follow-up visits ----------------------------------------------------------------------------


def _validate_visit(case: GuidanceCase, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    visited_on = values.get("visited_on")
    if visited_on is None:
        errors["visited_on"] = _("Isi tanggal kunjungan.")
    elif case.identified_on is not None and visited_on < case.identified_on:
        errors["visited_on"] = _(
            "Tanggal kunjungan (%(date)s) lebih awal dari tanggal identifikasi (%(identified)s)."
        ) % {"date": indonesian_date(visited_on), "identified": indonesian_date(case.identified_on)}
    elif visited_on < case.requested_on:
        errors["visited_on"] = _(
            "Tanggal kunjungan (%(date)s) lebih awal dari tanggal permohonan (%(requested)s)."
        ) % {"date": indonesian_date(visited_on), "requested": indonesian_date(case.requested_on)}
    _not_future(errors, "visited_on", visited_on, _("Tanggal kunjungan"))
    if not values.get("findings"):
        errors["findings"] = _("Tuliskan temuan dan kemajuan yang dilihat pada kunjungan.")
    if len(values.get("met_with") or "") > 300:
        errors["met_with"] = _("Paling panjang 300 karakter.")
    _raise(errors)


def _visit_values(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: (value.strip() if isinstance(value, str) else value) for name, value in fields.items()}


@transaction.atomic
def add_visit(
    *,
    case: GuidanceCase,
    actor: User,
    visited_on: dt.date | None,
    met_with: str,
    findings: str,
    next_steps: str = "",
) -> FollowUpVisit:
    """Record a follow-up visit made by `actor` (SOP step 6)."""
    case = _locked(case)
    refuse_if_closed(case)
    values = _visit_values(
        {
            "visited_on": visited_on,
            "met_with": met_with or "",
            "findings": findings or "",
            "next_steps": next_steps or "",
        }
    )
    _validate_visit(case, values)
    visit = FollowUpVisit.objects.create(case=case, officer=actor, **values)
    record_event(
        visit,
        "productivity.visit.added",
        actor=actor,
        organization=case.organization,
        data={"case": case.public_id, "visited_on": visit.visited_on},
    )
    return visit


@transaction.atomic
def update_visit(*, visit: FollowUpVisit, actor: User, **fields: Any) -> FollowUpVisit:
    """Correct a visit's record (any of VISIT_FIELDS)."""
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"update_visit() got unexpected fields: {sorted(unknown)}")
    case = _locked(visit.case)
    refuse_if_closed(case)
    visit = FollowUpVisit.objects.select_for_update().get(pk=visit.pk)
    values = {name: getattr(visit, name) for name in VISIT_FIELDS}
    values.update(_visit_values(fields))
    values["met_with"] = values["met_with"] or ""
    values["next_steps"] = values["next_steps"] or ""
    _validate_visit(case, values)
    changed = sorted(name for name in VISIT_FIELDS if getattr(visit, name) != values[name])
    for name in VISIT_FIELDS:
        setattr(visit, name, values[name])
    if changed:
        visit.save()
        record_event(
            visit,
            "productivity.visit.updated",
            actor=actor,
            organization=case.organization,
            data={"case": case.public_id, "changed": changed},
        )
    return visit


@transaction.atomic
def delete_visit(*, visit: FollowUpVisit, actor: User) -> None:
    """Remove a visit recorded by mistake."""
    case = _locked(visit.case)
    refuse_if_closed(case)
    record_event(
        case,
        "productivity.visit.deleted",
        actor=actor,
        organization=case.organization,
        data={"case": case.public_id, "visited_on": visit.visited_on, "findings": visit.findings[:200]},
    )
    visit.delete()


@transaction.atomic
def finish_follow_up(*, case: GuidanceCase, actor: User) -> list[Task]:
    """Sign off the follow-up step with its worksheet; needs at least one visit."""
    case = _locked(case)
    refuse_if_closed(case)
    if not case.visits.exists():
        raise ValidationError(_("Catat dulu sekurang-kurangnya satu kunjungan tindak lanjut."))
    done = _finish(case=case, action="productivity.follow_up", actor=actor)
    if done:
        record_event(
            case,
            "productivity.case.follow_up_finished",
            actor=actor,
            organization=case.organization,
            data={"public_id": case.public_id, "visits": case.visits.count()},
        )
    return done


# ---- cancelling ----------------------------------------------------------------------------------


@transaction.atomic
def cancel_case(*, case: GuidanceCase, actor: User, reason: str) -> GuidanceCase:
    """Stop a case for good: its SOP run is cancelled with the same reason, and the case keeps it."""
    case = _locked(case)
    refuse_if_closed(case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan kasus.")})
    if case.run is not None and case.run.status == Run.Status.RUNNING:
        engine.cancel_run(run=case.run, actor=actor, reason=reason)
    case.status = GuidanceCase.Status.CANCELLED
    case.cancel_reason = reason
    case.save(update_fields=["status", "cancel_reason", "updated_at"])
    record_event(
        case,
        "productivity.case.cancelled",
        actor=actor,
        organization=case.organization,
        data={"public_id": case.public_id, "number": case.number, "reason": reason},
    )
    return case
