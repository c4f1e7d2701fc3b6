"""Tell alert subscribers who opted in to events about a newly published Meet the Buyer event.

The alerts app decides who fits (organisers, places and CPV divisions, see docs/alerts.md) and keeps a
ledger so that each subscriber hears about an event once, however often the buyer republishes it.
"""

from alerts.delivery import send_event_notices
from alerts.matching import subscribers_for_event
from events.models import EventPage
from portal import clock


def event_topics(event):
    """Locations and CPV divisions of the opportunities and lots the event is about (three small queries)."""
    opportunities = list(event.opportunities.prefetch_related("locations", "lots__cpv_codes", "lots__locations"))
    lots = list(event.lots.prefetch_related("cpv_codes", "locations"))
    for opportunity in opportunities:
        lots.extend(opportunity.lots.all())
    location_ids = {place.pk for opportunity in opportunities for place in opportunity.locations.all()}
    location_ids |= {place.pk for lot in lots for place in lot.locations.all()}
    divisions = {code.division for lot in lots for code in lot.cpv_codes.all()}
    divisions |= {o.main_cpv.division for o in opportunities if o.main_cpv_id and o.main_cpv}
    return location_ids, divisions


def announce_event(event_id):
    """Email fitting subscribers about an upcoming, live event; returns how many were told now."""
    event = EventPage.objects.live().filter(pk=event_id, start__gt=clock.now()).first()
    if event is None:
        return 0
    organisation_ids = {event.organiser_id, *event.co_organisers.values_list("pk", flat=True)}
    location_ids, divisions = event_topics(event)
    subscriptions = subscribers_for_event(organisation_ids, location_ids, divisions)
    place = "Online" if not event.is_in_person else event.venue_name
    details = {
        "title": event.title,
        "url": event.url,
        "starts_at": event.start,
        "place": place,
        "summary": event.summary,
    }
    return send_event_notices(f"event-{event.pk}", details, subscriptions)
