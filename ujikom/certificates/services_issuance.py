"""Issuing competency certificates from an approved decree (SK Penetapan), singly or in bulk.

A certificate is issued for one decree line (`DecisionEntry`) of a candidate recommended K whose BNSP
certificate and registration numbers are recorded. Issuing is split in three so that bulk runs can
draw the PDFs in worker processes: `prepare` (reads and checks, signs the token, gathers the PDF
data; writes nothing), the PDF render (Typst, `render_pdf`) and `commit` (one transaction: the
entry is locked and checked again, then the certificate, its ISSUED event, the audit event and the
stored PDF are written together — no half-made certificate is ever visible).

`issue_certificate` does the three for one entry; `start_bulk_issuance` queues an `IssuanceJob`
that `run_issuance_job` works through (each batch in one transaction, `commit_batch`, or one
certificate at a time when a line of it is refused; entries already issued are skipped, so running
it again issues nothing twice and a crashed run resumes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.assessment import results
from ujikom.assessment.models import (
    Assessment,
    Decision,
    DecisionApproval,
    DecisionEntry,
    UnitResult,
    Verdict,
)
from ujikom.assessment.services_decision import DIRECTOR_ROLE, director_office, official
from ujikom.core.access import has_permission
from ujikom.core.audit import NewEvent, record_event, record_events
from ujikom.core.models import DocumentType, Organization, User
from ujikom.documents.models import StoredFile
from ujikom.documents.naming import storage_name
from ujikom.documents.services import store_file
from ujikom.documents.typst import indonesian_date, letterhead

from . import keys, pades, rendering, tokens
from .models import Certificate, CertificateEvent, IssuanceJob
from .services_lifecycle import SUPERSEDABLE, supersede_previous
from .tasks import store_verifications_later

TYPST = Path(__file__).resolve().parent / "typst"
TEMPLATE = TYPST / "certificate.typ"
ISSUE = "certificates.issue"
STATUS_INDEX_SIZE = 131_072
STALE_AFTER = dt.timedelta(minutes=15)  # a RUNNING job not updated for this long may be restarted
BATCH = 32

EVENT_LABELS = {
    "certificates.issued": gettext_lazy("Sertifikat kompetensi diterbitkan"),
    "certificates.bulk_started": gettext_lazy("Penerbitan sertifikat massal dimulai"),
    "certificates.bulk_finished": gettext_lazy("Penerbitan sertifikat massal selesai"),
}

Renderer = Callable[[Sequence[dict[str, Any]], pades.Material | None], list[bytes]]


# ---- small helpers ------------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def certificate_document_type() -> DocumentType:
    kind, _created = DocumentType.objects.get_or_create(
        code="certificate",
        defaults={"name": "Sertifikat kompetensi", "abbreviation": "SERT"},
    )
    return kind


def verification_url(public_id: str) -> str:
    return f"{settings.SITE_URL}/v/{public_id}"


qr_svg = rendering.qr_svg


def render_pdf(data: dict[str, Any], signing: pades.Material | None = None) -> bytes:
    """Draw one certificate PDF (compiles in the calling process), PAdES-signed when `signing` is given."""
    from ujikom.documents.typst import compile_document

    pdf = bytes(compile_document(TEMPLATE, rendering.typst_inputs(data)))
    if signing is None:
        return pdf
    return pades.sign_pdf(pdf, signing, public_id=str(data.get("public_id") or ""))


def render_many(datas: Sequence[dict[str, Any]], signing: pades.Material | None = None) -> list[bytes]:
    return [render_pdf(data, signing) for data in datas]


def require_issuer(user: User, lsp: Organization) -> None:
    if not (user.is_superuser or has_permission(user, ISSUE, lsp)):
        raise PermissionDenied(_("Anda tidak memiliki hak menerbitkan sertifikat di LSP ini."))


# ---- what a decree gives every certificate ------------------------------------------------------


@dataclass
class DecreeContext:
    """What the certificates of one decree share (read once per decree in bulk)."""

    decision: Decision
    lsp: Organization
    units: list[dict[str, str]]
    unit_ids: list[int]
    signer_name: str
    signer_title: str
    org: dict[str, str]
    place: str
    signer: keys.Signer
    pdf_signing: pades.Material | None = None
    _unit_objects: list[Any] = field(default_factory=list)
    # Read ahead for a bulk batch (`_read_ahead`): current verdicts by registration, entries already
    # issued, and the LSP's status indexes in use. Single issuance reads them one by one.
    _verdicts: dict[int, dict[int, str]] = field(default_factory=dict)
    _issued_entries: set[int] = field(default_factory=set)
    _taken_indexes: set[int] | None = None


def decree_context(
    decision: Decision, *, actor: User | None = None, signer: keys.Signer | None = None
) -> DecreeContext:
    decision = Decision.objects.select_related("lsp", "event__scheme").get(pk=decision.pk)
    lsp = decision.lsp
    unit_objects = results.scheme_units(decision.event)
    signing = (
        DecisionApproval.objects.filter(
            decision=decision, stage=DecisionApproval.Stage.SIGN, outcome=DecisionApproval.Outcome.APPROVED
        )
        .select_related("actor")
        .order_by("-acted_at", "-id")
        .first()
    )
    signer_name, signer_title = "", director_office(lsp)
    if signing is not None:
        block = official(signing.actor, lsp, DIRECTOR_ROLE, director_office(lsp))
        signer_name, signer_title = block["name"], block["title"]
    return DecreeContext(
        decision=decision,
        lsp=lsp,
        units=[{"code": unit.code, "title": unit.title} for unit in unit_objects],
        unit_ids=[unit.pk for unit in unit_objects],
        signer_name=signer_name,
        signer_title=signer_title,
        org=letterhead(lsp),
        place=lsp.city or "Jakarta",
        signer=signer or keys.signer_for(lsp, actor=actor),
        pdf_signing=pades.material_for(lsp, actor=actor),
        _unit_objects=unit_objects,
    )


# ---- checks -------------------------------------------------------------------------------------


def _refusal(
    entry: DecisionEntry, decision: Decision, context: DecreeContext, *, locked: bool = True
) -> ValidationError | None:
    """Why this entry cannot get a certificate now, or None. In a bulk batch the verdicts and the
    entries issued were read ahead for the batch; under the entry's lock (`locked`, in `commit`)
    whether it was issued meanwhile is read again."""
    name = entry.registration.full_name
    if decision.status != Decision.Status.APPROVED:
        return ValidationError(
            _(
                "SK Penetapan belum ditetapkan Direktur; sertifikat hanya diterbitkan dari SK yang sudah ditetapkan."
            )
        )
    if not entry.certificate_number or not entry.registration_number:
        return ValidationError(
            _(
                "%(name)s belum memiliki nomor sertifikat dan nomor registrasi dari BNSP; catat nomornya dahulu."
            )
            % {"name": name}
        )
    verdicts = context._verdicts.get(entry.registration_id)
    read_ahead = verdicts is not None
    if verdicts is None:
        assessment = Assessment.objects.filter(registration_id=entry.registration_id).first()
        verdicts = results.current_verdicts(assessment) if assessment is not None else {}
    if results.overall(context._unit_objects, verdicts) != Verdict.COMPETENT:
        return ValidationError(
            _("%(name)s tidak direkomendasikan kompeten (K); sertifikat tidak dapat diterbitkan.")
            % {"name": name}
        )
    if entry.pk in context._issued_entries or (
        (locked or not read_ahead) and Certificate.objects.filter(entry_id=entry.pk).exists()
    ):
        return ValidationError(_("Sertifikat untuk %(name)s sudah diterbitkan.") % {"name": name})
    return None


def _read_ahead(context: DecreeContext, entries: Sequence[DecisionEntry]) -> None:
    """Read what the checks of a bulk batch need in three queries instead of three per entry."""
    registration_ids = [entry.registration_id for entry in entries]
    verdicts: dict[int, dict[int, str]] = {registration_id: {} for registration_id in registration_ids}
    rows = UnitResult.objects.filter(
        assessment__registration_id__in=registration_ids, is_current=True
    ).values_list("assessment__registration_id", "unit_id", "verdict")
    for registration_id, unit_id, verdict in rows:
        verdicts[registration_id][unit_id] = verdict
    context._verdicts.update(verdicts)
    context._issued_entries.update(
        Certificate.objects.filter(entry_id__in=[entry.pk for entry in entries]).values_list(
            "entry_id", flat=True
        )
    )
    if context._taken_indexes is None:
        context._taken_indexes = set(
            Certificate.objects.filter(lsp=context.lsp).values_list("status_index", flat=True)
        )


def _forget(context: DecreeContext, entries: Sequence[DecisionEntry]) -> None:
    for entry in entries:
        context._verdicts.pop(entry.registration_id, None)
        context._issued_entries.discard(entry.pk)


# ---- prepare, render, commit --------------------------------------------------------------------


@dataclass
class Draft:
    """A certificate ready to be written once its PDF is drawn."""

    entry: DecisionEntry
    fields: dict[str, Any]
    pdf_data: dict[str, Any]


def prepare(entry: DecisionEntry, *, context: DecreeContext, issued_on: dt.date | None = None) -> Draft:
    """Check the entry and build the certificate's fields, signed token and PDF data (no writes)."""
    decision = context.decision
    error = _refusal(entry, decision, context, locked=False)
    if error is not None:
        raise error
    registration = entry.registration
    scheme = decision.event.scheme
    issued = issued_on or timezone.localdate()
    valid_until = add_years(issued, scheme.validity_years or 3)
    public_id = Certificate._meta.get_field("public_id").get_default()
    claims = tokens.claims_of(
        public_id=public_id,
        number=entry.certificate_number,
        holder=registration.full_name,
        scheme=scheme.code,
        issued_on=issued,
        valid_until=valid_until,
    )
    token = tokens.sign_token(context.signer, claims)
    url = verification_url(public_id)
    fields = {
        "public_id": public_id,
        "lsp": context.lsp,
        "entry": entry,
        "registration": registration,
        "holder_id": registration.candidate_id,
        "holder_name": registration.full_name,
        "holder_nik": registration.nik,
        "scheme": scheme,
        "scheme_code": scheme.code,
        "scheme_name": scheme.name,
        "units": context.units,
        "certificate_number": entry.certificate_number,
        "registration_number": entry.registration_number,
        "issued_on": issued,
        "valid_until": valid_until,
        "status": Certificate.Status.VALID,
        "signer_name": context.signer_name,
        "signer_title": context.signer_title,
        "kid": context.signer.kid,
        "token": token,
    }
    pdf_data = {
        "org": context.org,
        "certificate_number": entry.certificate_number,
        "registration_number": entry.registration_number,
        "holder": registration.full_name,
        "scheme": {"code": scheme.code, "name": scheme.name},
        "units": context.units,
        "issued_on": indonesian_date(issued),
        "valid_until": indonesian_date(valid_until),
        "signer": {"title": context.signer_title, "name": context.signer_name or "-"},
        "place": context.place,
        "qr_text": f"{url}#{token}",  # drawn as SVG where the PDF is compiled (a worker in bulk)
        "url": url,
        "public_id": public_id,
    }
    return Draft(entry=entry, fields=fields, pdf_data=pdf_data)


