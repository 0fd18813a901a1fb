"""Reading an event's PSM/DISNAKER-10 run in the readiness tests."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from ujikom.sop.models import Run, StepRun


def step_run(run: Run, number: int) -> StepRun | None:
    return StepRun.objects.filter(run=run, step__number=number).order_by("-iteration").first()


def step_status(run: Run, number: int) -> str | None:
    found = step_run(run, number)
    return found.status if found else None


def output_names(run: Run, number: int) -> list[str]:
    found = step_run(run, number)
    if found is None:
        return []
    return [
        output.file.original_name for output in found.outputs.select_related("file").order_by("output_index")
    ]


def pdf_text(stored) -> str:
    with stored.file.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)
