"""The only writers of registrations (STMI step 3): a facilitator's batch, a candidate's own
application (FR.APL.01) with its uploads and self-assessment (FR.APL.02), and Administrasi's review.

Rules every path keeps: one NIK once per event; the event's quota counts every registration that is
not rejected or withdrawn; candidates register while the window is open, facilitators until it
closes. A batch is all or nothing and reports every refused row. Accepting an application issues
the numbered participant card and attaches it to the SOP step bound to the registration screen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import DocumentType, NumberingPattern, Organization, Role, RoleAssignment, User
from ujikom.core.numbering import next_number
from ujikom.core.services import assign_role, create_person, update_person
from ujikom.documents.models import StoredFile
from ujikom.documents.services import Content, open_file, store_file
from ujikom.documents.typst import compile_document, indonesian_date, letterhead
from ujikom.notifications.models import Channel
from ujikom.notifications.services import notify_user
from ujikom.registry.models import CompetencyUnit, Participant, Region, TrainingProgram
from ujikom.registry.nik import nik_problems

from .models import ApplicationDocument, Registration, SelfAssessment, TestEvent
from .selectors_registration import CLOSED_EVENT_STATUSES, HOLDING_STATUSES, is_already_certified
from .sop_binding import open_tasks_for_action, record_step_output

logger = logging.getLogger(__name__)

TYPST = Path(__file__).resolve().parent / "typst"
ACTION = "scheduling.registration"
CANDIDATE_ROLE = "candidate"

DOCUMENT_TYPES: dict[str, tuple[str, ...]] = {
    ApplicationDocument.Kind.ID_CARD: ("pdf", "jpeg", "png"),
    ApplicationDocument.Kind.PHOTO: ("jpeg", "png"),
    ApplicationDocument.Kind.DIPLOMA: ("pdf", "jpeg", "png"),
    ApplicationDocument.Kind.TRAINING_CERTIFICATE: ("pdf", "jpeg", "png"),
}
REQUIRED_DOCUMENTS = (
    ApplicationDocument.Kind.ID_CARD,
    ApplicationDocument.Kind.PHOTO,
    ApplicationDocument.Kind.DIPLOMA,
)
DOCUMENT_MAX_SIZE = 5 * 1024 * 1024
PHOTO_ON_CARD_MAX_SIZE = 1024 * 1024

IDENTITY_FIELDS = ("nik", "full_name", "birth_place", "birth_date", "sex", "phone", "email")
# What BNSP's candidate list needs beyond the identity (TEMPAT TINGGAL, KODE KOTA, KODE PROVINSI,
# KODE PENDIDIKAN, KODE PEKERJAAN, ASAL LEMBAGA).
BNSP_FIELDS = ("address", "city", "province", "education", "occupation", "institution")
BNSP_REQUIRED = ("address", "city", "province", "education")
ADDRESS_MAX_LENGTH = 500

EVENT_LABELS = {
    "registration.submitted": gettext_lazy("Pendaftaran uji kompetensi diajukan"),
    "registration.batch_registered": gettext_lazy("Peserta pelatihan didaftarkan sekaligus"),
    "registration.resubmitted": gettext_lazy("Permohonan diperbaiki dan diajukan ulang"),
    "registration.self_assessed": gettext_lazy("Asesmen mandiri (FR.APL.02) diisi"),
    "registration.accepted": gettext_lazy("Pendaftaran diterima; kartu peserta diterbitkan"),
    "registration.returned": gettext_lazy("Permohonan dikembalikan untuk perbaikan"),
    "registration.rejected": gettext_lazy("Pendaftaran ditolak"),
    "registration.bnsp_data_updated": gettext_lazy("Data asesi untuk BNSP dilengkapi"),
}


# --- batch registration ------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """One refused row of a batch: its number in the selection (1-based; 0 = the whole batch)."""

    row: int
    nik: str
    full_name: str
    message: str


class BatchRefused(ValidationError):
    """A batch registered nothing; `problems` says why, row by row."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(
            [
                f"{_('Baris')} {p.row}: {p.full_name} ({p.nik}) — {p.message}" if p.row else p.message
                for p in problems
            ]
        )


def _locked_event(event: TestEvent) -> TestEvent:
    """The event row locked, so two registrations cannot take the last place at once."""
    return (
        TestEvent.objects.select_for_update(of=("self",))
        .select_related("lsp", "scheme", "site")
        .get(pk=event.pk)
    )


