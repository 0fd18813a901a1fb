"""Fixtures of the registration tests: an LSP event at Disnaker's TUK with its registration window
open today, a BLK training batch for the scheme, the people who register, review and apply, and
small real files to upload."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.registry.models import CompetencyUnit, Participant, Region, Scheme, TestSite, TrainingProgram
from ujikom.registry.nik import nik_for
from ujikom.scheduling.models import TestEvent

REGIONS = [
    ("36", "Banten", Region.Level.PROVINCE, None),
    ("36.71", "Kota Tangerang", Region.Level.REGENCY, "36"),
]


def png_bytes() -> bytes:
    """A real 1×1 PNG (Typst draws it on the card)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def uploads():
    """A fresh set of the required uploads (FR.APL.01) for each call."""

    def make(**replace: SimpleUploadedFile) -> dict[str, SimpleUploadedFile]:
        files = {
            "ktp": SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
            "photo": SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png"),
            "diploma": SimpleUploadedFile("ijazah.pdf", PDF, content_type="application/pdf"),
        }
        files.update(replace)
        return files

    return make


@pytest.fixture
def regions(db) -> dict[str, Region]:
    found = {}
    for code, name, level, province in REGIONS:
        found[code], _created = Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "province_id": province}
        )
    return found


@pytest.fixture
def blk(make_organization) -> Organization:
    return make_organization("BLK Kota Tangerang", Organization.Kind.TRAINING_PROVIDER, code="blk-tangerang")


@pytest.fixture
def scheme(lsp) -> Scheme:
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-OKM", name="Operator Komputer Muda", kind="kkni"
    )
    CompetencyUnit.objects.create(
        scheme=scheme, position=1, code="J.620100.001.01", title="Mengoperasikan komputer"
    )
    CompetencyUnit.objects.create(
        scheme=scheme, position=2, code="J.620100.002.01", title="Mengolah kata dan angka"
    )
    return scheme


@pytest.fixture
def site(disnaker, lsp) -> TestSite:
    return TestSite.objects.create(
        owner=disnaker,
        lsp=lsp,
        code="TUK-DSN",
        name="TUK Mandiri Disnaker",
        kind=TestSite.Kind.INDEPENDENT,
        address="Jl. Satria Sudirman No. 1, Tangerang",
        capacity=20,
        verified_until=timezone.localdate() + dt.timedelta(days=365),
    )


@pytest.fixture
def card_numbering(disnaker) -> NumberingPattern:
    return NumberingPattern.objects.create(
        organization=disnaker,
        document_type=DocumentType.objects.get(code="participant_card"),
        pattern="KP/TUK-DISNAKER/{year}/{seq:04}",
    )


@pytest.fixture
def make_event(lsp, disnaker, scheme, site):
    def make(**fields: object) -> TestEvent:
        today = timezone.localdate()
        values: dict[str, object] = {
            "lsp": lsp,
            "scheme": scheme,
            "site": site,
            "facilitator": disnaker,
            "title": "Uji Kompetensi Operator Komputer Muda",
            "registration_opens_on": today - dt.timedelta(days=5),
            "registration_closes_on": today + dt.timedelta(days=10),
            "starts_on": today + dt.timedelta(days=15),
            "ends_on": today + dt.timedelta(days=15),
            "quota": 20,
            "status": TestEvent.Status.REGISTRATION,
        }
        values.update(fields)
        return TestEvent.objects.create(**values)

    return make


@pytest.fixture
def event(make_event, card_numbering) -> TestEvent:
    return make_event()


@pytest.fixture
def program(blk, regions, scheme) -> TrainingProgram:
    program = TrainingProgram.objects.create(
        provider=blk,
        code="OKM-2025-01",
        name="Pelatihan Operator Komputer Muda Angkatan I",
        starts_on=dt.date(2025, 3, 3),
        ends_on=dt.date(2025, 4, 25),
        scheme=scheme,
    )
    people = [
        ("Ahmad Fauzi", "L", dt.date(2002, 3, 14), "ahmad@example.id"),
        ("Siti Rahmawati", "P", dt.date(2003, 7, 2), "siti@example.id"),
        ("Budi Setiawan", "L", dt.date(2001, 11, 23), ""),
    ]
    for serial, (name, sex, birth, email) in enumerate(people, start=1):
        Participant.objects.create(
            program=program,
            nik=nik_for(region_code="367101", birth_date=birth, sex=sex, serial=serial),
            full_name=name,
            birth_place="Tangerang",
            birth_date=birth,
            sex=sex,
            address="Jl. Daan Mogot No. 12",
            city=regions["36.71"],
            province=regions["36"],
            email=email,
            phone="081234567890",
        )
    return program


@pytest.fixture
def participants(program) -> list[Participant]:
    return list(Participant.objects.filter(program=program).order_by("full_name"))


@pytest.fixture
def facilitator(make_user, disnaker) -> User:
    """Kasi Sertifikasi of Disnaker: registers training batches."""
    return make_user("kasi", roles=[(disnaker, "kasi")], full_name="Kasi Sertifikasi")


@pytest.fixture
def administrasi(make_user, lsp) -> User:
    """Kabid Administrasi of the LSP: checks the applications (STMI step 3)."""
    return make_user("kabid.adm", roles=[(lsp, "head_admin")], full_name="Kabid Administrasi")


@pytest.fixture
def no_role(make_user, lsp) -> User:
    """A member of the LSP whose role gives no scheduling permission."""
    return make_user("asesi.lsp", roles=[(lsp, "candidate")])


@pytest.fixture
def outsider(make_user, make_organization) -> User:
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    return make_user("orang.lain", roles=[(other, "head_admin")])


@pytest.fixture
def applicant(make_user) -> User:
    """A signed-in person with no role anywhere yet, who applies through the portal."""
    return make_user("rina", full_name="Rina Peserta", email="rina@example.id", phone="081298765432")


@pytest.fixture
def applicant_fields() -> dict[str, object]:
    birth = dt.date(1999, 5, 17)
    return {
        "nik": nik_for(region_code="367104", birth_date=birth, sex="P", serial=7),
        "full_name": "Rina Peserta",
        "birth_place": "Tangerang",
        "birth_date": birth,
        "sex": "P",
        "phone": "081298765432",
        "email": "rina@example.id",
        # BNSP's data, asked on FR.APL.01 (regions by their Kepmendagri code, as the form posts them).
        "address": "Jl. Merdeka No. 5, Cikokol",
        "province": "36",
        "city": "36.71",
        "education": "SMA",
        "occupation": "Belum/tidak bekerja",
        "institution": "",
    }
