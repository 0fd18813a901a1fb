"""Per-client rate limit of the public verification page and API (Django's cache; the client's
address found as login throttling finds it, honouring TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from ujikom.core.auth import client_ip

VERIFY_LIMIT = 60  # requests per window and address
VERIFY_WINDOW = 60  # seconds


def verification_wait(request: HttpRequest) -> int:
    """Count this request against the client's address: 0 if allowed, else the seconds to wait."""
    limit = int(getattr(settings, "VERIFICATION_RATE_LIMIT", VERIFY_LIMIT))
    window_start = int(time.time()) // VERIFY_WINDOW * VERIFY_WINDOW
    key = f"certificates:verify:{client_ip(request) or 'unknown'}:{window_start}"
    cache.add(key, 0, VERIFY_WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, VERIFY_WINDOW + 5)
        count = 1
    if count <= limit:
        return 0
    return max(1, window_start + VERIFY_WINDOW - int(time.time()))
