"""The minutes (berita acara) of a test event (SOP PSM/DISNAKER-10 step 6, STMI 1.3.3 step 5).

Teknis Operasional or the Kepala TUK prepares the minutes from the results once every attendance list
of the test days is closed and every candidate present has a recommendation. Each assessor confirmed
for the event and the head of site sign them in the browser; the last signature locks the results,
prints the final minutes with every signature, bundles the result files and the photos, and gives
them as the outputs of the steps bound to the minutes screen in both SOP runs of the event.

The helpers at the end (`fill_step`, `file_in`, `zip_bytes`) are shared by the review and archive
services: they attach documents to a step's outputs and sign off the tasks of the people who did
the work.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import DocumentType, Organization, User
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.services import open_file, store_file
from ujikom.documents.typst import compile_document, indonesian_date, letterhead
from ujikom.scheduling.models import Registration, TestEvent
from ujikom.scheduling.sop_binding import open_tasks_for_action
from ujikom.sop import engine
from ujikom.sop.models import Task

from . import selectors_minutes as selectors
from .models import Minutes, MinutesSignature, SignMethod, Verdict
from .results import scheme_units
from .signatures import apply_signature, signature_mark

ACTION = "assessment.minutes"
TYPST = Path(__file__).resolve().parent / "typst"
# The generic table document of the scheduling app (facts, a table, a signature): recaps and lists.
TABLE_TYPST = Path(__file__).resolve().parent.parent / "scheduling" / "typst" / "readiness_table.typ"

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

EVENT_LABELS = {
    "minutes.prepared": gettext_lazy("Berita acara uji kompetensi dibuat"),
    "minutes.regenerated": gettext_lazy("Berita acara uji kompetensi dibuat ulang"),
    "minutes.signed": gettext_lazy("Berita acara uji kompetensi ditandatangani"),
    "minutes.locked": gettext_lazy("Berita acara ditandatangani lengkap; hasil uji dikunci"),
}


# ---- documents ---------------------------------------------------------------------------------


def event_dates(event: TestEvent) -> str:
    if event.ends_on == event.starts_on:
        return f"{WEEKDAYS[event.starts_on.weekday()]}, {indonesian_date(event.starts_on)}"
    return f"{indonesian_date(event.starts_on)} s.d. {indonesian_date(event.ends_on)}"


def event_facts(event: TestEvent) -> list[list[str]]:
    facts = [
        [_("Uji kompetensi"), event.title],
        [_("Skema sertifikasi"), f"{event.scheme.code} — {event.scheme.name}"],
        [_("Tanggal uji"), event_dates(event)],
        [_("TUK"), f"{event.site.name} ({event.site.get_kind_display()}), {event.site.address}"],
        [_("LSP"), event.lsp.name],
    ]
    if event.bnsp_schedule_code:
        facts.append([_("Kode jadwal BNSP"), event.bnsp_schedule_code])
    if event.funding is not None:
        facts.append([_("Sumber anggaran"), event.funding.name])
    return facts


def signer_data(user: User, title: str) -> dict[str, str]:
    return {"title": user.title or title, "name": str(user.full_name or user), "nip": user.nip or ""}


def render_pdf(
    *,
    organization: Organization,
    document_type: str,
    template: Path,
    data: dict[str, Any],
    actor: User,
    subject: models.Model,
    title: str,
    filename: str,
    number: str | None = None,
) -> tuple[StoredFile, str]:
    """A numbered PDF like `generate_document`; given `number`, it is printed again under that number
    (a regenerated document keeps the number it was issued with)."""
    if number is None:
        return generate_document(
            organization=organization,
            document_type=document_type,
            template=template,
            data=data,
            actor=actor,
            subject=subject,
            title=title[:255],
            filename=filename,
        )
    pdf = compile_document(template, {**data, "number": number})
    stored = store_file(
        organization=organization,
        content=pdf,
        name=f"{filename}.pdf",
        actor=actor,
        content_type="application/pdf",
        document_type=DocumentType.objects.get(code=document_type),
        title=title[:255],
        subject=subject,
        is_generated=True,
    )
    return stored, number


def table_pdf(
    *,
    event: TestEvent,
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Any]],
    signer: User,
    signer_title: str,
    intro: str = "",
    empty: str = "",
) -> bytes:
    """An unnumbered table document of the event (a recap inside a bundle), as PDF bytes."""
    organization = selectors.document_organization(event)
    data = {
        "org": letterhead(organization),
        "number": "",
        "title": title,
        "facts": event_facts(event),
        "intro": intro,
        "headers": [str(header) for header in headers],
        "widths": list(widths),
        "rows": [["" if cell is None else str(cell) for cell in row] for row in rows],
        "empty": empty or _("Tidak ada data."),
        "notes": "",
        "place": organization.city or "Tangerang",
        "date": indonesian_date(timezone.localdate()),
        "signer": signer_data(signer, signer_title),
    }
    return bytes(compile_document(TABLE_TYPST, data))


def mark_data(signature: MinutesSignature) -> dict[str, Any]:
    """A signature as the minutes print it; a drawn one carries its image's bytes for Typst."""
    mark: dict[str, Any] = dict(signature_mark(signature))
    mark["image"] = None
    if signature.is_signed and signature.sign_method == SignMethod.DRAWN and signature.signature_image:
        with open_file(signature.signature_image) as handle:
            mark["image"] = list(handle.read())
    return mark


