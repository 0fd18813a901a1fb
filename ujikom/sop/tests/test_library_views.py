"""The SOP library pages: who sees what, the official document, upload, draft editing, approval."""

# Fixtures come from library_fixtures, imported by name, so pytest passes them back in.
# ruff: noqa: F811
from __future__ import annotations

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ujikom.core.models import AuditEvent
from ujikom.sop.fileformat import dump_definition
from ujikom.sop.library import new_draft_from
from ujikom.sop.library_selectors import version_definition
from ujikom.sop.models import Sop, SopVersion

from .library_fixtures import (  # noqa: F401
    SOP_08,
    SOP_10,
    STMI,
    agency,
    candidate,
    director,
    kadis,
    kasi,
    lsp_chair,
    plh_kadis,
    seeded,
    staff,
)

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


@pytest.fixture
def draft(seeded, kasi) -> SopVersion:
    return new_draft_from(version=seeded[SOP_10], actor=kasi)


# ---- List, SOP and version pages ---------------------------------------------------------------


def test_library_lists_the_agencys_sops_with_version_in_force_and_warnings(
    client_for, staff, seeded, django_assert_max_num_queries
):
    client = client_for(staff)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("sop:library"))

    assert response.status_code == 200
    page = _page(response)
    assert SOP_10 in page and SOP_08 in page
    assert STMI not in page  # the LSP's SOP is not the agency's
    assert page.count('data-testid="sop-row"') == 2
    assert page.count('data-testid="warning-count">2<') == 2


def test_library_query_count_does_not_grow_with_the_sops(
    client_for, staff, seeded, agency, system_admin, django_assert_max_num_queries
):
    from ujikom.sop.library import import_definition

    definition = version_definition(seeded[SOP_10])
    for number in range(5):
        import_definition(
            organization=agency,
            definition=dataclasses.replace(definition, code=f"SOP-X-{number}", name=f"SOP contoh {number}"),
            actor=system_admin,
        )
    client = client_for(staff)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("sop:library"))
    assert _page(response).count('data-testid="sop-row"') == 7


def test_a_member_without_sop_view_is_refused(client_for, candidate, seeded):
    client = client_for(candidate)
    assert client.get(reverse("sop:library")).status_code == 403
    sop = Sop.objects.get(code=SOP_10)
    assert client.get(reverse("sop:sop_detail", args=[sop.public_id])).status_code == 403
    assert client.get(reverse("sop:version_detail", args=[seeded[SOP_10].public_id])).status_code == 403


def test_another_organizations_sop_is_not_found(client_for, lsp_chair, seeded):
    client = client_for(lsp_chair)
    version = seeded[SOP_10]
    for name in ("version_detail", "version_pdf", "version_yaml", "version_edit", "version_withdraw"):
        assert client.get(reverse(f"sop:{name}", args=[version.public_id])).status_code == 404, name
    assert client.get(reverse("sop:sop_detail", args=[version.sop.public_id])).status_code == 404
    assert client.post(reverse("sop:version_approve", args=[version.public_id])).status_code == 404
    assert client.post(reverse("sop:new_draft", args=[version.public_id])).status_code == 404


def test_both_copied_sops_show_the_warning_on_their_pages(client_for, staff, seeded):
    client = client_for(staff)
    page_10 = _page(client.get(reverse("sop:sop_detail", args=[seeded[SOP_10].sop.public_id])))
    page_08 = _page(client.get(reverse("sop:sop_detail", args=[seeded[SOP_08].sop.public_id])))

    assert "Langkah 6 tidak memiliki standar waktu" in page_10
    assert f"SOP {SOP_08}" in page_10 and "Tabel kegiatan" in page_10
    assert f"SOP {SOP_10}" in page_08 and "Tabel kegiatan" in page_08


def test_version_page_is_the_official_document_with_the_flowchart_inline(client_for, staff, seeded):
    response = client_for(staff).get(reverse("sop:version_detail", args=[seeded[SOP_10].public_id]))

    assert response.status_code == 200
    page = _page(response)
    assert "Pelaksanaan Fasilitasi Sertifikasi untuk Peserta Pelatihan" in page
    assert "20 Maret 2017" in page  # Tanggal efektif
    assert "DR. Ir. H. M. Rakhmansyah, M.Si" in page
    assert "Undang-Undang Nomor 13 Tahun 2003" in page
    flowchart = page[page.index('data-testid="flowchart"') :]
    assert "<svg" in flowchart
    assert "style=" not in flowchart.split("</section>")[0]  # the CSP allows no inline styles
    assert "Ini versi pertama." in page
    assert "Langkah 6 tidak memiliki standar waktu" in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_version_page_shows_what_changed_since_the_previous_version(client_for, kasi, draft):
    from ujikom.sop.library import update_step

    step = version_definition(draft).step(1)
    update_step(version=draft, actor=kasi, number=1, step=dataclasses.replace(step, time="30 menit"))

    page = _page(client_for(kasi).get(reverse("sop:version_detail", args=[draft.public_id])))

    changes = page[page.index('data-testid="changes"') :]
    assert "Langkah 1 · Waktu" in changes and "15 menit" in changes and "30 menit" in changes


