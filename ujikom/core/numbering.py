"""Document numbering: each organization's patterns, and gap-free numbers issued from them.

A pattern such as `{seq:03}/ST/LSP-STMI/{month_roman}/{year}` gives `007/ST/LSP-STMI/XI/2026`.
Tokens:

| token | gives |
|---|---|
| `{seq}`, `{seq:03}` | the sequence number, zero-padded to the given width |
| `{year}`, `{year2}` | 2026, 26 |
| `{month}`, `{month_roman}` | 11, XI |
| `{day}` | 05 |
| `{org}` | the organization's code in capitals (`lsp-stmi` → `LSP-STMI`) |
| `{type}` | the document type's abbreviation (ST, BA, SK…) |

The sequence restarts every year, every month or never. A number is issued inside the
caller's transaction: the counter row is locked, incremented and the number registered
in the same transaction as the document that carries it, so a rolled-back document gives
its number back and the register never has gaps or duplicates, however many processes
number documents at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import record_event
from .models import (
    AuditChainHead,
    DocumentType,
    IssuedNumber,
    NumberCounter,
    NumberingPattern,
    Organization,
    User,
)

Reset = NumberingPattern.Reset

TOKENS: dict[str, Any] = {
    "seq": gettext_lazy("nomor urut; {seq:03} mengisi nol di depan sampai 3 digit (001)"),
    "year": gettext_lazy("tahun empat digit (2026)"),
    "year2": gettext_lazy("tahun dua digit (26)"),
    "month": gettext_lazy("bulan dua digit (01–12)"),
    "month_roman": gettext_lazy("bulan dalam angka Romawi (I–XII)"),
    "day": gettext_lazy("tanggal dua digit (01–31)"),
    "org": gettext_lazy("kode organisasi dengan huruf besar (LSP-STMI)"),
    "type": gettext_lazy("singkatan jenis dokumen (ST, BA, SK)"),
}
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
NEVER_PERIOD = "all"
MAX_SEQ_WIDTH = 10
_SEQ_FORMAT = re.compile(r"^0?(\d{1,2})$")
_NUMBER_MAX_LENGTH = IssuedNumber._meta.get_field("number").max_length or 200


@dataclass(frozen=True)
class Token:
    name: str
    width: int = 0  # zero-padded width of {seq}; 0 means as is


Part = str | Token


def parse_pattern(pattern: str) -> list[Part]:
    """Split a pattern into literal text and tokens; every mistake is reported, by token and position."""
    parts: list[Part] = []
    errors: list[str] = []
    literal: list[str] = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "}":
            errors.append(
                _("Tanda '}' pada karakter ke-%(position)d tidak punya pasangan '{'.")
                % {"position": position + 1}
            )
            position += 1
            continue
        if char != "{":
            literal.append(char)
            position += 1
            continue
        closing = pattern.find("}", position + 1)
        reopening = pattern.find("{", position + 1)
        if closing == -1 or (reopening != -1 and reopening < closing):
            end = reopening if reopening != -1 else len(pattern)
            errors.append(
                _("Tanda '{' pada karakter ke-%(position)d tidak ditutup dengan '}': %(text)s")
                % {"position": position + 1, "text": pattern[position:end]}
            )
            position = end
            continue
        text = pattern[position : closing + 1]
        token, error = _parse_token(text)
        if error:
            errors.append(error)
        elif token is not None:
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(token)
        position = closing + 1
    if literal:
        parts.append("".join(literal))
    if errors:
        raise ValidationError({"pattern": errors})
    return parts


def _parse_token(text: str) -> tuple[Token | None, str]:
    name, _colon, spec = text[1:-1].partition(":")
    if name not in TOKENS:
        return None, _("Penanda %(token)s tidak dikenal. Penanda yang tersedia: %(known)s.") % {
            "token": text,
            "known": ", ".join(f"{{{known}}}" for known in TOKENS),
        }
    if not _colon:
        return Token(name), ""
    if name != "seq":
        return None, _(
            "Penanda %(token)s tidak menerima format; hanya {seq} yang dapat diberi lebar, mis. {seq:03}."
        ) % {"token": text}
    match = _SEQ_FORMAT.match(spec)
    width = int(match.group(1)) if match else 0
    if not match or not 1 <= width <= MAX_SEQ_WIDTH:
        return None, _(
            "Format %(token)s tidak dikenal. Tulis lebar nomor urut dengan angka 1–%(max)d, mis. {seq:03} untuk 001."
        ) % {"token": text, "max": MAX_SEQ_WIDTH}
    return Token("seq", width), ""


def validate_pattern(pattern: str, reset: str) -> list[Part]:
    """Parse and check that the pattern can number documents without ever repeating a number.

    A sequence that restarts every year repeats its numbers unless the year is in the number;
    one that restarts every month needs the month and the year.
    """
    if not pattern or not pattern.strip():
        raise ValidationError({"pattern": _("Pola penomoran wajib diisi.")})
    if len(pattern) > NumberingPattern._meta.get_field("pattern").max_length:  # type: ignore[operator]
        raise ValidationError({"pattern": _("Pola penomoran paling panjang 200 karakter.")})
    if reset not in Reset.values:
        raise ValidationError(
            {"reset": _("Pilihan pengulangan nomor urut tidak dikenal: %(reset)s.") % {"reset": reset}}
        )
    parts = parse_pattern(pattern)
    names = {part.name for part in parts if isinstance(part, Token)}
    errors: list[str] = []
    if "seq" not in names:
        errors.append(
            _("Pola harus memuat nomor urut {seq} (mis. {seq:03}), kalau tidak semua nomor akan sama.")
        )
    has_year = bool(names & {"year", "year2"})
    has_month = bool(names & {"month", "month_roman"})
    if reset == Reset.MONTHLY and not (has_month and has_year):
        errors.append(
            _(
                "Nomor urut yang diulang setiap bulan memerlukan {month} atau {month_roman} dan {year} atau {year2} "
                "di dalam pola; tanpa itu nomor yang sama akan terbit lagi."
            )
        )
    elif reset == Reset.YEARLY and not has_year:
        errors.append(
            _(
                "Nomor urut yang diulang setiap tahun memerlukan {year} atau {year2} di dalam pola; "
                "tanpa itu nomor yang sama akan terbit lagi tahun depan."
            )
        )
    if errors:
        raise ValidationError({"pattern": errors})
    return parts


def period_key(reset: str, day: dt.date) -> str:
    """The counter period a day falls in: "2026" (yearly), "2026-11" (monthly) or "all"."""
    if reset == Reset.YEARLY:
        return f"{day.year:04d}"
    if reset == Reset.MONTHLY:
        return f"{day.year:04d}-{day.month:02d}"
    return NEVER_PERIOD


def _type_abbreviation(document_type: DocumentType | None) -> str:
    if document_type is None:
        return "JENIS"
    return document_type.abbreviation or document_type.code.upper()


def render_number(
    parts: list[Part], *, sequence: int, day: dt.date, organization_code: str, type_abbreviation: str
) -> str:
    values = {
        "year": f"{day.year:04d}",
        "year2": f"{day.year % 100:02d}",
        "month": f"{day.month:02d}",
        "month_roman": ROMAN_MONTHS[day.month - 1],
        "day": f"{day.day:02d}",
        "org": organization_code.upper(),
        "type": type_abbreviation,
    }
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part.name == "seq":
            out.append(str(sequence).zfill(part.width))
        else:
            out.append(values[part.name])
    return "".join(out)


def preview_number(
    pattern: str | NumberingPattern,
    *,
    organization: Organization | None = None,
    document_type: DocumentType | None = None,
    when: dt.date | None = None,
    sequence: int = 1,
) -> str:
    """The number `pattern` would give; nothing is issued. Raises ValidationError for a malformed pattern."""
    if isinstance(pattern, NumberingPattern):
        organization = organization or pattern.organization
        document_type = document_type or pattern.document_type
        pattern = pattern.pattern
    return render_number(
        parse_pattern(pattern),
        sequence=sequence,
        day=_local_day(when),
        organization_code=organization.code if organization is not None else "ORG",
        type_abbreviation=_type_abbreviation(document_type),
    )


def _local_day(when: dt.date | None) -> dt.date:
    if when is None:
        return timezone.localdate()
    if isinstance(when, dt.datetime):
        return timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
    return when


def _document_type(document_type: DocumentType | str) -> DocumentType:
    if isinstance(document_type, DocumentType):
        return document_type
    found = DocumentType.objects.filter(code=document_type).first()
    if found is None:
        raise ValidationError(
            {"document_type": _("Jenis dokumen %(code)s tidak dikenal.") % {"code": document_type}}
        )
    return found


# --- issuing numbers -----------------------------------------------------------------------


def _lock_audit_chain() -> None:
    """Take the audit chain's lock before the counter's.

    Issuing records an audit event, which locks the chain head. A caller that recorded an
    event earlier in its transaction already holds that lock when it asks for a number;
    taking it first here keeps one lock order (chain head, then counter) everywhere, so two
    transactions can never each hold the lock the other waits for.
    """
    AuditChainHead.objects.select_for_update().get_or_create(id=1)


def _locked_counter(pattern: NumberingPattern, period: str) -> NumberCounter:
    """The period's counter, created on first use, locked until the caller's transaction ends."""
    counters = NumberCounter.objects.select_for_update()
    counter = counters.filter(pattern=pattern, period=period).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            NumberCounter.objects.create(pattern=pattern, period=period, last_value=0)
    except IntegrityError:
        pass  # another transaction created it at the same moment; lock that one
    return counters.get(pattern=pattern, period=period)


@transaction.atomic
def next_number(
    *,
    organization: Organization,
    document_type: DocumentType | str,
    actor: User | None,
    when: dt.date | None = None,
    subject: models.Model | None = None,
) -> IssuedNumber:
    """Issue the next number of `document_type` in `organization`, dated `when` (today by default).

    Call it inside the transaction that saves the document: if that transaction rolls back,
    the number is given back and the next document gets it.
    """
    doc_type = _document_type(document_type)
    pattern = (
        NumberingPattern.objects.select_related("document_type", "organization")
        .filter(organization=organization, document_type=doc_type)
        .first()
    )
    if pattern is None:
        raise ValidationError(
            _("Belum ada pola penomoran untuk %(type)s di %(organization)s.")
            % {"type": doc_type.name, "organization": organization.name}
        )
    day = _local_day(when)
    period = period_key(pattern.reset, day)
    _lock_audit_chain()
    counter = _locked_counter(pattern, period)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    number = render_number(
        parse_pattern(pattern.pattern),
        sequence=counter.last_value,
        day=day,
        organization_code=organization.code,
        type_abbreviation=_type_abbreviation(doc_type),
    )
    try:
        with transaction.atomic():
            issued = IssuedNumber.objects.create(
                pattern=pattern,
                organization=organization,
                period=period,
                sequence=counter.last_value,
                number=number,
                issued_at=timezone.now(),
                issued_by=actor if actor is not None and actor.is_authenticated else None,
                subject_type=subject._meta.label_lower if subject is not None else "",
                subject_id=str(subject.pk) if subject is not None else "",
            )
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Nomor %(number)s sudah pernah diberikan di %(organization)s. Ubah pola penomoran %(type)s "
                "agar nomornya tidak berulang."
            )
            % {"number": number, "organization": organization.name, "type": doc_type.name}
        ) from error
    record_event(
        issued,
        "document_number.issued",
        actor=actor,
        organization=organization,
        data={
            "number": number,
            "document_type": doc_type.code,
            "period": period,
            "sequence": issued.sequence,
            "subject_type": issued.subject_type,
            "subject_id": issued.subject_id,
        },
    )
    return issued


# --- managing patterns ---------------------------------------------------------------------


def _shape(parts: list[Part], *, organization: Organization, document_type: DocumentType) -> str:
    """The pattern with every number-like token reduced to '#': equal shapes can give equal numbers."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            piece = part
        elif part.name == "org":
            piece = organization.code.upper()
        elif part.name == "type":
            piece = _type_abbreviation(document_type)
        elif part.name == "month_roman":
            piece = "\x00R"
        else:
            piece = "\x00#"
        if piece == "\x00#" and out and out[-1] == "\x00#":
            continue  # {year}{seq} can read as one long number
        out.append(piece)
    return "".join(out)


