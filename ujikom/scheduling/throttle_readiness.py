"""Slowing down clients that try many attendance confirmation links (page and API alike)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

LINK_ATTEMPTS = 30  # requests a client address may make to confirmation links …
LINK_WINDOW = 600  # … in this many seconds


def too_many_link_attempts(request: HttpRequest) -> bool:
    """Count this request against the client's address; True once it is over the limit."""
    key = f"scheduling:confirm-link:{request.META.get('REMOTE_ADDR', '') or 'unknown'}"
    cache.add(key, 0, LINK_WINDOW)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.set(key, 1, LINK_WINDOW)
        attempts = 1
    return attempts > getattr(settings, "CONFIRMATION_LINK_ATTEMPTS", LINK_ATTEMPTS)
