"""Time the official SOP document: every seed in ujikom/sop/seeds/ and a generated 20-step SOP.

    DEBUG=true .venv/bin/python bench/sop_render.py [--repeat 5] [--out DIR]

Prints, for each SOP and paper size (A4, F4), the time of its first PDF render, the median of
the repeats (Typst memoizes within a process, so repeats of the same input are faster), the
time of the SVG pages with run state, and the page count. Target: a 20-step SOP renders to PDF
in under a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from ujikom.sop.definition import Activity, Actor, Approver, Branch, SopDefinition, Step  # noqa: E402
from ujikom.sop.rendering import render_pdf, render_svg  # noqa: E402

ACTORS = (
    Actor("kadis", "Kepala Dinas"),
    Actor("kabid", "Kepala Bidang Pelatihan Kerja"),
    Actor("admin", "Bagian Administrasi"),
    Actor("tekops", "Bidang Teknis Operasional"),
    Actor("asesor", "Asesor Kompetensi"),
    Actor("tuk", "Kepala TUK"),
)


def generated_definition(steps: int = 20) -> SopDefinition:
    """A long SOP with parallel steps, a decision looping back, a decision jumping forward."""
    keys = [actor.key for actor in ACTORS]
    loop_at, jump_at = min(8, steps - 3), min(14, steps - 2)
    result = []
    for number in range(1, steps + 1):
        if number % 5 == 2:
            activities = tuple(
                Activity(
                    keys[(number + k) % len(keys)], f"Menyiapkan bagian {k + 1} dari berkas langkah {number}."
                )
                for k in range(3)
            )
        else:
            activities = (
                Activity(
                    keys[(number * 2) % len(keys)],
                    f"Memeriksa kelengkapan dokumen langkah {number} dan mencatat hasil pemeriksaan "
                    "pada formulir yang tersedia sebelum diteruskan.",
                ),
            )
        kind = "decision" if number in (loop_at, jump_at) else "process"
        branches: tuple[Branch, ...] | None = None
        if number == loop_at:
            branches = (Branch(number + 1, "Ya"), Branch(number - 3, "Tidak"))
        elif number == jump_at:
            branches = (Branch(number + 1, "Ya"), Branch(min(number + 4, steps), "Tidak"))
        result.append(
            Step(
                number=number,
                activities=activities,
                inputs=("Daftar calon peserta", f"Formulir langkah {number}"),
                time="1 hari" if number % 4 else "30 menit",
                outputs=(f"Berita acara langkah {number}",),
                note="SOP Pendaftaran" if number % 7 == 0 else "",
                kind=kind,  # type: ignore[arg-type]
                next=branches,
            )
        )
    return SopDefinition(
        code="BENCH/SOP-20",
        name="Prosedur Uji Kecepatan Pencetakan",
        organization="Dinas Ketenagakerjaan Kota Tangerang",
        unit="Bidang Pelatihan Kerja dan Peningkatan Produktivitas",
        created=dt.date(2024, 1, 15),
        effective=dt.date(2024, 2, 1),
        approved_by=Approver(
            "Kepala Dinas Ketenagakerjaan", "Dra. Siti Nurjanah, M.Si", "19700101 199503 2 001"
        ),
        actors=ACTORS,
        steps=tuple(result),
        scope="Prosedur ini berlaku untuk uji kecepatan.",
        legal_basis=("Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan",),
        qualifications=("Memahami tata naskah dinas",),
        equipment=("Komputer", "Printer"),
        warning="Pelaksanaan tidak sesuai SOP menghambat sertifikasi.",
        recording="Setiap langkah dicatat dan disahkan.",
    )


def seed_definitions() -> list[tuple[str, SopDefinition]]:
    from ujikom.sop.fileformat import load_definition

    seeds = sorted((ROOT / "ujikom" / "sop" / "seeds").glob("*.yaml"))
    return [(path.name, load_definition(path.read_bytes(), source=str(path))) for path in seeds]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, help="write each PDF into this folder")
    args = parser.parse_args()

    from pypdf import PdfReader

    definitions = [*seed_definitions(), ("generated 20 steps", generated_definition(20))]
    print(
        f"{'SOP':<24} {'paper':<5} {'steps':>5} {'pages':>5} {'first ms':>9} {'median ms':>9} {'svg ms':>8}"
    )
    for name, definition in definitions:
        for paper in ("a4", "f4"):
            pdf_times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                pdf = render_pdf(definition, paper=paper)
                pdf_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_svg(definition, paper=paper, state={1: "done", 2: "active"})
            svg_time = time.perf_counter() - start
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(
                f"{name:<24} {paper:<5} {len(definition.steps):>5} {pages:>5} {pdf_times[0] * 1000:>9.1f} "
                f"{statistics.median(pdf_times) * 1000:>9.1f} {svg_time * 1000:>8.1f}"
            )
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                slug = name.replace(" ", "-").removesuffix(".yaml")
                (args.out / f"{slug}-{paper}.pdf").write_bytes(pdf)


if __name__ == "__main__":
    main()