def _closed_message(event: TestEvent) -> str:
    return _("Uji kompetensi ini berstatus %(status)s; pendaftaran tidak dapat dilakukan.") % {
        "status": event.get_status_display()
    }


def _quota_message(event: TestEvent, free: int) -> str:
    return _("Kuota uji kompetensi (%(quota)s peserta) terlampaui: tersisa %(free)s tempat.") % {
        "quota": event.quota,
        "free": max(free, 0),
    }


def _free_places(event: TestEvent) -> int:
    return event.quota - Registration.objects.filter(event=event, status__in=HOLDING_STATUSES).count()


def _existing_user_for(*, nik: str, email: str) -> tuple[User | None, str]:
    """The account a candidate already has (by NIK, then by email) and, if it cannot be used, why."""
    user = User.objects.filter(nik=nik).first()
    if user is not None:
        return user, ""
    if email:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and user.nik and user.nik != nik:
            return None, _("Email %(email)s sudah dipakai akun lain dengan NIK berbeda.") % {"email": email}
        return user, ""
    return None, ""


def _free_username(nik: str) -> str:
    username, suffix = nik, 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{nik}-{suffix}"
    return username


def ensure_candidate_account(
    *, nik: str, full_name: str, email: str, phone: str, lsp: Organization, actor: User
) -> User:
    """The candidate's account, created or found by NIK or email, holding the candidate role in the LSP
    so the person can follow their registration in the candidate portal."""
    user, problem = _existing_user_for(nik=nik, email=email)
    if problem:
        raise ValidationError({"email": problem})
    if user is None:
        user = create_person(
            actor=actor,
            organization=lsp,
            username=_free_username(nik),
            full_name=full_name,
            email=email,
            phone=phone,
            nik=nik,
        )
    elif not user.nik:
        update_person(person=user, actor=actor, organization=lsp, nik=nik)
    ensure_candidate_role(user=user, lsp=lsp, actor=actor)
    return user


def ensure_candidate_role(*, user: User, lsp: Organization, actor: User) -> None:
    if RoleAssignment.objects.active().filter(user=user, organization=lsp, role__key=CANDIDATE_ROLE).exists():
        return
    assign_role(actor=actor, user=user, role=Role.objects.get(key=CANDIDATE_ROLE), organization=lsp)


def ensure_facilitator_candidate_role(*, user: User, event: TestEvent, actor: User) -> None:
    """The candidate of a facilitated event plays "Calon Peserta" in the facilitator's SOP too
    (PSM/DISNAKER-10 step 4: they confirm attendance), so they hold the candidate role there."""
    if event.facilitator_id is not None and event.facilitator is not None:
        ensure_candidate_role(user=user, lsp=event.facilitator, actor=actor)


@transaction.atomic
def register_batch(
    *,
    event: TestEvent,
    participants: Sequence[Participant],
    actor: User,
    today: dt.date | None = None,
) -> list[Registration]:
    """Register training participants for an event at once (submitted, identity copied from the
    participant, each with a candidate account). Nothing is registered if any row is refused."""
    day = today or timezone.localdate()
    event = _locked_event(event)
    if not participants:
        raise BatchRefused([RowProblem(0, "", "", _("Pilih minimal satu peserta untuk didaftarkan."))])
    if event.status in CLOSED_EVENT_STATUSES:
        raise BatchRefused([RowProblem(0, "", "", _closed_message(event))])
    if day > event.registration_closes_on:
        raise BatchRefused(
            [
                RowProblem(
                    0,
                    "",
                    "",
                    _("Pendaftaran uji kompetensi ini sudah ditutup pada %(date)s.")
                    % {"date": indonesian_date(event.registration_closes_on)},
                )
            ]
        )
    taken = dict(
        Registration.objects.filter(event=event, nik__in=[p.nik for p in participants]).values_list(
            "nik", "full_name"
        )
    )
    free = _free_places(event)
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    fitting = 0
    for row, participant in enumerate(participants, start=1):
        message = ""
        if participant.nik in taken:
            message = _("NIK sudah terdaftar pada uji kompetensi ini (atas nama %(name)s).") % {
                "name": taken[participant.nik]
            }
        elif participant.nik in seen:
            message = _("NIK sama dengan baris %(row)s.") % {"row": seen[participant.nik]}
        else:
            seen[participant.nik] = row
            _user, account_problem = _existing_user_for(nik=participant.nik, email=participant.email)
            if account_problem:
                message = account_problem
            else:
                fitting += 1
                if fitting > free:
                    message = _quota_message(event, free)
        if message:
            problems.append(RowProblem(row, participant.nik, participant.full_name, message))
    if problems:
        raise BatchRefused(problems)

    registrations = []
    for participant in participants:
        candidate = ensure_candidate_account(
            nik=participant.nik,
            full_name=participant.full_name,
            email=participant.email,
            phone=participant.phone,
            lsp=event.lsp,
            actor=actor,
        )
        ensure_facilitator_candidate_role(user=candidate, event=event, actor=actor)
        registration = Registration.objects.create(
            event=event,
            participant=participant,
            program_id=participant.program_id,
            candidate=candidate,
            nik=participant.nik,
            full_name=participant.full_name,
            birth_place=participant.birth_place,
            birth_date=participant.birth_date,
            sex=participant.sex,
            phone=participant.phone,
            email=participant.email,
            **_bnsp_data_of(participant),
            status=Registration.Status.SUBMITTED,
            already_certified=is_already_certified(participant.nik, event.scheme),
            registered_by=actor,
        )
        record_event(
            registration,
            "registration.submitted",
            actor=actor,
            organization=event.lsp,
            data={"event": event.public_id, "nik": registration.nik, "via": "batch"},
        )
        registrations.append(registration)
    record_event(
        event,
        "registration.batch_registered",
        actor=actor,
        organization=event.lsp,
        data={"count": len(registrations), "niks": [r.nik for r in registrations]},
    )
    return registrations


