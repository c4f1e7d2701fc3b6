"""Counting attempts in the cache (locmem locally, Redis when REDIS_URL is set) to slow down abuse."""

import hashlib

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

    X-Forwarded-For is not trusted because anyone can send it; behind a reverse proxy that does not
    rewrite REMOTE_ADDR, the per-IP limit counts the proxy as one client (see docs/alerts.md).
    """
    return request.META.get("REMOTE_ADDR", "")
