"""Fixtures shared by the whole suite.

`home` returns the site's home page, creating the page tree root, locale and site when a transactional
test has flushed what the migrations made.

Why they can be missing: Django ends every transactional test (the browser tests, the events
concurrency tests) by flushing every table. `serialized_rollback` only puts the migrations' rows back at
the *start* of a test that asks for it, so an ordinary test that runs after a transactional one finds
the tables empty. Repairing the few rows pages need is far cheaper than serialising the whole database.
"""

import datetime
import json
import os
import zoneinfo

import pytest
import time_machine

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_supported_language_variant

from wagtail.models import Collection, Locale, Page, Site

from opportunities.cpv import SHIPPED_FILE, import_cpv
from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory, UserFactory
from portal.models import CPVCode, HomePage, OrganisationIndexPage


def moved_clock():
    """The moment `PORTAL_TEST_DATE` (an ISO date or date and time, UK time) asks the suite to start at, if any.

    `make test-dates` runs the whole suite at other dates this way, to prove no test depends on today.
    """
    moved = os.environ.get("PORTAL_TEST_DATE")
    if not moved:
        return None
    moment = datetime.datetime.fromisoformat(moved)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    return moment


def pytest_configure(config):
    # tick=True: time passes from the moved moment as usual, so timeouts and ordering still work. The
    # travel patches the system clock itself, so the live server's threads see the same moment.
    moment = moved_clock()
    if moment is not None:
        time_machine.travel(moment, tick=True).start()


def pytest_report_header(config):
    moment = moved_clock()
    return f"clock moved to {moment.isoformat()} (PORTAL_TEST_DATE)" if moment else None


def ensure_home_page():
    # After a transactional test the tables are empty (see the module docstring); put back what pages need.
    if not CPVCode.objects.exists():
        import_cpv(SHIPPED_FILE)
    Locale.objects.get_or_create(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Home", slug="home")
        root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Leave the CPV list out of the snapshot that `serialized_rollback` tests restore.

    Django restores that snapshot one row at a time (an UPDATE, then an INSERT, per row): the 9,454 CPV
    codes alone cost nearly 19,000 queries at the start of every browser test. `ensure_home_page` loads
    them again with a few bulk inserts instead.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            rows = [row for row in json.loads(contents) if row["model"] != "portal.cpvcode"]
            connection._test_serialized_contents = json.dumps(rows)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counts and cached lookups from earlier tests
    (the live server shares this process's memory cache) must not decide what this one sees."""
    cache.clear()


@pytest.fixture
def clock_at(time_machine):
    """Stop the clock at a moment in UK time for this test, for tests that name dates: clock_at("2026-11-25 10:00").

    List it before the fixtures that make data, so that they are made at that moment too.
    """

    def stop_at(moment):
        time_machine.move_to(
            datetime.datetime.fromisoformat(moment).replace(tzinfo=zoneinfo.ZoneInfo("Europe/London")), tick=False
        )

    return stop_at


@pytest.fixture
def on_25_november_2026(clock_at):
    """A Wednesday, three weeks and two days before Friday 18 December 2026."""
    clock_at("2026-11-25 10:00")


@pytest.fixture
def home(db):
    return ensure_home_page()


@pytest.fixture
def buyers_index(home):
    return OrganisationIndexPage.objects.child_of(home).first() or OrganisationIndexPageFactory(parent=home)


@pytest.fixture
def organisation(buyers_index):
    return OrganisationPageFactory(parent=buyers_index, title="Northshire Borough Council")


@pytest.fixture
def other_organisation(buyers_index):
    return OrganisationPageFactory(parent=buyers_index, title="Westmoor County Council")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def buyer_of(db):
    """Make a user in an organisation's buyers group: buyer_of(organisation)."""

    def make(organisation, **fields):
        user = UserFactory(**fields)
        user.groups.add(organisation.buyers_group)
        return user

    return make


@pytest.fixture
def buyer(buyer_of, organisation):
    """A buyer of the Northshire organisation (`organisation`), signed in by tests with force_login."""
    return buyer_of(organisation, username="buyer-a")


@pytest.fixture
def other_buyer(buyer_of, other_organisation):
    return buyer_of(other_organisation, username="buyer-b")
