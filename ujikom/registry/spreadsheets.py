"""Reading and writing the spreadsheets that master data is imported from and exported to.

Workbooks (xlsx, xls) are read with python-calamine, CSV with the csv module (UTF-8, with or
without a BOM, `;` or `,` between fields). Every cell becomes text, except that the caller may
hand date cells to `parse_indonesian_date`, which also takes the text forms people type in
Indonesia ("14 Pebruari 1990", "14/02/1990"). Columns are found by their header, compared after
normalizing ("Tanggal Lahir", "tanggal_lahir" and "TANGGAL  LAHIR" are the same), with aliases.
Row numbers are the ones the user sees in the spreadsheet program (the header is usually row 1).
Workbooks are written with openpyxl in write-only mode so large exports stay small in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

XLSX_SIGNATURE = b"PK\x03\x04"
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header row
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 in the 1900 date system (with its leap-year bug)
MAX_EXCEL_SERIAL = 2958465  # 31 December 9999


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read: not a spreadsheet, or a required column is missing.

    `errors` holds the same problems as RowError entries (row 1 = the header row) so an import
    can show them in the same table as row errors.
    """

    def __init__(self, message: str, errors: list[RowError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors if errors is not None else [RowError(0, "", message)]


# --- errors --------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class RowError:
    row: int  # as the user sees it in the spreadsheet; 0 = the file as a whole
    column: str  # the column header as written in the file or the template; "" = the whole row
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RowErrors:
    """Collects every problem of an import so all of them are reported at once."""

    _items: list[tuple[int, int, RowError]] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self._items.append((row, len(self._items), RowError(row, str(column), str(message))))

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.add(error.row, error.column, error.message)

    def as_list(self) -> list[RowError]:
        """Sorted by row; within a row in the order found."""
        return [item[2] for item in sorted(self._items, key=lambda item: (item[0], item[1]))]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [error.as_dict() for error in self.as_list()]

    def rows(self) -> set[int]:
        return {item[0] for item in self._items}

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.as_list())

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


# --- columns and rows ----------------------------------------------------------------------------


def normalize_header(text: object) -> str:
    """`Tanggal Lahir`, `tanggal_lahir`, ` TANGGAL  LAHIR*` → `tanggal lahir`; `No. HP` → `no hp`."""
    value = unicodedata.normalize("NFKC", str(text or "")).casefold()
    value = re.sub(r"[^0-9a-z]+", " ", value)
    return value.strip()


@dataclass(frozen=True)
class Column:
    """A column an import expects: `key` is the field it fills, `header` the name in the template."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def names(self) -> set[str]:
        return {normalize_header(self.header), *(normalize_header(alias) for alias in self.aliases)}


@dataclass(frozen=True)
class Row:
    number: int  # the row number the user sees
    values: dict[str, str]  # column key → cell text ("" when blank or the column is absent)

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)


@dataclass
class Table:
    """A sheet read against the expected columns. `rows` holds the non-blank data rows."""

    headers: dict[str, str]  # column key → header as written in the file
    header_row: int
    rows: list[Row]

    def header_for(self, key: str) -> str:
        return self.headers.get(key, key)

    def __len__(self) -> int:
        return len(self.rows)


# --- cell text -----------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """The text of a cell: numbers without a trailing `.0`, dates as ISO, blanks as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


# --- reading -------------------------------------------------------------------------------------


Source = str | Path | bytes | IO[bytes]


def _bytes_head(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source[:8]
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            return handle.read(8)
    position = source.tell()
    head = source.read(8)
    source.seek(position)
    return head


def _source_name(source: Source, filename: str | None) -> str:
    if filename:
        return filename
    if isinstance(source, str | Path):
        return str(source)
    return str(getattr(source, "name", "") or "")


def read_cells(source: Source, *, filename: str | None = None) -> Iterator[list[object]]:
    """Every row of the first sheet as a list of cell values, from row 1 (blank rows included)."""
    head = _bytes_head(source)
    name = _source_name(source, filename).lower()
    if head.startswith(XLSX_SIGNATURE) or head.startswith(XLS_SIGNATURE):
        return _read_workbook(source)
    if name.endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        raise SpreadsheetError(_("Berkas ini bukan lembar kerja Excel yang dapat dibaca."))
    return _read_csv(source)


def _read_workbook(source: Source) -> Iterator[list[object]]:
    try:
        if isinstance(source, str | Path):
            workbook = CalamineWorkbook.from_path(str(source))
        elif isinstance(source, bytes):
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            source.seek(0)
            workbook = CalamineWorkbook.from_filelike(source)
        if not workbook.sheet_names:
            raise SpreadsheetError(_("Berkas Excel ini tidak berisi lembar kerja."))
        sheet = workbook.get_sheet_by_index(0)
        rows: Iterator[list[Any]] = iter(sheet.iter_rows())
    except CalamineError as error:
        raise SpreadsheetError(_("Berkas Excel tidak dapat dibaca: %(error)s") % {"error": error}) from error
    except (ValueError, OSError) as error:
        if isinstance(error, SpreadsheetError):
            raise
        raise SpreadsheetError(_("Berkas Excel tidak dapat dibaca: %(error)s") % {"error": error}) from error
    return rows


def _read_csv(source: Source) -> Iterator[list[object]]:
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        source.seek(0)
        data = source.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _('Berkas CSV harus berenkode UTF-8 (simpan ulang sebagai "CSV UTF-8" dari Excel).')
        ) from error
    if "\x00" in text:
        raise SpreadsheetError(_("Berkas ini bukan CSV maupun lembar kerja Excel."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return iter(list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_table(
    source: Source,
    columns: Sequence[Column],
    *,
    filename: str | None = None,
) -> Table:
    """Read the first sheet: find the header row, map it to `columns`, return the data rows as text.

    Raises SpreadsheetError when the file cannot be read or required columns are missing.
    Unknown columns are ignored; blank rows are skipped.
    """
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in column.names():
            lookup.setdefault(name, column)

    cells = read_cells(source, filename=filename)
    buffered: list[list[object]] = []
    best_index, best_matches = -1, 0
    for index, row in enumerate(cells):
        buffered.append(row)
        matches = len({lookup[n].key for n in map(normalize_header, row) if n in lookup})
        if matches > best_matches:
            best_index, best_matches = index, matches
        if index + 1 >= HEADER_SEARCH_ROWS or (best_matches and best_matches == len(columns)):
            break
    if best_index < 0:
        if not any(any(cell_text(c) for c in row) for row in buffered):
            raise SpreadsheetError(_("Berkas kosong: tidak ada baris judul kolom maupun data."))
        expected = ", ".join(column.header for column in columns if column.required)
        raise SpreadsheetError(
            _("Baris judul kolom tidak ditemukan. Kolom yang diharapkan: %(columns)s.")
            % {"columns": expected},
        )

    header_cells = buffered[best_index]
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for position, raw in enumerate(header_cells):
        found = lookup.get(normalize_header(raw))
        if found is not None and found.key not in positions:
            positions[found.key] = position
            headers[found.key] = cell_text(raw)
    header_row = best_index + 1
    missing = [column for column in columns if column.required and column.key not in positions]
    if missing:
        errors = [
            RowError(
                header_row,
                column.header,
                _('Kolom "%(column)s" tidak ada di baris judul.') % {"column": column.header},
            )
            for column in missing
        ]
        raise SpreadsheetError(
            _("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(c.header for c in missing)},
            errors,
        )
    for column in columns:
        headers.setdefault(column.key, column.header)

    rows: list[Row] = []
    items = list(positions.items())

    def take(index: int, raw_row: list[object]) -> None:
        width = len(raw_row)
        values = {key: cell_text(raw_row[pos]) if pos < width else "" for key, pos in items}
        if any(values.values()):
            rows.append(Row(index + 1, values))

    for index in range(best_index + 1, len(buffered)):
        take(index, buffered[index])
    for index, raw_row in enumerate(cells, start=len(buffered)):
        take(index, raw_row)
    return Table(headers=headers, header_row=header_row, rows=rows)


# --- dates ---------------------------------------------------------------------------------------

_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("januari", "jan", "january"),
    ("februari", "pebruari", "feb", "peb", "pebr", "febr", "february"),
    ("maret", "mar", "march", "mrt"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "jun", "june"),
    ("juli", "jul", "july"),
    ("agustus", "agts", "agt", "agu", "agus", "ags", "aug", "august"),
    ("september", "sept", "sep"),
    ("oktober", "okt", "oct", "october"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "des", "dec", "december"),
)
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})[\s.\-/]*([^\W\d_]+)\.?[\s.\-/,]*(\d{4})$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.0+)?$")


def _build(year: int, month: int, day: int, original: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_('Tanggal "%(value)s" tidak ada di kalender.') % {"value": original}) from None


def _from_serial(serial: float, original: object) -> dt.date:
    if not 1 <= serial <= MAX_EXCEL_SERIAL:
        raise ValueError(_('Tanggal "%(value)s" tidak dikenali.') % {"value": original})
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_indonesian_date(value: object) -> dt.date:
    """A date from a cell: a date cell, an Excel serial number, or text such as `14 Pebruari 1990`,
    `14 Agts 1990`, `14/02/1990`, `14-02-1990` (day first) or `1990-02-14`.

    Raises ValueError with an Indonesian message when the text is no date or no real day.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(_('Tanggal "%(value)s" tidak dikenali.') % {"value": value})
    if isinstance(value, int | float):
        return _from_serial(float(value), value)
    text = " ".join(str(value or "").split())
    if not text:
        raise ValueError(_("Tanggal belum diisi."))
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _build(year, month, day, text)
    if match := _NUMERIC.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _build(year, month, day, text)
    if match := _WORDS.match(text):
        month_number = MONTHS.get(match.group(2).casefold())
        if month_number is None:
            raise ValueError(
                _('Nama bulan "%(month)s" pada tanggal "%(value)s" tidak dikenali.')
                % {"month": match.group(2), "value": text}
            )
        return _build(int(match.group(3)), month_number, int(match.group(1)), text)
    if _SERIAL.match(text):
        return _from_serial(float(text), text)
    raise ValueError(
        _('Tanggal "%(value)s" tidak dikenali; tulis seperti 14 Februari 1990, 14/02/1990 atau 1990-02-14.')
        % {"value": text}
    )


# --- writing -------------------------------------------------------------------------------------


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "Data",
) -> bytes:
    """An xlsx workbook with one sheet: a bold header row, then `rows`. Text stays text (NIKs keep
    their digits), dates are date cells shown as dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Data")
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        values: list[object] = []
        for value in row:
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                values.append(cell)
            elif value is None or isinstance(value, int | float | str | dt.datetime):
                values.append(value)
            else:
                values.append(str(value))
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
