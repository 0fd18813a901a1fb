"""Demo registrations of the demo event: BLK Kota Tangerang's computer operator batch registered by
the Kasi Sertifikasi of Disnaker (19 of its 20 participants; one left the course), 18 accepted with
their participant cards by the LSP's Kabid Administrasi and one returned for a clearer diploma scan;
and the demo candidate `peserta` registered through the portal with her uploads and self-assessment."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from django.core.files.base import ContentFile

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.core.numbering import Reset
from ujikom.registry.demo_training import PROGRAM_CODE
from ujikom.registry.models import CompetencyUnit, Participant
from ujikom.registry.nik import nik_for

from .demo_events import EVENT_TITLE
from .models import Registration, TestEvent
from .services_registration import (
    accept_registration,
    register_batch,
    return_registration,
    save_self_assessment,
    self_register,
)

CARD_PATTERN = "KP/TUK-DISNAKER/{year}/{seq:04}"
RETURN_REASON = (
    "Pindaian ijazah terakhir tidak terbaca. Mohon unggah ulang ijazah SMA/SMK yang jelas "
    "(PDF atau JPG, paling besar 5 MB)."
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _png() -> bytes:
    """A small grey passport-photo placeholder (3×4)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    width, height = 30, 40
    rows = b"".join(b"\x00" + b"\xc8\xc8\xc8" * width for _row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def load_registration_demo(admin: User) -> None:
    event = TestEvent.objects.filter(title=EVENT_TITLE).select_related("lsp", "site__owner", "scheme").first()
    facilitator = User.objects.filter(username="kasi").first()
    reviewer = User.objects.filter(username="kabid.adm").first()
    if event is None or facilitator is None or reviewer is None:
        return
    if Registration.objects.filter(event=event).exists():
        return
    disnaker = Organization.objects.filter(code="disnaker-tangerang").first()
    if disnaker is not None:
        NumberingPattern.objects.get_or_create(
            organization=disnaker,
            document_type=DocumentType.objects.get(code="participant_card"),
            defaults={"pattern": CARD_PATTERN, "reset": Reset.YEARLY},
        )
    participants = list(
        Participant.objects.filter(
            program__code=PROGRAM_CODE, program__provider__code="blk-tangerang"
        ).order_by("pk")
    )
    if participants:
        registrations = register_batch(event=event, participants=participants[:19], actor=facilitator)
        *accepted, returned = registrations
        for registration in accepted:
            accept_registration(registration=registration, actor=reviewer)
        return_registration(registration=returned, reason=RETURN_REASON, actor=reviewer)
    _register_candidate(event)


def _register_candidate(event: TestEvent) -> None:
    candidate = User.objects.filter(username="peserta").first()
    if candidate is None:
        return
    birth = dt.date(1998, 8, 17)
    nik = candidate.nik or nik_for(region_code="367105", birth_date=birth, sex="P", serial=9001)
    registration = self_register(
        event=event,
        candidate=candidate,
        fields={
            "nik": nik,
            "full_name": candidate.full_name,
            "birth_place": "Tangerang",
            "birth_date": birth,
            "sex": "P",
            "phone": candidate.phone,
            "email": candidate.email,
        },
        documents={
            "ktp": ContentFile(PDF, name="ktp-putri.pdf"),
            "photo": ContentFile(_png(), name="pas-foto-putri.png"),
            "diploma": ContentFile(PDF, name="ijazah-smk-putri.pdf"),
            "training": ContentFile(PDF, name="sertifikat-pelatihan-putri.pdf"),
        },
    )
    units = CompetencyUnit.objects.filter(scheme_id=event.scheme_id).order_by("position")
    save_self_assessment(
        registration=registration,
        answers={
            unit.pk: (True, "Sertifikat pelatihan Operator Komputer Muda dan pengalaman kerja 1 tahun")
            for unit in units
        },
        actor=candidate,
    )
