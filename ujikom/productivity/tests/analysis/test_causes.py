"""The cause tree (by fishbone category, sub-causes at most three deep, of the same case) and the
5-why chains."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ujikom.core.models import AuditEvent
from ujikom.productivity import services_analysis as services
from ujikom.productivity.models import Cause, GuidanceCase, WhyStep

pytestmark = pytest.mark.django_db


def _cause(case, actor, text="Operator baru belum terlatih", category="people", **kwargs) -> Cause:
    return services.add_cause(case=case, actor=actor, category=category, text=text, **kwargs)


def test_a_sub_cause_takes_its_parents_category(open_case, petugas):
    parent = _cause(open_case, petugas)

    child = _cause(open_case, petugas, text="Pelatihan hanya satu hari", category="machine", parent=parent)

    assert child.category == "people" and child.parent == parent
    assert AuditEvent.objects.filter(event_type="productivity.cause.added").count() == 2


def test_an_unknown_category_is_refused(open_case, petugas):
    with pytest.raises(ValidationError) as caught:
        _cause(open_case, petugas, category="money")

    assert "Pilih kategori sebab" in caught.value.message_dict["category"][0]
    assert not Cause.objects.exists()


def test_a_parent_of_another_case_is_refused(open_case, petugas, company, kasi):
    other = GuidanceCase.objects.create(
        organization=company.organization,
        company=company,
        title="Kasus lain",
        origin=GuidanceCase.Origin.OUTREACH,
        requested_on=open_case.requested_on,
        request_summary="-",
        output_unit="unit",
        opened_by=kasi,
    )
    foreign = _cause(other, petugas)

    with pytest.raises(ValidationError) as caught:
        _cause(open_case, petugas, parent=foreign)

    assert caught.value.message_dict["parent"] == ["Sebab induk itu bukan bagian dari kasus ini."]
    assert not open_case.causes.exists()


def test_the_tree_is_at_most_three_deep(open_case, petugas):
    first = _cause(open_case, petugas, text="Satu")
    second = _cause(open_case, petugas, text="Dua", parent=first)
    third = _cause(open_case, petugas, text="Tiga", parent=second)

    with pytest.raises(ValidationError) as caught:
        _cause(open_case, petugas, text="Empat", parent=third)

    assert "paling dalam 3 tingkat" in caught.value.message_dict["parent"][0]
    assert open_case.causes.count() == 3


def test_a_cause_addressed_by_the_plan_cannot_be_deleted(open_case, petugas):
    root = _cause(open_case, petugas, is_root=True)
    services.add_action(
        case=open_case,
        actor=petugas,
        description="Pelatihan operator",
        owner="HRD",
        due_on=timezone.localdate() + dt.timedelta(days=30),
        cause=root,
    )

    with pytest.raises(ValidationError) as caught:
        services.delete_cause(cause=root, actor=petugas)

    assert "ditangani tindakan perbaikan “Pelatihan operator”" in caught.value.messages[0]
    assert Cause.objects.filter(pk=root.pk).exists()


def test_deleting_a_cause_removes_its_sub_causes(open_case, petugas):
    parent = _cause(open_case, petugas)
    _cause(open_case, petugas, text="Turunan", parent=parent)

    services.delete_cause(cause=parent, actor=petugas)

    assert not open_case.causes.exists()


def test_moving_a_first_level_cause_moves_its_sub_causes(open_case, petugas):
    parent = _cause(open_case, petugas)
    child = _cause(open_case, petugas, text="Turunan", parent=parent)

    services.update_cause(cause=parent, actor=petugas, text=parent.text, is_root=True, category="method")

    child.refresh_from_db()
    assert child.category == "method"
    with pytest.raises(ValidationError):
        services.update_cause(cause=child, actor=petugas, text="Turunan", is_root=False, category="machine")


def test_whys_replace_the_chain_and_read_as_questions(open_case, petugas):
    cause = _cause(open_case, petugas, text="Mesin sering berhenti")
    services.set_whys(cause=cause, actor=petugas, answers=["Jarum patah", "Salah ukuran"])

    steps = services.set_whys(
        cause=cause,
        actor=petugas,
        answers=["Jarum patah", "Jarum tidak sesuai kain", "Tidak ada daftar jarum", "", ""],
    )

    assert [step.level for step in steps] == [1, 2, 3]
    assert list(cause.whys.values_list("answer", flat=True)) == [
        "Jarum patah",
        "Jarum tidak sesuai kain",
        "Tidak ada daftar jarum",
    ]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ([], "answers", "Isi sekurang-kurangnya jawaban “mengapa” yang pertama."),
        (["", "", ""], "answers", "Isi sekurang-kurangnya jawaban “mengapa” yang pertama."),
        (["a", "b", "c", "d", "e", "f"], "answers", "Paling banyak 5 jawaban “mengapa” (tertulis 6)."),
        (["a", "", "c"], "why_2", "Jawaban mengapa ke-2 kosong; isi jawaban berurutan dari yang pertama."),
    ],
)
def test_bad_whys_are_refused_and_the_chain_kept(open_case, petugas, answers, field, message):
    cause = _cause(open_case, petugas)
    services.set_whys(cause=cause, actor=petugas, answers=["Semula"])

    with pytest.raises(ValidationError) as caught:
        services.set_whys(cause=cause, actor=petugas, answers=answers)

    assert caught.value.message_dict[field] == [message]
    assert list(WhyStep.objects.values_list("answer", flat=True)) == ["Semula"]
