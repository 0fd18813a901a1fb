"""The SOP library's services: import, edit, version, approve and withdraw SOPs.

A definition (`ujikom.sop.definition.SopDefinition`) is stored as rows (version, actors, steps,
activities, branches) so the engine can point at them and officials can edit drafts. Only a
draft changes; an approved version is fixed and a change starts a new draft from it. Every
edit is checked with the rules of the file format (`ujikom.sop.fileformat`) on the whole
resulting definition, so what is stored can always be exported and imported again.

Reads (the version as a definition, the version in force, lists, comparisons, warnings)
live in `ujikom.sop.library_selectors`; the ones the engine uses are importable from here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.access import has_any_role
from ujikom.core.audit import record_event
from ujikom.core.models import Organization, Role, User

from .definition import Activity, Actor, SopDefinition, Step, Term
from .library_selectors import version_definition, version_in_force
from .models import Sop, SopActivity, SopActor, SopBranch, SopStep, SopVersion

__all__ = [
    "IDENTITY_FIELDS",
    "SEEDS_DIR",
    "SEED_ORGANIZATIONS",
    "add_actor",
    "add_step",
    "approve_version",
    "guess_actor_role",
    "guess_role",
    "import_definition",
    "load_seed_sops",
    "load_seed_sops_demo",
    "move_actor",
    "move_step",
    "new_draft_from",
    "remove_actor",
    "remove_step",
    "replace_draft",
    "update_actor",
    "update_identity",
    "update_step",
    "version_definition",
    "version_in_force",
    "withdraw_version",
]

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
# Which organization (by code) each seed SOP belongs to in the demo.
SEED_ORGANIZATIONS = {
    "PSM/DISNAKER-10": "disnaker-tangerang",
    "PSM/DISNAKER-08": "disnaker-tangerang",
    "1.3.3/BPSDMI/STMI/SOP/VI/2020": "lsp-stmi",
}


# ---- Roles guessed from titles and actor names ----------------------------------------------------

APPROVER_ROLE_HINTS = [
    ("kepala dinas", "kadis"),
    ("sekretaris dinas", "sekdis"),
    ("kepala bidang", "kabid"),
    ("kabid administrasi", "head_admin"),
    ("kabid sertifikasi", "head_certification"),
    ("kepala seksi", "kasi"),
    ("ketua lsp", "lsp_chair"),
    ("direktur", "director"),
    ("kepala tuk", "site_head"),
]

ACTOR_ROLE_HINTS = [
    ("administrasi", "admin_staff"),
    ("teknis operasional", "technical_ops"),
    ("manajemen mutu", "quality"),
    ("kepala tuk", "site_head"),
    ("asesor", "assessor"),
    ("peserta", "candidate"),
    ("direktur", "director"),
    ("ketua lsp", "lsp_chair"),
    ("kabid administrasi", "head_admin"),
    ("kabid sertifikasi", "head_certification"),
    ("kepala dinas", "kadis"),
    ("kepala bidang", "kabid"),
    ("kepala seksi", "kasi"),
]


def _role_for(text: str, hints: list[tuple[str, str]]) -> Role | None:
    lowered = " ".join(text.lower().split())
    # Longer hints first, so "Kabid Administrasi" is not taken for "Bagian Administrasi".
    for needle, key in sorted(hints, key=lambda hint: -len(hint[0])):
        if needle in lowered:
            return Role.objects.filter(key=key).first()
    return None


def guess_role(title: str) -> Role | None:
    """The built-in role that a job title (jabatan) names, if one clearly does."""
    return _role_for(title, APPROVER_ROLE_HINTS)


def guess_actor_role(name: str) -> Role | None:
    """The built-in role an actor column's name points to (the seed SOPs' actors all match one)."""
    return _role_for(name, ACTOR_ROLE_HINTS)


# ---- Checking a definition with the file format's rules -----------------------------------------

# Form fields named by a path's first segment where they differ from the definition's names.
IDENTITY_PATH_FIELDS = {
    "organization": "organization",
    "created": "created",
    "revised": "revised",
    "effective": "effective",
    "approved_by.title": "approver_title",
    "approved_by.name": "approver_name",
    "approved_by.nip": "approver_nip",
    "approved_by": "approver_title",
}

_PATH_PART = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")

# The file format's keys as the pages name them.
PATH_WORDS = {
    "code": gettext_lazy("nomor SOP"),
    "name": gettext_lazy("nama"),
    "organization": gettext_lazy("instansi"),
    "unit": gettext_lazy("unit kerja"),
    "created": gettext_lazy("tanggal pembuatan"),
    "revised": gettext_lazy("tanggal revisi"),
    "effective": gettext_lazy("tanggal efektif"),
    "approved_by": gettext_lazy("disahkan oleh"),
    "title": gettext_lazy("jabatan"),
    "nip": gettext_lazy("NIP"),
    "scope": gettext_lazy("ruang lingkup"),
    "summary": gettext_lazy("ringkasan prosedur"),
    "definitions": gettext_lazy("definisi"),
    "term": gettext_lazy("istilah"),
    "meaning": gettext_lazy("arti"),
    "provisions": gettext_lazy("ketentuan"),
    "legal_basis": gettext_lazy("dasar hukum"),
    "qualifications": gettext_lazy("kualifikasi pelaksana"),
    "related": gettext_lazy("keterkaitan"),
    "equipment": gettext_lazy("peralatan/perlengkapan"),
    "warning": gettext_lazy("peringatan"),
    "recording": gettext_lazy("pencatatan dan pendataan"),
    "actors": gettext_lazy("pelaksana"),
    "key": gettext_lazy("kode"),
    "steps": gettext_lazy("langkah"),
    "number": gettext_lazy("nomor"),
    "activities": gettext_lazy("kegiatan"),
    "actor": gettext_lazy("pelaksana"),
    "text": gettext_lazy("uraian"),
    "inputs": gettext_lazy("kelengkapan"),
    "time": gettext_lazy("waktu"),
    "outputs": gettext_lazy("output"),
    "note": gettext_lazy("keterangan"),
    "kind": gettext_lazy("jenis"),
    "next": gettext_lazy("cabang"),
    "to": gettext_lazy("ke langkah"),
    "label": gettext_lazy("label"),
    "action": gettext_lazy("layar kerja"),
}


def definition_errors(definition: SopDefinition) -> list[tuple[str, str]]:
    """Every problem of `definition` as (path, message), by the rules an imported file is checked with."""
    from . import fileformat

    validate_definition = getattr(fileformat, "validate_definition", None)
    if validate_definition is not None:
        found = validate_definition(definition)
    else:
        found = fileformat.validate_text(fileformat.dump_definition(definition))
    return [(str(error.path), str(error.message)) for error in found]


def describe_path(path: str, definition: SopDefinition) -> str:
    """A path of the file format in words: `steps[3].next[0].to` → "Langkah 4, cabang 1, ke langkah"."""
    words: list[str] = []
    parts = path.split(".")
    index = 0
    while index < len(parts):
        match = _PATH_PART.fullmatch(parts[index])
        if match is None:
            words.append(parts[index])
            index += 1
            continue
        name, position = match.group(1), match.group(2)
        number = int(position) if position is not None else None
        if name == "steps" and number is not None:
            label = (
                str(definition.steps[number].number) if number < len(definition.steps) else str(number + 1)
            )
            words.append(_("Langkah %(number)s") % {"number": label})
        elif name == "actors" and number is not None:
            label = definition.actors[number].name if number < len(definition.actors) else str(number + 1)
            words.append(_("Pelaksana %(name)s") % {"name": label})
        elif name == "activities" and number is not None:
            words.append(_("kegiatan %(n)s") % {"n": number + 1})
        elif name == "next" and number is not None:
            words.append(_("cabang %(n)s") % {"n": number + 1})
        elif number is not None:
            words.append(f"{PATH_WORDS.get(name, name)} {number + 1}")
        else:
            words.append(str(PATH_WORDS.get(name, name)))
        index += 1
    return ", ".join(words)


def _check(
    definition: SopDefinition,
    *,
    field_of: Callable[[str], str | None] | None = None,
) -> None:
    """Raise a ValidationError naming every problem; `field_of(path)` puts a problem on a form field."""
    errors = definition_errors(definition)
    if not errors:
        return
    by_field: dict[str, list[str]] = {}
    for path, message in errors:
        field = field_of(path) if field_of else None
        if field is None:
            by_field.setdefault("__all__", []).append(f"{describe_path(path, definition)}: {message}")
        else:
            by_field.setdefault(field, []).append(message)
    raise ValidationError(by_field)


def _identity_field_of(path: str) -> str | None:
    for prefix, field in IDENTITY_PATH_FIELDS.items():
        if path == prefix or path.startswith(prefix + "."):
            return field
    head = _PATH_PART.match(path)
    name = head.group(1) if head else path
    if name in {"steps", "actors", "format", "code"}:
        return None
    return name


def _step_field_of(index: int) -> Callable[[str], str | None]:
    """Problems of the edited step on its form fields; the rest on top of the form."""

    def field_of(path: str) -> str | None:
        prefix = f"steps[{index}]"
        if not path.startswith(prefix + "."):
            return None
        rest = path[len(prefix) + 1 :]
        head = _PATH_PART.match(rest)
        name = head.group(1) if head else rest
        # Activities and branches are rows of their own: say which row, on top of the form.
        return None if name in {"next", "activities"} else name

    return field_of


# ---- Import ------------------------------------------------------------------------------------


@transaction.atomic
def import_definition(
    *,
    organization: Organization,
    definition: SopDefinition,
    actor: User | None,
    source_text: str = "",
    actor_roles: Mapping[str, Role | None] | None = None,
) -> SopVersion:
    """Store `definition` as a new draft version of the organization's SOP with that code.

    The SOP is created when the code is new; otherwise this is its next version, and the
    versions before it stay as they are (runs keep the version they started with). Actors
    get the role named in `actor_roles`, or one guessed from their name, as the default
    player. `actor` is None when the command line imports.
    """
    _check(definition)
    sop, created = Sop.objects.select_for_update().get_or_create(
        organization=organization, code=definition.code, defaults={"name": definition.name}
    )
    number = (sop.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = SopVersion(
        sop=sop,
        number=number,
        source_yaml=source_text,
        source_sha256=hashlib.sha256(source_text.encode("utf-8")).hexdigest() if source_text else "",
        approver_role=guess_role(definition.approved_by.title),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _apply_identity(version, definition)
    version.save()
    _store_content(version, definition, dict(actor_roles or {}))
    record_event(
        version,
        "sop_version.imported",
        actor=actor,
        organization=organization,
        data={
            "code": definition.code,
            "version": number,
            "new_sop": created,
            "steps": len(definition.steps),
            "sha256": version.source_sha256,
        },
    )
    return version


def _apply_identity(version: SopVersion, definition: SopDefinition) -> None:
    version.code = definition.code
    version.name = definition.name
    version.organization_name = definition.organization
    version.unit_name = definition.unit
    version.created_on = definition.created
    version.revised_on = definition.revised
    version.effective_on = definition.effective
    version.approver_title = definition.approved_by.title
    version.approver_name = definition.approved_by.name
    version.approver_nip = definition.approved_by.nip
    version.scope = definition.scope
    version.summary = definition.summary
    version.definitions = [{"term": t.term, "meaning": t.meaning} for t in definition.definitions]
    version.provisions = list(definition.provisions)
    version.legal_basis = list(definition.legal_basis)
    version.qualifications = list(definition.qualifications)
    version.related = list(definition.related)
    version.equipment = list(definition.equipment)
    version.warning = definition.warning
    version.recording = definition.recording


def _store_content(
    version: SopVersion, definition: SopDefinition, actor_roles: dict[str, Role | None]
) -> None:
    """Write the actors and steps of `definition` as rows of `version` (which has none)."""
    actors = SopActor.objects.bulk_create(
        SopActor(
            version=version,
            key=item.key,
            name=item.name,
            position=position,
            default_role=actor_roles[item.key] if item.key in actor_roles else guess_actor_role(item.name),
        )
        for position, item in enumerate(definition.actors, start=1)
    )
    by_key = {row.key: row for row in actors}
    steps = SopStep.objects.bulk_create(
        _step_row(version, position, step) for position, step in enumerate(definition.steps, start=1)
    )
    activities: list[SopActivity] = []
    branches: list[SopBranch] = []
    for row, step in zip(steps, definition.steps, strict=True):
        activities.extend(
            SopActivity(step=row, actor=by_key[activity.actor], position=index, text=activity.text)
            for index, activity in enumerate(step.activities, start=1)
        )
        branches.extend(
            SopBranch(step=row, position=index, target_number=branch.to, label=branch.label)
            for index, branch in enumerate(step.next or (), start=1)
        )
    SopActivity.objects.bulk_create(activities)
    SopBranch.objects.bulk_create(branches)


def _step_row(version: SopVersion, position: int, step: Step) -> SopStep:
    duration = step.duration
    return SopStep(
        version=version,
        number=step.number,
        position=position,
        kind=step.kind,
        inputs=list(step.inputs),
        time_text=step.time or "",
        duration_amount=duration.amount if duration else None,
        duration_unit=duration.unit if duration else "",
        outputs=list(step.outputs),
        note=step.note,
        action=step.action or "",
        explicit_next=step.next is not None,
    )


# ---- Approval, withdrawal, new drafts -----------------------------------------------------------


def _locked(version: SopVersion) -> SopVersion:
    return (
        SopVersion.objects.select_for_update(of=("self",))
        .select_related("sop__organization", "approver_role", "escalation_role")
        .get(pk=version.pk)
    )


def _mark_approved(version: SopVersion, actor: User | None, *, as_published: bool = False) -> SopVersion:
    version.status = SopVersion.Status.APPROVED
    version.approved_by = actor if actor is not None and actor.is_authenticated else None
    version.approved_at = timezone.now()
    version.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    sop = version.sop
    if sop.name != version.name:
        sop.name = version.name
        sop.save(update_fields=["name", "updated_at"])
    record_event(
        version,
        "sop_version.approved",
        actor=actor,
        organization=sop.organization,
        data={
            "code": version.code,
            "version": version.number,
            "effective_on": version.effective_on,
            "as_published": as_published,
        },
    )
    return version


@transaction.atomic
def approve_version(*, version: SopVersion, actor: User) -> SopVersion:
    """Approve a draft (Disahkan): by the holder of the version's approver role in the SOP's organization.

    An acting official (Plt/Plh) holds the role too. The version is in force from its
    effective date; a run started after that uses it.
    """
    version = _locked(version)
    if version.status != SopVersion.Status.DRAFT:
        raise ValidationError(
            _("Hanya draf yang dapat disahkan; versi ini berstatus %(status)s.")
            % {"status": version.get_status_display()}
        )
    organization = version.sop.organization
    if version.approver_role is None and not actor.is_superuser:
        raise PermissionDenied(
            _("Versi ini belum menyebut peran yang mengesahkan; isi dulu pada data identitasnya.")
        )
    if version.approver_role is not None and not has_any_role(
        actor, [version.approver_role.key], organization
    ):
        raise PermissionDenied(
            _("SOP ini disahkan oleh %(role)s di %(org)s.")
            % {"role": version.approver_role.name, "org": organization}
        )
    return _mark_approved(version, actor)


@transaction.atomic
def approve_as_published(*, version: SopVersion, actor: User | None) -> SopVersion:
    """Record a draft as approved because it was already signed on paper (seeds, command line imports)."""
    version = _locked(version)
    if version.status != SopVersion.Status.DRAFT:
        raise ValidationError(
            _("Hanya draf yang dapat disahkan; versi ini berstatus %(status)s.")
            % {"status": version.get_status_display()}
        )
    return _mark_approved(version, actor, as_published=True)


@transaction.atomic
def withdraw_version(*, version: SopVersion, actor: User, reason: str) -> SopVersion:
    """Withdraw a version (Dicabut): no longer in force, or a draft abandoned. Runs already started go on."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")})
    version = _locked(version)
    if version.status == SopVersion.Status.WITHDRAWN:
        raise ValidationError(_("Versi ini sudah dicabut."))
    previous = version.status
    version.status = SopVersion.Status.WITHDRAWN
    version.withdrawn_by = actor
    version.withdrawn_at = timezone.now()
    version.withdrawal_reason = reason
    version.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason", "updated_at"])
    record_event(
        version,
        "sop_version.withdrawn",
        actor=actor,
        organization=version.sop.organization,
        data={"code": version.code, "version": version.number, "previous_status": previous, "reason": reason},
    )
    return version


