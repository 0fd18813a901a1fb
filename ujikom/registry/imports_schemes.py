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

from .models import FundingSource, Scheme
from .services_schemes import (
    UNIT_CODE,
    create_funding_source,
    create_scheme,
    parse_elements,
    update_funding_source,
    update_scheme,
)
from .spreadsheets import (
    Column,
    Row,
    RowError,
    RowErrors,
    SpreadsheetError,
    Table,
    normalize_header,
    read_table,
    write_xlsx,
)

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


# ---- Funding sources ------------------------------------------------------------------------------
#
# Columns: Kode, Nama, Jenis (APBN / APBD / Perusahaan / Mandiri / Lainnya), Kode Kementerian
# (optional) and Aktif (Ya / Tidak, blank = Ya). A code the owner already has is updated. All or
# nothing, like the scheme import.

FUNDING_COLUMNS = (
    Column("code", "Kode", ("kode sumber anggaran", "kode sumber dana")),
    Column("name", "Nama", ("nama sumber anggaran", "nama sumber dana", "sumber anggaran")),
    Column("kind", "Jenis", ("jenis sumber anggaran", "jenis anggaran")),
    Column("ministry_code", "Kode Kementerian", ("kode kementrian", "kementerian"), required=False),
    Column("is_active", "Aktif", ("status", "aktif ya tidak"), required=False),
)
FUNDING_HEADERS = [column.header for column in FUNDING_COLUMNS]
FUNDING_KINDS = {
    "apbn": FundingSource.Kind.APBN,
    "apbd": FundingSource.Kind.APBD,
    "perusahaan": FundingSource.Kind.COMPANY,
    "company": FundingSource.Kind.COMPANY,
    "mandiri": FundingSource.Kind.SELF,
    "self": FundingSource.Kind.SELF,
    "biaya sendiri": FundingSource.Kind.SELF,
    "lainnya": FundingSource.Kind.OTHER,
    "lain lain": FundingSource.Kind.OTHER,
    "other": FundingSource.Kind.OTHER,
}
FUNDING_KIND_LABELS = {
    FundingSource.Kind.APBN: "APBN",
    FundingSource.Kind.APBD: "APBD",
    FundingSource.Kind.COMPANY: "Perusahaan",
    FundingSource.Kind.SELF: "Mandiri",
    FundingSource.Kind.OTHER: "Lainnya",
}
YES = {"ya", "y", "yes", "aktif", "1", "true", "benar"}
NO = {"tidak", "t", "no", "n", "nonaktif", "tidak aktif", "0", "false", "salah"}


@dataclass
class FundingImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def _funding_row(row: Row, table: Table, errors: RowErrors, seen: dict[str, int]) -> dict[str, Any] | None:
    found = len(errors)
    code = row["code"].strip().upper()
    if not code:
        errors.add(row.number, table.header_for("code"), _("Kode sumber anggaran wajib diisi."))
    elif len(code) > 20:
        errors.add(row.number, table.header_for("code"), _("Kode terlalu panjang (maks. 20 karakter)."))
    elif code in seen:
        errors.add(
            row.number,
            table.header_for("code"),
            _("Kode %(code)s sudah ada di baris %(row)s.") % {"code": code, "row": seen[code]},
        )
    else:
        seen[code] = row.number
    name = row["name"].strip()
    if not name:
        errors.add(row.number, table.header_for("name"), _("Nama sumber anggaran wajib diisi."))
    elif len(name) > 200:
        errors.add(row.number, table.header_for("name"), _("Nama terlalu panjang (maks. 200 karakter)."))
    kind_text = row["kind"].strip()
    kind = FUNDING_KINDS.get(normalize_header(kind_text))
    if kind is None:
        message = (
            _("Jenis wajib diisi: APBN, APBD, Perusahaan, Mandiri atau Lainnya.")
            if not kind_text
            else _("Jenis “%(value)s” tidak dikenal; pilih APBN, APBD, Perusahaan, Mandiri atau Lainnya.")
            % {"value": kind_text}
        )
        errors.add(row.number, table.header_for("kind"), message)
    ministry_code = row["ministry_code"].strip()
    if len(ministry_code) > 20:
        errors.add(
            row.number,
            table.header_for("ministry_code"),
            _("Kode kementerian terlalu panjang (maks. 20 karakter)."),
        )
    active_text = normalize_header(row["is_active"])
    is_active = True
    if active_text in NO:
        is_active = False
    elif active_text and active_text not in YES:
        errors.add(
            row.number,
            table.header_for("is_active"),
            _("Isian Aktif “%(value)s” tidak dikenal; tulis Ya atau Tidak.") % {"value": row["is_active"]},
        )
    if len(errors) > found:
        return None
    return {"code": code, "name": name, "kind": kind, "ministry_code": ministry_code, "is_active": is_active}


