"""The SOP library's services: store a definition as a version, read a version back as a definition.

A definition (`ujikom.sop.definition.SopDefinition`) is stored as rows (version, actors, steps,
activities, branches) so the engine can point at them and officials can edit drafts.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.db.models import Max

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, Role, User

from .definition import Activity, Actor, Approver, Branch, SopDefinition, Step, Term
from .models import Sop, SopActivity, SopActor, SopBranch, SopStep, SopVersion


def guess_role(title: str) -> Role | None:
    """The built-in role that a job title (jabatan) names, if one clearly does."""
    lowered = title.lower()
    for needle, key in [
        ("kepala dinas", "kadis"),
        ("sekretaris dinas", "sekdis"),
        ("kepala bidang", "kabid"),
        ("kabid administrasi", "head_admin"),
        ("kabid sertifikasi", "head_certification"),
        ("kepala seksi", "kasi"),
        ("ketua lsp", "lsp_chair"),
        ("direktur", "director"),
        ("kepala tuk", "site_head"),
    ]:
        if needle in lowered:
            return Role.objects.filter(key=key).first()
    return None


@transaction.atomic
def import_definition(
    *,
    organization: Organization,
    definition: SopDefinition,
    actor: User,
    source_text: str = "",
    actor_roles: dict[str, Role] | None = None,
) -> SopVersion:
    """Store `definition` as a new draft version of the organization's SOP with that code.

    The SOP is created when the code is new; otherwise this is its next version. Actors get
    the role named in `actor_roles`, or one guessed from their name, as the default player.
    """
    sop, created = Sop.objects.select_for_update().get_or_create(
        organization=organization, code=definition.code, defaults={"name": definition.name}
    )
    if not created and sop.name != definition.name:
        sop.name = definition.name
        sop.save(update_fields=["name", "updated_at"])
    number = (sop.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = SopVersion.objects.create(
        sop=sop,
        number=number,
        code=definition.code,
        name=definition.name,
        organization_name=definition.organization,
        unit_name=definition.unit,
        created_on=definition.created,
        revised_on=definition.revised,
        effective_on=definition.effective,
        approver_title=definition.approved_by.title,
        approver_name=definition.approved_by.name,
        approver_nip=definition.approved_by.nip,
        scope=definition.scope,
        summary=definition.summary,
        definitions=[{"term": t.term, "meaning": t.meaning} for t in definition.definitions],
        provisions=list(definition.provisions),
        legal_basis=list(definition.legal_basis),
        qualifications=list(definition.qualifications),
        related=list(definition.related),
        equipment=list(definition.equipment),
        warning=definition.warning,
        recording=definition.recording,
        approver_role=guess_role(definition.approved_by.title),
        source_yaml=source_text,
        source_sha256=hashlib.sha256(source_text.encode("utf-8")).hexdigest() if source_text else "",
        created_by=actor,
    )
    _store_content(version, definition, actor_roles or {})
    record_event(
        version,
        "sop_version.imported",
        actor=actor,
        organization=organization,
        data={"code": definition.code, "version": number, "steps": len(definition.steps)},
    )
    return version


def _store_content(version: SopVersion, definition: SopDefinition, actor_roles: dict[str, Role]) -> None:
    actors = {}
    for position, item in enumerate(definition.actors, start=1):
        actors[item.key] = SopActor.objects.create(
            version=version,
            key=item.key,
            name=item.name,
            position=position,
            default_role=actor_roles.get(item.key) or guess_actor_role(item.name),
        )
    for position, step in enumerate(definition.steps, start=1):
        duration = step.duration
        row = SopStep.objects.create(
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
        SopActivity.objects.bulk_create(
            SopActivity(step=row, actor=actors[activity.actor], position=index, text=activity.text)
            for index, activity in enumerate(step.activities, start=1)
        )
        SopBranch.objects.bulk_create(
            SopBranch(step=row, position=index, target_number=branch.to, label=branch.label)
            for index, branch in enumerate(step.next or (), start=1)
        )


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


def guess_actor_role(name: str) -> Role | None:
    """The built-in role an actor column's name points to (the seed SOPs' actors all match one)."""
    lowered = name.lower()
    # Longer hints first, so "Kabid Administrasi" is not taken for "Bagian Administrasi".
    for needle, key in sorted(ACTOR_ROLE_HINTS, key=lambda hint: -len(hint[0])):
        if needle in lowered:
            return Role.objects.filter(key=key).first()
    return None


def version_definition(version: SopVersion) -> SopDefinition:
    """The stored version as a definition (for export, rendering and comparing versions)."""
    actors = list(version.actors.all())
    keys = {actor.pk: actor.key for actor in actors}
    steps = []
    for step in version.steps.prefetch_related("activities", "branches"):
        steps.append(
            Step(
                number=step.number,
                activities=tuple(
                    Activity(actor=keys[a.actor_id], text=a.text) for a in step.activities.all()
                ),
                inputs=tuple(step.inputs),
                time=step.time_text or None,
                outputs=tuple(step.outputs),
                note=step.note,
                kind=step.kind,  # type: ignore[arg-type]
                next=tuple(Branch(to=b.target_number, label=b.label) for b in step.branches.all())
                if step.explicit_next
                else None,
                action=step.action or None,
            )
        )
    return SopDefinition(
        code=version.code,
        name=version.name,
        organization=version.organization_name,
        unit=version.unit_name,
        created=version.created_on,
        revised=version.revised_on,
        effective=version.effective_on,
        approved_by=Approver(
            title=version.approver_title, name=version.approver_name, nip=version.approver_nip
        ),
        scope=version.scope,
        summary=version.summary,
        definitions=tuple(Term(term=d["term"], meaning=d["meaning"]) for d in version.definitions),
        provisions=tuple(version.provisions),
        legal_basis=tuple(version.legal_basis),
        qualifications=tuple(version.qualifications),
        related=tuple(version.related),
        equipment=tuple(version.equipment),
        warning=version.warning,
        recording=version.recording,
        actors=tuple(Actor(key=a.key, name=a.name) for a in actors),
        steps=tuple(steps),
    )


def version_in_force(
    *, organization: Organization, code: str, on: dt.date | None = None
) -> SopVersion | None:
    """The approved version of the SOP with the latest effective date not after `on` (today)."""
    from django.utils import timezone

    day = on or timezone.localdate()
    return (
        SopVersion.objects.filter(
            sop__organization=organization,
            sop__code=code,
            status=SopVersion.Status.APPROVED,
            effective_on__lte=day,
        )
        .order_by("-effective_on", "-number")
        .first()
    )


@transaction.atomic
def approve_version(*, version: SopVersion, actor: User) -> SopVersion:
    """Approve a draft (Disahkan): by the holder of the version's approver role in the SOP's organization.

    It is in force from its effective date; a run started after that uses it.
    """
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from ujikom.core.access import has_any_role

    version = (
        SopVersion.objects.select_for_update()
        .select_related("sop__organization", "approver_role")
        .get(pk=version.pk)
    )
    if version.status != SopVersion.Status.DRAFT:
        raise ValidationError(
            _("Hanya draf yang dapat disahkan; versi ini berstatus %(status)s.")
            % {"status": version.get_status_display()}
        )
    organization = version.sop.organization
    if version.approver_role is None and not actor.is_superuser:
        raise PermissionDenied(_("Versi ini belum menyebut peran yang mengesahkan."))
    if version.approver_role is not None and not has_any_role(
        actor, [version.approver_role.key], organization
    ):
        raise PermissionDenied(
            _("SOP ini disahkan oleh %(role)s di %(org)s.")
            % {"role": version.approver_role.name, "org": organization}
        )
    version.status = SopVersion.Status.APPROVED
    version.approved_by = actor
    version.approved_at = timezone.now()
    version.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record_event(
        version,
        "sop_version.approved",
        actor=actor,
        organization=organization,
        data={"code": version.code, "version": version.number, "effective_on": version.effective_on},
    )
    return version
