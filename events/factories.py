"""Factories for partners, events and registrations (tests, benchmarks, demo)."""

import datetime
import uuid

import factory
import wagtail_factories

from events.models import AttendanceMode, BusinessSize, BusinessType, EventPage, EventType, Partner, Registration
from portal import clock


class PartnerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Northshire Chamber {n}")
    slug = factory.Sequence(lambda n: f"chamber-{n}")
    kind = Partner.Kind.CHAMBER
    website = "https://chamber.example.org"

    class Meta:
        model = Partner
        django_get_or_create = ("slug",)


class EventPageFactory(wagtail_factories.PageFactory):
    """An in-person Meet the Buyer event a fortnight away; pass `parent=<OrganisationPage>`."""

    title = factory.Sequence(lambda n: f"Meet the buyer {n}")
    event_type = EventType.MEET_THE_BUYER
    summary = "Meet the people who buy for us and hear about contracts coming up."
    start = factory.LazyFunction(lambda: (clock.now() + datetime.timedelta(days=14)).replace(microsecond=0))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=3))
    attendance_mode = AttendanceMode.IN_PERSON
    venue_name = "Town Hall"
    venue_address = "1 Market Street\nNorthshire"
    venue_postcode = "PR1 2AB"
    step_free = True
    capacity = 20

    class Meta:
        model = EventPage


class RegistrationFactory(factory.django.DjangoModelFactory):
    event = None
    submission_key = factory.LazyFunction(uuid.uuid4)
    status = Registration.Status.CONFIRMED
    name = factory.Sequence(lambda n: f"Person {n}")
    business_name = factory.Sequence(lambda n: f"Business {n} Ltd")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    business_size = BusinessSize.MICRO
    business_type = BusinessType.PRIVATE
    sector = "Cleaning"
    postcode = "PR1 2AB"
    consented_at = factory.LazyFunction(clock.now)

    class Meta:
        model = Registration
