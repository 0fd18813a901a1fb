"""The only writers of test sites (TUK) and assessors.

Each service checks everything first and reports every problem with an Indonesian message per
field, writes inside one transaction and records an audit event naming the actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, Role, RoleAssignment, User
from ujikom.core.services import assign_role, create_member

from .models import Assessor, Scheme, TestSite

SITE_FIELDS = (
    "code",
    "name",
    "kind",
    "address",
    "city",
    "capacity",
    "facilities",
    "head",
    "lsp",
    "verified_until",
    "is_active",
)
ASSESSOR_FIELDS = (
    "registration_number",
    "registration_expires_on",
    "appointment_number",
    "appointment_starts_on",
    "appointment_ends_on",
    "is_active",
)
SITE_HEAD_ROLE = "site_head"
ASSESSOR_ROLE = "assessor"


def _audit_value(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _apply(instance: Model, changes: dict[str, Any], allowed: Collection[str]) -> dict[str, list[Any]]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError({name: _("Kolom ini tidak dapat diubah.") for name in sorted(unknown)})
    diff: dict[str, list[Any]] = {}
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        old = getattr(instance, name)
        if old != value:
            diff[name] = [_audit_value(old), _audit_value(value)]
            setattr(instance, name, value)
    return diff


def _model_errors(instance: Model, errors: dict[str, Any], exclude: Iterable[str] = ()) -> None:
    """Model field validation added to the service's own errors, then everything raised at once."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


# ---- Test sites ---------------------------------------------------------------------------------


def holds_role(user: User, role_key: str, organization: Organization, on: dt.date | None = None) -> bool:
    return (
        RoleAssignment.objects.active(on)
        .filter(user=user, organization=organization, role__key=role_key)
        .exists()
    )


def _validate_site(site: TestSite) -> None:
    errors: dict[str, Any] = {}
    if site.kind != TestSite.Kind.INDEPENDENT and site.verified_until is not None:
        errors["verified_until"] = _(
            "%(kind)s diverifikasi setiap kali dipakai; kosongkan tanggal terverifikasi sampai."
        ) % {"kind": site.get_kind_display()}
    if site.capacity is not None and site.capacity < 1:
        errors["capacity"] = _("Kapasitas peserta minimal 1 orang.")
    if site.head is not None and not holds_role(site.head, SITE_HEAD_ROLE, site.owner):
        errors["head"] = _(
            "%(person)s tidak memegang peran Kepala TUK di %(organization)s; berikan perannya dahulu "
            "atau kosongkan kepala TUK."
        ) % {"person": site.head, "organization": site.owner.display_name}
    if site.lsp is not None and site.lsp.kind != Organization.Kind.LSP:
        errors["lsp"] = _("%(organization)s bukan LSP.") % {"organization": site.lsp.display_name}
    code = (site.code or "").strip()
    if code:
        others = TestSite.objects.filter(owner_id=site.owner_id, code__iexact=code).exclude(pk=site.pk)
        if others.exists():
            errors["code"] = _("Kode TUK “%(code)s” sudah dipakai TUK lain milik organisasi ini.") % {
                "code": code
            }
    _model_errors(site, errors, exclude=["owner"])


@transaction.atomic
def create_test_site(*, actor: User, owner: Organization, **fields: Any) -> TestSite:
    """Register a test site owned by `owner` (the organization the official acts for)."""
    site = TestSite(owner=owner)
    _apply(site, fields, SITE_FIELDS)
    _validate_site(site)
    site.save()
    record_event(
        site,
        "test_site.created",
        actor=actor,
        organization=owner,
        data={"code": site.code, "name": site.name, "kind": site.kind},
    )
    return site


@transaction.atomic
def update_test_site(*, site: TestSite, actor: User, **changes: Any) -> TestSite:
    diff = _apply(site, changes, SITE_FIELDS)
    _validate_site(site)
    if diff:
        site.save()
        record_event(site, "test_site.updated", actor=actor, organization=site.owner, data={"changes": diff})
    return site


# ---- Assessors ----------------------------------------------------------------------------------


