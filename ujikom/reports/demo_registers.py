"""Demo complaints: the complaints numbering of the demo organizations and three complaints in
different states (received, in progress, resolved), recorded and followed up through the service."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ujikom.assessment.demo import DEMO_TITLE
from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.core.numbering import Reset, create_pattern
from ujikom.scheduling.models import TestEvent

from .models import Complaint
from .services_complaints import DOCUMENT_TYPE, follow_up_complaint, record_complaint

PATTERNS = {
    "lsp-stmi": "{seq:03}/ADU/LSP-STMI/{month_roman}/{year}",
    "disnaker-tangerang": "560/{seq:03}/ADU-Disnaker/{year}",
}


@transaction.atomic
def load_registers_demo(admin: User) -> None:
    organizations = {org.code: org for org in Organization.objects.filter(code__in=PATTERNS)}
    people = {
        user.username: user
        for user in User.objects.filter(username__in=["administrasi", "mutu", "kabid.adm", "kabid.sert"])
    }
    if len(organizations) < len(PATTERNS) or len(people) < 4:
        return
    if Complaint.objects.filter(organization__in=organizations.values()).exists():
        return
    kind = DocumentType.objects.filter(code=DOCUMENT_TYPE).first()
    if kind is None:
        return
    for code, pattern in PATTERNS.items():
        if not NumberingPattern.objects.filter(organization=organizations[code], document_type=kind).exists():
            create_pattern(
                organization=organizations[code],
                document_type=kind,
                pattern=pattern,
                reset=Reset.YEARLY,
                actor=admin,
            )
    today = timezone.localdate()
    disnaker, lsp = organizations["disnaker-tangerang"], organizations["lsp-stmi"]
    event = TestEvent.objects.filter(title=DEMO_TITLE).first()

    waited = record_complaint(
        organization=disnaker,
        actor=people["administrasi"],
        received_on=today - dt.timedelta(days=20),
        channel=Complaint.Channel.WHATSAPP,
        complainant_name="Rahmat Hidayat",
        complainant_contact="0812-7777-1234",
        subject="Ruang uji panas dan pendingin udara mati",
        description=(
            "Pada hari uji, pendingin udara di ruang praktik komputer mati sejak pukul 10.00 sehingga "
            "peserta kurang nyaman mengerjakan tugas praktik."
        ),
        event=event,
    )
    follow_up_complaint(
        complaint=waited,
        actor=people["mutu"],
        status=Complaint.Status.RESOLVED,
        response=(
            "Pendingin udara telah diperbaiki teknisi gedung; pemeriksaan sarana ruang uji ditambahkan "
            "ke daftar periksa kesiapan TUK sehari sebelum uji."
        ),
        resolved_on=today - dt.timedelta(days=14),
    )
    certificate = record_complaint(
        organization=lsp,
        actor=people["kabid.adm"],
        received_on=today - dt.timedelta(days=9),
        channel=Complaint.Channel.EMAIL,
        complainant_name="Sri Wahyuni",
        complainant_contact="sri.wahyuni@contoh.id",
        subject="Sertifikat belum diterima",
        description="Sudah dinyatakan kompeten lebih dari sebulan lalu, tetapi sertifikat belum diterima.",
        event=event,
    )
    follow_up_complaint(
        complaint=certificate,
        actor=people["kabid.sert"],
        status=Complaint.Status.IN_PROGRESS,
        response="Dicek ke BNSP: blangko sedang dikirim; asesi dihubungi melalui email.",
    )
    record_complaint(
        organization=lsp,
        actor=people["kabid.adm"],
        received_on=today - dt.timedelta(days=2),
        channel=Complaint.Channel.PHONE,
        complainant_name="Andi Pratama",
        complainant_contact="0813-2222-9876",
        subject="Jadwal uji ulang",
        description="Menanyakan kapan uji ulang bagi asesi yang belum kompeten pada satu unit.",
    )
