"""Bulk issuance from a decree: idempotent, resumable, progress recorded on the job."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ujikom.assessment.models import Decision
from ujikom.certificates import services_issuance as issuance
from ujikom.certificates.keys import b64url
from ujikom.certificates.models import Certificate, CertificateEvent, IssuanceJob

pytestmark = pytest.mark.django_db


def run_bulk(decision, actor, capture) -> IssuanceJob:
    with capture(execute=True):
        job = issuance.start_bulk_issuance(decision=decision, actor=actor)
    job.refresh_from_db()
    return job


def test_bulk_issues_every_entry_once_and_again_nothing(numbered, issuer, django_capture_on_commit_callbacks):
    decision = numbered[0].decision
    job = run_bulk(decision, issuer, django_capture_on_commit_callbacks)
    assert job.status == IssuanceJob.Status.DONE and (job.issued, job.total) == (2, 2)
    assert Certificate.objects.filter(entry__decision=decision).count() == 2

    again = run_bulk(decision, issuer, django_capture_on_commit_callbacks)
    assert again.pk != job.pk and again.status == IssuanceJob.Status.DONE
    assert Certificate.objects.count() == 2 and CertificateEvent.objects.count() == 2


def test_bulk_resumes_after_a_crash(numbered, issuer, django_capture_on_commit_callbacks):
    decision = numbered[0].decision
    first = issuance.issue_certificate(entry=numbered[0], actor=issuer)  # issued before the worker died
    stuck = IssuanceJob.objects.create(
        decision=decision, total=2, issued=1, status=IssuanceJob.Status.RUNNING, created_by=issuer
    )
    IssuanceJob.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))

    job = run_bulk(decision, issuer, django_capture_on_commit_callbacks)

    stuck.refresh_from_db()
    assert stuck.status == IssuanceJob.Status.FAILED
    assert job.status == IssuanceJob.Status.DONE and job.issued == 2
    numbers = set(Certificate.objects.values_list("certificate_number", flat=True))
    assert numbers == {entry.certificate_number for entry in numbered}
    assert Certificate.objects.get(entry=numbered[0]).pk == first.pk


def test_a_running_job_is_not_started_twice(numbered, issuer):
    decision = numbered[0].decision
    running = IssuanceJob.objects.create(
        decision=decision, total=2, status=IssuanceJob.Status.RUNNING, created_by=issuer
    )
    assert issuance.start_bulk_issuance(decision=decision, actor=issuer).pk == running.pk


def test_bulk_skips_entries_without_numbers_and_says_why(
    approved, issuer, django_capture_on_commit_callbacks
):
    job = run_bulk(approved, issuer, django_capture_on_commit_callbacks)
    assert job.status == IssuanceJob.Status.DONE and job.issued == 0
    assert "belum memiliki nomor sertifikat" in job.error
    assert not Certificate.objects.exists()


def test_bulk_from_an_unapproved_decree_is_refused(numbered, issuer):
    decision = numbered[0].decision
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.PROPOSED)
    with pytest.raises(ValidationError, match="belum ditetapkan"):
        issuance.start_bulk_issuance(decision=decision, actor=issuer)
    assert not IssuanceJob.objects.exists()


def test_a_job_refused_for_a_missing_pdf_identity_says_why_in_words(numbered, issuer, settings):
    """In production an LSP without `ujikom keys init` cannot issue; the job page shows the sentence."""
    development_key = hashlib.sha256(b"ujikom-key-encryption|" + settings.SECRET_KEY.encode()).digest()
    settings.KEY_ENCRYPTION_KEY = b64url(development_key)  # the tokens' key stays readable
    settings.DEBUG = False
    settings.TESTING = False
    decision = numbered[0].decision
    job = IssuanceJob.objects.create(decision=decision, total=2, created_by=issuer)

    with pytest.raises(ValidationError):
        issuance.run_issuance_job(job)

    job.refresh_from_db()
    assert job.status == IssuanceJob.Status.FAILED
    assert "ujikom keys init --lsp" in job.error
    assert not job.error.startswith("[")
    assert not Certificate.objects.filter(entry__decision=decision).exists()
