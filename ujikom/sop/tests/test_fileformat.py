"""The SOP definition file: the seeds load and round-trip, and every error is found and located."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from ujikom.sop import actions
from ujikom.sop.actions import StepAction
from ujikom.sop.definition import Activity, Approver, Branch, SopDefinition
from ujikom.sop.fileformat import (
    MAX_FILE_BYTES,
    SopError,
    SopFileError,
    dump_definition,
    load_definition,
    validate_definition,
    validate_text,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = ("psm-disnaker-10.yaml", "psm-disnaker-08.yaml", "stmi-1.3.3.yaml")

# Like the example in DESIGN.md: parallel activities in step 2, a decision in step 4 that
# goes on to 5 (Ya) or back to 3 (Tidak), and an explicit end in step 5.
VALID = """\
format: sop/v1
code: PSM/DISNAKER-99
name: Contoh Fasilitasi Sertifikasi
organization: Dinas Ketenagakerjaan Kota Tangerang
unit: Bidang Pelatihan Kerja dan Peningkatan Produktivitas
created: 2017-02-14
revised: null
effective: 2017-03-20
approved_by: {title: Kepala Dinas Ketenagakerjaan, name: "DR. Ir. H. M. Rakhmansyah, M.Si", nip: "19620910 198603 1 013"}
definitions: [{term: Kadis, meaning: Kepala Dinas Ketenagakerjaan Kota Tangerang}]
provisions: ["Tidak ada."]
legal_basis: ["Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan"]
qualifications: []
related: ["SOP Pendaftaran Uji Kompetensi"]
equipment: [Komputer, Printer]
warning: ""
recording: Dijadikan sebagai Pedoman
actors:
  - {key: admin, name: Bagian Administrasi}
  - {key: tekops, name: Bidang Teknis Operasional}
  - {key: kepala_tuk, name: Kepala TUK}
steps:
  - number: 1
    activities:
      - {actor: admin, text: "  Mendistribusikan jadwal uji kompetensi  "}
    inputs: ["Daftar calon peserta uji kompetensi"]
    time: 15 menit
    outputs: ["Rekap daftar calon peserta"]
  - number: 2
    activities:
      - {actor: tekops, text: Menyiapkan sarana dan prasarana}
      - {actor: kepala_tuk, text: Merencanakan pelaksanaan uji kompetensi}
    time: 1 hari
  - number: 3
    activities:
      - {actor: admin, text: Mengingatkan calon peserta}
    time: 3 x 24 jam
    note: SOP Pendaftaran Uji Kompetensi
  - number: 4
    kind: decision
    activities:
      - {actor: kepala_tuk, text: "Apakah sarana sudah siap?"}
    next:
      - {to: 5, label: Ya}
      - {to: 3, label: Tidak}
  - number: 5
    activities:
      - {actor: admin, text: Mengarsipkan berkas}
    time: 4 jam
    next: []
