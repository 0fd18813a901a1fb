"""Blank certificates from BNSP for an approved decree (SOP STMI 1.3.3 step 6, second part).

- The request bundle BNSP's system takes (kadmin, "Pengajuan Blangko Asesmen"): the numbered
  request letter, the event's minutes, the decree, and the list of ALL the event's K and BK
  candidates as xlsx in BNSP's columns — one ZIP. Missing candidate data refuses the bundle,
  naming each candidate, each missing column and where to fix it.
- The blank log per LSP: received (closes a request), used (one per certificate number recorded),
  damaged (with its berita acara kerusakan), returned. Stock never goes below zero.
- The certificate and registration numbers BNSP assigns, recorded per candidate of the decree
  (by form, JSON or xlsx; all or nothing), validated and never generated; a recorded number
  changes only by a correction with a reason. When every candidate has numbers, the list of
  certificates is drawn and closes Kabid Sertifikasi's task of step 6.

KODE KOTA and KODE PROVINSI are the Kepmendagri codes of `registry.Region` written as BNSP's
template takes them, digits only (`Region.bnsp_code`: 36.71 → 3671, 36 → 36). KODE PENDIDIKAN and
KODE PEKERJAAN come from the editable `BnspCode` table; a value without a code stays blank and is
listed as a warning.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujikom.core.audit import record_event
from ujikom.core.models import Organization, User
from ujikom.documents.generation import generate_document
from ujikom.documents.models import StoredFile
from ujikom.documents.services import Content, open_file, store_file
from ujikom.documents.typst import indonesian_date, letterhead
from ujikom.registry.models import Region
from ujikom.registry.spreadsheets import (
    Column,
    RowError,
    RowErrors,
    SpreadsheetError,
    read_table,
    write_xlsx,
)
from ujikom.scheduling.models import Registration, TestEvent

from . import results
from .models import BlankMovement, BlankRequest, BnspCode, Decision, DecisionApproval, DecisionEntry, Minutes
from .services_decision import (
    CERTIFICATES_OUTPUT,
    CHAIR_ROLE,
    DECREE_OUTPUT,
    HEAD_OFFICE,
    HEAD_ROLE,
    LETTER_OUTPUT,
    TYPST,
    chair_office,
    combined_file,
    director_office,
    event_dates,
    official,
    record_sop_work,
    spelled,
)

BNSP_COLUMNS: tuple[str, ...] = (
    "No",
    "NAMA ASESI",
    "NIK",
    "TEMPAT LAHIR",
    "TGL LAHIR",
    "JK",
    "TEMPAT TINGGAL",
    "KODE KOTA",
    "KODE PROVINSI",
    "TELP",
    "EMAIL",
    "KODE PENDIDIKAN",
    "KODE PEKERJAAN",
    "KODE JADWAL",
    "TANGGAL UJI",
    "NO. REG ASESOR",
    "KODE SUMBER ANGGARAN",
    "KODE KEMENTERIAN",
    "K/BK",
    "ASAL LEMBAGA",
)
# The columns BNSP cannot take blank, with what each is on our side.
CANDIDATE_REQUIRED = {
    "NIK": "nik",
    "TEMPAT LAHIR": "birth_place",
    "TGL LAHIR": "birth_date",
    "JK": "sex",
    "TEMPAT TINGGAL": "address",
    "KODE KOTA": "city",
    "KODE PROVINSI": "province",
}
BNSP_DATE_FORMAT = "%d-%m-%Y"
BUNDLE_MEMBERS = (
    "1-surat-permohonan-blangko.pdf",
    "2-berita-acara-uji-kompetensi.pdf",
    "3-sk-penetapan.pdf",
    "4-daftar-asesi-bnsp.xlsx",
)
OUTFLOWS = (BlankMovement.Kind.USED, BlankMovement.Kind.DAMAGED, BlankMovement.Kind.RETURNED)
DOCUMENT_TYPES = ("pdf", "jpeg", "png")
DOCUMENT_MAX_SIZE = 5 * 1024 * 1024
CERTIFICATE_LIST_PREFIX = "daftar-sertifikat"

CERTIFICATE_NUMBER_HELP = gettext_lazy(
    "Nomor sertifikat seperti tercetak pada blangko BNSP, mis. 62090 2432 0001234 2024: sedikitnya 4 kelompok "
    "angka/huruf kapital dipisah satu spasi, diakhiri tahun 4 angka yang didahului nomor seri sedikitnya 5 angka."
)
REGISTRATION_NUMBER_HELP = gettext_lazy(
    "Nomor registrasi BNSP, mis. Reg. TIK 1166 00010 2024: diawali Reg. lalu sedikitnya 3 kelompok angka/huruf "
    "kapital dipisah satu spasi."
)

EVENT_LABELS = {
    "blank_request.prepared": gettext_lazy("Berkas permohonan blangko ke BNSP disiapkan"),
    "blank_request.submitted": gettext_lazy("Permohonan blangko ditandai sudah diajukan ke BNSP"),
    "blank_movement.recorded": gettext_lazy("Mutasi blangko sertifikat dicatat"),
    "decision.numbers_recorded": gettext_lazy("Nomor sertifikat dan registrasi BNSP dicatat"),
    "decision.numbers_corrected": gettext_lazy("Nomor sertifikat BNSP dikoreksi"),
    "decision.certificate_list": gettext_lazy("Daftar sertifikat kompetensi dibuat"),
}


# ---- the candidate list in BNSP's columns ------------------------------------------------------


@dataclass
class BnspSheet:
    """The rows of BNSP's candidate list of an event, what is missing, and what will stay blank."""

    rows: list[list[Any]] = field(default_factory=list)
    missing: list[tuple[Registration, list[str]]] = field(default_factory=list)
    event_missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.event_missing


