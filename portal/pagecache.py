"""A shared page cache for anonymous visitors that is never stale and never shares anything personal.

Never stale: every page is stored with the *generation* current when it was made, a random token kept
in the same cache, and served only while that is still the current one (both are read in one MGET).
Any content change replaces the token once its transaction commits (see `portal.cachepurge`), so
every page stored before is dead at once, on every web process: no list of URLs to work out, nothing
to forget when a new page type shows an award or a setting. A request that read the old token can
only ever store its page with the old one.

Never personal:
- a request carrying a session or messages cookie (signed in, or a message waiting) is never answered
  from the cache and its page is never stored;
- a response is stored only if it sets no cookie (a CSRF token, a message read, a session all set or
  clear one) and its Cache-Control does not forbid it (`never_cache` pages: alert management,
  registrations);
- parts that change with every registration (event places left) are stored as markers and filled in
  for each request, hit or miss (`live_fragment`).

Redis down: pages are served by Django as if there were no cache, and a warning is logged (at most
once a minute per process, so an outage under load does not flood the log).
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe

from .cache import ThrottledWarning

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Headers a stored page keeps; hop-by-hop and per-request headers are left out.
SKIPPED_HEADERS = {"content-length", "date", "x-page-cache"}
FORBIDDING_DIRECTIVES = ("private", "no-store", "no-cache")

_pending_purge = False


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


warn_unreachable = ThrottledWarning(logger, "The page cache is unreachable, so pages are served without it: %s")


def lookup(cache, key):
    """The current generation and the page stored under `key` if it belongs to that generation.

    One round trip to Redis (MGET): a hit costs no more than that.
    """
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First use, or Redis lost its data: any fresh token is right, since no page is stored with it.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        return cache.get(GENERATION_KEY), None
    stored = found.get(key)
    if stored is None or stored["generation"] != generation:
        return generation, None
    return generation, stored


def purge_all():
    """Make every stored page unreachable. Safe to call often: it is one write.

    If Redis is down, the purge is remembered and retried by this process at its next request (pages
    stored before the outage could otherwise come back with it).
    """
    global _pending_purge
    if not settings.PAGE_CACHE_ENABLED:
        return
    try:
        page_cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        _pending_purge = False
    except Exception as error:  # redis-py raises several connection errors; all mean "unreachable"
        _pending_purge = True
        warn_unreachable(error)


def page_key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{hashlib.sha256(address.encode()).hexdigest()}"


def request_is_shareable(request):
    """Could this request be answered with a page everyone gets? Decided before any view runs."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    if request.path_info.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    return not any(name in cookies for name in (settings.SESSION_COOKIE_NAME, "messages"))


def response_is_shareable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in FORBIDDING_DIRECTIVES):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"cookie", "accept-encoding"}


# Live fragments: name -> function(keys) -> {key: html}, registered by the app that owns the data.
LIVE_FRAGMENTS = {}
LIVE_MARKER = re.compile(rb"<!--live:([a-z_.]+):([\w-]+)-->")


def register_live_fragment(name, render_many):
    LIVE_FRAGMENTS[name] = render_many


def live_fragment(request, name, key):
    """The fragment itself, or a marker that the middleware fills in for each request."""
    if getattr(request, "live_fragments", None) is None:  # rendered outside the page cache (emails, tests)
        return mark_safe(LIVE_FRAGMENTS[name]([key])[key])  # noqa: S308 - the renderers escape their output
    request.live_fragments = True
    return mark_safe(f"<!--live:{name}:{key}-->")  # noqa: S308 - name and key are ours


def fill_live_fragments(content):
    wanted = {}
    for match in LIVE_MARKER.finditer(content):
        wanted.setdefault(match.group(1).decode(), set()).add(match.group(2).decode())
    rendered = {}
    for name, keys in wanted.items():
        for key, html in LIVE_FRAGMENTS[name](sorted(keys)).items():
            rendered[(name, key)] = html.encode()
    return LIVE_MARKER.sub(lambda match: rendered[(match.group(1).decode(), match.group(2).decode())], content)


def mark_shared(response, has_live_fragments):
    """Cache-Control for a page everyone gets: a CDN may keep it briefly; browsers always ask again.
    Pages with live fragments must come back to us every time."""
    if has_live_fragments:
        patch_cache_control(response, no_cache=True, public=True)
    else:
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_CDN_SECONDS)


class PageCacheMiddleware:
    """Answer anonymous GETs from the shared cache, store shareable pages, fill in live fragments."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.live_fragments = False
        if not settings.PAGE_CACHE_ENABLED or not request_is_shareable(request):
            response = self.get_response(request)
            return self.finish(request, response, stored=None)

        cache = page_cache()
        key = page_key(request)
        generation = stored = None
        try:
            if _pending_purge:
                purge_all()
            generation, stored = lookup(cache, key)
        except Exception as error:
            warn_unreachable(error)
        if stored is not None:
            request.live_fragments = stored["live"]
            return self.finish(request, rebuild(stored), stored=True)

        response = self.get_response(request)
        if generation is not None and response_is_shareable(response):
            mark_shared(response, request.live_fragments)
            try:
                # Stored with the generation read *before* the page was made: if content changed
                # meanwhile, the purge has already moved the generation on and this copy is never served.
                page = snapshot(response, request.live_fragments, generation)
                cache.set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception as error:
                warn_unreachable(error)
            return self.finish(request, response, stored=False)
        return self.finish(request, response, stored=None)

    def finish(self, request, response, stored):
        if stored is not None:
            response["X-Page-Cache"] = "hit" if stored else "miss"
        elif "Cache-Control" not in response and (response.cookies or request.COOKIES):
            # Personal to this visitor, or may be: a CDN in front must not keep it.
            patch_cache_control(response, private=True)
        if request.live_fragments and not response.streaming:
            response.content = fill_live_fragments(response.content)
        if not response.streaming:
            # Filling in fragments changes the length, and a rebuilt page has none yet.
            response["Content-Length"] = str(len(response.content))
        return response


def snapshot(response, has_live_fragments, generation):
    headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
    return {
        "generation": generation,
        "status": response.status_code,
        "headers": headers,
        "content": response.content,
        "live": has_live_fragments,
    }


def rebuild(stored):
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    return response
