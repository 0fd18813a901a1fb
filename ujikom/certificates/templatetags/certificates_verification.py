"""The status banner of a certificate's verification, drawn by `verification_html` (one source for
the public page, its fast path and the staff's status page)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from ujikom.certificates.selectors_verification import Verification
from ujikom.certificates.verification_html import banner

register = template.Library()


@register.simple_tag
def status_banner(v: Verification) -> SafeString:
    """`{% status_banner v %}`: the banner of the verification `v` (its parts are escaped)."""
    return mark_safe(banner(v))  # noqa: S308  (built from escaped parts)
