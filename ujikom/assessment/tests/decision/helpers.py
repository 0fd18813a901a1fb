"""Helpers of the decision tests: reading PDFs, going through the approval chain, bringing the
event's STMI run to step 6."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from pypdf import PdfReader

from ujikom.assessment import services_decision as decisions
from ujikom.assessment.models import Decision
from ujikom.core.models import User
from ujikom.documents.models import StoredFile
from ujikom.documents.services import open_file, store_file
from ujikom.scheduling.models import TestEvent
from ujikom.sop import engine
from ujikom.sop.models import Run, StepRun, Task

DUMMY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf_text(stored: StoredFile) -> str:
    with open_file(stored) as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def prepared_decision(event: TestEvent, head: User, **fields: object) -> Decision:
    values: dict[str, object] = {
        "meeting_held_on": timezone.localdate(),
        "meeting_place": "Ruang Rapat LSP STMI",
        "attendees": "Dr. Ir. Sutrisno, M.T. (Ketua LSP)\nDewi (Kabid Sertifikasi)",
        "meeting_notes": "Rekomendasi TUK diterima tanpa catatan.",
    }
    values.update(fields)
    return decisions.prepare_decision(event=event, actor=head, **values)  # type: ignore[arg-type]


def approved_decision(event: TestEvent, head: User, chair: User, director: User) -> Decision:
    decision = prepared_decision(event, head)
    decisions.propose_decision(decision=decision, actor=head)
    decisions.endorse_decision(decision=decision, actor=chair, note="Sesuai hasil pleno.")
    return decisions.sign_decision(decision=decision, actor=director)


# ---- the SOP run ------------------------------------------------------------------------------


def stmi_run(runs: list[Run]) -> Run:
    return next(run for run in runs if run.version.code.startswith("1.3.3"))


def step_run(run: Run, number: int) -> StepRun | None:
    return StepRun.objects.filter(run=run, step__number=number).order_by("-iteration").first()


def bring_to_step(run: Run, number: int) -> None:
    """Complete the steps before `number`: each open task by the first person it is offered to, with a
    stored dummy PDF for every output of the step."""
    for _round in range(20):
        active = StepRun.objects.filter(run=run, status=StepRun.Status.ACTIVE).select_related("step").first()
        if active is None or active.step.number >= number:
            return
        tasks = list(Task.objects.filter(step_run=active, status__in=engine.OPEN_STATUSES))
        for task in tasks:
            player = engine.candidates_of(task)[0]
            for index in range(len(active.step.outputs or [])):
                if not active.outputs.filter(output_index=index).exists():
                    file = store_file(
                        organization=run.organization,
                        content=DUMMY_PDF,
                        name=f"langkah-{active.step.number}-{index}.pdf",
                        actor=player,
                        is_generated=True,
                    )
                    engine.attach_output(task=task, output_index=index, file=file, actor=player)
            engine.complete_task(task=task, actor=player)
    raise AssertionError(f"Step {number} was not reached")


def output_names(run: Run, number: int) -> list[str]:
    found = step_run(run, number)
    if found is None:
        return []
    return [
        output.file.original_name for output in found.outputs.select_related("file").order_by("output_index")
    ]


def task_status(run: Run, number: int, role_key: str) -> str:
    found = step_run(run, number)
    assert found is not None
    task = Task.objects.get(step_run=found, candidate_role__key=role_key)
    return task.status