@transaction.atomic
def new_draft_from(*, version: SopVersion, actor: User) -> SopVersion:
    """Copy `version` as the SOP's next version, a draft to edit (default roles and roles included).

    Refused while the SOP already has a draft: that draft is the one to edit.
    """
    sop = Sop.objects.select_for_update().get(pk=version.sop_id)
    existing = sop.versions.filter(status=SopVersion.Status.DRAFT).order_by("-number").first()
    if existing is not None:
        raise ValidationError(
            _("SOP ini sudah memiliki draf (versi %(number)s); ubah draf itu.") % {"number": existing.number}
        )
    definition = version_definition(version)
    number = (sop.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = SopVersion(
        sop=sop,
        number=number,
        approver_role=version.approver_role,
        escalation_role=version.escalation_role,
        created_by=actor,
    )
    _apply_identity(draft, definition)
    draft.save()
    _store_content(draft, definition, _actor_roles(version))
    record_event(
        draft,
        "sop_version.drafted",
        actor=actor,
        organization=sop.organization,
        data={"code": draft.code, "version": number, "copied_from": version.number},
    )
    return draft


def _actor_roles(version: SopVersion) -> dict[str, Role | None]:
    return {row.key: row.default_role for row in version.actors.select_related("default_role")}


# ---- Editing a draft ----------------------------------------------------------------------------


def _editable(version: SopVersion) -> SopVersion:
    version = _locked(version)
    if version.status == SopVersion.Status.APPROVED:
        raise ValidationError(_("Versi yang sudah disahkan tidak dapat diubah; buat draf baru."))
    if version.status == SopVersion.Status.WITHDRAWN:
        raise ValidationError(_("Versi yang sudah dicabut tidak dapat diubah; buat draf baru."))
    return version


def _save(
    version: SopVersion,
    definition: SopDefinition,
    *,
    actor_roles: dict[str, Role | None],
    field_of: Callable[[str], str | None] | None = None,
) -> None:
    """Check the whole definition, then replace the draft's identity fields and rows with it."""
    _check(definition, field_of=field_of)
    _apply_identity(version, definition)
    version.save()
    version.steps.all().delete()
    version.actors.all().delete()
    _store_content(version, definition, actor_roles)


@transaction.atomic
def replace_draft(*, version: SopVersion, definition: SopDefinition, actor: User) -> SopVersion:
    """Replace a draft's whole content with `definition` (an edited file of the same SOP number).

    Actors that keep their key keep their default role; new ones get a guessed one.
    """
    version = _editable(version)
    if definition.code != version.code:
        raise ValidationError(
            {
                "code": _(
                    "Nomor SOP %(new)s berbeda dengan nomor draf ini (%(code)s); impor sebagai SOP lain."
                )
                % {"new": definition.code, "code": version.code}
            }
        )
    _save(version, definition, actor_roles=_actor_roles(version))
    _record_edit(version, "sop_version.replaced", actor, steps=len(definition.steps))
    return version


def _lines(value: str | Iterable[str]) -> tuple[str, ...]:
    """Entries one per line (text from a form) or a list; blank entries dropped."""
    items = value.splitlines() if isinstance(value, str) else list(value)
    return tuple(item.strip() for item in items if item and item.strip())


def _terms(value: str | Iterable[Term | dict[str, str] | tuple[str, str]]) -> tuple[Term, ...]:
    """Istilah: "Kadis: Kepala Dinas" one per line, or Terms, dicts or pairs."""
    if isinstance(value, str):
        terms = []
        for line in _lines(value):
            term, _sep, meaning = line.partition(":")
            terms.append(Term(term=term.strip(), meaning=meaning.strip()))
        return tuple(terms)
    result = []
    for item in value:
        if isinstance(item, Term):
            result.append(item)
        elif isinstance(item, dict):
            result.append(Term(term=item.get("term", ""), meaning=item.get("meaning", "")))
        else:
            result.append(Term(term=item[0], meaning=item[1]))
    return tuple(result)


IDENTITY_FIELDS = {
    "name",
    "organization",
    "unit",
    "created",
    "revised",
    "effective",
    "approver_title",
    "approver_name",
    "approver_nip",
    "scope",
    "summary",
    "definitions",
    "provisions",
    "legal_basis",
    "qualifications",
    "related",
    "equipment",
    "warning",
    "recording",
    "approver_role",
    "escalation_role",
}
LIST_FIELDS = {"provisions", "legal_basis", "qualifications", "related", "equipment"}


def _shown(value: Any) -> Any:
    if isinstance(value, Role):
        return value.key
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_shown(item) for item in value]
    if isinstance(value, Term):
        return f"{value.term}: {value.meaning}"
    return value


