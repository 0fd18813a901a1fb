"""A person holding a valid certificate in a scheme is flagged when they register for it again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ujikom.certificates.keys import signer_for
from ujikom.certificates.models import Certificate
from ujikom.certificates.tokens import claims_of, sign_token
from ujikom.registry.models import Scheme
from ujikom.scheduling.selectors_registration import is_already_certified

pytestmark = pytest.mark.django_db
NIK = "3671015708980001"


def certificate(lsp, scheme, user, **fields) -> Certificate:
    today = timezone.localdate()
    signer = signer_for(lsp)
    values = {
        "lsp": lsp,
        "holder_name": "Putri Ayu Lestari",
        "holder_nik": NIK,
        "scheme": scheme,
        "scheme_code": scheme.code,
        "scheme_name": scheme.name,
        "certificate_number": "62090 2512 0003101 2026",
        "registration_number": "Reg. TIK 0001201 01 2026",
        "issued_on": today,
        "valid_until": today + dt.timedelta(days=1095),
        "kid": signer.kid,
        "token": sign_token(
            signer,
            claims_of(
                public_id="x", number="n", holder="h", scheme=scheme.code, issued_on=today, valid_until=today
            ),
        ),
        "status_index": 7,
        "issued_by": user,
    }
    values.update(fields)
    return Certificate.objects.create(**values)


def test_a_valid_certificate_flags_the_person_and_a_revoked_one_does_not(lsp, system_admin):
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-OKM-01", name="Operator Komputer Muda", kind="kkni"
    )
    other = Scheme.objects.create(organization=lsp, code="SKM-LAS-01", name="Juru Las", kind="occupation")
    assert not is_already_certified(NIK, scheme)

    held = certificate(lsp, scheme, system_admin)
    assert is_already_certified(NIK, scheme) and not is_already_certified(NIK, other)

    held.status = Certificate.Status.REVOKED
    held.save()
    assert not is_already_certified(NIK, scheme)
