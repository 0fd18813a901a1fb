"""The only writers of organizations, units, people, roles and role assignments.

Each service validates everything first (Indonesian messages per field), writes inside one
transaction, and records an audit event naming the actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .audit import record_event
from .models import Organization, Role, RoleAssignment, Unit, User
from .permissions import PERMISSIONS


def _apply(instance: Model, changes: dict[str, Any], allowed: Collection[str]) -> dict[str, list[Any]]:
    """Set the allowed fields and return {field: [old, new]} for the audit log."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError({name: _("Kolom ini tidak dapat diubah.") for name in sorted(unknown)})
    diff: dict[str, list[Any]] = {}
    for name, value in changes.items():
        old = getattr(instance, name)
        if old != value:
            diff[name] = [_audit_value(old), _audit_value(value)]
            setattr(instance, name, value)
    return diff


def _audit_value(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    return value


# In the order forms show them.
ORGANIZATION_FIELDS = (
    "kind",
    "name",
    "short_name",
    "code",
    "parent",
    "address",
    "city",
    "province",
    "phone",
    "email",
    "website",
    "license_number",
    "is_active",
)
# What identifies an organization and where it hangs: changed by system administrators only.
SYSTEM_ONLY_ORGANIZATION_FIELDS = frozenset({"kind", "code", "parent", "is_active"})


def _validate_organization(organization: Organization) -> None:
    """Checks the database constraints would only report in English, with a message per field."""
    errors: dict[str, Any] = {}
    name = (organization.name or "").strip()
    others = (
        Organization.objects.exclude(pk=organization.pk) if organization.pk else Organization.objects.all()
    )
    if name and others.filter(name__iexact=name).exists():
        errors["name"] = _("Organisasi bernama “%(name)s” sudah terdaftar.") % {"name": name}
    ancestor = organization.parent
    while ancestor is not None and organization.pk is not None:
        if ancestor.pk == organization.pk:
            errors["parent"] = _("Organisasi induk tidak boleh organisasi itu sendiri atau bawahannya.")
            break
        ancestor = ancestor.parent
    _full_clean(organization, errors)


def _full_clean(instance: Model, errors: dict[str, Any]) -> None:
    """Model validation plus the service's own checks, all reported at once.

    Constraints on expressions (case-insensitive names) are checked by the service with a
    field message, so Django's generic "constraint violated" text never reaches a user.
    """
    try:
        instance.full_clean(validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field not in errors:
                errors[field] = messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_organization(*, actor: User, **fields: Any) -> Organization:
    organization = Organization()
    _apply(organization, fields, ORGANIZATION_FIELDS)
    _validate_organization(organization)
    organization.save()
    record_event(
        organization,
        "organization.created",
        actor=actor,
        data={"name": organization.name, "kind": organization.kind},
    )
    return organization


@transaction.atomic
def update_organization(*, organization: Organization, actor: User, **changes: Any) -> Organization:
    diff = _apply(organization, changes, ORGANIZATION_FIELDS)
    if not actor.is_superuser:
        refused = sorted(SYSTEM_ONLY_ORGANIZATION_FIELDS & set(diff))
        if refused:
            raise ValidationError(
                {
                    field: _("Kolom %(fields)s hanya dapat diubah administrator sistem.") % {"fields": field}
                    for field in refused
                }
            )
    if organization.parent_id == organization.pk and organization.pk is not None:
        raise ValidationError({"parent": _("Organisasi tidak dapat menjadi induk dirinya sendiri.")})
    _validate_organization(organization)
    if diff:
        organization.save()
        record_event(organization, "organization.updated", actor=actor, data={"changes": diff})
    return organization


UNIT_FIELDS = {"name", "code", "kind", "parent", "is_active"}


def _validate_unit(unit: Unit) -> None:
    """The parent is in the same organization and not the unit or below it; the name is free there."""
    errors: dict[str, Any] = {}
    if unit.parent is not None:
        if unit.parent.organization_id != unit.organization_id:
            errors["parent"] = _("Unit induk harus berada di organisasi yang sama.")
        else:
            ancestor: Unit | None = unit.parent
            while ancestor is not None:
                if unit.pk is not None and ancestor.pk == unit.pk:
                    errors["parent"] = _("Unit induk tidak boleh unit itu sendiri atau bawahannya.")
                    break
                ancestor = ancestor.parent
    name = (unit.name or "").strip()
    others = Unit.objects.filter(organization_id=unit.organization_id, name__iexact=name)
    if unit.pk is not None:
        others = others.exclude(pk=unit.pk)
    if name and others.exists():
        errors["name"] = _("Unit bernama “%(name)s” sudah ada di organisasi ini.") % {"name": name}
    _full_clean(unit, errors)


@transaction.atomic
def create_unit(*, organization: Organization, actor: User, **fields: Any) -> Unit:
    unit = Unit(organization=organization)
    _apply(unit, fields, UNIT_FIELDS)
    _validate_unit(unit)
    unit.save()
    record_event(unit, "unit.created", actor=actor, organization=organization, data={"name": unit.name})
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, actor: User, **changes: Any) -> Unit:
    diff = _apply(unit, changes, UNIT_FIELDS)
    _validate_unit(unit)
    if diff:
        unit.save()
        record_event(
            unit, "unit.updated", actor=actor, organization=unit.organization, data={"changes": diff}
        )
    return unit


PERSON_FIELDS = {"username", "full_name", "email", "phone", "nik", "nip", "title", "language", "is_active"}
PROFILE_FIELDS = {"full_name", "email", "phone", "title", "language"}


def _normalize_person(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    for name in ("username", "full_name", "email", "phone", "nik", "nip", "title"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    if isinstance(cleaned.get("email"), str):
        cleaned["email"] = cleaned["email"].lower()
    return cleaned


def _validate_person(user: User) -> None:
    errors: dict[str, str] = {}
    others = User.objects.exclude(pk=user.pk)
    if user.email and others.filter(email__iexact=user.email).exists():
        errors["email"] = _("Email ini sudah dipakai pengguna lain.")
    if user.nik and others.filter(nik=user.nik).exists():
        errors["nik"] = _("NIK ini sudah terdaftar untuk pengguna lain.")
    if not user.full_name:
        errors["full_name"] = _("Nama lengkap wajib diisi.")
    if errors:
        raise ValidationError(errors)
    user.full_clean(exclude=["password"])


@transaction.atomic
def create_person(
    *, actor: User, organization: Organization | None = None, password: str | None = None, **fields: Any
) -> User:
    """Create a person. Without a password they set one through the emailed reset link."""
    user = User()
    _apply(user, _normalize_person(fields), PERSON_FIELDS)
    _validate_person(user)
    if password:
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_event(
        user,
        "person.created",
        actor=actor,
        organization=organization,
        data={"username": user.username, "full_name": user.full_name},
    )
    return user


@transaction.atomic
def update_person(
    *, person: User, actor: User, organization: Organization | None = None, **changes: Any
) -> User:
    diff = _apply(person, _normalize_person(changes), PERSON_FIELDS)
    _validate_person(person)
    if diff:
        person.save()
        record_event(person, "person.updated", actor=actor, organization=organization, data={"changes": diff})
    return person


@transaction.atomic
def update_profile(*, user: User, **changes: Any) -> User:
    """A person edits their own profile (not their username, NIK or status)."""
    diff = _apply(user, _normalize_person(changes), PROFILE_FIELDS)
    _validate_person(user)
    if diff:
        user.save()
        record_event(user, "person.profile_updated", actor=user, data={"changes": diff})
    return user


ROLE_FIELDS = {"key", "name", "description", "permissions", "organization_kinds", "is_sop_actor"}


def _validate_role(role: Role) -> None:
    unknown = [code for code in role.permissions or [] if code not in PERMISSIONS]
    if unknown:
        raise ValidationError(
            {"permissions": _("Hak akses tidak dikenal: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    kinds = set(Organization.Kind.values)
    bad_kinds = [kind for kind in role.organization_kinds or [] if kind not in kinds]
    if bad_kinds:
        raise ValidationError(
            {
                "organization_kinds": _("Jenis organisasi tidak dikenal: %(kinds)s")
                % {"kinds": ", ".join(bad_kinds)}
            }
        )
    role.full_clean()


@transaction.atomic
def create_role(*, actor: User, **fields: Any) -> Role:
    role = Role()
    _apply(role, fields, ROLE_FIELDS)
    _validate_role(role)
    role.save()
    record_event(role, "role.created", actor=actor, data={"key": role.key, "permissions": role.permissions})
    return role


@transaction.atomic
def update_role(*, role: Role, actor: User, **changes: Any) -> Role:
    if role.is_builtin and "key" in changes and changes["key"] != role.key:
        raise ValidationError({"key": _("Kode peran bawaan tidak dapat diubah.")})
    diff = _apply(role, changes, ROLE_FIELDS)
    _validate_role(role)
    if diff:
        role.save()
        record_event(role, "role.updated", actor=actor, data={"changes": diff})
    return role


def _validate_assignment(assignment: RoleAssignment) -> None:
    errors: dict[str, str] = {}
    role, organization = assignment.role, assignment.organization
    if role.organization_kinds and organization.kind not in role.organization_kinds:
        errors["role"] = _("Peran %(role)s tidak berlaku untuk organisasi berjenis %(kind)s.") % {
            "role": role.name,
            "kind": organization.get_kind_display(),
        }
    if assignment.unit is not None and assignment.unit.organization_id != organization.pk:
        errors["unit"] = _("Unit kerja harus berada di organisasi yang sama.")
    if assignment.ends_on is not None and assignment.ends_on < assignment.starts_on:
        errors["ends_on"] = _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
    if errors:
        raise ValidationError(errors)
    overlapping = RoleAssignment.objects.filter(
        user=assignment.user, role=role, organization=organization
    ).exclude(pk=assignment.pk)
    if assignment.ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=assignment.ends_on)
    overlapping = overlapping.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=assignment.starts_on))
    if overlapping.exists():
        raise ValidationError(
            {
                "starts_on": _(
                    "Pengguna ini sudah memegang peran tersebut di organisasi ini pada rentang tanggal itu."
                )
            }
        )
    assignment.full_clean()


@transaction.atomic
def assign_role(
    *,
    actor: User,
    user: User,
    role: Role,
    organization: Organization,
    unit: Unit | None = None,
    capacity: str = RoleAssignment.Capacity.DEFINITIVE,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    decree_number: str = "",
    note: str = "",
) -> RoleAssignment:
    """Give a person a role in an organization for a period (acting officials: Plt/Plh)."""
    assignment = RoleAssignment(
        user=user,
        role=role,
        organization=organization,
        unit=unit,
        capacity=capacity,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        decree_number=decree_number.strip(),
        note=note.strip(),
    )
    _validate_assignment(assignment)
    assignment.save()
    record_event(
        assignment,
        "role_assignment.created",
        actor=actor,
        organization=organization,
        data={
            "user": user.username,
            "role": role.key,
            "unit": unit.pk if unit else None,
            "capacity": capacity,
            "starts_on": assignment.starts_on,
            "ends_on": ends_on,
        },
    )
    return assignment


@transaction.atomic
def end_assignment(
    *, assignment: RoleAssignment, actor: User, ends_on: dt.date | None = None
) -> RoleAssignment:
    """End a role assignment (from today unless a date is given); the history stays.

    An assignment may be ended earlier than planned, never later: that would revive it.
    """
    day = ends_on or timezone.localdate()
    if day < assignment.starts_on:
        raise ValidationError(
            {
                "ends_on": _("Tanggal berakhir tidak boleh sebelum tanggal mulai (%(start)s).")
                % {"start": date_format(assignment.starts_on)}
            }
        )
    previous = assignment.ends_on
    if previous is not None and day > previous:
        raise ValidationError(
            {
                "ends_on": _(
                    "Penugasan ini sudah berakhir pada %(end)s; tanggal berakhir tidak dapat dimundurkan."
                )
                % {"end": date_format(previous)}
            }
        )
    assignment.ends_on = day
    assignment.save(update_fields=["ends_on", "updated_at"])
    record_event(
        assignment,
        "role_assignment.ended",
        actor=actor,
        organization=assignment.organization,
        data={
            "user": assignment.user.username,
            "role": assignment.role.key,
            "ends_on": day,
            "previous_ends_on": previous,
        },
    )
    return assignment


ASSIGNMENT_FIELDS = {"role", "unit", "capacity", "starts_on", "ends_on", "decree_number", "note"}


@transaction.atomic
def create_member(
    *,
    actor: User,
    organization: Organization,
    role: Role,
    unit: Unit | None = None,
    capacity: str = RoleAssignment.Capacity.DEFINITIVE,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    decree_number: str = "",
    note: str = "",
    password: str | None = None,
    **person_fields: Any,
) -> RoleAssignment:
    """Create a person together with their first role in the organization: both or nothing.

    Errors name person fields (`username`, `email`...) or assignment fields (`role`, `unit`...).
    """
    person = create_person(actor=actor, organization=organization, password=password, **person_fields)
    return assign_role(
        actor=actor,
        user=person,
        role=role,
        organization=organization,
        unit=unit,
        capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on,
        decree_number=decree_number,
        note=note,
    )


def send_password_setup_link(
    *, person: User, actor: User, organization: Organization | None, site_url: str
) -> None:
    """Email the person a one-time link to set their password (Django's reset token, valid 24 hours).

    Sent outside any transaction; raises ValueError when the person has no email address and
    lets mail errors through so the page can say the email failed.
    """
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    if not person.email:
        raise ValueError(_("Pengguna ini belum memiliki alamat email."))
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    context = {
        "person": person,
        "organization": organization,
        "link": site_url.rstrip("/") + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    with translation.override(person.language or "id"):
        subject = " ".join(render_to_string("core/email/password_setup_subject.txt", context).split())
        body = render_to_string("core/email/password_setup.txt", context)
    EmailMultiAlternatives(subject, body, to=[person.email]).send()
    record_event(
        person,
        "person.password_link_sent",
        actor=actor,
        organization=organization,
        data={"email": person.email},
    )
