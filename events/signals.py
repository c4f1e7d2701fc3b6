"""When a buyer publishes an event with more places, the waiting list moves up straight away."""

from django.dispatch import receiver

from wagtail.signals import page_published

from events.models import EventPage
from events.registration import promote_waiting_list


@receiver(page_published, sender=EventPage)
def fill_new_places(sender, instance, **kwargs):
    promote_waiting_list(instance)
