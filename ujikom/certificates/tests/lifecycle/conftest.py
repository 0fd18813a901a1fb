"""Fixtures of the lifecycle tests: the issuance fixtures (an approved decree of Budi and Siti with
BNSP numbers, `numbered`), certificates made straight in the tables (`make_certificate`, in the
decree's scheme and LSP) and a holder reachable by email and WhatsApp."""

from __future__ import annotations

import pytest

from ujikom.certificates.tests.verification.conftest import (  # noqa: F401  (fixtures)
    _fresh_rate_limit,
    make_certificate,
)
from ujikom.core.models import User


@pytest.fixture
def holder(make_user, lsp) -> User:
    return make_user(
        "rina",
        roles=[(lsp, "candidate")],
        full_name="Rina Marlina",
        email="rina@contoh.id",
        phone="0812-1111-2222",
    )


@pytest.fixture
def budi(numbered):  # noqa: F811
    """Budi's decree line, numbered apart from the certificates `make_certificate` makes."""
    entry = numbered[0]
    entry.certificate_number = "62090 2512 0009001 2026"
    entry.registration_number = "OKM.9001 01020 2026"
    entry.save()
    return entry
