"""Demo events: eight events across the anchors, a chamber and an FSB region, two of them full.

Idempotent: events are looked up by slug under their organisation and registrations by email, so
running it again updates rather than duplicates. Dates are set relative to today, at fixed times.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from events.models import EventIndexPage, EventPage, Partner, Registration
from portal import clock
from portal.demo import home_page, upsert_child
from portal.models import OrganisationPage

PARTNERS = [
    (
        "northshire-chamber",
        "Northshire Chamber of Commerce",
        Partner.Kind.CHAMBER,
        "https://northshire-chamber.example.org",
        "Helps businesses across Northshire grow, trade and connect.",
    ),
    (
        "fsb-north-west",
        "FSB North West",
        Partner.Kind.FSB,
        "https://fsb-north-west.example.org",
        "The Federation of Small Businesses in the North West.",
    ),
]

VENUE = {
    "venue_name": "Northshire Town Hall",
    "venue_address": "Market Square\nNorthshire",
    "venue_postcode": "PR1 2AB",
}
ONLINE = {"attendance_mode": "online", "joining_url": "https://meet.example.org/northshire-buyers"}

# (organisation slug, event slug, title, type, days from today, start hour, hours long, places, registrations,
#  partner slugs, extra fields)
EVENTS = [
    (
        "northshire-borough-council",
        "meet-the-buyer-spring",
        "Meet the Buyer: Northshire Borough Council",
        "meet_the_buyer",
        12,
        10,
        3,
        40,
        26,
        ["northshire-chamber", "fsb-north-west"],
        {**VENUE, "step_free": True, "hearing_loop": True},
    ),
    (
        "northshire-borough-council",
        "grounds-maintenance-market-engagement",
        "Grounds maintenance contracts: tell us what works for you",
        "market_engagement",
        20,
        14,
        2,
        15,
        18,
        ["fsb-north-west"],
        {**VENUE, "step_free": True, "quiet_room": True},
    ),
    (
        "westmoor-county-council",
        "bid-writing-basics",
        "Bid-writing basics for small firms",
        "bid_writing",
        9,
        9,
        3,
        12,
        15,
        ["northshire-chamber"],
        {
            "venue_name": "Westmoor Enterprise Centre",
            "venue_address": "Mill Lane\nWestmoor",
            "venue_postcode": "BB1 4QT",
            "step_free": True,
            "bsl_interpreter": True,
        },
    ),
    (
        "university-of-northshire",
        "selling-to-the-university",
        "Selling to the university: a webinar",
        "webinar",
        5,
        12,
        1,
        100,
        31,
        ["northshire-chamber"],
        ONLINE,
    ),
    (
        "northshire-teaching-hospitals-nhs-trust",
        "nhs-facilities-pipeline",
        "NHS facilities services: contracts coming up",
        "market_engagement",
        30,
        10,
        2,
        60,
        8,
        [],
        {
            **ONLINE,
            "attendance_mode": "hybrid",
            "venue_name": "Royal Northshire Hospital Education Centre",
            "venue_address": "Hospital Road\nNorthshire",
            "venue_postcode": "PR2 9HT",
            "step_free": True,
        },
    ),
    (
        "homes-for-northshire",
        "repairs-and-voids-meet-the-buyer",
        "Meet the Buyer: repairs and empty homes",
        "meet_the_buyer",
        41,
        10,
        4,
        50,
        12,
        ["fsb-north-west"],
        {**VENUE, "step_free": True},
    ),
    (
        "northshire-police",
        "police-fleet-and-uniforms",
        "Police fleet, uniforms and IT: supplier day",
        "meet_the_buyer",
        55,
        13,
        3,
        30,
        0,
        ["northshire-chamber", "fsb-north-west"],
        {
            "venue_name": "Northshire Police Headquarters",
            "venue_address": "Bridge Street\nNorthshire",
            "venue_postcode": "PR1 3PL",
            "step_free": True,
            "hearing_loop": True,
        },
    ),
    (
        "northshire-college",
        "college-suppliers-evening-autumn",
        "College suppliers' evening",
        "meet_the_buyer",
        -35,
        17,
        2,
        25,
        19,
        ["northshire-chamber"],
        {
            "venue_name": "Northshire College Main Hall",
            "venue_address": "College Way\nNorthshire",
            "venue_postcode": "PR3 1CW",
        },
    ),
]

FIRST_NAMES = ["Alex", "Sam", "Priya", "Tom", "Grace", "Jamal", "Ewa", "Liam", "Aisha", "Kate", "Owen", "Mei"]
SECTORS = ["Cleaning", "IT support", "Catering", "Building repairs", "Grounds maintenance", "Printing", "Training"]
SIZES = ["sole_trader", "micro", "micro", "small", "medium"]
TYPES = ["private", "private", "coop", "social_enterprise", "vcse"]


@transaction.atomic
def working_day(day, today):
    """The day itself on a weekday; a weekend moves away from today (to Monday ahead, Friday behind), so a
    future event stays in the future and a past one in the past."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1 if day >= today else -1)
    return day


def seed(progress=print):
    home = home_page()
    upsert_child(
        home,
        EventIndexPage,
        "events",
        title="Events",
        intro="Meet the people who buy for public bodies in Northshire, and learn how to win their contracts.",
    )
    partners = {}
    for slug, name, kind, website, description in PARTNERS:
        partners[slug], _ = Partner.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "website": website, "description": description}
        )
    today = clock.today()
    for position, row in enumerate(EVENTS, start=1):
        org_slug, slug, title, kind, days, hour, hours, places, registrations, partner_slugs, extra = row
        organisation = OrganisationPage.objects.get(slug=org_slug)
        start = timezone.make_aware(
            datetime.datetime.combine(working_day(today + datetime.timedelta(days=days), today), datetime.time(hour))
        )
        event = upsert_child(
            organisation,
            EventPage,
            slug,
            title=title,
            event_type=kind,
            start=start,
            end=start + datetime.timedelta(hours=hours),
            capacity=places,
            summary="Meet the people who buy, hear about contracts coming up and ask your questions.",
            partners=[partners[partner] for partner in partner_slugs],
            **extra,
        )
        add_registrations(event, registrations, [partners[p] for p in partner_slugs])
        progress(f"  event {position}/{len(EVENTS)}: {title}")


def add_registrations(event, count, partners):
    """`count` registrations, confirmed up to the capacity and waitlisted after; every third via a partner."""
    for number in range(count):
        email = f"attendee{number + 1}@{event.slug}.example.com"
        if Registration.objects.filter(event=event, email=email).exists():
            continue
        name = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} Demo{number + 1}"
        Registration.objects.create(
            event=event,
            submission_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{event.slug}:{number}"),
            status="confirmed" if number < event.capacity else "waitlisted",
            attended=event.start < clock.now() and number % 4 != 0,
            partner=partners[number % len(partners)] if partners and number % 3 == 0 else None,
            name=name,
            business_name=f"{name.split()[0]}'s {SECTORS[number % len(SECTORS)]}",
            email=email,
            business_size=SIZES[number % len(SIZES)],
            business_type=TYPES[number % len(TYPES)],
            sector=SECTORS[number % len(SECTORS)],
            postcode="PR1 2AB",
            consented_at=clock.now(),
        )
