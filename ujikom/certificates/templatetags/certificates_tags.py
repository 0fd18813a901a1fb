"""Template tags of the certificates: the certificate issued for a registration (candidate's page)."""

from __future__ import annotations

from django import template

from ujikom.certificates.models import Certificate
from ujikom.certificates.selectors_issuance import certificate_of_registration
from ujikom.scheduling.models import Registration

register = template.Library()


@register.simple_tag
def certificate_of(registration: Registration | None) -> Certificate | None:
    """`{% certificate_of registration as certificate %}`: its latest certificate, or None."""
    if registration is None:
        return None
    return certificate_of_registration(registration)
