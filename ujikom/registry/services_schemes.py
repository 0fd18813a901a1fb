"""The only writers of funding sources (sumber anggaran) and certification schemes with their units.

Each service checks everything first and reports every problem in Indonesian by field
(units by their row: "Unit ke-2: …"), then writes inside one transaction and records an
audit event naming the actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User
from ujikom.core.services import _apply, _full_clean

from .models import CompetencyUnit, FundingSource, Scheme

EVENT_LABELS = {
    "funding_source.created": gettext_lazy("Sumber anggaran ditambahkan"),
    "funding_source.updated": gettext_lazy("Sumber anggaran diubah"),
    "funding_source.imported": gettext_lazy("Sumber anggaran diimpor dari Excel"),
    "scheme.created": gettext_lazy("Skema sertifikasi ditambahkan"),
    "scheme.updated": gettext_lazy("Skema sertifikasi diubah"),
    "scheme.imported": gettext_lazy("Skema sertifikasi diimpor dari Excel"),
}

UNIT_CODE = re.compile(r"^[A-Z]\.\d{6}\.\d{3}\.\d{2}$")
FUNDING_FIELDS = ("code", "name", "kind", "ministry_code", "is_active")
SCHEME_FIELDS = ("code", "name", "kind", "kkni_level", "basic_requirements", "validity_years", "is_active")
KKNI_LEVELS = range(1, 10)


def _strip(fields: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    cleaned = dict(fields)
    for name in names:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    return cleaned


# ---- Funding sources ----------------------------------------------------------------------------


def _validate_funding(source: FundingSource) -> None:
    errors: dict[str, Any] = {}
    if not source.code:
        errors["code"] = _("Kode sumber anggaran wajib diisi.")
    else:
        same_code = FundingSource.objects.exclude(pk=source.pk).filter(code__iexact=source.code)
        if source.organization_id is None and same_code.filter(organization__isnull=True).exists():
            errors["code"] = _("Kode %(code)s sudah dipakai sumber anggaran bersama.") % {"code": source.code}
        elif same_code.filter(organization=source.organization).exists():
            errors["code"] = _("Kode %(code)s sudah dipakai sumber anggaran lain di organisasi ini.") % {
                "code": source.code
            }
    if not source.name:
        errors["name"] = _("Nama sumber anggaran wajib diisi.")
    _full_clean(source, errors)


@transaction.atomic
def create_funding_source(*, actor: User, organization: Organization | None, **fields: Any) -> FundingSource:
    """A funding source of `organization`, or shared by all when `organization` is None."""
    source = FundingSource(organization=organization)
    cleaned = _strip(fields, ("code", "name", "ministry_code"))
    if isinstance(cleaned.get("code"), str):
        cleaned["code"] = cleaned["code"].upper()
    _apply(source, cleaned, FUNDING_FIELDS)
    _validate_funding(source)
    source.save()
    record_event(
        source,
        "funding_source.created",
        actor=actor,
        organization=organization,
        data={"code": source.code, "name": source.name, "shared": organization is None},
    )
    return source


@transaction.atomic
def update_funding_source(*, funding_source: FundingSource, actor: User, **changes: Any) -> FundingSource:
    cleaned = _strip(changes, ("code", "name", "ministry_code"))
    if isinstance(cleaned.get("code"), str):
        cleaned["code"] = cleaned["code"].upper()
    diff = _apply(funding_source, cleaned, FUNDING_FIELDS)
    _validate_funding(funding_source)
    if diff:
        funding_source.save()
        record_event(
            funding_source,
            "funding_source.updated",
            actor=actor,
            organization=funding_source.organization,
            data={"changes": diff},
        )
    return funding_source


# ---- Schemes and their units ----------------------------------------------------------------------


def parse_elements(value: Any) -> list[str]:
    """Elements as a list of non-empty lines, from text (one a line) or a list."""
    if value is None:
        return []
    lines = value.splitlines() if isinstance(value, str) else [str(item) for item in value]
    return [line.strip() for line in lines if line and line.strip()]


def clean_units(units: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The units in order, stripped and upper-cased, and a message for every bad one ("Unit ke-N …")."""
    cleaned: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, unit in enumerate(units, start=1):
        code = str(unit.get("code") or "").strip().upper()
        title = str(unit.get("title") or "").strip()
        where = _("Unit ke-%(n)s") % {"n": number}
        if not code:
            problems.append(_("%(where)s: kode unit wajib diisi.") % {"where": where})
        elif not UNIT_CODE.match(code):
            problems.append(
                _("%(where)s: kode unit “%(code)s” tidak sah; bentuknya seperti J.620100.017.02.")
                % {"where": where, "code": code}
            )
        elif code in seen:
            problems.append(
                _("%(where)s: kode unit %(code)s sudah dipakai unit ke-%(other)s.")
                % {"where": where, "code": code, "other": seen[code]}
            )
        else:
            seen[code] = number
        if not title:
            problems.append(_("%(where)s: judul unit wajib diisi.") % {"where": where})
        elif len(title) > 255:
            problems.append(
                _("%(where)s: judul unit terlalu panjang (maks. 255 karakter).") % {"where": where}
            )
        cleaned.append({"code": code, "title": title, "elements": parse_elements(unit.get("elements"))})
    return cleaned, problems


