"""Security headers on every kind of page, and the admin sign-in throttle.

The Content-Security-Policy allows scripts only from our own files, so every page must work without
an inline script; the embeddable event and supplier listings alone may be framed by other sites.
"""

import logging
import re

import pytest

from django.test import Client

from events.models import Registration
from finder.models import FinderPage
from guidance.factories import GuidanceIndexPageFactory, StatementPageFactory
from insights.models import InsightsPage
from opportunities.factories import LotFactory, OpportunityPageFactory
from portal.factories import StandardPageFactory, UserFactory
from tests.events.conftest import registration_post

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)


@pytest.fixture
def every_page_type(home, organisation, event, event_index, partner):
    standard = StandardPageFactory(parent=home, title="About us", slug="about")
    opportunity = OpportunityPageFactory(parent=organisation, title="Office cleaning")
    LotFactory(opportunity=opportunity)
    opportunity.save_revision().publish()
    home.add_child(instance=FinderPage(title="Find opportunities", slug="opportunities"))
    home.add_child(instance=InsightsPage(title="Where the money goes", slug="insights"))
    GuidanceIndexPageFactory(parent=home)
    StatementPageFactory(parent=home)
    registration_post(event, Client())
    registration = Registration.objects.get()
    from events import links

    return {
        "home page": "/",
        "standard page": standard.get_url(),
        "buyer page": organisation.get_url(),
        "opportunity page": opportunity.get_url(),
        "finder": "/opportunities/?q=cleaning",
        "events listing": event_index.get_url(),
        "event page": event.get_url(),
        "event registration form": f"/events/{event.pk}/register/",
        "a registration (personal)": links.registration_path(registration),
        "alerts sign-up form": "/alerts/subscribe/",
        "insights": "/insights/",
        "guidance": "/guidance/",
        "page not found": "/no-such-page/",
        "embeddable events": "/events/embed/",
        "supplier directory": "/suppliers/",
        "embeddable suppliers": f"/suppliers/embed/?partner={partner.slug}",
    }


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_type_sends_the_policy_and_has_no_inline_script(every_page_type):
    for name, url in every_page_type.items():
        response = Client().get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        assert "Content-Security-Policy" in response, name
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], name
        assert policy["object-src"] == ["'none'"], name
        assert "Permissions-Policy" in response and "camera=()" in response["Permissions-Policy"], name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert not INLINE_SCRIPT.search(response.content), f"{name} has an inline script"
        if name.startswith("embeddable"):
            assert policy["frame-ancestors"] == ["*"]
            assert "X-Frame-Options" not in response
        else:
            assert policy["frame-ancestors"] == ["'none'"], name
            assert response["X-Frame-Options"] == "DENY", name


def test_the_admin_sign_in_is_throttled_after_repeated_failures(db, caplog):
    UserFactory(username="editor", password="correct-horse-battery", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.9")
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(4):
            response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
            assert response.status_code == 200  # the form again, with its error
        assert client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code == 429
    # Now even the right password is refused, with a clear message.
    locked = client.post("/admin/login/", {"username": "editor", "password": "correct-horse-battery"})
    assert locked.status_code == 429
    assert b"Too many attempts to sign in" in locked.content
    assert b"an hour" in locked.content
    assert any("203.0.113.9" in record.getMessage() for record in caplog.records)

    # Someone else, from another address, can still sign in.
    other = Client(REMOTE_ADDR="198.51.100.7")
    UserFactory(username="buyer", password="correct-horse-battery", is_staff=True)
    response = other.post("/admin/login/", {"username": "buyer", "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_the_throttle_counts_the_visitor_behind_the_proxies(db, settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="editor", password="correct-horse-battery", is_staff=True)
    # Every request arrives from the load balancer's address; the visitor is in X-Forwarded-For.
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9")
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(5):
            attacker.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert attacker.post("/admin/login/", {"username": "editor", "password": "x"}).status_code == 429
    assert any("203.0.113.9" in record.getMessage() for record in caplog.records)

    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = colleague.post("/admin/login/", {"username": "editor", "password": "correct-horse-battery"})
    assert response.status_code == 302  # same proxy, different visitor: not locked out


def test_alert_sign_ups_are_limited_per_visitor_behind_the_proxies(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALERTS_IP_LIMIT = 2
    from django.test import RequestFactory

    from alerts.ratelimit import allow, client_ip

    visitor = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    neighbour = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert [allow("ip", client_ip(visitor), 2, 3600) for _ in range(3)] == [True, True, False]
    assert allow("ip", client_ip(neighbour), 2, 3600)