@transaction.atomic
def update_identity(*, version: SopVersion, actor: User, **changes: Any) -> SopVersion:
    """Change a draft's identity fields (Bagian Identitas), documentation part and roles.

    Lists take one entry per line or a list; `definitions` takes "Istilah: arti" lines. The
    Nomor SOP is fixed: another number is another SOP. `approver_role` says who approves,
    `escalation_role` to whom overdue work goes.
    """
    unknown = sorted(set(changes) - IDENTITY_FIELDS)
    if unknown:
        raise ValidationError(_("Kolom tidak dikenal: %(fields)s.") % {"fields": ", ".join(unknown)})
    version = _editable(version)
    current = version_definition(version)
    fields: dict[str, Any] = {}
    approver = current.approved_by
    for name, value in changes.items():
        if name in {"approver_role", "escalation_role"}:
            continue
        if name in LIST_FIELDS:
            fields[name] = _lines(value or "")
        elif name == "definitions":
            fields[name] = _terms(value or "")
        elif name in {"approver_title", "approver_name", "approver_nip"}:
            approver = dataclasses.replace(
                approver, **{name.removeprefix("approver_"): (value or "").strip()}
            )
        elif name in {"created", "effective", "revised"}:
            fields[name] = value
        else:
            fields[name] = (value or "").strip()
    fields["approved_by"] = approver
    definition = dataclasses.replace(current, **fields)
    diff: dict[str, list[Any]] = {}
    for name in changes:
        if name in {"approver_role", "escalation_role"}:
            old = getattr(version, name)
            new = changes[name]
            if old != new:
                diff[name] = [_shown(old), _shown(new)]
                setattr(version, name, new)
            continue
        old_value = _identity_value(current, name)
        new_value = _identity_value(definition, name)
        if old_value != new_value:
            diff[name] = [_shown(old_value), _shown(new_value)]
    if not diff:
        return version
    _save(version, definition, actor_roles=_actor_roles(version), field_of=_identity_field_of)
    record_event(
        version,
        "sop_version.identity_updated",
        actor=actor,
        organization=version.sop.organization,
        data={"code": version.code, "version": version.number, "changes": diff},
    )
    return version


