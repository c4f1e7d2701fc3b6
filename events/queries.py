"""Small shared queries other apps use (the home page's count)."""

from django.utils import timezone

from events.models import EventPage


def upcoming_events(now=None):
    return EventPage.objects.live().public().filter(start__gt=now or timezone.now())
