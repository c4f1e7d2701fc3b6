"""Background tasks (django-tasks). Each wraps a function the tests call directly."""

from django_tasks import task

from django.db import transaction

from events import announcements, emails, reminders, retention
from events.models import Registration


@task()
def send_registration_email(registration_id, kind):
    """Send a confirmation ("confirmation", "repeat") or promotion email outside the web request."""
    registration = Registration.objects.select_related("event", "event__organiser").get(pk=registration_id)
    if kind == "promotion":
        emails.send_promotion(registration)
    else:
        emails.send_confirmation(registration, reminder_of_existing=kind == "repeat")


def email_after_commit(registration, kind):
    """Queue the email once the transaction commits; a failure to queue is logged, never shown as an error."""
    transaction.on_commit(lambda: send_registration_email.enqueue(registration.pk, kind), robust=True)


@task()
def send_event_reminders():
    return reminders.send_due_reminders()


@task()
def anonymise_old_registrations():
    return retention.anonymise_expired_registrations()


@task()
def send_buyer_message(event_id, subject, body, sender_name):
    """Email a buyer's message to everyone with a confirmed place."""
    recipients = Registration.objects.filter(
        event_id=event_id, status=Registration.Status.CONFIRMED, anonymised_at__isnull=True
    ).select_related("event", "event__organiser")
    sent = 0
    for registration in recipients:
        emails.send_buyer_message(registration, subject, body, sender_name)
        sent += 1
    return sent


@task()
def announce_event(event_id):
    """Tell alert subscribers who asked to hear about events (see events.announcements)."""
    return announcements.announce_event(event_id)