def _free_status_index(lsp: Organization, taken: set[int] | None = None) -> int:
    """A random index not in use in the LSP's status lists (`taken`: the indexes in use, read ahead)."""
    for _attempt in range(50):
        index = secrets.randbelow(STATUS_INDEX_SIZE)
        if taken is not None:
            if index not in taken:
                taken.add(index)
                return index
        elif not Certificate.objects.filter(lsp=lsp, status_index=index).exists():
            return index
    raise ValidationError(_("Daftar status LSP ini sudah penuh; hubungi administrator."))


def commit(
    draft: Draft,
    pdf: bytes,
    *,
    context: DecreeContext,
    actor: User,
    document_type: DocumentType | None = None,
) -> Certificate:
    """Write the certificate, its ISSUED event, the audit event and the PDF in one transaction; the
    entry is locked and checked again (two people issuing at once get one certificate)."""
    with transaction.atomic():
        entry = (
            DecisionEntry.objects.select_for_update(of=("self",))
            .select_related("registration", "decision")
            .get(pk=draft.entry.pk)
        )
        error = _refusal(entry, entry.decision, context)
        if error is not None:
            raise error
        lsp = context.lsp
        stored = store_file(
            organization=lsp,
            content=pdf,
            name=f"sertifikat-{draft.fields['public_id']}.pdf",
            actor=actor,
            content_type="application/pdf",
            document_type=document_type or certificate_document_type(),
            title=f"Sertifikat {draft.fields['certificate_number']} · {draft.fields['holder_name']}"[:255],
            subject=entry.decision,
            is_generated=True,
        )
        certificate = None
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    certificate = Certificate.objects.create(
                        **draft.fields,
                        status_index=_free_status_index(lsp, context._taken_indexes),
                        pdf=stored,
                        issued_by=actor,
                    )
                break
            except IntegrityError:
                if Certificate.objects.filter(
                    Q(entry_id=entry.pk) | Q(certificate_number=entry.certificate_number)
                ).exists():
                    raise ValidationError(
                        _("Sertifikat untuk %(name)s sudah diterbitkan.")
                        % {"name": entry.registration.full_name}
                    ) from None
        if certificate is None:
            raise ValidationError(_("Indeks daftar status tidak dapat dipilih; coba lagi."))
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.ISSUED, actor=actor, at=timezone.now()
        )
        supersede_previous(certificate=certificate, actor=actor)  # re-certification replaces the older one
        record_event(
            certificate,
            "certificates.issued",
            actor=actor,
            organization=lsp,
            data={
                "number": certificate.certificate_number,
                "registration_number": certificate.registration_number,
                "holder": certificate.holder_name,
                "decree": entry.decision.decree_number,
                "kid": certificate.kid,
                "pdf": str(stored.public_id),
            },
        )
    return certificate


