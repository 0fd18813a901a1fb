"""A bulk batch is written in one transaction, with one audit event per stored PDF and per
certificate; a line refused at commit time sends the batch one certificate at a time; the PDF
workers draw and sign without Django."""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from ujikom.certificates import pades, rendering
from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate, CertificateEvent
from ujikom.core.audit import NewEvent, record_event, record_events, verify_chain
from ujikom.core.models import AuditEvent
from ujikom.documents.models import StoredFile

pytestmark = pytest.mark.django_db


def drawn_batch(entries, issuer):
    context = issuance.decree_context(entries[0].decision, actor=issuer)
    issuance._read_ahead(context, entries)
    drafts = [issuance.prepare(entry, context=context) for entry in entries]
    return context, drafts, issuance.render_many([draft.pdf_data for draft in drafts], context.pdf_signing)


def stored_pdfs() -> set[str]:
    root = Path(default_storage.path(""))
    return {str(path) for path in root.rglob("sertifikat-*.pdf")}


def test_a_batch_is_issued_whole_with_its_files_events_and_audit_trail(numbered, issuer):
    context, drafts, pdfs = drawn_batch(numbered, issuer)

    certificates, problems = issuance.commit_batch(drafts, pdfs, context=context, actor=issuer)

    assert problems == [] and len(certificates) == 2
    for certificate, pdf in zip(certificates, pdfs, strict=True):
        certificate = Certificate.objects.select_related("pdf").get(pk=certificate.pk)
        assert certificate.entry.certificate_number == certificate.certificate_number
        with default_storage.open(certificate.pdf.file.name) as handle:
            assert handle.read() == pdf
        assert certificate.pdf.sha256 == hashlib.sha256(pdf).hexdigest() and certificate.pdf.size == len(pdf)
        assert certificate.pdf.subject_id == str(numbered[0].decision_id)
        assert 0 <= certificate.status_index < issuance.STATUS_INDEX_SIZE
        assert list(certificate.events.values_list("kind", flat=True)) == [CertificateEvent.Kind.ISSUED]
        issued = AuditEvent.objects.get(event_type="certificates.issued", subject_id=str(certificate.pk))
        assert issued.data["number"] == certificate.certificate_number
        assert issued.data["pdf"] == str(certificate.pdf.public_id)
        stored = AuditEvent.objects.get(event_type="file.stored", subject_id=str(certificate.pdf.pk))
        assert (
            stored.data["sha256"] == certificate.pdf.sha256
            and stored.data["path"] == certificate.pdf.file.name
        )
    assert len({certificate.status_index for certificate in certificates}) == 2
    assert verify_chain().ok


def test_a_line_issued_meanwhile_does_not_hold_back_the_rest_of_its_batch(numbered, issuer):
    context, drafts, pdfs = drawn_batch(numbered, issuer)
    first = issuance.issue_certificate(entry=numbered[0], actor=issuer)  # someone else was quicker
    files_before, rows_before = stored_pdfs(), StoredFile.objects.count()

    certificates, problems = issuance.commit_batch(drafts, pdfs, context=context, actor=issuer)

    assert [certificate.entry_id for certificate in certificates] == [numbered[1].pk]
    assert len(problems) == 1 and "sudah diterbitkan" in problems[0]
    assert Certificate.objects.get(entry=numbered[0]).pk == first.pk
    assert Certificate.objects.count() == 2 and StoredFile.objects.count() == rows_before + 1
    assert len(stored_pdfs() - files_before) == 1  # the batch's first try left no file behind
    assert verify_chain().ok


def test_a_batch_supersedes_the_holders_earlier_certificate(numbered, issuer):
    first = issuance.issue_certificate(entry=numbered[0], actor=issuer)
    Certificate.objects.filter(pk=first.pk).update(
        entry=None, certificate_number="OLD-1", registration_number="OLD-REG-1"
    )
    context, drafts, pdfs = drawn_batch(numbered, issuer)

    certificates, problems = issuance.commit_batch(drafts, pdfs, context=context, actor=issuer)

    assert problems == [] and len(certificates) == 2
    first.refresh_from_db()
    assert first.status == Certificate.Status.SUPERSEDED
    assert Certificate.objects.get(entry=numbered[0]).supersedes_id == first.pk
    assert Certificate.objects.get(entry=numbered[1]).supersedes_id is None
    assert verify_chain().ok


def test_events_recorded_together_chain_like_events_recorded_one_by_one(issuer):
    record_event(issuer, "test.one", actor=issuer)
    made = record_events(
        [NewEvent(issuer, "test.many", actor=issuer, data={"n": n}) for n in range(3)]
        + [NewEvent(None, "test.x", None)]
    )
    record_event(None, "test.last", actor=None)

    events = list(AuditEvent.objects.order_by("sequence"))
    assert [event.event_type for event in events][-6:] == [
        "test.one",
        *["test.many"] * 3,
        "test.x",
        "test.last",
    ]
    assert [event.data for event in made[:3]] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert made[3].actor_label == "sistem"
    sequences = [event.sequence for event in events]
    assert sequences == list(range(sequences[0], sequences[0] + len(events)))
    assert verify_chain().ok


WORKER = """
import pickle, sys
from ujikom.certificates import rendering
setup, data, material = pickle.load(sys.stdin.buffer)
rendering._start_worker(setup)
pdf = rendering._draw_batch([data], material).pdfs[0]
sys.stdout.buffer.write(pickle.dumps((pdf, sorted(name for name in sys.modules if name.split(".")[0] == "django"))))
"""


def test_a_pdf_worker_draws_and_signs_without_django(numbered, issuer):
    context = issuance.decree_context(numbered[0].decision, actor=issuer)
    data = issuance.prepare(numbered[0], context=context).pdf_data
    request = pickle.dumps((rendering.Setup.from_settings(), data, context.pdf_signing))

    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WORKER], input=request, capture_output=True, cwd=settings.BASE_DIR, check=True
    )

    pdf, django_modules = pickle.loads(done.stdout)  # noqa: S301 (our own child's answer)
    assert django_modules == []
    check = pades.verify_pdf(pdf)
    assert check["genuine"] and check["public_id"] == data["public_id"]