def import_funding_sources(
    *, organization: Organization | None, actor: User, source: Any, filename: str | None = None
) -> FundingImportResult:
    """Create or update `organization`'s funding sources (None: the shared ones, system administrators
    only) from the file; raises SchemeImportRejected with every problem and saves nothing."""
    try:
        table = read_table(source, FUNDING_COLUMNS, filename=filename)
    except SpreadsheetError as error:
        raise SchemeImportRejected(error.errors) from error
    errors = RowErrors()
    if organization is None and not actor.is_superuser:
        errors.add(0, "", _("Sumber anggaran bersama hanya dapat diimpor administrator sistem."))
    if not table.rows:
        errors.add(table.header_row + 1, "", _("Tidak ada baris data di bawah baris judul kolom."))
    seen: dict[str, int] = {}
    rows = [(row, _funding_row(row, table, errors, seen)) for row in table.rows]
    if errors:
        raise SchemeImportRejected(errors.as_list())
    try:
        return _save_funding(organization=organization, actor=actor, rows=rows, table=table)
    except _Rollback as rollback:
        raise SchemeImportRejected(rollback.errors) from None


@transaction.atomic
def _save_funding(
    *,
    organization: Organization | None,
    actor: User,
    rows: list[tuple[Row, dict[str, Any] | None]],
    table: Table,
) -> FundingImportResult:
    result = FundingImportResult()
    errors = RowErrors()
    existing = {item.code.upper(): item for item in FundingSource.objects.filter(organization=organization)}
    for row, fields in rows:
        assert fields is not None
        try:
            with transaction.atomic():
                current = existing.get(fields["code"])
                if current is None:
                    create_funding_source(actor=actor, organization=organization, **fields)
                    result.created.append(fields["code"])
                else:
                    update_funding_source(funding_source=current, actor=actor, **fields)
                    result.updated.append(fields["code"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    errors.add(row.number, table.headers.get(name, ""), message)
    if errors:
        raise _Rollback(errors.as_list())
    record_event(
        organization,
        "funding_source.imported",
        actor=actor,
        organization=organization,
        data={"created": result.created, "updated": result.updated, "shared": organization is None},
    )
    return result


def export_funding_sources(*, sources: Iterable[FundingSource]) -> bytes:
    """The funding sources as an xlsx the import reads back."""
    rows = (
        [
            item.code,
            item.name,
            FUNDING_KIND_LABELS.get(FundingSource.Kind(item.kind), item.kind),
            item.ministry_code,
            "Ya" if item.is_active else "Tidak",
        ]
        for item in sources
    )
    return write_xlsx(FUNDING_HEADERS, rows, sheet_title=_("Sumber anggaran"))


def funding_import_template() -> bytes:
    example = ["APBD-TNG", "APBD Kota Tangerang", "APBD", "", "Ya"]
    return write_xlsx(FUNDING_HEADERS, [example], sheet_title=_("Sumber anggaran"))
