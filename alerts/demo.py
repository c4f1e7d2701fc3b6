"""Demo alert subscriptions (example.org addresses, already confirmed). Idempotent and offline."""

from django.db import transaction

from portal import clock

from .criteria import Frequency
from .forms import CONSENT_TEXT, EVENTS_CONSENT_TEXT
from .models import Subscription

# Each one a finder search (the finder's parameters), as an alert made from the finder stores it.
DEMO_SUBSCRIPTIONS = [
    {
        "email": "it-coop@example.org",
        "search": {"q": "website or software", "cpv": ["72", "48"], "location": ["northshire"], "vcse": "1"},
        "frequency": Frequency.IMMEDIATE,
        "wants_events": True,
    },
    {
        "email": "catering@example.org",
        "search": {
            "q": "school meals or catering",
            "cpv": ["55", "15"],
            "location": ["northshire", "westmoor"],
            "sme": "1",
            "value": ["under-25k", "25k-100k", "100k-500k"],
        },
        "frequency": Frequency.DAILY,
        "wants_events": True,
    },
    {
        "email": "grounds@example.org",
        "search": {"q": "grass cutting or grounds maintenance", "cpv": ["77"], "location": ["tld"], "sme": "1"},
        "frequency": Frequency.WEEKLY,
        "wants_events": False,
    },
    {
        "email": "social-care@example.org",
        "search": {"cpv": ["85"], "location": ["riverside"], "vcse": "1"},
        "frequency": Frequency.DAILY,
        "wants_events": True,
    },
]


@transaction.atomic
def seed(progress=print):
    for fields in DEMO_SUBSCRIPTIONS:
        fields = dict(fields)
        consent = CONSENT_TEXT + (" " + EVENTS_CONSENT_TEXT if fields["wants_events"] else "")
        Subscription.objects.update_or_create(
            email=fields.pop("email"),
            defaults={**fields, "consent_text": consent, "paused": False},
            create_defaults={**fields, "consent_text": consent, "confirmed_at": clock.now()},
        )
    progress(f"  {len(DEMO_SUBSCRIPTIONS)} demo alert subscriptions (example.org addresses)")
