"""The shared page cache on the real Redis (127.0.0.1:6379, database 4 unless REDIS_TEST_URL says).

It must answer repeat visits from the cache, never show a page older than the last change, and never
hand one visitor's CSRF token, message or places count to another.
"""

import logging
import os
import re
import subprocess
import sys

import pytest

from django.core.cache import cache
from django.test import Client

from events.factories import EventPageFactory
from events.models import Registration
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from portal import pagecache
from portal.factories import StandardPageFactory
from portal.models import PortalSettings
from portal.settings.base import redis_caches
from tests.events.conftest import registration_post

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/4")


@pytest.fixture
def shared_cache(settings):
    """The production arrangement: Redis as the default cache, with the page cache on."""
    settings.CACHES = redis_caches(REDIS_TEST_URL, "portal-test")
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_ALIAS = "pages"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change and then what its commit runs (the purge), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def visit(client, url):
    response = client.get(url)
    return response, response.get("X-Page-Cache")


@pytest.fixture
def standard_page(home):
    page = StandardPageFactory(parent=home, title="About the partnership", slug="about")
    page.save_revision().publish()
    return page


def test_redis_url_switches_on_the_redis_cache_and_the_page_cache():
    """REDIS_URL as an operator sets it: the settings pick Redis (the redis package is installed) and it works."""
    probe = (
        "import django; django.setup(); from django.conf import settings; from django.core.cache import cache; "
        "cache.set('redis-url-probe', {'answer': 42}); "
        "from django.core.cache import caches; "
        "print(type(caches['default']).__name__, settings.PAGE_CACHE_ENABLED, cache.get('redis-url-probe')['answer'])"
    )
    env = {**os.environ, "REDIS_URL": REDIS_TEST_URL, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=settings_root(), capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["TolerantRedisCache", "True", "42"], result.stderr[-2000:]


def settings_root():
    from django.conf import settings

    return settings.BASE_DIR


def test_a_second_anonymous_visit_is_answered_from_the_cache(shared_cache, standard_page):
    first, first_state = visit(Client(), "/about/")
    second, second_state = visit(Client(), "/about/")
    assert (first_state, second_state) == ("miss", "hit")
    assert second.content == first.content
    assert b"About the partnership" in second.content
    # A CDN may keep it for a minute; a browser must ask again.
    assert "public" in second["Cache-Control"] and "s-maxage=60" in second["Cache-Control"]
    assert "max-age=0" in second["Cache-Control"]
    # Security headers are stored with the page.
    assert "Content-Security-Policy" in second and "Permissions-Policy" in second


def test_a_page_is_never_stale_after_a_publish(shared_cache, standard_page, committed):
    assert visit(Client(), "/about/")[1] == "miss"
    assert visit(Client(), "/about/")[1] == "hit"

    standard_page.title = "About the Northshire partnership"
    with committed():
        standard_page.save_revision().publish()

    response, state = visit(Client(), "/about/")
    assert state == "miss"
    assert b"About the Northshire partnership" in response.content


def test_unpublishing_or_deleting_a_page_takes_it_off_at_once(shared_cache, standard_page, committed):
    visit(Client(), "/about/")
    assert visit(Client(), "/about/")[1] == "hit"
    with committed():
        standard_page.unpublish()
    assert Client().get("/about/").status_code == 404

    with committed():
        standard_page.save_revision().publish()
    visit(Client(), "/about/")
    assert visit(Client(), "/about/")[1] == "hit"
    with committed():
        standard_page.delete()
    assert Client().get("/about/").status_code == 404


def test_moving_a_page_purges_the_old_address(shared_cache, home, standard_page, committed):
    parent = StandardPageFactory(parent=home, title="Our work", slug="our-work")
    parent.save_revision().publish()
    visit(Client(), "/about/")
    assert visit(Client(), "/about/")[1] == "hit"
    standard_page.refresh_from_db()
    with committed():
        standard_page.move(parent, pos="last-child")
    old_address = Client().get("/about/")  # Wagtail leaves a redirect behind, not the stored page
    assert (old_address.status_code, old_address["Location"]) == (301, "/our-work/about/")
    assert Client().get("/our-work/about/").status_code == 200


def test_an_award_shows_at_once_on_the_cached_opportunity_page(shared_cache, organisation, committed):
    opportunity = OpportunityPageFactory(parent=organisation, title="Office cleaning")
    lot = LotFactory(opportunity=opportunity, title="North offices")
    opportunity.save_revision().publish()
    url = opportunity.get_url()
    visit(Client(), url)
    assert visit(Client(), url)[1] == "hit"

    with committed():
        AwardFactory(lot=lot, supplier_name="Sparkle Co-operative Ltd")

    response, state = visit(Client(), url)
    assert state == "miss"
    assert b"Sparkle Co-operative Ltd" in response.content


def test_a_site_settings_change_shows_on_every_cached_page(shared_cache, home, standard_page, committed):
    visit(Client(), "/")
    visit(Client(), "/about/")
    assert visit(Client(), "/")[1] == "hit"

    site_settings = PortalSettings.load()
    site_settings.brand_name = "Northshire Buys Local"
    with committed():
        site_settings.save()

    for url in ("/", "/about/"):
        response, state = visit(Client(), url)
        assert state == "miss"
        assert b"Northshire Buys Local" in response.content


def test_forms_with_a_csrf_token_are_never_shared(shared_cache, event):
    first = Client()
    second = Client()
    url = f"/events/{event.pk}/register/"
    page_one, state_one = visit(first, url)
    page_two, state_two = visit(second, url)
    assert state_one is None and state_two is None  # not even looked up: the response sets a cookie
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(page_one.content).group(1) != token.search(page_two.content).group(1)
    assert "private" in page_two["Cache-Control"]
    # Each person's own token works.
    response = registration_post(event, second, csrfmiddlewaretoken=token.search(page_two.content).group(1).decode())
    assert response.status_code == 302


def test_a_message_is_shown_only_to_the_person_it_is_for(shared_cache, event):
    from events import links

    registrant = Client()
    registration_post(event, registrant)
    registration = Registration.objects.get()
    # Cancel, but look at the event page before the registration page that normally shows the message.
    registrant.post(links.cancel_path(registration))
    own_page = registrant.get(event.get_url())
    assert b"Your registration is cancelled" in own_page.content
    assert own_page.get("X-Page-Cache") is None

    for _ in range(2):
        someone_else = Client().get(event.get_url())
        assert b"Your registration is cancelled" not in someone_else.content
    assert someone_else["X-Page-Cache"] == "hit"


def test_places_left_are_counted_for_every_visitor_on_a_cached_page(shared_cache, organisation, event_index):
    grounds = EventPageFactory(parent=organisation, title="Meet the buyer: grounds", capacity=2)
    grounds.save_revision().publish()
    url = grounds.get_url()
    visit(Client(), url)
    assert b"2 of 2 left" in Client().get(url).content

    registration_post(grounds, Client(), email="first@example.com")
    response, state = visit(Client(), url)
    assert state == "hit"  # a registration does not purge the page...
    assert b"1 of 2 left" in response.content  # ...and the count is still right
    assert int(response["Content-Length"]) == len(response.content)

    registration_post(grounds, Client(), email="second@example.com")
    response = Client().get(url)
    assert b"Full. You can join the waiting list" in response.content
    assert b"Join the waiting list" in response.content
    assert "no-cache" in response["Cache-Control"]  # a CDN must ask us every time


def test_signed_in_people_get_their_own_page(shared_cache, client, superuser, standard_page):
    visit(Client(), "/about/")
    client.force_login(superuser)
    response, state = visit(client, "/about/")
    assert state is None
    assert "private" in response["Cache-Control"]
    assert b"wagtail-userbar" in response.content or b"userbar" in response.content


def test_personal_pages_are_never_stored(shared_cache, event):
    from events import links

    registration_post(event, Client())
    url = links.registration_path(Registration.objects.get())
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None
        assert "no-store" in response["Cache-Control"]


def test_with_redis_unreachable_pages_are_served_and_a_warning_logged(
    settings, standard_page, organisation, event, caplog, committed
):
    opportunity = OpportunityPageFactory(parent=organisation, title="Office cleaning")
    opportunity.save_revision().publish()
    settings.CACHES = redis_caches("redis://127.0.0.1:1/4", "portal-test")  # nothing listens on port 1
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_ALIAS = "pages"
    pagecache.warn_unreachable.reset()
    with caplog.at_level(logging.WARNING):
        # Every kind of page asks the cache for something (Wagtail keeps the site's root paths there).
        for url in ("/about/", "/", opportunity.get_url(), event.get_url(), f"/events/{event.pk}/register/"):
            response = Client().get(url)
            assert response.status_code == 200, url
    assert b"Register" in response.content
    assert any("page cache is unreachable" in record.getMessage() for record in caplog.records)

    # A change while Redis is down is remembered, not lost.
    standard_page.title = "Changed while Redis was down"
    with committed():
        standard_page.save_revision().publish()
    assert pagecache._pending_purge
    pagecache._pending_purge = False


def test_a_background_task_that_rewrites_the_search_index_purges_but_an_email_task_does_not(
    shared_cache, standard_page, organisation, committed
):
    """The finder's index is written in bulk by a task (no model signal); its finishing must purge."""
    from alerts.tasks import send_immediate
    from finder.indexing import refresh_opportunity

    opportunity = OpportunityPageFactory(parent=organisation, title="Office cleaning")
    with committed():
        opportunity.save_revision().publish()
    visit(Client(), "/about/")
    assert visit(Client(), "/about/")[1] == "hit"

    with committed():
        send_immediate.enqueue()
    assert visit(Client(), "/about/")[1] == "hit"  # sending emails changes no page

    with committed():
        refresh_opportunity.enqueue(opportunity.pk)
    assert visit(Client(), "/about/")[1] == "miss"


def test_publishing_sends_a_purge_to_the_caching_proxy_in_front(settings, standard_page, committed):
    """Wagtail's frontend cache, against a real HTTP server standing in for Varnish."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    purged = []

    class Proxy(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            purged.append((self.path, self.headers["Host"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.WAGTAILFRONTENDCACHE = {
            "proxy": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{server.server_port}",
            }
        }
        standard_page.title = "About the Northshire partnership"
        with committed():
            standard_page.save_revision().publish()
        with committed():
            standard_page.unpublish()
    finally:
        server.shutdown()
        server.server_close()
    assert [path for path, _ in purged] == ["/about/", "/about/"]
    assert purged[0][1] == "localhost"
