"""Excel import and export of test sites (TUK) and assessors.

An import is all or nothing: every row is checked, every problem is reported as (row, column,
message), and nothing is stored when any row is bad. A row whose code (TUK) or registration
number (assessor) already exists updates that record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User

from .models import Assessor, Region, Scheme, TestSite
from .services_sites import (
    create_test_site,
    new_person_fields,
    register_assessor,
    update_assessor,
    update_test_site,
)
from .spreadsheets import (
    Column,
    Row,
    RowError,
    RowErrors,
    Source,
    SpreadsheetError,
    Table,
    normalize_header,
    parse_indonesian_date,
    read_table,
    write_xlsx,
)

MET_PATTERN = re.compile(r"^MET\.\d{3}\.\d{6}\.\d{4}$")


class ImportRejected(Exception):
    """Nothing was imported; `errors` says every row, column and problem."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


class _Rollback(Exception):
    pass


def _read(source: Source, columns: list[Column], filename: str | None) -> Table:
    try:
        return read_table(source, columns, filename=filename)
    except SpreadsheetError as error:
        raise ImportRejected(error.errors) from error


def _date(row: Row, key: str, table: Table, errors: RowErrors, *, required: bool) -> dt.date | None:
    text = row[key]
    if not text:
        if required:
            errors.add(row.number, table.header_for(key), _("Tanggal wajib diisi."))
        return None
    try:
        return parse_indonesian_date(text)
    except ValueError as error:
        errors.add(row.number, table.header_for(key), str(error))
        return None


def _service_errors(
    error: ValidationError, row: Row, table: Table, errors: RowErrors, columns: dict[str, str]
) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            errors.add(row.number, "", message)
        return
    for field, messages in error.message_dict.items():
        key = columns.get(field)
        header = table.header_for(key) if key else ""
        for message in messages:
            errors.add(row.number, header, message)


def _run_all_or_nothing(work: Any, errors: RowErrors) -> ImportResult:
    try:
        with transaction.atomic():
            result = work()
            if errors:
                raise _Rollback
    except _Rollback:
        raise ImportRejected(errors.as_list()) from None
    return result


# ---- Test sites ---------------------------------------------------------------------------------

SITE_COLUMNS = [
    Column("code", "Kode", ("kode tuk",)),
    Column("name", "Nama", ("nama tuk",)),
    Column("kind", "Jenis", ("jenis tuk",)),
    Column("address", "Alamat"),
    Column("city", "Kode Kota", ("kode kabupaten kota", "kode kab kota", "kota")),
    Column("capacity", "Kapasitas", ("kapasitas peserta",)),
    Column("facilities", "Sarana", ("sarana dan prasarana", "sarana prasarana"), required=False),
    Column("verified_until", "Terverifikasi Sampai", ("verifikasi sampai",), required=False),
]
SITE_FIELD_COLUMNS = {column.key: column.key for column in SITE_COLUMNS}
KIND_NAMES = {
    "sewaktu": TestSite.Kind.TEMPORARY,
    "tuk sewaktu": TestSite.Kind.TEMPORARY,
    "tempat kerja": TestSite.Kind.WORKPLACE,
    "tuk tempat kerja": TestSite.Kind.WORKPLACE,
    "mandiri": TestSite.Kind.INDEPENDENT,
    "tuk mandiri": TestSite.Kind.INDEPENDENT,
}
KIND_LABELS = {
    TestSite.Kind.TEMPORARY: "Sewaktu",
    TestSite.Kind.WORKPLACE: "Tempat Kerja",
    TestSite.Kind.INDEPENDENT: "Mandiri",
}


def region_code(text: str) -> str:
    """`3671`, `36.71` or `36.71 Kota Tangerang` → `36.71`."""
    digits = re.sub(r"\D", "", text.split(" ")[0])
    if len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    return text.strip()


def _parse_site_row(
    row: Row, table: Table, errors: RowErrors, regions: dict[str, Region]
) -> dict[str, Any] | None:
    before = len(errors)
    fields: dict[str, Any] = {
        "code": row["code"],
        "name": row["name"],
        "address": row["address"],
        "facilities": row["facilities"],
    }
    for key, message in (
        ("code", _("Kode TUK wajib diisi.")),
        ("name", _("Nama TUK wajib diisi.")),
        ("address", _("Alamat wajib diisi.")),
    ):
        if not row[key]:
            errors.add(row.number, table.header_for(key), message)
    kind = KIND_NAMES.get(normalize_header(row["kind"]))
    if kind is None:
        errors.add(
            row.number,
            table.header_for("kind"),
            _('Jenis "%(value)s" tidak dikenal; isi Sewaktu, Tempat Kerja atau Mandiri.')
            % {"value": row["kind"]},
        )
    fields["kind"] = kind
    city = None
    if row["city"]:
        city = regions.get(region_code(row["city"]))
        if city is None:
            errors.add(
                row.number,
                table.header_for("city"),
                _('Kode kabupaten/kota "%(value)s" tidak ada di tabel wilayah (contoh: 36.71).')
                % {"value": row["city"]},
            )
    fields["city"] = city
    try:
        capacity = int(row["capacity"])
        if capacity < 1:
            raise ValueError
        fields["capacity"] = capacity
    except ValueError:
        errors.add(
            row.number,
            table.header_for("capacity"),
            _('Kapasitas "%(value)s" harus bilangan bulat minimal 1.') % {"value": row["capacity"]},
        )
    fields["verified_until"] = _date(row, "verified_until", table, errors, required=False)
    return fields if len(errors) == before else None


