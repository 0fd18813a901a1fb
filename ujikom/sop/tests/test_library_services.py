"""The SOP library's services: seeds in force, new versions, edits of drafts, approval, withdrawal,
warnings, related SOPs and what changed between versions."""

# Fixtures come from library_fixtures, imported by name, so pytest passes them back in.
# ruff: noqa: F811
from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ujikom.core.models import AuditEvent, Role
from ujikom.sop.definition import Activity, Branch, Step
from ujikom.sop.library import (
    add_actor,
    add_step,
    approve_version,
    import_definition,
    load_seed_sops,
    move_step,
    new_draft_from,
    remove_actor,
    remove_step,
    update_actor,
    update_identity,
    update_step,
    version_in_force,
    withdraw_version,
)
from ujikom.sop.library_selectors import (
    diff_versions,
    library_rows,
    library_warnings,
    note_references,
    related_links,
    version_definition,
)
from ujikom.sop.models import Sop, SopStep, SopVersion

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


def _next_version(version: SopVersion, **changes) -> object:
    return dataclasses.replace(version_definition(version), **changes)


# ---- Seeds -------------------------------------------------------------------------------------


def test_seed_sops_are_imported_for_their_organizations_and_in_force(seeded, agency, lsp):
    assert set(seeded) == {SOP_10, SOP_08, STMI}
    for code, organization in [(SOP_10, agency), (SOP_08, agency), (STMI, lsp)]:
        version = version_in_force(organization=organization, code=code)
        assert version is not None and version.number == 1
        assert version.status == SopVersion.Status.APPROVED
        assert version.sop.organization == organization
    sop_10 = seeded[SOP_10]
    assert str(sop_10.effective_on) == "2017-03-20"
    assert sop_10.approver_role.key == "kadis"
    assert seeded[STMI].approver_role.key == "director"
    assert AuditEvent.objects.filter(event_type="sop_version.approved", subject_id=str(sop_10.pk)).exists()


def test_loading_the_seeds_again_adds_nothing(seeded, system_admin):
    assert load_seed_sops(system_admin) == []
    assert SopVersion.objects.count() == 3


def test_actors_of_the_seeds_get_their_default_roles(seeded):
    roles = {a.key: a.default_role.key for a in seeded[SOP_10].actors.select_related("default_role")}
    assert roles["kepala_tuk"] == "site_head"
    assert roles["admin"] == "admin_staff"


# ---- New versions ------------------------------------------------------------------------------


def test_importing_an_existing_code_again_gives_a_draft_version_2_and_version_1_stays_in_force(
    seeded, agency, kasi
):
    v1 = seeded[SOP_10]
    definition = _next_version(v1, name="Pelaksanaan Fasilitasi Sertifikasi (revisi)")

    v2 = import_definition(organization=agency, definition=definition, actor=kasi)

    assert (v2.number, v2.status) == (2, SopVersion.Status.DRAFT)
    assert v2.sop_id == v1.sop_id
    v1.refresh_from_db()
    assert (v1.number, v1.status) == (1, SopVersion.Status.APPROVED)
    assert version_in_force(organization=agency, code=SOP_10).number == 1
    # the SOP keeps its published name until the new version is approved
    assert Sop.objects.get(pk=v1.sop_id).name == v1.name


def test_a_new_draft_copies_the_version_with_its_roles(seeded, kasi):
    v1 = seeded[SOP_10]
    draft = new_draft_from(version=v1, actor=kasi)

    assert (draft.number, draft.status) == (2, SopVersion.Status.DRAFT)
    assert version_definition(draft) == version_definition(v1)
    assert draft.approver_role == v1.approver_role
    assert AuditEvent.objects.filter(event_type="sop_version.drafted", actor=kasi).exists()
    with pytest.raises(ValidationError, match="sudah memiliki draf"):
        new_draft_from(version=v1, actor=kasi)


# ---- Approval and withdrawal -------------------------------------------------------------------


@pytest.fixture
def draft(seeded, kasi) -> SopVersion:
    return new_draft_from(version=seeded[SOP_10], actor=kasi)


def test_the_kadis_approves_the_draft_and_it_comes_into_force(draft, kadis, agency):
    approve_version(version=draft, actor=kadis)

    draft.refresh_from_db()
    assert draft.status == SopVersion.Status.APPROVED and draft.approved_by == kadis
    assert version_in_force(organization=agency, code=SOP_10).number == 2


def test_an_acting_kadis_plh_may_approve(draft, plh_kadis):
    approve_version(version=draft, actor=plh_kadis)
    draft.refresh_from_db()
    assert draft.status == SopVersion.Status.APPROVED


def test_another_role_may_not_approve(draft, kasi, lsp_chair):
    for user in (kasi, lsp_chair):
        with pytest.raises(PermissionDenied, match="Kepala Dinas"):
            approve_version(version=draft, actor=user)
    draft.refresh_from_db()
    assert draft.status == SopVersion.Status.DRAFT