def _identity_value(definition: SopDefinition, name: str) -> Any:
    if name.startswith("approver_"):
        return getattr(definition.approved_by, name.removeprefix("approver_"))
    return getattr(definition, name)


def _actor_key(name: str, taken: Iterable[str]) -> str:
    base = slugify(name).replace("-", "_")[:40] or "pelaksana"
    taken = set(taken)
    key, counter = base, 2
    while key in taken:
        key = f"{base}_{counter}"
        counter += 1
    return key


def _record_edit(version: SopVersion, event_type: str, actor: User, **data: Any) -> None:
    record_event(
        version,
        event_type,
        actor=actor,
        organization=version.sop.organization,
        data={"code": version.code, "version": version.number, **data},
    )


@transaction.atomic
def add_actor(
    *,
    version: SopVersion,
    actor: User,
    name: str,
    key: str = "",
    default_role: Role | None = None,
    position: int | None = None,
) -> SopVersion:
    """Add a Pelaksana column (at 1-based `position`, else last); its key is made from the name if not given."""
    version = _editable(version)
    current = version_definition(version)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Nama pelaksana wajib diisi.")})
    keys = [item.key for item in current.actors]
    key = (key or "").strip() or _actor_key(name, keys)
    if key in keys:
        raise ValidationError({"key": _("Kode pelaksana %(key)s sudah dipakai.") % {"key": key}})
    if any(item.name.casefold() == name.casefold() for item in current.actors):
        raise ValidationError({"name": _("Pelaksana %(name)s sudah ada.") % {"name": name}})
    actors = list(current.actors)
    index = len(actors) if position is None else max(0, min(len(actors), position - 1))
    actors.insert(index, Actor(key=key, name=name))
    roles = _actor_roles(version)
    roles[key] = default_role if default_role is not None else guess_actor_role(name)
    _save(
        version, dataclasses.replace(current, actors=tuple(actors)), actor_roles=roles, field_of=_actor_field
    )
    _record_edit(version, "sop_version.actor_added", actor, key=key, name=name, role=_shown(roles[key]))
    return version


