"""Fifty people registering at the same moment for twenty places: no place is lost or given twice."""

import threading
import uuid

import pytest

from django.db import connection, connections

from events.factories import EventPageFactory
from events.models import Registration
from events.registration import register

PEOPLE = 50
PLACES = 20


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_fill_exactly_the_places(organisation, event_index):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite has no row locks and serialises all writers anyway.")
    event = EventPageFactory(parent=organisation, capacity=PLACES)
    start = threading.Barrier(PEOPLE)
    errors = []

    def person(number):
        try:
            start.wait()
            register(
                event,
                submission_key=uuid.uuid4(),
                name=f"Person {number}",
                business_name=f"Business {number}",
                email=f"person{number}@example.com",
                business_size="micro",
                business_type="private",
                sector="Cleaning",
                postcode="PR1 2AB",
                access_needs="",
            )
        except Exception as error:  # reported below: the test must see every failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(number,)) for number in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == PEOPLE
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == PLACES
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - PLACES
    assert registrations.values("email").distinct().count() == PEOPLE
    # The first twenty to get the lock got the places: nobody confirmed registered after someone waitlisted.
    last_confirmed = registrations.filter(status="confirmed").order_by("-created_at").first()
    first_waiting = registrations.filter(status="waitlisted").order_by("created_at").first()
    assert (last_confirmed.created_at, last_confirmed.pk) <= (first_waiting.created_at, first_waiting.pk)
