"""Fixtures of the productivity tests: Disnaker with the proposed PSM/DISNAKER-08 revision in force,
its Kasi, a field officer (Bidang Teknis Operasional), the Kadis (sees, records nothing), a Kasi of
another office, a registered company and an opened case whose SOP run is at step 2."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ujikom.core.models import Organization, User
from ujikom.productivity.documents import stage_worksheet
from ujikom.productivity.models import Company, GuidanceCase, Measurement
from ujikom.productivity.revision import REVISION_FILE, revision_text
from ujikom.productivity.sop_binding import finish_stage, start_case_run
from ujikom.sop.fileformat import load_definition
from ujikom.sop.library import approve_as_published, import_definition
from ujikom.sop.models import SopVersion


@pytest.fixture
def kasi(make_user, disnaker) -> User:
    return make_user("kasi", roles=[(disnaker, "kasi")], full_name="Budi Santoso, S.T.")


@pytest.fixture
def petugas(make_user, disnaker) -> User:
    """A field officer of Bidang Teknis Operasional: records the work, opens no case."""
    return make_user("petugas", roles=[(disnaker, "technical_ops")], full_name="Rina Wulandari")


@pytest.fixture
def kadis(make_user, disnaker) -> User:
    """Sees the cases; records nothing."""
    return make_user("kadis", roles=[(disnaker, "kadis")], full_name="Dr. Kadis")


@pytest.fixture
def other_office(make_organization) -> Organization:
    return make_organization(
        "Dinas Ketenagakerjaan Kota Serang", Organization.Kind.AGENCY, code="disnaker-serang"
    )


@pytest.fixture
def outsider(make_user, other_office) -> User:
    """The Kasi of another office."""
    return make_user("kasi.serang", roles=[(other_office, "kasi")], full_name="Kasi Serang")


@pytest.fixture
def revision_in_force(system_admin, disnaker) -> SopVersion:
    """The proposed revision of PSM/DISNAKER-08, approved and in force at Disnaker from today."""
    today = timezone.localdate()
    definition = dataclasses.replace(
        load_definition(revision_text(), source=REVISION_FILE.name), revised=today, effective=today
    )
    version = import_definition(organization=disnaker, definition=definition, actor=system_admin)
    return approve_as_published(version=version, actor=system_admin)


@pytest.fixture
def make_company(disnaker) -> Callable[..., Company]:
    counter = iter(range(1, 10_000))

    def make(organization: Organization | None = None, **fields: Any) -> Company:
        number = next(counter)
        values: dict[str, Any] = {
            "name": f"PT Maju Bersama {number}",
            "kind": Company.Kind.COMPANY,
            "sector": "C",
            "size": Company.Size.MEDIUM,
            "workers": 60,
            "address": "Jalan Industri No. 5, Jatiuwung, Tangerang",
            "contact_name": "Ahmad Fauzi",
            "contact_phone": "081234567890",
        }
        values.update(fields)
        return Company.objects.create(organization=organization or disnaker, **values)

    return make


@pytest.fixture
def company(make_company) -> Company:
    return make_company(name="PT Sinar Garmen Tangerang", sector="C", workers=85)


@pytest.fixture
def open_case(company, kasi, petugas, revision_in_force) -> GuidanceCase:
    """A case opened by the Kasi (run started, step 1 signed off), the officer assigned; at step 2."""
    case = GuidanceCase.objects.create(
        organization=company.organization,
        company=company,
        number="BTP/001/2026",
        title="Peningkatan produktivitas lini jahit",
        origin=GuidanceCase.Origin.REQUEST,
        requested_on=timezone.localdate() - dt.timedelta(days=3),
        request_summary="Perusahaan meminta pendampingan karena target produksi harian sering tidak tercapai.",
        officer=petugas,
        output_unit="potong",
        opened_by=kasi,
    )
    case.run = start_case_run(case=case, actor=kasi)
    case.save(update_fields=["run"])
    sheet = stage_worksheet(case=case, action="productivity.open_case", actor=kasi)
    finish_stage(case=case, action="productivity.open_case", actor=kasi, file=sheet)
    return case


@pytest.fixture
def make_measurement(petugas) -> Callable[..., Measurement]:
    """A measurement of a case's month: make_measurement(case, 2026, 1, output=12000, hours=13600, ...)."""

    def make(
        case: GuidanceCase,
        year: int,
        month: int,
        *,
        output: str | int = 12000,
        defects: str | int = 600,
        workers: int = 80,
        hours: str | int = 13600,
        cost: str | int | None = 480_000_000,
        label: str = "",
    ) -> Measurement:
        start = dt.date(year, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return Measurement.objects.create(
            case=case,
            label=label or f"{start:%m/%Y}",
            period_start=start,
            period_end=end,
            output_quantity=Decimal(output),
            defect_quantity=Decimal(defects),
            workers=workers,
            hours_worked=Decimal(hours),
            total_cost=None if cost is None else Decimal(cost),
            recorded_by=petugas,
        )

    return make