def _actor_field(path: str) -> str | None:
    return "name" if path.startswith("actors[") else None


def _find_actor(definition: SopDefinition, key: str) -> int:
    for index, item in enumerate(definition.actors):
        if item.key == key:
            return index
    raise ValidationError(_("Pelaksana dengan kode %(key)s tidak ada di versi ini.") % {"key": key})


@transaction.atomic
def update_actor(
    *, version: SopVersion, actor: User, key: str, name: str, default_role: Role | None
) -> SopVersion:
    """Rename an actor and set the role that plays it unless a run says otherwise."""
    version = _editable(version)
    current = version_definition(version)
    index = _find_actor(current, key)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Nama pelaksana wajib diisi.")})
    if any(i != index and item.name.casefold() == name.casefold() for i, item in enumerate(current.actors)):
        raise ValidationError({"name": _("Pelaksana %(name)s sudah ada.") % {"name": name}})
    roles = _actor_roles(version)
    old = current.actors[index]
    changes: dict[str, list[Any]] = {}
    if old.name != name:
        changes["name"] = [old.name, name]
    if roles.get(key) != default_role:
        changes["default_role"] = [_shown(roles.get(key)), _shown(default_role)]
    if not changes:
        return version
    actors = list(current.actors)
    actors[index] = Actor(key=key, name=name)
    roles[key] = default_role
    _save(
        version, dataclasses.replace(current, actors=tuple(actors)), actor_roles=roles, field_of=_actor_field
    )
    _record_edit(version, "sop_version.actor_updated", actor, key=key, changes=changes)
    return version


