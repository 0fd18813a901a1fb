"""Time bulk certificate issuance: 10,000 certificates (PDF with QR code and PAdES signature, signed
token, database rows) from one approved decree, through the real job path.

    .venv/bin/python bench/certificate_issuance.py                      # a temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ujikom_bench_issue .venv/bin/python bench/certificate_issuance.py
    .venv/bin/python bench/certificate_issuance.py --count 500 --processes 2

The decree (an approved SK Penetapan of 10,000 candidates recommended K on every unit, with BNSP's
certificate and registration numbers) is built with bulk inserts in a throwaway database: on
PostgreSQL the test database of the one named (`test_<name>`, dropped at the end unless --keep),
otherwise a SQLite file in a temporary folder; the stored PDFs go to that folder too. Building is not
timed. Then `services_issuance.run_issuance_job` runs exactly as the job worker runs it, with
CERTIFICATE_RENDER_PROCESSES workers (--processes), while a thread samples the memory (RSS) of this
process and of its child processes from /proc. Printed: certificates per second, total seconds, the
time of each phase, the peak memory, and the checks of the result (every entry has a certificate and
a stored PDF; a sample PDF names its holder, its QR code reads the verification address with the
signed token, its PAdES signature is intact and made by the LSP's identity).
Target: 10,000 in under 3 minutes, memory under 500 MB. It prints figures; it is not a test. The
machine's load average is printed before and after the run: other work on the same cores slows
the PDF workers, which are the bottleneck.

Measured on 2 shared cores (each batch committed in one transaction, QR code with a fixed mask, PDF
workers without Django): SQLite 145 s at load 2.3 → 5.8, 240 s at load 5.7 → 7.5; PostgreSQL
203 s at load 5.8 → 7.7, 202 s at load 4.8 → 6.4; peak memory 388–399 MB (job 161–175 MB, each
worker about 108 MB). Unloaded, a certificate costs its worker about 7 ms for the QR code, 11 ms
for the PAdES signature and 2 ms for Typst, and the job process 2.4 ms (SQLite) to 5 ms
(PostgreSQL) of database work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COUNT = 10_000
UNITS = 5


def configure() -> tempfile.TemporaryDirectory[str]:
    """Environment and Django, done in main() only: the spawned PDF workers import this file as their
    main module and must not set anything up."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    folder = tempfile.TemporaryDirectory(prefix="ujikom-bench-")
    os.environ.setdefault("DATA_DIR", folder.name)
    os.environ.setdefault("KEY_ENCRYPTION_KEY", "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s")

    import django

    django.setup()
    return folder


# ---- memory -------------------------------------------------------------------------------------


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    children = [int(item) for item in handle.read().split()]
            except OSError:
                continue
            found.extend(children)
            todo.extend(children)
    return found