def _validate_scheme(scheme: Scheme, units: list[Mapping[str, Any]] | None) -> list[dict[str, Any]] | None:
    errors: dict[str, Any] = {}
    if not scheme.code:
        errors["code"] = _("Kode skema wajib diisi.")
    elif (
        Scheme.objects.exclude(pk=scheme.pk)
        .filter(organization_id=scheme.organization_id, code__iexact=scheme.code)
        .exists()
    ):
        errors["code"] = _("Kode skema %(code)s sudah dipakai skema lain di LSP ini.") % {"code": scheme.code}
    if not scheme.name:
        errors["name"] = _("Nama skema wajib diisi.")
    if scheme.kkni_level is not None and scheme.kkni_level not in KKNI_LEVELS:
        errors["kkni_level"] = _("Jenjang KKNI harus 1 sampai 9.")
    elif scheme.kind == Scheme.Kind.KKNI and scheme.kkni_level is None:
        errors["kkni_level"] = _("Skema KKNI wajib menyebut jenjangnya (1 sampai 9).")
    if scheme.validity_years is not None and not 1 <= scheme.validity_years <= 10:
        errors["validity_years"] = _("Masa berlaku sertifikat harus 1 sampai 10 tahun.")
    if scheme.organization.kind != Organization.Kind.LSP:
        errors["__all__"] = _("Skema sertifikasi hanya dapat dimiliki LSP.")
    cleaned = None
    if units is not None:
        cleaned, problems = clean_units(units)
        if not cleaned:
            problems.append(_("Skema harus memiliki sedikitnya satu unit kompetensi."))
        if problems:
            errors["units"] = problems
    _full_clean(scheme, errors)
    return cleaned


def _replace_units(scheme: Scheme, units: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Make the scheme's units exactly `units` (in order), keeping the rows of codes that stay."""
    existing = {unit.code: unit for unit in scheme.units.all()}
    wanted_codes = [unit["code"] for unit in units]
    removed = [code for code in existing if code not in wanted_codes]
    if removed:
        CompetencyUnit.objects.filter(scheme=scheme, code__in=removed).delete()
    kept = [existing[code] for code in wanted_codes if code in existing]
    # Positions are unique per scheme: move the kept rows out of the way before renumbering.
    offset = len(existing) + len(units) + 1
    for unit in kept:
        unit.position += offset
    CompetencyUnit.objects.bulk_update(kept, ["position"])
    new_units: list[CompetencyUnit] = []
    for position, spec in enumerate(units, start=1):
        found = existing.get(spec["code"])
        if found is None:
            new_units.append(CompetencyUnit(scheme=scheme, position=position, **spec))
        else:
            found.position, found.title, found.elements = position, spec["title"], spec["elements"]
    CompetencyUnit.objects.bulk_update(kept, ["position", "title", "elements"])
    CompetencyUnit.objects.bulk_create(new_units)
    return {
        "added": [unit.code for unit in new_units],
        "removed": removed,
    }


def _clean_scheme_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = _strip(fields, ("code", "name", "basic_requirements"))
    if isinstance(cleaned.get("code"), str):
        cleaned["code"] = cleaned["code"].upper()
    return cleaned


@transaction.atomic
def create_scheme(
    *, organization: Organization, actor: User, units: Iterable[Mapping[str, Any]], **fields: Any
) -> Scheme:
    """A scheme of an LSP with its units in the given order (each: code, title, elements)."""
    scheme = Scheme(organization=organization)
    _apply(scheme, _clean_scheme_fields(fields), SCHEME_FIELDS)
    cleaned = _validate_scheme(scheme, list(units))
    assert cleaned is not None
    scheme.save()
    CompetencyUnit.objects.bulk_create(
        CompetencyUnit(scheme=scheme, position=position, **spec) for position, spec in enumerate(cleaned, 1)
    )
    record_event(
        scheme,
        "scheme.created",
        actor=actor,
        organization=organization,
        data={"code": scheme.code, "units": [unit["code"] for unit in cleaned]},
    )
    return scheme


@transaction.atomic
def update_scheme(
    *, scheme: Scheme, actor: User, units: Iterable[Mapping[str, Any]] | None = None, **changes: Any
) -> Scheme:
    """Change a scheme; when `units` is given, they become its units (same codes keep their rows)."""
    diff = _apply(scheme, _clean_scheme_fields(changes), SCHEME_FIELDS)
    cleaned = _validate_scheme(scheme, list(units) if units is not None else None)
    unit_changes: dict[str, Any] = {}
    if cleaned is not None:
        before = list(scheme.units.values_list("code", "title", "elements"))
        unit_changes = _replace_units(scheme, cleaned)
        after = [(unit["code"], unit["title"], unit["elements"]) for unit in cleaned]
        if before == after:
            unit_changes = {}
        else:
            unit_changes["units"] = [unit["code"] for unit in cleaned]
    if diff:
        scheme.save()
    if diff or unit_changes:
        record_event(
            scheme,
            "scheme.updated",
            actor=actor,
            organization=scheme.organization,
            data={"changes": diff, **unit_changes},
        )
    return scheme
