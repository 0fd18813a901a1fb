"""Importing a training program's participants from a spreadsheet, all or nothing.

Every row is checked first and every problem reported (row, column, what is wrong); only a
file without a single bad row is saved, in one transaction with bulk inserts, so 100,000
participants go in within seconds and a refused file leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ujikom.core.audit import record_event
from ujikom.core.models import User

from .models import Participant, Region, TrainingProgram
from .nik import nik_problems
from .regions import normalize_region_code
from .spreadsheets import (
    Column,
    RowError,
    RowErrors,
    Source,
    SpreadsheetError,
    parse_indonesian_date,
    read_table,
)

BATCH_SIZE = 2000
PROGRESS_EVERY = 5000
MAX_NAME = 200
MAX_BIRTH_PLACE = 100
MAX_OCCUPATION = 100

COLUMNS: tuple[Column, ...] = (
    Column("nik", "NIK", aliases=("No KTP", "Nomor KTP", "NIK KTP", "Nomor Induk Kependudukan")),
    Column("full_name", "Nama Lengkap", aliases=("Nama", "Nama Peserta", "Nama Asesi")),
    Column("birth_place", "Tempat Lahir", aliases=("Tmp Lahir", "Tempat Lhr")),
    Column("birth_date", "Tanggal Lahir", aliases=("Tgl Lahir", "Tgl Lhr", "Tanggal Lhr")),
    Column("sex", "Jenis Kelamin", aliases=("JK", "L/P", "Kelamin")),
    Column("address", "Alamat", aliases=("Alamat Lengkap", "Alamat Rumah", "Tempat Tinggal")),
    Column(
        "city",
        "Kode Kabupaten/Kota",
        aliases=("Kode Kota", "Kode Kab/Kota", "Kode Kab Kota", "Kabupaten/Kota", "Kota", "Kode Kabupaten"),
    ),
    Column("province", "Kode Provinsi", aliases=("Provinsi", "Kode Prov", "Kode Propinsi", "Propinsi")),
    Column(
        "phone",
        "Telepon",
        aliases=("No HP", "No Telp", "HP", "Nomor HP", "No Telepon", "WhatsApp", "Telp"),
        required=False,
    ),
    Column("email", "Email", aliases=("E-mail", "Alamat Email", "Surel"), required=False),
    Column("education", "Pendidikan", aliases=("Pendidikan Terakhir", "Kode Pendidikan"), required=False),
    Column("occupation", "Pekerjaan", aliases=("Kode Pekerjaan",), required=False),
)
HEADERS = [column.header for column in COLUMNS]

SEXES = {
    "l": Participant.Sex.MALE,
    "laki laki": Participant.Sex.MALE,
    "laki": Participant.Sex.MALE,
    "pria": Participant.Sex.MALE,
    "p": Participant.Sex.FEMALE,
    "perempuan": Participant.Sex.FEMALE,
    "wanita": Participant.Sex.FEMALE,
}
EDUCATION: dict[str, str] = {
    **{choice.value.casefold(): choice.value for choice in Participant.Education},
    "smk": "SMA",
    "sma smk": "SMA",
    "slta": "SMA",
    "ma": "SMA",
    "smu": "SMA",
    "sltp": "SMP",
    "mts": "SMP",
    "mi": "SD",
    "s 1": "S1",
    "s 2": "S2",
    "s 3": "S3",
    "d i": "D1",
    "d ii": "D2",
    "d iii": "D3",
    "d iv": "D4",
    "d 1": "D1",
    "d 2": "D2",
    "d 3": "D3",
    "d 4": "D4",
}
_WORDS = re.compile(r"[^0-9a-z]+")
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-]{6,22}$")

Progress = Callable[[str, int, int], None]  # (phase, processed, total)


@dataclass
class ImportResult:
    total_rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_as_dicts(self) -> list[dict[str, Any]]:
        return [error.as_dict() for error in self.errors]


def _key(text: str) -> str:
    return _WORDS.sub(" ", text.casefold()).strip()


class _Regions:
    """The whole region table in memory (a few hundred rows), looked up by code with or without the dot."""

    def __init__(self) -> None:
        self.by_code = {region.code: region for region in Region.objects.all()}
        self.province_codes = {
            code for code, region in self.by_code.items() if region.level == Region.Level.PROVINCE
        }

    def find(self, text: str) -> Region | None:
        return self.by_code.get(normalize_region_code(text))


def validate_rows(
    *,
    program: TrainingProgram,
    table_source: Source,
    filename: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[dict[str, Any]], ImportResult]:
    """Read and check every row. Returns the cleaned rows and a result holding every error."""
    result = ImportResult()
    try:
        table = read_table(table_source, COLUMNS, filename=filename)
    except SpreadsheetError as error:
        result.errors = list(error.errors)
        return [], result
    result.total_rows = len(table.rows)
    if not table.rows:
        result.errors = [RowError(table.header_row + 1, "", _("Berkas tidak berisi satu pun baris peserta."))]
        return [], result

    header = table.header_for
    errors = RowErrors()
    regions = _Regions()
    existing = dict(Participant.objects.filter(program=program).values_list("nik", "full_name"))
    first_row_of: dict[str, int] = {}
    duplicates_reported: set[int] = set()
    cleaned_rows: list[dict[str, Any]] = []
    total = len(table.rows)

    for index, row in enumerate(table.rows, start=1):
        number = row.number

        def bad(key: str, message: str, number: int = number) -> None:
            errors.add(number, header(key), message)

        nik = "".join(row["nik"].split())
        full_name = " ".join(row["full_name"].split())
        birth_place = " ".join(row["birth_place"].split())
        address = row["address"].strip()

        if not full_name:
            bad("full_name", _("Nama lengkap wajib diisi."))
        elif len(full_name) > MAX_NAME:
            bad("full_name", _("Nama lengkap paling panjang %(n)s karakter.") % {"n": MAX_NAME})
        if not birth_place:
            bad("birth_place", _("Tempat lahir wajib diisi."))
        elif len(birth_place) > MAX_BIRTH_PLACE:
            bad("birth_place", _("Tempat lahir paling panjang %(n)s karakter.") % {"n": MAX_BIRTH_PLACE})

        birth_date: dt.date | None = None
        try:
            birth_date = parse_indonesian_date(row["birth_date"])
        except ValueError as error:
            bad("birth_date", str(error))
        else:
            if birth_date > dt.date.today():
                bad("birth_date", _("Tanggal lahir tidak boleh di masa depan."))
                birth_date = None
            elif birth_date.year < 1900:
                bad("birth_date", _("Tanggal lahir sebelum tahun 1900 tidak mungkin."))
                birth_date = None

        sex_text = row["sex"]
        sex: str | None = SEXES.get(_key(sex_text))
        if sex is None:
            if sex_text:
                bad("sex", _('Jenis kelamin "%(value)s" tidak dikenal; isi L atau P.') % {"value": sex_text})
            else:
                bad("sex", _("Jenis kelamin wajib diisi (L atau P)."))

        if not nik:
            bad("nik", _("NIK wajib diisi."))
        else:
            for message in nik_problems(
                nik, birth_date=birth_date, sex=sex, provinces=regions.province_codes
            ):
                bad("nik", message)
            if len(nik) == 16 and nik.isdigit():
                if nik in existing:
                    bad(
                        "nik",
                        _("NIK %(nik)s sudah terdaftar di program ini (%(name)s).")
                        % {"nik": nik, "name": existing[nik]},
                    )
                first = first_row_of.setdefault(nik, number)
                if first != number:
                    bad("nik", _("NIK %(nik)s juga tertulis di baris %(row)s.") % {"nik": nik, "row": first})
                    if first not in duplicates_reported:
                        duplicates_reported.add(first)
                        bad(
                            "nik",
                            _("NIK %(nik)s juga tertulis di baris %(row)s.") % {"nik": nik, "row": number},
                            first,
                        )

        if not address:
            bad("address", _("Alamat wajib diisi."))

        city = province = None
        city_text, province_text = row["city"], row["province"]
        if not province_text:
            bad("province", _("Kode provinsi wajib diisi."))
        else:
            province = regions.find(province_text)
            if province is None or province.level != Region.Level.PROVINCE:
                bad("province", _('Kode provinsi "%(code)s" tidak dikenal.') % {"code": province_text})
                province = None
        if not city_text:
            bad("city", _("Kode kabupaten/kota wajib diisi."))
        else:
            city = regions.find(city_text)
            if city is None or city.level != Region.Level.REGENCY:
                bad("city", _('Kode kabupaten/kota "%(code)s" tidak dikenal.') % {"code": city_text})
                city = None
            elif province is not None and city.province_id != province.code:
                bad(
                    "city",
                    _("%(city)s (%(city_code)s) tidak berada di provinsi %(province)s (%(province_code)s).")
                    % {
                        "city": city.name,
                        "city_code": city.code,
                        "province": province.name,
                        "province_code": province.code,
                    },
                )

        phone = row["phone"].strip()
        if phone and not _PHONE.match(phone):
            bad(
                "phone",
                _('Nomor telepon "%(value)s" tidak sah; hanya angka, spasi, ( ) - dan + di depan.')
                % {"value": phone},
            )
        email = row["email"].strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                bad("email", _('Alamat email "%(value)s" tidak sah.') % {"value": email})
        education_text = row["education"]
        education = EDUCATION.get(_key(education_text)) if education_text else ""
        if education is None:
            bad(
                "education",
                _('Pendidikan "%(value)s" tidak dikenal; isi salah satu: %(codes)s.')
                % {"value": education_text, "codes": ", ".join(Participant.Education.values)},
            )
        occupation = " ".join(row["occupation"].split())
        if len(occupation) > MAX_OCCUPATION:
            bad("occupation", _("Pekerjaan paling panjang %(n)s karakter.") % {"n": MAX_OCCUPATION})

        if not errors:
            cleaned_rows.append(
                {
                    "nik": nik,
                    "full_name": full_name,
                    "birth_place": birth_place,
                    "birth_date": birth_date,
                    "sex": sex,
                    "address": address,
                    "city_id": city.code if city else None,
                    "province_id": province.code if province else None,
                    "phone": phone,
                    "email": email,
                    "education": education,
                    "occupation": occupation,
                }
            )
        elif cleaned_rows:
            cleaned_rows = []  # the file is refused: keep only the errors from here on
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress("validating", index, total)
    if progress is not None:
        progress("validating", total, total)
    result.errors = errors.as_list()
    return ([] if errors else cleaned_rows), result


@transaction.atomic
def save_rows(
    *, program: TrainingProgram, rows: list[dict[str, Any]], actor: User | None, filename: str = ""
) -> int:
    """Insert checked rows in one transaction; the program row is locked so a parallel import of the
    same NIKs waits and is then refused instead of half-saved."""
    TrainingProgram.objects.select_for_update().filter(pk=program.pk).first()
    niks = [row["nik"] for row in rows]
    taken: set[str] = set()
    for start in range(0, len(niks), 5000):
        taken.update(
            Participant.objects.filter(program=program, nik__in=niks[start : start + 5000]).values_list(
                "nik", flat=True
            )
        )
    if taken:
        raise ValidationError(
            _("NIK berikut baru saja didaftarkan di program ini: %(niks)s.")
            % {"niks": ", ".join(sorted(taken)[:10])}
        )
    for start in range(0, len(rows), BATCH_SIZE):
        Participant.objects.bulk_create(
            [Participant(program=program, **row) for row in rows[start : start + BATCH_SIZE]],
            batch_size=BATCH_SIZE,
        )
    record_event(
        program,
        "participant.imported",
        actor=actor,
        organization=program.provider,
        data={"count": len(rows), "file": filename},
    )
    return len(rows)


def import_participants(
    *,
    program: TrainingProgram,
    file: Source,
    actor: User | None,
    filename: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every participant of the file, or none: a file with any bad row saves nothing and
    the result lists every error by row and column."""
    rows, result = validate_rows(program=program, table_source=file, filename=filename, progress=progress)
    if result.errors:
        return result
    if progress is not None:
        progress("saving", 0, len(rows))
    try:
        result.imported = save_rows(program=program, rows=rows, actor=actor, filename=filename or "")
    except ValidationError as error:
        result.errors = [RowError(0, "", message) for message in error.messages]
    except IntegrityError:
        result.errors = [
            RowError(
                0,
                "",
                _(
                    "Peserta tidak dapat disimpan karena NIK bentrok dengan data yang baru masuk; ulangi impor."
                ),
            )
        ]
    return result