def _bnsp_data_of(participant: Participant) -> dict[str, Any]:
    """BNSP's data of a training participant: where they live, education, occupation, and the
    training provider as the institution they come from (ASAL LEMBAGA)."""
    return {
        "address": participant.address,
        "city_id": participant.city_id,
        "province_id": participant.province_id,
        "education": participant.education,
        "occupation": participant.occupation,
        "institution": participant.program.provider.name,
    }


# --- BNSP's data of a candidate ------------------------------------------------------------------


def _region(value: Any) -> Region | None:
    """A Region given as itself or as its Kepmendagri code ("36.71", or "3671" as BNSP writes it)."""
    if value is None or value == "":
        return None
    if isinstance(value, Region):
        return value
    text = str(value).strip()
    found = Region.objects.filter(code=text).first()
    if found is None and text.isdigit() and len(text) in (2, 4):
        found = Region.objects.filter(code=text if len(text) == 2 else f"{text[:2]}.{text[2:]}").first()
    return found


def clean_bnsp_data(fields: Mapping[str, Any], *, required: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """The BNSP fields of a registration, cleaned, and the problems found by field.

    `required`: address, city, province and education must be there (the FR.APL.01 form asks for
    them; the LSP completes them before the blank request). The city must lie in the province, as
    in the participant import."""
    values: dict[str, Any] = {
        "address": " ".join(str(fields.get("address") or "").split()),
        "education": str(fields.get("education") or "").strip().upper(),
        "occupation": " ".join(str(fields.get("occupation") or "").split()),
        "institution": " ".join(str(fields.get("institution") or "").split()),
    }
    errors: dict[str, str] = {}
    if len(values["address"]) > ADDRESS_MAX_LENGTH:
        errors["address"] = _("Alamat paling panjang %(n)s karakter.") % {"n": ADDRESS_MAX_LENGTH}
    if len(values["occupation"]) > 100:
        errors["occupation"] = _("Pekerjaan paling panjang 100 karakter.")
    if len(values["institution"]) > 255:
        errors["institution"] = _("Asal lembaga paling panjang 255 karakter.")
    if values["education"] and values["education"] not in Participant.Education.values:
        errors["education"] = _("Pendidikan terakhir tidak dikenal; pilih salah satu: %(choices)s.") % {
            "choices": ", ".join(Participant.Education.values)
        }
    province = _region(fields.get("province"))
    city = _region(fields.get("city"))
    if fields.get("province") not in (None, "") and (
        province is None or province.level != Region.Level.PROVINCE
    ):
        errors["province"] = _('Kode provinsi "%(code)s" tidak dikenal.') % {"code": fields.get("province")}
        province = None
    if fields.get("city") not in (None, "") and (city is None or city.level != Region.Level.REGENCY):
        errors["city"] = _('Kode kabupaten/kota "%(code)s" tidak dikenal.') % {"code": fields.get("city")}
        city = None
    if city is not None and province is not None and city.province_id != province.code:
        errors["city"] = _(
            "%(city)s (%(city_code)s) tidak berada di provinsi %(province)s (%(province_code)s)."
        ) % {
            "city": city.name,
            "city_code": city.code,
            "province": province.name,
            "province_code": province.code,
        }
    if required:
        messages = {
            "address": _("Alamat tempat tinggal wajib diisi (data BNSP)."),
            "province": _("Pilih provinsi tempat tinggal."),
            "city": _("Pilih kabupaten/kota tempat tinggal."),
            "education": _("Pilih pendidikan terakhir."),
        }
        present = {
            "address": values["address"],
            "province": province,
            "city": city,
            "education": values["education"],
        }
        for name in BNSP_REQUIRED:
            if not present[name] and name not in errors:
                errors[name] = str(messages[name])
    values["city"] = city
    values["province"] = province
    return values, errors


def _gives_bnsp_data(fields: Mapping[str, Any]) -> bool:
    """Whether the caller collects BNSP's data (the FR.APL.01 form always does; an API client that
    does not send it yet registers without it, and the LSP completes it before the blank request)."""
    return any(name in fields for name in BNSP_FIELDS)


@transaction.atomic
def update_bnsp_data(*, registration: Registration, fields: Mapping[str, Any], actor: User) -> Registration:
    """The LSP completes or corrects a candidate's data for BNSP (address, city, province, education,
    occupation, institution), whatever the registration's status; every field is checked."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__lsp")
        .get(pk=registration.pk)
    )
    values, errors = clean_bnsp_data(fields, required=True)
    if errors:
        raise ValidationError(errors)
    changes = {
        name: [str(getattr(registration, name) or ""), str(value or "")]
        for name, value in values.items()
        if getattr(registration, name) != value
    }
    for name, value in values.items():
        setattr(registration, name, value)
    registration.save()
    record_event(
        registration,
        "registration.bnsp_data_updated",
        actor=actor,
        organization=registration.event.lsp,
        data={"changes": changes},
    )
    return registration


# --- the candidate's own application -----------------------------------------------------------


def _check_identity(fields: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    nik = str(fields.get("nik") or "").strip()
    problems = nik_problems(nik, birth_date=fields.get("birth_date"), sex=fields.get("sex") or None)
    if problems:
        errors["nik"] = " ".join(problems)
    if not str(fields.get("full_name") or "").strip():
        errors["full_name"] = _("Nama lengkap wajib diisi.")
    if fields.get("birth_date") is None:
        errors["birth_date"] = _("Tanggal lahir wajib diisi.")
    if fields.get("sex") not in {"L", "P"}:
        errors["sex"] = _("Pilih jenis kelamin: L atau P.")
    return errors


def _store_documents(
    *,
    registration: Registration,
    documents: Mapping[str, Any],
    actor: User,
    stored_paths: list[str],
) -> None:
    """Store each uploaded file checked for its kind and size, replacing an earlier one of that kind.
    Every refused file is reported at its field; the caller removes what was stored if any is."""
    errors: dict[str, list[str]] = {}
    for kind, upload in documents.items():
        if upload is None:
            continue
        name = getattr(upload, "name", None) or f"{kind}.bin"
        try:
            stored = store_file(
                organization=registration.event.lsp,
                content=upload,
                name=name,
                actor=actor,
                content_type=getattr(upload, "content_type", None),
                title=f"{ApplicationDocument.Kind(kind).label} — {registration.full_name}",
                subject=registration,
                allowed_types=DOCUMENT_TYPES[kind],
                max_size=DOCUMENT_MAX_SIZE,
            )
        except ValidationError as error:
            errors[kind] = error.messages
            continue
        stored_paths.append(stored.file.name or "")
        ApplicationDocument.objects.update_or_create(
            registration=registration, kind=kind, defaults={"file": stored}
        )
    if errors:
        raise ValidationError(errors)


def _remove_stored(paths: list[str]) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except Exception:  # a leftover object is harmless; the refusal matters more
            logger.exception("Could not remove stored file %s", path)


def _link_candidate(*, candidate: User, nik: str, lsp: Organization) -> None:
    if candidate.nik and candidate.nik != nik:
        raise ValidationError(
            {"nik": _("NIK berbeda dengan NIK akun Anda (%(nik)s).") % {"nik": candidate.nik}}
        )
    if not candidate.nik:
        if User.objects.filter(nik=nik).exclude(pk=candidate.pk).exists():
            raise ValidationError({"nik": _("NIK ini sudah terdaftar untuk akun lain.")})
        update_person(person=candidate, actor=candidate, organization=lsp, nik=nik)
    ensure_candidate_role(user=candidate, lsp=lsp, actor=candidate)


@transaction.atomic
def self_register(
    *,
    event: TestEvent,
    candidate: User,
    fields: Mapping[str, Any],
    documents: Mapping[str, Content | None],
    today: dt.date | None = None,
) -> Registration:
    """A candidate applies (FR.APL.01) with the required uploads; submitted for Administrasi's check.

    Everything is checked first; a refused upload leaves no registration and no stored file."""
    day = today or timezone.localdate()
    event = _locked_event(event)
    if event.status in CLOSED_EVENT_STATUSES or not (
        event.registration_opens_on <= day <= event.registration_closes_on
    ):
        raise ValidationError(
            _("Pendaftaran uji kompetensi ini tidak dibuka hari ini (dibuka %(opens)s s.d. %(closes)s).")
            % {
                "opens": indonesian_date(event.registration_opens_on),
                "closes": indonesian_date(event.registration_closes_on),
            }
        )
    values: dict[str, Any] = {name: fields.get(name) for name in IDENTITY_FIELDS}
    for name in ("nik", "full_name", "birth_place", "phone", "email"):
        values[name] = str(values.get(name) or "").strip()
    values["email"] = values["email"].lower()
    errors: dict[str, Any] = _check_identity(values)
    bnsp, bnsp_errors = clean_bnsp_data(fields, required=_gives_bnsp_data(fields))
    errors.update(bnsp_errors)
    if "nik" not in errors and Registration.objects.filter(event=event, nik=values["nik"]).exists():
        errors["nik"] = _("NIK ini sudah terdaftar pada uji kompetensi ini.")
    for kind in REQUIRED_DOCUMENTS:
        if documents.get(kind) is None:
            errors[kind] = _("%(document)s wajib diunggah.") % {
                "document": ApplicationDocument.Kind(kind).label
            }
    if errors:
        raise ValidationError(errors)
    if _free_places(event) < 1:
        raise ValidationError(_quota_message(event, 0))
    _link_candidate(candidate=candidate, nik=values["nik"], lsp=event.lsp)
    ensure_facilitator_candidate_role(user=candidate, event=event, actor=candidate)

    registration = Registration.objects.create(
        event=event,
        candidate=candidate,
        status=Registration.Status.SUBMITTED,
        already_certified=is_already_certified(values["nik"], event.scheme),
        registered_by=candidate,
        **values,
        **bnsp,
    )
    stored_paths: list[str] = []
    try:
        _store_documents(
            registration=registration, documents=documents, actor=candidate, stored_paths=stored_paths
        )
    except BaseException:
        _remove_stored(stored_paths)
        raise
    record_event(
        registration,
        "registration.submitted",
        actor=candidate,
        organization=event.lsp,
        data={"event": event.public_id, "nik": registration.nik, "via": "portal"},
    )
    return registration


@transaction.atomic
def resubmit_registration(
    *,
    registration: Registration,
    candidate: User,
    fields: Mapping[str, Any],
    documents: Mapping[str, Content | None],
) -> Registration:
    """The candidate corrects a returned application (identity, replaced uploads) and submits it again."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("event__lsp", "event__scheme")
        .get(pk=registration.pk)
    )
    if registration.candidate_id != candidate.pk:
        raise ValidationError(_("Pendaftaran ini bukan milik Anda."))
    if registration.status != Registration.Status.RETURNED:
        raise ValidationError(
            _(
                "Hanya permohonan yang dikembalikan untuk perbaikan yang dapat diajukan ulang; statusnya %(status)s."
            )
            % {"status": registration.get_status_display()}
        )
    values = {name: fields.get(name, getattr(registration, name)) for name in IDENTITY_FIELDS}
    for name in ("nik", "full_name", "birth_place", "phone", "email"):
        values[name] = str(values.get(name) or "").strip()
    errors: dict[str, Any] = _check_identity(values)
    given = _gives_bnsp_data(fields)
    bnsp, bnsp_errors = clean_bnsp_data(
        fields if given else {name: getattr(registration, name) for name in BNSP_FIELDS}, required=given
    )
    errors.update(bnsp_errors)
    if (
        "nik" not in errors
        and Registration.objects.filter(event=registration.event, nik=values["nik"])
        .exclude(pk=registration.pk)
        .exists()
    ):
        errors["nik"] = _("NIK ini sudah terdaftar pada uji kompetensi ini.")
    present = set(registration.documents.values_list("kind", flat=True))
    for kind in REQUIRED_DOCUMENTS:
        if kind not in present and documents.get(kind) is None:
            errors[kind] = _("%(document)s wajib diunggah.") % {
                "document": ApplicationDocument.Kind(kind).label
            }
    if errors:
        raise ValidationError(errors)
    if values["nik"] != registration.nik and candidate.nik and candidate.nik != values["nik"]:
        raise ValidationError(
            {"nik": _("NIK berbeda dengan NIK akun Anda (%(nik)s).") % {"nik": candidate.nik}}
        )
    values.update(bnsp)
    changes = {
        name: [str(getattr(registration, name) or ""), str(value or "")]
        for name, value in values.items()
        if getattr(registration, name) != value
    }
    for name, value in values.items():
        setattr(registration, name, value)
    reason = registration.status_reason
    registration.status = Registration.Status.SUBMITTED
    registration.status_reason = ""
    registration.already_certified = is_already_certified(registration.nik, registration.event.scheme)
    registration.save()
    stored_paths: list[str] = []
    try:
        _store_documents(
            registration=registration, documents=documents, actor=candidate, stored_paths=stored_paths
        )
    except BaseException:
        _remove_stored(stored_paths)
        raise
    record_event(
        registration,
        "registration.resubmitted",
        actor=candidate,
        organization=registration.event.lsp,
        data={
            "changes": changes,
            "replaced": sorted(kind for kind, upload in documents.items() if upload is not None),
            "returned_for": reason,
        },
    )
    return registration