def _check_pattern(
    *,
    organization: Organization,
    document_type: DocumentType,
    pattern: str,
    reset: str,
    current: NumberingPattern | None,
) -> None:
    """Everything that makes a pattern unusable, reported at the field to fix."""
    parts = validate_pattern(pattern, reset)
    errors: dict[str, list[str]] = {}
    sample = render_number(
        parts,
        sequence=10**MAX_SEQ_WIDTH - 1,
        day=dt.date(2026, 12, 31),
        organization_code=organization.code,
        type_abbreviation=_type_abbreviation(document_type),
    )
    if len(sample) > _NUMBER_MAX_LENGTH:
        errors.setdefault("pattern", []).append(
            _("Nomor yang dihasilkan pola ini bisa lebih dari %(max)d karakter.")
            % {"max": _NUMBER_MAX_LENGTH}
        )
    shape = _shape(parts, organization=organization, document_type=document_type)
    others = NumberingPattern.objects.filter(organization=organization).select_related("document_type")
    if current is not None:
        others = others.exclude(pk=current.pk)
    for other in others:
        try:
            other_parts = parse_pattern(other.pattern)
        except ValidationError:
            continue
        if _shape(other_parts, organization=organization, document_type=other.document_type) == shape:
            errors.setdefault("pattern", []).append(
                _(
                    "Pola ini dapat menghasilkan nomor yang sama dengan pola %(type)s (%(pattern)s). "
                    "Bedakan, mis. dengan {type} atau singkatan jenis dokumen."
                )
                % {"type": other.document_type.name, "pattern": other.pattern}
            )
    if current is not None and not errors:
        upcoming = render_number(
            parts,
            sequence=next_sequence(numbering_pattern=current, reset=reset),
            day=timezone.localdate(),
            organization_code=organization.code,
            type_abbreviation=_type_abbreviation(document_type),
        )
        if IssuedNumber.objects.filter(organization=organization, number=upcoming).exists():
            errors.setdefault("pattern", []).append(
                _(
                    "Dengan pola dan pengulangan ini, nomor berikutnya adalah %(number)s, padahal nomor itu sudah "
                    "pernah diberikan. Ubah polanya agar nomor tidak berulang."
                )
                % {"number": upcoming}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_pattern(
    *,
    organization: Organization,
    document_type: DocumentType | str,
    pattern: str,
    reset: str = Reset.YEARLY,
    actor: User | None,
) -> NumberingPattern:
    """Set how `organization` numbers `document_type`."""
    doc_type = _document_type(document_type)
    pattern = (pattern or "").strip()
    if NumberingPattern.objects.filter(organization=organization, document_type=doc_type).exists():
        raise ValidationError(
            {
                "document_type": _(
                    "%(organization)s sudah punya pola penomoran untuk %(type)s; ubah pola yang ada."
                )
                % {"organization": organization.name, "type": doc_type.name}
            }
        )
    _check_pattern(
        organization=organization, document_type=doc_type, pattern=pattern, reset=reset, current=None
    )
    numbering_pattern = NumberingPattern(
        organization=organization, document_type=doc_type, pattern=pattern, reset=reset
    )
    try:
        with transaction.atomic():
            numbering_pattern.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "document_type": _("Pola penomoran untuk %(type)s baru saja dibuat orang lain.")
                % {"type": doc_type.name}
            }
        ) from error
    record_event(
        numbering_pattern,
        "numbering_pattern.created",
        actor=actor,
        organization=organization,
        data={"document_type": doc_type.code, "pattern": pattern, "reset": reset},
    )
    return numbering_pattern