def test_pdf_downloads_in_a4_and_f4(client_for, staff, seeded):
    client = client_for(staff)
    url = reverse("sop:version_pdf", args=[seeded[SOP_10].public_id])
    a4 = client.get(url)
    f4 = client.get(url, {"paper": "f4"})

    assert a4.status_code == 200 and a4["Content-Type"] == "application/pdf"
    assert a4.content.startswith(b"%PDF")
    assert 'filename="SOP-PSM-DISNAKER-10-v1-F4.pdf"' in f4["Content-Disposition"]
    assert f4.content.startswith(b"%PDF") and f4.content != a4.content
    assert client.get(url, {"paper": "letter"}).status_code == 404


def test_yaml_export_reads_back_as_the_same_sop(client_for, staff, seeded):
    from ujikom.sop.fileformat import load_definition

    response = client_for(staff).get(reverse("sop:version_yaml", args=[seeded[SOP_10].public_id]))

    assert response.status_code == 200
    assert load_definition(response.content.decode()) == version_definition(seeded[SOP_10])


# ---- Upload ------------------------------------------------------------------------------------


BROKEN = """format: sop/v1
code: SOP-RUSAK
name: SOP Rusak
organization: Dinas Ketenagakerjaan Kota Tangerang
created: 2024-01-10
effective: 2017-02-30
approved_by: {title: Kepala Dinas, name: Siapa}
legal_basis: []
qualifications: []
equipment: []
warning: ""
recording: ""
actors:
  - {key: admin, name: Bagian Administrasi}
steps:
  - number: 1
    activities:
      - {actor: admin, text: Menerima berkas}
    time: 2 hri
  - number: 2
    activities:
      - {actor: tamu, text: Mengirim berkas}
"""


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/yaml")


def test_upload_of_a_broken_file_shows_every_error_with_its_path_and_imports_nothing(
    client_for, kasi, agency
):
    before = (Sop.objects.count(), SopVersion.objects.count(), AuditEvent.objects.count())

    response = client_for(kasi).post(reverse("sop:upload"), {"file": _upload("rusak.yaml", BROKEN.encode())})

    assert response.status_code == 422
    errors = _page(response)[_page(response).index('data-testid="file-errors"') :]
    assert "effective:" in errors
    assert "steps[0].time:" in errors and "hri" in errors
    assert "steps[1].activities[0].actor:" in errors
    assert (Sop.objects.count(), SopVersion.objects.count(), AuditEvent.objects.count()) == before


def test_upload_of_a_valid_file_imports_a_draft_into_the_acting_organization(
    client_for, kasi, agency, seeded
):
    text = dump_definition(
        dataclasses.replace(version_definition(seeded[SOP_10]), name="Fasilitasi (revisi)")
    )

    response = client_for(kasi).post(
        reverse("sop:upload"), {"file": _upload("sop10.yaml", text.encode())}, follow=True
    )

    assert response.status_code == 200
    version = SopVersion.objects.get(sop__organization=agency, code=SOP_10, number=2)
    assert version.status == SopVersion.Status.DRAFT
    assert "diimpor sebagai versi 2 (draf)" in _page(response)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sop.txt", b"format: sop/v1", "bukan berkas YAML"),
        ("sop.yaml", "format: sop/v1\nname: Café".encode("latin-1"), "bukan teks UTF-8"),
        ("sop.yaml", b"\x00\x01\x02", "bukan teks"),
        ("sop.yaml", b"#" * 1_000_001, "terlalu besar"),
    ],
)
def test_upload_checks_type_encoding_and_size(client_for, kasi, agency, name, content, message):
    response = client_for(kasi).post(reverse("sop:upload"), {"file": _upload(name, content)})

    assert response.status_code == 200
    assert message in _page(response)
    assert not Sop.objects.exists()


def test_upload_needs_sop_manage(client_for, staff, agency):
    assert client_for(staff).get(reverse("sop:upload")).status_code == 403


# ---- Editing, approval, withdrawal -------------------------------------------------------------


