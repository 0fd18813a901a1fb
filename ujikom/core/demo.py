"""The demo data set: the organizations of the seed SOPs and one person for every actor.

Names of people are invented; organizations and addresses are those in the seed SOPs.
Other apps extend the demo by adding loaders to DEMO_LOADERS (called in order, once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .calendar_services import seed_holidays
from .models import Organization, Role, Unit, User
from .services import assign_role, create_organization, create_person, create_unit

DEMO_PASSWORD = "demo-ujikom-2026"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    label: str
    roles: tuple[tuple[str, str, str | None], ...]  # (organization code, role key, unit name)
    nip: str = ""
    phone: str = ""


ORGANIZATIONS = [
    {
        "code": "disnaker-tangerang",
        "kind": Organization.Kind.AGENCY,
        "name": "Dinas Ketenagakerjaan Kota Tangerang",
        "short_name": "Disnaker Kota Tangerang",
        "address": "Jalan Perintis Kemerdekaan No. 1 Cikokol, Tangerang",
        "city": "Kota Tangerang",
        "province": "Banten",
        "phone": "(021) 55798228",
        "email": "disnaker@tangerangkota.go.id",
    },
    {
        "code": "lsp-stmi",
        "kind": Organization.Kind.LSP,
        "name": "LSP Politeknik STMI Jakarta",
        "short_name": "LSP STMI",
        "address": "Jalan Letjen Suprapto No. 26, Cempaka Putih, Jakarta Pusat",
        "city": "Kota Jakarta Pusat",
        "province": "DKI Jakarta",
        "phone": "(021) 42886064",
        "email": "lsp@stmi.ac.id",
        "license_number": "BNSP-LSP-1234-ID",
    },
    {
        "code": "pt-sinar-presisi",
        "kind": Organization.Kind.COMPANY,
        "name": "PT Sinar Logam Presisi",
        "short_name": "PT SLP",
        "address": "Jalan Industri Raya No. 18, Jatiuwung, Tangerang",
        "city": "Kota Tangerang",
        "province": "Banten",
        "phone": "(021) 5901234",
        "email": "hrd@sinarlogam.co.id",
    },
    {
        "code": "blk-tangerang",
        "kind": Organization.Kind.TRAINING_PROVIDER,
        "name": "Balai Latihan Kerja Kota Tangerang",
        "short_name": "BLK Kota Tangerang",
        "address": "Jalan Kisamaun No. 200, Tangerang",
        "city": "Kota Tangerang",
        "province": "Banten",
        "phone": "(021) 5523311",
        "email": "blk@tangerangkota.go.id",
    },
]

# organization code -> [(name, kind, parent name)]
UNITS: dict[str, list[tuple[str, str, str | None]]] = {
    "disnaker-tangerang": [
        ("Sekretariat", Unit.Kind.SECRETARIAT, None),
        ("Bidang Pelatihan Kerja dan Peningkatan Produktivitas", Unit.Kind.DIVISION, None),
        (
            "Seksi Sertifikasi Kompetensi dan Produktivitas",
            Unit.Kind.SECTION,
            "Bidang Pelatihan Kerja dan Peningkatan Produktivitas",
        ),
        ("TUK Mandiri Disnaker Kota Tangerang", Unit.Kind.TEST_SITE, None),
        ("Bagian Administrasi TUK", Unit.Kind.SECTION, "TUK Mandiri Disnaker Kota Tangerang"),
        ("Bidang Teknis Operasional TUK", Unit.Kind.SECTION, "TUK Mandiri Disnaker Kota Tangerang"),
        ("Bidang Manajemen Mutu TUK", Unit.Kind.SECTION, "TUK Mandiri Disnaker Kota Tangerang"),
    ],
    "lsp-stmi": [
        ("Bidang Administrasi", Unit.Kind.DIVISION, None),
        ("Bidang Sertifikasi", Unit.Kind.DIVISION, None),
    ],
    "pt-sinar-presisi": [("Departemen HRD", Unit.Kind.DIVISION, None)],
    "blk-tangerang": [("Seksi Penyelenggaraan Pelatihan", Unit.Kind.SECTION, None)],
}

DISNAKER, LSP, COMPANY, BLK = "disnaker-tangerang", "lsp-stmi", "pt-sinar-presisi", "blk-tangerang"
TUK = "TUK Mandiri Disnaker Kota Tangerang"
BIDANG = "Bidang Pelatihan Kerja dan Peningkatan Produktivitas"

PEOPLE = [
    DemoPerson(
        "kadis",
        "Drs. H. Suryadi Permana, M.Si",
        "Kepala Dinas",
        ((DISNAKER, "kadis", None),),
        nip="19680412 199303 1 007",
        phone="081210000001",
    ),
    DemoPerson(
        "sekdis",
        "Hj. Rina Marlina, S.H., M.H.",
        "Sekretaris Dinas",
        ((DISNAKER, "sekdis", "Sekretariat"),),
        nip="19700821 199503 2 002",
        phone="081210000002",
    ),
    DemoPerson(
        "kabid",
        "Ir. Bambang Setiawan, M.T.",
        "Kabid Pelatihan Kerja dan Peningkatan Produktivitas",
        ((DISNAKER, "kabid", BIDANG),),
        nip="19720305 199803 1 004",
        phone="081210000003",
    ),
    DemoPerson(
        "kasi",
        "Dewi Anggraini, S.E., M.M.",
        "Kasi Sertifikasi Kompetensi; administrator Disnaker",
        ((DISNAKER, "kasi", "Seksi Sertifikasi Kompetensi dan Produktivitas"), (DISNAKER, "org_admin", None)),
        nip="19800117 200501 2 010",
        phone="081210000004",
    ),
    DemoPerson(
        "administrasi",
        "Siti Nurhaliza",
        "Bagian Administrasi (TUK)",
        ((DISNAKER, "admin_staff", "Bagian Administrasi TUK"),),
        phone="081210000005",
    ),
    DemoPerson(
        "tekops",
        "Agus Firmansyah, S.T.",
        "Bidang Teknis Operasional (TUK)",
        ((DISNAKER, "technical_ops", "Bidang Teknis Operasional TUK"),),
        phone="081210000006",
    ),
    DemoPerson(
        "mutu",
        "Yuliana Pratiwi, S.Si.",
        "Bidang Manajemen Mutu (TUK)",
        ((DISNAKER, "quality", "Bidang Manajemen Mutu TUK"),),
        phone="081210000007",
    ),
    DemoPerson(
        "kepala.tuk",
        "Hendra Gunawan, S.T., M.M.",
        "Kepala TUK Mandiri Disnaker",
        ((DISNAKER, "site_head", TUK),),
        phone="081210000008",
    ),
    DemoPerson(
        "asesor",
        "Muhammad Rizky Ramadhan, S.Kom.",
        "Asesor Kompetensi (LSP STMI dan TUK Disnaker)",
        ((LSP, "assessor", "Bidang Sertifikasi"), (DISNAKER, "assessor", TUK)),
        phone="081210000009",
    ),
    DemoPerson(
        "peserta",
        "Putri Ayu Lestari",
        "Calon Peserta Uji Kompetensi",
        ((DISNAKER, "candidate", None), (LSP, "candidate", None)),
        phone="081210000010",
    ),
    DemoPerson(
        "direktur",
        "Dr. Mustofa, S.T., M.T.",
        "Direktur Politeknik STMI Jakarta",
        ((LSP, "director", None),),
        nip="197009242003121001",
        phone="081210000011",
    ),
    DemoPerson(
        "ketua.lsp",
        "Dr. Ir. Wahyu Hidayat, M.T.",
        "Ketua LSP; administrator LSP",
        ((LSP, "lsp_chair", None), (LSP, "org_admin", None)),
        phone="081210000012",
    ),
    DemoPerson(
        "kabid.adm",
        "Ratna Sari Dewi, S.E.",
        "Kabid Administrasi LSP",
        ((LSP, "head_admin", "Bidang Administrasi"),),
        phone="081210000013",
    ),
    DemoPerson(
        "kabid.sert",
        "Andi Pratama, S.T., M.Eng.",
        "Kabid Sertifikasi LSP",
        ((LSP, "head_certification", "Bidang Sertifikasi"),),
        phone="081210000014",
    ),
    DemoPerson(
        "hrd.slp",
        "Lina Kusumawati",
        "HRD PT Sinar Logam Presisi",
        ((COMPANY, "org_admin", None),),
        phone="081210000015",
    ),
    DemoPerson(
        "admin.blk",
        "Joko Santoso",
        "Administrator BLK Kota Tangerang",
        ((BLK, "org_admin", None),),
        phone="081210000016",
    ),
]

DEMO_LOADERS: list[Callable[[User], None]] = []


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, what they are, password) for the demo accounts that exist."""
    existing = set(
        User.objects.filter(username__in=["admin", *[p.username for p in PEOPLE]]).values_list(
            "username", flat=True
        )
    )
    rows = [("admin", "Administrator sistem", DEMO_PASSWORD)] if "admin" in existing else []
    rows += [(p.username, p.label, DEMO_PASSWORD) for p in PEOPLE if p.username in existing]
    return rows


