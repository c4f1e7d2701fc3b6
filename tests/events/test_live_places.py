"""Places left on a cached page when PostgreSQL has just ended the connection (a restart, a failover)."""

import pytest

from django.db import connection

from events import live
from events.factories import EventPageFactory


@pytest.mark.django_db(transaction=True)
def test_places_left_are_still_shown_after_the_server_ends_the_connection(organisation, event_index):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: it is the server that ends the connection.")
    event = EventPageFactory(parent=organisation, capacity=3)
    marker = live.key(event, "listing")
    assert live.render_places([marker]) == {marker: "3 of 3 left"}

    # As `make bench-load`'s fault does, between a request's health check and its query.
    backend = connection.connection.info.backend_pid
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    other.close()

    assert live.render_places([marker]) == {marker: "3 of 3 left"}
    assert connection.connection.info.backend_pid != backend
