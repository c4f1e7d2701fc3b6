"""Demo alert subscriptions (example.org addresses, already confirmed). Idempotent and offline."""

from decimal import Decimal

from django.db import transaction

from portal import clock
from portal.models import Location

from .criteria import Frequency, SupplierType
from .forms import CONSENT_TEXT, EVENTS_CONSENT_TEXT
from .models import Subscription

DEMO_SUBSCRIPTIONS = [
    {
        "email": "it-coop@example.org",
        "keywords": "website, software",
        "cpv_prefixes": ["72", "48"],
        "places": ["northshire"],
        "supplier_types": [SupplierType.COOP],
        "max_lot_value": Decimal("100000"),
        "frequency": Frequency.IMMEDIATE,
        "wants_events": True,
    },
    {
        "email": "catering@example.org",
        "keywords": "school meals, catering",
        "cpv_prefixes": ["55", "15"],
        "places": ["northshire", "westmoor"],
        "supplier_types": [SupplierType.SMALL],
        "max_lot_value": Decimal("250000"),
        "frequency": Frequency.DAILY,
        "wants_events": True,
    },
    {
        "email": "grounds@example.org",
        "keywords": "grass cutting, grounds maintenance",
        "cpv_prefixes": ["77"],
        "places": ["tld"],
        "supplier_types": [SupplierType.MICRO],
        "max_lot_value": Decimal("50000"),
        "frequency": Frequency.WEEKLY,
        "wants_events": False,
    },
    {
        "email": "social-care@example.org",
        "keywords": "",
        "cpv_prefixes": ["85"],
        "places": ["riverside"],
        "supplier_types": [SupplierType.CHARITY, SupplierType.SOCIAL_ENTERPRISE],
        "max_lot_value": None,
        "frequency": Frequency.DAILY,
        "wants_events": True,
    },
]


@transaction.atomic
def seed(progress=print):
    for fields in DEMO_SUBSCRIPTIONS:
        fields = dict(fields)
        places = Location.objects.filter(slug__in=fields.pop("places"))
        consent = CONSENT_TEXT + (" " + EVENTS_CONSENT_TEXT if fields["wants_events"] else "")
        subscription, created = Subscription.objects.update_or_create(
            email=fields.pop("email"),
            defaults={**fields, "consent_text": consent, "paused": False},
            create_defaults={**fields, "consent_text": consent, "confirmed_at": clock.now()},
        )
        subscription.locations.set(places)
    progress(f"  {len(DEMO_SUBSCRIPTIONS)} demo alert subscriptions (example.org addresses)")
