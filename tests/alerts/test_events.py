"""The hook the events app calls: who wants to hear about a Meet the Buyer event, and telling them once."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone

from alerts.delivery import send_event_notices
from alerts.matching import subscribers_for_event
from tests.alerts.conftest import it_lot

pytestmark = pytest.mark.django_db


def test_subscribers_for_event_uses_the_filters_an_event_shares_with_a_search(
    make_subscription, places, organisation, other_organisation
):
    preston_it = make_subscription("a@example.org", wants_events=True, search={"cpv": ["72"], "location": ["preston"]})
    london = make_subscription("b@example.org", wants_events=True, search={"location": ["tli"]})
    other_buyer = make_subscription("c@example.org", wants_events=True, search={"buyer": [other_organisation.slug]})
    keywords_only = make_subscription("d@example.org", wants_events=True, search={"q": "catering"})
    make_subscription("e@example.org", wants_events=False, search={"cpv": ["72"]})
    make_subscription("f@example.org", wants_events=True, search={"cpv": ["72"]}, confirmed=False)
    make_subscription("g@example.org", wants_events=True, search={"cpv": ["45"]})

    found = subscribers_for_event([organisation.pk], [places["preston"].pk], ["72", "55"])
    assert found == [preston_it, keywords_only]
    everyone_opted_in = subscribers_for_event([], [], [])
    assert set(everyone_opted_in) >= {preston_it, london, other_buyer, keywords_only}


def test_send_event_notices_tells_each_subscriber_once(make_subscription):
    subscription = make_subscription(wants_events=True, search={"q": "catering"})
    event = {
        "title": "Meet the buyers of school meals",
        "url": "/events/meet-the-buyer/",
        "starts_at": timezone.make_aware(datetime.datetime(2027, 1, 14, 10, 0)),
        "place": "Preston Guild Hall",
        "summary": "Talk to the council's catering team.",
    }
    assert send_event_notices("event-1", event, [subscription]) == 1
    assert send_event_notices("event-1", event, [subscription]) == 0
    [message] = mail.outbox
    assert message.subject == "Meet the Buyer event: Meet the buyers of school meals"
    assert "When: Thursday 14 January 2027 at 10am (UK time)" in message.body
    assert "http://testserver/events/meet-the-buyer/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_publishing_an_event_tells_fitting_subscribers_once(
    make_subscription, publish_opportunity, places, organisation, django_capture_on_commit_callbacks
):
    from events.factories import EventPageFactory

    opportunity = publish_opportunity([it_lot(places)])
    fits = make_subscription("fits@example.org", wants_events=True, search={"cpv": ["72"]})
    make_subscription("no-events@example.org", wants_events=False, search={"cpv": ["72"]})
    make_subscription("building@example.org", wants_events=True, search={"cpv": ["45"]})
    event = EventPageFactory(parent=organisation, title="Meet the IT buyers")
    event.opportunities.add(opportunity)
    mail.outbox.clear()

    for _ in range(2):  # republishing must not announce the event again
        with django_capture_on_commit_callbacks(execute=True):
            event.save_revision().publish()

    announcements = [message for message in mail.outbox if "Meet the IT buyers" in message.subject]
    assert [message.to for message in announcements] == [[fits.email]]
    assert "List-Unsubscribe" in announcements[0].extra_headers
