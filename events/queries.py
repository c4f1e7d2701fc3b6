"""Small shared queries other apps use (the home page's count)."""

from events.models import EventPage
from portal import clock


def upcoming_events(now=None):
    return EventPage.objects.live().public().filter(start__gt=now or clock.now())
