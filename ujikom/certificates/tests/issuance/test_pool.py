"""Bulk issuance with the PDFs drawn in worker processes: the same certificates as drawn here, a
worker that dies fails the job without half-made certificates, and running again carries on."""

from __future__ import annotations

import os
from concurrent.futures import Future
from io import BytesIO
from typing import Any

import pytest
from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from ujikom.certificates import rendering
from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.models import Certificate, IssuanceJob
from ujikom.documents.services import open_file

pytestmark = pytest.mark.django_db


def stored_pdf(certificate: Certificate) -> bytes:
    with open_file(certificate.pdf) as handle:
        return handle.read()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def signature_fields(pdf: bytes) -> list[str]:
    return [signature.field_name for signature in PdfFileReader(BytesIO(pdf)).embedded_signatures]


def new_job(decision, issuer) -> IssuanceJob:
    return IssuanceJob.objects.create(decision=decision, total=2, created_by=issuer)


def test_a_worker_draws_the_same_pdf_as_this_process(numbered, issuer):
    context = issuance.decree_context(numbered[0].decision, actor=issuer)
    draft = issuance.prepare(numbered[0], context=context)

    here = issuance.render_pdf(draft.pdf_data)
    with rendering.PoolRenderer(1, rendering.Setup.from_settings(signing=False)) as pool:
        there = pool([draft.pdf_data], None)[0]

    assert text_of(there) == text_of(here)
    assert numbered[0].registration.full_name in text_of(there)
    assert draft.fields["public_id"] in text_of(there)


def test_a_job_with_two_workers_issues_signed_pdfs_of_each_holder(numbered, issuer, monkeypatch):
    monkeypatch.setattr(issuance, "BATCH", 1)  # two batches, one per worker
    job = new_job(numbered[0].decision, issuer)
    phases = issuance.Phases()

    with override_settings(CERTIFICATE_RENDER_PROCESSES=2):
        job = issuance.run_issuance_job(job, phases=phases)

    assert job.status == IssuanceJob.Status.DONE and job.issued == 2, job.error
    assert phases.certificates == 2 and phases.render > 0
    for entry in numbered:
        certificate = Certificate.objects.get(entry=entry)
        pdf = stored_pdf(certificate)
        text = text_of(pdf)
        assert entry.registration.full_name in text and entry.certificate_number in text
        assert signature_fields(pdf) == [f"Sertifikat_{certificate.public_id}"]


class DyingPool(rendering.PoolRenderer):
    """A pool whose worker exits in the middle of the second batch, as a crashed process would."""

    calls = 0

    def submit(self, datas: Any, signing: Any = None) -> Future[rendering.Drawn]:
        self.calls += 1
        if self.calls == 2:
            return self._executor.submit(os._exit, 70)  # type: ignore[arg-type]
        return super().submit(datas, signing)


def test_a_dead_worker_fails_the_job_leaves_no_half_certificate_and_issuing_again_carries_on(
    numbered, issuer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(issuance, "BATCH", 1)
    decision = numbered[0].decision
    job = new_job(decision, issuer)

    with (
        DyingPool(1, rendering.Setup.from_settings(signing=True)) as pool,
        pytest.raises(rendering.BrokenProcessPool),
    ):
        issuance.run_issuance_job(job, renderer=pool)

    job.refresh_from_db()
    assert job.status == IssuanceJob.Status.FAILED
    assert "berhenti mendadak" in job.error and job.finished_at is not None
    made = list(Certificate.objects.filter(entry__decision=decision))
    assert len(made) < 2
    assert all(certificate.pdf_id and stored_pdf(certificate) for certificate in made)

    with django_capture_on_commit_callbacks(execute=True):
        again = issuance.start_bulk_issuance(decision=decision, actor=issuer)
    again.refresh_from_db()
    assert again.status == IssuanceJob.Status.DONE and again.issued == 2
    assert sorted(Certificate.objects.values_list("certificate_number", flat=True)) == sorted(
        entry.certificate_number for entry in numbered
    )
    assert all(certificate.pdf_id for certificate in Certificate.objects.all())
