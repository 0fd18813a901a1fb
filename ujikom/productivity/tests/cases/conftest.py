"""Fixtures of the register and case tests: Disnaker's numbering pattern for cases, the published
PSM/DISNAKER-08 (whose steps bind no stage) and a helper to open a case through the service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from ujikom.core.models import DocumentType, NumberingPattern, Organization, User
from ujikom.productivity.models import GuidanceCase
from ujikom.productivity.services_cases import open_case as open_case_service
from ujikom.sop.fileformat import load_definition
from ujikom.sop.library import approve_as_published, import_definition
from ujikom.sop.models import SopVersion

PUBLISHED_FILE = Path(__file__).resolve().parents[3] / "sop" / "seeds" / "psm-disnaker-08.yaml"


@pytest.fixture
def case_numbering(disnaker) -> NumberingPattern:
    return NumberingPattern.objects.create(
        organization=disnaker,
        document_type=DocumentType.objects.get(code="guidance_case"),
        pattern="{seq:03}/BTP/{org}/{year}",
        reset=NumberingPattern.Reset.YEARLY,
    )


@pytest.fixture
def published_in_force(system_admin, disnaker) -> SopVersion:
    """PSM/DISNAKER-08 as published: in force, its activity table SOP-10's, no step bound to a stage."""
    definition = load_definition(PUBLISHED_FILE.read_text(encoding="utf-8"), source=PUBLISHED_FILE.name)
    version = import_definition(organization=disnaker, definition=definition, actor=system_admin)
    return approve_as_published(version=version, actor=system_admin)


@pytest.fixture
def case_fields(company, petugas) -> dict[str, Any]:
    return {
        "company": company,
        "title": "Peningkatan produktivitas lini jahit",
        "origin": GuidanceCase.Origin.REQUEST,
        "requested_on": timezone.localdate() - dt.timedelta(days=5),
        "request_summary": "Target produksi harian sering tidak tercapai sejak awal tahun.",
        "output_unit": "potong",
        "officer": petugas,
    }


@pytest.fixture
def opened(disnaker, kasi, case_numbering, revision_in_force, case_fields) -> Callable[..., GuidanceCase]:
    """Open a case through the service (numbered, run started, step 1 signed off by the Kasi)."""

    def make(
        organization: Organization | None = None, actor: User | None = None, **changes: Any
    ) -> GuidanceCase:
        fields = {**case_fields, **changes}
        return open_case_service(organization=organization or disnaker, actor=actor or kasi, **fields)

    return make


@pytest.fixture
def case(opened) -> GuidanceCase:
    return opened()