def _validate_assessor(assessor: Assessor, schemes: Iterable[Scheme] | None) -> None:
    errors: dict[str, Any] = {}
    lsp = assessor.lsp
    if lsp.kind != Organization.Kind.LSP:
        errors["lsp"] = _("Asesor hanya dapat didaftarkan oleh LSP; %(organization)s bukan LSP.") % {
            "organization": lsp.display_name
        }
    number = (assessor.registration_number or "").strip().upper()
    assessor.registration_number = number
    if number and Assessor.objects.filter(registration_number=number).exclude(pk=assessor.pk).exists():
        errors["registration_number"] = _(
            "Nomor registrasi %(number)s sudah terdaftar untuk asesor lain."
        ) % {"number": number}
    if (
        assessor.user_id is not None
        and Assessor.objects.filter(lsp=lsp, user_id=assessor.user_id).exclude(pk=assessor.pk).exists()
    ):
        errors["person"] = _("%(person)s sudah terdaftar sebagai asesor di LSP ini.") % {
            "person": assessor.user
        }
    if not assessor.appointment_number:
        errors["appointment_number"] = _("Nomor SK penetapan asesor oleh LSP wajib diisi.")
    if assessor.appointment_starts_on is None:
        errors["appointment_starts_on"] = _("Tanggal mulai berlaku SK wajib diisi.")
    if (
        assessor.appointment_starts_on is not None
        and assessor.appointment_ends_on is not None
        and assessor.appointment_ends_on < assessor.appointment_starts_on
    ):
        errors["appointment_ends_on"] = _("Tanggal akhir SK tidak boleh sebelum tanggal mulainya.")
    if schemes is not None:
        foreign = [scheme.code for scheme in schemes if scheme.organization_id != lsp.pk]
        if foreign:
            errors["schemes"] = _("Skema %(codes)s bukan skema %(lsp)s.") % {
                "codes": ", ".join(foreign),
                "lsp": lsp.display_name,
            }
    _model_errors(assessor, errors, exclude=["user", "lsp"])


def _ensure_assessor_role(*, actor: User, person: User, lsp: Organization) -> None:
    if holds_role(person, ASSESSOR_ROLE, lsp):
        return
    assign_role(actor=actor, user=person, role=Role.objects.get(key=ASSESSOR_ROLE), organization=lsp)


def _set_schemes(assessor: Assessor, schemes: Iterable[Scheme] | None) -> list[str] | None:
    if schemes is None:
        return None
    wanted = list(schemes)
    before = sorted(assessor.schemes.values_list("code", flat=True)) if assessor.pk else []
    assessor.schemes.set(wanted)
    after = sorted(scheme.code for scheme in wanted)
    return after if after != before else None


@transaction.atomic
def register_assessor(
    *,
    actor: User,
    lsp: Organization,
    person: User | None = None,
    new_person: dict[str, Any] | None = None,
    schemes: Iterable[Scheme] = (),
    **fields: Any,
) -> Assessor:
    """Register a person as an assessor of `lsp`: an existing person, or a new one from `new_person`
    (full_name, username, email, phone… as for core's create_person). The person is given the
    assessor role in the LSP when they do not hold it yet."""
    if (person is None) == (new_person is None):
        raise ValidationError({"person": _("Pilih orang yang sudah terdaftar atau isi data orang baru.")})
    scheme_list = list(schemes)
    assessor = Assessor(lsp=lsp, user=person)
    _apply(assessor, fields, ASSESSOR_FIELDS)
    # Checked before the new person is created so that every error is reported together.
    _validate_assessor(assessor, scheme_list)
    if new_person is not None:
        membership = create_member(
            actor=actor, organization=lsp, role=Role.objects.get(key=ASSESSOR_ROLE), **new_person
        )
        assessor.user = membership.user
    else:
        assert person is not None
        _ensure_assessor_role(actor=actor, person=person, lsp=lsp)
    assessor.save()
    _set_schemes(assessor, scheme_list)
    record_event(
        assessor,
        "assessor.registered",
        actor=actor,
        organization=lsp,
        data={
            "person": assessor.user.username,
            "registration_number": assessor.registration_number,
            "registration_expires_on": _audit_value(assessor.registration_expires_on),
            "schemes": sorted(scheme.code for scheme in scheme_list),
        },
    )
    return assessor


@transaction.atomic
def update_assessor(
    *, assessor: Assessor, actor: User, schemes: Iterable[Scheme] | None = None, **changes: Any
) -> Assessor:
    scheme_list = list(schemes) if schemes is not None else None
    diff = _apply(assessor, changes, ASSESSOR_FIELDS)
    _validate_assessor(assessor, scheme_list)
    if diff:
        assessor.save()
    scheme_change = _set_schemes(assessor, scheme_list)
    if scheme_change is not None:
        diff["schemes"] = [None, scheme_change]
    if diff:
        record_event(
            assessor, "assessor.updated", actor=actor, organization=assessor.lsp, data={"changes": diff}
        )
    return assessor


def new_person_fields(*, full_name: str, email: str = "", phone: str = "") -> dict[str, Any]:
    """Fields for core's create_person, with a free username made from the email or the name."""
    base = email.split("@")[0] if email else slugify(full_name).replace("-", ".")
    base = "".join(ch for ch in base.lower() if ch.isalnum() or ch in "._-")[:140] or "asesor"
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}{number}"
    return {"username": username, "full_name": full_name, "email": email, "phone": phone}


EVENT_LABELS = {
    "test_site.created": gettext_lazy("TUK didaftarkan"),
    "test_site.updated": gettext_lazy("Data TUK diubah"),
    "test_site.imported": gettext_lazy("TUK diimpor dari Excel"),
    "assessor.registered": gettext_lazy("Asesor didaftarkan"),
    "assessor.updated": gettext_lazy("Data asesor diubah"),
    "assessor.imported": gettext_lazy("Asesor diimpor dari Excel"),
}