@transaction.atomic
def upload_application_document(
    *, registration: Registration, kind: str, content: Content, name: str, actor: User
) -> ApplicationDocument:
    """Add or replace one upload of an application still open to changes (submitted or returned)."""
    if kind not in DOCUMENT_TYPES:
        raise ValidationError({"kind": _("Jenis dokumen %(kind)s tidak dikenal.") % {"kind": kind}})
    if registration.status not in (Registration.Status.SUBMITTED, Registration.Status.RETURNED):
        raise ValidationError(
            _("Dokumen tidak dapat diubah: pendaftaran berstatus %(status)s.")
            % {"status": registration.get_status_display()}
        )

    stored_paths: list[str] = []
    upload: Any = content
    if not hasattr(upload, "name"):
        upload = _with_name(content, name)
    try:
        _store_documents(
            registration=registration, documents={kind: upload}, actor=actor, stored_paths=stored_paths
        )
    except ValidationError as error:
        _remove_stored(stored_paths)
        raise ValidationError({"file": error.messages}) from error
    return ApplicationDocument.objects.select_related("file").get(registration=registration, kind=kind)


def _with_name(content: Content, name: str) -> Any:
    from django.core.files.base import ContentFile

    if isinstance(content, bytes | bytearray | memoryview):
        return ContentFile(bytes(content), name=name)
    if isinstance(content, File):
        content.name = name
        return content
    return File(content, name=name)