def _codes(kind: str) -> dict[str, str]:
    return {
        value.casefold(): code
        for value, code in BnspCode.objects.filter(kind=kind).values_list("value", "code")
    }


def bnsp_sheet(event: TestEvent) -> BnspSheet:
    """Every candidate of the event recommended K or BK, in BNSP's column order; dates as dd-mm-yyyy
    text, JK as L/P, regions as Kepmendagri digits, NO. REG ASESOR the assessor's MET number."""
    sheet = BnspSheet()
    if not event.bnsp_schedule_code:
        sheet.event_missing.append(
            _("KODE JADWAL: kode jadwal BNSP belum diisi pada data uji kompetensi (Jadwal uji → Ubah).")
        )
    funding = event.funding
    if funding is None:
        sheet.event_missing.append(
            _(
                "KODE SUMBER ANGGARAN: sumber anggaran belum dipilih pada data uji kompetensi (Jadwal uji → Ubah)."
            )
        )
    education = _codes(BnspCode.Kind.EDUCATION)
    occupation = _codes(BnspCode.Kind.OCCUPATION)
    rows = [row for row in results.result_rows(event) if row.recommendation]
    regions = {region.code: region for region in _regions_of([row.registration for row in rows])}
    unmapped: dict[str, set[str]] = {"KODE PENDIDIKAN": set(), "KODE PEKERJAAN": set()}
    for number, row in enumerate(rows, start=1):
        registration, assessment = row.registration, row.assessment
        city = regions.get(registration.city_id or "")
        province = regions.get(registration.province_id or "")
        assessor = assessment.assessor if assessment is not None else None
        absent = [
            column
            for column, name in CANDIDATE_REQUIRED.items()
            if not getattr(registration, f"{name}_id" if name in ("city", "province") else name)
        ]
        if assessor is None:
            absent.append("NO. REG ASESOR")
        if absent:
            sheet.missing.append((registration, absent))
        education_code = (
            education.get(registration.education.casefold(), "") if registration.education else ""
        )
        occupation_code = (
            occupation.get(registration.occupation.casefold(), "") if registration.occupation else ""
        )
        if registration.education and not education_code:
            unmapped["KODE PENDIDIKAN"].add(registration.get_education_display())
        if registration.occupation and not occupation_code:
            unmapped["KODE PEKERJAAN"].add(registration.occupation)
        tested_on = (assessment.day if assessment is not None and assessment.day else None) or event.starts_on
        sheet.rows.append(
            [
                number,
                registration.full_name,
                registration.nik,
                registration.birth_place,
                registration.birth_date.strftime(BNSP_DATE_FORMAT) if registration.birth_date else "",
                registration.sex,
                registration.address,
                city.bnsp_code if city else "",
                province.bnsp_code if province else "",
                registration.phone,
                registration.email,
                education_code,
                occupation_code,
                event.bnsp_schedule_code,
                tested_on.strftime(BNSP_DATE_FORMAT),
                assessor.registration_number if assessor else "",
                funding.code if funding else "",
                funding.ministry_code if funding else "",
                row.recommendation,
                registration.institution,
            ]
        )
    for column, values in unmapped.items():
        if values:
            sheet.warnings.append(
                _(
                    "%(column)s belum dipetakan untuk: %(values)s — kolom dibiarkan kosong; tambahkan di Admin → Kode BNSP."
                )
                % {"column": column, "values": ", ".join(sorted(values))}
            )
    return sheet


def _regions_of(registrations: Sequence[Registration]) -> list[Region]:
    codes = {code for r in registrations for code in (r.city_id, r.province_id) if code}
    return list(Region.objects.filter(code__in=codes))


def missing_data_messages(sheet: BnspSheet, event: TestEvent) -> list[str]:
    """One line per candidate (and for the event) saying which BNSP columns are empty and where to fill them."""
    lines = list(sheet.event_missing)
    for registration, columns in sheet.missing:
        where = (
            _("isi asesor pada hasil uji")
            if columns == ["NO. REG ASESOR"]
            else _("lengkapi di Keputusan LSP → Data BNSP asesi, atau pada pendaftarannya")
        )
        lines.append(
            _("%(name)s (NIK %(nik)s): %(columns)s belum diisi — %(where)s.")
            % {
                "name": registration.full_name,
                "nik": registration.nik,
                "columns": ", ".join(columns),
                "where": where,
            }
        )
    return lines


