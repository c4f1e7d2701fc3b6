"""Events: listing, event page, feed and registration times through the full stack.

Registration time includes taking the event's row lock and rendering the confirmation email; on
PostgreSQL (DATABASE_URL) it is the figure that matters for a popular event opening.
"""

import statistics
import time
import uuid

from bench._harness import percentile, report, setup_django, test_database, time_requests

EVENTS = 200
REGISTRATIONS = 100


def main():
    setup_django()
    from django.test import Client

    from events.factories import EventPageFactory, PartnerFactory, RegistrationFactory
    from events.models import EventIndexPage
    from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory
    from tests.conftest import ensure_home_page

    with test_database():
        home = ensure_home_page()
        home.add_child(instance=EventIndexPage(title="Events", slug="events"))
        index = OrganisationIndexPageFactory(parent=home)
        organisations = [OrganisationPageFactory(parent=index) for _ in range(8)]
        partner = PartnerFactory(slug="chamber")
        events = []
        for number in range(EVENTS):
            event = EventPageFactory(parent=organisations[number % 8], capacity=REGISTRATIONS // 2)
            event.partners.add(partner)
            events.append(event)
        for event in events[:20]:
            RegistrationFactory.create_batch(10, event=event, partner=partner)
        print(f"{EVENTS} events, 200 registrations", flush=True)

        client = Client()
        report("events listing", *time_requests(client, ["/events/"] * 30))
        report(
            "events listing, filtered", *time_requests(client, ["/events/?type=meet_the_buyer&partner=chamber"] * 30)
        )
        report("event pages", *time_requests(client, [event.url for event in events[:50]]))
        report("calendar feed (all events)", *time_requests(client, ["/events/calendar.ics"] * 10))
        report("partner page", *time_requests(client, ["/partners/chamber/"] * 20))

        target = events[-1]
        times = []
        for number in range(REGISTRATIONS):
            data = {
                "name": f"Person {number}",
                "business_name": "Bench Ltd",
                "email": f"bench{number}@example.com",
                "business_size": "micro",
                "business_type": "private",
                "sector": "Cleaning",
                "postcode": "PR1 2AB",
                "consent": "on",
                "submission_key": str(uuid.uuid4()),
            }
            start = time.perf_counter()
            response = client.post(f"/events/{target.pk}/register/", data)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302, response.status_code
        print(
            f"registration (half confirmed, half waitlisted): n={len(times)} p50={statistics.median(times):.1f} ms "
            f"p95={percentile(times, 0.95):.1f} ms",
            flush=True,
        )