@transaction.atomic
def save_self_assessment(
    *, registration: Registration, answers: Mapping[int, tuple[bool, str]], actor: User
) -> list[SelfAssessment]:
    """The candidate's self-assessment (FR.APL.02): competent or not, with evidence, for every unit."""
    if registration.status not in (Registration.Status.SUBMITTED, Registration.Status.RETURNED):
        raise ValidationError(
            _("Asesmen mandiri tidak dapat diubah: pendaftaran berstatus %(status)s.")
            % {"status": registration.get_status_display()}
        )
    units = list(CompetencyUnit.objects.filter(scheme_id=registration.event.scheme_id).order_by("position"))
    unknown = set(answers) - {unit.pk for unit in units}
    if unknown:
        raise ValidationError({"units": _("Unit kompetensi tidak termasuk skema uji ini.")})
    errors: dict[str, str] = {}
    for unit in units:
        if unit.pk not in answers:
            errors[f"unit_{unit.pk}"] = _("Unit %(code)s belum dinilai.") % {"code": unit.code}
        else:
            competent, evidence = answers[unit.pk]
            if competent and not evidence.strip():
                errors[f"unit_{unit.pk}"] = _(
                    "Unit %(code)s: sebutkan bukti pendukung bila Anda menyatakan kompeten."
                ) % {"code": unit.code}
    if errors:
        raise ValidationError(errors)
    saved = []
    for unit in units:
        competent, evidence = answers[unit.pk]
        answer, _created = SelfAssessment.objects.update_or_create(
            registration=registration,
            unit=unit,
            defaults={"competent": competent, "evidence": evidence.strip()},
        )
        saved.append(answer)
    record_event(
        registration,
        "registration.self_assessed",
        actor=actor,
        organization=registration.event.lsp,
        data={"competent": [u.code for u in units if answers[u.pk][0]], "units": len(units)},
    )
    return saved


