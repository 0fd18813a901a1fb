"""Drawing certificate PDFs: in this process, or in a pool of worker processes for bulk runs.

A PDF is drawn from the plain data `services_issuance.prepare` gathers: the QR code (segno) is made
from `qr_text`, Typst compiles the page, and the PDF is signed (PAdES) when signing material is
given. Drawing is the costly part of issuing (signing and the QR code above all), so a bulk job
hands batches to worker processes and writes the previous batch to the database meanwhile.

Typst hangs in a child process when its parent compiled anything before forking: the workers are
started with `spawn` (a fresh interpreter, nothing inherited), and each keeps one Typst compiler for
its life. The workers import only typst, segno and the PDF signer — no Django — so this module
imports nothing of Django at load time; what the workers need arrives as a picklable `Setup`.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parent / "typst" / "certificate.typ"

__all__ = ["BrokenProcessPool", "Drawer", "Drawn", "PoolRenderer", "Setup", "qr_svg"]


# Every mask pattern is valid for every decoder; segno picks one by scoring all eight, which costs
# about four times the encoding itself. A fixed one keeps the code readable and the work small.
QR_MASK = 0


def qr_svg(text: str) -> str:
    """The QR code of `text` as SVG (error correction M, mask pattern 0, a quiet zone of two modules)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m", mask=QR_MASK).save(buffer, kind="svg", border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode("utf-8")


def typst_inputs(data: dict[str, Any]) -> dict[str, Any]:
    """The template's data: `qr_text` becomes `qr_svg` (drawn here, in the process that compiles)."""
    if "qr_svg" in data or "qr_text" not in data:
        return data
    inputs = dict(data)
    inputs["qr_svg"] = qr_svg(inputs.pop("qr_text"))
    return inputs


@dataclass(frozen=True)
class Setup:
    """What a drawing process needs, read from the settings by the parent (workers load no Django:
    the PAdES signer, `pades_sign`, imports none)."""

    template: str
    root: str
    font_paths: tuple[str, ...]

    @classmethod
    def from_settings(cls, *, signing: bool = True) -> Setup:
        from ujikom.documents.typst import TYPST_ROOT, font_paths

        return cls(str(TEMPLATE), str(TYPST_ROOT), tuple(font_paths()))


def sign_pdf(pdf: bytes, signing: Any, public_id: str) -> bytes:
    """The PDF signed with the LSP's PAdES material (`pades_sign`, no Django)."""
    from . import pades_sign

    return pades_sign.sign_pdf(pdf, signing, public_id=public_id)


class Drawer:
    """One Typst compiler, kept for the life of the process that made it."""

    def __init__(self, setup: Setup) -> None:
        import typst

        self.compiler = typst.Compiler(
            setup.template, root=setup.root, font_paths=list(setup.font_paths), ignore_system_fonts=True
        )

    def draw(self, data: dict[str, Any], signing: Any = None) -> bytes:
        inputs = json.dumps(typst_inputs(data), ensure_ascii=False, default=str)
        pdf = self.compiler.compile(format="pdf", sys_inputs={"data": inputs})
        assert isinstance(pdf, bytes), "one PDF expected"
        if signing is None:
            return pdf
        return sign_pdf(pdf, signing, str(data.get("public_id") or ""))


@dataclass
class Drawn:
    """A batch of PDFs and the seconds the worker spent drawing them."""

    pdfs: list[bytes]
    seconds: float


# ---- inside a worker process --------------------------------------------------------------------

_drawer: Drawer | None = None


def _start_worker(setup: Setup) -> None:
    global _drawer
    _drawer = Drawer(setup)


def _draw_batch(datas: Sequence[dict[str, Any]], signing: Any) -> Drawn:
    assert _drawer is not None, "worker started without its setup"
    started = time.perf_counter()
    pdfs = [_drawer.draw(data, signing) for data in datas]
    return Drawn(pdfs, time.perf_counter() - started)


# ---- in the parent ------------------------------------------------------------------------------


class PoolRenderer:
    """`processes` spawned workers drawing batches; `submit` returns at once (the caller commits the
    previous batch meanwhile). A worker that dies makes every pending batch fail with
    BrokenProcessPool; nothing it drew half-way reaches the caller."""

    def __init__(self, processes: int, setup: Setup) -> None:
        self.processes = max(1, processes)
        self._executor = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(setup,),
        )

    def submit(self, datas: Sequence[dict[str, Any]], signing: Any = None) -> Future[Drawn]:
        return self._executor.submit(_draw_batch, list(datas), signing)

    def __call__(self, datas: Sequence[dict[str, Any]], signing: Any = None) -> list[bytes]:
        return self.submit(datas, signing).result().pdfs

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PoolRenderer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def pool_for(count: int, *, processes: int, batch: int, signing: bool) -> PoolRenderer | None:
    """A pool of at most `processes` workers (no more than there are batches) for a run of `count`
    certificates, or None to draw in this process (`processes` 0, or nothing to draw)."""
    wanted = min(processes, -(-count // batch))
    return PoolRenderer(wanted, Setup.from_settings(signing=signing)) if wanted > 0 else None
