import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from ujikom.registry.spreadsheets import (
    Column,
    RowErrors,
    SpreadsheetError,
    normalize_header,
    parse_indonesian_date,
    read_table,
    write_xlsx,
)

COLUMNS = [
    Column("nik", "NIK"),
    Column("full_name", "Nama Lengkap", aliases=("Nama",)),
    Column("birth_date", "Tanggal Lahir", aliases=("Tgl Lahir",)),
    Column("phone", "Telepon", aliases=("No HP",), required=False),
]


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 Februari 1990", dt.date(1990, 2, 14)),
        ("14 Pebruari 1990", dt.date(1990, 2, 14)),
        ("14 PEBRUARI 1990", dt.date(1990, 2, 14)),
        ("3 Nopember 1985", dt.date(1985, 11, 3)),
        ("17 Agustus 1945", dt.date(1945, 8, 17)),
        ("17 Agts 1945", dt.date(1945, 8, 17)),
        ("1 Des. 2000", dt.date(2000, 12, 1)),
        ("14-Feb-1990", dt.date(1990, 2, 14)),
        ("14/02/1990", dt.date(1990, 2, 14)),
        ("4/2/1990", dt.date(1990, 2, 4)),
        ("14-02-1990", dt.date(1990, 2, 14)),
        ("14.02.1990", dt.date(1990, 2, 14)),
        ("1990-02-14", dt.date(1990, 2, 14)),
        ("1990-02-14 00:00:00", dt.date(1990, 2, 14)),
        ("32918", dt.date(1990, 2, 14)),
        (32918.0, dt.date(1990, 2, 14)),
        (dt.date(1990, 2, 14), dt.date(1990, 2, 14)),
        (dt.datetime(1990, 2, 14, 0, 0), dt.date(1990, 2, 14)),
    ],
)
def test_indonesian_dates_are_read(text, expected):
    assert parse_indonesian_date(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31/02/1990", "tidak ada di kalender"),
        ("30 Februari 1990", "tidak ada di kalender"),
        ("1990-13-01", "tidak ada di kalender"),
        ("14 Febuary 1990", "Nama bulan"),
        ("kemarin", "tidak dikenali"),
        ("", "belum diisi"),
        ("02/14", "tidak dikenali"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused_in_indonesian(text, words):
    with pytest.raises(ValueError, match=words):
        parse_indonesian_date(text)


def test_headers_are_compared_after_normalizing():
    assert normalize_header("  TANGGAL_LAHIR* ") == "tanggal lahir"
    assert normalize_header("No. HP") == "no hp"


def test_xlsx_rows_are_read_as_text_by_header_below_a_title_row():
    data = xlsx_bytes(
        [
            ["Daftar peserta pelatihan"],
            [],
            ["No", "nama", "NIK", "Tgl Lahir", "Keterangan"],
            [1, "Siti Aminah", "3671015402900001", dt.date(1990, 2, 14), "x"],
            [],
            [2, "Budi Santoso", 3671011402900002, "14 Pebruari 1990", None],
        ]
    )

    table = read_table(data, COLUMNS, filename="peserta.xlsx")

    assert table.header_row == 3
    assert table.headers["full_name"] == "nama"
    assert [row.number for row in table.rows] == [4, 6]
    first, second = table.rows
    assert first["nik"] == "3671015402900001"
    assert first["birth_date"] == "1990-02-14"
    assert first["phone"] == ""
    assert second["nik"] == "3671011402900002"
    assert parse_indonesian_date(second["birth_date"]) == dt.date(1990, 2, 14)


def test_csv_with_bom_and_semicolons_is_read():
    data = "\ufeffNIK;Nama;Tanggal Lahir\n3671015402900001;Siti Aminah;14/02/1990\n".encode()

    table = read_table(io.BytesIO(data), COLUMNS, filename="peserta.csv")

    assert table.rows[0].values == {
        "nik": "3671015402900001",
        "full_name": "Siti Aminah",
        "birth_date": "14/02/1990",
    }
    assert table.rows[0].number == 2


def test_csv_with_commas_and_quotes_is_read():
    data = b'NIK,Nama,Tanggal Lahir\n3671015402900001,"Aminah, Siti",1990-02-14\n'

    table = read_table(data, COLUMNS, filename="peserta.csv")

    assert table.rows[0]["full_name"] == "Aminah, Siti"


def test_missing_required_columns_are_named():
    data = b"NIK;Alamat\n3671015402900001;Jl. Mawar\n"

    with pytest.raises(SpreadsheetError) as raised:
        read_table(data, COLUMNS, filename="peserta.csv")

    assert [(e.row, e.column) for e in raised.value.errors] == [(1, "Nama Lengkap"), (1, "Tanggal Lahir")]
    assert "Nama Lengkap" in raised.value.message


def test_a_file_that_is_no_spreadsheet_is_refused():
    with pytest.raises(SpreadsheetError, match="UTF-8"):
        read_table(b"\xff\xfe\x00\x01binary", COLUMNS, filename="peserta.csv")
    with pytest.raises(SpreadsheetError):
        read_table(b"PK\x03\x04not really a zip", COLUMNS, filename="peserta.xlsx")


def test_row_errors_are_sorted_by_row_and_keep_their_order_within_a_row():
    errors = RowErrors()
    assert not errors
    errors.add(5, "NIK", "NIK harus 16 digit angka.")
    errors.add(2, "Nama", "Nama belum diisi.")
    errors.add(5, "Tanggal Lahir", "Tanggal belum diisi.")

    assert errors
    assert len(errors) == 3
    assert [(e.row, e.column) for e in errors.as_list()] == [(2, "Nama"), (5, "NIK"), (5, "Tanggal Lahir")]
    assert errors.as_dicts()[0] == {"row": 2, "column": "Nama", "message": "Nama belum diisi."}


def test_written_workbook_reads_back_with_text_and_dates():
    data = write_xlsx(["NIK", "Nama", "Tanggal Lahir"], [["0101015402900001", "Siti", dt.date(1990, 2, 14)]])

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("NIK", "Nama", "Tanggal Lahir")
    assert rows[1][0] == "0101015402900001"
    assert rows[1][2].date() == dt.date(1990, 2, 14)
    assert sheet["A1"].font.bold

    table = read_table(data, COLUMNS, filename="ekspor.xlsx")
    assert table.rows[0]["birth_date"] == "1990-02-14"
