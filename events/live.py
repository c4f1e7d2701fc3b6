"""Places left at an event, filled in for every request even when the rest of the page is cached.

Every registration changes the count, so it is never stored with a page (portal/pagecache.py): pages
carry a marker per event, and this renders all of a page's markers with one query.
"""

from django.db.models import Count, Q
from django.template.loader import render_to_string

from portal.pagecache import register_live_fragment

NAME = "events.places"
VARIANTS = {"page", "listing", "button"}


def key(event, variant):
    return f"{event.pk}-{variant}"


def render_places(keys):
    from events.models import EventPage, Registration

    wanted = [(int(event_id), variant) for event_id, variant in (key.split("-", 1) for key in keys)]
    events = EventPage.objects.filter(pk__in={event_id for event_id, _ in wanted}).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED))
    )
    by_id = {event.pk: event for event in events.only("pk", "capacity")}
    rendered = {}
    for event_id, variant in wanted:
        event = by_id.get(event_id)
        left = max(event.capacity - event.confirmed, 0) if event else 0
        context = {"variant": variant, "left": left, "capacity": event.capacity if event else 0}
        rendered[f"{event_id}-{variant}"] = render_to_string("events/includes/places_left.html", context).strip()
    return rendered


register_live_fragment(NAME, render_places)
