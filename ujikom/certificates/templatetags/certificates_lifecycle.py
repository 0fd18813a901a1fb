"""Template tags of the holder's portal: their certificates, the LinkedIn link, the Open Badges link."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from ujikom.certificates.models import Certificate
from ujikom.certificates.selectors_lifecycle import certificates_held_by, linkedin_add_url
from ujikom.core.models import User

register = template.Library()


@register.simple_tag
def held_certificates(user: User) -> list[Certificate]:
    """`{% held_certificates request.user as certificates %}`: the certificates this account holds."""
    return certificates_held_by(user)


@register.filter
def linkedin_url(certificate: Certificate) -> str:
    return linkedin_add_url(certificate)


@register.simple_tag
def badge_export_url(certificate: Certificate) -> str:
    """The certificate's Open Badges 3.0 download, or "" where that part is not installed."""
    try:
        return reverse("certificates:badge_export", kwargs={"public_id": certificate.public_id})
    except NoReverseMatch:
        return ""