def import_test_sites(
    *, actor: User, owner: Organization, source: Source, filename: str | None = None
) -> ImportResult:
    table = _read(source, SITE_COLUMNS, filename)
    errors = RowErrors()
    wanted = {region_code(row["city"]) for row in table.rows if row["city"]}
    regions = {region.code: region for region in Region.objects.filter(code__in=wanted)}
    parsed: list[tuple[Row, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        code = row["code"].casefold()
        if code and code in seen:
            errors.add(
                row.number,
                table.header_for("code"),
                _("Kode TUK “%(code)s” sudah dipakai di baris %(row)s berkas ini.")
                % {"code": row["code"], "row": seen[code]},
            )
        seen.setdefault(code, row.number)
        fields = _parse_site_row(row, table, errors, regions)
        if fields is not None:
            parsed.append((row, fields))
    if not table.rows:
        errors.add(table.header_row + 1, "", _("Tidak ada baris data di bawah baris judul."))

    existing = {site.code.casefold(): site for site in TestSite.objects.filter(owner=owner)}

    def work() -> ImportResult:
        created = updated = 0
        for row, fields in parsed:
            site = existing.get(fields["code"].casefold())
            try:
                if site is None:
                    create_test_site(actor=actor, owner=owner, **fields)
                    created += 1
                else:
                    update_test_site(site=site, actor=actor, **fields)
                    updated += 1
            except ValidationError as error:
                _service_errors(error, row, table, errors, SITE_FIELD_COLUMNS)
        if not errors:
            record_event(
                None,
                "test_site.imported",
                actor=actor,
                organization=owner,
                data={"file": filename or "", "created": created, "updated": updated},
            )
        return ImportResult(created, updated)

    return _run_all_or_nothing(work, errors)


def export_test_sites(sites: Iterable[TestSite]) -> bytes:
    headers = [column.header for column in SITE_COLUMNS]
    rows = (
        [
            site.code,
            site.name,
            KIND_LABELS.get(TestSite.Kind(site.kind), site.kind),
            site.address,
            site.city_id or "",
            site.capacity,
            site.facilities,
            site.verified_until,
        ]
        for site in sites
    )
    return write_xlsx(headers, rows, sheet_title="TUK")


# ---- Assessors ----------------------------------------------------------------------------------

ASSESSOR_COLUMNS = [
    Column("full_name", "Nama", ("nama lengkap", "nama asesor")),
    Column("email", "Email", ("e mail", "surel")),
    Column("registration_number", "No. MET", ("no met", "nomor met", "no reg", "no registrasi")),
    Column("registration_expires_on", "Berlaku Sampai", ("registrasi berlaku sampai",)),
    Column("appointment_number", "No. SK", ("nomor sk", "no sk penetapan")),
    Column("appointment_starts_on", "SK Mulai", ("sk berlaku mulai",)),
    Column("appointment_ends_on", "SK Sampai", ("sk berlaku sampai",), required=False),
    Column("schemes", "Kode Skema", ("skema",), required=False),
]
ASSESSOR_FIELD_COLUMNS = {
    "registration_number": "registration_number",
    "registration_expires_on": "registration_expires_on",
    "appointment_number": "appointment_number",
    "appointment_starts_on": "appointment_starts_on",
    "appointment_ends_on": "appointment_ends_on",
    "schemes": "schemes",
    "person": "email",
    "email": "email",
    "full_name": "full_name",
    "username": "email",
}


def _parse_assessor_row(
    row: Row, table: Table, errors: RowErrors, schemes: dict[str, Scheme]
) -> dict[str, Any] | None:
    before = len(errors)
    if not row["full_name"]:
        errors.add(row.number, table.header_for("full_name"), _("Nama asesor wajib diisi."))
    email = row["email"].strip().lower()
    if not email:
        errors.add(row.number, table.header_for("email"), _("Email wajib diisi untuk mengenali orangnya."))
    number = row["registration_number"].strip().upper()
    if not MET_PATTERN.match(number):
        errors.add(
            row.number,
            table.header_for("registration_number"),
            _("Nomor MET “%(value)s” tidak sesuai bentuk MET.000.002286.2018.") % {"value": number},
        )
    if not row["appointment_number"]:
        errors.add(row.number, table.header_for("appointment_number"), _("Nomor SK penetapan wajib diisi."))
    fields: dict[str, Any] = {
        "full_name": row["full_name"],
        "email": email,
        "registration_number": number,
        "registration_expires_on": _date(row, "registration_expires_on", table, errors, required=True),
        "appointment_number": row["appointment_number"],
        "appointment_starts_on": _date(row, "appointment_starts_on", table, errors, required=True),
        "appointment_ends_on": _date(row, "appointment_ends_on", table, errors, required=False),
    }
    chosen: list[Scheme] = []
    for code in (part.strip() for part in re.split(r"[,;]", row["schemes"])):
        if not code:
            continue
        scheme = schemes.get(code.casefold())
        if scheme is None:
            errors.add(
                row.number,
                table.header_for("schemes"),
                _("Kode skema “%(code)s” tidak ada di LSP ini.") % {"code": code},
            )
        else:
            chosen.append(scheme)
    fields["schemes"] = chosen
    return fields if len(errors) == before else None


def import_assessors(
    *, actor: User, lsp: Organization, source: Source, filename: str | None = None
) -> ImportResult:
    table = _read(source, ASSESSOR_COLUMNS, filename)
    errors = RowErrors()
    schemes = {scheme.code.casefold(): scheme for scheme in Scheme.objects.filter(organization=lsp)}
    parsed: list[tuple[Row, dict[str, Any]]] = []
    seen_numbers: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in table.rows:
        fields = _parse_assessor_row(row, table, errors, schemes)
        for key, seen, label in (
            ("registration_number", seen_numbers, _("Nomor MET")),
            ("email", seen_emails, _("Email")),
        ):
            value = row[key].strip().casefold()
            if value and value in seen:
                errors.add(
                    row.number,
                    table.header_for(key),
                    _("%(what)s ini sudah ada di baris %(row)s berkas ini.")
                    % {"what": label, "row": seen[value]},
                )
            seen.setdefault(value, row.number)
        if fields is not None:
            parsed.append((row, fields))
    if not table.rows:
        errors.add(table.header_row + 1, "", _("Tidak ada baris data di bawah baris judul."))

    numbers = [fields["registration_number"] for _row, fields in parsed]
    existing = {a.registration_number: a for a in Assessor.objects.filter(registration_number__in=numbers)}
    emails = [fields["email"] for _row, fields in parsed]
    people = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}

    def work() -> ImportResult:
        created = updated = 0
        for row, fields in parsed:
            full_name, email = fields.pop("full_name"), fields.pop("email")
            chosen = fields.pop("schemes")
            assessor = existing.get(fields["registration_number"])
            try:
                if assessor is not None:
                    if assessor.lsp_id != lsp.pk:
                        errors.add(
                            row.number,
                            table.header_for("registration_number"),
                            _("Nomor MET ini sudah terdaftar untuk asesor LSP lain."),
                        )
                        continue
                    update_assessor(assessor=assessor, actor=actor, schemes=chosen, **fields)
                    updated += 1
                    continue
                person = people.get(email)
                if person is not None:
                    register_assessor(actor=actor, lsp=lsp, person=person, schemes=chosen, **fields)
                else:
                    register_assessor(
                        actor=actor,
                        lsp=lsp,
                        new_person=new_person_fields(full_name=full_name, email=email),
                        schemes=chosen,
                        **fields,
                    )
                created += 1
            except ValidationError as error:
                _service_errors(error, row, table, errors, ASSESSOR_FIELD_COLUMNS)
        if not errors:
            record_event(
                None,
                "assessor.imported",
                actor=actor,
                organization=lsp,
                data={"file": filename or "", "created": created, "updated": updated},
            )
        return ImportResult(created, updated)

    return _run_all_or_nothing(work, errors)


def export_assessors(assessors: Iterable[Assessor]) -> bytes:
    headers = [column.header for column in ASSESSOR_COLUMNS]
    rows = (
        [
            assessor.user.full_name,
            assessor.user.email,
            assessor.registration_number,
            assessor.registration_expires_on,
            assessor.appointment_number,
            assessor.appointment_starts_on,
            assessor.appointment_ends_on,
            ", ".join(scheme.code for scheme in assessor.schemes.all()),
        ]
        for assessor in assessors
    )
    return write_xlsx(headers, rows, sheet_title="Asesor")