@transaction.atomic
def update_pattern(
    *,
    numbering_pattern: NumberingPattern,
    actor: User | None,
    pattern: str | None = None,
    reset: str | None = None,
) -> NumberingPattern:
    """Change a pattern for the numbers still to come; numbers already issued keep their text."""
    new_pattern = numbering_pattern.pattern if pattern is None else pattern.strip()
    new_reset = numbering_pattern.reset if reset is None else reset
    changes: dict[str, list[str]] = {}
    if new_pattern != numbering_pattern.pattern:
        changes["pattern"] = [numbering_pattern.pattern, new_pattern]
    if new_reset != numbering_pattern.reset:
        changes["reset"] = [numbering_pattern.reset, new_reset]
    if not changes:
        return numbering_pattern
    _check_pattern(
        organization=numbering_pattern.organization,
        document_type=numbering_pattern.document_type,
        pattern=new_pattern,
        reset=new_reset,
        current=numbering_pattern,
    )
    numbering_pattern.pattern = new_pattern
    numbering_pattern.reset = new_reset
    numbering_pattern.save(update_fields=["pattern", "reset", "updated_at"])
    record_event(
        numbering_pattern,
        "numbering_pattern.updated",
        actor=actor,
        organization=numbering_pattern.organization,
        data={"changes": changes},
    )
    return numbering_pattern