@transaction.atomic
def move_actor(*, version: SopVersion, actor: User, key: str, position: int) -> SopVersion:
    """Put an actor's column at 1-based `position` (the swimlane order of the printed table)."""
    version = _editable(version)
    current = version_definition(version)
    index = _find_actor(current, key)
    actors = list(current.actors)
    moved = actors.pop(index)
    target = max(0, min(len(actors), position - 1))
    if target == index:
        return version
    actors.insert(target, moved)
    _save(version, dataclasses.replace(current, actors=tuple(actors)), actor_roles=_actor_roles(version))
    _record_edit(version, "sop_version.actor_moved", actor, key=key, position=[index + 1, target + 1])
    return version


@transaction.atomic
def remove_actor(*, version: SopVersion, actor: User, key: str) -> SopVersion:
    """Remove an actor no step uses."""
    version = _editable(version)
    current = version_definition(version)
    index = _find_actor(current, key)
    used = [str(step.number) for step in current.steps if key in step.actor_keys]
    if used:
        raise ValidationError(
            _("Pelaksana %(name)s masih melakukan kegiatan di langkah %(steps)s; pindahkan kegiatannya dulu.")
            % {"name": current.actors[index].name, "steps": ", ".join(used)}
        )
    actors = [item for item in current.actors if item.key != key]
    roles = _actor_roles(version)
    roles.pop(key, None)
    _save(version, dataclasses.replace(current, actors=tuple(actors)), actor_roles=roles)
    _record_edit(version, "sop_version.actor_removed", actor, key=key, name=current.actors[index].name)
    return version


