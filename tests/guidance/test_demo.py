"""The demo content: useful, complete, and safe to seed twice."""

import pytest

from guidance import demo
from guidance.content.guides import GUIDES
from guidance.models import CommonStatement, GlossaryTerm, GuidancePage, SupportProvider, Topic
from portal import demo as portal_demo
from portal.models import StandardPage
from portal.readability import plain_text, reading_age

pytestmark = pytest.mark.django_db


def test_seed_is_complete_and_idempotent(client):
    messages = []
    portal_demo.seed(messages.append)
    demo.seed(messages.append)
    demo.seed(messages.append)

    guides = GuidancePage.objects.live()
    assert guides.count() >= 10
    assert {guide.topic for guide in guides} == set(Topic.values)
    assert GlossaryTerm.objects.count() >= 20
    assert SupportProvider.objects.count() == 6
    assert all(provider.services.exists() and provider.areas.exists() for provider in SupportProvider.objects.all())

    statement = CommonStatement.current()
    assert CommonStatement.objects.count() == 1
    assert sorted(s.organisation.slug for s in statement.signatories.all()) == sorted(
        slug for slug, *_ in portal_demo.ORGANISATIONS
    )
    assert len(statement.published_versions()) == 1  # seeding again does not add versions
    assert any(f"guide {len(GUIDES)}/{len(GUIDES)}" in message for message in messages)

    for slug in ("accessibility", "privacy", "cookies"):
        assert StandardPage.objects.get(slug=slug).body, slug
    accessibility = client.get("/accessibility/").content.decode()
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website",
        "Compliance status",
        "Non-accessible content",
        "What we",
        "Preparation of this accessibility statement",
    ):
        assert heading in accessibility, heading
    assert "csrftoken" in client.get("/cookies/").content.decode()
    privacy = client.get("/privacy/").content.decode()
    assert "Email alerts" in privacy and "Event registrations" in privacy

    for url in ("/guidance/", "/guidance/glossary/", "/support/", "/statement/"):
        assert client.get(url).status_code == 200, url
    for guide in guides:
        assert client.get(guide.url).status_code == 200, guide.url
        # The demo is the editors' example: its words must pass the check editors are held to.
        assert reading_age(plain_text(guide.body)) <= 12, guide.slug


def test_demo_summaries_meet_the_reading_age_target():
    too_hard = {guide["slug"]: reading_age(guide["summary"]) for guide in GUIDES if reading_age(guide["summary"]) > 12}
    assert too_hard == {}