def _minutes_data(
    event: TestEvent, minutes: Minutes, signatures: Sequence[MinutesSignature]
) -> dict[str, Any]:
    content = selectors.minutes_content(event)
    organization = selectors.document_organization(event)
    rows = []
    for index, row in enumerate(content.rows, start=1):
        present = row.registration.pk in content.present
        assessor = row.assessment.assessor if row.assessment is not None else None
        rows.append(
            [
                str(index),
                row.registration.full_name,
                row.registration.nik,
                _("Hadir") if present else _("Tidak hadir"),
                str(assessor.user.full_name or assessor.user) if assessor is not None else "-",
                str(Verdict(row.recommendation).label) if present and row.recommendation else "-",
            ]
        )
    site = event.site
    intro = _(
        "Pada hari %(dates)s bertempat di %(site)s, %(address)s, telah dilaksanakan uji kompetensi skema "
        "%(scheme)s yang diselenggarakan oleh %(lsp)s%(facilitated)s, dengan hasil sebagai berikut."
    ) % {
        "dates": event_dates(event),
        "site": site.name,
        "address": site.address,
        "scheme": event.scheme.name,
        "lsp": event.lsp.name,
        "facilitated": (_(" dengan fasilitasi %(org)s") % {"org": event.facilitator.name})
        if event.facilitator is not None
        else "",
    }
    return {
        "org": letterhead(organization),
        "title": _("Berita Acara Uji Kompetensi"),
        "intro": intro,
        "facts": event_facts(event),
        "assessors": [
            [str(i), a["name"], a["met"], a["letters"] or "-"] for i, a in enumerate(content.assessors(), 1)
        ],
        "candidates": rows,
        "counts": [
            [_("Peserta terdaftar (diterima)"), str(content.accepted)],
            [_("Hadir"), str(content.present_count)],
            [_("Tidak hadir"), str(content.accepted - content.present_count)],
            [_("Direkomendasikan Kompeten (K)"), str(content.competent)],
            [_("Direkomendasikan Belum Kompeten (BK)"), str(content.not_yet_competent)],
        ],
        "attendance": [
            [
                indonesian_date(line["day"]),
                str(line["kind"]),
                str(line["present"]),
                str(line["absent"]),
                str(line["number"] or "-"),
            ]
            for line in content.attendance
        ],
        "notes": minutes.notes,
        "closing": _(
            "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya. "
            "Rekomendasi K/BK adalah rekomendasi asesor; keputusan sertifikasi ditetapkan oleh LSP."
        ),
        "place": organization.city or "Tangerang",
        "date": indonesian_date(timezone.localdate()),
        "signatures": [
            {
                "role": signature.get_role_display(),
                "name": str(signature.signer.full_name or signature.signer),
                "id_line": (
                    _("No. Reg. %(met)s") % {"met": signature.assessor.registration_number}
                    if signature.assessor is not None
                    else (_("NIP. %(nip)s") % {"nip": signature.signer.nip} if signature.signer.nip else "")
                ),
                **mark_data(signature),
            }
            for signature in signatures
        ],
        "unsigned": _("(belum ditandatangani)"),
    }


def _render_minutes(*, event: TestEvent, minutes: Minutes, actor: User, number: str | None) -> None:
    signatures = list(
        minutes.signatures.select_related("signer", "assessor", "signature_image").order_by("role", "id")
    )
    stored, issued = render_pdf(
        organization=selectors.document_organization(event),
        document_type="minutes",
        template=TYPST / "minutes.typ",
        data=_minutes_data(event, minutes, signatures),
        actor=actor,
        subject=minutes,
        title=_("Berita acara uji kompetensi · %(event)s") % {"event": event.title},
        filename=f"berita-acara-{event.public_id.hex[:8]}",
        number=number,
    )
    minutes.file = stored
    minutes.number = issued


