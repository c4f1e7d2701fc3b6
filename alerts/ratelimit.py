"""Counting attempts in the cache (locmem locally, Redis when REDIS_URL is set) to slow down abuse."""

import hashlib
import logging

from django.core.cache import cache

from portal.clientip import client_ip

__all__ = ["allow", "client_ip"]

logger = logging.getLogger(__name__)


def allow(scope, identity, limit, window_seconds):
    """Count one attempt; False once `identity` has made more than `limit` in the current window.

    If the cache is unreachable the attempt is allowed and a warning logged: turning everyone away
    while Redis restarts would hurt more than a few minutes without a limit.
    """
    digest = hashlib.sha256(identity.lower().encode()).hexdigest()[:32]  # no raw addresses in the cache
    key = f"alerts:rate:{scope}:{digest}"
    try:
        cache.add(key, 0, timeout=window_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=window_seconds)
            count = 1
    except Exception as error:  # redis-py raises several connection errors; all mean "unreachable"
        logger.warning("Rate limit not checked, the cache is unreachable: %s", error)
        return True
    return count <= limit
