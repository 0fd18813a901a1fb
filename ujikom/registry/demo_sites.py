"""Demo test sites (the Disnaker's TUK Mandiri, a workplace TUK, a temporary TUK at the BLK) and the
assessors of LSP STMI, one of them with an expired registration to show the refusal."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ujikom.core.models import Organization, User

from .models import Region, Scheme, TestSite
from .services_sites import SITE_HEAD_ROLE, create_test_site, holds_role, register_assessor


def _last_month(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=min(day.day, 28))


def load_sites_demo(admin: User) -> None:
    today = timezone.localdate()
    organizations = {org.code: org for org in Organization.objects.all()}
    disnaker = organizations.get("disnaker-tangerang")
    lsp = organizations.get("lsp-stmi")
    company = organizations.get("pt-sinar-presisi")
    blk = organizations.get("blk-tangerang")
    if disnaker is None or lsp is None:
        return
    tangerang = Region.objects.filter(code="36.71").first()
    head = User.objects.filter(username="kepala.tuk").first()
    if head is not None and not holds_role(head, SITE_HEAD_ROLE, disnaker):
        head = None

    if not TestSite.objects.filter(owner=disnaker).exists():
        create_test_site(
            actor=admin,
            owner=disnaker,
            code="TUK-DSN-TNG-01",
            name="TUK Mandiri Disnaker Kota Tangerang",
            kind=TestSite.Kind.INDEPENDENT,
            address="Jl. Perintis Kemerdekaan No. 1 Cikokol, Kota Tangerang, Banten",
            city=tangerang,
            capacity=40,
            facilities="Ruang uji teori 40 kursi, bengkel las dan bubut, laboratorium komputer 20 unit, "
            "ruang asesor, ruang tunggu asesi",
            head=head,
            lsp=lsp,
            verified_until=dt.date(today.year + 1, 12, 31),
        )
    if company is not None and not TestSite.objects.filter(owner=company).exists():
        create_test_site(
            actor=admin,
            owner=company,
            code="TUK-SLP-01",
            name="TUK Tempat Kerja PT Sinar Logam Presisi",
            kind=TestSite.Kind.WORKPLACE,
            address="Jl. Industri Raya No. 18, Jatiuwung, Kota Tangerang, Banten",
            city=tangerang,
            capacity=20,
            facilities="Area produksi permesinan CNC, ruang rapat untuk uji tertulis",
            lsp=lsp,
        )
    if blk is not None and not TestSite.objects.filter(owner=blk).exists():
        create_test_site(
            actor=admin,
            owner=blk,
            code="TUK-BLK-TNG-S1",
            name="TUK Sewaktu BLK Kota Tangerang",
            kind=TestSite.Kind.TEMPORARY,
            address="Jl. Kisamaun No. 200, Kota Tangerang, Banten",
            city=tangerang,
            capacity=32,
            facilities="Ruang kelas pelatihan dan laboratorium komputer BLK",
            lsp=lsp,
        )

    if lsp.assessors.exists():
        return
    schemes = list(Scheme.objects.filter(organization=lsp, is_active=True).order_by("code"))
    decree = f"KEP.012/LSP-STMI/I/{today.year}"
    year_start = dt.date(today.year, 1, 2)
    appointment_end = dt.date(today.year + 2, 12, 31)
    asesor = User.objects.filter(username="asesor").first()
    if asesor is not None:
        register_assessor(
            actor=admin,
            lsp=lsp,
            person=asesor,
            registration_number="MET.000.002286.2018",
            registration_expires_on=dt.date(today.year + 2, 3, 14),
            appointment_number=decree,
            appointment_starts_on=year_start,
            appointment_ends_on=appointment_end,
            schemes=schemes,
        )
    register_assessor(
        actor=admin,
        lsp=lsp,
        new_person={
            "username": "siti.rahmawati",
            "full_name": "Siti Rahmawati, S.T., M.T.",
            "email": "siti_rahmawati@demo.ujikom.id",
            "phone": "081210000021",
        },
        registration_number="MET.000.004517.2020",
        registration_expires_on=today + dt.timedelta(days=60),
        appointment_number=decree,
        appointment_starts_on=year_start,
        appointment_ends_on=appointment_end,
        schemes=schemes[:1],
    )
    register_assessor(
        actor=admin,
        lsp=lsp,
        new_person={
            "username": "budi.hartono",
            "full_name": "Budi Hartono, S.Kom.",
            "email": "budi_hartono@demo.ujikom.id",
            "phone": "081210000022",
        },
        registration_number="MET.000.001873.2017",
        registration_expires_on=_last_month(today),
        appointment_number=decree,
        appointment_starts_on=year_start,
        appointment_ends_on=appointment_end,
        schemes=schemes,
    )
