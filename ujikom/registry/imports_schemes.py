"""Schemes with their units from and to a spreadsheet: one row per unit.

Columns: Kode Skema, Nama Skema, Jenis (KKNI / Okupasi / Klaster), Jenjang (KKNI level, 1–9 or
I–IX), Masa Berlaku (years, default 3), Kode Unit, Judul Unit, and optionally Elemen (one
element a line in the cell). The scheme's columns may be left blank on its later rows. An
import is all or nothing: every bad row is reported (row, column, what is wrong) and nothing is
saved while any row is bad. A scheme code the LSP already has is updated, its units replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User

from .models import Scheme
from .services_schemes import UNIT_CODE, create_scheme, parse_elements, update_scheme
from .spreadsheets import Column, Row, RowError, RowErrors, SpreadsheetError, Table, read_table, write_xlsx

COLUMNS = (
    Column("scheme_code", "Kode Skema", ("kode skema sertifikasi", "kode")),
    Column("scheme_name", "Nama Skema", ("nama skema sertifikasi", "skema")),
    Column("kind", "Jenis", ("jenis skema",)),
    Column("kkni_level", "Jenjang", ("jenjang kkni", "level kkni", "level"), required=False),
    Column(
        "validity_years", "Masa Berlaku", ("masa berlaku tahun", "masa berlaku sertifikat"), required=False
    ),
    Column("unit_code", "Kode Unit", ("kode unit kompetensi",)),
    Column("unit_title", "Judul Unit", ("judul unit kompetensi", "nama unit")),
    Column("elements", "Elemen", ("elemen kompetensi",), required=False),
)
HEADERS = [column.header for column in COLUMNS]
SCHEME_COLUMNS = ("scheme_name", "kind", "kkni_level", "validity_years")
KINDS = {
    "kkni": Scheme.Kind.KKNI,
    "okupasi": Scheme.Kind.OCCUPATION,
    "occupation": Scheme.Kind.OCCUPATION,
    "klaster": Scheme.Kind.CLUSTER,
    "kluster": Scheme.Kind.CLUSTER,
    "cluster": Scheme.Kind.CLUSTER,
}
KIND_LABELS = {Scheme.Kind.KKNI: "KKNI", Scheme.Kind.OCCUPATION: "Okupasi", Scheme.Kind.CLUSTER: "Klaster"}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


class SchemeImportRejected(ValueError):
    """Nothing was imported; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_("Impor dibatalkan: %(n)s kesalahan.") % {"n": len(errors)})
        self.errors = errors


@dataclass
class SchemeImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    units: int = 0


@dataclass
class _Group:
    first: Row
    fields: dict[str, Any]
    units: list[dict[str, Any]] = field(default_factory=list)
    unit_rows: dict[str, int] = field(default_factory=dict)


def parse_kkni_level(text: str) -> int:
    """ "2", "II", "KKNI II", "Jenjang 2" → 2; ValueError otherwise."""
    value = re.sub(r"^(kkni|jenjang|level)\s*", "", text.strip(), flags=re.IGNORECASE).strip().upper()
    if value.isdigit():
        return int(value)
    if value in ROMAN:
        return ROMAN[value]
    raise ValueError(value)


def _scheme_fields(row: Row, table: Table, errors: RowErrors) -> dict[str, Any]:
    fields: dict[str, Any] = {"name": row["scheme_name"]}
    if not row["scheme_name"]:
        errors.add(row.number, table.header_for("scheme_name"), _("Nama skema wajib diisi."))
    kind_text = row["kind"]
    kind = KINDS.get(kind_text.strip().casefold())
    if kind is None:
        message = (
            _("Jenis skema wajib diisi: KKNI, Okupasi atau Klaster.")
            if not kind_text
            else _("Jenis skema “%(value)s” tidak dikenal; pilih KKNI, Okupasi atau Klaster.")
            % {"value": kind_text}
        )
        errors.add(row.number, table.header_for("kind"), message)
    fields["kind"] = kind
    level_text = row["kkni_level"]
    fields["kkni_level"] = None
    if level_text:
        try:
            fields["kkni_level"] = parse_kkni_level(level_text)
        except ValueError:
            errors.add(
                row.number,
                table.header_for("kkni_level"),
                _("Jenjang “%(value)s” tidak dikenal; tulis 1 sampai 9 (atau I sampai IX).")
                % {"value": level_text},
            )
        else:
            if not 1 <= fields["kkni_level"] <= 9:
                errors.add(row.number, table.header_for("kkni_level"), _("Jenjang KKNI harus 1 sampai 9."))
    elif kind == Scheme.Kind.KKNI:
        errors.add(row.number, table.header_for("kkni_level"), _("Skema KKNI wajib menyebut jenjangnya."))
    years_text = row["validity_years"]
    fields["validity_years"] = 3
    if years_text:
        digits = re.sub(r"\s*tahun$", "", years_text.strip(), flags=re.IGNORECASE)
        if digits.isdigit() and 1 <= int(digits) <= 10:
            fields["validity_years"] = int(digits)
        else:
            errors.add(
                row.number,
                table.header_for("validity_years"),
                _("Masa berlaku “%(value)s” tidak sah; tulis jumlah tahun 1 sampai 10.")
                % {"value": years_text},
            )
    return fields


