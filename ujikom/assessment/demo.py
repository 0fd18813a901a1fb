"""Demo of a test event carried through to the BNSP blank request (issue 5's part of the demo).

An earlier batch of the computer-operator scheme was tested at Disnaker's TUK Mandiri on a working
day about two weeks ago: five candidates (the demo candidate `peserta` among them), the demo
assessor `asesor`, attendance lists signed on the tablet, a photo, results with one candidate BK in
one unit, signed minutes, the review chain with its minutes of meeting and the recommendation, the
filed archive, the LSP's plenary and decree, the blank request to BNSP, the blanks received and the
certificate numbers BNSP assigned. Everything after the event's set-up goes through the services,
as the people would do it on their screens.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import struct
import zlib

from django.utils import timezone

from ujikom.core.models import User
from ujikom.registry.models import Assessor, Region, TestSite
from ujikom.registry.nik import nik_for
from ujikom.scheduling.demo_events import EVENT_TITLE
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.scheduling.services_assignments import (
    confirm_assignment,
    propose_assessor,
    record_independent_site_verification,
)

from . import services_archive, services_blanks, services_decision, services_minutes, services_review
from . import services_testday as testday
from .models import AttendanceSheet, Review, SignMethod

DEMO_TITLE = "Uji Kompetensi Operator Komputer Muda — Angkatan Percontohan"
CANDIDATES = [
    ("Andi Pratama", "L", dt.date(2001, 2, 14), 41),
    ("Citra Lestari", "P", dt.date(2002, 6, 3), 42),
    ("Dimas Saputra", "L", dt.date(2000, 9, 21), 43),
    ("Eka Wulandari", "P", dt.date(2003, 1, 30), 44),
]
BK_NAME = "Dimas Saputra"


def _png(width: int, height: int, pixel: object) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + b"".join(pixel(x, y) for x in range(width))  # type: ignore[operator]
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def signature_drawing(seed: int) -> str:
    """A signature-like stroke as the drawing box would post it (a PNG data URL)."""
    width, height = 240, 80

    def pixel(x: int, y: int) -> bytes:
        curve = 40 + 18 * math.sin(x / (9 + seed % 5)) * math.cos(x / 37)
        return b"\x10\x23\x3f" if abs(y - curve) < 1.6 and 20 < x < 220 else b"\xff\xff\xff"

    return "data:image/png;base64," + base64.b64encode(_png(width, height, pixel)).decode()


def photo() -> bytes:
    """A documentation photo placeholder: a room in soft gradient."""
    return _png(320, 200, lambda x, y: bytes((120 + x // 4, 140 + y // 4, 170)))


def _test_day(today: dt.date) -> dt.date:
    day = today - dt.timedelta(days=14)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _people() -> dict[str, User] | None:
    usernames = ["tekops", "kepala.tuk", "asesor", "mutu", "administrasi", "kabid.sert", "kabid.adm"]
    usernames += ["ketua.lsp", "direktur", "peserta"]
    people = {user.username: user for user in User.objects.filter(username__in=usernames)}
    return people if len(people) == len(usernames) else None


def _event(base: TestEvent, day: dt.date) -> TestEvent:
    return TestEvent.objects.create(
        lsp=base.lsp,
        facilitator=base.facilitator,
        scheme=base.scheme,
        site=base.site,
        funding=base.funding,
        plan=base.plan,
        title=DEMO_TITLE,
        starts_on=day,
        ends_on=day,
        registration_opens_on=day - dt.timedelta(days=30),
        registration_closes_on=day - dt.timedelta(days=7),
        quota=10,
        bnsp_schedule_code="JDW-OKM-2026-0007",
        status=TestEvent.Status.READY,
    )


def _registrations(event: TestEvent, candidate: User) -> list[Registration]:
    city = Region.objects.filter(code="36.71").first()
    province = Region.objects.filter(code="36").first()
    common = {
        "event": event,
        "birth_place": "Tangerang",
        "status": Registration.Status.ACCEPTED,
        "city": city,
        "province": province,
        "education": "SMA",
        "occupation": "Pencari kerja",
        "institution": "UPT BLK Kota Tangerang",
    }
    made = [
        Registration.objects.create(
            nik=nik_for(region_code="367101", birth_date=birth, sex=sex, serial=serial),
            full_name=name,
            birth_date=birth,
            sex=sex,
            phone=f"0812-7000-{serial:04d}",
            email=f"{name.split()[0].lower()}@contoh.id",
            address=f"Jl. Daan Mogot No. {serial}, Kota Tangerang",
            **common,
        )
        for name, sex, birth, serial in CANDIDATES
    ]
    # The demo candidate as she registered for the main demo event (same NIK and birth date).
    earlier = Registration.objects.filter(candidate=candidate).exclude(event=event).first()
    birth = earlier.birth_date if earlier is not None and earlier.birth_date else dt.date(1998, 8, 17)
    made.append(
        Registration.objects.create(
            candidate=candidate,
            nik=earlier.nik
            if earlier is not None
            else nik_for(region_code="367105", birth_date=birth, sex="P", serial=45),
            full_name=candidate.full_name,
            birth_date=birth,
            sex="P",
            phone=candidate.phone,
            email=candidate.email,
            address="Jl. Imam Bonjol No. 12, Kota Tangerang",
            **common,
        )
    )
    return made


def load_assessment_demo(admin: User) -> None:
    base = TestEvent.objects.filter(title=EVENT_TITLE).select_related("lsp", "site", "scheme").first()
    people = _people()
    if base is None or people is None or TestEvent.objects.filter(title=DEMO_TITLE).exists():
        return
    assessor = Assessor.objects.filter(lsp=base.lsp, user=people["asesor"]).first()
    if assessor is None or base.site.kind != TestSite.Kind.INDEPENDENT:
        return
    day = _test_day(timezone.localdate())
    event = _event(base, day)
    registrations = _registrations(event, people["peserta"])

    # Part 1, in short: the TUK Mandiri's valid verification and the confirmed assessor.
    record_independent_site_verification(event=event, actor=people["kabid.sert"])
    assignment = propose_assessor(
        event=event, assessor=assessor, day=day, candidate_count=len(registrations), actor=people["kabid.adm"]
    )
    confirm_assignment(assignment=assignment, actor=people["asesor"])

    # The test day (PSM/DISNAKER-10 step 5).
    tekops = people["tekops"]
    candidates = testday.open_attendance(
        event=event, day=day, kind=AttendanceSheet.Kind.CANDIDATES, actor=tekops
    )
    assessors = testday.open_attendance(
        event=event, day=day, kind=AttendanceSheet.Kind.ASSESSORS, actor=tekops
    )
    for seed, entry in enumerate(candidates.entries.order_by("id")):
        testday.sign_attendance(
            entry=entry, actor=tekops, method=SignMethod.DRAWN, drawing=signature_drawing(seed)
        )
    for entry in assessors.entries.all():
        testday.sign_attendance(entry=entry, actor=people["asesor"], method=SignMethod.ACCOUNT)
    testday.close_attendance(sheet=candidates, actor=tekops)
    testday.close_attendance(sheet=assessors, actor=tekops)
    testday.add_photo(
        event=event,
        day=day,
        content=photo(),
        name="uji-praktik.png",
        caption="Uji praktik di lab komputer",
        actor=tekops,
    )
    testday.allocate_automatically(event=event, actor=tekops)
    units = list(event.scheme.units.order_by("position"))
    for registration in registrations:
        for index, unit in enumerate(units):
            verdict = "BK" if registration.full_name == BK_NAME and index == len(units) - 1 else "K"
            testday.record_unit_result(
                registration=registration,
                unit_code=unit.code,
                verdict=verdict,
                methods=["observation", "practical", "oral"],
                note="" if verdict == "K" else "Belum dapat membuat rumus dan grafik lembar kerja.",
                expected_current=None,
                actor=people["asesor"],
            )
        testday.finish_assessment(registration=registration, actor=people["asesor"])
        testday.give_feedback(
            registration=registration,
            actor=people["asesor"],
            feedback="Terima kasih. Pertahankan ketelitian; latih terus penggunaan pintasan papan ketik.",
        )
    testday.finish_test_day(event=event, actor=tekops)

    # The minutes (step 6), the review (step 7) and the archive (step 8).
    minutes = services_minutes.prepare_minutes(event=event, actor=tekops)
    services_minutes.sign_minutes(minutes=minutes, actor=people["asesor"], method=SignMethod.ACCOUNT)
    services_minutes.sign_minutes(
        minutes=minutes, actor=people["kepala.tuk"], method=SignMethod.DRAWN, drawing=signature_drawing(9)
    )
    services_review.record_review(
        event=event,
        stage=Review.Stage.TECHNICAL,
        outcome=Review.Outcome.APPROVED,
        notes="Pelaksanaan sesuai jadwal.",
        actor=tekops,
    )
    services_review.record_review(
        event=event,
        stage=Review.Stage.SITE_HEAD,
        outcome=Review.Outcome.APPROVED,
        notes="Sarana dan berkas lengkap.",
        actor=people["kepala.tuk"],
    )
    held_at = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 0)))
    services_review.record_meeting_notes(
        event=event,
        actor=tekops,
        held_at=held_at,
        place="Ruang rapat TUK Mandiri Disnaker",
        attendees="Kepala TUK\nBidang Teknis Operasional\nBidang Manajemen Mutu\nAsesor Kompetensi",
        agenda="Kaji ulang pelaksanaan uji kompetensi Angkatan Percontohan",
        discussion="Uji berjalan sesuai jadwal; seluruh peserta hadir; satu asesi belum kompeten pada unit lembar kerja.",
        conclusions="Berkas lengkap dan direkomendasikan ke LSP; asesi BK diarahkan mengikuti uji ulang.",
    )
    services_review.record_review(
        event=event,
        stage=Review.Stage.QUALITY,
        outcome=Review.Outcome.APPROVED,
        notes="Berkas hasil uji diperiksa; rekomendasi ke LSP.",
        actor=people["mutu"],
    )
    services_review.record_review(
        event=event,
        stage=Review.Stage.FINAL,
        outcome=Review.Outcome.APPROVED,
        notes="Kaji ulang selesai.",
        actor=people["kepala.tuk"],
    )
    services_archive.file_archive(
        event=event, actor=people["administrasi"], location="Lemari arsip TUK, rak 3, map 07"
    )

    # The LSP's decision (STMI step 6) and the blank request to BNSP.
    decision = services_decision.prepare_decision(
        event=event,
        actor=people["kabid.sert"],
        meeting_held_on=min(day + dt.timedelta(days=3), timezone.localdate()),
        meeting_place="Ruang rapat LSP Politeknik STMI Jakarta",
        attendees="Ketua LSP\nKabid Sertifikasi\nKabid Administrasi\nKomite Skema",
        meeting_notes="Rekomendasi TUK Mandiri Disnaker dibahas; empat asesi kompeten ditetapkan.",
    )
    services_decision.propose_decision(decision=decision, actor=people["kabid.sert"])
    services_decision.endorse_decision(decision=decision, actor=people["ketua.lsp"], note="Setuju.")
    services_decision.sign_decision(decision=decision, actor=people["direktur"])
    request = services_blanks.prepare_blank_request(decision=decision, actor=people["kabid.sert"])
    services_blanks.submit_blank_request(request=request, actor=people["kabid.sert"])
    services_blanks.record_blank_movement(
        lsp=event.lsp,
        kind="received",
        quantity=request.quantity + 2,
        actor=people["kabid.sert"],
        request=request,
        serial_from="B-2026-004101",
        serial_to=f"B-2026-{4100 + request.quantity + 2:06d}",
        note="Diterima dari BNSP bersama tanda terima.",
    )
    year = timezone.localdate().year
    entries = list(decision.entries.order_by("position"))
    services_blanks.record_certificate_numbers(
        decision=decision,
        numbers=[
            services_blanks.NumberInput(
                entry=entry,
                certificate_number=f"62090 2512 {3100 + entry.position:07d} {year}",
                registration_number=f"Reg. TIK 0{1200 + entry.position:05d} {entry.position:02d} {year}",
                row=entry.position,
            )
            for entry in entries
        ],
        actor=people["kabid.sert"],
    )
