"""Generated official documents: numbered, rendered and stored."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from ujikom.core.models import DocumentType, NumberingPattern
from ujikom.documents.generation import generate_document
from ujikom.documents.services import verify_file
from ujikom.documents.typst import TYPST_ROOT

LETTER = TYPST_ROOT / "documents" / "typst" / "example_letter.typ"


@pytest.fixture
def letter_template(tmp_path):
    source = """
#import "/documents/typst/letter.typ": page-setup, letterhead, heading-block, signature
#let data = json(bytes(sys.inputs.data))
#show: page-setup
#letterhead(data.org)
#heading-block("Surat Tugas", data.number)
Yang bertanda tangan di bawah ini menugaskan #data.name.
#signature(data.place, data.date, data.signer)
"""
    LETTER.write_text(source, encoding="utf-8")
    yield LETTER
    LETTER.unlink()


def test_a_generated_letter_carries_the_next_number_and_is_stored_with_its_checksum(
    letter_template, lsp, system_admin
):
    NumberingPattern.objects.create(
        organization=lsp,
        document_type=DocumentType.objects.get(code="assignment_letter"),
        pattern="{seq:03}/ST/LSP-STMI/{month_roman}/{year}",
    )
    data = {
        "org": {"name": lsp.name, "address": "Jakarta"},
        "name": "Muhammad Rizky Ramadhan",
        "place": "Jakarta",
        "date": "21 November 2026",
        "signer": {"title": "Ketua LSP", "name": "Dr. Wahyu", "nip": ""},
    }

    first, number = generate_document(
        organization=lsp,
        document_type="assignment_letter",
        template=letter_template,
        data=data,
        actor=system_admin,
        title="Surat tugas asesor",
    )
    _second, next_one = generate_document(
        organization=lsp,
        document_type="assignment_letter",
        template=letter_template,
        data=data,
        actor=system_admin,
        title="Surat tugas asesor",
    )

    text = PdfReader(BytesIO(first.file.open("rb").read())).pages[0].extract_text()
    assert number.startswith("001/ST/LSP-STMI/") and next_one.startswith("002/ST/LSP-STMI/")
    assert number in text and "Muhammad Rizky Ramadhan" in text
    assert first.is_generated and first.content_type == "application/pdf"
    assert verify_file(first)
