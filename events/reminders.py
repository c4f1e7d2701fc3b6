"""The reminder each confirmed attendee gets the day before their event, sent once and only once."""

import datetime
import logging

from django.utils import timezone

from events import emails
from events.models import Registration
from portal import clock

logger = logging.getLogger(__name__)


def due_reminders(now=None):
    """Confirmed registrations for events starting later today or tomorrow (UK dates) with no reminder yet."""
    now = now or clock.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            anonymised_at__isnull=True,
            event__start__gt=now,
            event__start__date__lte=tomorrow,
            event__live=True,
        )
        .select_related("event", "event__organiser")
        .order_by("event__start", "id")
    )


def send_due_reminders(now=None, progress=None):
    """Send every due reminder; returns how many went. Safe to run as often as you like."""
    now = now or clock.now()
    sent = 0
    due = list(due_reminders(now))
    for position, registration in enumerate(due, start=1):
        # Claim the reminder before sending, so two overlapping runs cannot both send it.
        claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue
        try:
            emails.send_reminder(registration)
        except Exception:
            # Release the claim so the next run tries again; the error is already logged.
            Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
            continue
        sent += 1
        if progress and (position % 50 == 0 or position == len(due)):
            progress(f"  {position}/{len(due)} reminders processed")
    logger.info("Sent %s event reminders", sent)
    return sent
