import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ujikom.core.audit import verify_chain
from ujikom.core.models import AuditEvent
from ujikom.documents.models import StoredFile
from ujikom.documents.selectors import files_for
from ujikom.documents.services import attach_file, delete_file, open_file, store_file, verify_file

ACCEPTED = "PDF, JPG, PNG, XLSX, DOCX, CSV"


def message_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.message_dict["file"])


def test_stored_file_reads_back_with_matching_hash_and_size(disnaker, clerk, samples, minutes_type, settings):
    content = samples["pdf"]

    stored = store_file(
        organization=disnaker,
        content=content,
        name="BA Uji Kompetensi.pdf",
        actor=clerk,
        document_type=minutes_type,
        title="Berita Acara Uji Kompetensi 14 Februari 2017",
    )

    stored.refresh_from_db()
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "BA Uji Kompetensi.pdf"
    assert stored.created_by == clerk
    with open_file(stored) as handle:
        assert handle.read() == content
    assert (Path(settings.MEDIA_ROOT) / stored.file.name).read_bytes() == content
    assert verify_file(stored) is True


def test_file_goes_under_its_public_id_with_a_safe_name_whatever_the_client_sent(disnaker, clerk, samples):
    stored = store_file(
        organization=disnaker,
        content=samples["pdf"],
        name="..\\..\\windows/../Laporan Akhir (Revisi 2).PDF",
        actor=clerk,
    )

    parts = stored.file.name.split("/")
    assert parts[0] == "files" and len(parts) == 5
    assert parts[3] == str(stored.public_id)
    assert parts[4] == "Laporan-Akhir-Revisi-2.pdf"
    assert ".." not in stored.file.name
    assert stored.original_name == "Laporan Akhir (Revisi 2).PDF"


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("pdf", "application/pdf"),
        ("jpg", "image/jpeg"),
        ("png", "image/png"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("csv", "text/csv; charset=utf-8"),
    ],
)
def test_every_accepted_kind_is_stored_as_what_it_really_is(
    disnaker, clerk, samples, extension, content_type
):
    stored = store_file(
        organization=disnaker,
        content=samples[extension],
        name=f"berkas.{extension}",
        actor=clerk,
        content_type="application/octet-stream",
    )

    assert stored.content_type == content_type
    assert verify_file(stored)


def test_an_uploaded_file_from_a_form_is_streamed_into_storage(disnaker, clerk, samples):
    upload = SimpleUploadedFile("foto asesi.png", samples["png"], content_type="image/png")

    stored = store_file(organization=disnaker, content=upload, name=upload.name, actor=clerk)

    assert stored.sha256 == hashlib.sha256(samples["png"]).hexdigest()
    assert stored.file.name.endswith("/foto-asesi.png")


def test_oversize_file_is_refused_and_nothing_is_stored(disnaker, clerk, settings, media_files):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    content = b"%PDF-1.7\n" + b"0" * (1024 * 1024)

    with pytest.raises(ValidationError) as error:
        store_file(organization=disnaker, content=content, name="scan besar.pdf", actor=clerk)

    assert message_of(error) == "Berkas scan besar.pdf terlalu besar; ukuran paling besar 1,0\xa0MB."
    assert not StoredFile.objects.exists()
    assert media_files() == []


def test_executable_is_refused_naming_the_file_and_the_accepted_kinds(disnaker, clerk, media_files):
    with pytest.raises(ValidationError) as error:
        store_file(organization=disnaker, content=b"MZ\x90\x00\x03\x00\x00\x00", name="foto.exe", actor=clerk)

    assert message_of(error) == f"Berkas foto.exe: jenis berkas tidak diizinkan; yang diterima: {ACCEPTED}"
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(event_type="file.stored").exists()
    assert media_files() == []


def test_png_named_pdf_is_refused_and_nothing_is_stored(disnaker, clerk, samples, media_files):
    with pytest.raises(ValidationError) as error:
        store_file(organization=disnaker, content=samples["png"], name="ijazah.pdf", actor=clerk)

    assert message_of(error) == (
        f"Berkas ijazah.pdf: isinya berkas PNG, tidak sesuai dengan ekstensi .pdf; yang diterima: {ACCEPTED}"
    )
    assert not StoredFile.objects.exists()
    assert media_files() == []


def test_document_renamed_to_xlsx_is_refused(disnaker, clerk, samples, media_files):
    with pytest.raises(ValidationError) as error:
        store_file(organization=disnaker, content=samples["docx"], name="peserta.xlsx", actor=clerk)

    assert "isinya berkas DOCX, tidak sesuai dengan ekstensi .xlsx" in message_of(error)
    assert media_files() == []


