"""Each stage's worksheet records what the stage did."""

from __future__ import annotations

import pytest

from ujikom.productivity.documents import stage_worksheet, worksheet_sections

from .test_close import pdf_text

pytestmark = pytest.mark.django_db


def _text(sections) -> str:
    parts = []
    for section in sections:
        parts.append(section["heading"])
        parts += [" ".join(row) for row in section.get("rows", [])]
        parts += section.get("paragraphs", [])
        table = section.get("table") or {"headings": [], "rows": []}
        parts += table["headings"] + [" ".join(row) for row in table["rows"]]
    return " | ".join(parts)


def test_every_stage_worksheet_records_its_work(evaluated_case):
    case = evaluated_case
    expected = {
        "productivity.open_case": [
            "Perusahaan meminta pendampingan",
            "PT Sinar Garmen Tangerang",
            "Rina Wulandari",
        ],
        "productivity.identification": [
            "Target produksi harian",
            "Banyak waktu tunggu",
            "Produksi per bulan 12.000,00 potong",
        ],
        "productivity.indicators": ["Sebelum: Januari 2026", "Sesudah: Juni 2026", "0,88", "1,04"],
        "productivity.causes": [
            "Metode",
            "Tata letak meja jahit berjauhan (akar masalah)",
            "Mengapa 2: Belum ada alur kerja satu arah",
        ],
        "productivity.plan": ["Menata ulang meja jahit", "Kepala produksi", "Selesai"],
        "productivity.follow_up": ["Tata letak baru sudah dipakai di dua lini.", "Menata ulang meja jahit"],
        "productivity.evaluation": [
            "Output per jam kerja naik 18,4 % dari 0,88 menjadi 1,04 potong/orang-jam.",
            "Terapkan tata letak yang sama",
        ],
    }
    for action, phrases in expected.items():
        text = _text(worksheet_sections(case, action))
        for phrase in phrases:
            assert phrase in text, (action, phrase)


def test_the_causes_worksheet_pdf_carries_the_cause_tree(evaluated_case, petugas):
    stored = stage_worksheet(case=evaluated_case, action="productivity.causes", actor=petugas)

    text = pdf_text(stored)

    assert "Tata letak meja jahit berjauhan" in text
    assert "Mengapa 1: Bahan dipindahkan manual antar meja" in text
