"""Reads of training programs, their participants and participant imports, for the pages and the API."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet

from ujikom.core.models import Organization

from .models import FundingSource, ImportJob, Participant, Scheme, TrainingProgram


def programs_for_list(
    *, provider: Organization | None, query: str = "", year: int | None = None
) -> QuerySet[TrainingProgram]:
    """A provider's training programs (None: every provider's) with their participant count."""
    programs = TrainingProgram.objects.select_related("provider", "scheme", "funding").annotate(
        participant_count=Count("participants")
    )
    if provider is not None:
        programs = programs.filter(provider=provider)
    if query:
        programs = programs.filter(Q(code__icontains=query) | Q(name__icontains=query))
    if year:
        programs = programs.filter(starts_on__year=year)
    return programs.order_by("-starts_on", "name", "pk")


def program_by_public_id(public_id: uuid.UUID | str) -> TrainingProgram | None:
    return (
        TrainingProgram.objects.select_related("provider", "scheme", "funding")
        .filter(public_id=public_id)
        .first()
    )


def participants_of(*, program: TrainingProgram, query: str = "") -> QuerySet[Participant]:
    """The program's participants by name, searched by name or NIK, with their regions."""
    participants = Participant.objects.filter(program=program).select_related("city", "province")
    query = query.strip()
    if query:
        participants = participants.filter(Q(full_name__icontains=query) | Q(nik__startswith=query))
    return participants.order_by("full_name", "pk")


def participant_by_public_id(public_id: uuid.UUID | str) -> Participant | None:
    return (
        Participant.objects.select_related("program__provider", "city", "province")
        .filter(public_id=public_id)
        .first()
    )


def import_jobs_of(*, program: TrainingProgram, limit: int = 5) -> list[ImportJob]:
    return list(ImportJob.objects.filter(program=program).select_related("file", "created_by")[:limit])


def import_job_by_public_id(public_id: uuid.UUID | str) -> ImportJob | None:
    return (
        ImportJob.objects.select_related("program__provider", "file", "created_by")
        .filter(public_id=public_id)
        .first()
    )


def schemes_for_programs() -> QuerySet[Scheme]:
    """The schemes a program may aim at: every active scheme of every LSP."""
    return (
        Scheme.objects.filter(is_active=True)
        .select_related("organization")
        .order_by("organization__name", "code")
    )


def funding_for_programs(*, provider: Organization) -> QuerySet[FundingSource]:
    return FundingSource.objects.filter(
        Q(organization__isnull=True) | Q(organization=provider), is_active=True
    ).order_by("code")


# The BNSP participant (asesi) spreadsheet's columns that a training program knows.
EXPORT_HEADERS = [
    "No",
    "NAMA ASESI",
    "NIK",
    "TEMPAT LAHIR",
    "TGL LAHIR",
    "JK",
    "TEMPAT TINGGAL",
    "KODE KOTA",
    "KODE PROVINSI",
    "TELP",
    "EMAIL",
    "KODE PENDIDIKAN",
    "KODE PEKERJAAN",
    "ASAL LEMBAGA",
]


def export_rows(*, program: TrainingProgram) -> Iterator[list[object]]:
    """The participants as rows under EXPORT_HEADERS; region codes as BNSP writes them (3671)."""
    participants = (
        Participant.objects.filter(program=program)
        .select_related("city", "province")
        .order_by("full_name", "pk")
    )
    provider = program.provider.name
    for number, participant in enumerate(participants.iterator(chunk_size=2000), start=1):
        yield [
            number,
            participant.full_name,
            participant.nik,
            participant.birth_place,
            participant.birth_date,
            participant.sex,
            participant.address,
            participant.city.bnsp_code,
            participant.province.bnsp_code,
            participant.phone,
            participant.email,
            participant.education,
            participant.occupation,
            provider,
        ]