"""


def broken(*replacements: tuple[str, str]) -> str:
    text = VALID
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def found(text: str | bytes) -> list[tuple[str, str]]:
    return [(error.path, error.message) for error in validate_text(text)]


def assert_errors(text: str | bytes, expected: list[tuple[str, str]]) -> None:
    """Exactly the expected errors: each path with a message containing the expected words."""
    errors = found(text)
    assert len(errors) == len(expected), errors
    for (path, message), (expected_path, words) in zip(errors, expected, strict=True):
        assert path == expected_path, errors
        assert words in message, errors


# The seeds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_seed_loads_and_round_trips(name):
    source = (SEEDS / name).read_bytes()

    definition = load_definition(source, source=name)

    assert validate_text(source) == []
    assert load_definition(dump_definition(definition)) == definition


def test_sop_10_identity_and_steps_are_transcribed():
    sop = load_definition((SEEDS / "psm-disnaker-10.yaml").read_text(encoding="utf-8"))

    assert sop.code == "PSM/DISNAKER-10"
    assert sop.unit == "Bidang Pelatihan Kerja dan Peningkatan Produktivitas"
    assert (sop.created, sop.revised, sop.effective) == (dt.date(2017, 2, 14), None, dt.date(2017, 3, 20))
    assert sop.approved_by == Approver(
        title="Kepala Dinas Ketenagakerjaan",
        name="DR. Ir. H. M. Rakhmansyah, M.Si",
        nip="19620910 198603 1 013",
    )
    assert [term.term for term in sop.definitions] == [
        "Kadis",
        "Sekdis",
        "Kabid",
        "Kasi",
        "Sertifikasi kompetensi",
        "Sertifikat Kompetensi",
    ]
    assert len(sop.legal_basis) == 6 and len(sop.qualifications) == 3 and len(sop.equipment) == 5
    assert sop.recording == "Dijadikan sebagai Pedoman"
    # The actors inferred in DESIGN.md, sub-activity by sub-activity.
    assert {step.number: step.actor_keys for step in sop.steps} == {
        1: ("admin",),
        2: ("tekops", "kepala_tuk"),
        3: ("admin",),
        4: ("peserta",),
        5: ("tekops", "asesor", "peserta"),
        6: ("asesor", "kepala_tuk"),
        7: ("tekops", "kepala_tuk", "mutu", "kepala_tuk"),
        8: ("admin", "admin"),
    }
    assert sop.step(6).time is None
    assert sop.step(6).duration is None
    assert [step.time for step in sop.steps if step.number != 6] == [
        "15 menit",
        "1 hari",
        "1 hari",
        "15 menit",
        "1 hari",
        "4 jam",
        "4 jam",
    ]
    assert sop.step(5).activities[1] == Activity(actor="asesor", text="Melaksanakan tugas asesmen.")


def test_sop_08_has_its_own_identity_but_the_published_activity_table():
    sop_08 = load_definition((SEEDS / "psm-disnaker-08.yaml").read_bytes())
    sop_10 = load_definition((SEEDS / "psm-disnaker-10.yaml").read_bytes())

    assert sop_08.code == "PSM/DISNAKER-08"
    assert sop_08.name == "Bimbingan Teknis Peningkatan Produktivitas"
    assert "peningkatan produktivitas" in sop_08.scope
    assert sop_08.definitions[4].term == "Produktivitas"
    assert sop_08.related == ()
    assert [step.actor_keys for step in sop_08.steps] == [step.actor_keys for step in sop_10.steps]
    # The page-break fragment "1. etensi." is merged into sub-activity 5.1, not kept on its own.
    assert all("etensi." not in activity.text.split()[0] for activity in sop_08.step(5).activities)
    assert sop_08.step(5).activities[0].text.endswith("pelaksanaan uji kompetensi.")
    assert sop_08.step(6).time is None


def test_stmi_approver_steps_and_sub_sops():
    sop = load_definition((SEEDS / "stmi-1.3.3.yaml").read_bytes())

    assert sop.code == "1.3.3/BPSDMI/STMI/SOP/VI/2020"
    assert sop.approved_by == Approver(title="Direktur", name="Mustofa", nip="197009242003121001")
    assert sop.created == sop.effective == dt.date(2020, 6, 11)
    assert [actor.key for actor in sop.actors] == [
        "direktur",
        "ketua_lsp",
        "kabid_adm",
        "kabid_sert",
        "asesor",
        "peserta",
    ]
    assert sop.step(2).note == "SOP Perencanaan Uji Kompetensi, SOP Pembuatan SK"
    assert all(step.note.startswith("SOP ") for step in sop.steps if step.number >= 2)
    assert sop.step(1).actor_keys == ("direktur",)
    assert sop.step(6).actor_keys == ("kabid_sert", "ketua_lsp", "direktur")
    assert [str(step.duration) for step in sop.steps] == [
        "2 hari",
        "2 hari",
        "1 minggu",
        "1 jam",
        "1 minggu",
        "2 minggu",
        "2 minggu",
    ]
    assert len(sop.related) == 6


# A valid file ---------------------------------------------------------------------------------


def test_design_example_with_parallel_work_a_decision_and_an_end_loads():
    sop = load_definition(VALID)

    assert sop.step(2).actor_keys == ("tekops", "kepala_tuk")
    assert sop.step(4).kind == "decision"
    assert sop.step(4).next == (Branch(to=5, label="Ya"), Branch(to=3, label="Tidak"))
    assert sop.step(5).next == ()
    assert sop.step(3).duration is not None and sop.step(3).duration.working_days == 3
    assert sop.step(1).activities[0].text == "Mendistribusikan jadwal uji kompetensi"  # stripped
    assert sop.revised is None


def test_successors_follow_the_list_unless_a_step_says_otherwise():
    sop = load_definition(VALID)

    assert sop.first_step.number == 1
    assert sop.successors(sop.step(1)) == (Branch(to=2),)
    assert sop.successors(sop.step(4)) == (Branch(to=5, label="Ya"), Branch(to=3, label="Tidak"))
    assert sop.successors(sop.step(5)) == ()
    assert sop.end_steps() == (sop.step(5),)
    with pytest.raises(KeyError):
        sop.step(9)


def test_the_last_step_without_next_ends_the_run():
    sop = load_definition(broken(("    time: 4 jam\n    next: []\n", "    time: 4 jam\n")))

    assert sop.step(5).next is None
    assert sop.successors(sop.step(5)) == ()
    assert sop.end_steps() == (sop.step(5),)


def test_yes_no_on_off_are_text_not_booleans():
    sop = load_definition(
        broken(
            ("qualifications: []", "qualifications: [yes, no, on, off, y, n, Yes]"),
            ('warning: ""', "warning: no"),
        )
    )

    assert sop.qualifications == ("yes", "no", "on", "off", "y", "n", "Yes")
    assert sop.warning == "no"


def test_a_registered_action_is_accepted(monkeypatch):
    monkeypatch.setitem(
        actions._ACTIONS,
        "scheduling.confirm_assessors",
        StepAction(key="scheduling.confirm_assessors", label="Konfirmasi asesor", url=lambda task: "/"),
    )

    sop = load_definition(
        broken(("    time: 15 menit\n", "    time: 15 menit\n    action: scheduling.confirm_assessors\n"))
    )

    assert sop.step(1).action == "scheduling.confirm_assessors"


def test_a_byte_order_mark_is_ignored():
    assert load_definition(b"\xef\xbb\xbf" + VALID.encode("utf-8")) == load_definition(VALID)


# Broken files ---------------------------------------------------------------------------------

BROKEN = {
    "wrong type": (
        broken(("code: PSM/DISNAKER-99", "code: [PSM, DISNAKER]")),
        [("code", "harus berupa teks, bukan daftar")],
    ),
    "number where text is expected": (
        broken(("    time: 1 hari", "    time: 8")),
        [("steps[1].time", "harus berupa teks, bukan bilangan bulat")],
    ),
    "text where a whole number is expected": (
        broken(("  - number: 5", "  - number: lima")),
        [("steps[4].number", "harus berupa bilangan bulat, bukan teks")],
    ),
    "boolean where text is expected": (
        broken(('warning: ""', "warning: true")),
        [("warning", "harus berupa teks, bukan nilai benar/salah")],
    ),
    "unknown key": (
        broken(("    time: 1 hari", "    wkatu: 1 hari")),
        [("steps[1].wkatu", "kolom tidak dikenal")],
    ),
    "unknown actor key": (
        broken(
            (
                "{actor: admin, text: Mengingatkan calon peserta}",
                "{actor: admn, text: Mengingatkan calon peserta}",
            )
        ),
        [("steps[2].activities[0].actor", 'pelaksana "admn" tidak dikenal')],
    ),
    "unknown time unit": (
        broken(("time: 3 x 24 jam", "time: 2 hri")),
        [("steps[2].time", 'satuan waktu tidak dikenal "hri"')],
    ),
    "duplicate step number": (
        broken(("  - number: 3", "  - number: 2")),
        [
            ("steps[2].number", "nomor langkah 2 sudah dipakai di steps[1]"),
            ("steps[3].next[1].to", "langkah 3 tidak ada"),
        ],
    ),
    "branch to a missing step": (
        broken(("{to: 3, label: Tidak}", "{to: 9, label: Tidak}")),
        [("steps[3].next[1].to", "langkah 9 tidak ada")],
    ),
    "unreachable step": (
        broken(("    time: 15 menit\n", "    time: 15 menit\n    next: [{to: 3}]\n")),
        [("steps[1]", "langkah 2 tidak pernah dicapai")],
    ),
    "a cycle with no way out": (
        broken(("{to: 5, label: Ya}", "{to: 2, label: Ya}")),
        [
            ("steps[1]", "proses tidak pernah selesai: langkah 2 berputar tanpa jalan keluar"),
            ("steps[2]", "proses tidak pernah selesai: langkah 3 berputar tanpa jalan keluar"),
            ("steps[3]", "proses tidak pernah selesai: langkah 4 berputar tanpa jalan keluar"),
            ("steps[4]", "langkah 5 tidak pernah dicapai"),
        ],
    ),
    "no end at all": (
        broken(("    next: []", "    next: [{to: 1}]")),
        [("steps", "tidak ada langkah akhir")],
    ),
    "date not in the calendar": (
        broken(("effective: 2017-03-20", "effective: 2017-02-30")),
        [("effective", 'tanggal "2017-02-30" tidak ada di kalender')],
    ),
    "date in another form": (
        broken(("created: 2017-02-14", "created: 14 Pebruari 2017")),
        [("created", "harus ditulis TTTT-BB-HH")],
    ),
    "missing format": (
        broken(("format: sop/v1\n", "")),
        [("format", "wajib diisi")],
    ),
    "another format": (
        broken(("format: sop/v1", "format: sop/v2")),
        [("format", 'format "sop/v2" tidak dikenal')],
    ),
    "missing required field": (
        broken(("equipment: [Komputer, Printer]\n", "")),
        [("equipment", "wajib ada")],
    ),
    "blank required text": (
        broken(("name: Contoh Fasilitasi Sertifikasi", 'name: "  "')),
        [("name", "wajib diisi")],
    ),
    "a decision with one branch": (
        broken(("      - {to: 3, label: Tidak}\n", "")),
        [("steps[3].next", "paling sedikit dua cabang")],
    ),
    "a decision branch without a label": (
        broken(("{to: 3, label: Tidak}", "{to: 3}")),
        [("steps[3].next[1].label", "harus berlabel")],
    ),
    "a decision made by two actors": (
        broken(
            (
                '      - {actor: kepala_tuk, text: "Apakah sarana sudah siap?"}\n',
                '      - {actor: kepala_tuk, text: "Apakah sarana sudah siap?"}\n'
                "      - {actor: admin, text: Ikut memutuskan}\n",
            )
        ),
        [("steps[3].activities", "tepat satu kegiatan")],
    ),
    "a process step with two ways out": (
        broken(("    time: 15 menit\n", "    time: 15 menit\n    next: [{to: 2}, {to: 3}]\n")),
        [("steps[0].next", "hanya punya satu jalan keluar")],
    ),
    "unknown step kind": (
        broken(("    kind: decision", "    kind: keputusan")),
        [
            ("steps[3].kind", 'jenis langkah "keputusan" tidak dikenal'),
            ("steps[3].next", "hanya punya satu jalan keluar"),
        ],
    ),
    "duplicate actor key": (
        broken(
            (
                "{key: tekops, name: Bidang Teknis Operasional}",
                "{key: admin, name: Bidang Teknis Operasional}",
            )
        ),
        [
            ("actors[1].key", 'kode pelaksana "admin" sudah dipakai di actors[0]'),
            ("steps[1].activities[0].actor", 'pelaksana "tekops" tidak dikenal'),
        ],
    ),
    "actor key that is not a slug": (
        broken(("{key: kepala_tuk, name: Kepala TUK}", "{key: Kepala TUK, name: Kepala TUK}")),
        [
            ("actors[2].key", "hanya boleh berisi huruf kecil"),
            ("steps[1].activities[1].actor", 'pelaksana "kepala_tuk" tidak dikenal'),
            ("steps[3].activities[0].actor", 'pelaksana "kepala_tuk" tidak dikenal'),
        ],
    ),
    "a step without activities": (
        broken(
            ("      - {actor: admin, text: Mengarsipkan berkas}\n", ""),
            ("    activities:\n    time: 4 jam", "    activities: []\n    time: 4 jam"),
        ),
        [("steps[4].activities", "paling sedikit satu kegiatan")],
    ),
    "unknown action": (
        broken(("    time: 15 menit\n", "    time: 15 menit\n    action: tidak.ada\n")),
        [("steps[0].action", 'aksi tidak dikenal "tidak.ada"')],
    ),
    "duplicate key": (
        broken(
            (
                "name: Contoh Fasilitasi Sertifikasi\n",
                "name: Contoh Fasilitasi Sertifikasi\nname: Nama Lain\n",
            )
        ),
        [("name", "kolom ditulis dua kali (baris 3 dan 4)")],
    ),
    "too long": (
        broken(("code: PSM/DISNAKER-99", "code: " + "X" * 101)),
        [("code", "terlalu panjang: 101 karakter, paling banyak 100")],
    ),
    "unsupported YAML tag": (
        broken(('warning: ""', "warning: !!binary aGVsbG8=")),
        [("warning", "tag YAML !!binary tidak didukung")],
    ),
    "not a mapping": ("- format: sop/v1\n", [("", "Isi berkas harus berupa pemetaan")]),
    "empty file": ("", [("", "Berkas kosong")]),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_is_refused_with_the_error_located(case):
    text, expected = BROKEN[case]

    with pytest.raises(SopFileError) as refused:
        load_definition(text)

    assert_errors(text, expected)
    assert [(error.path, error.message) for error in refused.value.errors] == found(text)


def test_a_file_with_several_errors_reports_all_of_them():
    text = broken(
        ("format: sop/v1", "format: sop/v9"),
        ("effective: 2017-03-20", "effective: 2017-02-30"),
        ("    time: 1 hari", "    wkatu: 1 hari"),
        ("time: 3 x 24 jam", "time: 2 hri"),
        ("{to: 3, label: Tidak}", "{to: 9, label: Tidak}"),
        ("{actor: admin, text: Mengarsipkan berkas}", "{actor: arsip, text: Mengarsipkan berkas}"),
    )

    with pytest.raises(SopFileError) as refused:
        load_definition(text, source="contoh.yaml")

    assert [error.path for error in refused.value.errors] == [
        "format",
        "effective",
        "steps[1].wkatu",
        "steps[2].time",
        "steps[3].next[1].to",
        "steps[4].activities[0].actor",
    ]
    assert refused.value.source == "contoh.yaml"
    lines = str(refused.value).splitlines()
    assert lines[0] == 'format: format "sop/v9" tidak dikenal; yang dikenal: sop/v1'
    assert lines[3] == 'steps[2].time: satuan waktu tidak dikenal "hri"'
    assert len(lines) == 6


def test_errors_carry_the_line_they_are_on():
    errors = validate_text(broken(("time: 3 x 24 jam", "time: 2 hri")))

    assert errors == [
        SopError(
            "steps[2].time",
            'satuan waktu tidak dikenal "hri"',
            VALID.splitlines().index("    time: 3 x 24 jam") + 1,
        )
    ]


def test_non_utf8_bytes_are_an_error_not_a_crash():
    data = VALID.encode("utf-8").replace(b"Contoh Fasilitasi", b"Contoh Fasilitas\xe9")

    errors = validate_text(data)

    assert len(errors) == 1
    assert errors[0].path == ""
    assert "bukan teks UTF-8" in errors[0].message
    assert errors[0].line == 3


def test_a_yaml_syntax_error_names_its_line_and_column():
    text = broken(("code: PSM/DISNAKER-99", "code: [PSM/DISNAKER-99"))

    errors = validate_text(text)

    assert len(errors) == 1
    assert errors[0].line == 3
    assert errors[0].message.startswith("YAML tidak valid pada baris 3, kolom 5")
    assert "baris 2" in errors[0].message  # where the unclosed list begins


def test_a_tab_indentation_is_a_syntax_error_with_its_line():
    text = broken(("    time: 1 hari", "\ttime: 1 hari"))

    errors = validate_text(text)

    assert len(errors) == 1
    assert "baris" in errors[0].message
    assert errors[0].line is not None


def test_a_file_over_the_size_limit_is_refused_unread():
    errors = validate_text("#" * (MAX_FILE_BYTES + 1))

    assert len(errors) == 1
    assert "terlalu besar: 1.000.001 bita, paling besar 1.000.000 bita" in errors[0].message


def test_the_sizes_are_written_as_the_readers_language_writes_numbers():
    with translation.override("en"):
        errors = validate_text("#" * (MAX_FILE_BYTES + 1))

    assert "1,000,001 bytes" in errors[0].message and "1,000,000" in errors[0].message


def test_an_alias_bomb_is_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]" for level in range(1, 9)]

    errors = validate_text("\n".join(lines) + "\n")

    assert any("alias" in error.message for error in errors)


def test_yaml_12_numbers():
    sop = load_definition(broken(("  - number: 1\n", "  - number: 01\n")))

    assert sop.first_step.number == 1


# Writing --------------------------------------------------------------------------------------


def test_dump_writes_the_design_key_order_and_leaves_empty_optional_fields_out():
    text = dump_definition(load_definition(VALID))

    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert keys == [
        "format",
        "code",
        "name",
        "organization",
        "unit",
        "created",
        "effective",
        "approved_by",
        "definitions",
        "provisions",
        "legal_basis",
        "qualifications",
        "related",
        "equipment",
        "warning",
        "recording",
        "actors",
        "steps",
    ]
    assert "created: 2017-02-14\n" in text
    assert "qualifications: []\n" in text
    assert "    next: []\n" in text
    assert "kind: process" not in text


def test_round_trip_keeps_text_that_looks_like_other_types():
    text = broken(
        (
            "qualifications: []",
            'qualifications: ["yes", "true", "123", "0o17", "1e3", "null", "2017-02-14", "a: b", "~"]',
        ),
        ('warning: ""', 'warning: "Baris satu\\nBaris dua — ünicode"'),
        ('nip: "19620910 198603 1 013"', 'nip: "0012345"'),
        ("revised: null", "revised: 2018-01-31"),
        ("unit: Bidang Pelatihan Kerja dan Peningkatan Produktivitas\n", ""),
    )
    sop = load_definition(text)

    dumped = dump_definition(sop)

    assert load_definition(dumped) == sop
    assert sop.qualifications[4] == "1e3"
    assert "ünicode" in dumped  # written as UTF-8, not escaped
    assert yaml.safe_load(dumped)["qualifications"] == list(sop.qualifications)  # a YAML 1.1 reader agrees


def test_dump_of_a_definition_built_in_code_loads_back():
    sop = load_definition(VALID)
    rebuilt = SopDefinition(
        code=sop.code,
        name=sop.name,
        organization=sop.organization,
        created=sop.created,
        effective=sop.effective,
        approved_by=Approver(title="Kepala", name="Budi"),
        actors=sop.actors,
        steps=sop.steps,
        legal_basis=(),
    )

    assert load_definition(dump_definition(rebuilt)) == rebuilt


def test_a_control_character_is_a_syntax_error_with_its_line():
    errors = validate_text(broken(("name: Contoh Fasilitasi", "name: Contoh\x07Fasilitasi")))

    assert len(errors) == 1
    assert errors[0].line == 3
    assert "U+0007" in errors[0].message


def test_a_definition_edited_in_code_is_checked_by_the_same_rules():
    sop = load_definition(VALID)
    step = sop.step(3)
    edited = dataclasses.replace(
        sop,
        code="",
        steps=(*sop.steps[:2], dataclasses.replace(step, time="2 hri"), *sop.steps[3:]),
    )

    assert validate_definition(sop) == []
    assert [(error.path, error.message) for error in validate_definition(edited)] == [
        ("code", "wajib diisi"),
        ("steps[2].time", 'satuan waktu tidak dikenal "hri"'),
    ]