# ---- preparing ---------------------------------------------------------------------------------


def _locked_event(event: TestEvent) -> TestEvent:
    return (
        TestEvent.objects.select_for_update(of=("self",))
        .select_related("lsp", "facilitator", "site__owner", "site__head", "scheme", "funding")
        .get(pk=event.pk)
    )


@transaction.atomic
def prepare_minutes(*, event: TestEvent, actor: User, notes: str = "") -> Minutes:
    """Prepare (or, before anyone signs, prepare again under the same number) the event's minutes from
    its results, with a signature line for each assessor and the head of site.

    Refused, listing everything missing: the test has not taken place; an attendance list of a test
    day is not made or not closed; a candidate present has no recommendation; no assessor is
    confirmed; the site has no head; no numbering pattern. Prepared again after someone has signed
    only when the results changed since (the signatures are then asked for again); refused once the
    minutes are locked."""
    event = _locked_event(event)
    notes = (notes or "").strip()
    if len(notes) > 4000:
        raise ValidationError({"notes": _("Catatan paling panjang 4.000 karakter.")})
    existing = Minutes.objects.select_for_update().filter(event=event).first()
    if existing is not None and existing.is_locked:
        raise ValidationError(
            _("Berita acara %(number)s sudah ditandatangani lengkap; hasil uji sudah dikunci.")
            % {"number": existing.number}
        )
    problems = selectors.minutes_problems(event, numbering=existing is None)
    if problems:
        raise ValidationError(problems)
    signers = selectors.minutes_signers(event)
    if existing is not None:
        given = [s for s in existing.signatures.select_related("signer") if s.is_signed]
        changed = existing.file is not None and selectors.results_changed_since(
            event, existing.file.created_at
        )
        if given and not changed:
            raise ValidationError(
                _(
                    "Berita acara sudah ditandatangani oleh %(names)s dan hasilnya tidak berubah; "
                    "tidak perlu dibuat ulang."
                )
                % {"names": ", ".join(str(s.signer) for s in given)}
            )
        cleared = [str(line.signer) for line in given]
        existing.signatures.all().delete()
        minutes = existing
        minutes.notes = notes
        number: str | None = minutes.number
    else:
        minutes = Minutes.objects.create(event=event, notes=notes, created_by=actor)
        number = None
        cleared = []
    for signer in signers:
        MinutesSignature.objects.create(
            minutes=minutes, role=signer.role, signer=signer.user, assessor=signer.assessor
        )
    _render_minutes(event=event, minutes=minutes, actor=actor, number=number)
    minutes.save()
    record_event(
        minutes,
        "minutes.regenerated" if existing is not None else "minutes.prepared",
        actor=actor,
        organization=selectors.document_organization(event),
        data={
            "event": event.public_id,
            "number": minutes.number,
            "file": minutes.file.public_id if minutes.file else None,
            "signers": [str(signer.user) for signer in signers],
            "signatures_cleared": cleared,
        },
    )
    return minutes


# ---- signing -----------------------------------------------------------------------------------