# ---- the request bundle -----------------------------------------------------------------------


def _read(stored: StoredFile) -> bytes:
    with open_file(stored) as handle:
        return handle.read()


def _locked_decision(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("lsp__parent", "event__lsp", "event__scheme", "event__site", "event__funding")
        .get(pk=decision.pk)
    )


def _chair_of(decision: Decision, actor: User) -> tuple[User, str]:
    endorsement = (
        decision.approvals.filter(
            stage=DecisionApproval.Stage.ENDORSE, outcome=DecisionApproval.Outcome.APPROVED
        )
        .select_related("actor")
        .order_by("-acted_at", "-id")
        .first()
    )
    if endorsement is not None:
        return endorsement.actor, CHAIR_ROLE
    return actor, HEAD_ROLE


@transaction.atomic
def prepare_blank_request(*, decision: Decision, actor: User) -> BlankRequest:
    """The bundle for BNSP of an approved decree: letter (numbered `blank_request` of the LSP),
    the event's minutes, the decree and BNSP's xlsx of every K and BK candidate, zipped. The letter
    is Kabid Sertifikasi's "Surat Permohonan blangko" of STMI step 6."""
    decision = _locked_decision(decision)
    if decision.status != Decision.Status.APPROVED or decision.decree_file is None:
        raise ValidationError(
            _(
                "Permohonan blangko hanya untuk SK Penetapan yang sudah ditetapkan (ditandatangani Direktur); "
                "SK ini berstatus %(status)s."
            )
            % {"status": decision.get_status_display()}
        )
    open_request = decision.blank_requests.exclude(status=BlankRequest.Status.FULFILLED).first()
    if open_request is not None:
        raise ValidationError(
            _("Permohonan blangko untuk SK ini sudah dibuat (nomor %(number)s, %(status)s).")
            % {"number": open_request.number or "-", "status": open_request.get_status_display()}
        )
    if not decision.entries.filter(certificate_number="").exists():
        raise ValidationError(
            _(
                "Semua asesi dalam SK ini sudah bernomor sertifikat dari BNSP; permohonan blangko baru tidak diperlukan."
            )
        )
    event, lsp = decision.event, decision.lsp
    minutes = Minutes.objects.filter(event=event, locked_at__isnull=False).select_related("file").first()
    if minutes is None or minutes.file is None:
        raise ValidationError(
            _("Berkas berita acara uji kompetensi (PDF) belum ada; berkas permohonan tidak dapat dibuat.")
        )
    sheet = bnsp_sheet(event)
    if not sheet.complete:
        raise ValidationError(
            [_("Berkas permohonan blangko tidak dapat dibuat; data untuk BNSP belum lengkap:")]
            + missing_data_messages(sheet, event)
        )
    quantity = decision.entries.filter(certificate_number="").count()
    verdicts = [row[18] for row in sheet.rows]
    signer, role = _chair_of(decision, actor)
    office = chair_office(lsp) if role == CHAIR_ROLE else HEAD_OFFICE
    short = event.public_id.hex[:8]
    letter, number = generate_document(
        organization=lsp,
        document_type="blank_request",
        template=TYPST / "blank_request.typ",
        data={
            "org": letterhead(lsp),
            "lsp": lsp.name,
            "place": lsp.city or "Jakarta",
            "date": indonesian_date(timezone.localdate()),
            "office": director_office(lsp),
            "decree_number": decision.decree_number,
            "decided_on": indonesian_date(decision.decided_on),
            "quantity": quantity,
            "quantity_words": spelled(quantity),
            "facts": [
                ["Skema sertifikasi", f"{event.scheme.name} ({event.scheme.code})"],
                ["Uji kompetensi", event.title],
                ["Kode jadwal BNSP", event.bnsp_schedule_code],
                ["Tanggal uji", event_dates(event)],
                ["TUK", event.site.name],
                ["Jumlah asesi diuji", str(len(sheet.rows))],
                ["Kompeten (K)", str(verdicts.count("K"))],
                ["Belum kompeten (BK)", str(verdicts.count("BK"))],
                ["Blangko yang dimohon", f"{quantity} ({spelled(quantity)}) lembar"],
            ],
            "signer": official(signer, lsp, role, office),
        },
        actor=actor,
        subject=decision,
        title=f"Surat permohonan blangko sertifikat · {event.title}"[:255],
        filename=f"surat-permohonan-blangko-{short}",
    )
    workbook = write_xlsx(BNSP_COLUMNS, sheet.rows, sheet_title="Daftar asesi")
    candidates_xlsx = store_file(
        organization=lsp,
        content=workbook,
        name=f"daftar-asesi-bnsp-{short}.xlsx",
        actor=actor,
        title=f"Daftar asesi (format BNSP) · {event.title}"[:255],
        subject=decision,
        is_generated=True,
        allowed_types=("xlsx",),
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, content in zip(
            BUNDLE_MEMBERS,
            (_read(letter), _read(minutes.file), _read(decision.decree_file), workbook),
            strict=True,
        ):
            bundle.writestr(name, content)
    bundle_file = store_file(
        organization=lsp,
        content=archive.getvalue(),
        name=f"permohonan-blangko-{short}.zip",
        actor=actor,
        title=f"Berkas permohonan blangko ke BNSP · {event.title}"[:255],
        subject=decision,
        is_generated=True,
        allowed_types=("zip",),
    )
    request = BlankRequest.objects.create(
        lsp=lsp,
        decision=decision,
        number=number,
        letter=letter,
        candidates_xlsx=candidates_xlsx,
        bundle=bundle_file,
        quantity=quantity,
        created_by=actor,
    )
    record_event(
        request,
        "blank_request.prepared",
        actor=actor,
        organization=lsp,
        data={
            "number": number,
            "quantity": quantity,
            "candidates": len(sheet.rows),
            "bundle": bundle_file.public_id,
        },
    )
    # SOP STMI 1.3.3 step 6: "Surat Permohonan blangko" (Kabid Sertifikasi's task stays open).
    record_sop_work(
        event=event, actor=actor, role_key=HEAD_ROLE, files=[(letter, LETTER_OUTPUT)], complete=False
    )
    return request


@transaction.atomic
def submit_blank_request(*, request: BlankRequest, actor: User) -> BlankRequest:
    """ "Tandai sudah diajukan ke BNSP": the bundle was uploaded to BNSP's system."""
    request = BlankRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != BlankRequest.Status.PREPARED:
        raise ValidationError(
            _("Permohonan berstatus %(status)s tidak dapat ditandai diajukan.")
            % {"status": request.get_status_display()}
        )
    request.status = BlankRequest.Status.SUBMITTED
    request.submitted_at = timezone.now()
    request.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        request,
        "blank_request.submitted",
        actor=actor,
        organization=request.lsp,
        data={"number": request.number},
    )
    return request


