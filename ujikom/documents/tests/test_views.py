import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ujikom.documents.models import StoredFile
from ujikom.documents.services import store_file

LIST_URL = reverse("documents:file_list")
UPLOAD_URL = reverse("documents:file_upload")


def download_url(stored: StoredFile) -> str:
    return reverse("documents:file_download", args=[stored.public_id])


@pytest.fixture
def minutes_pdf(disnaker, clerk, samples, minutes_type) -> StoredFile:
    return store_file(
        organization=disnaker,
        content=samples["pdf"],
        name="BA Uji Kompetensi.pdf",
        actor=clerk,
        document_type=minutes_type,
        title="Berita Acara Uji Kompetensi",
    )


# The list


def test_list_shows_the_organization_files_with_type_size_hash_and_who(
    client_for, quality_officer, minutes_pdf
):
    response = client_for(quality_officer).get(LIST_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Berita Acara Uji Kompetensi" in page
    assert "BA Uji Kompetensi.pdf" in page
    assert "Berita Acara" in page
    assert f"{minutes_pdf.size}\xa0bita" in page
    assert minutes_pdf.sha256[:12] in page
    assert "Rina Administrasi" in page
    assert download_url(minutes_pdf) in page


def test_list_does_not_show_another_organizations_files(client_for, lsp_clerk, minutes_pdf):
    response = client_for(lsp_clerk).get(LIST_URL)

    assert response.status_code == 200
    assert "BA Uji Kompetensi.pdf" not in response.content.decode()
    assert "Belum ada berkas" in response.content.decode()


def test_list_is_refused_to_a_user_without_the_role(client_for, candidate):
    assert client_for(candidate).get(LIST_URL).status_code == 403


def test_list_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_search_by_name_narrows_the_list(client_for, clerk, disnaker, samples, minutes_pdf):
    store_file(organization=disnaker, content=samples["csv"], name="daftar peserta.csv", actor=clerk)

    response = client_for(clerk).get(LIST_URL, {"q": "peserta"})

    page = response.content.decode()
    assert "daftar peserta.csv" in page
    assert "BA Uji Kompetensi.pdf" not in page


def test_search_from_htmx_returns_only_the_rows(client_for, clerk, minutes_pdf):
    response = client_for(clerk).get(LIST_URL, {"q": "BA"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="rows">')
    assert "<nav" not in page
    assert "BA Uji Kompetensi.pdf" in page


def test_list_pages_through_many_files_with_a_fixed_number_of_queries(
    client_for, clerk, disnaker, samples, minutes_type, django_assert_max_num_queries
):
    for number in range(60):
        store_file(
            organization=disnaker,
            content=samples["csv"] + str(number).encode(),
            name=f"rekap-{number:02}.csv",
            actor=clerk,
            document_type=minutes_type,
        )
    client = client_for(clerk)

    with django_assert_max_num_queries(5):
        first = client.get(LIST_URL)
    with django_assert_max_num_queries(5):
        last = client.get(LIST_URL, {"page": 3})

    assert first.content.decode().count('data-testid="file-row"') == 25
    assert "rekap-59.csv" in first.content.decode()
    assert "Halaman 1 dari 3" in first.content.decode()
    assert last.content.decode().count('data-testid="file-row"') == 10
    assert "rekap-00.csv" in last.content.decode()


# Uploading


def test_upload_stores_the_file_for_the_acting_organization(
    client_for, clerk, disnaker, samples, minutes_type
):
    upload = SimpleUploadedFile("Notulen Rapat.pdf", samples["pdf"], content_type="application/pdf")

    response = client_for(clerk).post(
        UPLOAD_URL,
        {"document_type": minutes_type.pk, "title": "Notulen kaji ulang", "file": upload},
        follow=True,
    )

    stored = StoredFile.objects.get()
    assert response.redirect_chain[-1][0] == LIST_URL
    assert "Berkas Notulen Rapat.pdf disimpan." in response.content.decode()
    assert stored.organization == disnaker
    assert stored.created_by == clerk
    assert stored.document_type == minutes_type
    assert stored.title == "Notulen kaji ulang"
    assert stored.sha256 == hashlib.sha256(samples["pdf"]).hexdigest()


def test_upload_form_offers_document_types(client_for, clerk):
    response = client_for(clerk).get(UPLOAD_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Berita Acara" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".pdf,.jpg,.jpeg,.png,.xlsx,.docx,.csv"' in page


def test_refused_upload_shows_the_reason_on_the_form_and_stores_nothing(client_for, clerk, media_files):
    upload = SimpleUploadedFile("foto.exe", b"MZ\x90\x00", content_type="application/octet-stream")

    response = client_for(clerk).post(UPLOAD_URL, {"title": "", "file": upload})

    assert response.status_code == 200
    assert (
        "Berkas foto.exe: jenis berkas tidak diizinkan; yang diterima: PDF, JPG, PNG, XLSX, DOCX, CSV"
        in response.content.decode()
    )
    assert not StoredFile.objects.exists()
    assert media_files() == []


def test_upload_is_refused_to_a_user_who_may_only_view(client_for, quality_officer, samples):
    upload = SimpleUploadedFile("BA.pdf", samples["pdf"])

    assert client_for(quality_officer).get(UPLOAD_URL).status_code == 403
    assert client_for(quality_officer).post(UPLOAD_URL, {"file": upload}).status_code == 403
    assert not StoredFile.objects.exists()


# Downloading


def test_download_streams_the_file_as_an_attachment_with_its_type(
    client_for, quality_officer, samples, minutes_pdf
):
    response = client_for(quality_officer).get(download_url(minutes_pdf))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples["pdf"]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="BA Uji Kompetensi.pdf"'
    assert response["Content-Length"] == str(len(samples["pdf"]))


def test_download_of_another_organizations_file_is_not_found(client_for, lsp_clerk, minutes_pdf):
    assert client_for(lsp_clerk).get(download_url(minutes_pdf)).status_code == 404


def test_download_is_refused_to_a_user_without_the_role(client_for, candidate, minutes_pdf):
    assert client_for(candidate).get(download_url(minutes_pdf)).status_code == 403


def test_download_of_an_unknown_file_is_not_found(client_for, clerk):
    response = client_for(clerk).get(
        reverse("documents:file_download", args=["00000000-0000-0000-0000-000000000000"])
    )

    assert response.status_code == 404
