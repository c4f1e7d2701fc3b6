"""Emails to people who register: confirmation (with the .ics), promotion, reminder, buyer messages.

Each email has a plain-text body and an HTML alternative rendered from the same context, and names
the one link that lets the reader see or cancel their registration.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from events import calendar, links

logger = logging.getLogger(__name__)


def context_for(registration, **extra):
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": calendar.absolute(event.url) if event.url else "",
        "registration_url": calendar.absolute(links.registration_path(registration)),
        "cancel_url": calendar.absolute(links.cancel_path(registration)),
        "joining_url": event.joining_url if event.is_online else "",
        **extra,
    }


def build(template, subject, registration, *, attach_invitation=False, **extra):
    context = context_for(registration, **extra)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"events/emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[registration.event.organiser.contact_email] if registration.event.organiser.contact_email else None,
    )
    message.attach_alternative(render_to_string(f"events/emails/{template}.html", context), "text/html")
    if attach_invitation:
        message.attach("event.ics", calendar.invitation(registration), "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def send(message, registration, kind):
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the %s email for registration %s", kind, registration.pk)
        raise


def send_confirmation(registration, *, reminder_of_existing=False):
    """Tell the person they have a place (with the calendar invitation) or are on the waiting list."""
    confirmed = registration.status == registration.Status.CONFIRMED
    subject = (
        f"Your place at {registration.event.title}"
        if confirmed
        else f"You are on the waiting list for {registration.event.title}"
    )
    message = build(
        "confirmation",
        subject,
        registration,
        attach_invitation=confirmed,
        reminder_of_existing=reminder_of_existing,
    )
    send(message, registration, "confirmation")


def send_promotion(registration):
    """A place came free: tell the next person on the waiting list, with the invitation."""
    message = build(
        "promotion", f"A place is free for you at {registration.event.title}", registration, attach_invitation=True
    )
    send(message, registration, "promotion")


def send_reminder(registration):
    message = build(
        "reminder", f"Reminder: {registration.event.title} is coming up", registration, attach_invitation=True
    )
    send(message, registration, "reminder")


def send_buyer_message(registration, subject, body, sender_name):
    message = build("buyer_message", subject, registration, body=body, sender_name=sender_name)
    send(message, registration, "buyer message")
