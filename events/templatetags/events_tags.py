from django import template

register = template.Library()


@register.filter
def places_left(event):
    """Places still free; uses the listing's `confirmed` annotation when present to save a query."""
    confirmed = getattr(event, "confirmed", None)
    if confirmed is None:
        confirmed = event.confirmed_count()
    return max(event.capacity - confirmed, 0)


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
    from django.utils import timezone

    from events.listing import public_events

    return list(public_events().filter(organiser=organisation, start__gt=timezone.now()).order_by("start")[:limit])
