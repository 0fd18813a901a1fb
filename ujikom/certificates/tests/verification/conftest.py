"""Certificates made straight in the tables (signed with the LSP's key), people of the LSP and outside."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from ujikom.certificates import keys, tokens
from ujikom.certificates.models import Certificate
from ujikom.certificates.services_issuance import _free_status_index
from ujikom.core.models import Organization
from ujikom.registry.models import CompetencyUnit, Scheme

NIK = "3671012345678901"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scheme(lsp) -> Scheme:
    scheme = Scheme.objects.create(
        organization=lsp, code="SKM-OKM-01", name="Operator Komputer Muda", kind="kkni", validity_years=3
    )
    for position, (code, title) in enumerate(
        [("J.63OPR00.001.2", "Mengoperasikan Perangkat Komputer"), ("J.63OPR00.002.2", "Pengolah Kata")],
        start=1,
    ):
        CompetencyUnit.objects.create(scheme=scheme, position=position, code=code, title=title)
    return scheme


@pytest.fixture
def manager(make_user, lsp):
    return make_user("ketua", roles=[(lsp, "lsp_chair")], full_name="Ketua LSP")


@pytest.fixture
def viewer(make_user, lsp):
    return make_user("adminlsp", roles=[(lsp, "head_admin")])


@pytest.fixture
def outsider(make_user, make_organization):
    other = make_organization("LSP Lain", Organization.Kind.LSP, code="lsp-lain")
    return make_user("orang_lain", roles=[(other, "lsp_chair")])


@pytest.fixture
def make_certificate(lsp, scheme, make_user):
    issuer = make_user("penerbit", roles=[(lsp, "head_certification")])
    counter = iter(range(1, 10_000))

    def make(
        *, issued_on: dt.date | None = None, holder: str = "Siti Nur'aini Ṣāliḥ", signer=None, **fields
    ) -> Certificate:
        number = next(counter)
        issued_on = issued_on or timezone.localdate()
        valid_until = fields.pop("valid_until", issued_on + dt.timedelta(days=3 * 365))
        certificate = Certificate(
            lsp=lsp,
            holder_name=holder,
            holder_nik=NIK,
            scheme=scheme,
            scheme_code=scheme.code,
            scheme_name=scheme.name,
            units=[{"code": u.code, "title": u.title} for u in scheme.units.order_by("position")],
            certificate_number=f"62090 2512 {number:07d} 2026",
            registration_number=f"REG-{number:05d}",
            issued_on=issued_on,
            valid_until=valid_until,
            # Free in the LSP's status lists, as issuance picks it (random draws collide now and then).
            status_index=_free_status_index(lsp),
            issued_by=issuer,
            **fields,
        )
        signer = signer or keys.signer_for(lsp)
        certificate.kid = signer.kid
        certificate.token = tokens.sign_token(
            signer,
            tokens.claims_of(
                public_id=certificate.public_id,
                number=certificate.certificate_number,
                holder=holder,
                scheme=scheme.code,
                issued_on=issued_on,
                valid_until=valid_until,
            ),
        )
        certificate.save()
        return certificate

    return make
