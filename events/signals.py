"""What happens when a buyer publishes an event."""

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published

from events.models import EventPage
from events.registration import promote_waiting_list


@receiver(page_published, sender=EventPage)
def fill_new_places(sender, instance, **kwargs):
    promote_waiting_list(instance)


@receiver(page_published, sender=EventPage)
def announce_to_alert_subscribers(sender, instance, **kwargs):
    """Queue the announcement after commit; the ledger makes republishing send nothing twice."""
    from events.tasks import announce_event

    transaction.on_commit(lambda: announce_event.enqueue(instance.pk), robust=True)
