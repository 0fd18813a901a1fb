"""Demo loader (ujikom.core.demo.DEMO_LOADERS, after the proposed PSM/DISNAKER-08 revision): the
Disnaker's register of companies and institutions of Kota Tangerang that asked for, or were offered,
productivity guidance, and the numbering of the cases and their closing reports.

No case is opened: cases run only under a version that binds the guidance stages, so they wait until
officials approve the proposed revision (version 2). Names and contacts are invented.
"""

from __future__ import annotations

from django.db import transaction

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.core.numbering import create_pattern

from .models import Company

OFFICE = "disnaker-tangerang"

PATTERNS = {
    "guidance_case": "560/{seq:03}/BTP-Disnaker/{year}",
    "productivity_report": "560/{seq:03}/LAP-BTP-Disnaker/{year}",
}

COMPANIES: list[dict[str, object]] = [
    {
        "name": "PT Tirta Garmen Nusantara",
        "sector": "C",
        "size": Company.Size.LARGE,
        "workers": 240,
        "address": "Jalan Gatot Subroto Km 5 No. 12, Jatiuwung, Kota Tangerang",
        "contact_name": "Dewi Lestari",
        "contact_position": "Manajer Produksi",
        "contact_phone": "081287654321",
        "contact_email": "produksi@tirtagarmen.co.id",
        "notes": "Konveksi pakaian kerja; lini jahit 6 baris.",
    },
    {
        "name": "CV Sumber Roti Cibodas",
        "sector": "C",
        "size": Company.Size.SMALL,
        "workers": 14,
        "address": "Jalan Raya Cibodas No. 41, Cibodas, Kota Tangerang",
        "contact_name": "Hendra Wijaya",
        "contact_position": "Pemilik",
        "contact_phone": "081311223344",
        "notes": "Roti dan kue basah untuk warung dan kantin.",
    },
    {
        "name": "PT Logam Prima Periuk",
        "sector": "C",
        "size": Company.Size.MEDIUM,
        "workers": 72,
        "address": "Jalan Industri Periuk Jaya Blok C No. 7, Periuk, Kota Tangerang",
        "contact_name": "Agus Priyanto",
        "contact_position": "Kepala Pabrik",
        "contact_phone": "081355667788",
        "contact_email": "pabrik@logamprima.co.id",
    },
    {
        "name": "Toko Grosir Makmur Jaya Cipondoh",
        "sector": "G",
        "size": Company.Size.SMALL,
        "workers": 9,
        "address": "Jalan KH Hasyim Ashari No. 88, Cipondoh, Kota Tangerang",
        "contact_name": "Siti Rahmawati",
        "contact_position": "Pengelola toko",
        "contact_phone": "085711223344",
    },
    {
        "name": "Rumah Makan Sari Rasa Karawaci",
        "sector": "I",
        "size": Company.Size.MEDIUM,
        "workers": 26,
        "address": "Jalan Imam Bonjol No. 19, Karawaci, Kota Tangerang",
        "contact_name": "Yusuf Hidayat",
        "contact_position": "Manajer operasional",
        "contact_phone": "081977889900",
    },
    {
        "name": "PT Cahaya Logistik Bandara",
        "sector": "H",
        "size": Company.Size.LARGE,
        "workers": 130,
        "address": "Jalan Marsekal Surya Darma No. 3, Neglasari, Kota Tangerang",
        "contact_name": "Rudi Hartono",
        "contact_position": "Kepala Gudang",
        "contact_phone": "082112345678",
        "contact_email": "gudang@cahayalogistik.co.id",
        "notes": "Pergudangan kargo dekat bandara; bongkar muat dua sif.",
    },
    {
        "name": "SMK Bina Karya Tangerang",
        "kind": Company.Kind.INSTITUTION,
        "sector": "P",
        "size": Company.Size.MEDIUM,
        "workers": 58,
        "address": "Jalan Daan Mogot Km 21 No. 5, Batuceper, Kota Tangerang",
        "contact_name": "Drs. Bambang Sutrisno",
        "contact_position": "Wakil Kepala Sekolah Bidang Hubungan Industri",
        "contact_phone": "081266554433",
        "notes": "Bengkel praktik dan unit produksi sekolah.",
    },
    {
        "name": "Koperasi Konveksi Larangan Sejahtera",
        "kind": Company.Kind.INSTITUTION,
        "sector": "C",
        "size": Company.Size.MICRO,
        "workers": 4,
        "address": "Jalan Raden Fatah No. 10, Larangan, Kota Tangerang",
        "contact_name": "Nur Aini",
        "contact_position": "Ketua koperasi",
        "contact_phone": "089612341234",
    },
]


@transaction.atomic
def load_productivity_demo(admin: User) -> None:
    """The office's register (once: skipped when the office already has companies) and the
    numbering patterns of cases and closing reports (each only when missing)."""
    office = Organization.objects.filter(code=OFFICE).first()
    if office is None:
        return
    for code, pattern in PATTERNS.items():
        kind = DocumentType.objects.filter(code=code).first()
        if (
            kind is not None
            and not NumberingPattern.objects.filter(organization=office, document_type=kind).exists()
        ):
            create_pattern(organization=office, document_type=kind, pattern=pattern, actor=admin)
    if Company.objects.filter(organization=office).exists():
        return
    for fields in COMPANIES:
        Company.objects.create(organization=office, **fields)  # type: ignore[arg-type]
