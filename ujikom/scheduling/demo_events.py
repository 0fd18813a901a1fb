"""Demo targets, plan and test event: LSP STMI's targets for Operator Komputer Muda, an approved plan
with its RAB, and the test at the Disnaker's TUK Mandiri facilitated by Disnaker Kota Tangerang, its SOP
runs started and STMI steps 1-2 signed off by the Direktur and the Ketua LSP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.core.numbering import Reset
from ujikom.registry.models import FundingSource, Scheme, TestSite

from .models import TestEvent
from .services_events import (
    LineInput,
    approve_plan,
    change_event_status,
    create_event,
    create_plan,
    create_target,
    issue_targets_memo,
)

EVENT_TITLE = "Uji Kompetensi Operator Komputer Muda — TUK Mandiri Disnaker"
MEMO_PATTERN = "{seq:03}/ND/LSP-STMI/{year}"


def load_events_demo(admin: User) -> None:
    lsp = Organization.objects.filter(code="lsp-stmi").first()
    disnaker = Organization.objects.filter(code="disnaker-tangerang").first()
    scheme = Scheme.objects.filter(organization=lsp, code="SKM-OKM-02").first()
    site = TestSite.objects.filter(owner=disnaker, code="TUK-DSN-TNG-01").first()
    director = User.objects.filter(username="direktur").first()
    chair = User.objects.filter(username="ketua.lsp").first()
    if (
        None in (lsp, disnaker, scheme, site, director, chair)
        or TestEvent.objects.filter(title=EVENT_TITLE).exists()
    ):
        return
    assert lsp and disnaker and scheme and site and director and chair
    NumberingPattern.objects.get_or_create(
        organization=lsp,
        document_type=DocumentType.objects.get(code="memo"),
        defaults={"pattern": MEMO_PATTERN, "reset": Reset.YEARLY},
    )
    funding = FundingSource.objects.filter(organization__isnull=True, code="APBD-KAB").first()
    today = timezone.localdate()
    starts = today + dt.timedelta(days=30)
    while starts.weekday() >= 5:
        starts += dt.timedelta(days=1)
    year = starts.year
    targets = [
        create_target(
            organization=lsp, year=y, scheme=scheme, funding=funding, quantity=quantity, actor=director
        )
        for y, quantity in ((2026, 40), (2027, 60))
        if not lsp.targets.filter(year=y, scheme=scheme, funding=funding).exists()
    ]
    plan = create_plan(
        organization=lsp,
        year=year,
        title=f"Rencana Uji Kompetensi Operator Komputer Muda {year}",
        background=(
            "Peserta Pelatihan Operator Komputer Muda BLK Kota Tangerang perlu memperoleh sertifikat "
            "kompetensi sebagai bukti kompetensi kerja."
        ),
        objectives="Melaksanakan uji kompetensi skema Operator Komputer Muda bagi 20 peserta pelatihan.",
        scope="Pendaftaran, verifikasi TUK, pelaksanaan uji, penerbitan sertifikat dan pelaporan.",
        targets=[t for t in targets if t.year == year],
        budget_lines=[
            LineInput("Honor asesor kompetensi", Decimal("4"), "OH", Decimal("900000")),
            LineInput("Konsumsi peserta dan asesor", Decimal("24"), "paket", Decimal("50000")),
            LineInput("Bahan uji praktik", Decimal("20"), "paket", Decimal("75000")),
            LineInput("Blangko sertifikat dan pengiriman", Decimal("1"), "paket", Decimal("250000")),
        ],
        actor=chair,
    )
    event = create_event(
        lsp=lsp,
        actor=chair,
        title=EVENT_TITLE,
        scheme=scheme,
        site=site,
        facilitator=disnaker,
        funding=funding,
        plan=plan,
        registration_opens_on=today,
        registration_closes_on=starts - dt.timedelta(days=3),
        starts_on=starts,
        ends_on=starts,
        quota=20,
        bnsp_schedule_code=f"JDW-{year}-OKM-001",
    )
    change_event_status(event=event, status=TestEvent.Status.REGISTRATION, actor=chair)
    issue_targets_memo(organization=lsp, year=year, actor=director)
    approve_plan(plan=plan, actor=chair)
