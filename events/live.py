"""Places left at an event, filled in for every request even when the rest of the page is cached.

Every registration changes the count, so it is never stored with a page (portal/pagecache.py): pages
carry a marker per event, and this renders all of a page's markers with one query.
"""

from django.db.models import Count
from django.template.loader import render_to_string

from portal.pagecache import register_live_fragment

NAME = "events.places"
VARIANTS = {"page", "listing", "button"}


def key(event, variant):
    # The capacity rides in the marker: it is page content (editing it purges the page), so the
    # per-request work is one count of confirmed registrations.
    return f"{event.pk}-{variant}-{event.capacity}"


def render_places(keys):
    from events.models import Registration

    wanted = []
    for marker in keys:
        event_id, variant, capacity = marker.split("-")
        wanted.append((marker, int(event_id), variant, int(capacity)))
    confirmed = dict(
        Registration.objects.filter(event_id__in={event_id for _, event_id, _, _ in wanted})
        .filter(status=Registration.Status.CONFIRMED)
        .order_by()
        .values("event_id")
        .annotate(count=Count("pk"))
        .values_list("event_id", "count")
    )
    rendered = {}
    for marker, event_id, variant, capacity in wanted:
        context = {"variant": variant, "left": max(capacity - confirmed.get(event_id, 0), 0), "capacity": capacity}
        rendered[marker] = render_to_string("events/includes/places_left.html", context).strip()
    return rendered


register_live_fragment(NAME, render_places)
