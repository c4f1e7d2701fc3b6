from django import template
from django.db.models import Q

from events.listing import events_to_come
from events.models import EventPage
from portal import clock
from portal.formatting import uk_date, uk_time

register = template.Library()


@register.filter
def places_left(event):
    """Places still free; uses the listing's `confirmed` annotation when present to save a query."""
    confirmed = getattr(event, "confirmed", None)
    if confirmed is None:
        confirmed = event.confirmed_count()
    return max(event.capacity - confirmed, 0)


@register.simple_tag(takes_context=True)
def live_places(context, event, variant):
    """Places left (or the register button's words), filled in per request even on a cached page."""
    from events import live
    from portal.pagecache import live_fragment

    return live_fragment(context.get("request"), live.NAME, live.key(event, variant))


@register.simple_tag
def with_ref(url, ref):
    """Add a partner's referral code to a link, so a registration can say who sent the person."""
    if not ref:
        return url
    return f"{url}{'&' if '?' in url else '?'}ref={ref}"


@register.simple_tag(takes_context=True)
def event_url(context, event, ref=""):
    """The event page's address, carrying the referral code when there is one."""
    return with_ref(event.get_url(context.get("request")), ref)


@register.simple_tag
def upcoming_events_of(organisation, limit=3):
    """The next few events an organisation runs, for its landing page."""
    return list(events_to_come().filter(organiser=organisation).order_by("start")[:limit])


@register.simple_tag
def upcoming_event_count():
    """How many events are still to come, for the home page."""
    return events_to_come().count()


@register.simple_tag
def events_linked_to(opportunity, limit=5):
    """Live, not yet finished events linked to an opportunity or one of its lots (one query)."""
    if opportunity.pk is None:  # a preview of a page not saved yet has no links
        return []
    linked = Q(opportunities=opportunity) | Q(lots__opportunity=opportunity)
    events = EventPage.objects.live().filter(linked, end__gte=clock.now()).distinct().order_by("start")
    return list(events[:limit])


# A time in UK time, the GOV.UK way (9am, 2:30pm, midday, midnight), as every page writes it.
register.filter("uk_time", uk_time)


register.filter("uk_date", uk_date)


@register.simple_tag
def event_when(event):
    """When an event runs, in UK time: 'Friday 4 December 2026, 9am to midday'."""
    from django.utils import timezone

    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    text = f"{uk_date(start)}, {uk_time(start)} to {uk_time(end)}"
    if end.date() != start.date():
        text += f" on {uk_date(end)}"
    return text