# --- review by Administrasi --------------------------------------------------------------------


def _locked_registration(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related(
            "event__lsp", "event__facilitator", "event__scheme", "event__site__owner", "candidate"
        )
        .get(pk=registration.pk)
    )


def _require_status(registration: Registration, allowed: Sequence[str], doing: str) -> None:
    if registration.status not in allowed:
        raise ValidationError(
            _("Pendaftaran berstatus %(status)s tidak dapat %(doing)s.")
            % {"status": registration.get_status_display(), "doing": doing}
        )


def _notify(registration: Registration, template_code: str, actor: User, **context: Any) -> None:
    """Tell the candidate by email and WhatsApp, where they have an address; nobody to tell is no error."""
    candidate = registration.candidate
    if candidate is None:
        return
    channels = [
        channel
        for channel, address in ((Channel.EMAIL, candidate.email), (Channel.WHATSAPP, candidate.phone))
        if address
    ]
    if not channels:
        return
    event = registration.event
    notify_user(
        user=candidate,
        template_code=template_code,
        context={
            "event": event.title,
            "scheme": event.scheme.name,
            "date": indonesian_date(event.starts_on),
            "site": event.site.name,
            **context,
        },
        channels=channels,
        organization=event.lsp,
        subject=registration,
        actor=actor,
    )


