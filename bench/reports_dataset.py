"""The scale data set of the reports: five years of testing and certification in PostgreSQL.

    .venv/bin/python bench/reports_dataset.py --keep          # build (or reuse) ujikom_bench_reports, keep it
    .venv/bin/python bench/reports_dataset.py --scale 0.02    # a small one, built and dropped again

The database `ujikom_bench_reports` is created here (dropped first when it exists, unless --keep
finds one of the same scale, which is then reused), migrated, and filled:
- through the ORM, the few related rows: 12 organizations (4 LSPs, among them `lsp-stmi`; 4 manpower
  offices, among them `disnaker-tangerang`; 2 site owners, a company, a training provider), 40
  schemes of 5 units, 60 test sites, 400 assessors, funding sources, 100 training programs, the
  seed SOPs loaded as the demo loads them (`load_seed_sops`) and the same two SOPs (PSM/DISNAKER-10,
  STMI 1.3.3) imported into the other LSPs and offices, and people with roles: `kadis` (Kepala
  Dinas of disnaker-tangerang), `ketua.lsp` (Ketua LSP of lsp-stmi), `asesor` (an assessor of
  lsp-stmi), `kadis.2` and `ketua.lsp.2` in a second office and LSP, and `admin`; every password is
  `demo-ujikom-2026`;
- with COPY (psycopg `cursor.copy`, one connection per table, parents committed before
  children), over the five calendar years up to the current one: 25,000 test events, 1,000,000
  registrations (about 86 % accepted, the rest rejected, withdrawn, draft, submitted or returned),
  an Assessment for the accepted ones of finished events (K about 85 %, varying by scheme, else BK;
  3 % without a recommendation), 1,000,000 certificates (the certified K candidates, and
  certificates without a registration issued up to eight years back; valid, expired, revoked,
  suspended, superseded; the token is a fixed dummy string: these rows serve the reports, not
  verification), appeals, archives, and 50,000 SOP runs (one per event for its LSP, one per
  facilitated event for the office, the rest without an event) with their step runs (done, with
  working time around the standard, about a quarter late, one step of each SOP clearly slower:
  DISNAKER-10 step 5, STMI step 6) and tasks (done; open or claimed on the active step, some
  overdue);
- through the ORM again: yearly targets per organization and scheme, complaints and blank-form
  movements.
Foreign keys are checked by PostgreSQL as the rows go in; `VACUUM ANALYZE` ends the build. `--scale`
multiplies the events, registrations, certificates and runs. It prints the row counts and the
time; it measures nothing (bench/reports_dashboards.py does). Built in 17 minutes at scale 1 on two
cores shared with other work (load 5–8): 2.6 minutes of it in Python, the rest in PostgreSQL (foreign
keys checked at each table's commit, indexes kept up); 2.2 GB.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "ujikom_bench_reports"
SERVER = "postgres://postgres@127.0.0.1:5432"
MARK = "ujikom reports data set v1"
PASSWORD = "demo-ujikom-2026"
EVENTS = 25_000
CERTIFICATES = 1_000_000
RUNS = 50_000
YEARS = 5
DISNAKER_10 = "PSM/DISNAKER-10"
STMI = "1.3.3/BPSDMI/STMI/SOP/VI/2020"
SLOW_STEP = {DISNAKER_10: 5, STMI: 6}  # the step of each SOP that usually overruns its standard

FIRST_NAMES = [
    "Agus", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lestari",
    "Made", "Nur", "Oki", "Putri", "Rina", "Sari", "Teguh", "Umar", "Vina", "Wahyu", "Yusuf", "Zahra", "Ahmad",
    "Bayu", "Dimas", "Fitri", "Galih", "Hana", "Intan", "Rizky", "Siti", "Tri",
]  # fmt: skip
LAST_NAMES = [
    "Saputra", "Wijaya", "Pratama", "Hidayat", "Santoso", "Kusuma", "Lestari", "Nugroho", "Permana", "Setiawan",
    "Rahmawati", "Siregar", "Nasution", "Simanjuntak", "Harahap", "Gunawan", "Firmansyah", "Ramadhan", "Wibowo",
    "Suryadi", "Hakim", "Utami",
]  # fmt: skip


def psql(sql: str, database: str = "postgres") -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as connection:
        cursor = connection.execute(sql)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def configure(folder: str) -> dict[str, str]:
    """The production-like environment (DEBUG off, persistent connections from DATABASE_URL)."""
    environ = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "SECRET_KEY": "bench-only-" + "r" * 50,
        "KEY_ENCRYPTION_KEY": base64.urlsafe_b64encode(b"k" * 32).rstrip(b"=").decode(),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "DATA_DIR": folder,
        "HUEY_IMMEDIATE": "true",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(environ)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return environ


def marker(scale: float) -> str:
    return f"{MARK} scale={scale:g}"


def existing_marker() -> str | None:
    rows = psql(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{DATABASE}'")  # noqa: S608
    if not rows:
        return None
    return rows[0][0] or ""


# ---- COPY streams -------------------------------------------------------------------------------


class Stream:
    """COPY into one model's table on a connection of its own; the columns not given are filled
    with the field's constant default (auto_now fields with `now`); `close()` commits."""

    def __init__(self, stack: ExitStack, model: Any, columns: list[str], now: dt.datetime) -> None:
        import psycopg

        self.model = model
        self.table = model._meta.db_table
        self.count = 0
        extra_columns, self.extra = [], []
        for field in model._meta.concrete_fields:
            if field.column in columns or field.primary_key or field.null:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value: Any = now
            elif field.has_default() and field.default in (list, dict):
                value = json.dumps(field.default())
            elif field.has_default() and not callable(field.default):
                value = (
                    json.dumps(field.default) if field.get_internal_type() == "JSONField" else field.default
                )
            elif (
                not field.has_default()
                and field.empty_strings_allowed
                and field.get_internal_type()
                in (
                    "CharField",
                    "TextField",
                    "SlugField",
                    "EmailField",
                )
            ):
                value = ""
            else:
                raise SystemExit(f"{self.table}.{field.column} needs a value")
            extra_columns.append(field.column)
            self.extra.append(value)
        self.extra_tuple = tuple(self.extra)
        self.connection = psycopg.connect(f"{SERVER}/{DATABASE}")
        self.connection.execute("SET synchronous_commit = off")
        self.next_id = self.connection.execute(
            f"SELECT coalesce(max(id), 0) + 1 FROM {self.table}"  # noqa: S608  (a model's table)
        ).fetchone()[0]  # type: ignore[index]
        names = ", ".join(["id", *columns, *extra_columns])
        self.cursor = self.connection.cursor()
        self.manager = self.cursor.copy(f"COPY {self.table} ({names}) FROM STDIN")  # type: ignore[arg-type]
        self.copy = self.manager.__enter__()
        self.closed = False
        stack.callback(self.abort)

    def write(self, *values: Any) -> int:
        """Write one row; returns its id."""
        row_id = self.next_id
        self.next_id += 1
        self.copy.write_row((row_id, *values, *self.extra_tuple))
        self.count += 1
        return row_id

    def close(self) -> None:
        self.manager.__exit__(None, None, None)
        self.connection.commit()
        self.connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'), (SELECT max(id) FROM {self.table}))"  # noqa: S608
        )
        self.connection.commit()
        self.connection.close()
        self.closed = True

    def abort(self) -> None:
        if not self.closed:
            with contextlib.suppress(Exception):  # the copy is being abandoned
                self.manager.__exit__(RuntimeError, RuntimeError("aborted"), None)
            self.connection.close()
            self.closed = True


