"""Fixtures of the SOP library tests: the seed SOPs in their organizations and the officials around them.

Test modules import the fixtures they use from here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ujikom.core.models import Organization, Role, RoleAssignment, User
from ujikom.sop.library import load_seed_sops
from ujikom.sop.models import SopVersion

SOP_10 = "PSM/DISNAKER-10"
SOP_08 = "PSM/DISNAKER-08"
STMI = "1.3.3/BPSDMI/STMI/SOP/VI/2020"


@pytest.fixture
def agency(make_organization) -> Organization:
    """The Disnaker under the code the seeds are loaded for."""
    return make_organization(
        "Dinas Ketenagakerjaan Kota Tangerang", Organization.Kind.AGENCY, code="disnaker-tangerang"
    )


@pytest.fixture
def seeded(system_admin, agency, lsp) -> dict[str, SopVersion]:
    """The three seed SOPs, approved as published: code → version 1."""
    return {version.code: version for version in load_seed_sops(system_admin)}


@pytest.fixture
def kasi(make_user, agency) -> User:
    """Manages the agency's SOP library (sop.manage), approves nothing."""
    return make_user("kasi", roles=[(agency, "kasi")], full_name="Dewi Anggraini")


@pytest.fixture
def kadis(make_user, agency) -> User:
    """Head of office: approves the Disnaker SOPs (views them, manages nothing)."""
    return make_user("kadis", roles=[(agency, "kadis")], full_name="Suryadi Permana")


@pytest.fixture
def plh_kadis(make_user, agency) -> User:
    """The secretary standing in for the head of office (Plh) this month."""
    user = make_user("sekdis", roles=[(agency, "sekdis")], full_name="Rina Marlina")
    today = timezone.localdate()
    RoleAssignment.objects.create(
        user=user,
        organization=agency,
        role=Role.objects.get(key="kadis"),
        capacity=RoleAssignment.Capacity.PLH,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=10),
    )
    return user


@pytest.fixture
def staff(make_user, agency) -> User:
    """Sees the library (sop.view) but manages nothing."""
    return make_user("administrasi", roles=[(agency, "admin_staff")], full_name="Siti Nurhaliza")


@pytest.fixture
def candidate(make_user, agency) -> User:
    """A member of the agency without any SOP permission."""
    return make_user("peserta", roles=[(agency, "candidate")], full_name="Putri Ayu")


@pytest.fixture
def lsp_chair(make_user, lsp) -> User:
    """Manages the LSP's library; a stranger to the agency."""
    return make_user("ketua_lsp", roles=[(lsp, "lsp_chair")], full_name="Wahyu Hidayat")


@pytest.fixture
def director(make_user, lsp) -> User:
    return make_user("direktur", roles=[(lsp, "director")], full_name="Mustofa")