def card_numbering_organization(event: TestEvent) -> Organization:
    """Whose register numbers the participant card: the LSP's when it has a pattern for it, else the
    site owner's (the TUK issues the card), else the facilitator's; the LSP's when none has one, so
    the refusal names the LSP."""
    candidates = [org for org in (event.lsp, event.site.owner, event.facilitator) if org is not None]
    with_pattern = set(
        NumberingPattern.objects.filter(
            organization__in=candidates, document_type__code="participant_card"
        ).values_list("organization_id", flat=True)
    )
    return next((org for org in candidates if org.pk in with_pattern), event.lsp)


def mask_nik(nik: str) -> str:
    """The first six and last four digits; the birth date in between is hidden: 367101******0001."""
    if len(nik) < 10:
        return nik
    return nik[:6] + "*" * (len(nik) - 10) + nik[-4:]


def _photo_data(registration: Registration) -> tuple[list[int] | None, str]:
    document = (
        ApplicationDocument.objects.filter(registration=registration, kind=ApplicationDocument.Kind.PHOTO)
        .select_related("file")
        .first()
    )
    if document is None or document.file.size > PHOTO_ON_CARD_MAX_SIZE:
        return None, ""
    try:
        with open_file(document.file) as handle:
            content = handle.read()
    except OSError:
        return None, ""
    return list(content), "png" if document.file.content_type == "image/png" else "jpg"


def _registration_number(registration: Registration) -> str:
    return f"{registration.event.starts_on:%Y%m}-{registration.pk:06d}"


def issue_participant_card(*, registration: Registration, actor: User) -> tuple[StoredFile, str]:
    """Generate the numbered participant card (kartu peserta) PDF of an accepted registration.

    The card is kept among the LSP's files: it is an output of the LSP's SOP step 3 and the SOP
    engine takes only the running organization's files as outputs."""
    event = registration.event
    kind = DocumentType.objects.get(code="participant_card")
    number = next_number(
        organization=card_numbering_organization(event), document_type=kind, actor=actor, subject=registration
    ).number
    photo, photo_format = _photo_data(registration)
    dates = indonesian_date(event.starts_on)
    if event.ends_on != event.starts_on:
        dates = f"{dates} s.d. {indonesian_date(event.ends_on)}"
    data = {
        "org": letterhead(event.lsp),
        "number": number,
        "event": {"title": event.title, "code": event.bnsp_schedule_code},
        "scheme": {"code": event.scheme.code, "name": event.scheme.name},
        "site": {"name": event.site.name, "address": event.site.address},
        "date": dates,
        "candidate": {"name": registration.full_name, "nik": mask_nik(registration.nik)},
        "registration": _registration_number(registration),
        "photo": photo,
        "photo_format": photo_format,
        "issued_place": event.lsp.city or "",
        "issued_on": indonesian_date(timezone.localdate()),
    }
    pdf = compile_document(TYPST / "participant_card.typ", data)
    stored = store_file(
        organization=event.lsp,
        content=pdf,
        name=f"kartu-peserta-{number}.pdf".replace("/", "-").replace(" ", "-"),
        actor=actor,
        content_type="application/pdf",
        document_type=kind,
        title=_("Kartu peserta %(name)s — %(event)s")
        % {"name": registration.full_name, "event": event.title},
        subject=registration,
        is_generated=True,
    )
    return stored, number