# ---- the blank log ----------------------------------------------------------------------------


def blank_stock(lsp: Organization) -> int:
    """Blanks the LSP holds: received − used − damaged − returned."""
    total = BlankMovement.objects.filter(lsp=lsp).aggregate(
        stock=Sum(
            Case(
                When(kind=BlankMovement.Kind.RECEIVED, then="quantity"),
                default=0,
                output_field=IntegerField(),
            )
        )
        - Sum(
            Case(
                When(kind__in=OUTFLOWS, then="quantity"),
                default=0,
                output_field=IntegerField(),
            )
        )
    )["stock"]
    return int(total or 0)


def _lock_stock(lsp: Organization) -> int:
    """Lock the LSP's row so two movements cannot both take the last blank; returns the stock."""
    Organization.objects.select_for_update().filter(pk=lsp.pk).first()
    return blank_stock(lsp)


def _not_enough(stock: int) -> str:
    return _("Stok blangko tidak cukup: tersisa %(n)s") % {"n": stock}


@transaction.atomic
def record_blank_movement(
    *,
    lsp: Organization,
    kind: str,
    quantity: int,
    actor: User,
    occurred_on: dt.date | None = None,
    request: BlankRequest | None = None,
    entry: DecisionEntry | None = None,
    serial_from: str = "",
    serial_to: str = "",
    reference: str = "",
    note: str = "",
    document: Content | None = None,
    document_name: str = "",
) -> BlankMovement:
    """One line of the blank log. Received may name the request it answers (it becomes fulfilled) and
    carry BNSP's receipt; damaged needs the number of its berita acara kerusakan and a note; used,
    damaged and returned may not take the stock below zero. Used blanks are recorded by
    `record_certificate_numbers`, one per certificate."""
    day = occurred_on or timezone.localdate()
    serial_from, serial_to = serial_from.strip(), serial_to.strip()
    reference, note = reference.strip(), (note or "").strip()
    errors: dict[str, str] = {}
    if kind not in BlankMovement.Kind.values:
        errors["kind"] = _("Jenis mutasi tidak dikenal; pilih: diterima, digunakan, rusak atau dikembalikan.")
    if not isinstance(quantity, int) or quantity < 1:
        errors["quantity"] = _("Jumlah blangko paling sedikit 1.")
    if day > timezone.localdate():
        errors["occurred_on"] = _("Tanggal mutasi tidak boleh di masa depan.")
    if len(serial_from) > 60 or len(serial_to) > 60:
        errors["serial_from"] = _("Nomor seri paling panjang 60 karakter.")
    if len(reference) > 200:
        errors["reference"] = _("Nomor dokumen rujukan paling panjang 200 karakter.")
    if kind == BlankMovement.Kind.DAMAGED:
        if not reference:
            errors["reference"] = _("Isi nomor berita acara kerusakan blangko.")
        if not note:
            errors["note"] = _("Jelaskan kerusakan blangko.")
    if kind == BlankMovement.Kind.USED and entry is None:
        errors["kind"] = _("Blangko terpakai dicatat otomatis saat nomor sertifikat BNSP dicatat.")
    if request is not None:
        if kind != BlankMovement.Kind.RECEIVED:
            errors["request"] = _("Hanya penerimaan blangko yang dikaitkan dengan permohonan.")
        elif request.lsp_id != lsp.pk:
            errors["request"] = _("Permohonan itu bukan milik LSP ini.")
        elif request.status == BlankRequest.Status.FULFILLED:
            errors["request"] = _("Permohonan %(number)s sudah ditandai blangkonya diterima.") % {
                "number": request.number or "-"
            }
    if errors:
        raise ValidationError(errors)
    stock = _lock_stock(lsp)
    if kind in OUTFLOWS and quantity > stock:
        raise ValidationError({"quantity": _not_enough(stock)})
    movement = BlankMovement.objects.create(
        lsp=lsp,
        kind=kind,
        quantity=quantity,
        occurred_on=day,
        request=request,
        entry=entry,
        serial_from=serial_from,
        serial_to=serial_to,
        reference=reference,
        note=note,
        recorded_by=actor,
    )
    if document is not None:
        try:
            movement.document = store_file(
                organization=lsp,
                content=document,
                name=document_name or getattr(document, "name", "") or "dokumen-blangko.pdf",
                actor=actor,
                content_type=getattr(document, "content_type", None),
                title=f"{movement.get_kind_display()} blangko {day:%d-%m-%Y}",
                subject=movement,
                allowed_types=DOCUMENT_TYPES,
                max_size=DOCUMENT_MAX_SIZE,
            )
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from error
        movement.save(update_fields=["document", "updated_at"])
    if request is not None:
        BlankRequest.objects.filter(pk=request.pk).update(
            status=BlankRequest.Status.FULFILLED, updated_at=timezone.now()
        )
    record_event(
        movement,
        "blank_movement.recorded",
        actor=actor,
        organization=lsp,
        data={
            "kind": kind,
            "quantity": quantity,
            "occurred_on": day,
            "request": request.number if request else "",
            "reference": reference,
            "stock_after": stock + (quantity if kind == BlankMovement.Kind.RECEIVED else -quantity),
        },
    )
    return movement