def test_renamed_binary_is_not_a_valid_pdf(disnaker, clerk):
    with pytest.raises(ValidationError) as error:
        store_file(organization=disnaker, content=b"\x00\x01\x02garbage", name="surat.pdf", actor=clerk)

    assert (
        message_of(error) == f"Berkas surat.pdf: isinya bukan berkas PDF yang sah; yang diterima: {ACCEPTED}"
    )


def test_csv_that_is_not_utf8_is_refused_with_a_hint(disnaker, clerk):
    content = "nama\nJos\xe9 Ram\xf3n\n".encode("cp1252")

    with pytest.raises(ValidationError) as error:
        store_file(organization=disnaker, content=content, name="peserta.csv", actor=clerk)

    assert message_of(error) == (
        "Berkas peserta.csv: isinya bukan teks UTF-8; simpan ulang sebagai CSV dengan pengodean UTF-8."
    )


def test_empty_file_is_refused(disnaker, clerk):
    with pytest.raises(ValidationError) as error:
        store_file(organization=disnaker, content=b"", name="kosong.pdf", actor=clerk)

    assert message_of(error) == "Berkas kosong.pdf kosong."


def test_caller_may_narrow_the_accepted_kinds(disnaker, clerk, samples):
    with pytest.raises(ValidationError) as error:
        store_file(
            organization=disnaker,
            content=samples["png"],
            name="tanda tangan.png",
            actor=clerk,
            allowed_types=("pdf",),
        )

    assert message_of(error) == "Berkas tanda tangan.png: jenis berkas tidak diizinkan; yang diterima: PDF"


def test_generated_document_is_not_held_to_the_upload_limit(disnaker, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    content = b"%PDF-1.7\n" + b"0" * 4096

    stored = store_file(
        organization=disnaker, content=content, name="sertifikat.pdf", actor=None, is_generated=True
    )

    assert stored.is_generated and stored.size == len(content)


def test_storing_leaves_an_audit_event_naming_actor_and_checksum(disnaker, clerk, samples):
    stored = store_file(
        organization=disnaker,
        content=samples["pdf"],
        name="nota dinas.pdf",
        actor=clerk,
        content_type="application/x-pdf",
    )

    event = AuditEvent.objects.get(event_type="file.stored")
    assert event.actor == clerk
    assert event.organization_id == disnaker.pk
    assert event.data["sha256"] == stored.sha256
    assert event.data["claimed_content_type"] == "application/x-pdf"
    assert verify_chain().ok


def test_verify_detects_a_file_changed_on_disk(disnaker, clerk, samples, settings):
    stored = store_file(organization=disnaker, content=samples["csv"], name="peserta.csv", actor=clerk)
    path = Path(settings.MEDIA_ROOT) / stored.file.name
    assert verify_file(stored)

    path.write_bytes(samples["csv"].replace(b"Siti", b"Sita"))

    assert verify_file(stored) is False


def test_verify_reports_a_missing_file(disnaker, clerk, samples, settings):
    stored = store_file(organization=disnaker, content=samples["pdf"], name="hilang.pdf", actor=clerk)

    (Path(settings.MEDIA_ROOT) / stored.file.name).unlink()

    assert verify_file(stored) is False


def test_loose_upload_can_be_deleted_with_its_bytes(
    disnaker, clerk, samples, media_files, django_capture_on_commit_callbacks
):
    stored = store_file(organization=disnaker, content=samples["pdf"], name="salah unggah.pdf", actor=clerk)

    with django_capture_on_commit_callbacks(execute=True):
        delete_file(stored=stored, actor=clerk)

    assert not StoredFile.objects.exists()
    assert media_files() == []
    assert AuditEvent.objects.filter(event_type="file.deleted", actor=clerk).exists()


def test_file_tied_to_a_record_cannot_be_deleted(disnaker, clerk, samples, media_files):
    stored = store_file(organization=disnaker, content=samples["pdf"], name="BA.pdf", actor=clerk)
    attach_file(stored=stored, subject=disnaker, actor=clerk)

    with pytest.raises(ValidationError) as error:
        delete_file(stored=stored, actor=clerk)

    assert "tidak dapat dihapus" in message_of(error)
    assert StoredFile.objects.filter(pk=stored.pk).exists()
    assert media_files() == [stored.file.name]


def test_files_for_lists_the_organization_files_and_those_of_a_subject(disnaker, lsp, clerk, samples):
    own = store_file(
        organization=disnaker, content=samples["pdf"], name="ST asesor.pdf", actor=clerk, subject=disnaker
    )
    store_file(organization=disnaker, content=samples["csv"], name="peserta.csv", actor=clerk)
    store_file(organization=lsp, content=samples["pdf"], name="ST asesor.pdf", actor=None)

    assert [f.original_name for f in files_for(disnaker, search="asesor")] == ["ST asesor.pdf"]
    assert list(files_for(disnaker, subject=disnaker)) == [own]
    assert files_for(disnaker, search=own.sha256[:10]).get() == own
    assert files_for(disnaker).count() == 2
