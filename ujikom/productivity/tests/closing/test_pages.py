"""The close page (Kasi or Kabid only) and the closing report download (whoever sees the case)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ujikom.productivity.models import GuidanceCase
from ujikom.productivity.selectors_closing import closing_context
from ujikom.productivity.services_closing import close_case

pytestmark = pytest.mark.django_db


def close_url(case: GuidanceCase) -> str:
    return reverse("productivity:case_close", args=[case.public_id])


def report_url(case: GuidanceCase) -> str:
    return reverse("productivity:case_closing_report", args=[case.public_id])


def test_the_kasi_sees_the_evaluation_headline_and_closes_the_case(evaluated_case, kasi, client_for):
    client = client_for(kasi)

    page = client.get(close_url(evaluated_case)).content.decode()
    assert "Output per jam kerja naik 18,4 % dari 0,88 menjadi 1,04 potong/orang-jam." in page

    response = client.post(close_url(evaluated_case), {"closing_summary": "Bimbingan selesai."})

    assert response.status_code == 302
    evaluated_case.refresh_from_db()
    assert evaluated_case.status == GuidanceCase.Status.CLOSED
    assert evaluated_case.closing_report is not None


def test_the_close_page_says_the_evaluation_is_missing_and_refuses(
    open_case, kasi, client_for, report_numbering
):
    client = client_for(kasi)

    page = client.get(close_url(open_case)).content.decode()
    response = client.post(close_url(open_case), {"closing_summary": "Selesai."})

    assert 'data-testid="no-evaluation"' in page
    assert response.status_code == 400
    assert "evaluasi sebelum dan sesudah perbaikan belum dicatat" in response.content.decode()
    open_case.refresh_from_db()
    assert open_case.status == GuidanceCase.Status.OPEN


@pytest.mark.parametrize("who", ["kadis", "petugas"])
def test_who_may_not_lead_cannot_close(request, evaluated_case, client_for, who):
    client = client_for(request.getfixturevalue(who))

    assert client.get(close_url(evaluated_case)).status_code == 403
    response = client.post(close_url(evaluated_case), {"closing_summary": "Selesai."})

    assert response.status_code == 403
    assert "Hanya Kasi atau Kabid" in response.content.decode()
    evaluated_case.refresh_from_db()
    assert evaluated_case.status == GuidanceCase.Status.OPEN


def test_another_office_does_not_find_the_case(evaluated_case, outsider, client_for):
    client = client_for(outsider)

    assert client.get(close_url(evaluated_case)).status_code == 404
    assert client.post(close_url(evaluated_case), {"closing_summary": "Selesai."}).status_code == 404
    assert client.get(report_url(evaluated_case)).status_code == 404


def test_whoever_sees_the_case_downloads_the_closing_report(
    evaluated_case, kasi, kadis, client_for, make_user
):
    assert client_for(kadis).get(report_url(evaluated_case)).status_code == 404  # not closed yet
    close_case(case=evaluated_case, actor=kasi, closing_summary="Selesai.")

    response = client_for(kadis).get(report_url(evaluated_case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    nobody = make_user("tamu")
    assert client_for(nobody).get(report_url(evaluated_case)).status_code == 404


def test_the_closing_section_offers_closing_to_the_lead_and_the_report_once_closed(
    evaluated_case, kasi, kadis
):
    def section(user) -> str:
        evaluated_case.refresh_from_db()
        context = {"case": evaluated_case, **closing_context(case=evaluated_case, user=user)}
        return render_to_string("productivity/sections/closing.html", context)

    assert 'data-testid="close-button"' in section(kasi)
    assert 'data-testid="close-button"' not in section(kadis)

    close_case(case=evaluated_case, actor=kasi, closing_summary="Selesai.")

    closed = section(kadis)
    assert 'data-testid="closing-report-link"' in closed
    assert "Output per jam kerja naik 18,4 %" in closed


def test_the_case_page_shows_the_closing_section_with_the_report(evaluated_case, kasi, kadis, client_for):
    close_case(case=evaluated_case, actor=kasi, closing_summary="Bimbingan selesai.")

    page = client_for(kadis).get(reverse("productivity:case_detail", args=[evaluated_case.public_id]))

    assert page.status_code == 200
    assert 'data-testid="closing-report-link"' in page.content.decode()