# ---- the numbers BNSP assigns -----------------------------------------------------------------

_GROUP = re.compile(r"^[0-9A-Z]+$")
_REG_GROUP = re.compile(r"^[0-9A-Z]+(?:[./-][0-9A-Z]+)*$")
_REG_PREFIX = re.compile(r"^REG\s*\.?\s*", re.IGNORECASE)


def normalize_certificate_number(text: str, today: dt.date | None = None) -> tuple[str, str]:
    """(the number as BNSP prints it, "") or ("", what is wrong): at least four groups of digits and
    capital letters separated by one space, the last the year (2000 to next year), the one before it
    the serial (at least 5 digits), as in `XXXXX XXXX XXXXXXX 20XX`. Spacing and case are normalized;
    "No." in front is dropped."""
    value = " ".join(str(text or "").upper().split())
    value = re.sub(r"^NO\.\s*", "", value)
    if not value:
        return "", _("Nomor sertifikat wajib diisi.")
    groups = value.split(" ")
    year = (today or timezone.localdate()).year + 1
    if any(not _GROUP.match(group) for group in groups):
        return "", _("Nomor sertifikat hanya berisi angka dan huruf kapital dipisah spasi: %(value)s") % {
            "value": value
        }
    if len(groups) < 4:
        return "", _("Nomor sertifikat terlalu pendek (contoh 62090 2432 0001234 2024): %(value)s") % {
            "value": value
        }
    last = groups[-1]
    if not (last.isdigit() and len(last) == 4 and 2000 <= int(last) <= year):
        return "", _("Nomor sertifikat harus diakhiri tahun 2000–%(year)s: %(value)s") % {
            "year": year,
            "value": value,
        }
    serial = groups[-2]
    if not (serial.isdigit() and len(serial) >= 5):
        return "", _("Sebelum tahun harus ada nomor seri sedikitnya 5 angka: %(value)s") % {"value": value}
    return value, ""


def normalize_registration_number(text: str) -> tuple[str, str]:
    """(the number as "Reg. XXXX XXXXXX XX XXXX", "") or ("", what is wrong)."""
    value = " ".join(str(text or "").split())
    if not value:
        return "", _("Nomor registrasi wajib diisi.")
    if not _REG_PREFIX.match(value):
        return "", _("Nomor registrasi BNSP diawali “Reg.”: %(value)s") % {"value": value}
    groups = _REG_PREFIX.sub("", value).upper().split(" ")
    if len(groups) < 3 or any(not _REG_GROUP.match(group) for group in groups):
        return "", _(
            "Nomor registrasi harus “Reg.” lalu sedikitnya 3 kelompok angka/huruf kapital dipisah spasi: %(value)s"
        ) % {"value": value}
    if not any(char.isdigit() for char in "".join(groups)):
        return "", _("Nomor registrasi tidak memuat angka: %(value)s") % {"value": value}
    return "Reg. " + " ".join(groups), ""