def _step_post(
    step_fields: dict[str, str], activities: list[tuple[str, str]], branches: list[tuple[str, str]]
):
    data = {
        "kind": "process",
        "inputs": "",
        "time": "",
        "outputs": "",
        "note": "",
        "next_mode": "auto",
        "action": "",
        **step_fields,
        "activities-TOTAL_FORMS": str(len(activities)),
        "activities-INITIAL_FORMS": "0",
        "branches-TOTAL_FORMS": str(len(branches)),
        "branches-INITIAL_FORMS": "0",
    }
    for index, (actor, text) in enumerate(activities):
        data[f"activities-{index}-actor"] = actor
        data[f"activities-{index}-text"] = text
    for index, (to, label) in enumerate(branches):
        data[f"branches-{index}-to"] = to
        data[f"branches-{index}-label"] = label
    return data


def test_step_edit_page_saves_a_decision(client_for, kasi, draft):
    client = client_for(kasi)
    url = reverse("sop:step_edit", args=[draft.public_id, 4])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        _step_post(
            {"kind": "decision", "time": "1 hari", "next_mode": "branches", "outputs": "Berkas lengkap"},
            [("peserta", "Apakah berkas lengkap?")],
            [("5", "Ya"), ("3", "Tidak")],
        ),
    )

    assert response.status_code == 302
    step = version_definition(draft).step(4)
    assert step.kind == "decision" and [b.to for b in step.next] == [5, 3]
    assert step.outputs == ("Berkas lengkap",)


def test_step_edit_refuses_a_branch_to_a_missing_step_and_saves_nothing(client_for, kasi, draft):
    before = version_definition(draft)
    response = client_for(kasi).post(
        reverse("sop:step_edit", args=[draft.public_id, 4]),
        _step_post(
            {"kind": "decision", "time": "1 hari", "next_mode": "branches"},
            [("peserta", "Apakah berkas lengkap?")],
            [("5", "Ya"), ("42", "Tidak")],
        ),
    )

    assert response.status_code == 422
    assert "42" in _page(response)
    assert version_definition(draft) == before