def _renumbered(steps: Sequence[Step]) -> tuple[Step, ...]:
    """Steps numbered 1..N in their order, branches following the steps they point to."""
    mapping = {step.number: position for position, step in enumerate(steps, start=1)}
    result = []
    for position, step in enumerate(steps, start=1):
        branches = (
            tuple(dataclasses.replace(b, to=mapping.get(b.to, b.to)) for b in step.next)
            if step.next is not None
            else None
        )
        result.append(dataclasses.replace(step, number=position, next=branches))
    return tuple(result)


def _find_step(definition: SopDefinition, number: int) -> int:
    for index, step in enumerate(definition.steps):
        if step.number == number:
            return index
    raise ValidationError(_("Langkah %(number)s tidak ada di versi ini.") % {"number": number})


def _step_data(step: Step) -> dict[str, Any]:
    return {
        "activities": [f"{a.actor}: {a.text}" for a in step.activities],
        "inputs": list(step.inputs),
        "time": step.time,
        "outputs": list(step.outputs),
        "note": step.note,
        "kind": step.kind,
        "next": None if step.next is None else [f"{b.to} {b.label}".strip() for b in step.next],
        "action": step.action,
    }


def _clean_step(step: Step) -> Step:
    return dataclasses.replace(
        step,
        activities=tuple(Activity(actor=a.actor, text=a.text.strip()) for a in step.activities),
        inputs=_lines(step.inputs),
        outputs=_lines(step.outputs),
        time=(step.time or "").strip() or None,
        note=(step.note or "").strip(),
        action=(step.action or "").strip() or None,
    )


def _check_action(step: Step) -> None:
    from .actions import registered_actions

    if step.action and step.action not in registered_actions():
        raise ValidationError({"action": _("Layar kerja %(key)s tidak dikenal.") % {"key": step.action}})


@transaction.atomic
def add_step(*, version: SopVersion, actor: User, step: Step, after: int | None = None) -> SopVersion:
    """Insert a step after step number `after` (0: first; None: last); steps are then numbered 1..N.

    `step.number` is ignored; branches of other steps keep pointing at the same steps.
    """
    version = _editable(version)
    current = version_definition(version)
    step = _clean_step(step)
    _check_action(step)
    steps = list(current.steps)
    if after is None:
        index = len(steps)
    elif after == 0:
        index = 0
    else:
        index = _find_step(current, after) + 1
    # A number no other step has, so branches are remapped unambiguously.
    placeholder = max((s.number for s in steps), default=0) + 1
    steps.insert(index, dataclasses.replace(step, number=placeholder))
    definition = dataclasses.replace(current, steps=_renumbered(steps))
    _save(version, definition, actor_roles=_actor_roles(version), field_of=_step_field_of(index))
    _record_edit(version, "sop_version.step_added", actor, number=index + 1, step=_step_data(step))
    return version


