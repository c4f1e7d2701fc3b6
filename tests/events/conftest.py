import uuid

import pytest

from events.factories import EventPageFactory, PartnerFactory
from events.models import EventIndexPage


@pytest.fixture
def event_index(home):
    return EventIndexPage.objects.first() or home.add_child(
        instance=EventIndexPage(title="Events", slug="events", intro="Meet the people who buy.")
    )


@pytest.fixture
def partner(db):
    return PartnerFactory(name="Northshire Chamber of Commerce", slug="northshire-chamber")


@pytest.fixture
def event(organisation, event_index, partner):
    event = EventPageFactory(parent=organisation, title="Meet the buyer: council cleaning", capacity=2)
    event.partners.add(partner)
    event.save_revision().publish()
    return event


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and then its on-commit callbacks (the emails), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def submit(client, committed):
    """Send the registration form and run what happens after the commit: submit(event, **fields)."""

    def send(event, **fields):
        with committed():
            return registration_post(event, client, **fields)

    return send


def registration_post(event, client, *, submission_key=None, **overrides):
    """Fill in and send the public registration form as a person would."""

    data = {
        "name": "Alex Smith",
        "business_name": "Smith Cleaning Ltd",
        "email": "alex@example.com",
        "business_size": "micro",
        "business_type": "private",
        "sector": "Office cleaning",
        "postcode": "pr1 2ab",
        "access_needs": "",
        "consent": "on",
        "ref": "",
        "submission_key": str(submission_key or uuid.uuid4()),
        **overrides,
    }
    return client.post(f"/events/{event.pk}/register/", data)