class _NotTogether(Exception):
    """A line of the batch fails its re-check: the batch is committed one certificate at a time."""


def commit_batch(
    drafts: Sequence[Draft],
    pdfs: Sequence[bytes],
    *,
    context: DecreeContext,
    actor: User,
    document_type: DocumentType | None = None,
) -> tuple[list[Certificate], list[str]]:
    """Write a drawn batch: all of it in one transaction (the entries locked and checked again, the
    rows, ISSUED events and audit events written in bulk), or — when a line fails its re-check or
    another writer got in between — each certificate in its own transaction as `commit` writes it,
    so one bad line does not hold the others back. Returns the certificates written and the reasons
    of the lines refused."""
    if len(drafts) > 1:
        try:
            return _commit_together(
                drafts, pdfs, context=context, actor=actor, document_type=document_type
            ), []
        except (_NotTogether, IntegrityError):
            pass
    certificates, problems = [], []
    for draft, pdf in zip(drafts, pdfs, strict=True):
        try:
            certificates.append(commit(draft, pdf, context=context, actor=actor, document_type=document_type))
        except ValidationError as error:
            problems.extend(error.messages)
    return certificates, problems


def _commit_together(
    drafts: Sequence[Draft],
    pdfs: Sequence[bytes],
    *,
    context: DecreeContext,
    actor: User,
    document_type: DocumentType | None,
) -> list[Certificate]:
    lsp = context.lsp
    document_type = document_type or certificate_document_type()
    ids = [draft.entry.pk for draft in drafts]
    files: list[StoredFile] = []
    try:
        for draft, pdf in zip(drafts, pdfs, strict=True):  # written before the transaction
            if not pades.looks_like_pdf(pdf):
                raise _NotTogether  # `store_file` says what is wrong with it
            files.append(
                _pdf_file(draft, pdf, decision=context.decision, actor=actor, document_type=document_type)
            )
        with transaction.atomic():
            entries = {
                entry.pk: entry
                for entry in DecisionEntry.objects.select_for_update(of=("self",))
                .select_related("registration", "decision")
                .filter(pk__in=ids)
            }
            context._issued_entries.update(
                Certificate.objects.filter(entry_id__in=ids).values_list("entry_id", flat=True)
            )
            for pk in ids:  # under the locks; whether issued meanwhile was read just above
                entry = entries.get(pk)
                if entry is None or _refusal(entry, entry.decision, context, locked=False) is not None:
                    raise _NotTogether
            StoredFile.objects.bulk_create(files)
            certificates = [
                Certificate(
                    **draft.fields,
                    status_index=_free_status_index(lsp, context._taken_indexes),
                    pdf=stored,
                    issued_by=actor,
                )
                for draft, stored in zip(drafts, files, strict=True)
            ]
            Certificate.objects.bulk_create(certificates)
            now = timezone.now()
            CertificateEvent.objects.bulk_create(
                CertificateEvent(
                    certificate=certificate, kind=CertificateEvent.Kind.ISSUED, actor=actor, at=now
                )
                for certificate in certificates
            )
            _supersede_all(certificates, actor=actor)
            stored_events = [
                NewEvent(stored, "file.stored", actor=actor, organization=lsp, data=_stored_data(stored))
                for stored in files
            ]
            issued_events = [
                NewEvent(
                    certificate,
                    "certificates.issued",
                    actor=actor,
                    organization=lsp,
                    data={
                        "number": certificate.certificate_number,
                        "registration_number": certificate.registration_number,
                        "holder": certificate.holder_name,
                        "decree": entries[draft.entry.pk].decision.decree_number,
                        "kid": certificate.kid,
                        "pdf": str(stored.public_id),
                    },
                )
                for draft, certificate, stored in zip(drafts, certificates, files, strict=True)
            ]
            record_events(stored_events + issued_events)
    except BaseException:
        from django.core.files.storage import default_storage

        for stored in files:  # the rows are gone with the transaction; so go their files
            if stored.file.name:
                default_storage.delete(stored.file.name)
        raise
    return certificates