def is_empty() -> bool:
    return not Organization.objects.exists() and not User.objects.exists()


@transaction.atomic
def load_demo() -> User:
    """Create the demo organizations, units, people and role assignments; returns the system administrator."""
    admin = User.objects.create_superuser(
        username="admin", email="admin@ujikom.local", password=DEMO_PASSWORD, full_name="Administrator Sistem"
    )
    organizations = {spec["code"]: create_organization(actor=admin, **spec) for spec in ORGANIZATIONS}
    units: dict[tuple[str, str], Unit] = {}
    for code, specs in UNITS.items():
        for name, kind, parent in specs:
            units[(code, name)] = create_unit(
                organization=organizations[code],
                actor=admin,
                name=name,
                kind=kind,
                parent=units[(code, parent)] if parent else None,
            )
    roles = {role.key: role for role in Role.objects.all()}
    year_start = dt.date(timezone.localdate().year, 1, 2)
    for person in PEOPLE:
        user = create_person(
            actor=admin,
            username=person.username,
            full_name=person.full_name,
            email=f"{person.username.replace('.', '_')}@demo.ujikom.id",
            phone=person.phone,
            nip=person.nip,
            password=DEMO_PASSWORD,
        )
        for org_code, role_key, unit_name in person.roles:
            assign_role(
                actor=admin,
                user=user,
                role=roles[role_key],
                organization=organizations[org_code],
                unit=units[(org_code, unit_name)] if unit_name else None,
                starts_on=year_start,
            )
    # An acting official: the secretary stands in for the head of office (Plh) this month.
    today = timezone.localdate()
    assign_role(
        actor=admin,
        user=User.objects.get(username="sekdis"),
        role=roles["kadis"],
        organization=organizations[DISNAKER],
        capacity="plh",
        starts_on=today.replace(day=1),
        ends_on=today.replace(day=1) + dt.timedelta(days=40),
        decree_number=f"800/123-Disnaker/{today.year}",
        note="Plh. selama Kadis menjalankan tugas luar daerah",
    )
    seed_holidays(years=[today.year, today.year + 1], actor=admin)
    from .numbering import load_demo_patterns

    load_demo_patterns(admin)
    for loader in DEMO_LOADERS:
        loader(admin)
    return admin
