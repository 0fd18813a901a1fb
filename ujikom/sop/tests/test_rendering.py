"""The official SOP AP document: identity, activity table with the swimlane flowchart, pages."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from ujikom.sop.definition import Activity, Actor, Approver, Branch, SopDefinition, Step, Term
from ujikom.sop.rendering import flowchart_layout, indonesian_date, render_pdf, render_svg

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.yaml"))
MM = 72 / 25.4

ACTORS = (
    Actor("admin", "Bagian Administrasi"),
    Actor("tekops", "Bidang Teknis Operasional"),
    Actor("asesor", "Asesor Kompetensi"),
    Actor("tuk", "Kepala TUK"),
)


def make_sop(steps: tuple[Step, ...], **fields: object) -> SopDefinition:
    values: dict[str, object] = {
        "code": "PSM/DISNAKER-99",
        "name": "Pelaksanaan Uji Coba Pencetakan",
        "organization": "Dinas Ketenagakerjaan Kota Tangerang",
        "unit": "Bidang Pelatihan Kerja dan Peningkatan Produktivitas",
        "created": dt.date(2017, 2, 14),
        "effective": dt.date(2017, 3, 20),
        "approved_by": Approver(
            "Kepala Dinas Ketenagakerjaan", "DR. Ir. H. M. Rakhmansyah, M.Si", "19620910 198603 1 013"
        ),
        "actors": ACTORS,
        "steps": steps,
        "scope": "Prosedur ini sebagai pedoman pelaksanaan sertifikasi.",
        "definitions": (Term("Kadis", "Kepala Dinas Ketenagakerjaan Kota Tangerang"),),
        "legal_basis": ("Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan",),
        "qualifications": ("Memahami tata naskah dinas",),
        "equipment": ("Komputer", "Printer"),
        "recording": "Dijadikan sebagai pedoman",
    }
    values.update(fields)
    return SopDefinition(**values)  # type: ignore[arg-type]


def short_sop() -> SopDefinition:
    """Four steps: a start, two parallel activities, a decision looping back, an end."""
    return make_sop(
        (
            Step(1, (Activity("admin", "Mendistribusikan jadwal uji kompetensi."),), time="15 menit"),
            Step(
                2,
                (
                    Activity("tekops", "Menyiapkan sarana dan prasarana."),
                    Activity("tuk", "Merencanakan pelaksanaan uji kompetensi."),
                ),
                inputs=("Daftar calon peserta", "Jadwal uji kompetensi"),
                time="1 hari",
                outputs=("Sarana siap",),
            ),
            Step(
                3,
                (Activity("asesor", "Memeriksa kelengkapan berkas."),),
                kind="decision",
                next=(Branch(4, "Ya"), Branch(2, "Tidak")),
            ),
            Step(4, (Activity("admin", "Mengarsipkan berkas."),), time="4 jam", note="SOP Arsip"),
        )
    )


def long_sop(steps: int = 24) -> SopDefinition:
    """Long enough to need several flowchart pages, with a loop back across a page break."""
    keys = [actor.key for actor in ACTORS]
    result = []
    for number in range(1, steps + 1):
        text = f"Memeriksa dokumen langkah {number} dan mencatat hasilnya pada formulir pemeriksaan."
        activities = (Activity(keys[number % len(keys)], text),)
        if number % 6 == 3:
            activities += (Activity(keys[(number + 1) % len(keys)], text),)
        next_ = (Branch(number + 1, "Ya"), Branch(2, "Tidak")) if number == steps - 2 else None
        kind = "decision" if next_ else "process"
        result.append(Step(number, activities, time="1 hari", kind=kind, next=next_))  # type: ignore[arg-type]
    return make_sop(tuple(result))


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_document_is_a_pdf_with_documentation_identity_and_flowchart_pages():
    pdf = render_pdf(short_sop())

    pages = pdf_pages(pdf)
    assert pdf.startswith(b"%PDF")
    assert len(pages) == 3
    assert "RUANG LINGKUP" in pages[0] and "ISTILAH DAN DEFINISI" in pages[0]
    assert "Kadis adalah Kepala Dinas Ketenagakerjaan Kota Tangerang" in pages[0]
    assert "Nomor SOP PSM/DISNAKER-99" in pages[1]
    assert "Tanggal Pembuatan 14 Februari 2017" in pages[1]
    assert "Tanggal Revisi -" in pages[1]
    assert "Tanggal Efektif 20 Maret 2017" in pages[1]
    assert "NIP. 19620910 198603 1 013" in pages[1]
    assert "1. Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan" in pages[1]
    assert "URAIAN KEGIATAN" in pages[2] and "MUTU BAKU" in pages[2]


def test_dates_print_in_indonesian():
    assert indonesian_date(dt.date(2017, 2, 14)) == "14 Februari 2017"
    assert indonesian_date(None) == "-"


def test_actor_columns_carry_the_actor_names_and_the_step_texts():
    pages = pdf_pages(render_pdf(short_sop()))

    flowchart = pages[-1]
    for actor in ACTORS:
        assert actor.name in flowchart
    assert "1. Menyiapkan sarana dan prasarana. 2. Merencanakan pelaksanaan uji kompetensi." in flowchart
    assert "15 menit" in flowchart and "SOP Arsip" in flowchart


def test_a_decision_shows_its_ya_and_tidak_branches():
    flowchart = pdf_pages(render_pdf(short_sop()))[-1]

    assert re.search(r"\bYa\b", flowchart)
    assert re.search(r"\bTidak\b", flowchart)


def test_warnings_are_shown_on_the_first_page():
    warnings = ["Tabel kegiatan identik dengan SOP PSM/DISNAKER-10", "Langkah 3 tanpa standar waktu"]

    pages = pdf_pages(render_pdf(short_sop(), warnings=warnings))

    assert "PERHATIAN" in pages[0]
    assert all(warning in pages[0] for warning in warnings)
    assert "PERHATIAN" not in " ".join(pages[1:])


def test_names_with_diacritics_render_in_the_bundled_font():
    name = "Dra. Hj. Siti Ñurhalizâ Şaputri, M.Sï"
    definition = make_sop(
        short_sop().steps, approved_by=Approver("Kepala Dinas", name, "19700101 199503 2 001")
    )

    pdf = render_pdf(definition)

    assert name in pdf_pages(pdf)[1]
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("NotoSans" in font for font in fonts)


def test_f4_pages_are_215_by_330_mm_landscape():
    reader = PdfReader(io.BytesIO(render_pdf(short_sop(), paper="f4")))

    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(330 * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(215 * MM, abs=0.5)


def test_a4_pages_are_landscape():
    page = PdfReader(io.BytesIO(render_pdf(short_sop()))).pages[0]

    assert float(page.mediabox.width) == pytest.approx(297 * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(210 * MM, abs=0.5)


def test_a_long_sop_continues_over_pages_with_numbered_off_page_connectors():
    definition = long_sop()

    pdf = render_pdf(definition)
    layout = flowchart_layout(definition)

    pages = pdf_pages(pdf)
    flowchart_pages = [entry["page"] for entry in layout]
    assert len(layout) >= 3
    assert len(pages) == flowchart_pages[-1]
    shown = [number for entry in layout for number in entry["steps"]]
    assert shown == list(range(1, 25))
    for page in flowchart_pages:
        # The table header repeats on every page.
        assert "URAIAN KEGIATAN" in pages[page - 1] and "Kelengkapan" in pages[page - 1]
    for before, after in zip(layout, layout[1:], strict=False):
        # The arrow to the first step of the next page leaves by a connector at the bottom and
        # comes in by one with the same number at the top of the next page.
        outgoing = {
            c["number"]
            for c in before["connectors"]
            if c["role"] == "out" and c["target"] == after["steps"][0]
        }
        incoming = {
            c["number"] for c in after["connectors"] if c["role"] == "in" and c["target"] == after["steps"][0]
        }
        assert len(outgoing) == 1 and outgoing == incoming
    numbers = [c["number"] for entry in layout for c in entry["connectors"] if c["role"] == "out"]
    assert numbers == sorted(numbers) == list(range(1, len(numbers) + 1))


def test_a_loop_back_to_an_earlier_page_goes_through_a_connector_pair():
    layout = flowchart_layout(long_sop())

    ends = {
        (c["role"], entry["page"])
        for entry in layout
        for c in entry["connectors"]
        if (c["source"], c["target"]) == (22, 2)
    }
    assert ("out", layout[-1]["page"]) in ends
    assert ("in", layout[0]["page"]) in ends


def test_a_step_longer_than_a_page_continues_on_the_next_page():
    words = " ".join(["Memeriksa dokumen persyaratan peserta dengan teliti"] * 120) + " AKHIR-URAIAN."
    steps = list(short_sop().steps)
    steps[1] = Step(2, (Activity("tekops", words),), time="1 hari")
    definition = make_sop(tuple(steps))

    pages = pdf_pages(render_pdf(definition))
    layout = flowchart_layout(definition)

    assert [number for entry in layout for number in entry["steps"]] == [1, 2, 3, 4]
    assert len(layout) >= 3
    assert any("AKHIR-URAIAN." in page for page in pages)


def test_svg_pages_colour_the_steps_by_run_state():
    plain = render_svg(short_sop())
    coloured = render_svg(short_sop(), state={1: "done", 2: "active", 3: "overdue", 4: "waiting"})

    assert len(coloured) == len(plain) == 3
    assert all(page.lstrip().startswith("<svg") for page in coloured)
    flowchart = coloured[-1].lower()
    for colour in ("#d1e7dd", "#cfe2ff", "#f8d7da", "#fff3cd"):  # done, active, overdue, waiting
        assert f'fill="{colour}"' in flowchart
        assert f'fill="{colour}"' not in plain[-1].lower()


def test_svg_can_show_only_the_flowchart():
    pages = render_svg(long_sop(), flowchart_only=True)

    assert len(pages) == len(flowchart_layout(long_sop()))


@pytest.mark.parametrize("path", SEEDS, ids=[path.name for path in SEEDS])
def test_every_seed_sop_renders(path):
    from ujikom.sop.fileformat import load_definition

    definition = load_definition(path.read_bytes(), source=str(path))

    for paper in ("a4", "f4"):
        pages = pdf_pages(render_pdf(definition, paper=paper))
        text = " ".join(pages)
        assert definition.code in text
        assert all(" ".join(actor.name.split()) in text for actor in definition.actors)