def _pdf_file(
    draft: Draft, pdf: bytes, *, decision: Decision, actor: User, document_type: DocumentType
) -> StoredFile:
    """The certificate's PDF written to storage, its `StoredFile` row not saved yet (as `store_file`
    makes it for a generated PDF)."""
    name = f"sertifikat-{draft.fields['public_id']}.pdf"
    stored = StoredFile(
        organization=decision.lsp,
        document_type=document_type,
        original_name=name,
        content_type="application/pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        title=f"Sertifikat {draft.fields['certificate_number']} · {draft.fields['holder_name']}"[:255],
        is_generated=True,
        created_by=actor if actor.is_authenticated else None,
        subject_type=decision._meta.label_lower,
        subject_id=str(decision.pk),
    )
    stored.file.save(storage_name(name), ContentFile(pdf), save=False)
    return stored


def _stored_data(stored: StoredFile) -> dict[str, Any]:
    """What `store_file` records of a stored file in the audit log."""
    return {
        "public_id": stored.public_id,
        "name": stored.original_name,
        "path": stored.file.name,
        "size": stored.size,
        "sha256": stored.sha256,
        "content_type": stored.content_type,
        "claimed_content_type": "application/pdf",
        "document_type": stored.document_type.code if stored.document_type else None,
        "is_generated": True,
        "subject": f"{stored.subject_type}:{stored.subject_id}",
    }