@transaction.atomic
def update_step(*, version: SopVersion, actor: User, number: int, step: Step) -> SopVersion:
    """Replace what step `number` says (activities, mutu baku, note, kind, branches, action)."""
    version = _editable(version)
    current = version_definition(version)
    index = _find_step(current, number)
    step = dataclasses.replace(_clean_step(step), number=number)
    _check_action(step)
    old = current.steps[index]
    if old == step:
        return version
    steps = list(current.steps)
    steps[index] = step
    definition = dataclasses.replace(current, steps=tuple(steps))
    _save(version, definition, actor_roles=_actor_roles(version), field_of=_step_field_of(index))
    old_data, new_data = _step_data(old), _step_data(step)
    changes = {k: [old_data[k], new_data[k]] for k in new_data if old_data[k] != new_data[k]}
    _record_edit(version, "sop_version.step_updated", actor, number=number, changes=changes)
    return version


@transaction.atomic
def move_step(*, version: SopVersion, actor: User, number: int, position: int) -> SopVersion:
    """Move step `number` to 1-based `position`; steps are numbered 1..N again, branches follow."""
    version = _editable(version)
    current = version_definition(version)
    index = _find_step(current, number)
    steps = list(current.steps)
    moved = steps.pop(index)
    target = max(0, min(len(steps), position - 1))
    if target == index:
        return version
    steps.insert(target, moved)
    definition = dataclasses.replace(current, steps=_renumbered(steps))
    _save(version, definition, actor_roles=_actor_roles(version))
    _record_edit(version, "sop_version.step_moved", actor, number=number, position=[index + 1, target + 1])
    return version


@transaction.atomic
def remove_step(*, version: SopVersion, actor: User, number: int) -> SopVersion:
    """Remove step `number`, unless another step branches to it; steps are numbered 1..N again."""
    version = _editable(version)
    current = version_definition(version)
    index = _find_step(current, number)
    pointing = [
        str(step.number)
        for step in current.steps
        if step.number != number and any(branch.to == number for branch in step.next or ())
    ]
    if pointing:
        raise ValidationError(
            _("Langkah %(number)s dituju oleh cabang langkah %(steps)s; ubah cabang itu dulu.")
            % {"number": number, "steps": ", ".join(pointing)}
        )
    if len(current.steps) == 1:
        raise ValidationError(_("SOP harus memiliki sekurang-kurangnya satu langkah."))
    removed = current.steps[index]
    steps = [step for step in current.steps if step.number != number]
    definition = dataclasses.replace(current, steps=_renumbered(steps))
    _save(version, definition, actor_roles=_actor_roles(version))
    _record_edit(version, "sop_version.step_removed", actor, number=number, step=_step_data(removed))
    return version


# ---- Seeds -------------------------------------------------------------------------------------


def seed_files() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.yaml"))


@transaction.atomic
def load_seed_sops(
    actor: User | None, *, organizations: dict[str, Organization] | None = None
) -> list[SopVersion]:
    """Import the seed SOPs into their organizations and approve them as published (so they are in force).

    Organizations are found by code (SEED_ORGANIZATIONS; `organizations` maps SOP codes to
    others), else by the name in the file. A seed whose organization is missing, or whose
    SOP is already in the library, is skipped.
    """
    from .fileformat import load_definition

    loaded = []
    for path in seed_files():
        text = path.read_text(encoding="utf-8")
        definition = load_definition(text, source=path.name)
        organization = (organizations or {}).get(definition.code)
        if organization is None:
            code = SEED_ORGANIZATIONS.get(definition.code)
            found = Organization.objects.filter(code=code).first() if code else None
            organization = found or Organization.objects.filter(name__iexact=definition.organization).first()
        if (
            organization is None
            or Sop.objects.filter(organization=organization, code=definition.code).exists()
        ):
            continue
        version = import_definition(
            organization=organization, definition=definition, actor=actor, source_text=text
        )
        loaded.append(approve_as_published(version=version, actor=actor))
    return loaded


def load_seed_sops_demo(actor: User) -> None:
    """Demo loader (ujikom.core.demo.DEMO_LOADERS): the three seed SOPs, in force."""
    load_seed_sops(actor)