# ---- the data -----------------------------------------------------------------------------------


def weighted(rng: random.Random, items: list[Any], weights: list[float]) -> Any:
    return rng.choices(items, weights)[0]


def at(day: dt.date, hour: int, tz: Any) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz)


def build(scale: float) -> dict[str, int]:  # noqa: C901, PLR0912, PLR0915
    """Fill the migrated, empty database; returns {table: rows}."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from ujikom.assessment.models import Appeal, Archive, Assessment, BlankMovement
    from ujikom.certificates.models import Certificate
    from ujikom.core.models import Organization, Role, RoleAssignment, User
    from ujikom.registry.models import (
        Assessor,
        CompetencyUnit,
        FundingSource,
        Scheme,
        TestSite,
        TrainingProgram,
    )
    from ujikom.reports.models import Complaint
    from ujikom.scheduling.models import Registration, Target, TestEvent
    from ujikom.sop import library
    from ujikom.sop.fileformat import load_definition
    from ujikom.sop.models import Run, RunActor, SopVersion, StepRun, Task

    rng = random.Random(2026)  # noqa: S311  (bench data, not secrets)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate()
    first_day = dt.date(today.year - YEARS + 1, 1, 1)
    last_day = dt.date(today.year, 12, 31)
    started = time.perf_counter()
    password = make_password(PASSWORD)
    roles = {role.key: role for role in Role.objects.all()}

    # -- organizations and people
    def org(code: str, kind: str, name: str, short: str, city: str) -> Organization:
        return Organization.objects.create(code=code, kind=kind, name=name, short_name=short, city=city)

    lsps = [
        org("lsp-stmi", "lsp", "LSP Politeknik STMI Jakarta", "LSP STMI", "Kota Jakarta Pusat"),
        org("lsp-teknik-nusantara", "lsp", "LSP Teknik Nusantara", "LSP TN", "Kota Bekasi"),
        org("lsp-logistik-indonesia", "lsp", "LSP Logistik Indonesia", "LSP LI", "Kota Depok"),
        org("lsp-pariwisata-banten", "lsp", "LSP Pariwisata Banten", "LSP PB", "Kota Serang"),
    ]
    lsp_weights = [0.4, 0.25, 0.2, 0.15]
    agencies = [
        org("disnaker-tangerang", "agency", "Dinas Ketenagakerjaan Kota Tangerang", "Disnaker Kota Tangerang", "Kota Tangerang"),
        org("disnaker-bekasi", "agency", "Dinas Ketenagakerjaan Kota Bekasi", "Disnaker Kota Bekasi", "Kota Bekasi"),
        org("disnaker-kab-tangerang", "agency", "Dinas Ketenagakerjaan Kabupaten Tangerang", "Disnaker Kab. Tangerang", "Kabupaten Tangerang"),
        org("disnaker-depok", "agency", "Dinas Ketenagakerjaan Kota Depok", "Disnaker Kota Depok", "Kota Depok"),
    ]  # fmt: skip
    agency_weights = [0.4, 0.25, 0.2, 0.15]
    owners = [
        org("yayasan-teknik-nusantara", "site_owner", "Yayasan Pendidikan Teknik Nusantara", "YPTN", "Kota Bekasi"),
        org("graha-uji-kompetensi", "site_owner", "PT Graha Uji Kompetensi", "GUK", "Kota Tangerang"),
        org("pt-sinar-presisi", "company", "PT Sinar Logam Presisi", "PT SLP", "Kota Tangerang"),
        org("blk-tangerang", "training_provider", "Balai Latihan Kerja Kota Tangerang", "BLK Kota Tangerang", "Kota Tangerang"),
    ]  # fmt: skip
    organizations = [*lsps, *agencies, *owners]

    def person(username: str, full_name: str) -> User:
        return User.objects.create(
            username=username, full_name=full_name, email=f"{username}@bench.ujikom.id", password=password
        )

    def assign(user: User, organization: Organization, *keys: str) -> None:
        for key in keys:
            RoleAssignment.objects.create(
                user=user, organization=organization, role=roles[key], starts_on=first_day
            )

    User.objects.create(
        username="admin",
        full_name="Administrator Sistem",
        email="admin@bench.ujikom.id",
        password=password,
        is_superuser=True,
        is_staff=True,
    )
    kadis = person("kadis", "Drs. H. Suryadi Permana, M.Si")
    assign(kadis, agencies[0], "kadis")
    assign(person("kadis.2", "Ir. Hartono Wijaya, M.M."), agencies[1], "kadis")
    chair = person("ketua.lsp", "Dr. Ir. Wahyu Hidayat, M.T.")
    assign(chair, lsps[0], "lsp_chair", "org_admin")
    assign(person("ketua.lsp.2", "Dr. Rina Kusuma, M.T."), lsps[1], "lsp_chair")
    for organization in owners:
        assign(
            person(f"admin.{organization.code}", f"Admin {organization.short_name}"),
            organization,
            "org_admin",
        )
    issuer = person("kabid.sert", "Andi Pratama, S.T., M.Eng.")
    assign(issuer, lsps[0], "head_certification")
    clerk = person("administrasi", "Siti Nurhaliza")
    assign(clerk, agencies[0], "admin_staff")
    appellant = person("peserta", "Putri Ayu Lestari")
    assign(appellant, lsps[0], "candidate")

    # -- schemes, sites, assessors, funding, programs
    schemes: list[Scheme] = []
    units_json: dict[int, str] = {}
    for n in range(40):
        lsp = lsps[n % 4]
        scheme = Scheme.objects.create(
            organization=lsp,
            code=f"SKM-{lsp.short_name.split()[-1]}-{n + 1:02d}",
            name=f"{rng.choice(['Operator', 'Teknisi', 'Pengawas', 'Juru', 'Staf'])} "
            f"{rng.choice(['Mesin Bubut', 'Las Listrik', 'Komputer', 'Gudang', 'Kelistrikan', 'Pemandu Wisata', 'Tata Boga', 'Logistik'])} "
            f"{n + 1}",
            kind="kkni" if n % 3 else "occupation",
            kkni_level=2 + n % 4,
            validity_years=3,
        )
        units = CompetencyUnit.objects.bulk_create(
            CompetencyUnit(
                scheme=scheme, position=u, code=f"J.{620100 + n:06d}.{u:03d}.01", title=f"Unit kompetensi {u}"
            )
            for u in range(1, 6)
        )
        units_json[scheme.pk] = json.dumps([{"code": unit.code, "title": unit.title} for unit in units])
        schemes.append(scheme)
    schemes_of = {lsp.pk: [s for s in schemes if s.organization_id == lsp.pk] for lsp in lsps}
    site_owners = [
        *[lsps[n % 4] for n in range(20)],
        *[agencies[n % 4] for n in range(24)],
        *[owners[n % 4] for n in range(16)],
    ]
    sites = TestSite.objects.bulk_create(
        TestSite(
            owner=owner,
            lsp=lsps[n % 4],
            code=f"TUK-{n + 1:03d}",
            name=f"TUK {['Sewaktu', 'Mandiri', 'Tempat Kerja'][n % 3]} {owner.short_name} {n + 1}",
            kind=["sewaktu", "mandiri", "tempat_kerja"][n % 3],
            address=f"Jalan Uji Kompetensi No. {n + 1}",
            capacity=40,
        )
        for n, owner in enumerate(site_owners)
    )
    sites_of = {lsp.pk: [s for s in sites if s.lsp_id == lsp.pk] for lsp in lsps}
    assessor_users = User.objects.bulk_create(
        User(
            username=f"asesor.{n:03d}" if n else "asesor",
            full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, S.T."
            if n
            else "Muhammad Rizky Ramadhan, S.Kom.",
            email=f"asesor{n:03d}@bench.ujikom.id",
            password=password,
        )
        for n in range(400)
    )
    assessors = Assessor.objects.bulk_create(
        Assessor(
            user=user,
            lsp=lsps[n % 4],
            registration_number=f"MET.000.{n + 1:06d}.2020",
            registration_expires_on=today + dt.timedelta(days=700),
        )
        for n, user in enumerate(assessor_users)
    )
    assign(assessor_users[0], lsps[0], "assessor")
    assessors_of = {lsp.pk: [a.pk for a in assessors if a.lsp_id == lsp.pk] for lsp in lsps}
    shared_funding = FundingSource.objects.bulk_create(
        [
            FundingSource(code="APBN-KEMNAKER", name="APBN Kementerian Ketenagakerjaan", kind="apbn"),
            FundingSource(code="APBN-KEMENPERIN", name="APBN Kementerian Perindustrian", kind="apbn"),
            FundingSource(code="MANDIRI", name="Biaya sendiri", kind="self"),
            FundingSource(code="PERUSAHAAN", name="Dibiayai perusahaan", kind="company"),
        ]
    )
    agency_funding = {
        agency.pk: FundingSource.objects.create(
            organization=agency, code="APBD", name=f"APBD {agency.city}", kind="apbd"
        )
        for agency in agencies
    }
    programs = TrainingProgram.objects.bulk_create(
        TrainingProgram(
            provider=owners[3] if n % 2 else agencies[n % 4],
            code=f"PLT-{n + 1:03d}",
            name=f"Pelatihan {schemes[n % 40].name} angkatan {n // 40 + 1}",
            starts_on=first_day + dt.timedelta(days=18 * n),
            ends_on=first_day + dt.timedelta(days=18 * n + 30),
            scheme=schemes[n % 40],
        )
        for n in range(100)
    )
    programs_of: dict[int, list[int]] = {}
    for program in programs:
        programs_of.setdefault(program.scheme_id, []).append(program.pk)  # type: ignore[arg-type]

    # -- SOPs: as the demo loads them, and the same two into the other LSPs and offices
    library.load_seed_sops(None)
    texts = {
        load_definition(path.read_text(encoding="utf-8"), source=path.name).code: path.read_text(
            encoding="utf-8"
        )
        for path in library.seed_files()
    }
    for code, members in ((STMI, lsps[1:]), (DISNAKER_10, agencies[1:])):
        definition = load_definition(texts[code], source="seed")
        for organization in members:
            version = library.import_definition(
                organization=organization, definition=definition, actor=None, source_text=texts[code]
            )
            library.approve_as_published(version=version, actor=None)
    sop_of: dict[tuple[int, str], dict[str, Any]] = {}
    staff: dict[tuple[int, int | None], int] = {}
    for version in (
        SopVersion.objects.filter(sop__code__in=[STMI, DISNAKER_10])
        .select_related("sop")
        .prefetch_related("steps__activities", "actors")
    ):
        organization_id = version.sop.organization_id
        actors = {actor.pk: actor.default_role_id for actor in version.actors.all()}
        steps = []
        for step in sorted(version.steps.all(), key=lambda s: s.position):
            seconds = {
                "minutes": 60,
                "hours": 3600,
                "days": 8 * 3600,
                "weeks": 40 * 3600,
                "months": 168 * 3600,
            }
            standard = (
                step.duration_amount * seconds[step.duration_unit]
                if step.duration_amount and step.duration_unit
                else None
            )
            steps.append(
                (step.pk, step.number, standard, [(a.pk, a.actor_id) for a in step.activities.all()])
            )
        sop_of[(organization_id, version.sop.code)] = {
            "version": version.pk,
            "actors": actors,
            "steps": steps,
        }
        for role_id in set(actors.values()):
            if (organization_id, role_id) not in staff:
                user = person(
                    f"staf.{organization_id}.{role_id}", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                )
                if role_id is not None:
                    RoleAssignment.objects.create(
                        user=user, organization_id=organization_id, role_id=role_id, starts_on=first_day
                    )
                staff[(organization_id, role_id)] = user.pk
    print(f"  related rows through the ORM in {time.perf_counter() - started:.0f} s", flush=True)

    # -- events, registrations, assessments, appeals, certificates, archives (COPY)
    event_count = round(EVENTS * scale)
    certificate_count = round(CERTIFICATES * scale)
    run_count = round(RUNS * scale)
    span = (last_day - first_day).days
    counts: dict[str, int] = {}
    tested_per: dict[tuple[int, int, int], int] = {}  # (organization, year, scheme) -> accepted
    issued_per: dict[tuple[int, int, int], int] = {}  # (lsp, year, month) -> certificates
    events: list[tuple[int, int, int | None, dt.date, dt.date, str, str]] = []
    status_index = {lsp.pk: 0 for lsp in lsps}
    serial = 0
    person_n = 0
    staff_user = clerk.pk

    def certificate_row(
        stream: Stream,
        lsp_id: int,
        scheme: Scheme,
        registration_id: int | None,
        name: str,
        nik: str,
        issued: dt.date,
    ) -> None:
        nonlocal serial
        serial += 1
        status_index[lsp_id] += 1
        until = (
            issued.replace(year=issued.year + 3)
            if not (issued.month == 2 and issued.day == 29)
            else issued + dt.timedelta(days=1095)
        )
        status, reason, changed = "valid", "", None
        roll = rng.random()
        if until < today:
            status = "superseded" if roll < 0.05 else "expired"
            changed = now
        elif roll < 0.01:
            status, reason, changed = "revoked", "fraud", now
        elif roll < 0.02:
            status, reason, changed = "suspended", "surveillance", now
        elif roll < 0.03:
            status, changed = "superseded", now
        issued_per[(lsp_id, issued.year, issued.month)] = (
            issued_per.get((lsp_id, issued.year, issued.month), 0) + 1
        )
        stream.write(
            f"{uuid.uuid4().hex[:22]}", lsp_id, registration_id, name, nik, scheme.pk, scheme.code, scheme.name,
            units_json[scheme.pk], f"{serial:07d} {issued.year}", f"REG.{serial:08d}", issued, until, status,
            reason, changed, "Dr. Mustofa, S.T., M.T.", "Direktur", "bench-kid", "bench-dummy-token",
            status_index[lsp_id], issuer.pk,
        )  # fmt: skip

    with ExitStack() as stack:
        event_stream = Stream(stack, TestEvent, [
            "public_id", "lsp_id", "scheme_id", "site_id", "facilitator_id", "funding_id", "title", "starts_on",
            "ends_on", "registration_opens_on", "registration_closes_on", "quota", "status",
        ], now)  # fmt: skip
        registration_stream = Stream(stack, Registration, [
            "created_at", "public_id", "event_id", "program_id", "nik", "full_name", "sex", "status",
            "confirmation_token",
        ], now)  # fmt: skip
        assessment_stream = Stream(stack, Assessment, [
            "public_id", "registration_id", "assessor_id", "day", "recommendation", "completed_at",
        ], now)  # fmt: skip
        appeal_stream = Stream(stack, Appeal, [
            "public_id", "assessment_id", "grounds", "submitted_by_id", "status", "decision", "decided_by_id",
            "decided_at",
        ], now)  # fmt: skip
        certificate_stream = Stream(stack, Certificate, [
            "public_id", "lsp_id", "registration_id", "holder_name", "holder_nik", "scheme_id", "scheme_code",
            "scheme_name", "units", "certificate_number", "registration_number", "issued_on", "valid_until",
            "status", "status_reason", "status_changed_at", "signer_name", "signer_title", "kid", "token",
            "status_index", "issued_by_id",
        ], now)  # fmt: skip
        archive_stream = Stream(stack, Archive, [
            "created_at", "public_id", "event_id", "organization_id", "checklist", "is_complete", "retain_until",
            "archived_by_id",
        ], now)  # fmt: skip
        complete = json.dumps(
            [{"key": key, "present": True} for key in ("attendance", "results", "minutes", "photos")]
        )
        incomplete = json.dumps(
            [{"key": "attendance", "present": True}, {"key": "minutes", "present": False}]
        )
        for n in range(event_count):
            lsp = weighted(rng, lsps, lsp_weights)
            scheme = rng.choice(schemes_of[lsp.pk])
            site = rng.choice(sites_of[lsp.pk])
            facilitator = weighted(rng, agencies, agency_weights) if rng.random() < 0.45 else None
            if rng.random() < 0.15:
                funding = None
            elif facilitator is not None:
                funding = agency_funding[facilitator.pk].pk
            else:
                funding = rng.choice(shared_funding).pk
            starts = first_day + dt.timedelta(days=rng.randrange(span))
            ends = starts + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
            if starts > today:
                status = "planned" if starts > today + dt.timedelta(days=45) else "registration"
            elif ends >= today:
                status = "ongoing"
            else:
                status = "cancelled" if rng.random() < 0.03 else "done"
            event_id = event_stream.write(
                uuid.uuid4(), lsp.pk, scheme.pk, site.pk, facilitator.pk if facilitator else None, funding,
                f"Uji Kompetensi {scheme.name} {starts:%d-%m-%Y} #{n + 1}", starts, ends,
                starts - dt.timedelta(days=30), starts - dt.timedelta(days=3), 60, status,
            )  # fmt: skip
            events.append(
                (
                    event_id,
                    lsp.pk,
                    facilitator.pk if facilitator else None,
                    starts,
                    ends,
                    status,
                    site.owner_id,
                )
            )
            event_assessors = rng.sample(assessors_of[lsp.pk], 3)
            program_choices = programs_of.get(scheme.pk, []) if rng.random() < 0.3 else []
            competent_share = 0.75 + 0.05 * (scheme.pk % 5)
            counted = {lsp.pk, site.owner_id} | ({facilitator.pk} if facilitator else set())
            for _m in range(rng.randint(20, 60)):
                person_n += 1
                roll = rng.random()
                if status in ("planned", "registration"):
                    reg_status = (
                        "submitted"
                        if roll < 0.4
                        else "accepted"
                        if roll < 0.85
                        else "draft"
                        if roll < 0.95
                        else "withdrawn"
                    )
                else:
                    reg_status = (
                        "accepted" if roll < 0.86 else "rejected" if roll < 0.91 else "withdrawn" if roll < 0.95
                        else "draft" if roll < 0.97 else "submitted" if roll < 0.99 else "returned"
                    )  # fmt: skip
                nik = f"{3600000000000000 + person_n}"
                name = f"{FIRST_NAMES[person_n % len(FIRST_NAMES)]} {LAST_NAMES[(person_n // 7) % len(LAST_NAMES)]}"
                registration_id = registration_stream.write(
                    at(starts - dt.timedelta(days=rng.randint(4, 30)), 10, tz), uuid.uuid4(), event_id,
                    rng.choice(program_choices) if program_choices and rng.random() < 0.6 else None,
                    nik, name, "L" if person_n % 2 else "P", reg_status, f"bench-{person_n}",
                )  # fmt: skip
                if reg_status == "accepted" and status != "cancelled":
                    for organization_id in counted:
                        key = (organization_id, starts.year, scheme.pk)
                        tested_per[key] = tested_per.get(key, 0) + 1
                if reg_status != "accepted" or status != "done":
                    continue
                roll = rng.random()
                recommendation = "" if roll < 0.03 else "K" if roll < 0.03 + 0.97 * competent_share else "BK"
                assessment_id = assessment_stream.write(
                    uuid.uuid4(),
                    registration_id,
                    event_assessors[person_n % 3],
                    starts,
                    recommendation,
                    at(ends, 15, tz) if recommendation else None,
                )
                if recommendation == "BK" and rng.random() < 0.04:
                    outcome = rng.choice(("submitted", "upheld", "dismissed", "dismissed"))
                    appeal_stream.write(
                        uuid.uuid4(), assessment_id, "Saya keberatan dengan hasil asesmen unit praktik.", appellant.pk,
                        outcome, "" if outcome == "submitted" else "Diputuskan dalam rapat komite.",
                        None if outcome == "submitted" else chair.pk,
                        None if outcome == "submitted" else at(ends + dt.timedelta(days=14), 10, tz),
                    )  # fmt: skip
                if recommendation == "K" and ends < today - dt.timedelta(days=21) and rng.random() < 0.96:
                    issued = min(today, ends + dt.timedelta(days=rng.randint(14, 45)))
                    certificate_row(certificate_stream, lsp.pk, scheme, registration_id, name, nik, issued)
            if status == "done" and rng.random() < 0.85:
                filed = min(ends + dt.timedelta(days=rng.randint(10, 60)), today)
                archive_stream.write(
                    at(filed, 14, tz), uuid.uuid4(), event_id, site.owner_id,
                    complete if rng.random() < 0.9 else incomplete, rng.random() < 0.9,
                    starts.replace(year=starts.year + 5, day=min(starts.day, 28)), staff_user,
                )  # fmt: skip
            if (n + 1) % 5000 == 0:
                print(
                    f"  {n + 1:,} events, {registration_stream.count:,} registrations, "
                    f"{certificate_stream.count:,} certificates ({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
        extra = max(0, certificate_count - certificate_stream.count)
        oldest = today.replace(year=today.year - 8)
        for _n in range(extra):
            lsp = weighted(rng, lsps, lsp_weights)
            person_n += 1
            certificate_row(
                certificate_stream, lsp.pk, rng.choice(schemes_of[lsp.pk]), None,
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", f"{3600000000000000 + person_n}",
                oldest + dt.timedelta(days=rng.randrange((today - oldest).days + 1)),
            )  # fmt: skip
        for stream in (
            event_stream,
            registration_stream,
            assessment_stream,
            appeal_stream,
            certificate_stream,
            archive_stream,
        ):
            stream.close()
            counts[stream.table] = stream.count
        print(f"  events to archives copied in {time.perf_counter() - started:.0f} s", flush=True)

    # -- SOP runs, their actors, step runs and tasks (COPY)
    with ExitStack() as stack:
        run_stream = Stream(stack, Run, [
            "public_id", "version_id", "organization_id", "title", "status", "subject_type", "subject_id",
            "subject_label", "started_at", "completed_at",
        ], now)  # fmt: skip
        actor_stream = Stream(stack, RunActor, ["run_id", "actor_id", "organization_id", "role_id"], now)
        step_stream = Stream(stack, StepRun, [
            "run_id", "step_id", "iteration", "status", "started_at", "due_at", "completed_at", "working_seconds",
            "standard_seconds", "late",
        ], now)  # fmt: skip
        task_stream = Stream(stack, Task, [
            "public_id", "step_run_id", "activity_id", "run_actor_id", "candidate_organization_id",
            "candidate_role_id", "status", "due_at", "created_at", "claimed_by_id", "claimed_at", "completed_by_id",
            "completed_at",
        ], now)  # fmt: skip

        def run(
            organization_id: int, code: str, title: str, subject: str, start: dt.datetime, cancelled: bool
        ) -> None:
            sop = sop_of[(organization_id, code)]
            run_id = run_stream.next_id
            run_actor = {
                actor_id: actor_stream.write(run_id, actor_id, organization_id, role_id)
                for actor_id, role_id in sop["actors"].items()
            }
            cursor = start
            status, completed = "completed", None
            stop_at = rng.randrange(len(sop["steps"])) if cancelled else None
            for index, (step_id, number, standard, activities) in enumerate(sop["steps"]):
                if standard is not None:
                    factor = max(
                        0.2, rng.gauss(1.6, 0.4) if number == SLOW_STEP[code] else rng.gauss(0.8, 0.22)
                    )
                    worked = int(standard * factor)
                else:
                    worked = rng.randint(1800, 4 * 3600)
                finish = cursor + dt.timedelta(seconds=worked * 3 + rng.randint(0, 3600))
                active = finish > now or index == stop_at
                due = cursor + dt.timedelta(seconds=standard * 3) if standard is not None else None
                if not active:
                    step_run = step_stream.write(
                        run_id,
                        step_id,
                        1,
                        "done",
                        cursor,
                        due,
                        finish,
                        worked,
                        standard,
                        worked > standard if standard is not None else None,
                    )
                    for activity_id, actor_id in activities:
                        role_id = sop["actors"][actor_id]
                        worker = staff[(organization_id, role_id)]
                        task_stream.write(
                            uuid.uuid4(), step_run, activity_id, run_actor[actor_id], organization_id, role_id,
                            "done", due, cursor, worker, cursor + dt.timedelta(minutes=30), worker, finish,
                        )  # fmt: skip
                    cursor = finish + dt.timedelta(seconds=rng.randint(0, 7200))
                    continue
                step_status = "cancelled" if cancelled else "active"
                step_run = step_stream.write(
                    run_id, step_id, 1, step_status, cursor, due, None, None, standard, None
                )
                for activity_id, actor_id in activities:
                    role_id = sop["actors"][actor_id]
                    worker = staff[(organization_id, role_id)]
                    roll = rng.random()
                    task_status = (
                        "cancelled"
                        if cancelled
                        else "open"
                        if roll < 0.5
                        else "claimed"
                        if roll < 0.9
                        else "done"
                    )
                    task_stream.write(
                        uuid.uuid4(), step_run, activity_id, run_actor[actor_id], organization_id, role_id,
                        task_status, due, cursor, worker if task_status in ("claimed", "done") else None,
                        cursor + dt.timedelta(minutes=30) if task_status in ("claimed", "done") else None,
                        worker if task_status == "done" else None,
                        cursor + dt.timedelta(hours=2) if task_status == "done" else None,
                    )  # fmt: skip
                status = "cancelled" if cancelled else "running"
                completed = cursor if cancelled else None
                break
            else:
                completed = cursor
            subject_type = "scheduling.testevent" if subject else ""
            run_stream.write(
                uuid.uuid4(), sop["version"], organization_id, title, status, subject_type, subject,
                title[:255] if subject else "", start, completed,
            )  # fmt: skip

        made = 0
        for event_id, lsp_id, facilitator_id, starts, _ends, status, _owner in events:
            if made >= run_count:
                break
            if starts > today + dt.timedelta(days=60):
                continue
            start = at(starts - dt.timedelta(days=45), 9, tz)
            title = f"Uji kompetensi #{event_id} {starts:%d-%m-%Y}"
            run(lsp_id, STMI, title, str(event_id), start, status == "cancelled")
            made += 1
            if facilitator_id is not None and made < run_count:
                run(
                    facilitator_id,
                    DISNAKER_10,
                    title,
                    str(event_id),
                    start + dt.timedelta(days=2),
                    status == "cancelled",
                )
                made += 1
        while made < run_count:
            agency = weighted(rng, agencies, agency_weights)
            day = first_day + dt.timedelta(days=rng.randrange((today - first_day).days))
            run(
                agency.pk,
                DISNAKER_10,
                f"Uji kompetensi TUK {agency.short_name} {day:%d-%m-%Y}",
                "",
                at(day, 9, tz),
                rng.random() < 0.02,
            )
            made += 1
        for stream in (run_stream, actor_stream, step_stream, task_stream):
            stream.close()
            counts[stream.table] = stream.count
        print(f"  SOP runs copied in {time.perf_counter() - started:.0f} s", flush=True)

    # -- targets, complaints, blank movements (ORM)
    Target.objects.bulk_create(
        Target(
            organization_id=organization_id,
            year=year,
            scheme_id=scheme_id,
            funding_id=agency_funding[organization_id].pk if organization_id in agency_funding else None,
            quantity=max(1, round(accepted * rng.uniform(0.85, 1.25))),
        )
        for (organization_id, year, scheme_id), accepted in tested_per.items()
        if organization_id not in {o.pk for o in owners} or rng.random() < 0.5
    )
    complaint_events = [e[0] for e in events if e[5] == "done"]
    complaints = []
    for organization in organizations:
        for k in range(max(5, round(500 * scale))):
            received = first_day + dt.timedelta(days=rng.randrange((today - first_day).days))
            outcome = rng.choice(["received", "in_progress", "resolved", "resolved", "rejected"])
            complaints.append(
                Complaint(
                    organization=organization,
                    number=f"{k + 1:04d}/ADU/{organization.code}",
                    received_on=received,
                    channel=rng.choice(list(Complaint.Channel.values)),
                    complainant_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    subject=rng.choice(
                        ["Jadwal uji berubah mendadak", "Sertifikat belum diterima", "Ruang uji kurang layak"]
                    ),
                    description="Pengaduan peserta uji kompetensi.",
                    event_id=rng.choice(complaint_events)
                    if complaint_events and rng.random() < 0.5
                    else None,
                    status=outcome,
                    resolved_on=received + dt.timedelta(days=rng.randint(1, 30))
                    if outcome == "resolved"
                    else None,
                    recorded_by=clerk,
                )
            )
    Complaint.objects.bulk_create(complaints, batch_size=2000)
    movements = []
    for (lsp_id, year, month), used in sorted(issued_per.items()):
        day = dt.date(year, month, 1)
        if day < first_day:
            continue
        movements.append(
            BlankMovement(
                lsp_id=lsp_id, kind="received", quantity=used + 20, occurred_on=day, recorded_by=issuer
            )
        )
        movements.append(
            BlankMovement(
                lsp_id=lsp_id, kind="used", quantity=used, occurred_on=day.replace(day=20), recorded_by=issuer
            )
        )
        if rng.random() < 0.3:
            movements.append(
                BlankMovement(
                    lsp_id=lsp_id,
                    kind="damaged",
                    quantity=rng.randint(1, 3),
                    occurred_on=day.replace(day=21),
                    recorded_by=issuer,
                )
            )
    BlankMovement.objects.bulk_create(movements, batch_size=2000)
    for model in (Target, Complaint, BlankMovement, Assessor, TestSite, Scheme, Organization, User):
        counts[model._meta.db_table] = model.objects.count()
    return counts


def analyze() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/{DATABASE}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def ensure(scale: float, *, rebuild: bool = False) -> bool:
    """Build the database unless one of this scale is there (and `rebuild` is false); True when built.
    Django must be configured (`configure`) but not yet set up."""
    import django

    found = existing_marker()
    reuse = found == marker(scale) and not rebuild
    if not reuse:
        if found is not None:
            psql(f"DROP DATABASE {DATABASE} WITH (FORCE)")
        psql(f"CREATE DATABASE {DATABASE}")
    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if reuse:
        print(
            f"database {DATABASE}: reusing the data set of scale {scale:g} (migrated in {time.perf_counter() - started:.0f} s)"
        )
        return False
    print(
        f"database {DATABASE}: building the data set of scale {scale:g} (migrated in {time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    counts = build(scale)
    from django.db import connections

    connections.close_all()
    before = time.perf_counter()
    analyze()
    psql(f"COMMENT ON DATABASE {DATABASE} IS '{marker(scale)}'")
    print(f"  VACUUM ANALYZE in {time.perf_counter() - before:.0f} s")
    width = max(len(table) for table in counts)
    for table, rows in counts.items():
        print(f"  {table:<{width}} {rows:>10,}")
    print(f"built in {time.perf_counter() - started:.0f} s (load average {os.getloadavg()[0]:.2f})")
    return True


def drop() -> None:
    from django.db import connections

    connections.close_all()
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies events, registrations, certificates, runs"
    )
    parser.add_argument(
        "--keep", action="store_true", help=f"keep the database {DATABASE} (and reuse it next time)"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build again even if a data set of this scale is kept"
    )
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ujikom-bench-reports-")
    configure(folder)
    try:
        ensure(args.scale, rebuild=args.rebuild)
    finally:
        if not args.keep:
            drop()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
