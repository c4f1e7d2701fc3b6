"""Fixtures for the serving tests (page cache, security headers): the events app's event and its index."""

from tests.events.conftest import event, event_index, partner  # noqa: F401 (fixtures used by these tests)
