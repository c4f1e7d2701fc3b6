"""Fixtures for the alerts tests: reference data, a live opportunity with lots, and subscription helpers."""

import datetime
from decimal import Decimal

import pytest

from django.utils import timezone

from alerts.models import Subscription
from opportunities.factories import LotFactory, OpportunityPageFactory
from portal.models import CPVCode, Location


@pytest.fixture
def cpv(db):
    def code(digits, label=""):
        return CPVCode.objects.get_or_create(code=digits, defaults={"label": label or f"Code {digits}"})[0]

    return code


@pytest.fixture
def places(db):
    north_west = Location.objects.create(name="North West", slug="tld", kind=Location.Kind.REGION, itl_code="TLD")
    preston = Location.objects.create(name="Preston", slug="preston", region=north_west, postcode_districts="PR1, PR2")
    lancaster = Location.objects.create(name="Lancaster", slug="lancaster", region=north_west)
    london = Location.objects.create(name="London", slug="tli", kind=Location.Kind.REGION, itl_code="TLI")
    return {"north_west": north_west, "preston": preston, "lancaster": lancaster, "london": london}


@pytest.fixture
def make_subscription(db):
    """A confirmed subscription: make_subscription(email, search={finder parameters}, **fields)."""

    def make(email="supplier@example.org", confirmed=True, **fields):
        fields.setdefault("consent_text", "I agree.")
        return Subscription.objects.create(email=email, confirmed_at=timezone.now() if confirmed else None, **fields)

    return make


@pytest.fixture
def publish_opportunity(organisation, cpv, places, django_capture_on_commit_callbacks):
    """Create and publish an open opportunity with lots; runs the alert tasks as a commit would."""

    def publish(lots, **fields):
        fields.setdefault("submission_deadline", timezone.now() + datetime.timedelta(days=21))
        opportunity = OpportunityPageFactory(parent=organisation, **fields)
        for lot_fields in lots:
            lot_fields = dict(lot_fields)
            codes = lot_fields.pop("cpv_codes", [])
            locations = lot_fields.pop("locations", [])
            lot = LotFactory(opportunity=opportunity, **lot_fields)
            lot.cpv_codes.set([cpv(c) for c in codes])
            lot.locations.set(locations)
            lot.save()  # ParentalManyToManyField keeps set() in memory until the lot is saved
        with django_capture_on_commit_callbacks(execute=True):
            opportunity.save_revision().publish()
        return opportunity

    return publish


def it_lot(places, **fields):
    return {
        "title": "Website maintenance",
        "description": "Keep our website secure and up to date.",
        "value_min": Decimal("40000"),
        "value_max": Decimal("40000"),
        "cpv_codes": ["72200000"],
        "locations": [places["preston"]],
        "suitable_for_sme": True,
        **fields,
    }