def _read_groups(table: Table, errors: RowErrors) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for row in table.rows:
        code = row["scheme_code"].strip().upper()
        if not code:
            errors.add(row.number, table.header_for("scheme_code"), _("Kode skema wajib diisi."))
            continue
        group = groups.get(code)
        if group is None:
            group = groups[code] = _Group(first=row, fields=_scheme_fields(row, table, errors))
        else:
            for key in SCHEME_COLUMNS:
                if row[key] and row[key].strip() != group.first[key].strip():
                    errors.add(
                        row.number,
                        table.header_for(key),
                        _("Berbeda dengan baris %(row)s untuk skema %(code)s yang sama.")
                        % {"row": group.first.number, "code": code},
                    )
        unit_code = row["unit_code"].strip().upper()
        title = row["unit_title"].strip()
        if not unit_code:
            errors.add(row.number, table.header_for("unit_code"), _("Kode unit wajib diisi."))
        elif not UNIT_CODE.match(unit_code):
            errors.add(
                row.number,
                table.header_for("unit_code"),
                _("Kode unit “%(code)s” tidak sah; bentuknya seperti J.620100.017.02.") % {"code": unit_code},
            )
        elif unit_code in group.unit_rows:
            errors.add(
                row.number,
                table.header_for("unit_code"),
                _("Unit %(code)s sudah ada di baris %(row)s untuk skema yang sama.")
                % {"code": unit_code, "row": group.unit_rows[unit_code]},
            )
        else:
            group.unit_rows[unit_code] = row.number
        if not title:
            errors.add(row.number, table.header_for("unit_title"), _("Judul unit wajib diisi."))
        elif len(title) > 255:
            errors.add(
                row.number, table.header_for("unit_title"), _("Judul unit terlalu panjang (maks. 255).")
            )
        group.units.append({"code": unit_code, "title": title, "elements": parse_elements(row["elements"])})
    return groups


def import_schemes(
    *, organization: Organization, actor: User, source: Any, filename: str | None = None
) -> SchemeImportResult:
    """Create or update the LSP's schemes in the file; raises SchemeImportRejected (nothing saved)."""
    try:
        table = read_table(source, COLUMNS, filename=filename)
    except SpreadsheetError as error:
        raise SchemeImportRejected(error.errors) from error
    errors = RowErrors()
    if organization.kind != Organization.Kind.LSP:
        errors.add(0, "", _("Skema sertifikasi hanya dapat diimpor untuk LSP."))
    if not table.rows:
        errors.add(table.header_row + 1, "", _("Tidak ada baris data di bawah baris judul kolom."))
    groups = _read_groups(table, errors)
    if errors:
        raise SchemeImportRejected(errors.as_list())
    try:
        return _save(organization=organization, actor=actor, groups=groups, table=table)
    except _Rollback as rollback:
        raise SchemeImportRejected(rollback.errors) from None


class _Rollback(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors


@transaction.atomic
def _save(
    *, organization: Organization, actor: User, groups: dict[str, _Group], table: Table
) -> SchemeImportResult:
    result = SchemeImportResult()
    errors = RowErrors()
    existing = {scheme.code.upper(): scheme for scheme in Scheme.objects.filter(organization=organization)}
    headers = {
        "code": table.header_for("scheme_code"),
        "name": table.header_for("scheme_name"),
        "kind": table.header_for("kind"),
        "kkni_level": table.header_for("kkni_level"),
        "validity_years": table.header_for("validity_years"),
        "units": table.header_for("unit_code"),
    }
    for code, group in groups.items():
        try:
            with transaction.atomic():
                scheme = existing.get(code)
                if scheme is None:
                    create_scheme(
                        organization=organization, actor=actor, code=code, units=group.units, **group.fields
                    )
                    result.created.append(code)
                else:
                    update_scheme(scheme=scheme, actor=actor, units=group.units, **group.fields)
                    result.updated.append(code)
                result.units += len(group.units)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    errors.add(group.first.number, headers.get(name, ""), message)
    if errors:
        raise _Rollback(errors.as_list())
    record_event(
        organization,
        "scheme.imported",
        actor=actor,
        organization=organization,
        data={"created": result.created, "updated": result.updated, "units": result.units},
    )
    return result


def export_schemes(*, schemes: Iterable[Scheme]) -> bytes:
    """The schemes (with units prefetched, in order) as an xlsx the import reads back."""

    def rows() -> Iterable[list[object]]:
        for scheme in schemes:
            for unit in scheme.units.all():
                yield [
                    scheme.code,
                    scheme.name,
                    KIND_LABELS.get(Scheme.Kind(scheme.kind), scheme.kind),
                    scheme.kkni_level if scheme.kkni_level is not None else "",
                    scheme.validity_years,
                    unit.code,
                    unit.title,
                    "\n".join(unit.elements or []),
                ]

    return write_xlsx(HEADERS, rows(), sheet_title=_("Skema dan unit"))


def import_template() -> bytes:
    """An empty workbook with the import's columns and one example row."""
    example = [
        "SKM-JWD-01",
        "Junior Web Developer",
        "Okupasi",
        "",
        3,
        "J.620100.004.02",
        "Menggunakan Struktur Data",
        "Mengidentifikasi konsep data dan struktur data\nMenerapkan struktur data dan akses terhadap struktur data",
    ]
    return write_xlsx(HEADERS, [example], sheet_title=_("Skema dan unit"))
