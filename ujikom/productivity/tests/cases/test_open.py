"""Opening a case: numbered from the office's pattern, a run of the SOP version in force started with
the case as its subject and step 1 signed off by the Kasi; refused (nothing saved, no number used)
for a company of another office or inactive, a future date, an officer who records nothing there,
no version in force, or a version in force whose steps bind no stage of the case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ujikom.core.models import AuditEvent, IssuedNumber
from ujikom.productivity.models import GuidanceCase
from ujikom.productivity.revision import propose_revision
from ujikom.productivity.services_cases import open_case
from ujikom.sop.models import Run, StepRun

pytestmark = pytest.mark.django_db
NEW = reverse("productivity:case_create")


def test_an_opened_case_is_numbered_and_its_run_is_at_step_2(case, kasi, revision_in_force):
    year = timezone.localdate().year

    assert case.number == f"001/BTP/DISNAKER/{year}"
    assert case.run.version == revision_in_force and case.run.status == Run.Status.RUNNING
    assert case.run.subject_id == str(case.pk)
    steps = {s.step.number: s for s in StepRun.objects.filter(run=case.run).select_related("step")}
    assert steps[1].status == StepRun.Status.DONE
    assert steps[1].tasks.get().completed_by == kasi
    assert steps[1].outputs.count() == 1  # the opening worksheet
    assert steps[2].status == StepRun.Status.ACTIVE
    event = AuditEvent.objects.get(event_type="productivity.case.opened")
    assert event.actor == kasi and event.data["number"] == case.number and event.data["step_signed_off"]


def test_cases_are_numbered_in_sequence(opened):
    first, second = opened(), opened(title="Kasus kedua")

    assert first.number.startswith("001/") and second.number.startswith("002/")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "Tuliskan judul kasus"),
        ({"requested_on": dt.date.today() + dt.timedelta(days=2)}, "requested_on", "belum tiba"),
        ({"request_summary": ""}, "request_summary", "Tuliskan ringkasan"),
        ({"output_unit": ""}, "output_unit", "Tuliskan satuan output"),
        ({"origin": "telepon"}, "origin", "Pilih asal kasus"),
    ],
)
def test_bad_input_is_named_per_field_and_saves_nothing(opened, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        opened(**changes)

    assert message in refused.value.message_dict[field][0]
    assert (
        not GuidanceCase.objects.exists() and not IssuedNumber.objects.exists() and not Run.objects.exists()
    )


def test_a_company_of_another_office_or_inactive_is_refused(opened, make_company, other_office, company):
    elsewhere = make_company(organization=other_office, name="PT Serang Jaya")
    with pytest.raises(ValidationError) as refused:
        opened(company=elsewhere)
    assert "tidak terdaftar di register" in refused.value.message_dict["company"][0]

    company.is_active = False
    company.save()
    with pytest.raises(ValidationError) as refused:
        opened()
    assert "dinonaktifkan" in refused.value.message_dict["company"][0]
    assert not GuidanceCase.objects.exists()


def test_an_officer_without_record_permission_is_refused(opened, kadis, outsider):
    for officer in (kadis, outsider):
        with pytest.raises(ValidationError) as refused:
            opened(officer=officer)
        assert "tidak berhak mencatat" in refused.value.message_dict["officer"][0]
    assert not GuidanceCase.objects.exists()


def test_refused_without_a_version_in_force(disnaker, kasi, case_numbering, case_fields):
    with pytest.raises(ValidationError) as refused:
        open_case(organization=disnaker, actor=kasi, **case_fields)

    assert "tidak mempunyai versi yang berlaku" in refused.value.messages[0]
    assert not GuidanceCase.objects.exists() and not IssuedNumber.objects.exists()


def test_refused_under_the_published_version_that_binds_no_stage(
    disnaker, kasi, system_admin, case_numbering, published_in_force, case_fields
):
    propose_revision(organization=disnaker, actor=system_admin)

    with pytest.raises(ValidationError) as refused:
        open_case(organization=disnaker, actor=kasi, **case_fields)

    assert refused.value.messages[0] == (
        "Versi SOP PSM/DISNAKER-08 yang berlaku (versi 1) tidak memuat langkah bimbingan produktivitas: "
        "tabel kegiatannya sama dengan SOP sertifikasi. Sahkan usulan revisinya (versi 2) di pustaka SOP, "
        "lalu buka kasus."
    )
    assert not GuidanceCase.objects.exists() and not Run.objects.exists()


def test_the_opening_page_says_why_no_case_can_be_opened_yet(
    client_for, kasi, disnaker, system_admin, published_in_force, case_numbering
):
    propose_revision(organization=disnaker, actor=system_admin)

    page = client_for(kasi).get(NEW).content.decode()

    assert "tidak memuat langkah bimbingan produktivitas" in page
    assert reverse("sop:sop_detail", args=[published_in_force.sop.public_id]) in page


def test_opening_through_the_page_with_the_company_preselected(
    client_for, kasi, company, petugas, revision_in_force, case_numbering
):
    client = client_for(kasi)
    form = client.get(NEW, {"perusahaan": str(company.public_id)}).content.decode()
    assert "versi 1" in form and f'value="{company.public_id}" selected' in form

    response = client.post(
        f"{NEW}?perusahaan={company.public_id}",
        {
            "company": str(company.public_id),
            "title": "Lini jahit",
            "origin": "request",
            "requested_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "request_summary": "Target tidak tercapai.",
            "output_unit": "potong",
            "officer": str(petugas.public_id),
        },
    )

    case = GuidanceCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("productivity:case_detail", args=[case.public_id])
    assert case.officer == petugas and case.opened_by == kasi


def test_the_opening_page_refuses_who_may_not(client, client_for, kadis, petugas, outsider, company):
    assert client.get(NEW).status_code == 302
    assert client_for(kadis).get(NEW).status_code == 403
    assert client_for(petugas).get(NEW).status_code == 403
    assert client_for(outsider).get(NEW, {"perusahaan": str(company.public_id)}).status_code == 404


def test_refused_while_the_office_cannot_number_cases(
    client_for, disnaker, kasi, revision_in_force, case_fields
):
    with pytest.raises(ValidationError) as refused:
        open_case(organization=disnaker, actor=kasi, **case_fields)

    assert "Belum ada pola penomoran" in refused.value.messages[0]
    assert not GuidanceCase.objects.exists() and not Run.objects.exists()
    assert "Belum ada pola penomoran" in client_for(kasi).get(NEW).content.decode()