class MemorySampler(threading.Thread):
    """Samples the RSS of this process and the sum over its child processes every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.parent_max = self.children_max = self.total_max = self.child_max = 0
        self.children_seen: set[int] = set()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopping.wait(0.2):
            parent = rss_kb(me)
            sizes = {pid: rss_kb(pid) for pid in descendants(me)}
            self.children_seen.update(sizes)
            children = sum(sizes.values())
            self.parent_max = max(self.parent_max, parent)
            self.children_max = max(self.children_max, children)
            self.child_max = max([self.child_max, *sizes.values()])
            self.total_max = max(self.total_max, parent + children)

    def stop(self) -> None:
        self.stopping.set()
        self.join()


# ---- the decree ---------------------------------------------------------------------------------


def build(count: int) -> Any:
    """An approved decree of `count` K candidates with BNSP numbers; returns (decision, issuer)."""
    from django.utils import timezone

    from ujikom.assessment.models import (
        Assessment,
        Decision,
        DecisionApproval,
        DecisionEntry,
        UnitResult,
        Verdict,
    )
    from ujikom.core.models import Organization, Role, RoleAssignment, User
    from ujikom.registry.models import Assessor, CompetencyUnit, Scheme, TestSite
    from ujikom.scheduling.models import Registration, TestEvent

    now = timezone.now()
    today = timezone.localdate()
    lsp = Organization.objects.create(name="LSP Bench", kind="lsp", code="lsp-bench", city="Jakarta")

    def person(username: str, name: str, role: str) -> User:
        user = User.objects.create_user(
            username=username, email=f"{username}@bench.id", password="rahasia-sekali-123", full_name=name
        )
        RoleAssignment.objects.create(user=user, organization=lsp, role=Role.objects.get(key=role))
        return user

    issuer = person("kabid", "Kabid Sertifikasi Bench", "head_certification")
    from ujikom.certificates import pades

    pades.create_own_ca_signer(lsp=lsp, actor=issuer)  # as `ujikom keys init` makes it
    director = person("direktur", "Dr. Direktur Bench", "director")
    assessor_user = person("asesor", "Asesor Bench", "assessor")
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-BENCH-01", name="Operator Komputer Muda", kind="kkni", validity_years=3
    )
    units = CompetencyUnit.objects.bulk_create(
        CompetencyUnit(scheme=scheme, position=n, code=f"J.63OPR00.{n:03d}.2", title=f"Unit kompetensi {n}")
        for n in range(1, UNITS + 1)
    )
    site = TestSite.objects.create(
        owner=lsp, lsp=lsp, code="TUK-B", name="TUK Bench", kind="sewaktu", address="Jl. Bench", capacity=40
    )
    assessor = Assessor.objects.create(
        lsp=lsp,
        user=assessor_user,
        registration_number="MET.000.000001.2026",
        registration_expires_on=today + dt.timedelta(days=900),
    )
    event = TestEvent.objects.create(
        lsp=lsp,
        scheme=scheme,
        site=site,
        title="Uji kompetensi bench",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today - dt.timedelta(days=29),
        registration_opens_on=today - dt.timedelta(days=60),
        registration_closes_on=today - dt.timedelta(days=32),
        quota=count,
        status="done",
    )
    registrations = Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                nik=f"3671{n:012d}",
                full_name=f"Peserta Bench {n:05d}",
                status="accepted",
                confirmation_token=f"t{n}",
            )
            for n in range(count)
        ),
        batch_size=5000,
    )
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(registration=registration, assessor=assessor, recommendation=Verdict.COMPETENT)
            for registration in registrations
        ),
        batch_size=5000,
    )
    UnitResult.objects.bulk_create(
        (
            UnitResult(
                assessment=assessment,
                unit=unit,
                verdict=Verdict.COMPETENT,
                assessor=assessor,
                recorded_by=assessor_user,
                recorded_at=now,
            )
            for assessment in assessments
            for unit in units
        ),
        batch_size=10_000,
    )
    decision = Decision.objects.create(
        lsp=lsp,
        event=event,
        status=Decision.Status.APPROVED,
        meeting_held_on=today - dt.timedelta(days=20),
        meeting_place="Ruang rapat LSP",
        attendees="Ketua LSP, Kabid Sertifikasi",
        decree_number="001/SK/LSP-BENCH/2026",
        decided_on=today - dt.timedelta(days=19),
        prepared_by=issuer,
    )
    DecisionApproval.objects.create(
        decision=decision, stage="sign", outcome="approved", actor=director, acted_at=now
    )
    DecisionEntry.objects.bulk_create(
        (
            DecisionEntry(
                decision=decision,
                registration=registration,
                position=n + 1,
                certificate_number=f"62090 2512 {n + 1:07d} 2026",
                registration_number=f"OKM.{n + 1:05d} 01020 2026",
                numbers_recorded_at=now,
            )
            for n, registration in enumerate(registrations)
        ),
        batch_size=5000,
    )
    return decision, issuer


# ---- checks -------------------------------------------------------------------------------------


def check(decision: Any, count: int, folder: str) -> list[str]:
    """What is wrong with the result (empty when all is right)."""
    from io import BytesIO

    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    from pypdf import PdfReader

    from ujikom.certificates.models import Certificate, PdfSigner
    from ujikom.certificates.tokens import verify_token
    from ujikom.documents.models import StoredFile
    from ujikom.documents.services import open_file

    problems = []
    certificates = Certificate.objects.filter(entry__decision=decision)
    made = certificates.count()
    with_pdf = StoredFile.objects.filter(pk__in=certificates.values("pdf_id")).count()
    if made != count:
        problems.append(f"{made} certificates, expected {count}")
    if with_pdf != count:
        problems.append(f"{with_pdf} stored PDFs, expected {count}")
    sample = certificates.order_by("?").select_related("pdf").first()
    if sample is None:
        return [*problems, "no certificate to check"]
    with open_file(sample.pdf) as handle:
        pdf = handle.read()
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    if sample.holder_name not in text or sample.certificate_number not in text:
        problems.append("the sample PDF does not name its holder and number")
    path = Path(folder) / "sample.pdf"
    path.write_bytes(pdf)
    page = ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(path), str(path.with_suffix(""))]
    subprocess.run(page, check=True)  # noqa: S603
    image = next(Path(folder).glob("sample*.png"))
    read = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)  # noqa: S603, S607
    scanned = read.stdout.strip()
    from django.conf import settings

    expected = f"{settings.SITE_URL}/v/{sample.public_id}#{sample.token}"
    if scanned != expected:
        problems.append(f"QR code reads {scanned[:80]!r}, expected {expected[:80]!r}…")
    elif not verify_token(scanned).genuine:
        problems.append("the QR code's token does not verify")
    signatures = PdfFileReader(BytesIO(pdf)).embedded_signatures
    if [signature.field_name for signature in signatures] != [f"Sertifikat_{sample.public_id}"]:
        problems.append("the sample PDF lacks its PAdES signature field")
    else:
        identity = PdfSigner.objects.get(lsp=decision.lsp, is_active=True)
        roots = (
            [asn1_x509.Certificate.load(pem.unarmor(identity.ca_certificate_pem.encode())[2])]
            if identity.ca_certificate_pem
            else []
        )
        status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=roots))
        if not (status.intact and status.valid and status.trusted):
            problems.append(
                f"PAdES signature: intact={status.intact} valid={status.valid} trusted={status.trusted}"
            )
    return problems


# ---- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="PDF worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL test database")
    args = parser.parse_args()
    folder = configure()

    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import override_settings, setup_test_environment

    from ujikom.certificates import services_issuance as issuance
    from ujikom.certificates.models import IssuanceJob

    setup_test_environment()
    override_settings(CERTIFICATE_RENDER_PROCESSES=args.processes).enable()
    if connection.vendor == "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(folder.name) / "bench.sqlite3")
    creation = connection.creation
    name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} {name}; PDF workers: {settings.CERTIFICATE_RENDER_PROCESSES}")
    try:
        started = time.perf_counter()
        with transaction.atomic():
            decision, issuer = build(args.count)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"decree of {args.count:,} K candidates with BNSP numbers built in {time.perf_counter() - started:.1f} s"
        )

        print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        job = IssuanceJob.objects.create(decision=decision, total=args.count, created_by=issuer)
        phases = issuance.Phases()
        sampler = MemorySampler()
        sampler.start()
        started = time.perf_counter()
        job = issuance.run_issuance_job(job, phases=phases)
        seconds = time.perf_counter() - started
        sampler.stop()
        print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

        print(
            f"job {job.status}: {job.issued:,} of {job.total:,} certificates in {seconds:.1f} s = {job.issued / seconds:.1f} certificates/s"
        )
        if job.error:
            print(f"  job says: {job.error[:300]}")
        per = 1000 / max(1, phases.certificates)
        print("phases (seconds; ms per certificate):")
        print(f"  prepare (checks, token, PDF data)      {phases.prepare:7.1f}  {phases.prepare * per:6.2f}")
        print(f"  commit (rows, stored PDF, audit)       {phases.commit:7.1f}  {phases.commit * per:6.2f}")
        print(f"  waiting for PDFs                       {phases.wait:7.1f}  {phases.wait * per:6.2f}")
        print(
            f"  drawing PDFs (QR, Typst, PAdES), summed over the workers {phases.render:7.1f}  {phases.render * per:6.2f}"
        )
        print(
            "memory (RSS peak, MB): "
            f"this process {sampler.parent_max / 1024:.0f}; children together {sampler.children_max / 1024:.0f} "
            f"(largest {sampler.child_max / 1024:.0f}, {len(sampler.children_seen)} seen); "
            f"all together {sampler.total_max / 1024:.0f}"
        )
        problems = check(decision, args.count, folder.name)
        print("checks: " + ("all right" if not problems else "; ".join(problems)))
        target = seconds < 180 * args.count / COUNT and sampler.total_max < 500 * 1024
        print(f"target (10,000 in < 180 s, < 500 MB): {'met' if target else 'NOT met'}")
    finally:
        if not (args.keep and connection.vendor == "postgresql"):
            creation.destroy_test_db(name, verbosity=0)
        folder.cleanup()


if __name__ == "__main__":
    main()