def test_withdrawing_needs_a_reason_and_takes_the_version_out_of_force(seeded, kasi, agency):
    version = seeded[SOP_10]
    with pytest.raises(ValidationError, match="Alasan pencabutan wajib diisi"):
        withdraw_version(version=version, actor=kasi, reason="  ")

    withdraw_version(version=version, actor=kasi, reason="Diganti SOP baru")

    version.refresh_from_db()
    assert version.status == SopVersion.Status.WITHDRAWN
    assert version.withdrawal_reason == "Diganti SOP baru"
    assert version_in_force(organization=agency, code=SOP_10) is None
    with pytest.raises(ValidationError, match="sudah dicabut"):
        withdraw_version(version=version, actor=kasi, reason="lagi")


# ---- Editing drafts ----------------------------------------------------------------------------


def test_an_approved_version_cannot_be_edited(seeded, kasi):
    with pytest.raises(ValidationError, match="Versi yang sudah disahkan tidak dapat diubah; buat draf baru"):
        update_identity(version=seeded[SOP_10], actor=kasi, name="Lain")


def test_identity_fields_are_edited_and_checked(draft, kasi):
    update_identity(
        version=draft,
        actor=kasi,
        name="Fasilitasi Sertifikasi",
        legal_basis="UU 13/2003\nPP 10/2018\n",
        escalation_role=Role.objects.get(key="kabid"),
    )
    draft.refresh_from_db()
    assert draft.name == "Fasilitasi Sertifikasi"
    assert draft.legal_basis == ["UU 13/2003", "PP 10/2018"]
    assert draft.escalation_role.key == "kabid"
    event = AuditEvent.objects.get(event_type="sop_version.identity_updated")
    assert event.data["changes"]["escalation_role"] == [None, "kabid"]

    with pytest.raises(ValidationError) as refused:
        update_identity(version=draft, actor=kasi, name="")
    assert "name" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.name == "Fasilitasi Sertifikasi"


def test_a_branch_to_a_missing_step_is_refused_and_nothing_is_saved(draft, kasi):
    step = version_definition(draft).step(4)
    broken = dataclasses.replace(
        step, kind="decision", next=(Branch(to=5, label="Ya"), Branch(to=42, label="Tidak"))
    )

    with pytest.raises(ValidationError) as refused:
        update_step(version=draft, actor=kasi, number=4, step=broken)

    assert "42" in " ".join(refused.value.messages)
    assert version_definition(draft).step(4) == step
    assert not AuditEvent.objects.filter(event_type="sop_version.step_updated").exists()


def test_a_decision_with_branches_back_is_saved(draft, kasi):
    step = version_definition(draft).step(4)
    decision = dataclasses.replace(
        step, kind="decision", next=(Branch(to=5, label="Ya"), Branch(to=3, label="Tidak"))
    )

    update_step(version=draft, actor=kasi, number=4, step=decision)

    saved = version_definition(draft).step(4)
    assert saved.kind == "decision" and saved.next == (Branch(5, "Ya"), Branch(3, "Tidak"))


def test_steps_are_added_moved_and_removed_with_branches_following(draft, kasi):
    four = version_definition(draft).step(4)
    update_step(
        version=draft,
        actor=kasi,
        number=4,
        step=dataclasses.replace(four, kind="decision", next=(Branch(5, "Ya"), Branch(3, "Tidak"))),
    )
    new = Step(number=0, activities=(Activity("admin", "Memeriksa kelengkapan berkas"),), time="30 menit")

    add_step(version=draft, actor=kasi, step=new, after=2)

    definition = version_definition(draft)
    assert [s.number for s in definition.steps] == list(range(1, 10))
    assert definition.step(3).activities[0].text == "Memeriksa kelengkapan berkas"
    # step 4 became 5 and its branches still point at the same steps (old 5 → 6, old 3 → 4)
    assert definition.step(5).next == (Branch(6, "Ya"), Branch(4, "Tidak"))

    with pytest.raises(ValidationError, match="dituju oleh cabang langkah 5"):
        remove_step(version=draft, actor=kasi, number=6)

    move_step(version=draft, actor=kasi, number=3, position=1)
    assert version_definition(draft).step(1).activities[0].text == "Memeriksa kelengkapan berkas"
    remove_step(version=draft, actor=kasi, number=1)
    assert len(version_definition(draft).steps) == 8


def test_an_unknown_action_is_refused(draft, kasi):
    step = version_definition(draft).step(1)
    with pytest.raises(ValidationError) as refused:
        update_step(version=draft, actor=kasi, number=1, step=dataclasses.replace(step, action="tidak.ada"))
    assert "action" in refused.value.message_dict