@dataclass(frozen=True)
class NumberInput:
    """The numbers BNSP assigned to one candidate of the decree; `row` says where they came from
    (the form's row or the spreadsheet's row) for the report."""

    entry: DecisionEntry
    certificate_number: str
    registration_number: str
    row: int = 0


class NumbersRefused(ValidationError):
    """Nothing was recorded; `errors` lists every problem by row and column."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            [
                (f"{_('Baris')} {error.row}, {error.column}: {error.message}" if error.row else error.message)
                for error in errors
            ]
        )


CERTIFICATE_COLUMN = "NOMOR SERTIFIKAT"
REGISTRATION_COLUMN = "NOMOR REGISTRASI"
NIK_COLUMN = "NIK"
NUMBER_COLUMNS = [
    Column("nik", NIK_COLUMN, aliases=("No. KTP", "Nomor Induk Kependudukan")),
    Column(
        "certificate_number", CERTIFICATE_COLUMN, aliases=("No. Sertifikat", "Nomor Sertifikat Kompetensi")
    ),
    Column("registration_number", REGISTRATION_COLUMN, aliases=("No. Registrasi", "No. Reg", "Nomor Reg")),
]


def _approved(decision: Decision) -> Decision:
    decision = _locked_decision(decision)
    if decision.status != Decision.Status.APPROVED:
        raise NumbersRefused(
            [
                RowError(
                    0,
                    "",
                    _(
                        "Nomor sertifikat dicatat untuk SK Penetapan yang sudah ditetapkan; SK ini berstatus %(status)s."
                    )
                    % {"status": decision.get_status_display()},
                )
            ]
        )
    return decision


def _checked(
    decision: Decision, numbers: Sequence[NumberInput], errors: RowErrors
) -> list[tuple[DecisionEntry, str, str]]:
    """The inputs normalized, each problem added to `errors`; entries whose numbers are unchanged
    are left out (recording the same numbers again changes nothing)."""
    today = timezone.localdate()
    seen_certificates: dict[str, int] = {}
    seen_registrations: dict[str, int] = {}
    seen_entries: dict[int, int] = {}
    checked: list[tuple[DecisionEntry, str, str]] = []
    for item in numbers:
        entry, row = item.entry, item.row
        if entry.decision_id != decision.pk:
            errors.add(row, NIK_COLUMN, _("Asesi ini tidak termasuk SK Penetapan ini."))
            continue
        if entry.pk in seen_entries:
            errors.add(
                row,
                NIK_COLUMN,
                _("Asesi yang sama sudah ada di baris %(row)s.") % {"row": seen_entries[entry.pk]},
            )
            continue
        seen_entries[entry.pk] = row
        certificate, problem = normalize_certificate_number(item.certificate_number, today)
        if problem:
            errors.add(row, CERTIFICATE_COLUMN, problem)
        registration, reg_problem = normalize_registration_number(item.registration_number)
        if reg_problem:
            errors.add(row, REGISTRATION_COLUMN, reg_problem)
        if problem or reg_problem:
            continue
        if certificate in seen_certificates:
            errors.add(
                row,
                CERTIFICATE_COLUMN,
                _("Nomor sertifikat sama dengan baris %(row)s.") % {"row": seen_certificates[certificate]},
            )
        seen_certificates.setdefault(certificate, row)
        if registration in seen_registrations:
            errors.add(
                row,
                REGISTRATION_COLUMN,
                _("Nomor registrasi sama dengan baris %(row)s.") % {"row": seen_registrations[registration]},
            )
        seen_registrations.setdefault(registration, row)
        if entry.certificate_number:
            if (entry.certificate_number, entry.registration_number) == (certificate, registration):
                continue
            errors.add(
                row,
                CERTIFICATE_COLUMN,
                _("%(name)s sudah bernomor %(number)s; perubahan hanya melalui koreksi dengan alasan.")
                % {"name": entry.registration.full_name, "number": entry.certificate_number},
            )
            continue
        checked.append((entry, certificate, registration))
    taken_certificates = dict(
        DecisionEntry.objects.filter(certificate_number__in=[c for _e, c, _r in checked])
        .exclude(pk__in=[e.pk for e, _c, _r in checked])
        .values_list("certificate_number", "registration__full_name")
    )
    taken_registrations = dict(
        DecisionEntry.objects.filter(registration_number__in=[r for _e, _c, r in checked])
        .exclude(pk__in=[e.pk for e, _c, _r in checked])
        .values_list("registration_number", "registration__full_name")
    )
    for entry, certificate, registration in checked:
        row = seen_entries[entry.pk]
        if certificate in taken_certificates:
            errors.add(
                row,
                CERTIFICATE_COLUMN,
                _("Nomor sertifikat %(number)s sudah dipakai untuk %(name)s.")
                % {"number": certificate, "name": taken_certificates[certificate]},
            )
        if registration in taken_registrations:
            errors.add(
                row,
                REGISTRATION_COLUMN,
                _("Nomor registrasi %(number)s sudah dipakai untuk %(name)s.")
                % {"number": registration, "name": taken_registrations[registration]},
            )
    return checked


@transaction.atomic
def record_certificate_numbers(
    *, decision: Decision, numbers: Sequence[NumberInput], actor: User, occurred_on: dt.date | None = None
) -> list[DecisionEntry]:
    """Record the numbers BNSP assigned, all or nothing (`NumbersRefused` lists every problem). Each
    newly numbered candidate uses one blank from the stock (a `used` movement linked to them). When
    every candidate of the decree has numbers, the list of certificates is drawn and attached as
    "Sertifikat Kompetensi", completing Kabid Sertifikasi's task if the actor plays it."""
    decision = _approved(decision)
    if not numbers:
        raise NumbersRefused([RowError(0, "", _("Tidak ada nomor yang dicatat."))])
    errors = RowErrors()
    checked = _checked(decision, numbers, errors)
    stock = _lock_stock(decision.lsp)
    if not errors and len(checked) > stock:
        errors.add(0, "", _not_enough(stock) + _("; catat dahulu penerimaan blangko dari BNSP."))
    if errors:
        raise NumbersRefused(errors.as_list())
    now = timezone.now()
    day = occurred_on or timezone.localdate()
    for entry, certificate, registration in checked:
        entry.certificate_number = certificate
        entry.registration_number = registration
        entry.numbers_recorded_at = now
        entry.numbers_recorded_by = actor
        entry.save(
            update_fields=[
                "certificate_number",
                "registration_number",
                "numbers_recorded_at",
                "numbers_recorded_by",
            ]
        )
        BlankMovement.objects.create(
            lsp=decision.lsp,
            kind=BlankMovement.Kind.USED,
            quantity=1,
            occurred_on=day,
            entry=entry,
            reference=certificate,
            note=entry.registration.full_name,
            recorded_by=actor,
        )
    if checked:
        record_event(
            decision,
            "decision.numbers_recorded",
            actor=actor,
            organization=decision.lsp,
            data={
                "numbers": [
                    {"name": entry.registration.full_name, "certificate": c, "registration": r}
                    for entry, c, r in checked
                ],
                "stock_after": stock - len(checked),
            },
        )
    if checked and not decision.entries.filter(certificate_number="").exists():
        _certificates_done(decision=decision, actor=actor)
    return [entry for entry, _c, _r in checked]


