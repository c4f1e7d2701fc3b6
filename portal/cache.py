"""Django's built-in Redis cache, made to shrug off an unreachable Redis.

Wagtail keeps the site's root paths in the default cache and asks for them on most pages; the rate
limits count there too. With the plain RedisCache a Redis restart turns those pages into 500s. Here
a read that cannot reach Redis is a miss and a write is skipped, with a warning (once a minute per
process): the site runs slower for a few seconds instead of failing.

The page cache (the "pages" alias) uses `ReusingRedisCache`, which raises when Redis is unreachable:
it must know when a purge failed (portal/pagecache.py). Both keep one Redis client per connection pool.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


class ThrottledWarning:
    """A warning logged at most once a minute per process, so that an outage under load does not flood
    the log. Call it with the error; `reset()` makes the next call log again."""

    def __init__(self, logger, message, interval_seconds=60):
        self.logger, self.message, self.interval_seconds = logger, message, interval_seconds
        self.reset()

    def reset(self):
        self.last = -float("inf")

    def __call__(self, error):
        now = time.monotonic()
        if now - self.last >= self.interval_seconds:
            self.last = now
            self.logger.warning(self.message, error)


unreachable = ThrottledWarning(logger, "Redis is unreachable, so the cache is skipped: %s")


def tolerant(fallback):
    """Run the cache call; if Redis cannot be reached, log and return `fallback(*args, **kwargs)`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (OSError, *self.redis_errors) as error:
                unreachable(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def missing_key(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (Redis is unreachable).")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis.Redis per connection pool instead of making one per call.

    Making one copies redis-py's table of reply handlers each time: 0.11 ms of CPU per cache call,
    as much as the call itself, and a cached page costs one call. A redis.Redis is safe to share.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    """Django's RedisCache with `ReusingRedisCacheClient`; the page cache uses it as it is."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class TolerantRedisCache(ReusingRedisCache):
    @functools.cached_property
    def redis_errors(self):
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

    get = tolerant(lambda key, default=None, *args, **kwargs: default)(RedisCache.get)
    get_many = tolerant(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = tolerant(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = tolerant(lambda *args, **kwargs: False)(RedisCache.add)
    set = tolerant(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = tolerant(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = tolerant(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = tolerant(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = tolerant(lambda *args, **kwargs: None)(RedisCache.delete_many)
    incr = tolerant(missing_key)(RedisCache.incr)
    decr = tolerant(missing_key)(RedisCache.decr)