def test_actors_are_added_renamed_and_removed_only_when_unused(draft, kasi):
    add_actor(version=draft, actor=kasi, name="Kepala Seksi Sertifikasi")
    actors = {a.key: a for a in draft.actors.select_related("default_role")}
    assert actors["kepala_seksi_sertifikasi"].default_role.key == "kasi"
    assert actors["kepala_seksi_sertifikasi"].position == 7

    update_actor(
        version=draft, actor=kasi, key="kepala_seksi_sertifikasi", name="Kasi Sertifikasi", default_role=None
    )
    assert draft.actors.get(key="kepala_seksi_sertifikasi").name == "Kasi Sertifikasi"

    with pytest.raises(ValidationError, match="masih melakukan kegiatan di langkah 1, 3, 8"):
        remove_actor(version=draft, actor=kasi, key="admin")
    remove_actor(version=draft, actor=kasi, key="kepala_seksi_sertifikasi")
    assert not draft.actors.filter(key="kepala_seksi_sertifikasi").exists()


# ---- What changed ------------------------------------------------------------------------------


def test_diff_finds_a_changed_time_and_an_added_step(draft, kasi, seeded):
    step = version_definition(draft).step(3)
    update_step(version=draft, actor=kasi, number=3, step=dataclasses.replace(step, time="2 jam"))
    add_step(
        version=draft,
        actor=kasi,
        step=Step(
            number=0, activities=(Activity("admin", "Mengirim laporan ke Kepala Dinas"),), time="1 hari"
        ),
    )

    changes = diff_versions(seeded[SOP_10], draft)

    changed = [c for c in changes if c.action == "changed"]
    assert [(c.subject, c.field, c.old, c.new) for c in changed] == [
        ("Langkah 3", "Waktu", "1 hari", "2 jam")
    ]
    added = [c for c in changes if c.action == "added"]
    assert len(added) == 1 and added[0].subject == "Langkah 9"
    assert "Mengirim laporan ke Kepala Dinas" in added[0].new


# ---- Warnings and related SOPs -----------------------------------------------------------------


def test_sop_08_and_sop_10_warn_of_their_copied_table_on_both_and_of_step_6_without_time(seeded):
    warnings_10 = library_warnings(seeded[SOP_10])
    warnings_08 = library_warnings(seeded[SOP_08])

    assert "Langkah 6 tidak memiliki standar waktu" in warnings_10
    assert any(SOP_08 in w and "Tabel kegiatan" in w for w in warnings_10)
    assert any(SOP_10 in w and "Tabel kegiatan" in w for w in warnings_08)
    assert not any("Tabel kegiatan" in w for w in library_warnings(seeded[STMI]))


def test_library_rows_count_warnings_in_a_fixed_number_of_queries(
    seeded, agency, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        rows = library_rows(organization=agency)
    assert [row.sop.code for row in rows] == [SOP_08, SOP_10]
    assert all(row.warning_count == 2 for row in rows)
    assert all(row.in_force.number == 1 and row.drafts == [] for row in rows)


def test_step_notes_name_sub_sops():
    assert note_references("- SOP Perencanaan Uji Kompetensi, -SOP Pembuatan SK") == [
        "SOP Perencanaan Uji Kompetensi",
        "SOP Pembuatan SK",
    ]
    assert note_references("Nota dinas ke Direktur") == []


def test_stmi_related_sops_link_to_the_library_when_present(seeded, lsp, director):
    stmi = seeded[STMI]
    definition = version_definition(stmi)
    verification = dataclasses.replace(definition, code="SOP-VER-TUK", name="Verifikasi TUK")
    planning = dataclasses.replace(definition, code="SOP-REN", name="Perencanaan Uji Kompetensi")
    import_definition(organization=lsp, definition=verification, actor=director)
    import_definition(organization=lsp, definition=planning, actor=director)

    links = related_links(stmi)

    linked = {(link.source, link.text): link.sop.code if link.sop else None for link in links}
    assert linked[("Keterkaitan", "SOP Verifikasi TUK")] == "SOP-VER-TUK"
    assert linked[("Langkah 4", "SOP Verifikasi TUK")] == "SOP-VER-TUK"
    assert linked[("Langkah 2", "SOP Perencanaan Uji Kompetensi")] == "SOP-REN"
    assert linked[("Langkah 2", "SOP Pembuatan SK")] is None
    assert linked[("Keterkaitan", "SOP Pendaftaran Uji Kompetensi")] is None


def test_editing_a_draft_leaves_the_approved_rows_alone(draft, kasi, seeded):
    before = list(SopStep.objects.filter(version=seeded[SOP_10]).values_list("pk", flat=True))
    update_identity(version=draft, actor=kasi, name="Baru")
    assert list(SopStep.objects.filter(version=seeded[SOP_10]).values_list("pk", flat=True)) == before
