"""The plenary and the SK Penetapan (STMI 1.3.3 step 6): only competent candidates, the approval
chain in order and by role (acting officials included), returns, and the signed documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ujikom.assessment import services_decision as decisions
from ujikom.assessment.models import Decision, DecisionApproval, Minutes
from ujikom.core.models import AuditEvent, Role, RoleAssignment

from .helpers import pdf_text, prepared_decision

pytestmark = pytest.mark.django_db


def test_the_decree_lists_the_candidates_recommended_competent_and_the_recommendation_is_received(
    handed_over, event, head_certification
):
    decision = prepared_decision(event, head_certification)

    names = [entry.registration.full_name for entry in decision.entries.order_by("position")]
    assert names == ["Budi Santoso", "Siti Aminah"]
    assert decision.status == Decision.Status.DRAFT
    handed_over.refresh_from_db()
    assert handed_over.received_by == head_certification and handed_over.received_at is not None
    assert AuditEvent.objects.filter(event_type="decision.recommendation_received").count() == 1


def test_a_bk_candidate_in_the_decree_is_refused(handed_over, event, head_certification, one_bk):
    budi, _siti, agus = one_bk

    with pytest.raises(ValidationError) as refused:
        prepared_decision(event, head_certification, registrations=[budi, agus])

    assert refused.value.message_dict["registrations"] == [
        "SK Penetapan tidak boleh memuat asesi Belum Kompeten: Agus Salim"
    ]
    assert not Decision.objects.exists()


def test_a_candidate_not_yet_assessed_is_refused_too(
    handed_over, event, head_certification, one_bk, make_registration
):
    late = make_registration(full_name="Dodi Belum Diases")

    with pytest.raises(ValidationError) as refused:
        prepared_decision(event, head_certification, registrations=[one_bk[0], late])

    assert "Belum Kompeten: Dodi Belum Diases" in refused.value.message_dict["registrations"][0]


def test_the_list_can_be_narrowed_to_some_competent_candidates(
    handed_over, event, head_certification, one_bk
):
    decision = prepared_decision(event, head_certification, registrations=[one_bk[1]])

    assert [entry.registration.full_name for entry in decision.entries.all()] == ["Siti Aminah"]


def test_no_decision_before_the_minutes_lock_the_results(handed_over, event, head_certification):
    Minutes.objects.filter(event=event).update(locked_at=None)

    with pytest.raises(ValidationError) as refused:
        prepared_decision(event, head_certification)

    assert "hasil uji belum dikunci" in refused.value.messages[0]


def test_the_plenary_needs_its_date_place_and_attendees(handed_over, event, head_certification):
    with pytest.raises(ValidationError) as refused:
        prepared_decision(
            event,
            head_certification,
            meeting_held_on=event.starts_on - dt.timedelta(days=3),
            meeting_place=" ",
            attendees="",
        )

    assert set(refused.value.message_dict) == {"meeting_held_on", "meeting_place", "attendees"}


def test_only_kabid_sertifikasi_prepares(handed_over, event, lsp_chair):
    with pytest.raises(PermissionDenied):
        prepared_decision(event, lsp_chair)


def test_the_chain_goes_in_order_and_each_step_by_its_role(
    handed_over, event, head_certification, lsp_chair, director
):
    decision = prepared_decision(event, head_certification)

    with pytest.raises(ValidationError):
        decisions.endorse_decision(decision=decision, actor=lsp_chair)  # not proposed yet
    decisions.propose_decision(decision=decision, actor=head_certification)
    with pytest.raises(PermissionDenied):
        decisions.endorse_decision(decision=decision, actor=director)  # a Direktur cannot endorse
    with pytest.raises(ValidationError):
        decisions.sign_decision(decision=decision, actor=director)  # not endorsed yet
    decisions.endorse_decision(decision=decision, actor=lsp_chair)
    with pytest.raises(PermissionDenied):
        decisions.sign_decision(decision=decision, actor=lsp_chair)  # a Ketua LSP cannot sign
    decisions.sign_decision(decision=decision, actor=director)

    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    assert list(decision.approvals.values_list("stage", "actor__username")) == [
        ("propose", "kabid.sert"),
        ("endorse", "ketua.lsp"),
        ("sign", "direktur"),
    ]
    assert list(
        AuditEvent.objects.filter(event_type__startswith="decision.")
        .order_by("sequence")
        .values_list("event_type", flat=True)
    ) == [
        "decision.recommendation_received",
        "decision.prepared",
        "decision.proposed",
        "decision.endorsed",
        "decision.signed",
    ]


def test_a_return_keeps_the_decision_and_a_new_one_can_be_prepared(
    handed_over, event, head_certification, lsp_chair, director
):
    first = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=first, actor=head_certification)
    with pytest.raises(ValidationError) as no_reason:
        decisions.return_decision(decision=first, actor=lsp_chair, note="  ")
    decisions.return_decision(decision=first, actor=lsp_chair, note="Tanggal rapat salah.")

    second = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=second, actor=head_certification)
    decisions.endorse_decision(decision=second, actor=lsp_chair)
    with pytest.raises(PermissionDenied):
        decisions.return_decision(decision=second, actor=lsp_chair, note="Terlambat")  # now the Direktur's
    decisions.return_decision(decision=second, actor=director, note="Lampiran kurang.")

    assert "note" in no_reason.value.message_dict
    assert list(Decision.objects.order_by("created_at").values_list("status", flat=True)) == [
        "returned",
        "returned",
    ]
    returned = DecisionApproval.objects.filter(outcome="returned").order_by("acted_at")
    assert [(a.stage, a.note) for a in returned] == [
        ("endorse", "Tanggal rapat salah."),
        ("sign", "Lampiran kurang."),
    ]
    third = prepared_decision(event, head_certification)
    assert third.status == Decision.Status.DRAFT


def test_a_second_open_decision_for_the_event_is_refused(handed_over, event, head_certification):
    prepared_decision(event, head_certification)

    with pytest.raises(ValidationError) as refused:
        prepared_decision(event, head_certification)

    assert "sudah ada" in refused.value.messages[0]


def test_signing_numbers_and_draws_the_decree_and_the_plenary_minutes(approved):
    decree = " ".join(pdf_text(approved.decree_file).split())
    minutes = pdf_text(approved.minutes_file)

    assert approved.decree_number.startswith("001/SK/LSP-STMI/")
    assert approved.minutes_number.startswith("001/BA/LSP-STMI/")
    assert approved.decided_on is not None
    assert "KEPUTUSAN DIREKTUR LSP POLITEKNIK STMI JAKARTA" in decree
    assert "TENTANG" in decree and "PENETAPAN HASIL UJI KOMPETENSI" in decree
    assert "Menimbang" in decree and "Mengingat" in decree and "MEMUTUSKAN" in decree
    assert approved.decree_number in decree
    assert "Budi Santoso" in decree and "Siti Aminah" in decree
    assert "Agus Salim" not in decree
    assert "Tangerang, 2 Januari 2000" in decree  # Budi's birth place and date
    assert "Dr. Hana Direktur" in decree and "197001011995031001" in decree
    assert "36710" not in decree  # the decree names people, not their NIK
    assert "BERITA ACARA RAPAT PLENO" in minutes
    assert approved.minutes_number in minutes and approved.decree_number in minutes
    assert "2 asesi direkomendasikan Kompeten (K) dan 1 asesi Belum Kompeten (BK)" in " ".join(
        minutes.split()
    )
    assert "Agus Salim" in minutes and "Ruang Rapat LSP STMI" in minutes
    assert "Dr. Ir. Sutrisno, M.T." in minutes


def test_an_acting_director_signs_as_plt(handed_over, event, head_certification, lsp_chair, make_user, lsp):
    acting = make_user("plt.direktur", full_name="Ir. Joko Plt", nip="196801011994031002")
    RoleAssignment.objects.create(
        user=acting,
        organization=lsp,
        role=Role.objects.get(key="director"),
        capacity=RoleAssignment.Capacity.PLT,
    )
    decision = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=decision, actor=head_certification)
    decisions.endorse_decision(decision=decision, actor=lsp_chair)

    decisions.sign_decision(decision=decision, actor=acting)

    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    assert "Plt. Direktur" in pdf_text(decision.decree_file)


def test_a_result_changed_to_bk_after_preparing_stops_the_signature(
    approved, handed_over, event, head_certification, lsp_chair, director, one_bk
):
    from ujikom.assessment.models import Assessment

    Decision.objects.filter(pk=approved.pk).update(status=Decision.Status.RETURNED)
    decision = prepared_decision(event, head_certification)
    decisions.propose_decision(decision=decision, actor=head_certification)
    decisions.endorse_decision(decision=decision, actor=lsp_chair)
    Assessment.objects.filter(registration=one_bk[1]).update(recommendation="BK")

    with pytest.raises(ValidationError) as refused:
        decisions.sign_decision(decision=decision, actor=director)

    assert "Belum Kompeten: Siti Aminah" in refused.value.message_dict["registrations"][0]
