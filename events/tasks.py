"""Background tasks (django-tasks). Each wraps a function the tests call directly."""

from django_tasks import task

from events import emails, reminders, retention
from events.models import Registration


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