# --- reads for the pages -------------------------------------------------------------------


@dataclass(frozen=True)
class PatternRow:
    pattern: NumberingPattern
    next_number: str
    period: str
    issued_count: int


def patterns_of(*, organization: Organization, today: dt.date | None = None) -> list[PatternRow]:
    """The organization's patterns with the number each would give next (two queries)."""
    day = today or timezone.localdate()
    patterns = list(
        NumberingPattern.objects.filter(organization=organization)
        .select_related("document_type", "organization")
        .annotate(issued_count=Count("issued"))
        .order_by("document_type__name")
    )
    periods = {period_key(reset, day) for reset in Reset.values}
    last_values = {
        (pattern_id, period): value
        for pattern_id, period, value in NumberCounter.objects.filter(
            pattern__organization=organization, period__in=periods
        ).values_list("pattern_id", "period", "last_value")
    }
    rows = []
    for pattern in patterns:
        period = period_key(pattern.reset, day)
        try:
            upcoming = preview_number(
                pattern, when=day, sequence=last_values.get((pattern.pk, period), 0) + 1
            )
        except ValidationError:
            upcoming = ""
        rows.append(PatternRow(pattern, upcoming, period, pattern.issued_count))
    return rows


def next_sequence(
    *, numbering_pattern: NumberingPattern, reset: str | None = None, today: dt.date | None = None
) -> int:
    """The sequence the next number of the current period would get (under `reset`, if it changed)."""
    period = period_key(reset or numbering_pattern.reset, today or timezone.localdate())
    counter = NumberCounter.objects.filter(pattern=numbering_pattern, period=period).first()
    return (counter.last_value if counter else 0) + 1


