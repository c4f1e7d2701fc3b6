"""The demo subscriptions can be seeded again and again without duplicates."""

import pytest

from alerts import demo
from alerts.models import Subscription
from portal.models import Location

pytestmark = pytest.mark.django_db


def test_seeding_twice_gives_the_same_confirmed_demo_subscriptions():
    Location.objects.create(name="Northshire", slug="northshire")
    lines = []
    demo.seed(lines.append)
    demo.seed(lines.append)
    assert Subscription.objects.count() == len(demo.DEMO_SUBSCRIPTIONS)
    assert all(s.email.endswith("@example.org") and s.is_confirmed for s in Subscription.objects.all())
    assert Subscription.objects.get(email="it-coop@example.org").search["location"] == ["northshire"]
    assert lines[-1].strip().startswith("4 demo alert subscriptions")