@transaction.atomic
def accept_registration(*, registration: Registration, actor: User) -> Registration:
    """Administrasi accepts the application: the participant card is issued, attached to the SOP step
    of registration (STMI step 3) and the candidate is told."""
    registration = _locked_registration(registration)
    _require_status(registration, [Registration.Status.SUBMITTED], _("diterima"))
    registration.status = Registration.Status.ACCEPTED
    registration.status_reason = ""
    registration.reviewed_by = actor
    registration.reviewed_at = timezone.now()
    card, number = issue_participant_card(registration=registration, actor=actor)
    registration.card = card
    registration.card_number = number
    registration.save()
    record_event(
        registration,
        "registration.accepted",
        actor=actor,
        organization=registration.event.lsp,
        data={"card_number": number, "card": card.public_id},
    )
    if not _card_attached(registration.event):
        record_step_output(
            event=registration.event, action=ACTION, file=card, actor=actor, output="kartu peserta"
        )
    _notify(registration, "registration_accepted", actor, card_number=number)
    return registration


def _card_attached(event: TestEvent) -> bool:
    """Whether the open registration step already holds a participant card as its output.

    The step asks for one "kartu peserta" among its outputs; the first card accepted stands for
    them all (every card stays on its registration), so later cards do not fill the step's other
    outputs."""
    return any(
        task.step_run.outputs.filter(file__document_type__code="participant_card").exists()
        for task in open_tasks_for_action(event, ACTION)
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Tuliskan alasannya agar calon peserta tahu apa yang harus dilakukan.")}
        )
    return reason


@transaction.atomic
def return_registration(*, registration: Registration, reason: str, actor: User) -> Registration:
    """Return the application to the candidate for correction, saying what to correct."""
    reason = _reason(reason)
    registration = _locked_registration(registration)
    _require_status(registration, [Registration.Status.SUBMITTED], _("dikembalikan"))
    registration.status = Registration.Status.RETURNED
    registration.status_reason = reason
    registration.reviewed_by = actor
    registration.reviewed_at = timezone.now()
    registration.save()
    record_event(
        registration,
        "registration.returned",
        actor=actor,
        organization=registration.event.lsp,
        data={"reason": reason},
    )
    _notify(registration, "registration_returned", actor, reason=reason)
    return registration


@transaction.atomic
def reject_registration(*, registration: Registration, reason: str, actor: User) -> Registration:
    """Turn the application down for good, with the reason; the place in the quota is freed."""
    reason = _reason(reason)
    registration = _locked_registration(registration)
    _require_status(registration, [Registration.Status.SUBMITTED, Registration.Status.RETURNED], _("ditolak"))
    registration.status = Registration.Status.REJECTED
    registration.status_reason = reason
    registration.reviewed_by = actor
    registration.reviewed_at = timezone.now()
    registration.save()
    record_event(
        registration,
        "registration.rejected",
        actor=actor,
        organization=registration.event.lsp,
        data={"reason": reason},
    )
    _notify(registration, "registration_rejected", actor, reason=reason)
    return registration


def participants_of_program(program: TrainingProgram, public_ids: Sequence[str] | None) -> list[Participant]:
    """The chosen participants of a program (all when `public_ids` is None), in the program's order.

    An id that is not a participant of the program is an error, so nothing is silently skipped."""
    participants = list(Participant.objects.filter(program=program).order_by("full_name", "pk"))
    if public_ids is None:
        return participants
    wanted = {str(value) for value in public_ids}
    chosen = [p for p in participants if str(p.public_id) in wanted]
    if len(chosen) != len(wanted):
        raise ValidationError({"participants": _("Sebagian peserta yang dipilih bukan peserta program ini.")})
    return chosen
