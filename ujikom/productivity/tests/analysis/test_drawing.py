"""The fishbone SVG: well-formed XML with presentation attributes only, every cause's text escaped
and present, root causes marked, categories without causes left out (all six greyed when empty)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ujikom.productivity import services_analysis as services
from ujikom.productivity.drawing import fishbone_svg

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _texts(root: ET.Element) -> str:
    return " ".join(" ".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def test_the_fishbone_parses_and_names_every_cause(open_case, petugas):
    open_case.problem_statement = "Target produksi harian <lini 3> & 4 tidak tercapai"
    open_case.save(update_fields=["problem_statement"])
    parent = services.add_cause(
        case=open_case, actor=petugas, category="people", text="Operator baru belum terlatih menjahit kerah"
    )
    child = services.add_cause(
        case=open_case, actor=petugas, category="people", text="Pelatihan hanya satu hari", parent=parent
    )
    services.add_cause(
        case=open_case, actor=petugas, category="x", text="Sub-sub <b>", parent=child, is_root=True
    )
    services.add_cause(
        case=open_case, actor=petugas, category="machine", text='Mesin "obras" tua', is_root=True
    )

    svg = fishbone_svg(open_case)
    root = ET.fromstring(svg)

    assert root.tag == f"{SVG}svg" and root.get("viewBox") and root.get("width") and root.get("height")
    assert root.get("font-family") == "Noto Sans, sans-serif"
    assert "style" not in svg and "<script" not in svg
    words = " ".join(_texts(root).split())
    for text in (
        "Operator baru",
        "Pelatihan hanya satu hari",
        "Sub-sub <b>",
        'Mesin "obras" tua',
        "<lini 3> & 4",
    ):
        assert text in words
    assert "Manusia" in words and "Mesin/peralatan" in words and "Lingkungan" not in words
    bold = [
        " ".join(" ".join(t.itertext()).split())
        for t in root.iter(f"{SVG}text")
        if t.get("font-weight") == "bold"
    ]
    assert 'Mesin "obras" tua' in bold and "Akar masalah (ditebalkan)" in words


def test_an_empty_fishbone_shows_all_six_bones_greyed(open_case):
    root = ET.fromstring(fishbone_svg(open_case))

    words = _texts(root)
    for category in ("Manusia", "Mesin/peralatan", "Metode", "Material", "Pengukuran", "Lingkungan"):
        assert category in words
    assert "Masalah utama belum dirumuskan" in words and "Belum ada sebab yang dicatat." in words
