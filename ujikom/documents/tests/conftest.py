"""Sample files of every accepted kind, people with and without file permissions, and a local S3 server."""

from __future__ import annotations

import io
import os
import socket
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ujikom.core.models import DocumentType

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
CSV = b"nama,nik\nSiti Rahayu,3671012345678901\nBudi Santoso,3671019876543210\n"


def _package(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Nama", "Skema"])
    workbook.active.append(["Siti Rahayu", "Operator Komputer"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX = _package(
    {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    }
)


@pytest.fixture(scope="session")
def samples() -> dict[str, bytes]:
    """Real bytes of each accepted kind, keyed by extension."""
    return {"pdf": PDF, "png": PNG, "jpg": JPEG, "xlsx": _xlsx(), "docx": DOCX, "csv": CSV}


@pytest.fixture
def minutes_type(db) -> DocumentType:
    return DocumentType.objects.get(code="minutes")


@pytest.fixture
def clerk(make_user, disnaker):
    """Bagian Administrasi at the Disnaker: may view and upload files."""
    return make_user("admin.disnaker", roles=[(disnaker, "admin_staff")], full_name="Rina Administrasi")


@pytest.fixture
def quality_officer(make_user, disnaker):
    """Bidang Manajemen Mutu: may view files, not upload them."""
    return make_user("mutu.disnaker", roles=[(disnaker, "quality")])


@pytest.fixture
def candidate(make_user, disnaker):
    """A candidate: no file permission at all."""
    return make_user("asesi", roles=[(disnaker, "candidate")])


@pytest.fixture
def lsp_clerk(make_user, lsp):
    """Kabid Administrasi of the LSP: views and uploads files, but only the LSP's."""
    return make_user("admin.lsp", roles=[(lsp, "head_admin")])


@pytest.fixture
def media_files(settings) -> Callable[[], list[str]]:
    """Lists every file in the local media folder, relative to it."""

    def listing() -> list[str]:
        root = Path(settings.MEDIA_ROOT)
        if not root.exists():
            return []
        return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())

    return listing


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A local S3-compatible server (moto in server mode) for the whole test session."""
    from moto.server import ThreadedMotoServer

    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        os.environ.pop(name, None)
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


S3_CREDENTIALS = {"access_key": "ujikom-test", "secret_key": "ujikom-test-secret", "region_name": "us-east-1"}


@pytest.fixture
def s3(s3_endpoint, settings) -> Iterator[dict[str, Any]]:
    """A fresh bucket, and the default storage switched to it (as S3_BUCKET would in production).

    Changing settings.STORAGES resets Django's cached `default_storage`, so files really go to S3.
    """
    import boto3

    bucket = f"ujikom-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=S3_CREDENTIALS["access_key"],
        aws_secret_access_key=S3_CREDENTIALS["secret_key"],
        region_name=S3_CREDENTIALS["region_name"],
    )
    client.create_bucket(Bucket=bucket)
    options = {
        "bucket_name": bucket,
        "endpoint_url": s3_endpoint,
        **S3_CREDENTIALS,
        "addressing_style": "path",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }

    def keys() -> list[str]:
        listing = client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    yield {"client": client, "bucket": bucket, "options": options, "keys": keys}
