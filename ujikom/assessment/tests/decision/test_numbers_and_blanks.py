"""The blank log (stock never below zero) and the numbers BNSP assigns: validated shapes, unique,
only for the decree's candidates, all or nothing (form, JSON or xlsx), one blank used per number,
and changed only by a correction with a reason."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from ujikom.assessment import services_blanks as blanks
from ujikom.assessment.models import BlankMovement, DecisionEntry
from ujikom.core.models import AuditEvent

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


def _entries(decision) -> list[DecisionEntry]:
    return list(decision.entries.select_related("registration").order_by("position"))


def _receive(lsp, actor, quantity: int = 5) -> None:
    blanks.record_blank_movement(lsp=lsp, kind="received", quantity=quantity, actor=actor)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("62090 2432 0001234 2024", "62090 2432 0001234 2024"),
        ("  62090   2432 0001234 2024 ", "62090 2432 0001234 2024"),
        ("no. 85200 2421 4 0000467 2020", "85200 2421 4 0000467 2020"),
        ("tik 1166 0001234 2025", "TIK 1166 0001234 2025"),
    ],
)
def test_certificate_numbers_in_bnsp_shape_are_normalized(typed, expected):
    assert blanks.normalize_certificate_number(typed) == (expected, "")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "62090-2432-0001234-2024",  # not separated by spaces
        "62090 2432 2024",  # no serial of 5 digits
        "62090 2432 0001234 1999",  # year too early
        "62090 2432 0001234 2099",  # year in the future
        "0001234 2024",  # too short
        "CERT/2024/03/0012",
    ],
)
def test_certificate_numbers_of_another_shape_are_refused(typed):
    normalized, problem = blanks.normalize_certificate_number(typed)
    assert normalized == "" and problem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Reg. TIK 1166 00010 2024", "Reg. TIK 1166 00010 2024"),
        ("REG. tik 1166 00010 2024", "Reg. TIK 1166 00010 2024"),
        ("reg 1234 567890 12 2024", "Reg. 1234 567890 12 2024"),
    ],
)
def test_registration_numbers_are_normalized(typed, expected):
    assert blanks.normalize_registration_number(typed) == (expected, "")


@pytest.mark.parametrize("typed", ["", "TIK 1166 00010 2024", "Reg. 1166", "Reg. ABC DEF GHI"])
def test_registration_numbers_of_another_shape_are_refused(typed):
    assert blanks.normalize_registration_number(typed)[1]


def test_recording_numbers_uses_one_blank_each(approved, head_certification, lsp):
    _receive(lsp, head_certification, 3)
    budi, siti = _entries(approved)

    blanks.record_certificate_numbers(
        decision=approved,
        numbers=[
            blanks.NumberInput(budi, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026", 1),
            blanks.NumberInput(siti, "62090 2432 0001235 2026", "reg. tik 1166 00011 2026", 2),
        ],
        actor=head_certification,
    )

    budi.refresh_from_db()
    assert (budi.certificate_number, budi.registration_number) == (
        "62090 2432 0001234 2026",
        "Reg. TIK 1166 00010 2026",
    )
    used = BlankMovement.objects.filter(kind="used").order_by("id")
    assert [(m.entry_id, m.quantity) for m in used] == [(budi.pk, 1), (siti.pk, 1)]
    assert blanks.blank_stock(lsp) == 1
    listing = " ".join(pdf_text(blanks.latest_certificate_list(approved)).split())
    assert "DAFTAR SERTIFIKAT KOMPETENSI" in listing
    assert "Budi Santoso" in listing and "62090 2432 0001234 2026" in listing
    assert "Reg. TIK 1166 00011 2026" in listing and "Operator Komputer Muda" in listing


def test_numbers_need_blanks_in_stock(approved, head_certification, lsp):
    _receive(lsp, head_certification, 1)
    budi, siti = _entries(approved)

    with pytest.raises(blanks.NumbersRefused) as refused:
        blanks.record_certificate_numbers(
            decision=approved,
            numbers=[
                blanks.NumberInput(budi, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026", 1),
                blanks.NumberInput(siti, "62090 2432 0001235 2026", "Reg. TIK 1166 00011 2026", 2),
            ],
            actor=head_certification,
        )

    assert "Stok blangko tidak cukup: tersisa 1" in refused.value.messages[0]
    assert not DecisionEntry.objects.exclude(certificate_number="").exists()
    assert blanks.blank_stock(lsp) == 1


def test_duplicates_and_bad_shapes_refuse_the_whole_batch(approved, head_certification, lsp):
    _receive(lsp, head_certification)
    budi, siti = _entries(approved)

    with pytest.raises(blanks.NumbersRefused) as refused:
        blanks.record_certificate_numbers(
            decision=approved,
            numbers=[
                blanks.NumberInput(budi, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026", 1),
                blanks.NumberInput(siti, "62090  2432 0001234 2026", "Reg. TIK 1166 00010 2026", 2),
            ],
            actor=head_certification,
        )

    found = [(error.row, error.column) for error in refused.value.errors]
    assert found == [(2, "NOMOR SERTIFIKAT"), (2, "NOMOR REGISTRASI")]
    assert not DecisionEntry.objects.exclude(certificate_number="").exists()
    assert blanks.blank_stock(lsp) == 5


def test_a_number_already_given_to_another_candidate_is_refused(
    approved, head_certification, lsp, make_registration
):
    _receive(lsp, head_certification)
    budi, siti = _entries(approved)
    blanks.record_certificate_numbers(
        decision=approved,
        numbers=[blanks.NumberInput(budi, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026", 1)],
        actor=head_certification,
    )

    with pytest.raises(blanks.NumbersRefused) as refused:
        blanks.record_certificate_numbers(
            decision=approved,
            numbers=[blanks.NumberInput(siti, "62090 2432 0001234 2026", "Reg. TIK 1166 00011 2026", 1)],
            actor=head_certification,
        )

    assert "sudah dipakai untuk Budi Santoso" in refused.value.errors[0].message


def test_recorded_numbers_change_only_by_a_correction_with_a_reason(approved, head_certification, lsp):
    _receive(lsp, head_certification)
    budi, _siti = _entries(approved)
    numbers = [blanks.NumberInput(budi, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026", 1)]
    blanks.record_certificate_numbers(decision=approved, numbers=numbers, actor=head_certification)
    blanks.record_certificate_numbers(
        decision=approved, numbers=numbers, actor=head_certification
    )  # same: nothing

    with pytest.raises(blanks.NumbersRefused) as changed:
        blanks.record_certificate_numbers(
            decision=approved,
            numbers=[blanks.NumberInput(budi, "62090 2432 0009999 2026", "Reg. TIK 1166 00010 2026", 1)],
            actor=head_certification,
        )
    with pytest.raises(ValidationError) as no_reason:
        blanks.correct_certificate_numbers(
            entry=budi,
            certificate_number="62090 2432 0009999 2026",
            registration_number="Reg. TIK 1166 00010 2026",
            reason="",
            actor=head_certification,
        )
    blanks.correct_certificate_numbers(
        entry=budi,
        certificate_number="62090 2432 0009999 2026",
        registration_number="Reg. TIK 1166 00010 2026",
        reason="Salah ketik nomor seri",
        actor=head_certification,
    )

    assert "koreksi" in changed.value.errors[0].message
    assert "reason" in no_reason.value.message_dict
    budi.refresh_from_db()
    assert budi.certificate_number == "62090 2432 0009999 2026"
    corrected = AuditEvent.objects.get(event_type="decision.numbers_corrected")
    assert corrected.data["reason"] == "Salah ketik nomor seri"
    assert corrected.data["before"]["certificate"] == "62090 2432 0001234 2026"
    assert BlankMovement.objects.filter(kind="used").count() == 1


def _numbers_file(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["NIK", "NAMA", "NOMOR SERTIFIKAT", "NOMOR REGISTRASI"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_upload_is_all_or_nothing_with_a_row_and_column_report(approved, head_certification, lsp, one_bk):
    _receive(lsp, head_certification)
    budi, siti, agus = one_bk
    bad = _numbers_file(
        [
            [budi.nik, budi.full_name, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026"],
            [siti.nik, siti.full_name, "62090 2432 12 2026", "Reg. TIK 1166 00011 2026"],
            [agus.nik, agus.full_name, "62090 2432 0001236 2026", "Reg. TIK 1166 00012 2026"],
        ]
    )

    with pytest.raises(blanks.NumbersRefused) as refused:
        blanks.import_certificate_numbers(
            decision=approved, source=bad, filename="nomor.xlsx", actor=head_certification
        )
    good = _numbers_file(
        [
            [budi.nik, budi.full_name, "62090 2432 0001234 2026", "Reg. TIK 1166 00010 2026"],
            [siti.nik, siti.full_name, "62090 2432 0001235 2026", "Reg. TIK 1166 00011 2026"],
        ]
    )
    recorded = blanks.import_certificate_numbers(
        decision=approved, source=good, filename="nomor.xlsx", actor=head_certification
    )

    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "NOMOR SERTIFIKAT"), (4, "NIK")]
    assert "tidak ada dalam SK Penetapan" in refused.value.errors[1].message
    assert len(recorded) == 2
    assert blanks.blank_stock(lsp) == 3


def test_a_damaged_blank_needs_its_berita_acara_and_stock(head_certification, lsp):
    with pytest.raises(ValidationError) as no_reference:
        blanks.record_blank_movement(lsp=lsp, kind="damaged", quantity=1, actor=head_certification)
    _receive(lsp, head_certification, 2)
    with pytest.raises(ValidationError) as too_many:
        blanks.record_blank_movement(
            lsp=lsp,
            kind="damaged",
            quantity=3,
            reference="001/BA-RUSAK/LSP-STMI/2026",
            note="Tercetak miring",
            actor=head_certification,
        )
    blanks.record_blank_movement(
        lsp=lsp,
        kind="damaged",
        quantity=1,
        reference="001/BA-RUSAK/LSP-STMI/2026",
        note="Tercetak miring",
        actor=head_certification,
    )
    with pytest.raises(ValidationError) as returned:
        blanks.record_blank_movement(lsp=lsp, kind="returned", quantity=2, actor=head_certification)

    assert set(no_reference.value.message_dict) == {"reference", "note"}
    assert too_many.value.message_dict["quantity"] == ["Stok blangko tidak cukup: tersisa 2"]
    assert returned.value.message_dict["quantity"] == ["Stok blangko tidak cukup: tersisa 1"]
    assert blanks.blank_stock(lsp) == 1


def test_a_used_blank_is_not_typed_in_by_hand(head_certification, lsp):
    _receive(lsp, head_certification)

    with pytest.raises(ValidationError) as refused:
        blanks.record_blank_movement(lsp=lsp, kind="used", quantity=1, actor=head_certification)

    assert "otomatis" in refused.value.message_dict["kind"][0]
