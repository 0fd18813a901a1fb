"""Test site services and the verification state a TUK has on a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ujikom.core.models import AuditEvent
from ujikom.registry.models import TestSite
from ujikom.registry.selectors_sites import Verification, site_verification_state
from ujikom.registry.services_sites import create_test_site, update_test_site

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    fields = {
        "code": "TUK-01",
        "name": "TUK Mandiri Disnaker",
        "kind": TestSite.Kind.INDEPENDENT,
        "address": "Jl. Perintis Kemerdekaan No. 1 Cikokol",
        "capacity": 40,
    }
    fields.update(overrides)
    return fields


def test_a_mandiri_site_is_registered_with_its_head_and_verification_date(
    disnaker, disnaker_admin, site_head, lsp
):
    site = create_test_site(
        actor=disnaker_admin,
        owner=disnaker,
        **_fields(head=site_head, lsp=lsp, verified_until=dt.date(2027, 12, 31)),
    )

    assert site.owner == disnaker and site.head == site_head and site.lsp == lsp
    event = AuditEvent.objects.get(event_type="test_site.created")
    assert event.actor_id == disnaker_admin.pk and event.organization_id == disnaker.pk


@pytest.mark.parametrize("kind", [TestSite.Kind.TEMPORARY, TestSite.Kind.WORKPLACE])
def test_sewaktu_and_tempat_kerja_never_carry_a_verification_date(disnaker, disnaker_admin, kind):
    with pytest.raises(ValidationError) as error:
        create_test_site(
            actor=disnaker_admin, owner=disnaker, **_fields(kind=kind, verified_until=dt.date(2027, 1, 1))
        )

    assert "setiap kali dipakai" in error.value.message_dict["verified_until"][0]
    assert not TestSite.objects.exists()


def test_capacity_below_one_and_a_head_without_the_role_are_refused_together(
    disnaker, disnaker_admin, disnaker_tekops
):
    with pytest.raises(ValidationError) as error:
        create_test_site(actor=disnaker_admin, owner=disnaker, **_fields(capacity=0, head=disnaker_tekops))

    messages = error.value.message_dict
    assert "minimal 1" in messages["capacity"][0]
    assert "Kepala TUK" in messages["head"][0]


def test_a_site_head_of_another_organization_is_refused(company, company_admin, site_head):
    with pytest.raises(ValidationError) as error:
        create_test_site(
            actor=company_admin, owner=company, **_fields(kind=TestSite.Kind.WORKPLACE, head=site_head)
        )

    assert "head" in error.value.message_dict


def test_a_code_is_used_once_per_owner(disnaker, disnaker_admin, company, company_admin, make_site):
    make_site(code="TUK-01")

    with pytest.raises(ValidationError) as error:
        create_test_site(actor=disnaker_admin, owner=disnaker, **_fields(code="tuk-01"))
    assert "sudah dipakai" in error.value.message_dict["code"][0]
    # another owner may use the same code
    create_test_site(actor=company_admin, owner=company, **_fields(kind=TestSite.Kind.WORKPLACE))


def test_an_update_is_audited_with_what_changed(disnaker_admin, make_site):
    site = make_site(capacity=20)

    update_test_site(site=site, actor=disnaker_admin, capacity=25)

    site.refresh_from_db()
    assert site.capacity == 25
    event = AuditEvent.objects.get(event_type="test_site.updated")
    assert event.data["changes"] == {"capacity": [20, 25]}


def test_the_verifier_must_be_an_lsp(disnaker, disnaker_admin, company):
    with pytest.raises(ValidationError) as error:
        create_test_site(actor=disnaker_admin, owner=disnaker, **_fields(lsp=company))
    assert "bukan LSP" in error.value.message_dict["lsp"][0]


def test_verification_state_on_a_date(make_site):
    mandiri = make_site(kind=TestSite.Kind.INDEPENDENT, verified_until=dt.date(2026, 3, 3))
    day = dt.date(2026, 3, 3)

    assert site_verification_state(mandiri, on=day).status == Verification.VALID
    expired = site_verification_state(mandiri, on=day + dt.timedelta(days=1))
    assert expired.status == Verification.EXPIRED and "3 Maret 2026" in expired.label
    assert site_verification_state(make_site(kind=TestSite.Kind.TEMPORARY)).status == Verification.PER_USE
    assert site_verification_state(make_site(kind=TestSite.Kind.WORKPLACE)).status == Verification.PER_USE
    assert (
        site_verification_state(make_site(kind=TestSite.Kind.INDEPENDENT)).status == Verification.UNVERIFIED
    )