def _supersede_all(certificates: Sequence[Certificate], *, actor: User) -> None:
    """`supersede_previous` for each new certificate that has an earlier one to replace (one query
    finds which: the same holder's certificates in the same scheme, in the database or the batch)."""
    keys_seen: dict[tuple[str, int], int] = {}
    for certificate in certificates:
        key = (certificate.holder_nik, certificate.scheme_id)
        keys_seen[key] = keys_seen.get(key, 0) + 1
    earlier = set(
        Certificate.objects.filter(
            holder_nik__in={nik for nik, _scheme in keys_seen},
            scheme_id__in={scheme for _nik, scheme in keys_seen},
            status__in=SUPERSEDABLE,
        )
        .exclude(pk__in=[certificate.pk for certificate in certificates])
        .values_list("holder_nik", "scheme_id")
    )
    for certificate in certificates:
        key = (certificate.holder_nik, certificate.scheme_id)
        if key in earlier or keys_seen[key] > 1:
            supersede_previous(certificate=certificate, actor=actor)


def issue_certificate(
    *,
    entry: DecisionEntry,
    actor: User,
    signer: keys.Signer | None = None,
    issued_on: dt.date | None = None,
    context: DecreeContext | None = None,
) -> Certificate:
    """Issue the certificate of one decree line: refused (ValidationError, in Indonesian) when the
    decree is not approved, the entry has no BNSP numbers, the candidate is not recommended K, or it
    was already issued. Returns the certificate with its signed token and stored PDF."""
    entry = DecisionEntry.objects.select_related("registration", "decision__lsp").get(pk=entry.pk)
    require_issuer(actor, entry.decision.lsp)
    context = context or decree_context(entry.decision, actor=actor, signer=signer)
    draft = prepare(entry, context=context, issued_on=issued_on)
    certificate = commit(draft, render_pdf(draft.pdf_data, context.pdf_signing), context=context, actor=actor)
    store_verifications_later([certificate])
    return certificate


# ---- bulk issuance ------------------------------------------------------------------------------


def pending_entries(decision: Decision) -> list[DecisionEntry]:
    """Entries of the decree without a certificate yet, in decree order."""
    return list(
        DecisionEntry.objects.filter(decision=decision, certificate__isnull=True)
        .select_related("registration")
        .order_by("position", "id")
    )