@transaction.atomic
def sign_minutes(*, minutes: Minutes, actor: User, method: str, drawing: str = "") -> list[MinutesSignature]:
    """The signer, signed in as themselves, signs the minutes (by account or drawn); returns the
    signature lines signed. The last signature locks the results (see `lock_minutes`).

    Refused: someone who is not a signer (PermissionDenied); a signature already given; minutes
    already locked; results or attendance changed after the minutes were printed (prepare them
    again first); anything that would now stop the minutes from being prepared."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    event = _locked_event(minutes.event)
    minutes.event = event
    if minutes.is_locked:
        raise ValidationError(_("Berita acara sudah ditandatangani lengkap; hasil uji sudah dikunci."))
    lines = list(minutes.signatures.select_related("signer"))
    mine = [line for line in lines if line.signer_id == actor.pk]
    if not mine:
        raise PermissionDenied(
            _("Berita acara ini ditandatangani oleh %(names)s; Anda bukan salah satu penanda tangannya.")
            % {"names": ", ".join(str(line.signer) for line in lines)}
        )
    pending = [line for line in mine if not line.is_signed]
    if not pending:
        raise ValidationError(_("Anda sudah menandatangani berita acara ini."))
    if minutes.file is not None and selectors.results_changed_since(event, minutes.file.created_at):
        raise ValidationError(
            _(
                "Hasil asesmen atau daftar hadir berubah setelah berita acara dicetak; minta Teknis Operasional "
                "atau Kepala TUK membuat ulang berita acara sebelum ditandatangani."
            )
        )
    problems = selectors.minutes_problems(event, numbering=False)
    if problems:
        raise ValidationError(problems)
    organization = selectors.document_organization(event)
    first = pending[0]
    apply_signature(
        first,
        actor=actor,
        method=method,
        organization=organization,
        drawing=drawing,
        title=_("Tanda tangan berita acara %(number)s") % {"number": minutes.number},
    )
    for line in pending:
        if line is not first:
            line.signed_at, line.sign_method = first.signed_at, first.sign_method
            line.signature_image, line.signed_by = first.signature_image, first.signed_by
        line.save()
    record_event(
        minutes,
        "minutes.signed",
        actor=actor,
        organization=organization,
        data={"number": minutes.number, "roles": [line.role for line in pending], "method": method},
    )
    if all(line.is_signed for line in lines):
        lock_minutes(minutes=minutes, actor=actor)
    return pending


def _instrument_name(index: int, instrument: Any) -> str:
    unit = f"-{instrument.unit.code}" if instrument.unit is not None else ""
    return f"{index:02d}-{instrument.kind}{unit}-{instrument.file.original_name}".replace("/", "-")


def results_bundle_bytes(*, event: TestEvent, actor: User) -> bytes:
    """The result files: one folder per candidate with their filled instruments, and the results recap
    (candidate × unit K/BK) as a PDF."""
    from .models import InstrumentFile

    rows = selectors.minutes_content(event)
    scheme = scheme_units(event)
    units = [unit.code for unit in scheme]
    unit_ids = [unit.pk for unit in scheme]
    instruments: dict[int, list[InstrumentFile]] = {}
    for instrument in (
        InstrumentFile.objects.filter(assessment__registration__event=event)
        .select_related("file", "unit", "assessment")
        .order_by("kind", "created_at", "id")
    ):
        instruments.setdefault(instrument.assessment.registration_id, []).append(instrument)
    recap_rows = []
    files: list[tuple[str, StoredFile]] = []
    for index, row in enumerate(rows.rows, start=1):
        present = row.registration.pk in rows.present
        verdicts = [row.verdicts[unit_id].verdict if unit_id in row.verdicts else "-" for unit_id in unit_ids]
        recap_rows.append(
            [index, row.registration.full_name, row.registration.nik, *verdicts]
            + [(row.recommendation or "-") if present else _("Tidak hadir")]
        )
        folder = f"{index:02d}-{slugify(row.registration.full_name) or 'peserta'}"
        for number, instrument in enumerate(instruments.get(row.registration.pk, []), start=1):
            files.append((f"{folder}/{_instrument_name(number, instrument)}", instrument.file))
    recap = table_pdf(
        event=event,
        title=_("Rekap hasil uji kompetensi"),
        headers=[_("No."), _("Nama"), _("NIK"), *units, _("Rekomendasi")],
        widths=[1, 5, 4, *([2] * len(units)), 3],
        rows=recap_rows,
        signer=actor,
        signer_title=_("Teknis Operasional"),
        intro=_("K = Kompeten, BK = Belum Kompeten, per unit kompetensi (FR.AK.02)."),
        empty=_("Belum ada peserta."),
    )
    return zip_bytes([("rekap-hasil-uji-kompetensi.pdf", recap)], files)


def photos_bundle_bytes(*, event: TestEvent, actor: User) -> bytes:
    """The documentation photos of the test days, with a list of them as a PDF."""
    photos = selectors.photos_of(event)
    files = []
    rows = []
    for index, photo in enumerate(photos, start=1):
        extension = (
            photo.file.original_name.rsplit(".", 1)[-1].lower() if "." in photo.file.original_name else "jpg"
        )
        name = f"foto/{index:02d}-{photo.day.isoformat()}-{slugify(photo.caption)[:40] or 'dokumentasi'}.{extension}"
        files.append((name, photo.file))
        rows.append([index, indonesian_date(photo.day), photo.caption or "-", name.split("/", 1)[1]])
    sheet = table_pdf(
        event=event,
        title=_("Dokumentasi pelaksanaan uji kompetensi"),
        headers=[_("No."), _("Tanggal"), _("Keterangan"), _("Berkas")],
        widths=[1, 3, 7, 6],
        rows=rows,
        signer=actor,
        signer_title=_("Teknis Operasional"),
        empty=_("Belum ada foto dokumentasi."),
    )
    return zip_bytes([("daftar-foto.pdf", sheet)], files)


def store_zip(
    *, organization: Organization, content: bytes, name: str, actor: User, title: str, subject: models.Model
) -> StoredFile:
    return store_file(
        organization=organization,
        content=content,
        name=name,
        actor=actor,
        content_type="application/zip",
        title=title[:255],
        subject=subject,
        is_generated=True,
        allowed_types=("zip",),
    )


@transaction.atomic
def lock_minutes(*, minutes: Minutes, actor: User) -> Minutes:
    """Every signature is given: lock the results, print the final minutes with the signatures, bundle
    the result files and the photos, and give them as the outputs of the minutes' SOP steps."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    event = _locked_event(minutes.event)
    minutes.event = event
    if minutes.is_locked:
        return minutes
    if minutes.signatures.filter(signed_at__isnull=True).exists():
        raise ValidationError(_("Berita acara belum ditandatangani semua penanda tangan."))
    organization = selectors.document_organization(event)
    minutes.locked_at = timezone.now()
    _render_minutes(event=event, minutes=minutes, actor=actor, number=minutes.number)
    short = event.public_id.hex[:8]
    minutes.results_bundle = store_zip(
        organization=organization,
        content=results_bundle_bytes(event=event, actor=actor),
        name=f"berkas-hasil-uji-{short}.zip",
        actor=actor,
        title=_("Berkas hasil uji kompetensi · %(event)s") % {"event": event.title},
        subject=minutes,
    )
    minutes.photos_bundle = store_zip(
        organization=organization,
        content=photos_bundle_bytes(event=event, actor=actor),
        name=f"dokumentasi-uji-{short}.zip",
        actor=actor,
        title=_("Dokumentasi uji kompetensi · %(event)s") % {"event": event.title},
        subject=minutes,
    )
    minutes.save()
    record_event(
        minutes,
        "minutes.locked",
        actor=actor,
        organization=organization,
        data={
            "number": minutes.number,
            "file": minutes.file.public_id if minutes.file else None,
            "results_bundle": minutes.results_bundle.public_id,
            "photos_bundle": minutes.photos_bundle.public_id,
        },
    )
    attach_minutes_to_steps(minutes=minutes)
    return minutes


