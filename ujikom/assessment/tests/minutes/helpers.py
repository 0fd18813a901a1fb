"""Helpers of the minutes tests: stored files, reading PDFs and ZIPs, bringing SOP runs to a step."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from pypdf import PdfReader, PdfWriter

from ujikom.core.models import Organization, Role, RoleAssignment, User
from ujikom.documents.models import StoredFile
from ujikom.documents.services import store_file
from ujikom.sop import engine
from ujikom.sop.models import Run, StepRun, Task


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + bytes(((x * 7919 + y * 104729) % 251) for x in range(width * 3)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def stored_pdf(organization: Organization, name: str = "dokumen.pdf", title: str = "") -> StoredFile:
    return store_file(
        organization=organization, content=pdf_bytes(), name=name, actor=None, title=title, is_generated=True
    )


def stored_png(organization: Organization, name: str, content: bytes) -> StoredFile:
    return store_file(organization=organization, content=content, name=name, actor=None, is_generated=True)


def read(stored: StoredFile) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def pdf_text(stored: StoredFile | bytes) -> str:
    """The PDF's text with every run of whitespace (line breaks included) as one space."""
    content = stored if isinstance(stored, bytes) else read(stored)
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def zip_names(stored: StoredFile | bytes) -> list[str]:
    content = stored if isinstance(stored, bytes) else read(stored)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return package.namelist()


def zip_member(stored: StoredFile, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(read(stored))) as package:
        return package.read(name)


# ---- SOP runs ----------------------------------------------------------------------------------


def step_run(run: Run, number: int) -> StepRun | None:
    return StepRun.objects.filter(run=run, step__number=number).order_by("-iteration").first()


def step_status(run: Run, number: int) -> str | None:
    found = step_run(run, number)
    return found.status if found else None


def output_files(run: Run, number: int) -> dict[str, StoredFile]:
    found = step_run(run, number)
    if found is None:
        return {}
    return {output.output_name: output.file for output in found.outputs.select_related("file")}


def _player(task: Task) -> User:
    people = engine.candidates_of(task)
    if people:
        return people[0]
    role = task.candidate_role or Role.objects.get(key="org_admin")
    user = User.objects.create_user(
        username=f"pelaksana-{task.pk}",
        email=f"pelaksana{task.pk}@example.id",
        password="x" * 12,
        full_name=f"Pelaksana {role.name}",
    )
    RoleAssignment.objects.create(user=user, organization=task.candidate_organization, role=role)
    return user


def advance(run: Run, to: int) -> None:
    """Complete every step before step `to` with a dummy PDF for each output, each task signed off by
    someone who plays it (made when nobody does)."""
    for _attempt in range(50):
        run.refresh_from_db()
        open_tasks = list(
            Task.objects.filter(
                step_run__run=run, status__in=engine.OPEN_STATUSES, step_run__step__number__lt=to
            )
            .select_related("step_run__step", "candidate_role", "candidate_organization")
            .order_by("step_run__step__number", "id")
        )
        if not open_tasks:
            return
        task = open_tasks[0]
        person = _player(task)
        for index in range(len(task.step_run.step.outputs or [])):
            if not task.step_run.outputs.filter(output_index=index).exists():
                engine.attach_output(
                    task=task,
                    output_index=index,
                    file=stored_pdf(run.organization, "keluaran.pdf"),
                    actor=person,
                )
        engine.complete_task(task=task, actor=person, note="langkah sebelumnya")
    raise AssertionError("the run did not reach the step")
