"""Participant import: every row checked, every bad row reported, all or nothing."""

from __future__ import annotations

import datetime as dt

from ujikom.core.models import AuditEvent
from ujikom.registry.models import Participant
from ujikom.registry.nik import nik_for
from ujikom.registry.participant_import import import_participants

from .fixtures import participant_row, xlsx_file


def test_file_mixing_good_and_bad_rows_is_refused_with_every_error_and_nothing_saved(program, manager):
    woman_nik = nik_for(region_code="367101", birth_date=dt.date(1990, 2, 14), sex="P", serial=7)
    rows = [
        participant_row(1),  # row 2: good, but its NIK comes again in row 8
        participant_row(2, nik="12345"),  # row 3
        participant_row(3, birth_date_text="31/02/1990"),  # row 4
        participant_row(4, birth_date_text="14 Pebruari 1990"),  # row 5: good
        participant_row(5, city="3699"),  # row 6
        participant_row(6, city="31.71", province="36"),  # row 7
        participant_row(7, nik=participant_row(1)[0]),  # row 8
        participant_row(8, nik=woman_nik, sex="L"),  # row 9
    ]

    result = import_participants(
        program=program, file=xlsx_file(rows), actor=manager, filename="peserta.xlsx"
    )

    nik_1 = participant_row(1)[0]
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "NIK", f"NIK {nik_1} juga tertulis di baris 8."),
        (3, "NIK", "NIK harus 16 digit angka."),
        (4, "Tanggal Lahir", 'Tanggal "31/02/1990" tidak ada di kalender.'),
        (6, "Kode Kabupaten/Kota", 'Kode kabupaten/kota "3699" tidak dikenal.'),
        (
            7,
            "Kode Kabupaten/Kota",
            "Kota Administrasi Jakarta Pusat (31.71) tidak berada di provinsi Banten (36).",
        ),
        (8, "NIK", f"NIK {nik_1} juga tertulis di baris 2."),
        (
            9,
            "NIK",
            "NIK tidak cocok dengan jenis kelamin: NIK ini milik perempuan (tanggal + 40), tertulis L.",
        ),
    ]
    assert result.total_rows == 8
    assert result.imported == 0
    assert not Participant.objects.exists()
    assert not AuditEvent.objects.filter(event_type="participant.imported").exists()


def test_good_file_imports_every_participant(program, manager):
    rows = [participant_row(n) for n in range(1, 6)]
    rows[1][3] = "14 Pebruari 1990"
    rows[2][4] = "Perempuan"
    rows[2][0] = nik_for(region_code="367101", birth_date=dt.date(1990, 2, 14), sex="P", serial=3)
    rows[3][6], rows[3][7] = "3671", "36"

    result = import_participants(
        program=program, file=xlsx_file(rows), actor=manager, filename="peserta.xlsx"
    )

    assert result.errors == []
    assert result.imported == 5
    saved = Participant.objects.filter(program=program).order_by("full_name")
    assert saved.count() == 5
    woman = saved.get(full_name="Peserta 3")
    assert woman.sex == "P" and woman.birth_date == dt.date(1990, 2, 14)
    assert {p.city_id for p in saved} == {"36.71"}
    assert AuditEvent.objects.get(event_type="participant.imported").data["count"] == 5


def test_nik_mismatching_birth_date_and_a_nik_already_in_the_program_are_reported(
    program, manager, participant
):
    rows = [
        participant_row(
            1, nik=nik_for(region_code="367101", birth_date=dt.date(1991, 2, 14), sex="L", serial=1)
        ),
        participant_row(2, nik=participant.nik, sex="P", birth_date=participant.birth_date),
    ]

    result = import_participants(
        program=program, file=xlsx_file(rows), actor=manager, filename="peserta.xlsx"
    )

    assert [(e.row, e.message) for e in result.errors] == [
        (
            2,
            "NIK tidak cocok dengan tanggal lahir: digit 7–12 menunjukkan 14-02-91, tanggal lahir 14-02-1990.",
        ),
        (3, f"NIK {participant.nik} sudah terdaftar di program ini (Siti Nurhaliza)."),
    ]
    assert Participant.objects.count() == 1


def test_missing_columns_are_reported_on_the_header_row(program, manager):
    data = b"NIK;Nama\n3671011402900001;Budi\n"

    result = import_participants(program=program, file=data, actor=manager, filename="peserta.csv")

    assert result.errors[0].row == 1
    assert {e.column for e in result.errors} == {
        "Tempat Lahir",
        "Tanggal Lahir",
        "Jenis Kelamin",
        "Alamat",
        "Kode Kabupaten/Kota",
        "Kode Provinsi",
    }
    assert not Participant.objects.exists()


def test_csv_with_semicolons_and_indonesian_month_names_imports(program, manager):
    nik = nik_for(region_code="317101", birth_date=dt.date(1985, 11, 3), sex="P", serial=12)
    data = (
        "\ufeffNIK;Nama;Tempat Lahir;Tgl Lahir;JK;Alamat;Kode Kota;Kode Provinsi;No HP;Email;Pendidikan\n"
        f"{nik};Dewi Lestari;Jakarta;3 Nopember 1985;P;Jl. Kramat Raya 10;31.71;31;081234567890;;S-1\n"
    ).encode()

    result = import_participants(program=program, file=data, actor=manager, filename="peserta.csv")

    assert result.errors == []
    dewi = Participant.objects.get()
    assert (dewi.birth_date, dewi.education, dewi.province_id) == (dt.date(1985, 11, 3), "S1", "31")
