"""Signal handlers for the shared app."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import OrganisationPage
from .organisations import ensure_buyer_access


@receiver(post_save, sender=OrganisationPage)
def set_up_buyers_for_new_organisation(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        ensure_buyer_access(instance)
