"""The blank request to BNSP: only for an approved decree, the letter, the bundle BNSP's system
takes (letter, minutes, decree, xlsx of every K and BK candidate in BNSP's columns), the refusal
when candidate data is missing, and its status from prepared to fulfilled."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from ujikom.assessment import services_blanks as blanks
from ujikom.assessment import services_decision as decisions
from ujikom.assessment.models import BlankRequest, BnspCode
from ujikom.documents.services import open_file

from .helpers import pdf_text, prepared_decision

pytestmark = pytest.mark.django_db

HEADER = [
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
]


def _bytes(stored) -> bytes:
    with open_file(stored) as handle:
        return handle.read()


def test_a_decree_not_yet_signed_gets_no_blank_request(handed_over, event, head_certification, lsp_chair):
    decision = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=decision, actor=head_certification)
    decisions.endorse_decision(decision=decision, actor=lsp_chair)

    with pytest.raises(ValidationError) as refused:
        blanks.prepare_blank_request(decision=decision, actor=head_certification)

    assert "sudah ditetapkan" in refused.value.messages[0]
    assert not BlankRequest.objects.exists()


def test_the_bundle_holds_the_letter_minutes_decree_and_bnsp_xlsx(
    approved, event, head_certification, minutes
):
    request = blanks.prepare_blank_request(decision=approved, actor=head_certification)

    with zipfile.ZipFile(io.BytesIO(_bytes(request.bundle))) as bundle:
        assert bundle.namelist() == [
            "1-surat-permohonan-blangko.pdf",
            "2-berita-acara-uji-kompetensi.pdf",
            "3-sk-penetapan.pdf",
            "4-daftar-asesi-bnsp.xlsx",
        ]
        assert bundle.read("2-berita-acara-uji-kompetensi.pdf") == _bytes(minutes.file)
        assert bundle.read("3-sk-penetapan.pdf") == _bytes(approved.decree_file)
        assert bundle.read("4-daftar-asesi-bnsp.xlsx") == _bytes(request.candidates_xlsx)
    assert request.status == BlankRequest.Status.PREPARED and request.quantity == 2
    assert request.number.startswith("001/BLK/LSP-STMI/")


def test_the_xlsx_has_bnsp_columns_and_every_k_and_bk_candidate(approved, event, head_certification, one_bk):
    budi, _siti, agus = one_bk
    BnspCode.objects.filter(kind="education", value="SMA").update(code="05")

    request = blanks.prepare_blank_request(decision=approved, actor=head_certification)

    sheet = load_workbook(io.BytesIO(_bytes(request.candidates_xlsx))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert len(rows) == 4  # Agus (BK), Budi, Siti (K), in name order
    by_name = {row[1]: row for row in rows[1:]}
    budi_row, agus_row = by_name["Budi Santoso"], by_name["Agus Salim"]
    assert budi_row[2] == budi.nik and isinstance(budi_row[2], str)
    assert budi_row[3:6] == ["Tangerang", "02-01-2000", "L"]
    assert budi_row[6] == f"Jl. Daan Mogot No. {budi.pk}"
    assert budi_row[7:9] == ["3671", "36"]
    assert budi_row[9:11] == [budi.phone, budi.email]
    assert budi_row[11:13] == ["05", "PELAJAR"]
    assert budi_row[13] == "JDW-2026-0001"
    assert budi_row[14] == event.starts_on.strftime("%d-%m-%Y")
    assert budi_row[15] == "MET.000.002286.2018"
    assert budi_row[16:18] == ["APBD", None]  # APBD: no ministry code
    assert budi_row[18] == "K"
    assert budi_row[19] == "BLK Kota Tangerang"
    assert agus_row[18] == "BK" and agus_row[2] == agus.nik and agus_row[5] == "L"


def test_the_letter_asks_bnsp_for_the_competent_candidates(approved, head_certification):
    request = blanks.prepare_blank_request(decision=approved, actor=head_certification)

    text = " ".join(pdf_text(request.letter).split())
    assert request.number in text
    assert "Ketua Badan Nasional Sertifikasi Profesi" in text
    assert "Permohonan Blangko Sertifikat Kompetensi" in text
    assert "sebanyak 2 (dua) lembar" in text
    assert approved.decree_number in text and "JDW-2026-0001" in text
    assert "Operator Komputer Muda" in text
    assert "Dr. Ir. Sutrisno, M.T." in text  # signed by the Ketua LSP who endorsed the decree


def test_missing_candidate_data_refuses_the_bundle_naming_each_candidate_and_column(
    approved, head_certification, one_bk
):
    _budi, siti, agus = one_bk
    siti.address = ""
    siti.city = None
    siti.save()
    agus.province = None
    agus.save()

    with pytest.raises(ValidationError) as refused:
        blanks.prepare_blank_request(decision=approved, actor=head_certification)

    text = "\n".join(refused.value.messages)
    assert "Siti Aminah" in text and "TEMPAT TINGGAL, KODE KOTA belum diisi" in text
    assert "Agus Salim" in text and "KODE PROVINSI belum diisi" in text
    assert "Data BNSP asesi" in text
    assert "Budi Santoso" not in text
    assert not BlankRequest.objects.exists()


def test_an_event_without_a_bnsp_schedule_code_is_refused(approved, head_certification, event):
    event.bnsp_schedule_code = ""
    event.save()

    with pytest.raises(ValidationError) as refused:
        blanks.prepare_blank_request(decision=approved, actor=head_certification)

    assert any(line.startswith("KODE JADWAL") for line in refused.value.messages)


def test_an_unmapped_occupation_stays_blank_with_a_warning(approved, event, one_bk):
    one_bk[0].occupation = "Operator mesin"
    one_bk[0].save()

    sheet = blanks.bnsp_sheet(event)

    assert sheet.complete
    assert any("Operator mesin" in line for line in sheet.warnings)


def test_a_second_request_while_one_is_open_is_refused_and_it_moves_to_fulfilled(
    approved, head_certification, lsp
):
    request = blanks.prepare_blank_request(decision=approved, actor=head_certification)
    with pytest.raises(ValidationError):
        blanks.prepare_blank_request(decision=approved, actor=head_certification)

    blanks.submit_blank_request(request=request, actor=head_certification)
    with pytest.raises(ValidationError):
        blanks.submit_blank_request(request=request, actor=head_certification)
    blanks.record_blank_movement(
        lsp=lsp,
        kind="received",
        quantity=2,
        request=request,
        serial_from="A0001",
        serial_to="A0002",
        actor=head_certification,
    )

    request.refresh_from_db()
    assert request.status == BlankRequest.Status.FULFILLED and request.submitted_at is not None
    assert blanks.blank_stock(lsp) == 2


def test_after_the_numbers_arrive_a_new_request_asks_only_for_candidates_still_without_them(
    approved, head_certification, lsp
):
    first = blanks.prepare_blank_request(decision=approved, actor=head_certification)
    blanks.record_blank_movement(
        lsp=lsp, kind="received", quantity=first.quantity, request=first, actor=head_certification
    )
    entries = list(approved.entries.order_by("position"))
    year = first.created_at.year
    blanks.record_certificate_numbers(
        decision=approved,
        numbers=[
            blanks.NumberInput(
                entry=entries[0],
                certificate_number=f"62090 2512 0001001 {year}",
                registration_number=f"Reg. TIK 0001001 01 {year}",
            )
        ],
        actor=head_certification,
    )

    second = blanks.prepare_blank_request(decision=approved, actor=head_certification)
    assert second.quantity == len(entries) - 1
    blanks.record_blank_movement(
        lsp=lsp, kind="received", quantity=second.quantity, request=second, actor=head_certification
    )
    blanks.record_certificate_numbers(
        decision=approved,
        numbers=[
            blanks.NumberInput(
                entry=entry,
                certificate_number=f"62090 2512 {2000 + entry.position:07d} {year}",
                registration_number=f"Reg. TIK {2000 + entry.position:07d} 01 {year}",
            )
            for entry in entries[1:]
        ],
        actor=head_certification,
    )
    with pytest.raises(ValidationError, match="sudah bernomor sertifikat"):
        blanks.prepare_blank_request(decision=approved, actor=head_certification)
