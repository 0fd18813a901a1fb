"""The case list and the case page: the list shows each case's step and due time in a fixed number
of queries; the page shows the stages, the SOP run's steps with who completed them and their
working time against the standard, and the request; both refuse who may not see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ujikom.productivity.models import GuidanceCase

pytestmark = pytest.mark.django_db
LIST = reverse("productivity:case_list")


def _detail(case: GuidanceCase) -> str:
    return reverse("productivity:case_detail", args=[case.public_id])


def test_the_case_list_shows_the_step_each_case_is_at(
    client_for, kadis, opened, make_company, django_assert_max_num_queries
):
    opened(company=make_company(name="CV Maju awal"), title="Kasus awal")
    client = client_for(kadis)
    with django_assert_max_num_queries(16) as few:
        client.get(LIST)
    for number in range(5):
        opened(company=make_company(name=f"CV Maju {number}"), title=f"Kasus {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="case-row"') == 6
    assert page.count("Langkah 2 · Identifikasi permasalahan") == 6
    assert "Buka kasus" not in page  # the Kadis opens none


def test_the_case_list_filters_by_status_and_company(client_for, kasi, opened, make_company, company):
    opened()
    other = opened(company=make_company(name="CV Lain"), title="Lain")
    other.status = GuidanceCase.Status.CANCELLED
    other.save()
    client = client_for(kasi)

    cancelled = client.get(LIST, {"status": "cancelled"}).content.decode()
    by_company = client.get(LIST, {"company": str(company.public_id)}).content.decode()

    assert cancelled.count('data-testid="case-row"') == 1 and "CV Lain" in cancelled
    assert by_company.count('data-testid="case-row"') == 1 and "PT Sinar Garmen" in by_company


def test_the_case_page_shows_the_run_steps_with_their_times(client_for, kadis, case, kasi):
    response = client_for(kadis).get(_detail(case))

    page = response.content.decode()
    assert response.status_code == 200
    assert case.number in page and "PT Sinar Garmen Tangerang" in page
    assert page.count('data-testid="step-run"') == 2
    assert "Budi Santoso, S.T." in page  # the Kasi completed step 1
    assert "/ 1 hari kerja" in page  # step 1's standard
    assert "/ 5 hari kerja" in page  # step 2's standard
    assert reverse("sop:run_detail", args=[case.run.public_id]) in page
    assert page.count('data-testid="stage-done"') == 1 and page.count('data-testid="stage-active"') == 1
    for anchor in (
        "kasus",
        "identifikasi",
        "indikator",
        "sebab",
        "rencana",
        "kunjungan",
        "evaluasi",
        "penutupan",
    ):
        assert f'id="{anchor}"' in page
    assert "Batalkan kasus" not in page and "Catat identifikasi" not in page


def test_the_case_page_refuses_who_may_not_see_it(client, client_for, outsider, case):
    assert client.get(_detail(case)).status_code == 302
    assert client_for(outsider).get(_detail(case)).status_code == 404
    assert (
        client_for(outsider).get(LIST, {"organization": str(case.organization.public_id)}).status_code == 403
    )
