"""Fixtures of every certificates test (each folder's conftest adds its own): the assessment fixtures (event, candidates, results: Budi and Siti
K, Agus BK) and the decision fixtures (an SK Penetapan of Budi and Siti signed by the Direktur), with
the BNSP numbers recorded on its entries."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ujikom.assessment.models import Decision, DecisionEntry
from ujikom.assessment.tests.conftest import (  # noqa: F401  (fixtures)
    admin_staff,
    assessors,
    candidate_user,
    director,
    event,
    funding,
    head_admin,
    head_certification,
    lsp_chair,
    make_registration,
    numbering,
    one_bk,
    outsider,
    record_results,
    registrations,
    scheme,
    site,
    site_head,
    tekops,
    today,
    units,
)
from ujikom.assessment.tests.decision.conftest import (  # noqa: F401  (fixtures)
    approved,
    bnsp_data,
    handed_over,
    minutes,
    recommendation,
)
from ujikom.core.models import User


def give_numbers(decision: Decision) -> list[DecisionEntry]:
    entries = list(decision.entries.select_related("registration").order_by("position"))
    for index, entry in enumerate(entries, start=1):
        entry.certificate_number = f"62090 2512 {index:07d} 2026"
        entry.registration_number = f"OKM.{index:04d} 01020 2026"
        entry.numbers_recorded_at = timezone.now()
        entry.save()
    return entries


@pytest.fixture
def numbered(approved) -> list[DecisionEntry]:  # noqa: F811
    """The decree's entries (Budi, Siti) with BNSP's numbers."""
    return give_numbers(approved)


@pytest.fixture
def issuer(head_certification) -> User:  # noqa: F811
    return head_certification
