"""iCalendar (.ics) files: the invitation in the confirmation email and the public feeds.

Times are written in UTC (with a trailing Z), which every calendar converts to the reader's own
time zone; the page shows them in UK time.
"""

import datetime

from icalendar import Calendar, Event

from django.conf import settings

from portal import clock

PRODID = "-//Local Buying Partnership//Events//EN"


def new_calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_uid(event):
    host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0]
    return f"event-{event.pk}@{host}"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def event_component(event, *, joining_url=""):
    """One VEVENT. The joining link goes in only when the calendar is for a registered attendee."""
    component = Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", clock.now().astimezone(datetime.UTC))
    component.add("dtstart", event.start.astimezone(datetime.UTC))
    component.add("dtend", event.end.astimezone(datetime.UTC))
    component.add("summary", event.title)
    location = event.venue_in_one_line if event.is_in_person else ""
    if joining_url:
        location = f"{location} or online: {joining_url}" if location else f"Online: {joining_url}"
    if location:
        component.add("location", location)
    page_url = absolute(event.url) if event.url else ""
    description = event.summary
    if joining_url:
        description += f"\n\nJoin online: {joining_url}"
    if page_url:
        description += f"\n\nDetails: {page_url}"
        component.add("url", page_url)
    component.add("description", description)
    if event.organiser_id and event.organiser.contact_email:
        component.add("organizer", f"mailto:{event.organiser.contact_email}", parameters={"cn": event.organiser.title})
    return component


def invitation(registration):
    """The .ics attached to a confirmation email: one event, with the joining link if online."""
    event = registration.event
    calendar = new_calendar(event.title)
    calendar.add_component(event_component(event, joining_url=event.joining_url if event.is_online else ""))
    return calendar.to_ical()


def feed(name, events):
    """A subscribable calendar of public events (no joining links)."""
    calendar = new_calendar(name)
    for event in events:
        calendar.add_component(event_component(event))
    return calendar.to_ical()
