"""What the certificates tell the registration of a new test: whether a person already holds a
valid certificate in the scheme (shown as "sudah bersertifikat" when they register)."""

from __future__ import annotations

from django.utils import timezone

from ujikom.registry.models import Scheme

from .models import Certificate


def holds_valid_certificate(nik: str, scheme: Scheme) -> bool:
    return Certificate.objects.filter(
        holder_nik=nik,
        scheme=scheme,
        status=Certificate.Status.VALID,
        valid_until__gte=timezone.localdate(),
    ).exists()