def pending_in_batches(decision: Decision, size: int) -> tuple[int, Iterator[DecisionEntry]]:
    """How many entries of the decree have no certificate yet, and those entries in decree order,
    read `size` at a time (a decree of 10,000 candidates is never all in memory)."""
    ids = list(
        DecisionEntry.objects.filter(decision=decision, certificate__isnull=True)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )

    def entries() -> Iterator[DecisionEntry]:
        for start in range(0, len(ids), size):
            yield from (
                DecisionEntry.objects.filter(pk__in=ids[start : start + size])
                .select_related("registration")
                .order_by("position", "id")
            )

    return len(ids), entries()


@transaction.atomic
def start_bulk_issuance(*, decision: Decision, actor: User) -> IssuanceJob:
    """Queue the issuance of every entry of the approved decree still without a certificate. While a
    job of the decree is running (and not stale) that job is returned instead of a second one."""
    decision = Decision.objects.select_for_update().select_related("lsp").get(pk=decision.pk)
    require_issuer(actor, decision.lsp)
    if decision.status != Decision.Status.APPROVED:
        raise ValidationError(
            _(
                "SK Penetapan belum ditetapkan Direktur; sertifikat hanya diterbitkan dari SK yang sudah ditetapkan."
            )
        )
    running = (
        IssuanceJob.objects.filter(
            decision=decision, status__in=[IssuanceJob.Status.PENDING, IssuanceJob.Status.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )
    if running is not None and timezone.now() - running.updated_at < STALE_AFTER:
        return running
    if running is not None:  # its worker died: mark it and start afresh (issued entries are skipped)
        running.status = IssuanceJob.Status.FAILED
        running.error = _("Dihentikan karena tidak berjalan lagi; dilanjutkan oleh penerbitan baru.")
        running.finished_at = timezone.now()
        running.save(update_fields=["status", "error", "finished_at", "updated_at"])
    total = DecisionEntry.objects.filter(decision=decision).count()
    already = Certificate.objects.filter(entry__decision=decision).count()
    job = IssuanceJob.objects.create(decision=decision, total=total, issued=already, created_by=actor)
    record_event(
        decision,
        "certificates.bulk_started",
        actor=actor,
        organization=decision.lsp,
        data={"job": str(job.public_id)},
    )
    from .tasks import run_bulk_issuance

    transaction.on_commit(lambda: run_bulk_issuance(job.pk))
    return job


@dataclass
class Phases:
    """Seconds a bulk run spent in each phase (filled in when given; the bench prints them)."""

    prepare: float = 0.0  # checks, signed token, PDF data (this process)
    wait: float = 0.0  # this process waiting for PDFs
    render: float = 0.0  # drawing the PDFs, summed over the processes that drew them
    commit: float = 0.0  # database rows and stored PDFs (this process)
    certificates: int = 0


def _submitter(
    renderer: Renderer | rendering.PoolRenderer,
) -> Callable[[list[dict[str, Any]], pades.Material | None], Future[rendering.Drawn]]:
    """`submit(datas, signing)`: a pool's own, or a plain renderer called at once."""
    if isinstance(renderer, rendering.PoolRenderer):
        return renderer.submit

    def submit(datas: list[dict[str, Any]], signing: pades.Material | None) -> Future[rendering.Drawn]:
        future: Future[rendering.Drawn] = Future()
        started = time.perf_counter()
        try:
            future.set_result(rendering.Drawn(renderer(datas, signing), time.perf_counter() - started))
        except Exception as error:  # handed over like a worker's error
            future.set_exception(error)
        return future

    return submit


def _batches(entries: Iterable[DecisionEntry], size: int) -> Iterator[list[DecisionEntry]]:
    batch: list[DecisionEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def issue_entries(
    entries: Iterable[DecisionEntry],
    *,
    context: DecreeContext,
    actor: User,
    renderer: Renderer | rendering.PoolRenderer = render_many,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    phases: Phases | None = None,
) -> tuple[int, list[str]]:
    """Issue the entries, `batch` PDFs drawn at a time by `renderer`, each batch committed in one
    transaction (`commit_batch`). Entries that cannot be issued are skipped with their reason. Returns (issued, problems).

    With a pool the work overlaps: while the workers draw the next batches, this process prepares
    the one after and commits the one drawn; at most one batch per worker and one more wait, so
    memory stays bounded whatever the number of entries. A renderer error (a worker that died) stops
    the run: the batches not committed are dropped, nothing of them is written."""
    phases = phases if phases is not None else Phases()
    submit = _submitter(renderer)
    ahead_limit = getattr(renderer, "processes", 0) + 1
    issued, problems = 0, []
    document_type = certificate_document_type()
    ahead: deque[tuple[list[Draft], Future[rendering.Drawn]]] = deque()

    def write(drafts: list[Draft], future: Future[rendering.Drawn]) -> None:
        nonlocal issued
        started = time.perf_counter()
        drawn = future.result()
        written = time.perf_counter()
        phases.wait += written - started
        phases.render += drawn.seconds
        certificates, refused = commit_batch(
            drafts, drawn.pdfs, context=context, actor=actor, document_type=document_type
        )
        issued += len(certificates)
        problems.extend(refused)
        store_verifications_later(certificates)
        _forget(context, [draft.entry for draft in drafts])
        phases.commit += time.perf_counter() - written
        phases.certificates = issued
        if progress is not None:
            progress(issued)

    try:
        for chunk in _batches(entries, batch):
            started = time.perf_counter()
            _read_ahead(context, chunk)
            drafts = []
            for entry in chunk:
                try:
                    drafts.append(prepare(entry, context=context))
                except ValidationError as error:
                    problems.extend(error.messages)
            phases.prepare += time.perf_counter() - started
            if drafts:
                ahead.append((drafts, submit([draft.pdf_data for draft in drafts], context.pdf_signing)))
            while len(ahead) > ahead_limit:
                write(*ahead.popleft())
        while ahead:
            write(*ahead.popleft())
    finally:
        for _drafts, future in ahead:
            future.cancel()
    return issued, problems


def run_issuance_job(
    job: IssuanceJob, *, renderer: Renderer | None = None, phases: Phases | None = None
) -> IssuanceJob:
    """Work through a bulk issuance job (the job worker calls this). Issues what is not issued yet.

    Unless a renderer is given, the PDFs are drawn by CERTIFICATE_RENDER_PROCESSES worker processes
    (0: in this process). If a worker dies the job is marked FAILED with a message; the certificates
    committed before stay (each is whole), and starting the issuance again carries on."""
    with transaction.atomic():
        job = IssuanceJob.objects.select_for_update().select_related("decision", "created_by").get(pk=job.pk)
        if job.status in (IssuanceJob.Status.DONE, IssuanceJob.Status.FAILED):
            return job
        job.status = IssuanceJob.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
    decision = job.decision

    def progress(_count: int) -> None:
        done = Certificate.objects.filter(entry__decision=decision).count()
        IssuanceJob.objects.filter(pk=job.pk).update(issued=done, updated_at=timezone.now())

    pool: rendering.PoolRenderer | None = None
    try:
        context = decree_context(decision, actor=job.created_by)
        count, pending = pending_in_batches(decision, BATCH)
        if renderer is None:
            pool = rendering.pool_for(
                count,
                processes=settings.CERTIFICATE_RENDER_PROCESSES,
                batch=BATCH,
                signing=context.pdf_signing is not None,
            )
        _issued, problems = issue_entries(
            pending,
            context=context,
            actor=job.created_by,
            renderer=pool or renderer or render_many,
            batch=BATCH,
            progress=progress,
            phases=phases,
        )
    except (
        Exception
    ) as error:  # the job shows it failed; nothing half-made stays (whole batches or certificates)
        if isinstance(error, rendering.BrokenProcessPool):
            message = _(
                "Proses pembuat PDF sertifikat berhenti mendadak; penerbitan dihentikan. Sertifikat yang "
                "sudah terbit tetap utuh; mulai penerbitan massal lagi untuk melanjutkan sisanya."
            )
        elif isinstance(error, ValidationError):
            message = " ".join(error.messages)
        else:
            message = str(error)
        IssuanceJob.objects.filter(pk=job.pk).update(
            status=IssuanceJob.Status.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        if pool is not None:
            pool.close()
    job.refresh_from_db()
    job.issued = Certificate.objects.filter(entry__decision=decision).count()
    job.status = IssuanceJob.Status.DONE
    job.error = "\n".join(dict.fromkeys(problems))
    job.finished_at = timezone.now()
    job.save(update_fields=["issued", "status", "error", "finished_at", "updated_at"])
    record_event(
        decision,
        "certificates.bulk_finished",
        actor=job.created_by,
        organization=decision.lsp,
        data={"job": str(job.public_id), "issued": job.issued, "total": job.total, "problems": len(problems)},
    )
    return job
