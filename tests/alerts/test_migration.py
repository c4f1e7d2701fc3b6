"""Saved alerts survive the move to finder searches: each old profile becomes the closest finder search."""

import json
from decimal import Decimal

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("alerts", "0002_subscription_submission_key")]
AFTER = [("alerts", "0004_remove_old_profile_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_profiles_become_finder_searches_keeping_every_choice():
    old = migrate(BEFORE)
    try:
        Location = old.get_model("portal", "Location")
        Subscription = old.get_model("alerts", "Subscription")
        region = Location.objects.create(name="North West", slug="tld", kind="region")
        Location.objects.create(name="Preston", slug="preston", region=region)
        lancaster = Location.objects.create(name="Lancaster", slug="lancaster", region=region)
        everything = Subscription.objects.create(
            email="a@example.org",
            keywords="school meals, catering services, of",
            cpv_prefixes=["72", "4533"],
            supplier_types=["small", "micro"],
            max_lot_value=Decimal("40000"),
            consent_text="I agree.",
        )
        everything.locations.set([region])
        either_kind = Subscription.objects.create(
            email="b@example.org", supplier_types=["small", "charity"], consent_text="I agree."
        )
        either_kind.locations.set([lancaster])
        migrate(AFTER)
        searches = dict(fetch_all("SELECT email, CAST(search AS text) FROM alerts_subscription ORDER BY email"))
    finally:
        migrate(latest())

    assert json.loads(searches["a@example.org"]) == {
        "q": "school meals or catering",  # "services" and "of" were ignored words, and still are not asked for
        "cpv": ["72", "45"],
        "location": ["lancaster", "preston", "tld"],  # a region with its areas, as the old matcher read it
        "sme": "1",
        "value": ["under-25k", "25k-100k"],
    }
    assert json.loads(searches["b@example.org"]) == {"location": ["lancaster", "tld"]}


def fetch_all(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