def _signers_by_role(minutes: Minutes) -> Callable[[Task], list[User]]:
    """Who signs off a task of the minutes' steps: the signer whose role fits the task first, then the
    other signers, then the candidates with an account (the candidates' own task of STMI step 5)."""
    lines = list(minutes.signatures.select_related("signer"))
    heads = [line.signer for line in lines if line.role == MinutesSignature.Role.SITE_HEAD]
    assessors = [line.signer for line in lines if line.role == MinutesSignature.Role.ASSESSOR]
    present = selectors.present_registration_ids(minutes.event)
    registrations = sorted(
        Registration.objects.filter(
            event=minutes.event, status=Registration.Status.ACCEPTED, candidate__is_active=True
        ).select_related("candidate"),
        key=lambda registration: (registration.pk not in present, registration.full_name, registration.pk),
    )
    candidates = [
        registration.candidate for registration in registrations if registration.candidate is not None
    ]

    def people(task: Task) -> list[User]:
        role = task.candidate_role.key if task.candidate_role is not None else ""
        if role == "site_head":
            return [*heads, *assessors]
        if role == "candidate":
            return candidates
        return [*assessors, *heads, *candidates]

    return people


@transaction.atomic
def attach_minutes_to_steps(*, minutes: Minutes) -> int:
    """Give the locked minutes' documents to the open steps bound to the minutes screen (PSM/DISNAKER-10
    step 6: results, documentation, minutes; STMI step 5: filled assessment documents, minutes) and
    sign off the task of each signer who plays one of their activities. Safe to call again when a run
    reaches the step later; returns how many tasks were signed off."""
    if not minutes.is_locked or minutes.file is None or minutes.results_bundle is None:
        return 0
    files = [
        ("dokumentasi", minutes.photos_bundle),
        ("berita acara", minutes.file),
        ("berkas hasil", minutes.results_bundle),
        ("dokumen asesmen", minutes.results_bundle),
    ]
    return fill_step(
        event=minutes.event,
        action=ACTION,
        files=[(key, file) for key, file in files if file is not None],
        assign=each_task_by(_signers_by_role(minutes)),
        subject=minutes,
        note=_("Berita acara %(number)s ditandatangani lengkap.") % {"number": minutes.number},
    )