def import_certificate_numbers(
    *, decision: Decision, source: Any, actor: User, filename: str | None = None
) -> list[DecisionEntry]:
    """The numbers from an xlsx (or CSV) with the columns NIK, NOMOR SERTIFIKAT, NOMOR REGISTRASI;
    all or nothing, every problem reported by row and column (`NumbersRefused`)."""
    if decision.status != Decision.Status.APPROVED:
        _approved(decision)
    try:
        table = read_table(source, NUMBER_COLUMNS, filename=filename)
    except SpreadsheetError as error:
        raise NumbersRefused(error.errors) from error
    entries = {
        entry.registration.nik: entry
        for entry in DecisionEntry.objects.filter(decision=decision).select_related("registration")
    }
    errors = RowErrors()
    numbers: list[NumberInput] = []
    for row in table.rows:
        nik = row["nik"].replace(" ", "").lstrip("'")
        entry = entries.get(nik)
        if entry is None:
            errors.add(
                row.number,
                table.header_for("nik"),
                _("NIK %(nik)s tidak ada dalam SK Penetapan ini.") % {"nik": nik or "-"},
            )
            continue
        numbers.append(NumberInput(entry, row["certificate_number"], row["registration_number"], row.number))
    if not table.rows:
        errors.add(0, "", _("Berkas tidak berisi baris nomor sertifikat."))
    if errors:
        # Report the shape problems of the other rows too, so one upload shows everything.
        _checked(decision, numbers, errors)
        raise NumbersRefused(errors.as_list())
    return record_certificate_numbers(decision=decision, numbers=numbers, actor=actor)


