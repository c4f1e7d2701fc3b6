"""Counting attempts in the cache (locmem locally, Redis when REDIS_URL is set) to slow down abuse."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def allow(scope, identity, limit, window_seconds):
    """Count one attempt; False once `identity` has made more than `limit` in the current window."""
    digest = hashlib.sha256(identity.lower().encode()).hexdigest()[:32]  # no raw addresses in the cache
    key = f"alerts:rate:{scope}:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_ip(request):
    """The address the request came from.

    Anyone can send an X-Forwarded-For header, so only the addresses our own proxies appended are
    believed: with TRUSTED_PROXY_COUNT = n, the n-th address from the right is the one the outermost
    proxy saw. Anything to its left was written by the client and is ignored.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= trusted and forwarded[-trusted]:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")
