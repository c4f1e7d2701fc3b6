import datetime

import pytest

from django.utils import timezone

from events import demo
from events.models import EventPage, Partner, Registration
from portal import clock
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


@pytest.mark.django_db
@pytest.mark.parametrize("days_after_friday", [0, 1, 2, 3])  # Friday to Monday
def test_demo_events_fall_on_working_days_and_keep_past_and_future(clock_at, home, days_after_friday):
    next_friday = clock.today() + datetime.timedelta(days=(4 - clock.today().weekday()) % 7)
    clock_at(f"{next_friday + datetime.timedelta(days=days_after_friday)} 09:00")
    portal_demo.seed(progress=lambda message: None)
    demo.seed(progress=lambda message: None)
    for (_org, slug, _title, _kind, days, *_rest), event in zip(
        demo.EVENTS, EventPage.objects.order_by("pk"), strict=True
    ):
        assert event.slug == slug
        day = timezone.localdate(event.start)
        assert day.weekday() < 5, f"{slug} is on a {day:%A}"
        assert (day >= clock.today()) == (days >= 0), slug