def test_identity_form_saves_and_an_approved_version_cannot_be_edited(client_for, kasi, draft, seeded):
    client = client_for(kasi)
    page = client.get(reverse("sop:version_edit", args=[draft.public_id]))
    assert page.status_code == 200
    data = {field.name: ("" if field.value() is None else field.value()) for field in page.context["form"]}
    data["name"] = "Fasilitasi Sertifikasi Peserta Pelatihan"
    data["approver_role"] = page.context["form"]["approver_role"].value() or ""
    response = client.post(reverse("sop:version_edit", args=[draft.public_id]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    draft.refresh_from_db()
    assert draft.name == "Fasilitasi Sertifikasi Peserta Pelatihan"

    refused = client.get(reverse("sop:version_edit", args=[seeded[SOP_10].public_id]), follow=True)
    assert "Versi yang sudah disahkan tidak dapat diubah; buat draf baru" in _page(refused)


def test_editing_needs_sop_manage(client_for, staff, draft):
    assert client_for(staff).get(reverse("sop:version_edit", args=[draft.public_id])).status_code == 403
    assert client_for(staff).get(reverse("sop:step_edit", args=[draft.public_id, 1])).status_code == 403


def test_approval_by_the_kadis_and_by_a_plh_kadis(client_for, kadis, plh_kadis, draft, kasi):
    response = client_for(plh_kadis).post(reverse("sop:version_approve", args=[draft.public_id]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == SopVersion.Status.APPROVED and draft.approved_by == plh_kadis

    second = new_draft_from(version=draft, actor=kasi)
    page = _page(client_for(kadis).get(reverse("sop:version_detail", args=[second.public_id])))
    assert reverse("sop:version_approve", args=[second.public_id]) in page
    client_for(kadis).post(reverse("sop:version_approve", args=[second.public_id]))
    second.refresh_from_db()
    assert second.status == SopVersion.Status.APPROVED


def test_approval_by_another_role_is_refused(client_for, kasi, draft):
    page = _page(client_for(kasi).get(reverse("sop:version_detail", args=[draft.public_id])))
    assert reverse("sop:version_approve", args=[draft.public_id]) not in page

    response = client_for(kasi).post(reverse("sop:version_approve", args=[draft.public_id]))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == SopVersion.Status.DRAFT


def test_withdrawal_needs_a_reason(client_for, kasi, seeded):
    client = client_for(kasi)
    url = reverse("sop:version_withdraw", args=[seeded[SOP_08].public_id])

    refused = client.post(url, {"reason": ""})
    assert "Alasan pencabutan wajib diisi." in _page(refused)

    response = client.post(url, {"reason": "Tabel kegiatan tersalin dari SOP-10"}, follow=True)
    version = seeded[SOP_08]
    version.refresh_from_db()
    assert version.status == SopVersion.Status.WITHDRAWN
    assert "Dicabut" in _page(response)


def test_withdrawal_and_new_draft_need_sop_manage(client_for, staff, kadis, seeded):
    version = seeded[SOP_10]
    assert (
        client_for(staff)
        .post(reverse("sop:version_withdraw", args=[version.public_id]), {"reason": "x"})
        .status_code
        == 403
    )
    assert client_for(kadis).post(reverse("sop:new_draft", args=[version.public_id])).status_code == 403
    version.refresh_from_db()
    assert version.status == SopVersion.Status.APPROVED


def test_new_draft_page_flow(client_for, kasi, seeded):
    response = client_for(kasi).post(reverse("sop:new_draft", args=[seeded[SOP_10].public_id]))
    draft = SopVersion.objects.get(code=SOP_10, number=2)
    assert response.status_code == 302 and response["Location"] == reverse(
        "sop:version_edit", args=[draft.public_id]
    )


def test_related_sops_link_on_the_version_page(client_for, director, seeded, lsp):
    from ujikom.sop.library import import_definition

    definition = version_definition(seeded[STMI])
    other = import_definition(
        organization=lsp,
        definition=dataclasses.replace(definition, code="SOP-VER", name="Verifikasi TUK"),
        actor=director,
    )
    page = _page(client_for(director).get(reverse("sop:version_detail", args=[seeded[STMI].public_id])))

    related = page[page.index('data-testid="related-sops"') :]
    assert reverse("sop:sop_detail", args=[other.sop.public_id]) in related
    assert "SOP Pembuatan SK" in related


def test_step_is_inserted_moved_and_removed_from_the_edit_page(client_for, kasi, draft):
    client = client_for(kasi)
    add_url = reverse("sop:step_add", args=[draft.public_id]) + "?after=2"
    assert client.get(add_url).status_code == 200

    response = client.post(
        add_url,
        _step_post({"time": "30 menit", "inputs": "Berkas\nKTP"}, [("admin", "Memeriksa berkas")], []),
    )

    assert response.status_code == 302
    added = version_definition(draft).step(3)
    assert added.activities[0].text == "Memeriksa berkas" and added.inputs == ("Berkas", "KTP")

    client.post(reverse("sop:step_move", args=[draft.public_id, 3]), {"position": "1"})
    assert version_definition(draft).step(1).activities[0].text == "Memeriksa berkas"
    page = client.post(reverse("sop:step_remove", args=[draft.public_id, 1]), follow=True)
    assert "Langkah 1 dihapus" in _page(page)
    assert len(version_definition(draft).steps) == 8


def test_actors_are_added_and_a_used_one_is_not_removed_from_the_edit_page(client_for, kasi, draft):
    client = client_for(kasi)

    response = client.post(
        reverse("sop:actor_add", args=[draft.public_id]),
        {"new-name": "Kepala Seksi Sertifikasi"},
        follow=True,
    )
    assert "Pelaksana Kepala Seksi Sertifikasi ditambahkan." in _page(response)
    duplicate = client.post(reverse("sop:actor_add", args=[draft.public_id]), {"new-name": "Kepala TUK"})
    assert duplicate.status_code == 422 and "sudah ada" in _page(duplicate)

    refused = client.post(reverse("sop:actor_remove", args=[draft.public_id, "admin"]), follow=True)
    assert "masih melakukan kegiatan" in _page(refused)
    assert draft.actors.filter(key="admin").exists()

    edit = client.post(
        reverse("sop:actor_edit", args=[draft.public_id, "kepala_seksi_sertifikasi"]),
        {"name": "Kasi Sertifikasi", "default_role": ""},
    )
    assert edit.status_code == 302
    assert draft.actors.get(key="kepala_seksi_sertifikasi").name == "Kasi Sertifikasi"

    moved = client.post(
        reverse("sop:actor_move", args=[draft.public_id, "kepala_seksi_sertifikasi"]), {"position": "1"}
    )
    assert moved.status_code == 302
    assert draft.actors.get(key="kepala_seksi_sertifikasi").position == 1
    removed = client.post(
        reverse("sop:actor_remove", args=[draft.public_id, "kepala_seksi_sertifikasi"]), follow=True
    )
    assert "Pelaksana dihapus." in _page(removed)
    assert not draft.actors.filter(key="kepala_seksi_sertifikasi").exists()


def test_a_withdrawn_version_page_says_why(client_for, kasi, seeded):
    from ujikom.sop.library import withdraw_version

    withdraw_version(version=seeded[SOP_08], actor=kasi, reason="Tersalin dari SOP-10")
    page = _page(client_for(kasi).get(reverse("sop:version_detail", args=[seeded[SOP_08].public_id])))
    assert "Tersalin dari SOP-10" in page
    assert reverse("sop:version_withdraw", args=[seeded[SOP_08].public_id]) not in page