@transaction.atomic
def correct_certificate_numbers(
    *, entry: DecisionEntry, certificate_number: str, registration_number: str, reason: str, actor: User
) -> DecisionEntry:
    """Change numbers already recorded (BNSP corrected them, or they were typed wrong), with the reason."""
    reason = (reason or "").strip()
    entry = (
        DecisionEntry.objects.select_for_update()
        .select_related("decision__lsp", "registration")
        .get(pk=entry.pk)
    )
    errors: dict[str, str] = {}
    if not entry.certificate_number:
        raise ValidationError(
            _("Nomor sertifikat %(name)s belum dicatat; catat dahulu, bukan koreksi.")
            % {"name": entry.registration.full_name}
        )
    if not reason:
        errors["reason"] = _("Tuliskan alasan koreksi nomor.")
    certificate, problem = normalize_certificate_number(certificate_number)
    if problem:
        errors["certificate_number"] = problem
    registration, reg_problem = normalize_registration_number(registration_number)
    if reg_problem:
        errors["registration_number"] = reg_problem
    if not errors:
        if DecisionEntry.objects.filter(certificate_number=certificate).exclude(pk=entry.pk).exists():
            errors["certificate_number"] = _("Nomor sertifikat %(number)s sudah dipakai asesi lain.") % {
                "number": certificate
            }
        if DecisionEntry.objects.filter(registration_number=registration).exclude(pk=entry.pk).exists():
            errors["registration_number"] = _("Nomor registrasi %(number)s sudah dipakai asesi lain.") % {
                "number": registration
            }
        if (certificate, registration) == (entry.certificate_number, entry.registration_number):
            errors["certificate_number"] = _("Nomor baru sama dengan nomor yang tercatat.")
    if errors:
        raise ValidationError(errors)
    before = {"certificate": entry.certificate_number, "registration": entry.registration_number}
    entry.certificate_number = certificate
    entry.registration_number = registration
    entry.numbers_recorded_at = timezone.now()
    entry.numbers_recorded_by = actor
    entry.save(
        update_fields=[
            "certificate_number",
            "registration_number",
            "numbers_recorded_at",
            "numbers_recorded_by",
        ]
    )
    record_event(
        entry.decision,
        "decision.numbers_corrected",
        actor=actor,
        organization=entry.decision.lsp,
        data={
            "name": entry.registration.full_name,
            "before": before,
            "after": {"certificate": certificate, "registration": registration},
            "reason": reason,
        },
    )
    if not entry.decision.entries.filter(certificate_number="").exists():
        certificate_list(decision=entry.decision, actor=actor)
    return entry


# ---- the list of certificates -----------------------------------------------------------------


def certificate_list(*, decision: Decision, actor: User) -> StoredFile:
    """ "Daftar sertifikat kompetensi": candidate, scheme, certificate and registration numbers (PDF)."""
    event, lsp = decision.event, decision.lsp
    entries = list(decision.entries.select_related("registration").order_by("position"))
    stored, _number = generate_document(
        organization=lsp,
        document_type="report",
        template=TYPST / "decision_certificates.typ",
        data={
            "org": letterhead(lsp),
            "decree_number": decision.decree_number,
            "decided_on": indonesian_date(decision.decided_on),
            "scheme": f"{event.scheme.name} ({event.scheme.code})",
            "event": event.title,
            "dates": event_dates(event),
            "rows": [
                [
                    str(entry.position),
                    entry.registration.full_name,
                    event.scheme.name,
                    entry.certificate_number,
                    entry.registration_number,
                ]
                for entry in entries
            ],
            "place": lsp.city or "Jakarta",
            "date": indonesian_date(timezone.localdate()),
            "signer": official(actor, lsp, HEAD_ROLE, HEAD_OFFICE),
        },
        actor=actor,
        subject=decision,
        title=f"Daftar sertifikat kompetensi · {event.title}"[:255],
        numbered=False,
        filename=f"{CERTIFICATE_LIST_PREFIX}-{event.public_id.hex[:8]}",
    )
    record_event(
        decision,
        "decision.certificate_list",
        actor=actor,
        organization=lsp,
        data={"file": stored.public_id, "certificates": len(entries)},
    )
    return stored


def _close_head_task(*, decision: Decision, actor: User, listing: StoredFile) -> None:
    """Attach the list of certificates as "Sertifikat Kompetensi" (and the decree and the request
    letter where those outputs are still missing) and complete Kabid Sertifikasi's task of STMI
    step 6 when the actor plays it; otherwise the task waits for them."""
    fill: list[tuple[StoredFile, Sequence[str]]] = []
    combined = combined_file(decision) or decision.decree_file
    if combined is not None:
        fill.append((combined, DECREE_OUTPUT))
    request = decision.blank_requests.order_by("-created_at", "-id").select_related("letter").first()
    if request is not None:
        fill.append((request.letter, LETTER_OUTPUT))
    record_sop_work(
        event=decision.event,
        actor=actor,
        role_key=HEAD_ROLE,
        files=[(listing, CERTIFICATES_OUTPUT)],
        fill_missing=fill,
        complete=True,
    )


def _certificates_done(*, decision: Decision, actor: User) -> StoredFile:
    listing = certificate_list(decision=decision, actor=actor)
    _close_head_task(decision=decision, actor=actor, listing=listing)
    return listing


def latest_certificate_list(decision: Decision) -> StoredFile | None:
    return (
        StoredFile.objects.filter(
            subject_type=Decision._meta.label_lower,
            subject_id=str(decision.pk),
            original_name__startswith=CERTIFICATE_LIST_PREFIX,
        )
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def complete_certificate_task(*, decision: Decision, actor: User) -> None:
    """For Kabid Sertifikasi when someone else recorded the last numbers: attach the documents and
    complete their task of step 6 (the task page can do the same by hand)."""
    if decision.entries.filter(certificate_number="").exists():
        raise ValidationError(_("Masih ada asesi tanpa nomor sertifikat BNSP."))
    listing = latest_certificate_list(decision) or certificate_list(decision=decision, actor=actor)
    _close_head_task(decision=decision, actor=actor, listing=listing)
