"""Helpers of the test-day tests: a drawn signature, PDF text, an API client, and short cuts that
run the parts of the test day a test does not look at."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Iterable
from io import BytesIO

from django.test import Client
from pypdf import PdfReader

from ujikom.assessment import services_testday as services
from ujikom.assessment.models import AttendanceSheet, SignMethod
from ujikom.core.models import User
from ujikom.core.tokens import create_token
from ujikom.documents.models import StoredFile
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.sop.models import Run, StepRun


def png(width: int = 120, height: int = 40) -> bytes:
    """A real PNG with enough texture not to count as an empty canvas."""

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


def drawing() -> str:
    return "data:image/png;base64," + base64.b64encode(png()).decode()


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_reader(stored: StoredFile) -> PdfReader:
    with stored.file.open("rb") as handle:
        return PdfReader(BytesIO(handle.read()))


def pdf_text(stored: StoredFile) -> str:
    """The PDF's text with every run of white space (table cells wrap) as one space."""
    return " ".join(" ".join(page.extract_text() for page in pdf_reader(stored).pages).split())


def pdf_image_count(stored: StoredFile) -> int:
    count = 0
    for page in pdf_reader(stored).pages:
        objects = page["/Resources"].get_object().get("/XObject")
        if objects:
            count += sum(
                1 for ref in objects.get_object().values() if ref.get_object().get("/Subtype") == "/Image"
            )
    return count


def candidates_sheet(event: TestEvent, officer: User) -> AttendanceSheet:
    return services.open_attendance(
        event=event, day=event.starts_on, kind=AttendanceSheet.Kind.CANDIDATES, actor=officer
    )


def line_of(sheet: AttendanceSheet, registration: Registration | None = None, user: User | None = None):
    if registration is not None:
        return sheet.entries.get(registration=registration)
    return sheet.entries.get(assessor__user=user)


def attend(
    event: TestEvent,
    officer: User,
    present: Iterable[Registration],
    absent: Iterable[Registration] = (),
    close: bool = False,
) -> AttendanceSheet:
    """The candidates' list of the first day: the present draw on the officer's tablet."""
    sheet = candidates_sheet(event, officer)
    for registration in present:
        services.sign_attendance(
            entry=line_of(sheet, registration), actor=officer, method=SignMethod.DRAWN, drawing=drawing()
        )
    for registration in absent:
        services.mark_absent(entry=line_of(sheet, registration), actor=officer, note="Sakit")
    if close:
        return services.close_attendance(sheet=sheet, actor=officer)
    return sheet


def assessors_present(event: TestEvent, officer: User, close: bool = True) -> AttendanceSheet:
    sheet = services.open_attendance(
        event=event, day=event.starts_on, kind=AttendanceSheet.Kind.ASSESSORS, actor=officer
    )
    for entry in sheet.entries.select_related("assessor__user"):
        services.sign_attendance(entry=entry, actor=entry.assessor.user, method=SignMethod.ACCOUNT)
    if close:
        return services.close_attendance(sheet=sheet, actor=officer)
    return sheet


def assess(registration: Registration, assessor_user: User, verdicts: list[str], finish: bool = True) -> None:
    """Record the verdicts of every unit in order with observation and oral questions."""
    units = list(registration.event.scheme.units.order_by("position"))
    for unit, verdict in zip(units, verdicts, strict=True):
        services.record_unit_result(
            registration=registration,
            unit_code=unit.code,
            verdict=verdict,
            methods=["observation", "oral"],
            expected_current=None,
            actor=assessor_user,
        )
    if finish:
        services.finish_assessment(registration=registration, actor=assessor_user)


def allocated_user(registration: Registration) -> User:
    registration.refresh_from_db()
    return registration.assessment.assessor.user


def photo(event: TestEvent, officer: User, caption: str = "Peserta praktik"):
    return services.add_photo(
        event=event, day=event.starts_on, content=JPEG, name="praktik.jpg", caption=caption, actor=officer
    )


def step_run(run: Run, number: int) -> StepRun | None:
    return StepRun.objects.filter(run=run, step__number=number).order_by("-iteration").first()


class Api:
    """A JSON client for /api/v1/ with a personal token."""

    def __init__(self, user: User) -> None:
        _token, secret = create_token(user=user, name="tes")
        self.client = Client(headers={"Authorization": f"Bearer {secret}"})

    def get(self, path: str):
        return self.client.get("/api/v1" + path)

    def post(self, path: str, body: dict | None = None):
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json")

    def upload(self, path: str, data: dict):
        return self.client.post("/api/v1" + path, data)


def advance_run_to(run: Run, number: int) -> None:
    """Sign off every step before `number`: a stored dummy PDF as each missing output, by the first
    person each task is offered to (the test gives the roles)."""
    from ujikom.documents.services import store_file
    from ujikom.sop import engine
    from ujikom.sop.models import Task

    while True:
        task = (
            Task.objects.filter(step_run__run=run, status__in=engine.OPEN_STATUSES)
            .select_related("step_run__step")
            .order_by("step_run__step__position", "pk")
            .first()
        )
        if task is None or task.step_run.step.number >= number:
            return
        player = engine.candidates_of(task)[0]
        step_run = task.step_run
        given = set(step_run.outputs.values_list("output_index", flat=True))
        for index in range(len(step_run.step.outputs or [])):
            if index not in given:
                dummy = store_file(
                    organization=run.organization,
                    content=PDF,
                    name=f"langkah-{step_run.step.number}.pdf",
                    actor=player,
                )
                engine.attach_output(task=task, output_index=index, file=dummy, actor=player)
        engine.complete_task(task=task, actor=player)
