"""Deleting registrants' personal data a set time after each event, keeping the counts.

EVENT_DATA_RETENTION_DAYS (default 90) says how long after an event ends its registrations keep
names, emails and access needs. After that they are anonymised: the row stays, so the numbers
(registered, attended, by partner, business size and type) still add up.
"""

import datetime
import logging

from django.conf import settings

from events.models import Registration
from portal import clock

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 90


def retention_days():
    return int(getattr(settings, "EVENT_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def expired_registrations(now=None):
    now = now or clock.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    return Registration.objects.filter(event__end__lt=cutoff, anonymised_at__isnull=True)


def anonymise_expired_registrations(now=None, progress=None):
    """Blank the personal fields of every expired registration; returns how many were anonymised."""
    now = now or clock.now()
    ids = list(expired_registrations(now).values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        total += Registration.objects.filter(pk__in=batch, anonymised_at__isnull=True).update(
            name="",
            business_name="",
            email="",
            sector="",
            postcode="",
            access_needs="",
            anonymised_at=now,
        )
        if progress:
            progress(f"  {min(start + 500, len(ids))}/{len(ids)} registrations anonymised")
    logger.info("Anonymised %s event registrations older than %s days", total, retention_days())
    return total