# ---- shared: bundles and SOP steps -------------------------------------------------------------


def zip_bytes(generated: Sequence[tuple[str, bytes]], stored: Sequence[tuple[str, StoredFile]]) -> bytes:
    """A ZIP of generated contents and stored files, under the names given (names kept unique)."""
    buffer = io.BytesIO()
    used: set[str] = set()

    def unique(name: str) -> str:
        base, dot, extension = name.rpartition(".")
        candidate, count = name, 1
        while candidate in used:
            count += 1
            candidate = f"{base}-{count}.{extension}" if dot else f"{name}-{count}"
        used.add(candidate)
        return candidate

    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, content in generated:
            package.writestr(unique(name), content)
        for name, file in stored:
            with open_file(file) as handle:
                package.writestr(unique(name), handle.read())
    return buffer.getvalue()


def file_in(
    organization: Organization, file: StoredFile, *, subject: models.Model, actor: User
) -> StoredFile:
    """`file`, or its copy kept for `organization` (a step's output is a file of the run's
    organization: the LSP's run gets its own copy of the minutes made at the facilitator)."""
    if file.organization_id == organization.pk:
        return file
    label = subject._meta.label_lower
    copy = StoredFile.objects.filter(
        organization=organization, sha256=file.sha256, subject_type=label, subject_id=str(subject.pk)
    ).first()
    if copy is not None:
        return copy
    with open_file(file) as handle:
        content = handle.read()
    return store_file(
        organization=organization,
        content=content,
        name=file.original_name,
        actor=actor,
        content_type=file.content_type,
        document_type=file.document_type,
        title=file.title,
        subject=subject,
        is_generated=True,
        allowed_types=("pdf", "zip"),
    )


Assign = Callable[[list[Task]], list[tuple[Task, User]]]


def each_task_by(people: Callable[[Task], Sequence[User]]) -> Assign:
    """Each task to the first of `people(task)` who plays it."""

    def assign(tasks: list[Task]) -> list[tuple[Task, User]]:
        chosen = []
        for task in tasks:
            person = next((p for p in people(task) if p is not None and engine.can_act_on(p, task)), None)
            if person is not None:
                chosen.append((task, person))
        return chosen

    return assign


def fill_step(
    *,
    event: TestEvent,
    action: str,
    files: Sequence[tuple[str, StoredFile]],
    assign: Assign,
    subject: models.Model,
    note: str,
) -> int:
    """Attach `files` to the outputs of the open steps bound to `action` — each output gets the first
    file whose keyword its name contains (a file already there is left, another one replaced) — by the
    hand of someone who plays one of the step's tasks, then sign off the tasks `assign` gives to people.
    A task that cannot be signed off yet (outputs missing, claimed by another) stays open. Returns how
    many tasks were signed off."""
    tasks = sorted(
        open_tasks_for_action(event, action), key=lambda t: (t.step_run_id, t.activity.position, t.pk)
    )
    by_step: dict[int, list[Task]] = {}
    for task in tasks:
        by_step.setdefault(task.step_run_id, []).append(task)
    done = 0
    for step_tasks in by_step.values():
        chosen = assign(step_tasks)
        if not chosen:
            continue
        step_run = step_tasks[0].step_run
        organization = step_run.run.organization
        current = {
            output.output_index: output.file.sha256 for output in step_run.outputs.select_related("file")
        }
        hand_task, hand = chosen[0]
        for index, name in enumerate(step_run.step.outputs or []):
            lowered = str(name).lower()
            file = next((f for key, f in files if key in lowered), None)
            if file is None or current.get(index) == file.sha256:
                continue
            try:
                with transaction.atomic():
                    engine.attach_output(
                        task=hand_task,
                        output_index=index,
                        file=file_in(organization, file, subject=subject, actor=hand),
                        actor=hand,
                    )
            except (ValidationError, PermissionDenied):
                continue
        for task, person in chosen:
            try:
                with transaction.atomic():
                    engine.complete_task(task=task, actor=person, note=note)
            except (ValidationError, PermissionDenied):
                continue
            done += 1
    return done