def issued_register(
    *, organization: Organization, numbering_pattern: NumberingPattern | None = None, limit: int = 20
) -> list[IssuedNumber]:
    """The numbers issued last in the organization (or under one pattern), newest first."""
    issued = IssuedNumber.objects.filter(organization=organization)
    if numbering_pattern is not None:
        issued = issued.filter(pattern=numbering_pattern)
    return list(
        issued.select_related("pattern__document_type", "issued_by").order_by("-issued_at", "-pk")[:limit]
    )


# --- demo data -----------------------------------------------------------------------------

DEMO_PATTERNS: dict[str, list[tuple[str, str, str]]] = {
    # organization code -> [(document type, pattern, reset)]
    "lsp-stmi": [
        ("assignment_letter", "{seq:03}/ST/LSP-STMI/{month_roman}/{year}", Reset.YEARLY),
        ("decree", "{seq:03}/SK/LSP-STMI/{month_roman}/{year}", Reset.YEARLY),
        ("schedule_decree", "{seq:03}/SK-JADWAL/LSP-STMI/{month_roman}/{year}", Reset.YEARLY),
        ("minutes", "{seq:03}/BA/LSP-STMI/{month_roman}/{year}", Reset.YEARLY),
        ("meeting_notes", "{seq:03}/MoM/LSP-STMI/{month_roman}/{year}", Reset.YEARLY),
        ("terms_of_reference", "{seq:03}/TOR/LSP-STMI/{year}", Reset.YEARLY),
        ("budget_plan", "{seq:03}/RAB/LSP-STMI/{year}", Reset.YEARLY),
        ("blank_request", "{seq:03}/BLK/LSP-STMI/{month_roman}/{year}", Reset.YEARLY),
        ("letter", "{seq:03}/{type}/{org}/{month_roman}/{year}", Reset.YEARLY),
        ("report", "{seq:03}/LAP/LSP-STMI/{year}", Reset.YEARLY),
        ("attendance_list", "{seq:03}/DH/LSP-STMI/{month_roman}/{year}", Reset.YEARLY),
    ],
    "disnaker-tangerang": [
        ("memo", "800/{seq:03}-Disnaker/{year}", Reset.YEARLY),
        ("assignment_letter", "094/{seq:03}-Disnaker/{year}", Reset.YEARLY),
        ("letter", "560/{seq:03}-Disnaker/{year}", Reset.YEARLY),
        ("minutes", "{seq:03}/BA/TUK-DISNAKER/{month_roman}/{year}", Reset.YEARLY),
        ("meeting_notes", "{seq:03}/MoM/TUK-DISNAKER/{month_roman}/{year}", Reset.YEARLY),
        ("site_verification", "{seq:02}/VTUK/TUK-DISNAKER/{month}/{year}", Reset.MONTHLY),
        ("participant_card", "KP/TUK-DISNAKER/{year}/{seq:04}", Reset.YEARLY),
        ("report", "560/{seq:03}/LAP-Disnaker/{year}", Reset.YEARLY),
        ("attendance_list", "{seq:03}/DH/TUK-DISNAKER/{month_roman}/{year}", Reset.YEARLY),
        ("recommendation", "560/{seq:03}/REK-Disnaker/{year}", Reset.YEARLY),
        ("archive_index", "{seq:03}/ARS/TUK-DISNAKER/{year}", Reset.YEARLY),
    ],
}


def load_demo_patterns(admin: User) -> None:
    """Numbering patterns of the demo organizations, in the styles their offices use."""
    organizations = {org.code: org for org in Organization.objects.filter(code__in=DEMO_PATTERNS)}
    types = {doc.code: doc for doc in DocumentType.objects.all()}
    for org_code, specs in DEMO_PATTERNS.items():
        organization = organizations.get(org_code)
        if organization is None:
            continue
        for type_code, pattern, reset in specs:
            if type_code in types:
                create_pattern(
                    organization=organization,
                    document_type=types[type_code],
                    pattern=pattern,
                    reset=reset,
                    actor=admin,
                )
