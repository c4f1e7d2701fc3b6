"""Taking and giving up places: capacity is enforced here, and nowhere else.

Every change to an event's registrations locks the event's row first (SELECT ... FOR UPDATE on
PostgreSQL), so two people can never take the last place, and a cancellation and a new registration
cannot both fill the same freed place. Emails are queued as background tasks after the transaction
commits, so nobody is told about a place that was rolled back and a slow mail server never holds a lock.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from events import tasks
from events.models import EventPage, Registration
from portal import clock

logger = logging.getLogger(__name__)


class RegistrationRefused(Exception):
    """Registration is not possible for this event now; the message says why in plain English."""


REFUSAL_MESSAGES = {
    "past": "This event has already taken place, so you cannot register for it.",
    "closed": "Registration for this event has closed.",
    "not_yet_open": "Registration for this event has not opened yet.",
}


@dataclass(frozen=True)
class Outcome:
    """What happened to a registration attempt."""

    registration: Registration
    # "created": a new place or waiting list entry; "repeat": the same form was sent twice;
    # "already_registered": someone with this email already has a place (the confirmation is re-sent).
    result: str


def lock_event(event_id):
    """The event row, locked until the surrounding transaction ends."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def register(event, *, submission_key, partner=None, now=None, **details):
    """Give the person a confirmed place while places remain, otherwise a place on the waiting list.

    Idempotent on `submission_key` (one per form shown), so a resubmitted form returns the first result.
    """
    with transaction.atomic():
        event = lock_event(event.pk)
        # Read the clock after the lock, so the waiting list's order is the order places were decided.
        now = now or clock.now()
        earlier = Registration.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            return Outcome(earlier, "repeat")
        state = event.registration_state(now)
        if state != "open":
            raise RegistrationRefused(REFUSAL_MESSAGES[state])
        existing = live_registration_for(event, details["email"])
        if existing is not None:
            tasks.email_after_commit(existing, "repeat")
            return Outcome(existing, "already_registered")
        status = (
            Registration.Status.CONFIRMED
            if event.confirmed_count() < event.capacity
            else Registration.Status.WAITLISTED
        )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    submission_key=submission_key,
                    partner=partner,
                    status=status,
                    consented_at=now,
                    created_at=now,
                    **details,
                )
        except IntegrityError:
            # Only reachable if the row lock was bypassed (SQLite has none); the constraint still holds.
            existing = live_registration_for(event, details["email"])
            if existing is None:
                raise
            return Outcome(existing, "already_registered")
        tasks.email_after_commit(registration, "confirmation")
    return Outcome(registration, "created")


def live_registration_for(event, email):
    return event.registrations.exclude(status=Registration.Status.CANCELLED).filter(email__iexact=email.strip()).first()


def cancel(registration, *, now=None):
    """Cancel a place, then give any freed places to the waiting list in the order people joined it.

    Cancelling twice does nothing the second time. Returns the registrations that were promoted.
    """
    now = now or clock.now()
    with transaction.atomic():
        lock_event(registration.event_id)
        registration = Registration.objects.select_related("event").get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return []
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = fill_places(registration.event)
    return promoted


def fill_places(event):
    """Promote people from the waiting list while places remain. Call with the event row locked."""
    if event.start <= clock.now():
        return []
    free = event.capacity - event.confirmed_count()
    if free <= 0:
        return []
    promoted = list(
        event.registrations.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "id")[:free]
    )
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        logger.info("Registration %s promoted from the waiting list for event %s", registration.pk, event.pk)
        tasks.email_after_commit(registration, "promotion")
    return promoted


def promote_waiting_list(event):
    """Fill places added after the event filled up (for example when a buyer raises the capacity)."""
    with transaction.atomic():
        return fill_places(lock_event(event.pk))
