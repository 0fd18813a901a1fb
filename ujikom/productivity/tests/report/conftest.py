"""A year of guidance at Disnaker as rows: one closed case with its evaluation, one open, one
cancelled, a registered company without a case, and another office's case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ujikom.productivity.models import Evaluation, GuidanceCase

YEAR = 2025


@pytest.fixture
def make_case(kasi):
    def make(
        company,
        *,
        status=GuidanceCase.Status.OPEN,
        requested_on=dt.date(YEAR, 2, 3),
        closed_on=None,
        number="",
    ):
        return GuidanceCase.objects.create(
            organization=company.organization,
            company=company,
            number=number,
            title=f"Bimbingan {company.name}",
            origin=GuidanceCase.Origin.REQUEST,
            requested_on=requested_on,
            request_summary="Permohonan pendampingan.",
            output_unit="potong",
            status=status,
            closed_on=closed_on,
            opened_by=kasi,
        )

    return make


@pytest.fixture
def guidance_year(make_company, make_case, make_measurement, petugas, other_office):
    garmen = make_company(name="PT Garmen Jatiuwung", sector="C", size="medium")
    toko = make_company(name="Toko Makmur Cipondoh", sector="G", size="small")
    rumah_makan = make_company(name="RM Sari Rasa", sector="I", size="medium")
    make_company(name="PT Gudang Neglasari", sector="H", size="large")
    closed = make_case(
        garmen, status=GuidanceCase.Status.CLOSED, closed_on=dt.date(YEAR, 9, 30), number="BTP/001/2025"
    )
    before = make_measurement(closed, YEAR, 1, output=12000, hours=13600, label="Sebelum")
    after = make_measurement(closed, YEAR, 6, output=14200, hours=13592, label="Sesudah")
    Evaluation.objects.create(
        case=closed,
        before=before,
        after=after,
        evaluated_on=dt.date(YEAR, 7, 10),
        conclusion="Naik.",
        evaluated_by=petugas,
    )
    make_case(toko, number="BTP/002/2025", requested_on=dt.date(YEAR, 5, 1))
    make_case(rumah_makan, status=GuidanceCase.Status.CANCELLED, number="BTP/003/2025")
    make_case(make_company(other_office, name="PT Serang Jaya"), number="SRG/001/2025")
    make_case(toko, number="BTP/099/2024", requested_on=dt.date(YEAR - 1, 3, 1))  # another year
    return {"garmen": garmen, "toko": toko, "closed": closed, "today": timezone.localdate()}
