import pytest

from events import demo
from events.models import EventPage, Partner, Registration
from portal import demo as portal_demo


@pytest.mark.django_db
def test_demo_seeds_events_with_full_ones_and_is_idempotent(home):
    portal_demo.seed(progress=lambda message: None)
    messages = []
    demo.seed(progress=messages.append)
    counts = (EventPage.objects.count(), Partner.objects.count(), Registration.objects.count())
    assert counts[:2] == (8, 2)
    assert len(messages) == 8
    full = [event for event in EventPage.objects.all() if event.registrations.filter(status="waitlisted").exists()]
    assert len(full) >= 2
    for event in full:
        assert event.confirmed_count() == event.capacity
    demo.seed(progress=lambda message: None)
    assert (EventPage.objects.count(), Partner.objects.count(), Registration.objects.count()) == counts
