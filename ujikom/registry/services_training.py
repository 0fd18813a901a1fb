"""The only writers of training programs, their participants and participant imports.

Each service checks everything first and reports every problem in Indonesian by field, then
writes inside one transaction and records an audit event naming the actor.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User
from ujikom.core.services import _apply, _full_clean
from ujikom.documents.services import open_file, store_file

from .models import ImportJob, Participant, Region, TrainingProgram
from .nik import nik_problems
from .participant_import import ImportResult, import_participants

logger = logging.getLogger(__name__)

EVENT_LABELS = {
    "training_program.created": gettext_lazy("Program pelatihan ditambahkan"),
    "training_program.updated": gettext_lazy("Program pelatihan diubah"),
    "participant.created": gettext_lazy("Peserta pelatihan ditambahkan"),
    "participant.updated": gettext_lazy("Data peserta pelatihan diubah"),
    "participant.imported": gettext_lazy("Peserta pelatihan diimpor dari Excel"),
    "participant_import.started": gettext_lazy("Impor peserta pelatihan dimulai"),
}

PROGRAM_FIELDS = ("code", "name", "starts_on", "ends_on", "scheme", "funding")
PARTICIPANT_FIELDS = (
    "nik",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "city",
    "province",
    "phone",
    "email",
    "education",
    "occupation",
)
PROVIDER_KINDS = {Organization.Kind.TRAINING_PROVIDER, Organization.Kind.AGENCY}
IMPORT_FILE_TYPES = ("xlsx", "csv")


def _strip(fields: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    cleaned = dict(fields)
    for name in names:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = " ".join(cleaned[name].split()) if name != "address" else cleaned[name].strip()
    return cleaned


# ---- Training programs --------------------------------------------------------------------------


def _validate_program(program: TrainingProgram) -> None:
    errors: dict[str, Any] = {}
    if program.provider.kind not in PROVIDER_KINDS:
        errors["__all__"] = _("Program pelatihan hanya dapat diselenggarakan lembaga pelatihan atau dinas.")
    if not program.code:
        errors["code"] = _("Kode angkatan wajib diisi.")
    elif (
        TrainingProgram.objects.exclude(pk=program.pk)
        .filter(provider=program.provider, code__iexact=program.code)
        .exists()
    ):
        errors["code"] = _("Kode angkatan %(code)s sudah dipakai program lain.") % {"code": program.code}
    if not program.name:
        errors["name"] = _("Nama pelatihan wajib diisi.")
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        errors["ends_on"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if program.funding is not None and program.funding.organization_id not in (None, program.provider_id):
        errors["funding"] = _("Sumber anggaran ini milik organisasi lain.")
    _full_clean(program, errors)


@transaction.atomic
def create_training_program(*, provider: Organization, actor: User, **fields: Any) -> TrainingProgram:
    """A training batch run by `provider` (a training provider or the agency)."""
    program = TrainingProgram(provider=provider)
    _apply(program, _strip(fields, ("code", "name")), PROGRAM_FIELDS)
    _validate_program(program)
    program.save()
    record_event(
        program,
        "training_program.created",
        actor=actor,
        organization=provider,
        data={
            "code": program.code,
            "name": program.name,
            "starts_on": program.starts_on,
            "ends_on": program.ends_on,
        },
    )
    return program


@transaction.atomic
def update_training_program(*, program: TrainingProgram, actor: User, **changes: Any) -> TrainingProgram:
    diff = _apply(program, _strip(changes, ("code", "name")), PROGRAM_FIELDS)
    _validate_program(program)
    if diff:
        program.save()
        record_event(
            program, "training_program.updated", actor=actor, organization=program.provider, data=diff
        )
    return program


# ---- Participants -------------------------------------------------------------------------------


def _validate_participant(participant: Participant) -> None:
    errors: dict[str, Any] = {}
    if participant.nik:
        problems = nik_problems(
            participant.nik,
            birth_date=participant.birth_date,
            sex=participant.sex or None,
            provinces=set(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", flat=True)),
        )
        if problems:
            errors["nik"] = problems
        elif (
            Participant.objects.exclude(pk=participant.pk)
            .filter(program_id=participant.program_id, nik=participant.nik)
            .exists()
        ):
            errors["nik"] = _("NIK %(nik)s sudah terdaftar di program ini.") % {"nik": participant.nik}
    city, province = (
        participant.city if participant.city_id else None,
        participant.province if participant.province_id else None,
    )
    if province is not None and province.level != Region.Level.PROVINCE:
        errors["province"] = _("Pilih provinsi, bukan kabupaten/kota.")
    if city is not None:
        if city.level != Region.Level.REGENCY:
            errors["city"] = _("Pilih kabupaten/kota, bukan provinsi.")
        elif province is not None and city.province_id != province.code:
            errors["city"] = _("%(city)s tidak berada di provinsi %(province)s.") % {
                "city": city.name,
                "province": province.name,
            }
    _full_clean(participant, errors)


@transaction.atomic
def create_participant(*, program: TrainingProgram, actor: User, **fields: Any) -> Participant:
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise ValidationError({name: _("Kolom ini tidak dapat diubah.") for name in sorted(unknown)})
    participant = Participant(program=program, **_strip(fields, PARTICIPANT_FIELDS))
    _validate_participant(participant)
    participant.save()
    record_event(
        participant,
        "participant.created",
        actor=actor,
        organization=program.provider,
        data={"program": str(program.public_id), "nik": participant.nik, "name": participant.full_name},
    )
    return participant


@transaction.atomic
def update_participant(*, participant: Participant, actor: User, **changes: Any) -> Participant:
    diff = _apply(participant, _strip(changes, PARTICIPANT_FIELDS), PARTICIPANT_FIELDS)
    _validate_participant(participant)
    if diff:
        participant.save()
        record_event(
            participant,
            "participant.updated",
            actor=actor,
            organization=participant.program.provider,
            data=diff,
        )
    return participant


# ---- Imports ------------------------------------------------------------------------------------


@transaction.atomic
def start_participant_import(
    *, program: TrainingProgram, content: Any, name: str, actor: User, content_type: str | None = None
) -> ImportJob:
    """Store the uploaded spreadsheet (size and real kind checked) and queue its import.

    Raises ValidationError({"file": …}) for a refused file; the job worker does the rest.
    """
    stored = store_file(
        organization=program.provider,
        content=content,
        name=name,
        actor=actor,
        content_type=content_type,
        title=_("Impor peserta %(program)s") % {"program": program.code},
        allowed_types=IMPORT_FILE_TYPES,
    )
    job = ImportJob.objects.create(program=program, file=stored, created_by=actor)
    record_event(
        job,
        "participant_import.started",
        actor=actor,
        organization=program.provider,
        data={"program": str(program.public_id), "file": stored.original_name, "size": stored.size},
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_participant_import

    run_participant_import(job_id)


def process_import_job(*, job: ImportJob) -> ImportResult:
    """Run one queued import (in the job worker): progress is saved as rows are checked; the
    result (participants saved, or every error) ends on the job."""
    if job.is_finished:
        return ImportResult(total_rows=job.total_rows, imported=job.imported_rows)

    def progress(phase: str, processed: int, total: int) -> None:
        status = ImportJob.Status.VALIDATING if phase == "validating" else ImportJob.Status.SAVING
        ImportJob.objects.filter(pk=job.pk).update(
            status=status, processed_rows=processed, total_rows=total, updated_at=timezone.now()
        )

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, updated_at=timezone.now())
    stored = job.file
    try:
        if stored is None:
            raise FileNotFoundError("import file missing")
        handle: IO[bytes]
        with open_file(stored) as handle:
            data = handle.read()
        result = import_participants(
            program=job.program,
            file=data,
            actor=job.created_by,
            filename=stored.original_name,
            progress=progress,
        )
    except Exception:
        logger.exception("Participant import %s failed", job.public_id)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[
                {
                    "row": 0,
                    "column": "",
                    "message": _(
                        "Impor gagal karena gangguan sistem; tidak ada peserta yang disimpan. Coba lagi."
                    ),
                }
            ],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.REFUSED if result.errors else ImportJob.Status.DONE,
        total_rows=result.total_rows,
        processed_rows=result.total_rows,
        imported_rows=result.imported,
        errors=result.errors_as_dicts(),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return result
