"""Files on S3-compatible object storage, against a local S3 server (moto in server mode)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage, storages
from django.urls import reverse
from storages.backends.s3 import S3Storage

from ujikom.documents.models import StoredFile
from ujikom.documents.services import open_file, store_file, verify_file


def test_default_storage_follows_the_settings_to_the_bucket(s3):
    assert isinstance(storages["default"], S3Storage)
    assert default_storage.bucket_name == s3["bucket"]


def test_stored_file_goes_to_the_bucket_and_reads_back(s3, disnaker, clerk, samples, media_files):
    content = samples["xlsx"]

    stored = store_file(
        organization=disnaker, content=content, name="Daftar Peserta Batch 3.xlsx", actor=clerk
    )

    assert s3["keys"]() == [stored.file.name]
    assert stored.file.name.endswith(f"/{stored.public_id}/Daftar-Peserta-Batch-3.xlsx")
    assert media_files() == []
    body = s3["client"].get_object(Bucket=s3["bucket"], Key=stored.file.name)["Body"].read()
    assert hashlib.sha256(body).hexdigest() == stored.sha256
    with open_file(stored) as handle:
        assert handle.read() == content
    assert verify_file(stored) is True


def test_download_page_streams_the_file_from_the_bucket(
    s3, client_for, quality_officer, disnaker, clerk, samples
):
    stored = store_file(organization=disnaker, content=samples["pdf"], name="SK Jadwal.pdf", actor=clerk)

    response = client_for(quality_officer).get(reverse("documents:file_download", args=[stored.public_id]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples["pdf"]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="SK Jadwal.pdf"'
    assert response["Content-Length"] == str(stored.size)


def test_a_second_web_server_reads_the_same_file(s3, disnaker, clerk, samples):
    stored = store_file(organization=disnaker, content=samples["docx"], name="Surat Tugas.docx", actor=clerk)

    other_server = S3Storage(**s3["options"])
    with other_server.open(stored.file.name, "rb") as handle:
        body = handle.read()

    assert body == samples["docx"]
    assert hashlib.sha256(body).hexdigest() == StoredFile.objects.get().sha256


def test_verify_detects_an_object_replaced_in_the_bucket(s3, disnaker, clerk, samples):
    stored = store_file(organization=disnaker, content=samples["csv"], name="nilai.csv", actor=clerk)

    s3["client"].put_object(
        Bucket=s3["bucket"], Key=stored.file.name, Body=samples["csv"].replace(b"Budi", b"Bude")
    )

    assert verify_file(stored) is False


def test_refused_file_leaves_the_bucket_empty(s3, disnaker, clerk, samples):
    with pytest.raises(ValidationError):
        store_file(organization=disnaker, content=samples["png"], name="ijazah.pdf", actor=clerk)

    assert s3["keys"]() == []
    assert not StoredFile.objects.exists()
