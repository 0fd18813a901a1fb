"""Demo of certificates (the certificates part of the demo, after the assessment demo).

The LSP issues the certificates of the earlier batch ("Angkatan Percontohan", decided and numbered
by the assessment demo) through the issuing services, PDFs drawn, so the demo candidate `peserta`
finds hers in her portal. Before that, three older certificates of the LSP are put in place to show
the other states: Citra Lestari's certificate of the same scheme from three years ago, which the new
issue supersedes (re-certification); the demo candidate's Junior Web Developer certificate, which
ends within 90 days and gets its reminder from the nightly job; and one revoked with its reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ujikom.assessment.demo import DEMO_TITLE
from ujikom.assessment.models import Decision
from ujikom.core.models import User
from ujikom.documents.services import store_file
from ujikom.documents.typst import indonesian_date
from ujikom.registry.models import Scheme
from ujikom.scheduling.models import Registration

from . import keys, services_status, tokens
from . import services_issuance as issuance
from .models import Certificate, CertificateEvent
from .services_lifecycle import remind_assessors, send_expiry_reminders

RECERTIFIED = "Citra Lestari"
OTHER_SCHEME = "SKM-JWD-01"


def _people() -> dict[str, User] | None:
    usernames = ["kabid.sert", "ketua.lsp", "peserta"]
    people = {user.username: user for user in User.objects.filter(username__in=usernames)}
    return people if len(people) == len(usernames) else None


def _earlier_certificate(
    context: issuance.DecreeContext,
    *,
    scheme: Scheme,
    holder_name: str,
    nik: str,
    issued_on: dt.date,
    number: str,
    registration_number: str,
    issuer: User,
    holder: User | None = None,
) -> Certificate:
    """A certificate the LSP issued years ago (before this system), signed and drawn like a new one."""
    lsp = context.lsp
    units = [{"code": unit.code, "title": unit.title} for unit in scheme.units.order_by("position")]
    valid_until = issuance.add_years(issued_on, scheme.validity_years or 3)
    public_id = Certificate._meta.get_field("public_id").get_default()
    token = tokens.sign_token(
        context.signer,
        tokens.claims_of(
            public_id=public_id,
            number=number,
            holder=holder_name,
            scheme=scheme.code,
            issued_on=issued_on,
            valid_until=valid_until,
        ),
    )
    url = issuance.verification_url(public_id)
    data: dict[str, Any] = {
        "org": context.org,
        "certificate_number": number,
        "registration_number": registration_number,
        "holder": holder_name,
        "scheme": {"code": scheme.code, "name": scheme.name},
        "units": units,
        "issued_on": indonesian_date(issued_on),
        "valid_until": indonesian_date(valid_until),
        "signer": {"title": context.signer_title, "name": context.signer_name or "-"},
        "place": context.place,
        "qr_text": f"{url}#{token}",
        "url": url,
        "public_id": public_id,
    }
    stored = store_file(
        organization=lsp,
        content=issuance.render_pdf(data, context.pdf_signing),
        name=f"sertifikat-{public_id}.pdf",
        actor=issuer,
        content_type="application/pdf",
        document_type=issuance.certificate_document_type(),
        title=f"Sertifikat {number} · {holder_name}",
        is_generated=True,
    )
    certificate = Certificate.objects.create(
        public_id=public_id,
        lsp=lsp,
        holder=holder,
        holder_name=holder_name,
        holder_nik=nik,
        scheme=scheme,
        scheme_code=scheme.code,
        scheme_name=scheme.name,
        units=units,
        certificate_number=number,
        registration_number=registration_number,
        issued_on=issued_on,
        valid_until=valid_until,
        signer_name=context.signer_name,
        signer_title=context.signer_title,
        kid=context.signer.kid,
        token=token,
        status_index=issuance._free_status_index(lsp),
        pdf=stored,
        issued_by=issuer,
    )
    CertificateEvent.objects.create(
        certificate=certificate,
        kind=CertificateEvent.Kind.ISSUED,
        actor=issuer,
        at=timezone.make_aware(dt.datetime.combine(issued_on, dt.time(10, 0))),
    )
    return certificate


def load_certificates_demo(admin: User) -> None:
    decision = (
        Decision.objects.filter(event__title=DEMO_TITLE, status=Decision.Status.APPROVED)
        .select_related("lsp", "event__scheme")
        .first()
    )
    people = _people()
    if decision is None or people is None or Certificate.objects.filter(lsp=decision.lsp).exists():
        return
    issuer, chair = people["kabid.sert"], people["ketua.lsp"]
    lsp, scheme = decision.lsp, decision.event.scheme
    today = timezone.localdate()
    years = scheme.validity_years or 3

    # The LSP has signed with its key since before the oldest demo certificate (demo data only).
    key = keys.active_key(lsp, actor=issuer)
    since = timezone.make_aware(dt.datetime.combine(today.replace(year=today.year - years - 1), dt.time()))
    if key.not_before > since:
        type(key).objects.filter(pk=key.pk).update(not_before=since)
    context = issuance.decree_context(decision, actor=issuer)

    registrations = {
        registration.full_name: registration
        for registration in Registration.objects.filter(event=decision.event)
    }
    year = today.year
    recertified = registrations.get(RECERTIFIED)
    if recertified is not None:
        _earlier_certificate(
            context,
            scheme=scheme,
            holder_name=recertified.full_name,
            nik=recertified.nik,
            issued_on=issuance.add_years(today, -years) + dt.timedelta(days=20),
            number=f"62090 2512 {1042:07d} {year - years}",
            registration_number=f"Reg. TIK 0{1042:05d} 07 {year - years}",
            issuer=issuer,
        )
    candidate = people["peserta"]
    own = next((item for item in registrations.values() if item.candidate_id == candidate.pk), None)
    other = Scheme.objects.filter(organization=lsp, code=OTHER_SCHEME).first()
    if own is not None and other is not None:
        _earlier_certificate(
            context,
            scheme=other,
            holder_name=own.full_name,
            nik=own.nik,
            holder=candidate,
            issued_on=issuance.add_years(today, -(other.validity_years or 3)) + dt.timedelta(days=60),
            number=f"62010 2512 {577:07d} {year - 3}",
            registration_number=f"Reg. JWD 0{577:05d} 03 {year - 3}",
            issuer=issuer,
        )
    revoked = _earlier_certificate(
        context,
        scheme=scheme,
        holder_name="Fajar Nugroho",
        nik="3671011203990007",
        issued_on=today - dt.timedelta(days=400),
        number=f"62090 2512 {2210:07d} {year - 1}",
        registration_number=f"Reg. TIK 0{2210:05d} 11 {year - 1}",
        issuer=issuer,
    )
    services_status.revoke(
        certificate=revoked,
        reason="fraud",
        note="Bukti portofolio terbukti dipalsukan (hasil pemeriksaan Komite Skema).",
        actor=chair,
    )

    # The batch, issued through the services: Citra Lestari's earlier certificate is superseded.
    for entry in issuance.pending_entries(decision):
        issuance.issue_certificate(entry=entry, actor=issuer, context=context)

    send_expiry_reminders(today)
    remind_assessors(today)
